"""``check --deploy`` warns when production still runs on an embedded default.

The defaults (SQLite, the file-system broker, a per-process cache, console email,
the Stripe emulator) make ``make run`` work with no servers; in production each
one would lose or hide something: a single-file database, tasks on one disk,
rate limits per process, receipts printed instead of sent, or payments sent to
an emulator."""

from django.conf import settings
from django.core.checks import Warning, register

EMBEDDED_BROKERS = ("filesystem://", "memory://")
PRINTING_EMAIL_BACKENDS = ("console.EmailBackend", "locmem.EmailBackend")


def embedded_defaults_in_use() -> list[tuple[str, str, str]]:
    """(check id, what is embedded, what to set instead) for each default still in use."""
    in_use = []
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        in_use.append(
            ("W001", "The database is SQLite.", "Set DATABASE_URL=postgres://... in production.")
        )
    if settings.CELERY_BROKER_URL.startswith(EMBEDDED_BROKERS):
        in_use.append(
            (
                "W002",
                f"Celery uses {settings.CELERY_BROKER_URL}.",
                "Set CELERY_BROKER_URL=redis://... in production.",
            )
        )
    if "locmem" in settings.CACHES["default"]["BACKEND"]:
        in_use.append(
            (
                "W003",
                "The cache (checkout rate limits) is per process.",
                "Set CACHE_URL=redis://... in production.",
            )
        )
    if settings.EMAIL_BACKEND.endswith(PRINTING_EMAIL_BACKENDS):
        in_use.append(
            (
                "W004",
                "Emails (receipts) are printed, not sent.",
                "Set EMAIL_URL=smtp+tls://... in production.",
            )
        )
    if settings.STRIPE_API_BASE:
        in_use.append(
            (
                "W005",
                f"Stripe calls go to {settings.STRIPE_API_BASE}.",
                "Unset STRIPE_API_BASE in production.",
            )
        )
    return in_use


@register(deploy=True)
def check_no_embedded_defaults(app_configs, **kwargs) -> list[Warning]:
    return [
        Warning(problem, hint=hint, id=f"fundraising.{check_id}")
        for check_id, problem, hint in embedded_defaults_in_use()
    ]
