"""``make bench``: how long the build takes, and how that grows with the data.

For each size (by default 1/10, 1/4, 1/2 and all of 100 series x 5 seasons x
20 events x 6 sessions = 60,000 sessions, 20 venues, 10 collections) it
writes a synthetic feeds folder into a temporary folder and measures, each
build in a fresh ``python -m generator build`` process (wall time from
start to exit; peak memory is the most that process and the workers it
forks held together, their proportional set sizes summed every 20 ms, and
never less than the process's own maximum RSS, read with ``wait4``):

- a full build into an empty folder (no output and no cache beside it);
- a rebuild with no change;
- a rebuild after moving one session of one series by an hour;
- the naive baseline (``benchmarks.baseline``): the series feeds alone,
  one icalendar ``Event`` per session, timed without its load and validate;
- at size 1/10 (6,000 sessions), the weight of the pages a reader downloads
  (``benchmarks.pages``): the home pages and the largest schedule page, raw
  and gzipped, against their targets (built for that alone under ``--quick``).

Each is run three times (``--repeat``) and the median shown: on a shared
2-core machine one run in several can be a fifth slower than the others.
The package is byte-compiled first, as an installed package is (where
``PYTHONDONTWRITEBYTECODE`` is set, each build would otherwise compile
every module of it again: about 0.1 s).

"Files written" counts output files whose bytes or modification time
changed, plus files added or removed. Run ``python -m benchmarks.bench
--help`` for the options; ``--json`` prints the figures as JSON.
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field, replace
from fractions import Fraction
from pathlib import Path

from benchmarks.corpus import SOURCE_DATE_EPOCH, Size, change_one_session, write_corpus
from benchmarks.pages import PageSize, page_sizes, read_pages
from benchmarks.pages import report as page_report

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"ratio": 0.35, "no_change_share": 0.05, "one_change_share": 0.15, "peak_mb": 450.0}
SMALL = (6_000, 3.0)
"""At 6,000 sessions (size 1/10) a cold build takes at most 3 s."""
PAGES_AT = Fraction(1, 10)
"""The size whose pages are weighed: 6,000 sessions, 10 series x 5 seasons x 20 events x 6 sessions."""


@dataclass
class Run:
    seconds: float
    peak_mb: float
    files_written: int
    written: list[str] = field(default_factory=list)


@dataclass
class Result:
    label: str
    series: int
    sessions: int
    output_files: int
    output_mb: float
    full: Run
    no_change: Run
    one_change: Run
    one_change_what: str
    baseline_seconds: float
    baseline_timezones_seconds: float
    baseline_peak_mb: float
    identical_to_cold_build: bool | None

    @property
    def ratio(self) -> float:
        return self.full.seconds / self.baseline_seconds

    @property
    def us_per_session(self) -> float:
        return self.full.seconds / self.sessions * 1e6


def child_env() -> dict[str, str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "PYTHONPATH": str(ROOT)}
    env.pop("GITHUB_ACTIONS", None)
    return env


def run_child(args: list[str]) -> tuple[float, float, str]:
    """Run ``python args`` from the project root: (seconds, peak memory in MB, stdout).

    The peak is the larger of the process's own maximum resident size and the most memory it and
    the workers it forks held together (:class:`TreeMemory`)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=child_env(), stdout=out, stderr=err)
        with TreeMemory(process.pid) as tree:
            # wait4 gives this one child's resource usage (RUSAGE_CHILDREN would
            # give the maximum over every child so far).
            _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if process.returncode != 0:
        raise SystemExit(f"python {' '.join(args)} failed ({process.returncode}):\n{stdout}{stderr}")
    return seconds, max(usage.ru_maxrss / 1024, tree.peak_mb), stdout


