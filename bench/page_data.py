"""The in-Django half of ``bench/public_pages.py``, run in a subprocess against the
benchmark's database (``DATABASE_URL``): seeds the demo campaigns, loads gifts with plain
SQL, and measures in one process what a load test cannot show: each page's query count
and CPU time on a page-cache miss and on a hit. Prints one JSON document.

Usage: ``python bench/page_data.py GIFTS``
"""

from __future__ import annotations

import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fundraising.settings")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from campaigns.models import Campaign  # noqa: E402
from donations.models import Donor, Gift  # noqa: E402
from donations.totals import recompute_totals  # noqa: E402
from fundraising.page_cache import page_key  # noqa: E402

DONORS = 10_000
# Every fourth gift goes to the solidarity fund, the rest to the measured campaign.
GIFT_COLUMNS = (
    "campaign_id, donor_id, donor_name, kind, status, amount_minor, refunded_minor, currency, "
    "stripe_payment_intent_id, stripe_balance_transaction_id, opens_plan, show_on_wall, "
    "public_message, paid_at"
)
GIFT_VALUES = (
    "CASE WHEN g %% 4 = 0 THEN NULL ELSE %s END, %s + g %% {donors}, 'Bench donor ' || g, "
    "'once', 'paid', 25000, 0, 'SEK', 'pi_bench_' || g, '', {false}, g %% 2 = 0, '', {paid_at}"
)
VENDOR_SQL = {
    "postgresql": (
        "INSERT INTO {table} ({columns}) SELECT {values} FROM generate_series(1, %s) AS g",
        {"false": "false", "paid_at": "now() - g * interval '1 second'"},
    ),
    "sqlite": (
        "WITH RECURSIVE seq(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM seq WHERE g < %s) "
        "INSERT INTO {table} ({columns}) SELECT {values} FROM seq",
        {"false": "0", "paid_at": "strftime('%%Y-%%m-%%d %%H:%%M:%%f', 'now', -g || ' seconds')"},
    ),
}
REPEAT = 20


def measured_campaign() -> Campaign:
    """The published, featured campaign the benchmark's campaign page shows."""
    return Campaign.objects.published().filter(is_featured=True).order_by("pk").first()


@transaction.atomic
def load_gifts(campaign: Campaign, count: int) -> None:
    """``count`` paid gifts from ``DONORS`` donors, in one INSERT ... SELECT."""
    Donor.objects.bulk_create(
        Donor(email=f"bench{i}@example.org", name=f"Bench donor {i}", language="sv")
        for i in range(DONORS)
    )
    first_donor = Donor.objects.order_by("pk").values_list("pk", flat=True).first()
    template, dialect = VENDOR_SQL[connection.vendor]
    values = GIFT_VALUES.format(donors=DONORS, **dialect)
    sql = template.format(table=Gift._meta.db_table, columns=GIFT_COLUMNS, values=values)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(sql, [count, campaign.pk, first_donor])
        else:
            cursor.execute(sql, [campaign.pk, first_donor, count])


def page_paths(campaign: Campaign) -> dict[str, str]:
    """The Swedish address of each measured public page."""
    return {
        "home": reverse("campaigns:home"),
        "campaign-list": reverse("campaigns:campaign-list"),
        "campaign": campaign.get_absolute_url(),
        "fund": reverse("campaigns:fund"),
        "programme": campaign.programme.get_absolute_url(),
    }


class Pages:
    """Requests through Django's own handler and middleware, without the test client's
    template instrumentation, so the CPU figures are the server's."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()
        self.factory = RequestFactory(HTTP_HOST="127.0.0.1")

    def get(self, path: str) -> None:
        response = self.handler.get_response(self.factory.get(path))
        assert response.status_code == 200, f"{path}: HTTP {response.status_code}"

    def queries(self, path: str, *, cached: bool) -> int:
        """Queries one request makes, on a cache miss or a hit."""
        self.prime(path, cached)
        with CaptureQueriesContext(connection) as context:
            self.get(path)
        return len(context.captured_queries)

    def cpu_ms(self, path: str, *, cached: bool) -> float:
        """Median CPU milliseconds of one request, on a cache miss or a hit."""
        samples = []
        for _ in range(REPEAT):
            self.prime(path, cached)
            started = time.process_time()
            self.get(path)
            samples.append((time.process_time() - started) * 1000)
        return round(statistics.median(samples), 2)

    def prime(self, path: str, cached: bool) -> None:
        """Drop the page's cache entry (only it: the cache may be a shared Redis), and
        store it again for a hit."""
        cache.delete(page_key(self.factory.get(path)))
        if cached:
            self.get(path)


def main() -> None:
    gifts = int(sys.argv[1])
    started = time.monotonic()
    call_command("seed_demo", stdout=io.StringIO())
    campaign = measured_campaign()
    load_gifts(campaign, gifts)
    recompute_totals()
    loaded_s = time.monotonic() - started
    pages = Pages()
    paths = {"floor": "/healthz/", **page_paths(campaign)}
    print(
        json.dumps(
            {
                "load_seconds": round(loaded_s, 1),
                "paths": paths,
                "queries": {
                    name: [pages.queries(path, cached=c) for c in (False, True)]
                    for name, path in paths.items()
                },
                "cpu_ms": {
                    name: [pages.cpu_ms(path, cached=c) for c in (False, True)]
                    for name, path in paths.items()
                },
            }
        )
    )


if __name__ == "__main__":
    main()
