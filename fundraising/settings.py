"""Settings, read from the environment (see .env.example).

With no environment at all the platform runs on embedded defaults that need no
server: SQLite, console email, a file-system Celery broker and the local Stripe
emulator. ``SOLIDARITY_ENV=production`` switches on the production checks: the
process refuses to start without a secret key, allowed hosts and Stripe keys.
Outside production it refuses to start with a live Stripe key or a public host,
which would otherwise run with DEBUG and the committed development secret key.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from fundraising.beat import BEAT_SCHEDULE
from fundraising.bookkeeping import BAS_ACCOUNTS
from fundraising.request_log import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SOLIDARITY_ENV = env.str("SOLIDARITY_ENV", default="development")
PRODUCTION = SOLIDARITY_ENV == "production"

EMULATOR_SECRET_KEY = "sk_test_emulator"
EMULATOR_WEBHOOK_SECRET = "whsec_emulator_local_development_secret"
INSECURE_DEVELOPMENT_KEY = "django-insecure-development-key-do-not-use-in-production"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "testserver", "[::1]"}
LIVE_STRIPE_KEY_PREFIXES = ("sk_live_", "rk_live_")


def require(name: str, value: str | list[str]) -> None:
    """Refuse to start in production without a setting that has no safe default."""
    if PRODUCTION and not value:
        raise ImproperlyConfigured(f"{name} must be set when SOLIDARITY_ENV=production.")


def refuse_outside_production(problem: str) -> None:
    """Refuse to start, rather than fail open, when a value meant for production
    meets development defaults (DEBUG, the committed secret key)."""
    if not PRODUCTION:
        raise ImproperlyConfigured(
            f"{problem}, but SOLIDARITY_ENV is {SOLIDARITY_ENV!r}. Set SOLIDARITY_ENV=production "
            "(with SECRET_KEY, ALLOWED_HOSTS and the three Stripe keys) to run in production; "
            "for development use only local hosts and Stripe test keys (sk_test_...)."
        )


SECRET_KEY = env.str("SECRET_KEY", default="" if PRODUCTION else INSECURE_DEVELOPMENT_KEY)
require("SECRET_KEY", SECRET_KEY)
DEBUG = env.bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
require("ALLOWED_HOSTS", ALLOWED_HOSTS)
if public_hosts := sorted(set(ALLOWED_HOSTS) - LOCAL_HOSTS):
    refuse_outside_production(f"ALLOWED_HOSTS names hosts that are not local ({public_hosts})")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
    "rules.apps.AutodiscoverRulesConfig",
    "fundraising",
    "accounts",
    "campaigns",
    "donations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "fundraising.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "fundraising.legacy_paths.LegacyEnglishPathMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.TwoFactorEnrolmentMiddleware",
]

ROOT_URLCONF = "fundraising.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fundraising.context_processors.organisation",
                "fundraising.context_processors.language_switch",
                "fundraising.context_processors.page_addresses",
            ],
        },
    },
]

WSGI_APPLICATION = "fundraising.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process, the worker and beat share the file without
    # "database is locked" errors; IMMEDIATE makes writers queue up instead of
    # failing when they upgrade a read lock.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # SQLite ignores a covering index's extra columns (the dashboards' plan index);
    # PostgreSQL, the production database, uses them.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://solidarity")}
# How long a rendered public page is served from the cache to anonymous visitors, so how
# far its totals and donor wall may lag the ledger (fundraising.page_cache); 0 turns it off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=5)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # Object-level permissions (campaigns/rules.py, donations/rules.py).
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# --- Internationalisation: Swedish by default, English under /en/ ----------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
# English dates read "25 Nov 2026" rather than Django's American "Nov. 25, 2026".
FORMAT_MODULE_PATH = ["fundraising.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
# Uploaded files (hero images) are served by Django itself only when this is on (the
# default with DEBUG, i.e. `make run`); in production a web server or object storage
# serves MEDIA_ROOT / MEDIA_URL (README, "Images").
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)
# Prepared XLSX exports (donations.private_storage): never served by the web server,
# only through a view that checks who asks.
PRIVATE_EXPORTS_ROOT = env.path("PRIVATE_EXPORTS_ROOT", default=str(VAR_DIR / "exports"))
# Hero images (campaigns.images): the largest upload, the most pixels decoded (a
# decompression bomb is refused from its header) and the smallest picture accepted.
HERO_IMAGE_MAX_BYTES = env.int("HERO_IMAGE_MAX_BYTES", default=10 * 1024 * 1024)
HERO_IMAGE_MAX_PIXELS = env.int("HERO_IMAGE_MAX_PIXELS", default=50_000_000)
HERO_IMAGE_MIN_WIDTH = env.int("HERO_IMAGE_MIN_WIDTH", default=960)
HERO_IMAGE_MIN_HEIGHT = env.int("HERO_IMAGE_MIN_HEIGHT", default=540)

# --- Accounts (django-allauth) ----------------------------------------------
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Donors sign in with a one-time code sent to their email (donations.donor_area); a
# donor without an account gets one on their first code (DonorLoginCodeForm). Codes
# are requested at most 3 times in 10 minutes per address and 20 a minute per IP.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_FORMS = {"request_login_code": "donations.donor_area.forms.DonorLoginCodeForm"}
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "request_login_code": "20/m/ip,3/10m/key",
}
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Two-factor authentication: anyone may enrol; staff must before they see any
# page (accounts.two_factor.must_use_two_factor, enforced by the middleware).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email ------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Solidaritetsfonden <gava@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -----------------------------------------------------------------
# The embedded default is kombu's file-system transport: a real worker and beat
# run with no broker server. Production sets CELERY_BROKER_URL=redis://... or amqp://...
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
if CELERY_BROKER_URL.startswith("filesystem"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(VAR_DIR / "celery" / "queue"),
        "data_folder_out": str(VAR_DIR / "celery" / "queue"),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith("redis"):  # redis://, rediss://
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Redis hands a message a worker took but never acknowledged (the worker was
        # killed) to another worker after this long. Nothing waits for that: beat's
        # sweeps below find lost work within a minute or two. It must exceed the
        # longest retry countdown (5 minutes, donations.tasks.STRIPE_RETRY) plus a
        # task's run time, or a message a live worker still holds runs twice.
        "visibility_timeout": 15 * 60,
    }
# A broker queue named per deployment (or per test run) on a shared Redis.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
# A task is acknowledged when it ends, so a worker that dies mid-task leaves its message
# to be delivered again; every task is idempotent, so running twice is harmless.
CELERY_TASK_ACKS_LATE = True
# ...but a task whose process was killed (out of memory, say) is not handed straight to
# the next process, which it could kill too: the sweeps retry it at their own pace.
CELERY_TASK_REJECT_ON_WORKER_LOST = False
# A task running when the broker connection drops finishes (its message may run again
# later, harmlessly) rather than being cut off between claiming an email and sending it.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
# A worker started while the broker is down waits for it instead of exiting.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE

# --- Stripe -----------------------------------------------------------------
# With no STRIPE_SECRET_KEY the product talks to the local emulator
# (python -m stripe_emulator) through the real SDK; only the API base differs.
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
if STRIPE_SECRET_KEY.startswith(LIVE_STRIPE_KEY_PREFIXES):
    refuse_outside_production("STRIPE_SECRET_KEY is a live key")
for _name in ("STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET"):
    require(_name, vars()[_name])
STRIPE_USES_EMULATOR = not STRIPE_SECRET_KEY
STRIPE_EMULATOR_URL = env.str("STRIPE_EMULATOR_URL", default="http://127.0.0.1:12111")
if STRIPE_USES_EMULATOR:
    STRIPE_SECRET_KEY = EMULATOR_SECRET_KEY
    STRIPE_PUBLISHABLE_KEY = STRIPE_PUBLISHABLE_KEY or "pk_test_emulator"
    STRIPE_WEBHOOK_SECRET = STRIPE_WEBHOOK_SECRET or EMULATOR_WEBHOOK_SECRET
STRIPE_API_BASE = env.str(
    "STRIPE_API_BASE", default=STRIPE_EMULATOR_URL if STRIPE_USES_EMULATOR else ""
)
STRIPE_WEBHOOK_TOLERANCE_SECONDS = 300

# --- Giving -----------------------------------------------------------------
# Seeders seed_demo runs after the campaigns (dotted paths, so campaigns never imports the
# apps that depend on it); each returns a line for the summary.
DEMO_DATA_SEEDERS = ["donations.demo_gifts.seed_year_of_gifts"]

DEFAULT_CURRENCY = "SEK"
CURRENCIES = ["SEK", "EUR"]
GIFT_MINIMUM_MINOR = env.dict(
    "GIFT_MINIMUM_MINOR", cast={"value": int}, default={"SEK": 5000, "EUR": 500}
)
GIFT_MAXIMUM_MINOR = env.dict(
    "GIFT_MAXIMUM_MINOR", cast={"value": int}, default={"SEK": 10_000_000, "EUR": 1_000_000}
)
# "Cover the fees": what Stripe would take from a card payment, per currency, as a
# percentage in basis points (150 = 1.5 %) plus a fixed part in minor units. The
# defaults are Stripe's standard price for European cards on a Swedish account
# (1.5 % + 1.80 kr; 1.5 % + €0.25). A donor who ticks the box pays the amount grossed
# up so that, after this fee, the organisation receives the gift they chose.
STRIPE_FEE_PERCENT_BASIS_POINTS = env.dict(
    "STRIPE_FEE_PERCENT_BASIS_POINTS", cast={"value": int}, default={"SEK": 150, "EUR": 150}
)
STRIPE_FEE_FIXED_MINOR = env.dict(
    "STRIPE_FEE_FIXED_MINOR", cast={"value": int}, default={"SEK": 180, "EUR": 25}
)
CHECKOUT_RATE_LIMIT = env.str("CHECKOUT_RATE_LIMIT", default="10/m")

# Finance staff are emailed here when a dispute (chargeback) opens; empty sends nothing.
FINANCE_EMAIL = env.str("FINANCE_EMAIL", default="")
ORGANISATION_NAME = env.str("ORGANISATION_NAME", default="Solidaritetscentret")
ORGANISATION_NUMBER = env.str("ORGANISATION_NUMBER", default="802000-0000")
ORGANISATION_ADDRESS = env.str("ORGANISATION_ADDRESS", default="Box 1, 101 01 Stockholm")
ORGANISATION_EMAIL = env.str("ORGANISATION_EMAIL", default="gava@localhost")
# An approved gift recipient (godkänd gåvomottagare) offers the tax reduction for gifts:
# the giving form asks for a personnummer, KU65 can be exported and yearly statements mark
# the gifts that count toward it. Without it nothing about the tax reduction is shown.
APPROVED_GIFT_RECIPIENT = env.bool("APPROVED_GIFT_RECIPIENT", default=False)
# Who Skatteverket may ask about the KU65 file (Kontaktperson / TekniskKontaktperson).
FINANCE_CONTACT_NAME = env.str("FINANCE_CONTACT_NAME", default="Ekonomi")
FINANCE_CONTACT_PHONE = env.str("FINANCE_CONTACT_PHONE", default="+4686000000")
FINANCE_CONTACT_EMAIL = env.str("FINANCE_CONTACT_EMAIL", default=ORGANISATION_EMAIL)

# The SIE 4 export's chart of accounts (fundraising/bookkeeping.py, README "Finance exports").
SIE_ACCOUNTS = BAS_ACCOUNTS
SIE_CHART_TYPE = env.str("SIE_CHART_TYPE", default="BAS2014")
SIE_VOUCHER_SERIES = env.str("SIE_VOUCHER_SERIES", default="S")
FINANCIAL_YEAR_START_MONTH = env.int("FINANCIAL_YEAR_START_MONTH", default=1)

# --- Security (production) --------------------------------------------------
# How many reverse proxies in front of the site append to X-Forwarded-For
# (1 behind a single nginx or load balancer). The checkout rate limit counts
# the address the outermost of them saw; 0 ignores the header (REMOTE_ADDR).
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=0)
# X-Forwarded-Proto says "this came in over HTTPS" only when a proxy of ours wrote it;
# with no proxy in front (0 hops) a client could write it itself.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_HOPS else None
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = logging_config(env.str("LOG_LEVEL", default="INFO"))

# --- Content-Security-Policy (django-csp; see fundraising/csp.py) ------------
# Everything from our own origin; no inline script or style, no plugins, never framed.
# img-src allows data: URIs for Bootstrap's icons and allauth's TOTP QR code, and the
# origin of MEDIA_URL when uploaded images come from object storage or a CDN.
# form-action: our own views, plus where the giving form's 303 goes. The emulator's
# origin is added from STRIPE_API_BASE at run time; with real Stripe, Checkout is
# served from checkout.stripe.com (override with STRIPE_CHECKOUT_ORIGINS).
STRIPE_CHECKOUT_ORIGINS = env.list(
    "STRIPE_CHECKOUT_ORIGINS",
    default=[] if STRIPE_USES_EMULATOR else ["https://checkout.stripe.com"],
)
MEDIA_ORIGIN = "/".join(MEDIA_URL.split("/")[:3]) if "://" in MEDIA_URL else ""
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
