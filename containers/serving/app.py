"""The ASGI app: ``GET /ping`` and ``POST /invocations``, with every refusal as a JSON error.

A bare ASGI callable (no framework): the route table, the body reader and the error mapping are
all it needs, and each layer a framework adds costs CPU on every request. A predictor runs the
engine: ``ready`` (the model is loaded and a worker makes progress), ``info``
(:func:`serving.engines.describe` once ready) and ``await predict_async(invocation, deadline) ->
bytes`` (the encoded response body, or :class:`~serving.errors.DeadlineExceededError` once
``deadline``, a ``time.monotonic()`` value, has passed). It must not block the event loop: the
worker pool wakes the request's future from its dispatcher thread.
"""

import json
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Literal, NoReturn, Protocol, Required, TypedDict

from . import limits
from .deadlines import CUSTOM_ATTRIBUTES, request_deadline
from .decoders import JSON, decoder_for
from .engines import EngineInfo
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
from .logs import AccessLog, describe_failure
from .schema import Invocation, parse_invocation

log = logging.getLogger("serving.app")

CONTENT_TYPE, CONTENT_LENGTH = b"content-type", b"content-length"
JSON_HEADERS = ((CONTENT_TYPE, JSON.encode()),)
PING_BODY = b'{"status": "ok"}'


class Scope(TypedDict):
    """The keys of an ASGI connection scope the app reads (https://asgi.readthedocs.io/en/latest/specs/www.html)."""

    type: str
    path: str
    method: str
    headers: Iterable[tuple[bytes, bytes]]


class ReceivedMessage(TypedDict, total=False):
    type: Required[str]  # "http.request" or "http.disconnect"
    body: bytes
    more_body: bool


Headers = tuple[tuple[bytes, bytes], ...]


class ResponseStart(TypedDict):
    type: Literal["http.response.start"]
    status: int
    headers: Headers


class ResponseBody(TypedDict):
    type: Literal["http.response.body"]
    body: bytes


Receive = Callable[[], Awaitable[ReceivedMessage]]
Send = Callable[[ResponseStart | ResponseBody], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Response = tuple[int, Headers, bytes]  # status, headers, body
Route = Callable[[Scope, Receive], Awaitable[Response]]


class Predictor(Protocol):
    """Runs the engine for the app (the module docstring says how)."""

    @property
    def ready(self) -> bool: ...

    @property
    def info(self) -> EngineInfo | None: ...

    async def predict_async(self, invocation: Invocation, deadline: float) -> bytes: ...


class ClientGone(Exception):
    """The caller hung up before its body arrived: there is no one to answer."""


def create_app(
    predictor: Predictor, *, max_in_flight: int | None = None, timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
) -> ASGIApp:
    """The ASGI callable. ``max_in_flight`` caps invocations admitted at once (reading, queued or
    running); further ones get 503 ``busy`` at once. ``/ping`` is never counted, so it answers while
    every slot is taken. ``timeout_seconds`` caps each request's deadline, counted from its arrival."""
    in_flight = 0
    access = AccessLog(log)

    async def ping(scope: Scope, receive: Receive) -> Response:
        _require_ready(predictor)
        return 200, JSON_HEADERS, PING_BODY

    async def invocations(scope: Scope, receive: Receive) -> Response:
        nonlocal in_flight
        info = _require_ready(predictor)
        if max_in_flight and in_flight >= max_in_flight:
            raise BusyError(
                f"All {max_in_flight} request slots are taken; retry shortly.", headers=[("Retry-After", "1")]
            )
        in_flight += 1
        try:
            return await _invoke(scope, receive, info)
        finally:
            in_flight -= 1

    async def _invoke(scope: Scope, receive: Receive, info: EngineInfo) -> Response:
        started = time.perf_counter()
        headers = _headers(scope)
        deadline = request_deadline(headers.get(CUSTOM_ATTRIBUTES, ""), timeout_seconds)
        decode = decoder_for(headers.get(CONTENT_TYPE, ""))
        invocation = parse_invocation(decode(await _read_body(headers, receive)), info)
        body = await predictor.predict_async(invocation, deadline)
        if len(body) > limits.MAX_RESULT_BYTES:
            raise ResultTooLargeError(
                f"The result would be {len(body)} bytes; at most {limits.MAX_RESULT_BYTES}. "
                "Send fewer or shorter texts, or fewer tasks.",
                limit=limits.MAX_RESULT_BYTES,
            )
        access.invocation(invocation, len(body), started)
        return 200, JSON_HEADERS, body

    routes: dict[str, dict[str, Route]] = {"/ping": {"GET": ping}, "/invocations": {"POST": invocations}}

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # the server runs without lifespan events; nothing else is served
            return
        started = time.perf_counter()
        try:
            status, headers, body = await _route(routes, scope)(scope, receive)
        except ClientGone:
            return
        except ServingError as error:
            if scope["path"] != "/ping":  # a failing ping is the pool's to explain (it logs its workers)
                access.refusal(scope["path"], error, started)
            status, headers, body = _error(error)
        except Exception as error:  # a defect: log where, answer generically
            log.error("unhandled %s", describe_failure(error))
            status, headers, body = _error(InternalError("The container failed to handle the request."))
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": (*headers, (CONTENT_LENGTH, str(len(body)).encode())),
            }
        )
        await send({"type": "http.response.body", "body": body})

    return app


def _require_ready(predictor: Predictor) -> EngineInfo:
    """The loaded engine's description: a ready predictor has one, and keeps it."""
    info = predictor.info if predictor.ready else None
    if info is None:
        raise NotReadyError("The model is not loaded yet.", headers=[("Retry-After", "1")])
    return info


def _route(routes: dict[str, dict[str, Route]], scope: Scope) -> Route:
    path = scope["path"]
    methods = routes.get(path)
    if methods is None:
        raise NotFoundError(f"No route {path!r}; routes: GET /ping, POST /invocations.")
    method = scope["method"]
    if method not in methods:
        allowed = ", ".join(methods)
        raise MethodNotAllowedError(f"{method} is not allowed here; allowed: {allowed}.", headers=[("Allow", allowed)])
    return methods[method]


def _headers(scope: Scope) -> dict[bytes, str]:
    """The request headers the app reads, by lower-case name (bytes), as text."""
    return {name: value.decode("latin-1") for name, value in scope["headers"]}


async def _read_body(headers: dict[bytes, str], receive: Receive) -> bytes:
    """The whole body, refused with a 413 once it is over the limit: at once when Content-Length says
    so, else as soon as the bytes received pass it. The server reads and discards what the app does
    not, so the caller is answered rather than cut off while it is still sending."""
    try:
        declared = int(headers.get(CONTENT_LENGTH) or 0)
    except ValueError:
        declared = 0
    if declared > limits.MAX_BODY_BYTES:
        _too_large(declared)
    chunks: list[bytes] = []
    size, more = 0, True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientGone
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limits.MAX_BODY_BYTES:
            _too_large(size)
        chunks.append(chunk)
        more = message.get("more_body", False)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _too_large(size: int) -> NoReturn:
    raise PayloadTooLargeError(
        f"The body has {size} bytes; at most {limits.MAX_BODY_BYTES}.", limit=limits.MAX_BODY_BYTES
    )


def _error(error: ServingError) -> Response:
    body = json.dumps(error.body(), ensure_ascii=False).encode("utf-8")
    extra = tuple((name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in error.headers)
    return error.status, (*JSON_HEADERS, *extra), body
