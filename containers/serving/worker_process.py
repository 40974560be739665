"""The model worker process: loads the engine once, then runs the batches sent over its pipe.

A heartbeat thread stamps a shared clock a few times a second while the process runs, so the
front can tell a worker that is computing from one that has stopped (SIGSTOP, a deadlock): only
the stopped one's clock stands still.
"""

import os
import signal
import threading
import time
from multiprocessing.connection import Connection
from typing import Literal, Protocol

from . import logs
from .engines import BatchRequest, BatchResult, EngineInfo, describe, load_engine, run_batch
from .options import Options

HEARTBEAT_SECONDS = 0.25
# One worker is one core: math libraries must not start a thread per core in every worker of
# every container on the instance. An image or the registry may still set these.
SINGLE_THREADED = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


class SharedClock(Protocol):
    """A double in shared memory (``RawValue("d")``): the worker's last ``time.monotonic()``."""

    value: float


# The front sends a batch (its tasks, its options, and each request's texts and shape), or None: stop.
WorkerRequest = tuple[tuple[str, ...], Options, list[BatchRequest]] | None
# The worker answers first whether its engine loaded (its description, or why not), then each batch.
LoadMessage = tuple[Literal["ready"], EngineInfo] | tuple[Literal["failed"], str]
WorkerMessage = LoadMessage | list[BatchResult]


def worker_main(
    engine_spec: str, connection: "Connection[WorkerMessage, WorkerRequest]", heartbeat: SharedClock, log_level: str
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the front decides when workers stop
    for name in SINGLE_THREADED:
        os.environ.setdefault(name, "1")
    logs.configure(log_level)
    threading.Thread(target=_beat, args=(heartbeat,), name="heartbeat", daemon=True).start()
    try:
        engine = load_engine(engine_spec)
    except Exception as error:
        connection.send(("failed", logs.describe_failure(error)))
        return
    connection.send(("ready", describe(engine)))
    while True:
        try:
            message = connection.recv()
        except EOFError:
            return
        if message is None:
            return
        tasks, options, requests = message
        connection.send(run_batch(engine, tasks, requests, options))


def _beat(heartbeat: SharedClock) -> None:
    while True:
        heartbeat.value = time.monotonic()
        time.sleep(HEARTBEAT_SECONDS)
