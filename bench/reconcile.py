"""Benchmark: storing, matching and reconciling one payout of 10 000 balance transactions.

For each database (a fresh SQLite file, and ``solidarity_bench_reconcile`` on the local
PostgreSQL when reachable) the script migrates, then in a child process loads gifts,
refunds and disputes for the payout, builds the payout's balance transactions as Stripe
lists them (``expand[]=data.source``: charges lead to their payment intent, refunds and
disputes to their charge) as a local list, and times
``donations.finance.reconciliation.store_and_reconcile`` over it: parsing every line,
matching it to its gift / refund / dispute, storing it, recording each gift's settlement
and checking the sum against the payout.

Each run prints its wall time (what the target is about), the CPU time of the
process and the machine's load average: on a shared machine the two differ.
Each run starts from no stored lines (the first fetch of a payout); a last run
re-fetches with every line already stored (``reconcile_payouts`` again). Every run is
printed; the target is < 5 s per run (PASS/MISS). Fetching the pages from Stripe (100
requests of 100 lines) is not included: it is network time.

Usage::

    .venv/bin/python bench/reconcile.py [--lines 10000] [--runs 3] [--databases sqlite,postgres]
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
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench import harness  # noqa: E402

TARGET_SECONDS = 5.0
PG_DB = "solidarity_bench_reconcile"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--databases", default="sqlite,postgres", help="sqlite,postgres")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # a database URL: time here
    args = parser.parse_args()
    if args.child:
        return child(args)
    return harness.run_bench(args, run, report, write_json)


def run(args: argparse.Namespace) -> list[dict]:
    results = []
    for database in args.databases.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            if database == "sqlite":
                context = harness.sqlite_database(Path(tmp))
            else:
                reason = harness.postgres_reachable()
                if reason:
                    print(f"postgres skipped: {reason}")
                    continue
                context = harness.postgres_database(PG_DB)
            with context as url:
                results += measure(database, url, args)
    return results


def measure(database: str, url: str, args: argparse.Namespace) -> list[dict]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "fundraising.settings",
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
    }
    harness.migrate(env)
    command = [
        str(harness.VENV_BIN / "python"),
        str(Path(__file__)),
        "--child",
        url,
        "--lines",
        str(args.lines),
        "--runs",
        str(args.runs),
    ]
    output = subprocess.run(command, env=env, cwd=BASE_DIR, check=True, capture_output=True)
    runs = [json.loads(line) for line in output.stdout.decode().splitlines() if line]
    for result in runs:
        result["database"] = database
        print(describe(result), flush=True)
    return runs


def describe(result: dict) -> str:
    verdict = "PASS" if result["seconds"] < TARGET_SECONDS else "MISS"
    return (
        f"{result['database']:8} {result['run']:>8}: {result['lines']} lines in "
        f"{result['seconds']:.2f} s ({result['lines'] / result['seconds']:,.0f} lines/s; "
        f"this process's CPU {result['cpu_seconds']:.2f} s, machine load "
        f"{result['load_average']:.1f} on {os.cpu_count()} CPUs), {result['status']}, "
        f"{verdict} (< {TARGET_SECONDS:.0f} s)"
    )


def report(results: list[dict]) -> None:
    for database in dict.fromkeys(result["database"] for result in results):
        first = [r["seconds"] for r in results if r["database"] == database and r["fresh"]]
        if first:
            print(
                f"{database}: median of {len(first)} first fetches {statistics.median(first):.2f} s"
            )


def write_json(path: Path, args: argparse.Namespace, results: list[dict]) -> None:
    path.write_text(json.dumps({"lines": args.lines, "runs": results}, indent=2))


# --- In the child: Django set up on the benchmark's database -------------------------


def child(args: argparse.Namespace) -> int:
    import django

    os.environ["DATABASE_URL"] = args.child
    django.setup()
    payout, pages = load(args.lines)
    for number in range(1, args.runs + 1):
        forget_lines(payout)
        emit(timed(payout, pages, run=str(number), fresh=True))
    emit(timed(payout, pages, run="again", fresh=False))
    return 0


def emit(result: dict) -> None:
    print(json.dumps(result), flush=True)


def timed(payout, pages: list[dict], *, run: str, fresh: bool) -> dict:
    from donations.finance.reconciliation import store_and_reconcile
    from donations.stripe_records import parse_balance_transaction

    started, cpu_started = time.perf_counter(), time.process_time()
    result = store_and_reconcile(payout, (parse_balance_transaction(txn) for txn in pages))
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    return {
        "run": run,
        "fresh": fresh,
        "lines": len(pages),
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "load_average": os.getloadavg()[0],
        "status": result.status,
        "difference_minor": result.difference_minor,
        "unmatched": len(result.unmatched),
    }


def forget_lines(payout) -> None:
    from donations.models import BalanceTransaction, Gift

    BalanceTransaction.objects.all().delete()
    Gift.objects.update(settlement_amount_minor=None, settlement_currency="", exchange_rate=None)


def load(lines: int):
    """Gifts, refunds and disputes in our tables, and the payout's lines as Stripe lists
    them: ~90 % charges (a tenth in EUR), ~8 % refunds, disputes, and the payout's own."""
    from donations.models import Dispute, Donor, Gift, Payout, Refund

    donor = Donor.objects.create(email="bench@example.org", name="Bench")
    charges = lines * 9 // 10
    refunds = lines * 8 // 100
    disputes = lines - 1 - charges - refunds
    Gift.objects.bulk_create(
        [
            Gift(
                donor=donor,
                kind=Gift.Kind.ONCE,
                amount_minor=25000,
                currency="EUR" if i % 10 == 0 else "SEK",
                stripe_payment_intent_id=f"pi_bench_{i}",
                stripe_charge_id=f"ch_bench_{i}" if i % 2 else None,
            )
            for i in range(charges)
        ],
        batch_size=1000,
    )
    gifts = list(Gift.objects.order_by("pk"))
    Refund.objects.bulk_create(
        [
            Refund(
                gift=gifts[i],
                stripe_refund_id=f"re_bench_{i}",
                amount_minor=5000,
                currency=gifts[i].currency,
            )
            for i in range(refunds)
        ],
        batch_size=1000,
    )
    Dispute.objects.bulk_create(
        [
            Dispute(
                stripe_dispute_id=f"dp_bench_{i}",
                gift=gifts[-1 - i],
                stripe_charge_id=f"ch_bench_{charges - 1 - i}",
                status="lost",
                amount_minor=25000,
                currency=gifts[-1 - i].currency,
            )
            for i in range(disputes)
        ]
    )
    pages = [charge_line(i) for i in range(charges)]
    pages += [
        line(f"re_bench_{i}", "refund", -5000, 0, {"object": "refund", "charge": f"ch_bench_{i}"})
        for i in range(refunds)
    ]
    pages += [
        line(
            f"dp_bench_{i}",
            "adjustment",
            -25000,
            20000,
            {"object": "dispute", "charge": f"ch_bench_{charges - 1 - i}"},
            category="dispute",
        )
        for i in range(disputes)
    ]
    total = sum(txn["net"] for txn in pages)
    payout = Payout.objects.create(
        stripe_payout_id="po_bench", amount_minor=total, currency="SEK", status="paid"
    )
    pages.append(line("po_bench", "payout", -total, 0, {"object": "payout"}))
    return payout, pages


def charge_line(i: int) -> dict:
    eur = i % 10 == 0
    source = {"object": "charge", "payment_intent": f"pi_bench_{i}"}
    if eur:
        return line(f"ch_bench_{i}", "charge", 281188, 4398, source, rate=11.2475)
    return line(f"ch_bench_{i}", "charge", 25000, 555, source)


def line(
    source_id: str,
    type_: str,
    amount: int,
    fee: int,
    source: dict,
    *,
    category: str | None = None,
    rate: float | None = None,
) -> dict:
    return {
        "id": f"txn_{source_id}",
        "object": "balance_transaction",
        "amount": amount,
        "fee": fee,
        "net": amount - fee,
        "currency": "sek",
        "exchange_rate": rate,
        "type": type_,
        "reporting_category": category or type_,
        "source": {"id": source_id, **source},
        "created": 1764000000,
        "available_on": 1764600000,
        "description": None,
    }


if __name__ == "__main__":
    sys.exit(main())
