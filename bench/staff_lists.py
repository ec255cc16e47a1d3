"""Benchmark: how fast are the staff lists (Django admin) with millions of rows?

Creates a fresh PostgreSQL database (``solidarity_bench_staff``), migrates it and loads,
with plain SQL (``generate_series``), 2 000 000 gifts, 250 000 donors, 1 000 000 Stripe
events and checkouts, monthly gifts, refunds and admin log entries in proportion. Then it
times every admin changelist, sorted, filtered and searched (email, Stripe id, receipt
number, name) through Django's test client as a superuser with an enrolled
authenticator app, next to a minimal view (``/healthz/``) timed the same way.

Each page is fetched once to warm up, then ``--runs`` times; every run is printed, with
the median, the number of SQL queries, and PASS/MISS against 300 ms. The exit code is 0
whatever the outcome (it is a benchmark).

Usage::

    .venv/bin/python bench/staff_lists.py [--gifts 2000000] [--runs 5] [--keep] [--reuse]

``--reuse`` keeps an already loaded database (only migrating it), so a change to the
admin or its indexes can be measured again without loading; ``--keep`` leaves the
database in place at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PG_ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "solidarity_bench_staff"
PG_BENCH_URL = f"postgres://postgres@127.0.0.1:5432/{PG_BENCH_DB}"
TARGET_MS = 300.0
CAMPAIGNS = 20

sys.path.insert(0, str(BASE_DIR))
os.environ["DATABASE_URL"] = PG_BENCH_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fundraising.settings")
os.environ.setdefault("SOLIDARITY_ENV", "development")
os.environ["DEBUG"] = "false"
os.environ.setdefault("LOG_LEVEL", "WARNING")
# The test client serves static files through WhiteNoise's finders; no collected folder.
warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers")


@dataclass(frozen=True)
class Sizes:
    """How many rows of each kind, in proportion to the gifts."""

    gifts: int

    @property
    def donors(self) -> int:
        return max(self.gifts // 8, 100)

    @property
    def events(self) -> int:
        return max(self.gifts // 2, 100)

    @property
    def checkouts(self) -> int:
        return max(self.gifts // 4, 100)

    @property
    def plans(self) -> int:
        return max(self.gifts // 40, 10)

    @property
    def refunds(self) -> int:
        return max(self.gifts // 100, 10)

    @property
    def log_entries(self) -> int:
        return max(self.gifts // 20, 10)


# --- The database --------------------------------------------------------------------


def recreate_database(reuse: bool) -> bool:
    """Create the bench database; with ``reuse`` keep one that exists. True if new."""
    import psycopg

    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [PG_BENCH_DB]
        ).fetchone()
        if exists and reuse:
            return False
        admin.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {PG_BENCH_DB}")
    return True


def drop_database() -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")


def create_campaigns() -> None:
    from tests.factories.campaigns import CampaignFactory

    for number in range(CAMPAIGNS):
        CampaignFactory(currency="EUR" if number % 5 == 4 else "SEK")


# Each statement inserts one table from generate_series; ids are 1..n, so rows can point
# at each other arithmetically (gift i belongs to donor 1 + i % donors).
LOAD_SQL = [
    (
        "donors",
        """
        INSERT INTO donations_donor (id, email, name, language, stripe_customer_id, created_at)
        SELECT i, 'donor' || i || '@example.org',
               (ARRAY['Anna','Erik','Maria','Lars','Karin','Johan','Eva','Per','Sara','Ali'])
                   [1 + i %% 10] || ' ' ||
               (ARRAY['Andersson','Johansson','Karlsson','Nilsson','Eriksson','Larsson',
                      'Olsson','Persson','Svensson','Gustafsson','Pettersson','Hoxha'])
                   [1 + (i / 10) %% 12] || ' ' || i,
               CASE WHEN i %% 5 = 0 THEN 'en' ELSE 'sv' END,
               CASE WHEN i %% 2 = 0 THEN 'cus_' || i END,
               now() - (%(donors)s - i) * interval '8 minutes'
        FROM generate_series(1, %(donors)s) AS i
        """,
    ),
    (
        "checkouts",
        """
        INSERT INTO donations_checkoutintent (
            id, campaign_id, donor_id, donor_name, amount_minor, currency, frequency, language,
            tribute_kind, tribute_name, tribute_notify_email, show_on_wall, public_message,
            newsletter_consent, consent_wording, contact_consent_wording, status,
            stripe_session_id, created_at)
        SELECT md5(i::text)::uuid, %(first_campaign)s + i %% %(campaigns)s,
               1 + i %% %(donors)s, '', 10000 + (i %% 20) * 5000, 'SEK',
               CASE WHEN i %% 10 = 0 THEN 'monthly' ELSE 'once' END, 'sv', '', '', '',
               false, '', false, '', '',
               (ARRAY['completed','completed','completed','expired','open'])[1 + i %% 5],
               'cs_test_' || i, now() - (%(checkouts)s - i) * interval '4 minutes'
        FROM generate_series(1, %(checkouts)s) AS i
        """,
    ),
    (
        "plans",
        """
        INSERT INTO donations_recurringplan (
            id, stripe_subscription_id, donor_id, campaign_id, amount_minor, currency, status,
            stripe_customer_id, created_at)
        SELECT i, 'sub_' || i, 1 + i %% %(donors)s, %(first_campaign)s + i %% %(campaigns)s,
               20000, 'SEK',
               (ARRAY['active','active','active','past_due','cancelled','paused'])[1 + i %% 6],
               'cus_' || (2 * (1 + i %% (%(donors)s / 2))),
               now() - (%(plans)s - i) * interval '40 minutes'
        FROM generate_series(1, %(plans)s) AS i
        """,
    ),
    (
        "gifts",
        """
        INSERT INTO donations_gift (
            id, campaign_id, donor_id, plan_id, donor_name, kind, status, amount_minor,
            refunded_minor, currency, stripe_payment_intent_id, stripe_invoice_id,
            stripe_charge_id, stripe_balance_transaction_id, settlement_currency, opens_plan,
            show_on_wall, public_message, paid_at, receipt_year, receipt_number)
        SELECT i, %(first_campaign)s + i %% %(campaigns)s, 1 + i %% %(donors)s,
               CASE WHEN i %% 4 = 0 THEN 1 + i %% %(plans)s END, '',
               CASE WHEN i %% 4 = 0 THEN 'monthly' ELSE 'once' END,
               CASE WHEN i %% 100 = 7 THEN 'refunded' ELSE 'paid' END,
               10000 + (i %% 20) * 5000,
               CASE WHEN i %% 100 = 7 THEN 10000 + (i %% 20) * 5000 ELSE 0 END,
               CASE WHEN i %% 5 = 4 THEN 'EUR' ELSE 'SEK' END,
               CASE WHEN i %% 4 <> 0 THEN 'pi_' || i END,
               CASE WHEN i %% 4 = 0 THEN 'in_' || i END,
               'ch_' || i, 'txn_' || i, '', false, i %% 3 = 0, '',
               now() - (%(gifts)s - i) * interval '1 minute',
               2020 + (i - 1) * 6 / %(gifts)s, i
        FROM generate_series(1, %(gifts)s) AS i
        """,
    ),
    (
        "refunds",
        """
        INSERT INTO donations_refund (
            id, gift_id, stripe_refund_id, amount_minor, currency, reason, created_at)
        SELECT i, 7 + (i - 1) * 100, 're_' || i, 10000, 'SEK', 'requested_by_customer',
               now() - (%(refunds)s - i) * interval '100 minutes'
        FROM generate_series(1, %(refunds)s) AS i
        """,
    ),
    (
        "events",
        """
        INSERT INTO donations_webhookevent (
            id, stripe_event_id, type, api_version, livemode, payload, status, attempts,
            last_error, received_at, processed_at)
        SELECT i, 'evt_' || i,
               (ARRAY['checkout.session.completed','invoice.paid','charge.succeeded',
                      'payment_intent.succeeded','customer.subscription.updated',
                      'charge.refunded','invoice.payment_failed','customer.created'])[1 + i %% 8],
               CASE WHEN i %% 1000 = 0 THEN '2024-06-20' ELSE '2026-10-28.endive' END,
               false, '{"id": "evt_' || i || '", "object": "event", "data": {"object": {}}, '
                      || '"padding": "' || repeat('x', 400) || '"}',
               CASE WHEN i %% 1000 = 0 THEN 'version_mismatch'
                    WHEN i %% 997 = 0 THEN 'failed'
                    WHEN i %% 8 IN (2, 3, 7) THEN 'ignored' ELSE 'processed' END,
               1, '', now() - (%(events)s - i) * interval '2 minutes',
               now() - (%(events)s - i) * interval '2 minutes'
        FROM generate_series(1, %(events)s) AS i
        """,
    ),
    (
        "log entries",
        """
        INSERT INTO django_admin_log (
            action_time, user_id, content_type_id, object_id, object_repr, action_flag,
            change_message)
        SELECT now() - (%(log_entries)s - i) * interval '30 minutes', %(user)s,
               %(donor_type)s, (1 + i %% %(donors)s)::text, 'Donor ' || i, 2,
               '[{"changed": {"fields": ["name"]}}]'
        FROM generate_series(1, %(log_entries)s) AS i
        """,
    ),
]

SEQUENCES = [
    "donations_donor",
    "donations_recurringplan",
    "donations_gift",
    "donations_refund",
    "donations_webhookevent",
]


def load(sizes: Sizes, user_id: int) -> None:
    """Bulk-load every table, then VACUUM ANALYZE so the planner knows the sizes."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from campaigns.models import Campaign
    from donations.models import Donor

    params = {
        "gifts": sizes.gifts,
        "donors": sizes.donors,
        "events": sizes.events,
        "checkouts": sizes.checkouts,
        "plans": sizes.plans,
        "refunds": sizes.refunds,
        "log_entries": sizes.log_entries,
        "campaigns": CAMPAIGNS,
        "first_campaign": Campaign.objects.order_by("pk").values_list("pk", flat=True)[0],
        "user": user_id,
        "donor_type": ContentType.objects.get_for_model(Donor).pk,
    }
    with connection.cursor() as cursor:
        for name, sql in LOAD_SQL:
            started = time.perf_counter()
            cursor.execute(sql, params)
            print(f"  {name:12} {cursor.rowcount:>9} rows  {time.perf_counter() - started:6.1f} s")
        for table in SEQUENCES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
            )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"  {'vacuum':12} {'':>9}       {time.perf_counter() - started:6.1f} s")


