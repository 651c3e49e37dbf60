"""Extraction on every core: pages go to worker processes, articles come back in order.

The writer stays in the calling process (SQLite takes one writer); workers only extract, so
a run with N workers stores exactly what a run with one stores.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import TypeVar

Job = TypeVar("Job")
Result = TypeVar("Result")
# Jobs sent to a worker at once: enough to hide the hand-over, few enough to share them out.
CHUNK_SIZE = 8
# Chunks in flight per worker: keeps every core busy while holding only a few pages in memory.
CHUNKS_AHEAD = 3


def default_workers() -> int:
    """Return the number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _run_chunk(function: Callable[[Job], Result], chunk: Sequence[Job]) -> list[Result]:
    return [function(job) for job in chunk]


def map_in_order(
    function: Callable[[Job], Result], jobs: Iterable[Job], workers: int
) -> Iterator[Result]:
    """Yield function(job) for each job, in the jobs' order, computed on `workers` processes.

    function must be a module-level function. Jobs are read from the iterable only a few chunks
    ahead of the results, so a large archive is never all in memory. With one worker the jobs
    run in this process.
    """
    if workers <= 1:
        yield from map(function, jobs)
        return
    source = iter(jobs)
    pending: deque[Future[list[Result]]] = deque()
    with ProcessPoolExecutor(workers) as pool:
        while True:
            while len(pending) < workers * CHUNKS_AHEAD:
                chunk = list(islice(source, CHUNK_SIZE))
                if not chunk:
                    break
                pending.append(pool.submit(_run_chunk, function, chunk))
            if not pending:
                return
            yield from pending.popleft().result()
