"""Benchmark: the gift export of 1 000 000 rows as CSV and as XLSX, with bounded memory.

Loads a fresh PostgreSQL database (``solidarity_bench_exports``) with N gifts (default
1 000 000, all SEK, over two years; bench/dashboard_data.py) and starts gunicorn with
one sync worker (a fresh one per format, so one does not hide the other), signed in as
a superuser:

- ``gifts.csv`` for the whole period streams from the web worker: seconds to the last
  byte, size, and the worker's peak resident memory (VmHWM from /proc);
- ``gifts.xlsx`` answers at once with a redirect to "Your exports" (the seconds to that
  answer are printed); the file is then built by the task the worker would run
  (``prepared.build``), here in a fresh process: its seconds, the file's size and the
  process's peak resident memory.

Each with PASS/MISS against 250 MB.

Usage::

    .venv/bin/python bench/exports.py [--gifts 1000000] [--keep]
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import dashboard_data as data
import harness

DATABASE = "solidarity_bench_exports"
TARGET_MB = 250.0


def peak_rss_mb(master_pid: int) -> float:
    """The largest VmHWM among gunicorn's workers (children of the master)."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    peaks = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return max(peaks)


def export_path(file_format: str) -> str:
    from django.urls import reverse
    from django.utils import timezone

    today = timezone.localdate()
    start = today - timedelta(days=data.DAYS + 1)
    url = reverse("dashboards:export", args=["gifts", file_format])
    return f"{url}?start={start}&end={today}&currency=SEK&by=month"


def main() -> None:
    args = data.arguments(__doc__).parse_args()
    with data.loaded_database(DATABASE, args.gifts, args.keep) as cookie:
        print(
            f"\n{'export':8} {'rows':>9} {'status':>6} {'seconds':>8} {'MB sent':>8} "
            f"{'idle MB':>8} {'peak MB':>8}  verdict"
        )
        for file_format in ("csv", "xlsx"):
            measure(file_format, args.gifts, cookie)


def build_in_fresh_process(workdir: Path) -> tuple[float, int, float]:
    """Build the export the XLSX request queued, as the worker would, in a process of its
    own: (seconds, file size, peak MB)."""
    from donations.models import PreparedExport

    export = PreparedExport.objects.latest("pk")
    env = {**os.environ, "PRIVATE_EXPORTS_ROOT": str(workdir / "exports"), "TMPDIR": str(workdir)}
    output = subprocess.run(
        [sys.executable, __file__, "--build", str(export.pk)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    export.refresh_from_db()
    assert export.status == PreparedExport.Status.READY, export.error
    size = (workdir / "exports" / export.file.name).stat().st_size
    return float(output[-2]), size, float(output[-1])


def build(export_pk: int) -> None:
    """The ``--build`` mode: prints seconds and peak MB (ru_maxrss is in kB)."""
    import django

    django.setup()
    from donations.dashboards import prepared

    started = time.perf_counter()
    prepared.build(export_pk)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{time.perf_counter() - started:.1f} {peak:.1f}")


def measure(file_format: str, rows: int, cookie: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        env = harness.server_env(
            data.database_url(DATABASE),
            "memory://",
            workdir,
            GUNICORN_CMD_ARGS="--timeout=1800",
            TMPDIR=str(workdir),
        )
        config = harness.ServerConfig(workers=1, worker_class="sync", threads=1)
        with harness.gunicorn(config, env, workdir) as (port, master):
            data.get(port, "/healthz/", cookie)
            idle = peak_rss_mb(master)
            status, ms, size = data.get(port, export_path(file_format), cookie)
            peak = peak_rss_mb(master)
        expected = 200 if file_format == "csv" else 302
        if file_format == "xlsx":
            print(
                f"{'xlsx ask':8} {'':>9} {status:>6} {ms / 1000:>8.3f}   (the answer: a redirect)"
            )
            seconds, size, peak = build_in_fresh_process(workdir)
            ms, idle, status = seconds * 1000, float("nan"), expected
    verdict = "PASS" if peak < TARGET_MB and status == expected else "MISS"
    label = "xlsx task" if file_format == "xlsx" else file_format
    print(
        f"{label:9} {rows:>8} {status:>6} {ms / 1000:>8.1f} {size / 1e6:>8.1f} "
        f"{idle:>8.1f} {peak:>8.1f}  {verdict}"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--build"]:
        build(int(sys.argv[2]))
    else:
        main()
