"""Runs a container: settings, logging, model workers, and the HTTP server on the SageMaker port.

The server is uvicorn on uvloop with the httptools parser, serving the bare ASGI app. It listens at
once; /ping turns 200 when the first model worker has loaded. SIGTERM and SIGINT stop accepting
connections, let the invocations in flight finish (up to GRACEFUL_SECONDS), stop the workers, and
the process exits 0 (1 if the model failed to load).
"""

import logging
import signal
import socket
import sys

import uvicorn

from . import environment, logs
from .app import ASGIApp, create_app
from .batching import BatchLimits
from .workers import PoolSettings, WorkerPool

log = logging.getLogger("serving.runner")

# An idle kept-alive connection is closed after this long. The side that reuses a connection must
# give up on it first, or a request can meet a close already on its way: SageMaker's front and the
# local endpoint (local/invoke.ts, a Node agent that keeps idle sockets until the server closes
# them) reuse connections, and AWS's guidance for targets behind its own proxies is a keep-alive
# above their 60 s idle timeout. 75 s is nginx's default and outlasts SageMaker's 60 s invocation cap.
KEEP_ALIVE_SECONDS = 75
# SageMaker sends SIGKILL 30 s after SIGTERM; in-flight invocations get most of that, the workers the rest.
GRACEFUL_SECONDS = 20
BACKLOG = 2048


def run(engine_spec: str) -> int:
    try:
        settings = environment.read()
    except environment.ConfigurationError as error:
        print(f"serve: {error}", file=sys.stderr)
        return 2
    logs.configure(settings.log_level)
    try:
        listener = socket.create_server((settings.host, settings.port), backlog=BACKLOG)
    except OSError as error:
        log.error("cannot listen on %s:%d: %s", settings.host, settings.port, error.strerror or error)
        return 1
    server: uvicorn.Server  # assigned before the pool or a signal can call stop

    def stop(*signal_and_frame: object) -> None:
        server.should_exit = True

    # A model that cannot load leaves nothing to serve: the pool stops the server.
    pool = WorkerPool(engine_spec, pool_settings(settings), on_fatal=stop)
    app = create_app(pool, max_in_flight=settings.threads, timeout_seconds=settings.timeout_seconds)
    server = uvicorn.Server(server_config(app))
    # uvicorn takes SIGTERM and SIGINT over while it serves and re-raises the one that stopped it
    # once it has drained; this handler then only repeats the stop, so run() stops the workers and
    # returns the exit code instead of the process dying by the signal. A signal before uvicorn
    # takes over stops it as soon as it starts.
    for stopping in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stopping, stop)
    pool.start()
    log.info(
        "listening on %s:%d, %d model worker(s), %d invocation(s) at once, batches of at most %d texts / %d "
        "characters, %g ms wait",
        settings.host,
        settings.port,
        settings.workers,
        settings.threads,
        settings.max_batch_texts,
        settings.max_batch_chars,
        settings.max_wait_ms,
    )
    try:
        server.run(sockets=[listener])
    finally:
        log.info("stopping")
        pool.close()
    return 1 if pool.failure else 0


def server_config(app: ASGIApp) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        interface="asgi3",
        loop="uvloop",
        http="httptools",
        lifespan="off",
        # The app logs each invocation itself (sampled) and never the text; uvicorn's access log would
        # cost a line per request.
        access_log=False,
        log_config=None,  # logs.configure's handler and format for uvicorn's own lines too
        proxy_headers=False,  # no proxy headers to trust, and a middleware less per request
        server_header=False,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        timeout_graceful_shutdown=GRACEFUL_SECONDS,
    )


def pool_settings(settings: environment.Settings) -> PoolSettings:
    return PoolSettings(
        size=settings.workers,
        timeout_seconds=settings.timeout_seconds,
        stall_seconds=settings.stall_seconds,
        batch=BatchLimits(settings.max_batch_texts, settings.max_batch_chars, settings.max_wait_ms / 1000),
        log_level=settings.log_level,
    )
