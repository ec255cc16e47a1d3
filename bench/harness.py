"""What the benchmark scripts share: fresh databases, gunicorn, a closed-loop load
generator, CPU accounting from /proc and the per-endpoint numbers.

The load generator is closed-loop: ``concurrency`` client threads, each with its own
persistent HTTP/1.1 keep-alive connection, send a request, wait for the answer, and send
the next one. It runs on the same machine as the server, so both compete for the CPU.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import math
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent


def venv_bin() -> Path:
    """The project's ``.venv/bin``, or, from a git worktree without one, the directory of
    the Python running this script (its gunicorn is installed next to it)."""
    project = BASE_DIR / ".venv" / "bin"
    return project if (project / "python").exists() else Path(sys.executable).parent


VENV_BIN = venv_bin()
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "solidarity_bench"

HEALTHZ = "GET /healthz/"


# --- Results -------------------------------------------------------------------------


@dataclass
class EndpointResult:
    """Numbers for one endpoint on one database."""

    database: str
    endpoint: str
    seconds: float
    requests: int = 0
    errors: int = 0
    req_per_s: float = 0.0
    p50_ms: float = 0.0
    p90_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    server_cpu_ms_per_req: float = 0.0
    client_cpu_ms_per_req: float = 0.0
    machine_busy_pct: float = 0.0
    error_samples: list[str] = field(default_factory=list)


# --- Environment probes --------------------------------------------------------------


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- Databases -----------------------------------------------------------------------


@contextlib.contextmanager
def sqlite_database(workdir: Path) -> Iterator[str]:
    """A fresh SQLite file in the temp folder (removed with the folder)."""
    path = workdir / "bench.sqlite3"
    yield f"sqlite:///{path}"


@contextlib.contextmanager
def postgres_database(name: str = PG_BENCH_DB) -> Iterator[str]:
    """A freshly created database (``solidarity_bench`` unless named), dropped afterwards."""
    import psycopg

    def admin(sql: str) -> None:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
            conn.execute(sql)

    admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin(f"CREATE DATABASE {name}")
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def postgres_reachable() -> str | None:
    """None when the PostgreSQL server accepts us, else the reason it does not."""
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:
        return str(exc).strip().splitlines()[0]
    return None


def migrate(env: dict[str, str]) -> None:
    """``manage.py migrate`` into the database named by ``env['DATABASE_URL']``."""
    subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )


# --- Server --------------------------------------------------------------------------


@dataclass(frozen=True)
class ServerConfig:
    """How gunicorn is run."""

    workers: int
    worker_class: str
    threads: int

    def describe(self) -> str:
        threads = f" x {self.threads} threads" if self.worker_class == "gthread" else ""
        return f"gunicorn {self.workers} {self.worker_class} workers{threads}"


def server_env(database_url: str, broker: str, workdir: Path, **extra: str) -> dict[str, str]:
    """The environment for migrate and gunicorn, plus the ``extra`` variables.

    The product puts the file-system broker's folders under ``var/`` with no setting to
    move them, so for that fallback a small settings module in the temp folder runs the
    product's settings file (by path: importing the ``fundraising`` package would load
    the Celery app before the settings exist) and points the folders into the temp folder."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        SOLIDARITY_ENV="development",
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
        CELERY_BROKER_URL=broker,
        PYTHONDONTWRITEBYTECODE="1",
        **extra,
    )
    if broker.startswith("filesystem"):
        queue = workdir / "celery"
        product_settings = BASE_DIR / "fundraising" / "settings.py"
        (workdir / "bench_settings.py").write_text(
            "import runpy\n"
            f"_product = runpy.run_path({str(product_settings)!r})\n"
            "globals().update({k: v for k, v in _product.items() if k.isupper()})\n"
            f"CELERY_BROKER_TRANSPORT_OPTIONS = {{'data_folder_in': {str(queue)!r},"
            f" 'data_folder_out': {str(queue)!r}, 'store_processed': False}}\n"
        )
        env["DJANGO_SETTINGS_MODULE"] = "bench_settings"
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(workdir), env.get("PYTHONPATH")]))
    return env


