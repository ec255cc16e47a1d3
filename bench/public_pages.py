"""Benchmark: how fast are the public pages, compared with the framework floor?

For each database (SQLite, PostgreSQL) and each number of gifts, the script prepares a
fresh database (migrate, ``seed_demo``, the gifts loaded with plain SQL by
``bench/page_data.py``, which also measures each page's queries and CPU on a page-cache
miss and hit in one process), starts gunicorn on it and load-tests against that same
server, in ``--rounds`` rounds, the floor (``GET /healthz/``: full middleware, no
database) and then each public page: home, the campaign list, a campaign page, the
solidarity fund and a programme page. Every run is printed; then a table with each
page's req/s, p50 and p99, its share of the floor's req/s, its queries and its CPU on a
miss and a hit.

Visitors are anonymous and carry no cookies, so every request gets a new CSRF cookie,
like a first visit; they are served from the page cache (``PAGE_CACHE_SECONDS``, set by
``--page-cache-seconds``; 0 measures the pages as rendered every time).

Target: every page >= 25 % of the floor's req/s. The exit code is 0 whatever the outcome.

Usage::

    python bench/public_pages.py [--seconds 5] [--rounds 3] [--gifts 0,1000000]
        [--databases sqlite,postgres] [--page-cache-seconds 5] [--cache locmem|redis]
        [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from harness import (
    BASE_DIR,
    VENV_BIN,
    EndpointResult,
    RequestSpec,
    ServerConfig,
    add_server_arguments,
    gunicorn,
    measure_endpoint,
    migrate,
    postgres_database,
    postgres_reachable,
    redact,
    run_bench,
    server_env,
    sqlite_database,
)

TARGET_SHARE = 0.25
PG_BENCH_DB = "solidarity_bench_pages"
# Page views publish no Celery task; kombu's in-process transport keeps the run self-contained.
BROKER = "memory://"
FLOOR = "floor"
# The benchmarks' own Redis database (webhook_ack.py's broker); only page keys are written.
REDIS_CACHE_URL = "redis://127.0.0.1:6379/15"


# --- Results -------------------------------------------------------------------------


@dataclass
class PageResult:
    """One page (or the floor) over all rounds on one database and data size."""

    name: str
    path: str
    runs: list[EndpointResult]
    req_per_s: float
    p50_ms: float
    p99_ms: float
    share_of_floor: float
    lowest_round_share: float
    server_cpu_ms: float
    queries_miss: int
    queries_hit: int
    cpu_ms_miss: float
    cpu_ms_hit: float
    errors: int

    @property
    def met(self) -> bool:
        return self.share_of_floor >= TARGET_SHARE and self.errors == 0


@dataclass
class ScenarioResult:
    """Every page on one database with one number of gifts."""

    database: str
    gifts: int
    server: str
    load_seconds: float
    pages: list[PageResult] = field(default_factory=list)


# --- One database and data size ------------------------------------------------------


def prepare(env: dict[str, str], gifts: int) -> dict:
    """Migrate, seed, load the gifts and measure queries and CPU in one process."""
    migrate(env)
    output = subprocess.run(
        [str(VENV_BIN / "python"), "bench/page_data.py", str(gifts)],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def page_request(path: str) -> Callable[[], RequestSpec]:
    """An anonymous first visit: a GET without cookies."""
    return lambda: ("GET", path, None, {})


def bench_scenario(
    database: str, database_url: str, gifts: int, args: argparse.Namespace, workdir: Path
) -> ScenarioResult:
    """Prepare the data, serve it, and measure the floor and every page in rounds."""
    label = f"{database} {gifts:,} gifts"
    env = server_env(database_url, BROKER, workdir, PAGE_CACHE_SECONDS=str(args.page_cache_seconds))
    if args.cache == "redis":
        env["CACHE_URL"] = REDIS_CACHE_URL
    print(f"\n[{label}] preparing {redact(database_url)} ...", flush=True)
    data = prepare(env, gifts)
    print(f"[{label}] seeded and loaded in {data['load_seconds']:g}s", flush=True)
    config = ServerConfig(args.workers, args.worker_class, args.threads)
    runs: dict[str, list[EndpointResult]] = {name: [] for name in data["paths"]}
    with gunicorn(config, env, workdir) as server:
        print(f"[{label}] {config.describe()} on 127.0.0.1:{server[0]}", flush=True)
        for round_number in range(1, args.rounds + 1):
            for name, path in data["paths"].items():
                endpoint = f"round {round_number} {name} GET {path}"
                result = measure_endpoint(label, endpoint, server, page_request(path), args)
                runs[name].append(result)
                print_run(result)
    scenario = ScenarioResult(database, gifts, config.describe(), data["load_seconds"])
    scenario.pages = [page_result(name, data, runs) for name in data["paths"]]
    return scenario


def print_run(run: EndpointResult) -> None:
    print(
        f"    {run.req_per_s:8.1f} req/s  p50 {run.p50_ms:6.2f} ms  p99 {run.p99_ms:7.2f} ms"
        f"  server CPU {run.server_cpu_ms_per_req:5.2f} ms/req  errors {run.errors}",
        flush=True,
    )


def page_result(name: str, data: dict, runs: dict[str, list[EndpointResult]]) -> PageResult:
    """Pool one page's rounds: req/s over all of them, the median p50, the worst p99, and
    its share of the floor's req/s (pooled, and in its worst round)."""
    mine, floor = runs[name], runs[FLOOR]
    rate = req_per_s(mine)
    round_shares = [
        page.req_per_s / base.req_per_s
        for page, base in zip(mine, floor, strict=True)
        if base.req_per_s
    ]
    return PageResult(
        name=name,
        path=data["paths"][name],
        runs=mine,
        req_per_s=round(rate, 1),
        p50_ms=statistics.median(run.p50_ms for run in mine),
        p99_ms=max(run.p99_ms for run in mine),
        share_of_floor=round(rate / req_per_s(floor), 3) if req_per_s(floor) else 0.0,
        lowest_round_share=round(min(round_shares, default=0.0), 3),
        server_cpu_ms=round(server_cpu_ms(mine), 3),
        queries_miss=data["queries"][name][0],
        queries_hit=data["queries"][name][1],
        cpu_ms_miss=data["cpu_ms"][name][0],
        cpu_ms_hit=data["cpu_ms"][name][1],
        errors=sum(run.errors for run in mine),
    )


