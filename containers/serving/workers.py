"""The model worker pool: worker processes that each hold the engine, fed batches from one queue.

The HTTP front never runs a model, so it answers /ping at once however long an inference takes.
Invocations queue as :class:`~serving.batching.Job` s; one dispatcher thread per worker takes the
next batch (:func:`~serving.batching.take_batch`), sends it down the worker's pipe and hands each
job its own answer. The pool's state (workers, queue, closing) lives here, under one lock.

A worker is replaced when it dies, overruns the timeout, or stops making progress (its heartbeat
stands still, as under SIGSTOP); /ping is 503 while no worker makes progress. When a batch of
several jobs is lost with its worker, each job still within its deadline runs again on its own, so
the job that killed the worker fails alone.
"""

import asyncio
import logging
import math
import multiprocessing
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import cast

from .batching import BatchKey, BatchLimits, Job, is_complete, take_batch
from .engines import BatchResult, EngineInfo
from .errors import DeadlineExceededError, InternalError, ServingError
from .schema import Invocation
from .worker_handle import POLL_SECONDS, Worker, WorkerLost
from .worker_process import LoadMessage

log = logging.getLogger("serving.workers")

LOAD_STALL_FACTOR = 4  # loading a model may hold the heartbeat back longer than a batch does

Answered = tuple[list[Job], list[BatchResult]]  # a batch and its results, one per job


@dataclass(frozen=True)
class PoolSettings:
    size: int
    timeout_seconds: float  # the longest a batch may run before its worker is replaced
    stall_seconds: float  # a heartbeat older than this means the worker makes no progress
    batch: BatchLimits
    log_level: str


@dataclass(eq=False)
class PoolState:
    workers: set[Worker] = field(default_factory=set)
    pending: list[Job] = field(default_factory=list)  # oldest first
    last_batch_jobs: dict[BatchKey, int] = field(default_factory=dict)  # jobs in the last batch with that key
    idle: int = 0  # dispatchers waiting for work, whose workers have nothing to run
    closing: bool = False


