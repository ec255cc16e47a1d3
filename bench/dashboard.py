"""Benchmark: the dashboards answer from the kept aggregates at 1 000 000 gifts.

Loads a fresh PostgreSQL database (``solidarity_bench_dashboard``) with plain SQL: N gifts
(default 1 000 000) over two years on 20 campaigns, donors, monthly gifts, and the kept
per-day aggregates (bench/dashboard_data.py). Starts gunicorn (one sync worker, as
bench/harness.py runs it) and times the fundraising dashboard (the last twelve months by
month; a year by day; two years by week), an organisation's dashboard and ``/healthz/``
as the reference, over HTTP with a signed-in superuser's session. Every run is printed,
then p50 / p95 and PASS/MISS against 150 ms (p50).

Usage::

    .venv/bin/python bench/dashboard.py [--gifts 1000000] [--runs 20] [--keep]
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

import dashboard_data as data
import harness

DATABASE = "solidarity_bench_dashboard"
TARGET_MS = 150.0


def pages() -> list[tuple[str, str]]:
    from django.urls import reverse
    from django.utils import timezone

    from campaigns.models import MemberOrganisation

    today = timezone.localdate()
    organisation = MemberOrganisation.objects.order_by("pk")[0]
    year_ago, two_years_ago = today - timedelta(days=364), today - timedelta(days=729)
    fund = reverse("dashboards:fundraising")
    return [
        ("healthz (reference)", "/healthz/"),
        ("fund, 12 months by month", fund),
        ("fund, a year by day", f"{fund}?start={year_ago}&end={today}&by=day"),
        ("fund, two years by week", f"{fund}?start={two_years_ago}&end={today}&by=week"),
        (
            "organisation, 12 months by month",
            reverse("dashboards:organisation", args=[organisation.slug]),
        ),
    ]


def main() -> None:
    parser = data.arguments(__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    what = "gifts with their aggregates"
    with (
        data.loaded_database(DATABASE, args.gifts, args.keep, what) as cookie,
        tempfile.TemporaryDirectory() as folder,
    ):
        workdir = Path(folder)
        env = harness.server_env(data.database_url(DATABASE), "memory://", workdir)
        config = harness.ServerConfig(workers=1, worker_class="sync", threads=1)
        print(f"Server: {config.describe()}")
        with harness.gunicorn(config, env, workdir) as (port, _pgid):
            report(port, cookie, args.runs)


def report(port: int, cookie: str, runs: int) -> None:
    print(f"\n{'page':34} {'status':>6} {'p50 ms':>8} {'p95 ms':>8}  verdict  runs (ms)")
    for label, path in pages():
        data.get(port, path, cookie)  # warm-up
        timings = []
        statuses = set()
        for _ in range(runs):
            status, ms, _size = data.get(port, path, cookie)
            statuses.add(status)
            timings.append(ms)
        p50, p95 = data.percentile(timings, 0.5), data.percentile(timings, 0.95)
        verdict = "ref" if path == "/healthz/" else ("PASS" if p50 < TARGET_MS else "MISS")
        status = ",".join(str(s) for s in sorted(statuses))
        every = " ".join(f"{ms:.0f}" for ms in timings)
        print(f"{label:34} {status:>6} {p50:>8.1f} {p95:>8.1f}  {verdict:7}  {every}")


if __name__ == "__main__":
    main()