def server_cpu_ms(runs: list[EndpointResult]) -> float:
    """gunicorn's CPU per request over all rounds: robust where req/s is not, when other
    work shares the machine."""
    requests = sum(run.requests for run in runs)
    total = sum(run.server_cpu_ms_per_req * run.requests for run in runs)
    return total / requests if requests else 0.0


def req_per_s(runs: list[EndpointResult]) -> float:
    seconds = sum(run.seconds for run in runs)
    return sum(run.requests for run in runs) / seconds if seconds else 0.0


# --- Report --------------------------------------------------------------------------


def print_table(results: list[ScenarioResult]) -> None:
    """One row per page and scenario, then the target checks and any errors."""
    header = (
        f"{'database':<9} {'gifts':>9} {'page':<14} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'% floor':>8} {'worst rnd':>9} {'CPU ms':>7} {'queries':>8} {'miss ms':>8} "
        f"{'hit ms':>7}  target"
    )
    print("\n" + header + "\n" + "-" * len(header))
    for scenario in results:
        for page in scenario.pages:
            verdict = "" if page.name == FLOOR else ("PASS" if page.met else "MISS")
            print(
                f"{scenario.database:<9} {scenario.gifts:>9,} {page.name:<14} "
                f"{page.req_per_s:>8.1f} {page.p50_ms:>7.2f} {page.p99_ms:>7.2f} "
                f"{page.share_of_floor:>8.0%} {page.lowest_round_share:>9.0%} "
                f"{page.server_cpu_ms:>7.2f} "
                f"{page.queries_miss:>3}/{page.queries_hit:<4} {page.cpu_ms_miss:>8.2f} "
                f"{page.cpu_ms_hit:>7.2f}  {verdict}"
            )
    print(
        "\n% floor: the page's req/s over all rounds / the floor's; worst rnd: the lowest"
        " share in a single round; p99: the worst round's; CPU ms: gunicorn's per request."
        "\nqueries miss/hit, miss ms, hit ms:"
        " one request through Django's handler in one process (CPU, median of 20), with the"
        " page cache empty and primed."
    )
    for scenario in results:
        for page in scenario.pages:
            for run in page.runs:
                for sample in run.error_samples:
                    print(f"  error on {scenario.database} {page.name}: {sample}")
    missed = [
        f"{scenario.database} {scenario.gifts:,} gifts {page.name}"
        for scenario in results
        for page in scenario.pages
        if page.name != FLOOR and not page.met
    ]
    target = f"every page >= {TARGET_SHARE:.0%} of the floor's req/s"
    print(f"\n{'MISS' if missed else 'PASS'}  {target}" + "".join(f"\n  MISS  {m}" for m in missed))


