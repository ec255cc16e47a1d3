"""Benchmark: how fast does the Stripe webhook acknowledge, compared with a minimal view?

For each database (SQLite, PostgreSQL) the script prepares a fresh database, migrates
it, starts gunicorn on it and load-tests, against the same server, ``GET /healthz/``
(the minimal Django view: full middleware stack, no database) and ``POST /stripe/webhook/``
with unique, correctly signed ``checkout.session.completed`` events. Processing of the
events happens later in Celery and is not measured; no Celery worker is started, so
the first event queues a dispatch and the later ones find it pending.

The load generator (``bench/harness.py``) is closed-loop: ``--concurrency`` client
threads, each with its own persistent HTTP/1.1 keep-alive connection, send a request,
wait for the answer, and send the next one. It runs on the same machine as the server,
so both compete for the CPU.

Targets: webhook acknowledgement p99 < 25 ms, and webhook throughput >= 60 % of the
minimal view's. The exit code is 0 whatever the outcome (it is a benchmark).

Usage::

    .venv/bin/python bench/webhook_ack.py [--seconds 10] [--concurrency 8] [--workers 2]
        [--databases sqlite,postgres] [--json out.json]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import hmac
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from harness import (
    BASE_DIR,
    HEALTHZ,
    EndpointResult,
    RequestSpec,
    ServerConfig,
    add_server_arguments,
    gunicorn,
    healthz_request,
    measure_endpoint,
    migrate,
    postgres_database,
    postgres_reachable,
    redact,
    run_bench,
    server_env,
    sqlite_database,
)

SHARED_FIXTURES = BASE_DIR.parent / "shared" / "stripe" / "fixtures3.json"
# The emulator's unchanged subset of the same examples, for a clone without ../shared.
DEFAULT_FIXTURES = (
    SHARED_FIXTURES if SHARED_FIXTURES.exists() else BASE_DIR / "stripe_emulator" / "fixtures.json"
)

WEBHOOK_SECRET = "whsec_emulator_local_development_secret"
REDIS_BROKER_URL = "redis://127.0.0.1:6379/15"

WEBHOOK = "POST /stripe/webhook/"

TARGET_ACK_P99_MS = 25.0
TARGET_WEBHOOK_SHARE = 0.60

# Headroom when sizing the pre-generated event pool from the minimal view's throughput.
EVENT_POOL_HEADROOM = 1.5


# --- Results -------------------------------------------------------------------------


@dataclass
class DatabaseResult:
    """Both endpoints on one database, plus the comparison and target checks."""

    database: str
    broker: str
    server: str
    healthz: EndpointResult
    webhook: EndpointResult
    webhook_share: float
    targets: dict[str, bool]
    notes: list[str] = field(default_factory=list)


# --- Signed Stripe events ------------------------------------------------------------


def stripe_api_version() -> str:
    """The API version the product's pinned SDK expects (events of another version are
    only stored as a mismatch, which would not exercise the enqueue path)."""
    import stripe

    return str(stripe.api_version)


def load_fixtures(path: Path) -> dict[str, Any]:
    """Stripe's official example objects, keyed by object name."""
    return json.loads(path.read_text())["resources"]


def new_id(prefix: str) -> str:
    """A random Stripe-looking id such as ``evt_3f2a...``."""
    return f"{prefix}_{secrets.token_hex(12)}"


def signature_header(payload: bytes, secret: str, timestamp: int) -> str:
    """Stripe's ``Stripe-Signature`` header: HMAC-SHA256 of ``"<t>.<payload>"``."""
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


class EventFactory:
    """Builds unique, signed ``checkout.session.completed`` deliveries from the fixtures."""

    def __init__(self, fixtures: dict[str, Any], api_version: str, secret: str) -> None:
        self.secret = secret
        self.session = dict(fixtures["checkout.session"], status="complete")
        self.session.update(payment_status="paid", mode="payment", submit_type="donate")
        self.event = dict(fixtures["event"], type="checkout.session.completed")
        self.event.update(api_version=api_version, livemode=False)
        self.event["data"] = {"object": self.session}

    def delivery(self) -> tuple[bytes, dict[str, str]]:
        """One event with fresh ids, serialised and signed: (body, headers)."""
        now = int(time.time())
        self.session.update(id=new_id("cs_test"), payment_intent=new_id("pi"))
        self.session["metadata"] = {"checkout_intent_id": new_id("bench"), "campaign_id": ""}
        self.event.update(id=new_id("evt"), created=now)
        body = json.dumps(self.event).encode()
        headers = {
            "Content-Type": "application/json",
            "Stripe-Signature": signature_header(body, self.secret, now),
        }
        return body, headers

    def pool(self, size: int) -> EventPool:
        """``size`` deliveries generated up front, so signing is not part of the timing."""
        return EventPool([self.delivery() for _ in range(size)], fallback=self.delivery)