def create_superuser():
    """A superuser with an enrolled authenticator app (staff without one are redirected)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from accounts.models import User

    user, created = User.objects.get_or_create(
        email="bench-staff@example.org", defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        TOTP.activate(user, generate_totp_secret())
    return user


# --- The pages -----------------------------------------------------------------------


# (label, model's changelist, query string): every list, sorted, filtered and searched.
PAGES = [
    ("gifts", "donations_gift", ""),
    ("gifts sorted by paid, oldest first", "donations_gift", "o=1"),
    ("gifts page 100", "donations_gift", "p=100"),
    ("gifts filter kind", "donations_gift", "kind__exact=monthly"),
    ("gifts filter status", "donations_gift", "status__exact=refunded"),
    ("gifts filter currency", "donations_gift", "currency__exact=EUR"),
    ("gifts filter campaign", "donations_gift", "campaign__id__exact={campaign}"),
    ("gifts filter paid this year", "donations_gift", "{this_year}"),
    ("gifts search email", "donations_gift", "q=Donor777%40Example.org"),
    ("gifts search pi_", "donations_gift", "q=pi_1234567"),
    ("gifts search in_", "donations_gift", "q=in_1234568"),
    ("gifts search ch_", "donations_gift", "q=ch_1234567"),
    ("gifts search cus_", "donations_gift", "q=cus_1234"),
    ("gifts search receipt", "donations_gift", "q=2023-{receipt}"),
    ("donors", "donations_donor", ""),
    ("donors sorted by email", "donations_donor", "o=1"),
    ("donors filter language", "donations_donor", "language__exact=en"),
    ("donors search email", "donations_donor", "q=donor777%40example.org"),
    ("donors search cus_", "donations_donor", "q=cus_1234"),
    ("donors search name", "donations_donor", "q=Karin+Nilsson"),
    ("donors search surname", "donations_donor", "q=hoxha"),
    ("checkouts", "donations_checkoutintent", ""),
    ("checkouts filter status", "donations_checkoutintent", "status__exact=open"),
    ("checkouts search email", "donations_checkoutintent", "q=donor777%40example.org"),
    ("checkouts search cs_", "donations_checkoutintent", "q=cs_test_4242"),
    ("monthly gifts", "donations_recurringplan", ""),
    ("monthly gifts filter status", "donations_recurringplan", "status__exact=paused"),
    ("monthly gifts search sub_", "donations_recurringplan", "q=sub_4242"),
    ("monthly gifts search email", "donations_recurringplan", "q=donor777%40example.org"),
    ("refunds", "donations_refund", ""),
    ("refunds search re_", "donations_refund", "q=re_4242"),
    ("refunds search email", "donations_refund", "q=donor7%40example.org"),
    ("events", "donations_webhookevent", ""),
    ("events filter status failed", "donations_webhookevent", "status__exact=failed"),
    ("events filter other API version", "donations_webhookevent", "status__exact=version_mismatch"),
    ("events filter type", "donations_webhookevent", "type__exact=invoice.paid"),
    ("events search evt_", "donations_webhookevent", "q=evt_424242"),
    ("events search type", "donations_webhookevent", "q=invoice.payment_failed"),
    ("log entries", "admin_logentry", ""),
    ("log entries filter action", "admin_logentry", "action_flag__exact=2"),
    ("log entries search", "admin_logentry", "q=Donor+4242"),
    ("campaign totals", "campaigns_campaigntotal", ""),
    ("fund totals", "campaigns_fundtotal", ""),
]


def pages(fill: dict[str, object]) -> list[tuple[str, str]]:
    """(label, address) of the minimal view and every list in ``PAGES``."""
    from django.urls import reverse

    addresses = [("minimal view /healthz/ (reference)", "/healthz/")]
    for label, model, query in PAGES:
        address = reverse(f"admin:{model}_changelist")
        addresses.append((label, f"{address}?{query.format(**fill)}" if query else address))
    return addresses


@dataclass
class Timing:
    label: str
    address: str
    status: int
    queries: int
    runs_ms: list[float]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.runs_ms)


class QueryCounter:
    """Counts the SQL statements run (an execute wrapper survives reconnections)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def time_page(client, label: str, address: str, runs: int) -> Timing:
    from django.db import connection

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        response = client.get(address)  # warm-up, and the query count
    runs_ms = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(address)
        runs_ms.append((time.perf_counter() - started) * 1000)
    return Timing(label, address, response.status_code, counter.count, runs_ms)


