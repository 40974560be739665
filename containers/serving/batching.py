"""Dynamic batching: the request a worker is handed (:class:`Job`), and which queued jobs go into
one predict call (:func:`take_batch`).

A batch holds jobs that ask for the same tasks with the same options (their ``key``), oldest
first, up to a number of texts and of characters; the oldest job always goes, however large, so
nothing starves. Jobs with another key keep their place in the queue. While the worker is free, the
oldest job waits for company only until as many jobs have queued as the last batch of its key held,
and never longer than the maximum wait: concurrent callers fill each batch, and a lone caller never
waits. Batching per task set rather than on the union of the tasks keeps each job's cost its own:
spaCy runs only the components a task set needs, and entities alone cost less than half of all
tasks (bench/README.md). Options (the pii engine's types, operator, allow-list) change the answer,
so jobs with different ones never share a predict call.
"""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .options import Options

# What the jobs of one batch share: their tasks and their options.
BatchKey = tuple[tuple[str, ...], Options]


@dataclass(frozen=True)
class BatchLimits:
    max_texts: int
    max_chars: int
    max_wait_seconds: float  # the longest the oldest queued job waits for company; 0: never


@dataclass(eq=False)
class Job:
    """One invocation waiting for, or running on, a model worker."""

    texts: tuple[str, ...]
    tasks: tuple[str, ...]
    shape: str
    deadline: float  # time.monotonic() seconds
    options: Options = ()  # the invocation's parsed options (serving/options.py)
    queued_at: float = field(default_factory=time.monotonic)
    alone: bool = False  # its batch failed: it runs again in a batch of its own
    abandoned: bool = False  # its caller stopped waiting
    outcome: bytes | Exception | None = None
    done: threading.Event = field(default_factory=threading.Event)
    on_done: Callable[[], None] | None = None  # called once it finishes, from the finishing thread

    @property
    def key(self) -> BatchKey:
        """What the jobs of one batch share: one predict call computes one task set with one set of options."""
        return self.tasks, self.options

    @property
    def chars(self) -> int:
        return sum(map(len, self.texts))

    def finish(self, outcome: bytes | Exception) -> None:
        if not self.done.is_set():
            self.outcome = outcome
            self.done.set()
            if self.on_done is not None:
                self.on_done()


def take_batch(pending: list[Job], limits: BatchLimits, now: float) -> tuple[list[Job], list[Job], list[Job]]:
    """Splits ``pending`` (oldest first) into ``(batch, expired, rest)``: the next batch, the jobs whose
    deadline has passed (dropped, never computed) and the jobs that stay queued, in order."""
    batch: list[Job] = []
    expired: list[Job] = []
    rest: list[Job] = []
    texts = chars = 0
    for job in pending:
        if job.abandoned:
            continue
        if job.deadline <= now:
            expired.append(job)
        elif not batch:
            batch.append(job)
            texts, chars = len(job.texts), job.chars
        elif fits(job, batch[0], texts, chars, limits):
            batch.append(job)
            texts, chars = texts + len(job.texts), chars + job.chars
        else:
            rest.append(job)
    return batch, expired, rest


def fits(job: Job, head: Job, texts: int, chars: int, limits: BatchLimits) -> bool:
    return (
        not head.alone
        and not job.alone
        and job.key == head.key
        and texts + len(job.texts) <= limits.max_texts
        and chars + job.chars <= limits.max_chars
    )


def is_complete(pending: list[Job], limits: BatchLimits, expected_jobs: int) -> bool:
    """Whether waiting for company cannot grow the oldest job's batch any more: it runs alone, the
    queue holds a full batch for it, or as many jobs as the last batch of its key had (a lone
    caller's last batch had one job, so its next request never waits)."""
    live = [job for job in pending if not job.abandoned]
    if not live:
        return False
    head = live[0]
    mates = [job for job in live if job.key == head.key and not job.alone]
    return (
        head.alone
        or len(mates) >= expected_jobs
        or sum(len(job.texts) for job in mates) >= limits.max_texts
        or sum(job.chars for job in mates) >= limits.max_chars
    )