class EventPool:
    """Thread-safe hand-out of pre-generated deliveries; generates more if it runs dry
    (and counts that, since those requests then include client-side signing time)."""

    def __init__(
        self,
        deliveries: list[tuple[bytes, dict[str, str]]],
        fallback: Callable[[], tuple[bytes, dict[str, str]]],
    ) -> None:
        self._deliveries = deliveries
        self._next = 0
        self._lock = threading.Lock()
        self._fallback = fallback
        self.generated_late = 0

    def take(self) -> tuple[bytes, dict[str, str]]:
        """The next unused delivery."""
        with self._lock:
            if self._next < len(self._deliveries):
                self._next += 1
                return self._deliveries[self._next - 1]
            self.generated_late += 1
            return self._fallback()


# --- Environment probes --------------------------------------------------------------


def redis_reachable(url: str) -> bool:
    """Whether the Redis broker answers PING."""
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1).ping())
    except Exception:
        return False


def clear_redis_queue(url: str) -> None:
    """Remove the Celery queue and kombu bindings the benchmark left in the bench Redis DB."""
    import redis

    client = redis.Redis.from_url(url, socket_timeout=2)
    keys = [b"celery", *client.scan_iter(match="_kombu.binding*")]
    client.delete(*keys)


# --- One database --------------------------------------------------------------------


def bench_database(
    database: str, database_url: str, broker: str, args: argparse.Namespace, workdir: Path
) -> DatabaseResult:
    """Migrate, serve and measure both endpoints for one database."""
    config = ServerConfig(args.workers, args.worker_class, args.threads)
    env = server_env(database_url, broker, workdir, STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET)
    print(f"\n[{database}] migrating {redact(database_url)} ...", flush=True)
    migrate(env)
    factory = EventFactory(load_fixtures(args.fixtures), stripe_api_version(), WEBHOOK_SECRET)
    with gunicorn(config, env, workdir) as (port, pgid):
        print(f"[{database}] {config.describe()} on 127.0.0.1:{port}", flush=True)
        healthz = measure_endpoint(database, HEALTHZ, (port, pgid), healthz_request, args)
        pool_size = int(healthz.req_per_s * (args.seconds + args.warmup) * EVENT_POOL_HEADROOM)
        pool = factory.pool(max(pool_size, 1000))
        webhook = measure_endpoint(database, WEBHOOK, (port, pgid), webhook_requests(pool), args)
    share = webhook.req_per_s / healthz.req_per_s if healthz.req_per_s else 0.0
    notes = []
    if pool.generated_late:
        notes.append(f"event pool ran dry: {pool.generated_late} events signed during timing")
    return DatabaseResult(
        database=database,
        broker=redact(broker),
        server=config.describe(),
        healthz=healthz,
        webhook=webhook,
        webhook_share=round(share, 3),
        targets={
            f"webhook ack p99 < {TARGET_ACK_P99_MS:g} ms": webhook.p99_ms < TARGET_ACK_P99_MS,
            f"webhook >= {TARGET_WEBHOOK_SHARE:.0%} of minimal view req/s": (
                share >= TARGET_WEBHOOK_SHARE
            ),
            "no errors": healthz.errors == 0 and webhook.errors == 0,
        },
        notes=notes,
    )


def webhook_requests(pool: EventPool) -> Callable[[], RequestSpec]:
    """Requests delivering the pool's events, each exactly once."""

    def next_request() -> RequestSpec:
        body, headers = pool.take()
        return ("POST", "/stripe/webhook/", body, headers)

    return next_request


# --- Report --------------------------------------------------------------------------


def print_table(results: list[DatabaseResult]) -> None:
    """The summary table, target checks and any errors."""
    header = (
        f"{'database':<10} {'endpoint':<22} {'requests':>9} {'req/s':>8} "
        f"{'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>7} {'% of view':>10}"
    )
    print("\n" + header + "\n" + "-" * len(header))
    for result in results:
        for row in (result.healthz, result.webhook):
            share = f"{result.webhook_share:.0%}" if row is result.webhook else "100%"
            print(
                f"{row.database:<10} {row.endpoint:<22} {row.requests:>9} {row.req_per_s:>8.1f} "
                f"{row.p50_ms:>8.2f} {row.p90_ms:>8.2f} {row.p99_ms:>8.2f} {row.max_ms:>8.2f} "
                f"{row.errors:>7} {share:>10}"
            )
    print(
        "\nCPU per request (ms): server = gunicorn master+workers; client = this load generator;"
        " machine busy = all cores, incl. the database server"
    )
    for result in results:
        for row in (result.healthz, result.webhook):
            print(
                f"{row.database:<10} {row.endpoint:<22} server {row.server_cpu_ms_per_req:6.2f}"
                f"  client {row.client_cpu_ms_per_req:6.2f}"
                f"  machine busy {row.machine_busy_pct:5.1f} %"
            )
    for result in results:
        print(f"\n[{result.database}] server: {result.server}; broker: {result.broker}")
        for target, met in result.targets.items():
            print(f"  {'PASS' if met else 'MISS'}  {target}")
        for row in (result.healthz, result.webhook):
            for sample in row.error_samples:
                print(f"  error on {row.endpoint}: {sample}")
        for note in result.notes:
            print(f"  note: {note}")


