"""What bench/dashboard.py and bench/exports.py share: a PostgreSQL database loaded with
plain SQL (``generate_series``) with N gifts over two years on 20 campaigns of 10 member
organisations, donors, monthly gifts and contact consents, plus the kept per-day
aggregates built from those gifts in SQL; the command line and the database's life
around a run (``arguments``, ``loaded_database``); a gunicorn server from
bench/harness.py; a signed-in session cookie; and a timed GET.

Run from the project directory with the project's Python (``.venv/bin/python bench/...``).
"""

from __future__ import annotations

import argparse
import http.client
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness

CAMPAIGNS = 20
AMOUNTS = 20  # gifts cluster on this many amounts, as they do on the suggested ones
DAYS = 730


def arguments(doc: str) -> argparse.ArgumentParser:
    """The options both benchmarks take: ``--gifts`` and ``--keep``."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--gifts", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    return parser


@contextmanager
def loaded_database(name: str, gifts: int, keep: bool, what: str = "gifts") -> Iterator[str]:
    """A fresh database ``name`` loaded with ``gifts`` gifts; yields a signed-in
    superuser's cookie and drops the database afterwards unless ``keep``."""
    setup_django(name)
    try:
        print(f"Loading {gifts} {what}")
        started = time.perf_counter()
        load(gifts)
        print(f"  loaded in {time.perf_counter() - started:.0f} s")
        yield signed_in_cookie()
    finally:
        if not keep:
            drop_database(name)