@contextlib.contextmanager
def gunicorn(config: ServerConfig, env: dict[str, str], workdir: Path) -> Iterator[tuple[int, int]]:
    """Run gunicorn on a free port until the block ends; yields (port, process group id)."""
    port = free_port()
    log = workdir / f"gunicorn-{port}.log"
    command = [
        str(VENV_BIN / "gunicorn"),
        "fundraising.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={config.workers}",
        f"--worker-class={config.worker_class}",
        f"--threads={config.threads if config.worker_class == 'gthread' else 1}",
        "--log-level=warning",
        "--keep-alive=30",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=out, stderr=out, start_new_session=True
        )
    try:
        wait_until_healthy(port, process, log)
        yield port, process.pid
    finally:
        stop_process(process)


def wait_until_healthy(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    """Block until every worker can answer ``/healthz/`` (or fail with gunicorn's log)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}):\n{log.read_text()}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz/")
            if conn.getresponse().status == 200:
                conn.close()
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer /healthz/ within 60 s:\n{log.read_text()}")


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM gunicorn's process group, then SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


# --- CPU accounting ------------------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_group_cpu(pgid: int) -> float:
    """CPU seconds (user + system) used so far by the live processes of a process group:
    gunicorn's master and workers."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rpartition(")")[2].split()
            if int(fields[2]) == pgid:
                total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    ticks = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = ticks[3] + ticks[4]
    return (sum(ticks) - idle) / CLOCK_TICKS, sum(ticks) / CLOCK_TICKS


@dataclass
class CpuSample:
    """CPU counters at one moment: the server's, this process's and the machine's."""

    server: float
    client: float
    busy: float
    total: float

    @classmethod
    def take(cls, server_pgid: int) -> CpuSample:
        busy, total = machine_cpu()
        return cls(process_group_cpu(server_pgid), time.process_time(), busy, total)


# --- Load generator ------------------------------------------------------------------

RequestSpec = tuple[str, str, bytes | None, dict[str, str]]


@dataclass
class ClientStats:
    """What one client thread saw."""

    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)