def write_json(path: Path, args: argparse.Namespace, results: list[ScenarioResult]) -> None:
    """The numbers, with the run's parameters, as JSON."""
    parameters = {k: v for k, v in vars(args).items() if k != "json"}
    document = {
        "parameters": {**parameters, "cpu_count": os.cpu_count()},
        "target_share": TARGET_SHARE,
        "results": [asdict(result) for result in results],
    }
    path.write_text(json.dumps(document, indent=2, default=str) + "\n")
    print(f"\nwrote {path}")


# --- Main ----------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_server_arguments(parser)
    parser.add_argument("--seconds", type=float, default=5.0, help="measured seconds per run")
    parser.add_argument("--warmup", type=float, default=1.0, help="unmeasured seconds first")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of floor + every page")
    parser.add_argument("--gifts", default="0,1000000", help="gift counts, comma-separated")
    parser.add_argument("--page-cache-seconds", type=int, default=5, help="0: no page cache")
    parser.add_argument(
        "--cache", choices=["locmem", "redis"], default="locmem", help="redis: DB 15, shared"
    )
    args = parser.parse_args(argv)
    args.gifts = [int(count.replace("_", "")) for count in args.gifts.split(",") if count]
    args.databases = [name.strip() for name in args.databases.split(",") if name.strip()]
    unknown = set(args.databases) - {"sqlite", "postgres"}
    if unknown:
        parser.error(f"unknown database(s): {', '.join(sorted(unknown))}")
    return args


def print_setup(args: argparse.Namespace) -> None:
    """Say what is being measured."""
    config = ServerConfig(args.workers, args.worker_class, args.threads)
    print(f"machine: {os.cpu_count()} CPU cores; load generator and server share them")
    where = "Redis DB 15, shared" if args.cache == "redis" else "locmem, per process"
    print(f"server: {config.describe()}; page cache {args.page_cache_seconds}s ({where})")
    print(
        f"clients: {args.concurrency} closed-loop threads, HTTP/1.1 keep-alive, no cookies; "
        f"{args.rounds} rounds of {args.warmup:g}s warm-up + {args.seconds:g}s per page"
    )


def run(args: argparse.Namespace) -> list[ScenarioResult]:
    """Benchmark every database and data size, cleaning up after each."""
    print_setup(args)
    results = []
    for database in args.databases:
        if database == "postgres" and (reason := postgres_reachable()):
            print(f"\n[postgres] SKIPPED: PostgreSQL at 127.0.0.1:5432 is unreachable ({reason})")
            continue
        for gifts in args.gifts:
            workdir = Path(tempfile.mkdtemp(prefix=f"pages-bench-{database}-"))
            try:
                database_cm = (
                    sqlite_database(workdir)
                    if database == "sqlite"
                    else postgres_database(PG_BENCH_DB)
                )
                with database_cm as url:
                    results.append(bench_scenario(database, url, gifts, args, workdir))
            except (subprocess.CalledProcessError, RuntimeError) as exc:
                details = getattr(exc, "stderr", "") or ""
                print(f"\n[{database}] FAILED to set up: {exc}\n{details}", file=sys.stderr)
            finally:
                shutil.rmtree(workdir, ignore_errors=True)
    return results


def main(argv: list[str] | None = None) -> int:
    return run_bench(parse_args(argv), run, print_table, write_json)


if __name__ == "__main__":
    sys.exit(main())
