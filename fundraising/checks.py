"""``check --deploy`` warns when production still runs on an embedded default.

The defaults (SQLite, the file-system broker, a per-process cache, console email,
the Stripe emulator) make ``make run`` work with no servers; in production each
one would lose or hide something: a single-file database, tasks on one disk,
rate limits per process, receipts printed instead of sent, or payments sent to
an emulator."""

import os

from django.conf import settings
from django.core.checks import Warning, register

from donations.ratelimit import parse_rate

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
            ("W003", per_process_cache_problem(), "Set CACHE_URL=redis://... in production.")
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


def per_process_cache_problem() -> str:
    """What a local-memory cache does to the checkout rate limit, with gunicorn's
    worker count (WEB_CONCURRENCY, which gunicorn and the Procfile read) when set."""
    rate = settings.CHECKOUT_RATE_LIMIT
    problem = (
        "The cache is per process (local memory), so each web process counts the "
        f"checkout rate limit ({rate}) on its own: N gunicorn workers allow N times as many."
    )
    workers = os.environ.get("WEB_CONCURRENCY", "")
    if workers.isdecimal() and int(workers) > 1:
        limit, seconds = parse_rate(rate)
        problem += (
            f" With WEB_CONCURRENCY={int(workers)}, a client may start "
            f"{int(workers) * limit} checkouts per {seconds} seconds instead of {limit}."
        )
    return problem


@register(deploy=True)
def check_no_embedded_defaults(app_configs, **kwargs) -> list[Warning]:
    return [
        Warning(problem, hint=hint, id=f"fundraising.{check_id}")
        for check_id, problem, hint in embedded_defaults_in_use()
    ]
