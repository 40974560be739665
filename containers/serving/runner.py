"""Runs a container: settings, logging, model workers, and the HTTP server on the SageMaker port.

The server listens at once; /ping turns 200 when the first model worker has loaded. SIGTERM and
SIGINT stop the server, then the workers, and the process exits 0 (1 if the model failed to load).
"""

import _thread
import logging
import signal
import sys

import waitress

from . import environment, logs
from .app import create_app
from .batching import BatchLimits
from .limits import MAX_BODY_BYTES
from .workers import PoolSettings, WorkerPool

log = logging.getLogger("serving.runner")


def run(engine_spec: str) -> int:
    try:
        settings = environment.read()
    except environment.ConfigurationError as error:
        print(f"serve: {error}", file=sys.stderr)
        return 2
    logs.configure(settings.log_level)
    pool = WorkerPool(engine_spec, pool_settings(settings), on_fatal=_thread.interrupt_main)
    # SERVING_THREADS invocations are admitted at once; one more thread is kept for /ping alone.
    app = create_app(pool, max_in_flight=settings.threads, timeout_seconds=settings.timeout_seconds)
    try:
        server = waitress.create_server(
            app,
            host=settings.host,
            port=settings.port,
            threads=settings.threads + 1,
            # Over-limit bodies get the app's JSON 413; only far larger ones meet waitress's plain one.
            max_request_body_size=4 * MAX_BODY_BYTES,
            ident="nlp-container",
            expose_tracebacks=False,
        )
    except OSError as error:
        log.error("cannot listen on %s:%d: %s", settings.host, settings.port, error.strerror or error)
        return 1
    signal.signal(signal.SIGTERM, _stop)
    pool.start()
    log.info(
        "listening on %s:%d, %d model worker(s), %d thread(s), batches of at most %d texts / %d characters, %g ms wait",
        settings.host,
        settings.port,
        settings.workers,
        settings.threads,
        settings.max_batch_texts,
        settings.max_batch_chars,
        settings.max_wait_ms,
    )
    try:
        server.run()
    finally:
        log.info("stopping")
        server.close()
        pool.close()
    return 1 if pool.failure else 0


def pool_settings(settings: environment.Settings) -> PoolSettings:
    return PoolSettings(
        size=settings.workers,
        timeout_seconds=settings.timeout_seconds,
        stall_seconds=settings.stall_seconds,
        batch=BatchLimits(settings.max_batch_texts, settings.max_batch_chars, settings.max_wait_ms / 1000),
        log_level=settings.log_level,
    )


def _stop(signum, frame):
    raise SystemExit(0)
