"""The WSGI app: ``GET /ping`` and ``POST /invocations``, with every refusal as a JSON error.

A predictor runs the engine: ``ready`` (the model is loaded and a worker makes progress), ``info``
(:func:`serving.engines.describe` once ready) and ``predict(invocation, deadline) -> bytes`` (the
encoded response body, or :class:`~serving.errors.DeadlineExceededError` once ``deadline``, a
``time.monotonic()`` value, has passed).
"""

import json
import logging
import threading
import time
from http import HTTPStatus

from . import limits
from .deadlines import CUSTOM_ATTRIBUTES, request_deadline
from .decoders import JSON, decoder_for
from .environment import DEFAULT_TIMEOUT_SECONDS
from .errors import (
    BusyError,
    InternalError,
    MethodNotAllowedError,
    NotFoundError,
    NotReadyError,
    PayloadTooLargeError,
    ResultTooLargeError,
    ServingError,
)
from .logs import describe_failure
from .schema import parse_invocation

log = logging.getLogger("serving.app")


def create_app(predictor, *, max_in_flight=None, timeout_seconds=DEFAULT_TIMEOUT_SECONDS):
    """The WSGI callable. ``max_in_flight`` caps invocations admitted at once (running or queued
    for a worker); further ones get 503 ``busy`` at once; the server keeps one more thread free for /ping.
    ``timeout_seconds`` caps each request's deadline, counted from its arrival."""
    slots = threading.BoundedSemaphore(max_in_flight) if max_in_flight else None

    def ping(environ):
        if not predictor.ready:
            raise NotReadyError("The model is not loaded yet.", headers=[("Retry-After", "1")])
        return _json(200, {"status": "ok"})

    def invocations(environ):
        if not predictor.ready:
            raise NotReadyError("The model is not loaded yet.", headers=[("Retry-After", "1")])
        if slots is not None and not slots.acquire(blocking=False):
            raise BusyError(
                f"All {max_in_flight} request slots are taken; retry shortly.", headers=[("Retry-After", "1")]
            )
        try:
            return _invoke(environ)
        finally:
            if slots is not None:
                slots.release()

    def _invoke(environ):
        started = time.perf_counter()
        deadline = request_deadline(environ.get(CUSTOM_ATTRIBUTES, ""), timeout_seconds)
        decode = decoder_for(environ.get("CONTENT_TYPE", ""))
        invocation = parse_invocation(decode(_read_body(environ)), predictor.info)
        body = predictor.predict(invocation, deadline)
        if len(body) > limits.MAX_RESULT_BYTES:
            raise ResultTooLargeError(
                f"The result would be {len(body)} bytes; at most {limits.MAX_RESULT_BYTES}. "
                "Send fewer or shorter texts, or fewer tasks.",
                limit=limits.MAX_RESULT_BYTES,
            )
        log.info(
            "invocation texts=%d chars=%d tasks=%s shape=%s bytes=%d ms=%.1f",
            len(invocation.texts),
            sum(map(len, invocation.texts)),
            ",".join(invocation.tasks),
            invocation.shape,
            len(body),
            (time.perf_counter() - started) * 1000,
        )
        return 200, [("Content-Type", JSON)], body

    routes = {"/ping": {"GET": ping}, "/invocations": {"POST": invocations}}

    def app(environ, start_response):
        try:
            status, headers, body = _route(routes, environ)(environ)
        except ServingError as error:
            status, headers, body = _error(error)
        except Exception as error:  # a defect: log where, answer generically
            log.error("unhandled %s", describe_failure(error))
            status, headers, body = _error(InternalError("The container failed to handle the request."))
        start_response(_status_line(status), [*headers, ("Content-Length", str(len(body)))])
        return [body]

    return app


def _route(routes, environ):
    methods = routes.get(environ.get("PATH_INFO", ""))
    if methods is None:
        raise NotFoundError(f"No route {environ.get('PATH_INFO', '')!r}; routes: GET /ping, POST /invocations.")
    method = environ.get("REQUEST_METHOD", "")
    if method not in methods:
        allowed = ", ".join(methods)
        raise MethodNotAllowedError(f"{method} is not allowed here; allowed: {allowed}.", headers=[("Allow", allowed)])
    return methods[method]


def _read_body(environ) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limits.MAX_BODY_BYTES:
        raise PayloadTooLargeError(
            f"The body has {length} bytes; at most {limits.MAX_BODY_BYTES}.", limit=limits.MAX_BODY_BYTES
        )
    return environ["wsgi.input"].read(length) if length else b""


def _json(status, payload):
    return status, [("Content-Type", JSON)], json.dumps(payload, ensure_ascii=False).encode("utf-8")


def _error(error: ServingError):
    status, headers, body = _json(error.status, error.body())
    return status, [*headers, *error.headers], body


def _status_line(status: int) -> str:
    return f"{status} {HTTPStatus(status).phrase}"