def write_json(path: Path, args: argparse.Namespace, results: list[DatabaseResult]) -> None:
    """The numbers, with the run's parameters, as JSON."""
    document = {
        "parameters": {
            "seconds": args.seconds,
            "warmup": args.warmup,
            "concurrency": args.concurrency,
            "workers": args.workers,
            "worker_class": args.worker_class,
            "threads": args.threads,
            "cpu_count": os.cpu_count(),
        },
        "targets": {"ack_p99_ms": TARGET_ACK_P99_MS, "webhook_share": TARGET_WEBHOOK_SHARE},
        "results": [asdict(result) for result in results],
    }
    path.write_text(json.dumps(document, indent=2) + "\n")
    print(f"\nwrote {path}")


# --- Main ----------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_server_arguments(parser)
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds each")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds first")
    parser.add_argument(
        "--broker",
        choices=["auto", "redis", "filesystem", "memory"],
        default="auto",
        help="auto: Redis DB 15 when reachable, else filesystem; memory: for profiling only",
    )
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES)
    args = parser.parse_args(argv)
    args.databases = [name.strip() for name in args.databases.split(",") if name.strip()]
    unknown = set(args.databases) - {"sqlite", "postgres"}
    if unknown:
        parser.error(f"unknown database(s): {', '.join(sorted(unknown))}")
    return args


def choose_broker(choice: str) -> str:
    """Redis when it answers (or asked for), else the product's default file-system broker;
    ``memory`` is kombu's in-process transport, to isolate the cost of publishing."""
    if choice == "auto":
        return REDIS_BROKER_URL if redis_reachable(REDIS_BROKER_URL) else "filesystem://"
    return {"redis": REDIS_BROKER_URL, "filesystem": "filesystem://", "memory": "memory://"}[choice]


def print_setup(args: argparse.Namespace, broker: str) -> None:
    """Say what is being measured and why the defaults are what they are."""
    config = ServerConfig(args.workers, args.worker_class, args.threads)
    print(f"machine: {os.cpu_count()} CPU cores; load generator and server share them")
    print(
        f"server: {config.describe()} (threads let a worker overlap database/broker I/O;"
        " 2 workers for 2 cores)"
    )
    print(
        f"clients: {args.concurrency} closed-loop threads, HTTP/1.1 keep-alive, "
        f"{args.warmup:g}s warm-up + {args.seconds:g}s per endpoint"
    )
    where = {
        "redis": "Redis DB 15",
        "filesystem": "filesystem broker in a temp folder",
        "memory": "in-process memory transport: profiling only, nothing leaves gunicorn",
    }[broker.partition(":")[0]]
    print(f"broker: {redact(broker)} ({where}); no Celery worker: one dispatch gets queued")


def run(args: argparse.Namespace) -> list[DatabaseResult]:
    """Benchmark every requested database, cleaning up after each."""
    broker = choose_broker(args.broker)
    print_setup(args, broker)
    results = []
    for database in args.databases:
        if database == "postgres" and (reason := postgres_reachable()):
            print(f"\n[postgres] SKIPPED: PostgreSQL at 127.0.0.1:5432 is unreachable ({reason})")
            continue
        workdir = Path(tempfile.mkdtemp(prefix=f"webhook-bench-{database}-"))
        try:
            database_cm = sqlite_database(workdir) if database == "sqlite" else postgres_database()
            with database_cm as url:
                results.append(bench_database(database, url, broker, args, workdir))
        except (subprocess.CalledProcessError, RuntimeError) as exc:
            print(f"\n[{database}] FAILED to set up: {exc}", file=sys.stderr)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
            if broker.startswith("redis"):
                with contextlib.suppress(Exception):
                    clear_redis_queue(broker)
    return results


def main(argv: list[str] | None = None) -> int:
    return run_bench(parse_args(argv), run, print_table, write_json)


if __name__ == "__main__":
    sys.exit(main())
