"""Benchmark: the gift export of 1 000 000 rows as CSV and as XLSX, with bounded memory.

Loads a fresh PostgreSQL database (``solidarity_bench_exports``) with N gifts (default
1 000 000, all SEK, over two years; bench/dashboard_data.py), starts gunicorn with one
sync worker (a long timeout: the XLSX file is written before it is sent), and downloads
``gifts.csv`` and ``gifts.xlsx`` for the whole period as a signed-in superuser. For each
it prints the rows asked for, the seconds to the last byte, the size, and the worker's
peak resident memory (VmHWM, read from /proc after each download; a fresh server per
format so one does not hide the other), with PASS/MISS against 250 MB.

Usage::

    .venv/bin/python bench/exports.py [--gifts 1000000] [--keep]
"""

from __future__ import annotations

import tempfile
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
    verdict = "PASS" if peak < TARGET_MB and status == 200 else "MISS"
    print(
        f"{file_format:8} {rows:>9} {status:>6} {ms / 1000:>8.1f} {size / 1e6:>8.1f} "
        f"{idle:>8.1f} {peak:>8.1f}  {verdict}"
    )


if __name__ == "__main__":
    main()
