"""Production settings: refuse to start without secrets, pass ``check --deploy``,
and switch database and broker from the environment.

Each case imports the settings in a fresh interpreter with a clean environment,
because the settings are read once per process. (The settings also read a .env
file beside manage.py, but only for variables the environment does not set.)
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "SOLIDARITY_ENV": "production",
    "SECRET_KEY": "test-only-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH",
    "ALLOWED_HOSTS": "gava.example.org",
    "STRIPE_SECRET_KEY": "sk_live_test_only",
    "STRIPE_PUBLISHABLE_KEY": "pk_live_test_only",
    "STRIPE_WEBHOOK_SECRET": "whsec_test_only",
}


def run(args: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "fundraising.settings",
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=clean | environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settings_values(environment: dict[str, str], expression: str):
    """Evaluate ``expression`` over the settings module under ``environment``."""
    code = f"import json, fundraising.settings as s; print(json.dumps({expression}))"
    result = run(["-c", code], environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    "missing",
    [
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "STRIPE_SECRET_KEY",
        "STRIPE_PUBLISHABLE_KEY",
        "STRIPE_WEBHOOK_SECRET",
    ],
)
def test_production_refuses_to_start_without(missing):
    # Blank rather than absent, so that a developer's .env cannot fill it in.
    environment = PRODUCTION | {missing: ""}

    result = run(["-c", "import fundraising.settings"], environment)

    assert result.returncode != 0
    assert f"django.core.exceptions.ImproperlyConfigured: {missing} must be set" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("STRIPE_SECRET_KEY", "sk_live_test_only"),
        ("STRIPE_SECRET_KEY", "rk_live_test_only"),
        ("ALLOWED_HOSTS", "gava.example.org"),
        ("ALLOWED_HOSTS", "localhost,gava.example.org"),
        ("ALLOWED_HOSTS", "*"),
    ],
)
@pytest.mark.parametrize("solidarity_env", [None, "development", "staging"])
def test_production_values_refuse_to_start_outside_production(variable, value, solidarity_env):
    """Not failing open: DEBUG and the committed development key must never serve
    live payments or a public host."""
    environment = {variable: value}
    if solidarity_env:
        environment["SOLIDARITY_ENV"] = solidarity_env

    result = run(["-c", "import fundraising.settings"], environment)

    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert variable in result.stderr
    assert "Set SOLIDARITY_ENV=production" in result.stderr


@pytest.mark.parametrize(
    "environment",
    [
        {},
        {"ALLOWED_HOSTS": "127.0.0.1,localhost,testserver,[::1]"},
        {"STRIPE_SECRET_KEY": "sk_test_x", "STRIPE_WEBHOOK_SECRET": "whsec_x"},
        {"STRIPE_SECRET_KEY": "rk_test_x", "STRIPE_WEBHOOK_SECRET": "whsec_x"},
    ],
)
def test_development_starts_with_local_hosts_and_test_keys(environment):
    assert settings_values(environment, "[s.DEBUG, s.PRODUCTION]") == [True, False]


PRODUCTION_SERVICES = {
    "DATABASE_URL": "postgres://solidarity@db.example.org:5432/solidarity",
    "CELERY_BROKER_URL": "redis://redis.example.org:6379/0",
    "CACHE_URL": "redis://redis.example.org:6379/1",
    "EMAIL_URL": "smtp+tls://mail.example.org:587",
}
DEPLOY_CHECK = ["manage.py", "check", "--deploy", "--fail-level", "WARNING"]


def test_production_settings_pass_the_deployment_checks():
    result = run(DEPLOY_CHECK, PRODUCTION | PRODUCTION_SERVICES)

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_deployment_checks_name_every_embedded_default_left_in_production():
    environment = PRODUCTION | {"STRIPE_API_BASE": "http://127.0.0.1:12111"}

    result = run(DEPLOY_CHECK, environment)

    assert result.returncode != 0
    for check_id in ("W001", "W002", "W003", "W004", "W005"):
        assert f"fundraising.{check_id}" in result.stderr
    assert "Set DATABASE_URL=postgres://... in production." in result.stderr


def test_the_cache_warning_says_each_web_process_counts_the_rate_limit_on_its_own():
    services = PRODUCTION | PRODUCTION_SERVICES
    del services["CACHE_URL"]

    generic = run(DEPLOY_CHECK, services).stderr
    two_workers = run(DEPLOY_CHECK, services | {"WEB_CONCURRENCY": "2"}).stderr

    for stderr in (generic, two_workers):
        assert "fundraising.W003" in stderr
        assert "each web process counts the checkout rate limit (10/m) on its own" in stderr
    assert "WEB_CONCURRENCY" not in generic
    assert "With WEB_CONCURRENCY=2, a client may start 20 checkouts per 60 seconds" in two_workers


def test_production_settings_are_locked_down():
    values = settings_values(
        PRODUCTION,
        "[s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS >= 31536000, s.STRIPE_USES_EMULATOR]",
    )

    assert values == [False, True, True, True, True, False]


@pytest.mark.parametrize(
    ("hops", "header"), [("0", None), ("1", ["HTTP_X_FORWARDED_PROTO", "https"])]
)
def test_x_forwarded_proto_is_believed_only_behind_a_proxy(hops, header):
    values = settings_values(PRODUCTION | {"TRUSTED_PROXY_HOPS": hops}, "s.SECURE_PROXY_SSL_HEADER")

    assert values == header


def test_database_url_switches_to_postgresql():
    environment = PRODUCTION | {
        "DATABASE_URL": "postgres://solidarity:hemligt@db.example.org:5432/solidarity"
    }

    database = settings_values(environment, "s.DATABASES['default']")

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == (
        "db.example.org",
        5432,
        "solidarity",
    )
    assert database["CONN_HEALTH_CHECKS"] is True


def test_celery_broker_url_switches_the_broker():
    environment = PRODUCTION | {"CELERY_BROKER_URL": "redis://redis.example.org:6379/0"}
    code = (
        "import json; from fundraising.celery import app; from django.conf import settings; "
        "print(json.dumps([app.conf.broker_url, settings.CELERY_BROKER_TRANSPORT_OPTIONS]))"
    )

    result = run(["-c", code], environment)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "redis://redis.example.org:6379/0",
        {"visibility_timeout": 900},
    ]
