"""Model worker processes: each loads the engine once, then answers jobs sent over a pipe.

The HTTP front never runs a model, so it answers /ping at once however long an inference takes,
and each worker runs one inference at a time on its own core without contending for a GIL. A
worker that dies or overruns the timeout is replaced; /ping is 503 while none is loaded.
"""
import logging
import multiprocessing
import queue
import signal
import threading
import time

from . import logs
from .engines import describe, encode_result, load_engine
from .errors import BusyError, InferenceTimeoutError, InternalError, NotReadyError

log = logging.getLogger("serving.workers")


class WorkerPool:
    def __init__(self, engine_spec, size, *, timeout_seconds, log_level, on_fatal=lambda: None):
        self._spec, self._size, self._timeout, self._log_level = engine_spec, size, timeout_seconds, log_level
        self._on_fatal = on_fatal
        self._context = multiprocessing.get_context("spawn")
        self._idle = queue.Queue()
        self._workers = set()
        self._lock = threading.Lock()
        self._closing = False
        self.info = None
        self.failure = None

    @property
    def ready(self) -> bool:
        return self.info is not None and bool(self._workers) and not self._closing

    def start(self):
        for _ in range(self._size):
            threading.Thread(target=self._spawn, name="worker-spawn", daemon=True).start()

    def predict(self, texts, tasks) -> bytes:
        try:
            worker = self._idle.get(timeout=self._timeout)
        except queue.Empty:
            error = BusyError if self.ready else NotReadyError
            raise error(f"No model worker became free within {self._timeout:g} s.", headers=[("Retry-After", "1")]) from None
        connection = worker[1]
        try:
            connection.send((texts, tasks))
            if not connection.poll(self._timeout):
                self._replace(worker, f"overran the {self._timeout:g} s timeout")
                raise InferenceTimeoutError(f"The model took longer than {self._timeout:g} s.")
            status, body = connection.recv()
        except (EOFError, OSError):
            self._replace(worker, "stopped unexpectedly")
            raise InternalError("The model worker stopped unexpectedly; it is being restarted.") from None
        self._idle.put(worker)
        if status != "ok":
            raise InternalError("The engine failed on this request.")
        return body

    def close(self):
        with self._lock:
            self._closing = True
            workers = list(self._workers)
        for process, connection in workers:
            try:
                connection.send(None)
            except OSError:
                pass
        deadline = time.monotonic() + 5
        for process, connection in workers:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join()
            connection.close()

    def _spawn(self):
        started = time.perf_counter()
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main, args=(self._spec, child, self._log_level), name="model-worker", daemon=True
        )
        process.start()
        child.close()
        try:
            status, detail = parent.recv()
        except EOFError:
            process.join()
            status, detail = "failed", f"the process exited with code {process.exitcode}"
        if status != "ready":
            self.failure = detail
            log.error("model worker %d failed to load: %s", process.pid, detail)
            self._on_fatal()
            return
        with self._lock:
            if self._closing:
                process.kill()
                return
            self._workers.add((process, parent))
            self.info = detail
        log.info("model worker %d loaded %s %s in %.2f s", process.pid, detail["model"]["name"],
                 detail["model"]["version"], time.perf_counter() - started)
        self._idle.put((process, parent))

    def _replace(self, worker, reason):
        process, connection = worker
        log.error("model worker %d %s; replacing it", process.pid, reason)
        with self._lock:
            self._workers.discard(worker)
            closing = self._closing
        process.kill()
        process.join()
        connection.close()
        if not closing:
            threading.Thread(target=self._spawn, name="worker-spawn", daemon=True).start()


def _worker_main(engine_spec, connection, log_level):
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the front decides when workers stop
    logs.configure(log_level)
    worker_log = logging.getLogger("serving.worker")
    try:
        engine = load_engine(engine_spec)
    except Exception as error:
        connection.send(("failed", logs.describe_failure(error)))
        return
    connection.send(("ready", describe(engine)))
    while True:
        try:
            job = connection.recv()
        except EOFError:
            return
        if job is None:
            return
        try:
            connection.send(("ok", encode_result(engine, *job)))
        except Exception as error:
            worker_log.error("inference failed: %s", logs.describe_failure(error))
            connection.send(("error", None))
