"""One function over many items on every core, the results in the items' order.

A large build checks its series files, and renders its series, in worker
processes: ``make bench`` at 60,000 sessions on 2 cores. The workers are
forked, so they start with the build's state (the venues, the model, the
render context) without its being copied over a pipe; each item and each
result crosses as a pickle. A small build stays in one process: starting
the workers and carrying the results back costs more than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
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
        if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return [self.function(self.shared, item) for item in items]
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_begin,
            initargs=((self.function, self.shared),),
        ) as pool:
            return cast(list[Out], list(pool.map(_call, items)))


def usable_cores() -> int:
    """The cores this process may run on (a container's or taskset's limit, not the machine's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


Job = tuple[Callable[[Any, Any], object], object]
_work: dict[str, Job] = {}
"""In a worker: the function and the state it was forked with."""


def _begin(job: Job) -> None:
    _work["job"] = job


def _call(item: object) -> object:
    function, shared = _work["job"]
    return function(shared, item)
