"""Benchmark: the SIE export of a year of 1 000 000 gifts streams in bounded memory.

For each database (``--databases sqlite,postgres``) the script creates a fresh database
(a temp SQLite file, or ``solidarity_bench_sie`` on PostgreSQL, dropped afterwards),
migrates it, makes 20 campaigns with the test factories and loads with plain SQL (a
recursive CTE on SQLite, ``generate_series`` on PostgreSQL) ``--gifts`` gifts spread over
2026 (every fifth in EUR, settled into SEK), 1 % refunds, 200 disputes and a payout
a week. Then it runs ``manage.py export_sie --from 2026-01-01 --to 2026-12-31`` as its own
process ``--runs`` times and prints, for every run, the wall time and the process's peak
RSS (``ru_maxrss`` from ``os.wait4``), next to a reference started in the same run:
``manage.py check``, a Django process that loads everything and exports nothing.

Target: peak RSS < 250 MB (PASS/MISS; the exit code is 0 whatever the figures).

Usage::

    .venv/bin/python bench/sie_export.py [--gifts 1000000] [--runs 3] [--databases postgres]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness

TARGET_MB = 250.0
PG_BENCH_DB = "solidarity_bench_sie"
YEAR_SECONDS = 365 * 24 * 3600

# Run inside ``manage.py shell``: campaigns through the factories, the rest as plain SQL.
LOADER = """
import sys, time
from django.db import connection
from tests.factories.campaigns import CampaignFactory
campaigns = [CampaignFactory().pk for _ in range(20)]
first = min(campaigns)
vendor = connection.vendor
n = {gifts}
step = {year_seconds} // n

def series(count):
    if vendor == "postgresql":
        return f"generate_series(1, {{count}}) AS s(i)"
    return (
        "(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s "
        f"WHERE i < {{count}}) SELECT i FROM s) AS s"
    )

def moment(seconds):
    if vendor == "postgresql":
        return f"(timestamptz '2025-12-31 23:00:00+00' + ({{seconds}}) * interval '1 second')"
    return f"datetime('2025-12-31 23:00:00', '+' || ({{seconds}}) || ' seconds')"

def day(days):
    if vendor == "postgresql":
        return f"(date '2026-01-01' + ({{days}}))"
    return f"date('2026-01-01', '+' || ({{days}}) || ' days')"