class TreeMemory:
    """The most memory a process and its descendants held at once: the sum of their proportional
    set sizes (each shared page counted once, split among the processes sharing it), read from
    /proc every 20 ms in a thread of its own; 0 where /proc cannot tell."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_mb = 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._done.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._done.wait(0.02):
            total = sum(_pss_kb(pid) for pid in _tree(self.pid))
            self.peak_mb = max(self.peak_mb, total / 1024)


def _tree(pid: int) -> list[int]:
    found = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
                for child in children.read().split():
                    found += _tree(int(child))
    except OSError:
        pass  # gone meanwhile, or no /proc
    return found


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    """Each file's modification time and content hash."""
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): (path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def changed(before: dict[str, tuple[int, str]], after: dict[str, tuple[int, str]]) -> list[str]:
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


def build(feeds: Path, out: Path) -> Run:
    before = snapshot(out)
    seconds, peak, _ = run_child(["-m", "generator", "build", "--feeds", str(feeds), "--out", str(out)])
    written = changed(before, snapshot(out))
    return Run(seconds, peak, len(written), written)


def median_run(runs: list[Run]) -> Run:
    middle = sorted(runs, key=lambda run: run.seconds)[len(runs) // 2]
    return replace(middle, peak_mb=max(run.peak_mb for run in runs))


def measure(label: str, size: Size, folder: Path, repeat: int, verify: bool) -> Result:
    feeds = write_corpus(folder / "feeds", size)
    site = folder / "site"  # the output and anything the build keeps beside it
    out = site / "public"
    baselines = []
    for _ in range(repeat):
        _, peak, stdout = run_child(["-m", "benchmarks.baseline", str(feeds)])  # the baseline times itself
        baselines.append((json.loads(stdout), peak))
    baseline, baseline_peak = sorted(baselines, key=lambda item: item[0]["seconds"])[len(baselines) // 2]
    full_runs = []
    for _ in range(repeat):
        shutil.rmtree(site, ignore_errors=True)
        full_runs.append(build(feeds, out))
    full = median_run(full_runs)
    files = snapshot(out)
    output_bytes = sum(path.stat().st_size for path in out.rglob("*") if path.is_file())
    no_change = median_run([build(feeds, out) for _ in range(max(repeat, 3))])
    one_runs = []
    for _ in range(max(repeat, 3)):
        what = change_one_session(feeds, size)
        one_runs.append(build(feeds, out))
    one_change = median_run(one_runs)
    identical = None
    if verify:
        cold = folder / "cold" / "public"
        build(feeds, cold)
        identical = {path: digest for path, (_, digest) in snapshot(cold).items()} == {
            path: digest for path, (_, digest) in snapshot(out).items()
        }
        shutil.rmtree(folder / "cold")
    return Result(
        label=label,
        series=size.series,
        sessions=baseline["sessions"],
        output_files=len(files),
        output_mb=output_bytes / 2**20,
        full=full,
        no_change=no_change,
        one_change=one_change,
        one_change_what=what,
        baseline_seconds=baseline["seconds"],
        baseline_timezones_seconds=baseline["timezones_seconds"],
        baseline_peak_mb=baseline_peak,
        identical_to_cold_build=identical,
    )


def checks(result: Result) -> list[tuple[str, bool]]:
    return [
        (f"full build / naive baseline = {result.ratio:.2f} <= {TARGETS['ratio']}", result.ratio <= TARGETS["ratio"]),
        (
            f"no-change rebuild = {result.no_change.seconds / result.full.seconds:.0%} of full <= {TARGETS['no_change_share']:.0%}, {result.no_change.files_written} files written (0 allowed)",
            result.no_change.seconds <= TARGETS["no_change_share"] * result.full.seconds
            and result.no_change.files_written == 0,
        ),
        (
            f"one-session change = {result.one_change.seconds / result.full.seconds:.0%} of full <= {TARGETS['one_change_share']:.0%}",
            result.one_change.seconds <= TARGETS["one_change_share"] * result.full.seconds,
        ),
        (
            f"peak memory = {result.full.peak_mb:.0f} MB <= {TARGETS['peak_mb']:.0f} MB",
            result.full.peak_mb <= TARGETS["peak_mb"],
        ),
    ] + (
        []
        if result.identical_to_cold_build is None
        else [("after the rebuilds, output identical to a cold build", result.identical_to_cold_build)]
    )


def small_checks(results: list[Result]) -> list[tuple[str, bool]]:
    sessions, seconds = SMALL
    return [
        (
            f"cold build at {r.sessions:,} sessions = {r.full.seconds:.2f} s <= {seconds:.0f} s",
            r.full.seconds <= seconds,
        )
        for r in results
        if r.sessions == sessions
    ]


def measure_pages(size: Size, folder: Path, built: bool) -> list[PageSize]:
    """The page sizes of the site built at ``size`` in ``folder`` (built here unless ``built``)."""
    out = folder / "site" / "public"
    if not built:
        shutil.rmtree(folder, ignore_errors=True)
        build(write_corpus(folder / "feeds", size), out)
    return page_sizes(read_pages(out))


def pages_section(size: Size, pages: list[PageSize]) -> tuple[list[str], list[tuple[str, bool]]]:
    lines, page_checks = page_report(pages)
    title = f"page weight at {size.total_sessions:,} sessions (size {PAGES_AT}, {size.series} series; gzip level 6):"
    return ["", title, *lines], [(f"{text} (at {size.total_sessions:,} sessions)", ok) for text, ok in page_checks]


def table(results: list[Result], pages: tuple[Size, list[PageSize]] | None = None) -> str:
    header = (
        "size",
        "series",
        "sessions",
        "full s",
        "µs/sess",
        "peak MB",
        "naive s",
        "ratio",
        "no-change s",
        "files",
        "1-change s",
        "files",
    )
    rows = [header]
    for r in results:
        rows.append(
            (
                r.label,
                str(r.series),
                f"{r.sessions:,}",
                f"{r.full.seconds:.2f}",
                f"{r.us_per_session:.0f}",
                f"{r.full.peak_mb:.0f}",
                f"{r.baseline_seconds:.2f}",
                f"{r.ratio:.2f}",
                f"{r.no_change.seconds:.2f} ({r.no_change.seconds / r.full.seconds:.0%})",
                str(r.no_change.files_written),
                f"{r.one_change.seconds:.2f} ({r.one_change.seconds / r.full.seconds:.0%})",
                str(r.one_change.files_written),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    last = results[-1]
    page_lines, page_checks = pages_section(*pages) if pages else ([], [])
    lines += page_lines
    lines += [
        "",
        f"full: a cold `python -m generator build` process, {last.output_files} files, {last.output_mb:.0f} MB at size {last.label};"
        f" naive: icalendar alone for the series feeds ({last.baseline_timezones_seconds:.2f} s of it in add_missing_timezones), peak {last.baseline_peak_mb:.0f} MB",
        f"1-change: {last.one_change_what}; rewrote: {', '.join(last.one_change.written) or 'nothing'}",
        "",
        f"targets at size {last.label}:",
    ]
    lines += [
        f"  {'ok  ' if ok else 'MISS'}  {text}" for text, ok in checks(last) + small_checks(results) + page_checks
    ]
    return "\n".join(lines)


def to_json(results: list[Result], pages: tuple[Size, list[PageSize]] | None = None) -> str:
    document: dict[str, object] = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "targets": TARGETS,
        "sizes": [
            {
                **asdict(r),
                "ratio": r.ratio,
                "us_per_session": r.us_per_session,
                "checks": [{"check": text, "ok": ok} for text, ok in checks(r)],
            }
            for r in results
        ],
    }
    if pages:
        size, sizes = pages
        document["pages"] = {
            "sessions": size.total_sessions,
            "sizes": [asdict(page) for page in sizes],
            "checks": [{"check": text, "ok": ok} for text, ok in pages_section(size, sizes)[1]],
        }
    return json.dumps(document, indent=2)


def parse_sizes(text: str) -> list[Fraction]:
    try:
        fractions = [Fraction(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected fractions such as 1/8,1/2,1; got {text!r}") from None
    if not fractions or any(not 0 < f <= 1 for f in fractions):
        raise argparse.ArgumentTypeError("each size is a fraction greater than 0 and at most 1")
    return sorted(set(fractions))


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="python -m benchmarks.bench",
        description="Measure the build on a synthetic corpus (see the module docstring).",
    )
    default = Size()
    for name in ("series", "seasons", "events", "sessions", "venues", "collections"):
        root.add_argument(
            f"--{name}",
            type=int,
            default=getattr(default, name),
            help=f"{name} of the full size (default: {getattr(default, name)})",
        )
    root.add_argument(
        "--sizes",
        type=parse_sizes,
        default=parse_sizes("1/10,1/4,1/2,1"),
        help="fractions of the series count to measure (default: 1/10 (6,000 sessions),1/4,1/2,1)",
    )
    root.add_argument("--quick", action="store_true", help="the full size only (same as --sizes 1)")
    root.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of each full build, baseline and rebuild; the median is shown (default: %(default)s)",
    )
    root.add_argument(
        "--verify", action="store_true", help="also compare the rebuilt output with a cold build of the same feeds"
    )
    root.add_argument(
        "--keep",
        type=Path,
        default=None,
        help="write the corpora into this folder and keep them (default: a temporary folder)",
    )
    root.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    root.add_argument("--save", type=Path, default=None, help="also write the figures as JSON into this file")
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    compileall.compile_dir(ROOT / "generator", quiet=1)
    full = Size(args.series, args.seasons, args.events, args.sessions, args.venues, args.collections)
    sizes = [Fraction(1)] if args.quick else args.sizes
    results = []
    pages = None
    with tempfile.TemporaryDirectory(prefix="race-calendars-bench-") as temporary:
        base = Path(args.keep) if args.keep else Path(temporary)
        for fraction in sizes:
            size = replace(full, series=max(1, round(full.series * fraction)))
            label = str(fraction)
            folder = base / label.replace("/", "-of-")
            shutil.rmtree(folder, ignore_errors=True)
            if not args.json:
                print(f"measuring {label}: {size.total_sessions:,} sessions ...", file=sys.stderr, flush=True)
            results.append(measure(label, size, folder, max(1, args.repeat), args.verify))
        size = replace(full, series=max(1, round(full.series * PAGES_AT)))
        if not args.json and PAGES_AT not in sizes:
            print(f"weighing the pages at {size.total_sessions:,} sessions ...", file=sys.stderr, flush=True)
        pages = (size, measure_pages(size, base / str(PAGES_AT).replace("/", "-of-"), built=PAGES_AT in sizes))
    print(to_json(results, pages) if args.json else table(results, pages))
    if args.save:
        args.save.write_text(to_json(results, pages) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
