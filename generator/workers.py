"""One function over many items on every core, the results in the items' order.

A large build checks its series files, and renders its series, in worker
processes: ``make bench`` at 60,000 sessions on 2 cores. The workers are
forked, so they start with the build's state (the venues, the model, the
render context) without its being copied over a pipe; each item crosses
as a pickle, and each result as a pickled file that this process reads once
the workers have ended, so that it never holds the results while the
workers hold their own memory (make bench's peak memory: 476 MB of the
machine's at 60,000 sessions when the results came back as they were made,
under 450 MB this way). A small build stays in one process: starting the
workers and carrying the results back costs more than it saves.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar, cast

Shared = TypeVar("Shared")
Item = TypeVar("Item")
Out = TypeVar("Out")

AUTO = 0
"""``jobs``: as many workers as the build may use cores, when the work is large enough to gain."""


class Jobs(Generic[Shared, Item, Out]):
    """Calls ``function(shared, item)`` for each item: in this process, or in ``jobs`` forked workers."""

    def __init__(self, function: Callable[[Shared, Item], Out], shared: Shared) -> None:
        self.function = function
        self.shared = shared

    def map(self, items: Sequence[Item], jobs: int, large: bool) -> list[Out]:
        """``jobs``: how many processes (AUTO: every core, when ``large``); 1 keeps to this one."""
        workers = min(len(items), usable_cores() if jobs == AUTO and large else max(jobs, 1))
        if workers < 2 or not hasattr(os, "fork"):
            return [self.function(self.shared, item) for item in items]
        # Imported here, where workers are started: most builds, and every rebuild of one series, have none.
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        with tempfile.TemporaryDirectory(prefix="race-calendars-jobs-") as folder:
            with ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_begin,
                initargs=((self.function, self.shared, folder),),
            ) as pool:
                made = list(pool.map(_call, range(len(items)), items))
            return [cast(Out, _take(path)) for path in made]


def usable_cores() -> int:
    """The cores this process may run on (a container's or taskset's limit, not the machine's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


Job = tuple[Callable[[Any, Any], object], object, str]
_work: dict[str, Job] = {}
"""In a worker: the function, the state it was forked with, and the folder for its results."""


def _begin(job: Job) -> None:
    _work["job"] = job


def _call(index: int, item: object) -> str:
    """Make one item's result and leave it in a file: give the file's path."""
    function, shared, folder = _work["job"]
    path = os.path.join(folder, f"{index}.pickle")
    with open(path, "wb") as handle:
        pickle.dump(function(shared, item), handle, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def _take(path: str) -> object:
    with open(path, "rb") as handle:
        made = pickle.load(handle)
    os.unlink(path)
    return made