def measure(runs: int, sizes: Sizes) -> list[Timing]:
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone
    from django.utils.http import urlencode

    from campaigns.models import Campaign

    setup_test_environment()
    client = Client()
    client.force_login(create_superuser())
    this_year = timezone.localtime().replace(month=1, day=1, hour=0, minute=0, second=0)
    next_year = this_year.replace(year=this_year.year + 1)
    fill = {
        "campaign": Campaign.objects.order_by("pk").values_list("pk", flat=True)[3],
        "receipt": f"{sizes.gifts // 2 + 1:06d}",
        "this_year": urlencode({"paid_at__gte": this_year, "paid_at__lt": next_year}),
    }
    return [time_page(client, label, address, runs) for label, address in pages(fill)]


def report(timings: list[Timing]) -> None:
    print()
    print(f"{'page':40} {'status':>6} {'queries':>7} {'median ms':>10}  verdict  runs (ms)")
    for timing in timings:
        reference = timing.address == "/healthz/"
        verdict = "ref" if reference else ("PASS" if timing.median_ms < TARGET_MS else "MISS")
        runs = " ".join(f"{ms:.1f}" for ms in timing.runs_ms)
        print(
            f"{timing.label:40} {timing.status:>6} {timing.queries:>7} "
            f"{timing.median_ms:>10.1f}  {verdict:7}  {runs}"
        )
    misses = [t for t in timings if t.address != "/healthz/" and t.median_ms >= TARGET_MS]
    bad = [t for t in timings if t.status != 200]
    print(
        f"\n{len(timings) - 1 - len(misses)} of {len(timings) - 1} pages under {TARGET_MS:.0f} ms"
    )
    if bad:
        print("NOT 200: " + ", ".join(f"{t.label} ({t.status})" for t in bad))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gifts", type=int, default=2_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="keep a loaded database")
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    args = parser.parse_args()
    sizes = Sizes(args.gifts)

    import django

    fresh = recreate_database(args.reuse)
    django.setup()
    from django.core.management import call_command

    try:
        call_command("migrate", verbosity=0)
        if fresh:
            print(
                f"Loading {sizes.gifts} gifts, {sizes.donors} donors, {sizes.events} events, "
                f"{sizes.checkouts} checkouts, {sizes.plans} monthly gifts, "
                f"{sizes.refunds} refunds, {sizes.log_entries} log entries"
            )
            started = time.perf_counter()
            create_campaigns()
            load(sizes, create_superuser().pk)
            print(f"  loaded in {time.perf_counter() - started:.0f} s")
        report(measure(args.runs, sizes))
    finally:
        if not args.keep:
            drop_database()


if __name__ == "__main__":
    main()
