"""Lighthouse on a campaign page: accessibility, best practices, SEO and performance.

The script prepares a fresh SQLite database (migrate, ``seed_demo``), starts gunicorn on
it, and runs npm ``lighthouse@12.2.3`` against Debian's Chromium (``CHROME_PATH``, by
default ``/usr/bin/chromium``, headless) on the campaign page, with Lighthouse's mobile
and desktop settings, ``--runs`` times each. Every run is printed; then the median score
of each category, whether it meets its target, and the audits that lost points.

Lighthouse is installed into ``bench/.node`` (git-ignored) when missing:
``npm install --prefix bench/.node lighthouse@12.2.3``.

Targets: accessibility, best practices and SEO >= 95; performance >= 90. The exit code
is 0 whatever the outcome.

Usage::

    python bench/lighthouse.py [--runs 3] [--path /kampanjer/fair-wages-western-balkans/]
        [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from harness import BASE_DIR, VENV_BIN, ServerConfig, gunicorn, migrate, run_bench, server_env

LIGHTHOUSE_VERSION = "12.2.3"
NODE_PREFIX = BASE_DIR / "bench" / ".node"
LIGHTHOUSE = NODE_PREFIX / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
CATEGORIES = ("accessibility", "best-practices", "seo", "performance")
TARGETS = {"accessibility": 95, "best-practices": 95, "seo": 95, "performance": 90}
FORM_FACTORS = ("mobile", "desktop")
DEFAULT_PATH = "/kampanjer/fair-wages-western-balkans/"


@dataclass
class LighthouseRun:
    form_factor: str
    run: int
    scores: dict[str, int]
    lost_points: list[str] = field(default_factory=list)


def ensure_lighthouse() -> None:
    if LIGHTHOUSE.exists():
        return
    print(f"installing lighthouse@{LIGHTHOUSE_VERSION} into {NODE_PREFIX}", flush=True)
    subprocess.run(
        ["npm", "install", "--prefix", str(NODE_PREFIX), f"lighthouse@{LIGHTHOUSE_VERSION}"],
        check=True,
    )


def seeded_server_env(workdir: Path) -> dict[str, str]:
    env = server_env(f"sqlite:///{workdir / 'lighthouse.sqlite3'}", "memory://", workdir)
    migrate(env)
    subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", "seed_demo"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return env


def lighthouse(url: str, form_factor: str, workdir: Path) -> dict:
    """One Lighthouse run; its JSON report."""
    report = workdir / f"report-{form_factor}.json"
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(command, env=env, check=True, cwd=workdir)
    return json.loads(report.read_text())


def lost_points(report: dict) -> list[str]:
    """The audits of the scored categories that did not pass, as "category: audit"."""
    audits = report["audits"]
    lost = []
    for name, category in report["categories"].items():
        for ref in category["auditRefs"]:
            audit = audits[ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                lost.append(f"{name}: {ref['id']} ({audit['score']:.2f}) {audit['title']}")
    return lost


def run(args: argparse.Namespace) -> list[LighthouseRun]:
    ensure_lighthouse()
    workdir = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    results: list[LighthouseRun] = []
    try:
        env = seeded_server_env(workdir)
        with gunicorn(ServerConfig(2, "gthread", 4), env, workdir) as (port, _pgid):
            url = f"http://127.0.0.1:{port}{args.path}"
            for form_factor in FORM_FACTORS:
                for number in range(1, args.runs + 1):
                    report = lighthouse(url, form_factor, workdir)
                    scores = {
                        name: round(report["categories"][name]["score"] * 100)
                        for name in CATEGORIES
                    }
                    result = LighthouseRun(form_factor, number, scores, lost_points(report))
                    print(f"{form_factor:8} run {number}: {scores}", flush=True)
                    results.append(result)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return results


def report(results: list[LighthouseRun]) -> None:
    print(f"\nLighthouse {LIGHTHOUSE_VERSION}, median of each category:")
    print(f"{'form factor':12}" + "".join(f"{name:>16}" for name in CATEGORIES))
    for form_factor in FORM_FACTORS:
        runs = [result for result in results if result.form_factor == form_factor]
        cells = []
        for name in CATEGORIES:
            median = statistics.median(result.scores[name] for result in runs)
            verdict = "ok" if median >= TARGETS[name] else f"<{TARGETS[name]}"
            cells.append(f"{median:>10.0f} {verdict:>5}")
        print(f"{form_factor:12}" + "".join(cells))
    lost = sorted({line for result in results for line in result.lost_points})
    if lost:
        print("\nAudits that lost points in some run:")
        for line in lost:
            print(f"  {line}")


def write_json(path: Path, args: argparse.Namespace, results: list[LighthouseRun]) -> None:
    path.write_text(
        json.dumps(
            {"path": args.path, "runs": args.runs, "results": [asdict(r) for r in results]},
            indent=2,
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per form factor")
    parser.add_argument("--path", default=DEFAULT_PATH, help="the page to audit")
    parser.add_argument("--json", type=Path, help="also write the scores here")
    return run_bench(parser.parse_args(), run, report, write_json)


if __name__ == "__main__":
    raise SystemExit(main())
