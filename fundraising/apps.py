from django.apps import AppConfig


class FundraisingConfig(AppConfig):
    name = "fundraising"
    verbose_name = "Solidarity"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deploy checks)
