"""Where a full build's time goes, on the synthetic corpus.

``python -m benchmarks.profile [--series N] [--top N] [--stats FILE]``
builds the corpus once stage by stage, timing each stage (load, validate,
then each renderer and the publishing of its files), then once more under
cProfile (into a fresh folder, so without any cache) and prints the
functions that took the most time, in themselves and with what they call.
cProfile slows Python code down unevenly: trust the stage times for
proportions, the function list for names. ``--stats FILE`` keeps the
profile for ``python -m pstats FILE``. A sampling profiler (py-spy) gives
truer proportions: ``py-spy record -f raw -- python -m generator build ...``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import SOURCE_DATE_EPOCH, Size, write_corpus


def stage_times(feeds: Path, out: Path) -> list[tuple[str, float]]:
    from generator.build import build_timestamp, collector_paused, normalise_base_url
    from generator.load import load
    from generator.publish import publish
    from generator.render import Context, render_files, series_results
    from generator.validate import validate

    times = []
    with collector_paused():
        started = time.perf_counter()
        docs = load(feeds)
        times.append(("load", time.perf_counter() - started))
        started = time.perf_counter()
        model = validate(docs, 1)  # in one process (--jobs 1), so that the profile sees every function
        del docs
        times.append(("validate", time.perf_counter() - started))
        context = Context(
            model.site,
            build_timestamp(model, {"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}),
            normalise_base_url(model.site.base_url),
        )
        kinds: dict[str, float] = {}

        def timed():
            started = time.perf_counter()
            for path, body in render_files(model, context, series_results(model, context, jobs=1)):
                kind = path.rsplit(".", 1)[-1] if path.endswith((".ics", ".json", ".html")) else "other"
                kinds[f"render and publish .{kind}"] = (
                    kinds.get(f"render and publish .{kind}", 0.0) + time.perf_counter() - started
                )
                yield path, body
                started = time.perf_counter()

        publish(timed(), out)
    return times + sorted(kinds.items(), key=lambda item: -item[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__.split("\n\n")[0])
    parser.add_argument("--series", type=int, default=Size().series, help="series in the corpus (default: %(default)s)")
    parser.add_argument("--top", type=int, default=25, help="functions to list (default: %(default)s)")
    parser.add_argument("--stats", type=Path, default=None, help="keep the cProfile statistics in this file")
    args = parser.parse_args(argv)
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    from generator.build import build

    with tempfile.TemporaryDirectory(prefix="race-calendars-profile-") as folder:
        size = Size(series=args.series)
        feeds = write_corpus(Path(folder) / "feeds", size)
        print(f"{size.total_sessions:,} sessions; stage by stage:")
        times = stage_times(feeds, Path(folder) / "stages" / "public")
        total = sum(seconds for _, seconds in times)
        for name, seconds in times:
            print(f"  {name:28s} {seconds:7.2f} s  {seconds / total:5.1%}")
        profile = cProfile.Profile()
        # In one process (jobs=1): cProfile sees only the process it runs in.
        profile.runcall(build, feeds, Path(folder) / "profiled" / "public", jobs=1)
        if args.stats:
            profile.dump_stats(args.stats)
        for order in ("tottime", "cumulative"):
            stream = io.StringIO()
            pstats.Stats(profile, stream=stream).sort_stats(order).print_stats(args.top)
            print(f"\nunder cProfile, by {order}:")
            print("\n".join(line for line in stream.getvalue().splitlines() if line.strip())[:20000])
    return 0


if __name__ == "__main__":
    sys.exit(main())