def database_url(name: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def setup_django(name: str) -> None:
    """Point Django at the bench database (created fresh) and set it up."""
    import psycopg

    with psycopg.connect(harness.PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")
    os.environ["DATABASE_URL"] = database_url(name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fundraising.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def drop_database(name: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(harness.PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


LOAD_SQL = [
    (
        "donors",
        """
        INSERT INTO donations_donor (id, email, name, language, stripe_customer_id, created_at)
        SELECT i, 'donor' || i || '@example.org', 'Givare ' || i,
               CASE WHEN i %% 5 = 0 THEN 'en' ELSE 'sv' END, NULL, now()
        FROM generate_series(1, %(donors)s) AS i
        """,
    ),
    (
        "plans",
        """
        INSERT INTO donations_recurringplan (
            id, stripe_subscription_id, donor_id, campaign_id, amount_minor, currency, status,
            stripe_customer_id, created_at, cancelled_at, past_due_notice_sent_at,
            status_synced_at)
        SELECT i, 'sub_' || i, 1 + i %% %(donors)s, %(first_campaign)s + i %% %(campaigns)s,
               10000 + (i %% 4) * 5000, 'SEK',
               (ARRAY['active','active','active','past_due','cancelled','paused'])[1 + i %% 6],
               '', now() - (i %% %(days)s) * interval '1 day',
               CASE WHEN i %% 6 = 4 THEN now() - (i %% 30) * interval '1 day' END,
               CASE WHEN i %% 6 = 3 THEN now() - (i %% 30) * interval '1 day' END,
               now() - (i %% 30) * interval '1 day' - (i %% 997) * interval '1 second'
        FROM generate_series(1, %(plans)s) AS i
        """,
    ),
    (
        "gifts",
        """
        INSERT INTO donations_gift (
            id, campaign_id, donor_id, donor_name, kind, status, amount_minor, refunded_minor,
            charge_refunded_minor, disputed_minor, fee_cover_minor, currency,
            stripe_payment_intent_id, stripe_invoice_id, stripe_balance_transaction_id,
            settlement_currency, opens_plan, show_on_wall, public_message, paid_at)
        SELECT i, %(first_campaign)s + i %% %(campaigns)s, 1 + i %% %(donors)s,
               CASE WHEN i %% 997 = 0 THEN '=HYPERLINK("x")' ELSE 'Givare ' || i END,
               CASE WHEN i %% 4 = 0 THEN 'monthly' ELSE 'once' END,
               CASE WHEN i %% 100 = 7 THEN 'refunded' ELSE 'paid' END,
               5000 + ((i / 7) %% %(amounts)s) * 2500,
               CASE WHEN i %% 100 = 7 THEN 5000 + ((i / 7) %% %(amounts)s) * 2500 ELSE 0 END,
               CASE WHEN i %% 100 = 7 THEN 5000 + ((i / 7) %% %(amounts)s) * 2500 ELSE 0 END,
               0, 0, 'SEK',
               CASE WHEN i %% 4 <> 0 THEN 'pi_' || i END,
               CASE WHEN i %% 4 = 0 THEN 'in_' || i END,
               '', '', false, false, '',
               now() - (%(gifts)s - i) * (%(days)s * interval '1 day' / %(gifts)s)
        FROM generate_series(1, %(gifts)s) AS i
        """,
    ),
    (
        "consents",
        """
        INSERT INTO donations_consent (
            donor_id, topic, organisation_id, given, wording, language, source, created_at)
        SELECT i, 'contact', %(first_organisation)s + i %% 10, true, 'Ok', 'sv',
               'giving_form', now()
        FROM generate_series(1, %(donors)s, 3) AS i
        """,
    ),
    (
        "day totals",
        """
        INSERT INTO donations_dailygifttotal (
            day, campaign_id, currency, kind, gross_minor, refunded_minor, gift_count)
        SELECT (paid_at AT TIME ZONE 'Europe/Stockholm')::date, campaign_id, currency, kind,
               sum(amount_minor), sum(refunded_minor + disputed_minor), count(*)
        FROM donations_gift GROUP BY 1, 2, 3, 4
        """,
    ),
    (
        "amount counts",
        """
        INSERT INTO donations_dailyamountcount (
            day, campaign_id, currency, amount_minor, gift_count)
        SELECT (paid_at AT TIME ZONE 'Europe/Stockholm')::date, campaign_id, currency,
               amount_minor, count(*)
        FROM donations_gift GROUP BY 1, 2, 3, 4
        """,
    ),
    (
        "month totals",
        """
        INSERT INTO donations_monthlygifttotal (
            month, campaign_id, currency, kind, gross_minor, refunded_minor, gift_count)
        SELECT date_trunc('month', day)::date, campaign_id, currency, kind,
               sum(gross_minor), sum(refunded_minor), sum(gift_count)
        FROM donations_dailygifttotal GROUP BY 1, 2, 3, 4
        """,
    ),
    (
        "month amount counts",
        """
        INSERT INTO donations_monthlyamountcount (
            month, campaign_id, currency, amount_minor, gift_count)
        SELECT date_trunc('month', day)::date, campaign_id, currency, amount_minor,
               sum(gift_count)
        FROM donations_dailyamountcount GROUP BY 1, 2, 3, 4
        """,
    ),
    (
        "failed renewals",
        """
        INSERT INTO donations_failedrenewal (
            stripe_invoice_id, plan_id, campaign_id, amount_minor, currency, failed_at,
            recovered_at)
        SELECT 'in_failed_' || id || '_' || n, id, campaign_id, amount_minor, currency,
               created_at + n * interval '30 days',
               CASE WHEN n %% 2 = 0 THEN created_at + n * interval '30 days' + interval '3 days' END
        FROM donations_recurringplan, generate_series(1, 3) AS n
        WHERE status IN ('past_due', 'cancelled')
        """,
    ),
]


def load(gifts: int) -> None:
    """Campaigns (factories), then every table in SQL, then VACUUM ANALYZE."""
    from django.db import connection

    from campaigns.models import MemberOrganisation
    from tests.factories.campaigns import CampaignFactory, MemberOrganisationFactory

    organisations = [MemberOrganisationFactory() for _ in range(10)]
    campaigns = [CampaignFactory(organisation=organisations[n % 10]) for n in range(CAMPAIGNS)]
    params = {
        "gifts": gifts,
        "donors": max(gifts // 10, 10),
        "plans": max(gifts // 20, 10),
        "campaigns": CAMPAIGNS,
        "amounts": AMOUNTS,
        "days": DAYS,
        "first_campaign": campaigns[0].pk,
        "first_organisation": MemberOrganisation.objects.order_by("pk")[0].pk,
    }
    with connection.cursor() as cursor:
        for name, sql in LOAD_SQL:
            started = time.perf_counter()
            cursor.execute(sql, params)
            print(f"  {name:14} {cursor.rowcount:>9} rows  {time.perf_counter() - started:6.1f} s")
        for table in ("donations_donor", "donations_recurringplan", "donations_gift"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
            )
        cursor.execute("VACUUM ANALYZE")


def signed_in_cookie(email: str = "bench-staff@example.org") -> str:
    """A session for a superuser with an enrolled authenticator app, as a Cookie header."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.models import User

    user, created = User.objects.get_or_create(
        email=email, defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        TOTP.activate(user, generate_totp_secret())
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def get(port: int, path: str, cookie: str, sink: bool = False) -> tuple[int, float, int]:
    """(status, milliseconds to the last byte, bytes) for one GET on a fresh connection."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=900)
    conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
    response = conn.getresponse()
    size = 0
    while chunk := response.read(1 << 16):
        size += len(chunk)
    conn.close()
    return response.status, (time.perf_counter() - started) * 1000, size


def percentile(values: list[float], fraction: float) -> float:
    return harness.percentile(sorted(values), fraction)