def client_loop(
    port: int,
    next_request: Callable[[], RequestSpec],
    stop: threading.Event,
    measure: threading.Event,
    stats: ClientStats,
) -> None:
    """One closed-loop client on a keep-alive connection; records latencies while
    ``measure`` is set (the warm-up runs with it cleared)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while not stop.is_set():
        method, path, body, headers = next_request()
        started = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
            error = None if response.status == 200 else f"HTTP {response.status}: {content[:120]!r}"
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            error = f"{type(exc).__name__}: {exc}"
        elapsed = time.perf_counter() - started
        if measure.is_set():
            stats.latencies.append(elapsed)
            if error:
                stats.errors[error] += 1
    conn.close()


@dataclass
class LoadOutcome:
    """Raw results of one load run."""

    latencies: list[float]
    errors: Counter[str]
    elapsed: float
    cpu_before: CpuSample
    cpu_after: CpuSample


def run_load(
    port: int,
    server_pgid: int,
    next_request: Callable[[], RequestSpec],
    concurrency: int,
    warmup: float,
    seconds: float,
) -> LoadOutcome:
    """Drive the server with ``concurrency`` clients: warm up, then measure ``seconds``
    (latencies, errors, wall time and CPU counters around the measured window)."""
    stop, measure = threading.Event(), threading.Event()
    stats = [ClientStats() for _ in range(concurrency)]
    threads = [
        threading.Thread(
            target=client_loop, args=(port, next_request, stop, measure, s), daemon=True
        )
        for s in stats
    ]
    for thread in threads:
        thread.start()
    time.sleep(warmup)
    cpu_before = CpuSample.take(server_pgid)
    measure.set()
    started = time.perf_counter()
    time.sleep(seconds)
    measure.clear()
    elapsed = time.perf_counter() - started
    cpu_after = CpuSample.take(server_pgid)
    stop.set()
    for thread in threads:
        thread.join()
    latencies = [latency for s in stats for latency in s.latencies]
    errors = sum((s.errors for s in stats), Counter())
    return LoadOutcome(latencies, errors, elapsed, cpu_before, cpu_after)


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def summarise(database: str, endpoint: str, outcome: LoadOutcome) -> EndpointResult:
    """Turn raw latencies and CPU counters into the table's numbers."""
    ordered = sorted(outcome.latencies)
    elapsed, errors = outcome.elapsed, outcome.errors
    before, after = outcome.cpu_before, outcome.cpu_after
    per_request_ms = 1000 / max(len(ordered), 1)
    return EndpointResult(
        database=database,
        endpoint=endpoint,
        seconds=round(elapsed, 3),
        requests=len(ordered),
        errors=sum(errors.values()),
        req_per_s=round(len(ordered) / elapsed, 1),
        p50_ms=round(percentile(ordered, 0.50) * 1000, 2),
        p90_ms=round(percentile(ordered, 0.90) * 1000, 2),
        p99_ms=round(percentile(ordered, 0.99) * 1000, 2),
        max_ms=round(ordered[-1] * 1000, 2) if ordered else math.nan,
        server_cpu_ms_per_req=round((after.server - before.server) * per_request_ms, 3),
        client_cpu_ms_per_req=round((after.client - before.client) * per_request_ms, 3),
        machine_busy_pct=round(100 * (after.busy - before.busy) / (after.total - before.total), 1),
        error_samples=[f"{count} x {message}" for message, count in errors.most_common(5)],
    )


def healthz_request() -> RequestSpec:
    """The minimal view's request."""
    return ("GET", "/healthz/", None, {})


def measure_endpoint(
    database: str,
    endpoint: str,
    server: tuple[int, int],
    next_request: Callable[[], RequestSpec],
    args: argparse.Namespace,
) -> EndpointResult:
    """Load-test one endpoint and print a one-line progress note."""
    print(f"[{database}] {endpoint}: {args.warmup:g}s warm-up + {args.seconds:g}s", flush=True)
    port, pgid = server
    outcome = run_load(port, pgid, next_request, args.concurrency, args.warmup, args.seconds)
    return summarise(database, endpoint, outcome)


def redact(url: str) -> str:
    """The URL without a password, for printing."""
    scheme, sep, rest = url.partition("://")
    if "@" in rest and ":" in rest.split("@", 1)[0]:
        user = rest.split(":", 1)[0]
        rest = f"{user}:***@{rest.split('@', 1)[1]}"
    return f"{scheme}{sep}{rest}"


def install_sigterm_handler() -> None:
    """Turn SIGTERM into KeyboardInterrupt so the same cleanup runs as on Ctrl-C."""

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def run_bench(
    args: argparse.Namespace,
    run: Callable[[argparse.Namespace], list[Any]],
    report: Callable[[list[Any]], None],
    write_json: Callable[[Path, argparse.Namespace, list[Any]], None],
) -> int:
    """A benchmark's entry point: run, print its table, write JSON if asked; exits 0
    whatever the figures (it is a benchmark), 130 when interrupted."""
    install_sigterm_handler()
    try:
        results = run(args)
    except KeyboardInterrupt:
        print("\ninterrupted; gunicorn stopped and temp files removed", file=sys.stderr)
        return 130
    report(results)
    if args.json:
        write_json(args.json, args, results)
    return 0


def add_server_arguments(parser: argparse.ArgumentParser) -> None:
    """The options every gunicorn benchmark shares: the load, the server and the output."""
    parser.add_argument("--databases", default="sqlite,postgres", help="sqlite,postgres")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--worker-class", choices=["gthread", "sync"], default="gthread")
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
