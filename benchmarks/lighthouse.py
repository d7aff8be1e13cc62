"""``make lighthouse``: Lighthouse's four scores for the site's pages, on a phone.

Builds the synthetic corpus at 6,000 sessions (size 1/10 of ``make bench``:
10 series x 5 seasons x 20 events x 6 sessions), serves it on localhost with
``generator.serve --gzip`` (as GitHub Pages sends it) and runs npm's
Lighthouse, pinned to 12.2.3 (later releases need a newer node), with
Debian's chromium, for the home page in English and German and the largest
schedule page. The site is built as CI would build it today
(``SOURCE_DATE_EPOCH``: the start of the current day in UTC; ``--epoch`` to
choose): a page built long before it is read still lists, until its script
has run, sessions that are over, and the script's correction moves the page.
Lighthouse's default is a mid-range phone on a slow 4G link,
simulated. Not part of ``make test``: it takes a minute, needs the npm
registry once, and its performance score moves by a few points between runs.
Each page is measured ``--runs`` times and the run with the median
performance score is shown.

``python -m benchmarks.lighthouse [--plain] [--runs 3] [--epoch SECONDS] [--keep DIR] [--json]``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.corpus import Size, write_corpus
from benchmarks.pages import HOME_PAGES, page_sizes, read_pages
from generator.build import build
from generator.serve import make_server

LIGHTHOUSE = "lighthouse@12.2.3"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox"
SIZE = Size(series=10)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI",
}
TARGET = 95
"""The performance score wanted for every page, served gzipped."""


def command(url: str, report: Path) -> list[str]:
    """The Lighthouse command line for one page (mobile is its default form factor)."""
    return [
        "npx",
        "--yes",
        LIGHTHOUSE,
        url,
        "--output=json",
        f"--output-path={report}",
        "--quiet",
        "--form-factor=mobile",
        f"--chrome-flags={CHROME_FLAGS}",
    ]


def scores(report: dict) -> dict[str, object]:
    """The four category scores (0-100) and the metrics behind performance, from Lighthouse's JSON."""
    found: dict[str, object] = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    found.update({short: report["audits"][audit]["displayValue"] for audit, short in METRICS.items()})
    return found


def run(url: str, folder: Path) -> dict[str, object]:
    report = folder / "lighthouse.json"
    result = subprocess.run(
        command(url, report), env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url} ({result.returncode}):\n{result.stderr[-3000:]}")
    return scores(json.loads(report.read_text(encoding="utf-8")))


def pages_to_measure(site: Path) -> list[str]:
    sizes = page_sizes(read_pages(site))
    schedules = [size for size in sizes if size.path not in HOME_PAGES]
    largest = max(schedules, key=lambda size: (size.gzipped, size.path))
    return [*HOME_PAGES, largest.path]


def line(path: str, found: dict[str, object]) -> str:
    marks = "  ".join(f"{name} {found[name]}" for name in CATEGORIES)
    metrics = "  ".join(f"{short} {found[short]}" for short in METRICS.values())
    ok = "ok  " if int(found["performance"]) >= TARGET else "MISS"  # type: ignore[call-overload]
    return f"  {ok}  {path}: {marks}\n        {metrics}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.lighthouse",
        description="Lighthouse's scores on a phone for the site built from 6,000 synthetic sessions.",
    )
    parser.add_argument(
        "--plain", action="store_true", help="serve the pages uncompressed (default: gzipped, as GitHub Pages does)"
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="runs per page; the run with the median performance score is shown (default: %(default)s)",
    )
    parser.add_argument(
        "--epoch",
        type=int,
        default=int(time.time()) // 86400 * 86400,
        help="the build's SOURCE_DATE_EPOCH (default: the start of today, UTC)",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        help="build into this folder and keep it, with the Lighthouse reports (default: a temporary folder)",
    )
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = parser.parse_args(argv)
    if not os.access(CHROMIUM, os.X_OK):
        raise SystemExit(f"chromium not found at {CHROMIUM}; set CHROME_PATH")
    if shutil.which("npx") is None:
        raise SystemExit("npx not found: Lighthouse runs from npm (node 18.20 or later)")
    with tempfile.TemporaryDirectory(prefix="race-calendars-lighthouse-") as temporary:
        folder = args.keep or Path(temporary)
        shutil.rmtree(folder / "public", ignore_errors=True)
        feeds = write_corpus(folder / "feeds", SIZE)
        build(feeds, folder / "public", None, {"SOURCE_DATE_EPOCH": str(args.epoch)}, use_cache=False)
        server = make_server(folder / "public", 0, quiet=True, compress=not args.plain)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        results: dict[str, dict[str, object]] = {}
        try:
            for path in pages_to_measure(folder / "public"):
                if not args.json:
                    print(f"measuring {path} ({args.runs} runs) ...", file=sys.stderr, flush=True)
                runs = []
                for number in range(max(1, args.runs)):
                    runs.append(run(base + path, folder))
                    if args.keep:
                        shutil.copy(
                            folder / "lighthouse.json",
                            folder / f"{path.replace('/', '-').removesuffix('.html')}-{number + 1}.json",
                        )
                results[path] = sorted(runs, key=lambda found: int(found["performance"]))[len(runs) // 2]  # type: ignore[call-overload]
        finally:
            server.shutdown()
            server.server_close()
    if args.json:
        print(
            json.dumps(
                {
                    "sessions": SIZE.total_sessions,
                    "served": "plain" if args.plain else "gzip",
                    "lighthouse": LIGHTHOUSE,
                    "pages": results,
                },
                indent=2,
            )
        )
        return 0
    print(
        f"Lighthouse {LIGHTHOUSE.partition('@')[2]}, mobile, {SIZE.total_sessions:,} sessions, served {'plain' if args.plain else 'gzipped'}:"
    )
    print("\n".join(line(path, found) for path, found in results.items()))
    print(f"target: performance >= {TARGET} on every page, served gzipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
