from django.apps import AppConfig


class FundraisingConfig(AppConfig):
    name = "fundraising"
    verbose_name = "Solidarity"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deploy checks)
        from .request_log import log_permission_denied_in_one_line

        log_permission_denied_in_one_line()