class WorkerPool:
    def __init__(
        self, engine_spec: str, settings: PoolSettings, *, on_fatal: Callable[[], None] = lambda: None
    ) -> None:
        self._spec, self._settings, self._on_fatal = engine_spec, settings, on_fatal
        self._context = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._state = PoolState()
        self.info: EngineInfo | None = None
        self.failure: str | None = None

    @property
    def ready(self) -> bool:
        now = time.monotonic()
        with self._lock:
            return (
                self.info is not None
                and not self._state.closing
                and any(not worker.stalled(now, self._settings.stall_seconds) for worker in self._state.workers)
            )

    def start(self) -> None:
        for _ in range(self._settings.size):
            self._start_spawn()

    def predict(self, invocation: Invocation, deadline: float) -> bytes:
        """The answer, blocking the calling thread until it comes or ``deadline`` passes."""
        job = self._queue(Job(invocation.texts, invocation.tasks, invocation.shape, deadline, invocation.options))
        if not job.done.wait(max(0.0, deadline - time.monotonic())):
            self._abandon(job)
        return _outcome(job)

    async def predict_async(self, invocation: Invocation, deadline: float) -> bytes:
        """The answer, awaited on the event loop: the dispatcher thread that finishes the job wakes this
        coroutine's future with ``call_soon_threadsafe``, so no thread waits per request."""
        loop = asyncio.get_running_loop()
        woken: asyncio.Future[None] = loop.create_future()
        job = Job(invocation.texts, invocation.tasks, invocation.shape, deadline, invocation.options)
        job.on_done = partial(_wake, loop, woken)
        self._queue(job)
        timer = loop.call_later(max(0.0, deadline - time.monotonic()), _settle, woken)
        try:
            await woken
        finally:
            timer.cancel()
            if not job.done.is_set():  # the deadline passed, or the caller's task was cancelled
                self._abandon(job)
        return _outcome(job)

    def _queue(self, job: Job) -> Job:
        """Queues ``job`` and wakes the dispatchers only when that can change what they do: a first job
        starts a wait for company, a batch that has just become complete ends it. Waking them for every
        job, each to find the batch still incomplete, cost the front thread switches on every request."""
        with self._changed:
            pending = self._state.pending
            pending.append(job)
            head = next(queued for queued in pending if not queued.abandoned)
            if head is job or is_complete(pending, self._settings.batch, self._state.last_batch_jobs.get(head.key, 1)):
                self._changed.notify_all()
        return job

    def _abandon(self, job: Job) -> None:
        with self._lock:
            job.abandoned = True
            job.finish(DeadlineExceededError("The request's deadline passed before the model answered it."))

    def close(self) -> None:
        with self._changed:
            self._state.closing = True
            workers = list(self._state.workers)
            self._changed.notify_all()
        for worker in workers:
            worker.process.terminate()
        deadline = time.monotonic() + 5
        for worker in workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()

    def _start_spawn(self) -> None:
        threading.Thread(target=self._spawn, name="worker-spawn", daemon=True).start()

    def _spawn(self) -> None:
        started = time.perf_counter()
        worker = Worker.start(self._context, self._spec, self._settings.log_level)
        process = worker.process
        loaded: LoadMessage
        try:
            # A worker's first message says whether its engine loaded (worker_process.py).
            loaded = cast(LoadMessage, worker.receive(self._settings.stall_seconds * LOAD_STALL_FACTOR, float("inf")))
        except WorkerLost as lost:
            self._replace(worker, f"{lost.reason} while loading")
            return
        except EOFError:
            process.join()
            loaded = "failed", f"the process exited with code {process.exitcode}"
        if loaded[0] != "ready":
            self.failure = loaded[1]
            log.error("model worker %d failed to load: %s", process.pid, loaded[1])
            self._on_fatal()
            return
        detail = loaded[1]
        with self._changed:
            closing = self._state.closing
            if not closing:
                self._state.workers.add(worker)
                self.info = detail
                self._changed.notify_all()
        if closing:
            worker.kill()
            return
        log.info(
            "model worker %d loaded %s %s in %.2f s",
            process.pid,
            detail["model"]["name"],
            detail["model"]["version"],
            time.perf_counter() - started,
        )
        threading.Thread(target=self._dispatch, args=(worker,), name=f"dispatch-{process.pid}", daemon=True).start()

    def _dispatch(self, worker: Worker) -> None:
        """Feeds one worker batch after batch until the pool closes or the worker is replaced. A batch
        that is ready when the worker answers goes down the pipe before that answer is handed out; handed
        out first, the worker idled while the front woke the callers (2 to 4 ms a batch)."""
        answered: Answered | None = None  # the last batch and its results, not yet handed out
        while True:
            batch = self._next_batch(worker, wait=answered is None)
            try:
                if batch:
                    self._send(worker, batch)
                self._hand_out(answered)
                answered = None
                if batch is None:
                    return
                if batch:
                    # After its load message, a worker answers each batch with one result per job.
                    results = worker.receive(self._settings.stall_seconds, self._settings.timeout_seconds)
                    answered = batch, cast(list[BatchResult], results)
            except WorkerLost as lost:
                self._hand_out(answered)
                self._replace(worker, lost.reason)
                self._retry_alone(batch or [], lost.error)  # only a batch's send and receive raise
                return
            except (EOFError, OSError):
                self._hand_out(answered)
                self._replace(worker, "stopped unexpectedly")
                self._retry_alone(
                    batch or [], InternalError("The model worker stopped unexpectedly; it is being restarted.")
                )
                return

    @staticmethod
    def _send(worker: Worker, batch: list[Job]) -> None:
        log.debug(
            "batch jobs=%d texts=%d chars=%d tasks=%s",
            len(batch),
            sum(len(job.texts) for job in batch),
            sum(job.chars for job in batch),
            ",".join(batch[0].tasks),
        )
        worker.connection.send((batch[0].tasks, batch[0].options, [(job.texts, job.shape) for job in batch]))

    def _hand_out(self, answered: Answered | None) -> None:
        if answered is None:
            return
        batch, results = answered
        with self._lock:
            for job, result in zip(batch, results, strict=True):
                job.finish(result[1] if result[0] == "ok" else InternalError("The engine failed on this request."))

    def _next_batch(self, worker: Worker, *, wait: bool = True) -> list[Job] | None:
        """Takes the next batch, waiting for queued work and for company up to the batch's maximum wait;
        without ``wait``, an empty list unless a batch is ready now. None when the worker must stop (the
        pool closes, or the worker stalled while idle and has been replaced)."""
        limits = self._settings.batch
        with self._changed:
            self._state.idle += wait
            try:
                while not self._state.closing:
                    now = time.monotonic()
                    if worker.stalled(now, self._settings.stall_seconds):
                        break
                    live = [job for job in self._state.pending if not job.abandoned]
                    left = live[0].queued_at + limits.max_wait_seconds - now if live else POLL_SECONDS
                    expected = self._state.last_batch_jobs.get(live[0].key, 1) if live else 1
                    if live and (left <= 0 or is_complete(live, limits, expected)):
                        batch, expired, self._state.pending = take_batch(live, self._shared_limits(live), now)
                        for job in expired:
                            job.finish(
                                DeadlineExceededError(
                                    "The request's deadline passed while it was queued; it was not computed."
                                )
                            )
                        if batch:
                            self._state.last_batch_jobs[batch[0].key] = len(batch)
                            return batch
                        continue
                    if not wait:
                        return []
                    self._changed.wait(min(left, POLL_SECONDS))
                if self._state.closing:
                    return None
            finally:
                self._state.idle -= wait
        self._replace(worker, "stopped making progress while idle")
        return None

    def _shared_limits(self, live: list[Job]) -> BatchLimits:
        """The batch limits, with the oldest job's company shared out among the workers that are free now:
        callers that wait for their answers come back together, and one worker taking them all in one
        batch would leave the others idle."""
        limits = self._settings.batch
        if self._state.idle <= 1:
            return limits
        head = live[0]
        texts = sum(len(job.texts) for job in live if job.key == head.key and not job.alone)
        return replace(limits, max_texts=max(1, min(limits.max_texts, math.ceil(texts / self._state.idle))))

    def _retry_alone(self, batch: list[Job], error: ServingError) -> None:
        """A lost batch: each of its jobs still within its deadline runs again on its own, at the front of
        the queue; a job that was already alone, or whose deadline passed, gets ``error``."""
        now = time.monotonic()
        with self._changed:
            retry = [
                job for job in batch if len(batch) > 1 and not job.alone and not job.abandoned and job.deadline > now
            ]
            for job in batch:
                if job in retry:
                    job.alone = True
                else:
                    job.finish(error)
            self._state.pending[:0] = retry
            self._changed.notify_all()

    def _replace(self, worker: Worker, reason: str) -> None:
        with self._lock:
            self._state.workers.discard(worker)
            closing = self._state.closing
        if not closing:
            log.error("model worker %d %s; replacing it", worker.process.pid, reason)
        worker.kill()
        if not closing:
            self._start_spawn()


def _wake(loop: asyncio.AbstractEventLoop, future: asyncio.Future[None]) -> None:
    try:
        loop.call_soon_threadsafe(_settle, future)
    except RuntimeError:  # the loop has closed: nobody awaits this answer any more
        pass


def _settle(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def _outcome(job: Job) -> bytes:
    outcome = job.outcome
    if isinstance(outcome, Exception):
        raise outcome
    assert outcome is not None, "read once the job has finished, so it has an outcome"
    return outcome
