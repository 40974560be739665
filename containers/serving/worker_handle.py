"""The front's handle on one model worker process: starting it, awaiting its next message while
watching its heartbeat and the clock, and stopping it."""

import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import SpawnContext
from multiprocessing.process import BaseProcess

from .errors import InferenceTimeoutError, InternalError, ServingError
from .worker_process import SharedClock, WorkerMessage, WorkerRequest, worker_main

POLL_SECONDS = 0.1  # how often a waiting thread looks at the worker's heartbeat


@dataclass
class WorkerLost(Exception):
    reason: str  # for the log
    error: ServingError  # for the jobs that cannot run again


@dataclass(eq=False)
class Worker:
    process: BaseProcess
    connection: "Connection[WorkerRequest, WorkerMessage]"  # generic only to type checkers
    heartbeat: SharedClock

    @classmethod
    def start(cls, context: SpawnContext, engine_spec: str, log_level: str) -> "Worker":
        parent, child = context.Pipe()
        heartbeat: SharedClock = context.RawValue("d", time.monotonic())
        process = context.Process(
            target=worker_main, args=(engine_spec, child, heartbeat, log_level), name="model-worker", daemon=True
        )
        process.start()
        child.close()
        return cls(process, parent, heartbeat)

    def stalled(self, now: float, stall_seconds: float) -> bool:
        return now - self.heartbeat.value > stall_seconds

    def receive(self, stall_seconds: float, timeout_seconds: float) -> WorkerMessage:
        """The worker's next message; :class:`WorkerLost` once it stalls or overruns the timeout, and
        ``EOFError`` if it has exited."""
        started = time.monotonic()
        while not self.connection.poll(POLL_SECONDS):
            now = time.monotonic()
            if self.stalled(now, stall_seconds):
                raise WorkerLost(
                    f"made no progress for {stall_seconds:g} s",
                    InternalError("The model worker stopped making progress; it is being replaced."),
                )
            if now - started > timeout_seconds:
                raise WorkerLost(
                    f"overran the {timeout_seconds:g} s timeout",
                    InferenceTimeoutError(f"The model took longer than {timeout_seconds:g} s."),
                )
        return self.connection.recv()

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.connection.close()