statements = [
    ("donors", f\"\"\"INSERT INTO donations_donor (id, email, name, language, created_at)
        SELECT i, 'donor' || i || '@example.org', 'Donor ' || i, 'sv', {{moment('i')}}
        FROM {{series(max(n // 10, 1))}}\"\"\"),
    ("gifts", f\"\"\"INSERT INTO donations_gift (
            id, campaign_id, donor_id, donor_name, kind, status, amount_minor, refunded_minor,
            disputed_minor, currency, fee_minor, settlement_amount_minor, settlement_currency,
            stripe_payment_intent_id, stripe_charge_id, stripe_balance_transaction_id,
            opens_plan, show_on_wall, public_message, paid_at, receipt_year, receipt_number)
        SELECT i, {{first}} + i % 20, 1 + i % {{max(n // 10, 1)}}, '', 'once', 'paid',
            CASE WHEN i % 5 = 4 THEN 2500 ELSE 10000 + (i % 20) * 5000 END,
            0, 0, CASE WHEN i % 5 = 4 THEN 'EUR' ELSE 'SEK' END,
            CASE WHEN i % 5 = 4 THEN 1050 ELSE 180 + (10000 + (i % 20) * 5000) * 15 / 1000 END,
            CASE WHEN i % 5 = 4 THEN 27500 + i % 97 ELSE 10000 + (i % 20) * 5000 END, 'SEK',
            'pi_' || i, 'ch_' || i, 'txn_' || i, false, false, '',
            {{moment(f'i * {{step}}')}}, 2026, i
        FROM {{series(n)}}\"\"\"),
    ("refunds", f\"\"\"INSERT INTO donations_refund (
            id, gift_id, stripe_refund_id, amount_minor, currency, reason, created_at)
        SELECT i, i * 100, 're_' || i, CASE WHEN i * 100 % 5 = 4 THEN 1000 ELSE 5000 END,
            CASE WHEN i * 100 % 5 = 4 THEN 'EUR' ELSE 'SEK' END, '',
            {{moment(f'i * 100 * {{step}} + 86400')}}
        FROM {{series(max(n // 100, 1))}}\"\"\"),
    ("disputes", f\"\"\"INSERT INTO donations_dispute (
            id, stripe_dispute_id, gift_id, stripe_charge_id, status, reason, amount_minor,
            currency, funds_withdrawn_minor, funds_reinstated_minor, fee_minor, fee_currency,
            livemode, opened_at, closed_at)
        SELECT i, 'dp_' || i, i * 4999, 'ch_' || (i * 4999), 'lost', 'fraudulent', 10000,
            'SEK', 10000, 0, 15000, 'SEK', false, {{moment(f'i * 4999 * {{step}} + 3600')}}, NULL
        FROM {{series(min(200, max(n // 5000, 1)))}}\"\"\"),
    ("payouts", f\"\"\"INSERT INTO donations_payout (
            id, stripe_payout_id, amount_minor, currency, status, arrival_date,
            stripe_balance_transaction_id, failure_code, failure_message, livemode,
            reconciliation_status, unmatched_line_count)
        SELECT i, 'po_' || i, 100000 * i, 'sek', 'paid', {{day('i * 7')}}, '', '', '', false,
            'not_checked', 0
        FROM {{series(52)}}\"\"\"),
]
with connection.cursor() as cursor:
    for name, sql in statements:
        started = time.perf_counter()
        cursor.execute(sql)
        print(f"  {{name:9}} {{cursor.rowcount:>9}} rows  {{time.perf_counter() - started:6.1f}} s")
    if vendor == "postgresql":
        cursor.execute("VACUUM ANALYZE")
"""


@dataclass
class Run:
    database: str
    label: str
    seconds: float
    peak_rss_mb: float
    output_bytes: int = 0


def measured(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one process, from its own rusage."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=harness.BASE_DIR, env=env, stdout=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode})")
    return seconds, usage.ru_maxrss / 1024  # kilobytes on Linux


def bench_database(database: str, url: str, args: argparse.Namespace, workdir: Path) -> list[Run]:
    env = harness.server_env(url, "memory://", workdir)
    print(f"\n{database}: migrating and loading {args.gifts} gifts")
    harness.migrate(env)
    python = str(harness.VENV_BIN / "python")
    loader = LOADER.format(gifts=args.gifts, year_seconds=YEAR_SECONDS)
    subprocess.run(
        [python, "manage.py", "shell", "-c", loader], cwd=harness.BASE_DIR, env=env, check=True
    )
    runs = []
    output = workdir / "year.se"
    export = [python, "manage.py", "export_sie", "--from", "2026-01-01", "--to", "2026-12-31",
              "--output", str(output), "--force"]  # fmt: skip
    for number in range(1, args.runs + 1):
        seconds, rss = measured([python, "manage.py", "check"], env)
        runs.append(Run(database, "reference: manage.py check", seconds, rss))
        print(f"  run {number}  reference (manage.py check)  {seconds:7.2f} s  {rss:7.1f} MB")
        seconds, rss = measured(export, env)
        size = output.stat().st_size
        runs.append(Run(database, "export_sie, one year", seconds, rss, size))
        verdict = "PASS" if rss < TARGET_MB else "MISS"
        print(
            f"  run {number}  export_sie (one year)        {seconds:7.2f} s  {rss:7.1f} MB"
            f"  {size / 1024:8.1f} KiB written  {verdict} (< {TARGET_MB:.0f} MB)"
        )
    return runs


def run(args: argparse.Namespace) -> list[Run]:
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="bench-sie-") as folder:
        workdir = Path(folder)
        for database in args.databases.split(","):
            if database == "sqlite":
                with harness.sqlite_database(workdir) as url:
                    runs += bench_database(database, url, args, workdir)
            elif reason := harness.postgres_reachable():
                print(f"\npostgres skipped: {reason}")
            else:
                with harness.postgres_database(PG_BENCH_DB) as url:
                    runs += bench_database(database, url, args, workdir)
    return runs


def report(runs: list[Run]) -> None:
    print("\nmedians")
    for database in dict.fromkeys(run.database for run in runs):
        for label in dict.fromkeys(run.label for run in runs):
            rows = [r for r in runs if r.database == database and r.label == label]
            if rows:
                seconds = statistics.median(r.seconds for r in rows)
                rss = statistics.median(r.peak_rss_mb for r in rows)
                print(f"  {database:8} {label:28} {seconds:7.2f} s  {rss:7.1f} MB")


def write_json(path: Path, args: argparse.Namespace, runs: list[Run]) -> None:
    path.write_text(json.dumps({"gifts": args.gifts, "runs": [asdict(r) for r in runs]}, indent=2))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gifts", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--databases", default="sqlite,postgres", help="sqlite,postgres")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    return harness.run_bench(parser.parse_args(), run, report, write_json)


if __name__ == "__main__":
    sys.exit(main())
