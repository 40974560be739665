"""The typed error every refusal is raised as; it carries its HTTP status and a JSON body.

The ASGI app turns a ``ServingError`` into a response in one place. Anything else raised while
serving is a defect: it is logged (without the submitted text) and answered with a generic 500.
"""

from collections.abc import Iterable
from typing import NotRequired, TypedDict


class ErrorBody(TypedDict):
    """The JSON body of every refusal."""

    error: str
    message: str
    limit: NotRequired[int]


class ServingError(Exception):
    """A request the container refuses, with the status and slug the caller sees."""

    status = 500
    slug = "internal_error"

    def __init__(self, message: str, *, limit: int | None = None, headers: Iterable[tuple[str, str]] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.limit = limit
        self.headers = tuple(headers)

    def body(self) -> ErrorBody:
        body: ErrorBody = {"error": self.slug, "message": self.message}
        if self.limit is not None:
            body["limit"] = self.limit
        return body


class MalformedJsonError(ServingError):
    """The body is not valid UTF-8 JSON."""

    status = 400
    slug = "malformed_json"


class NotFoundError(ServingError):
    """No such route."""

    status = 404
    slug = "not_found"


class MethodNotAllowedError(ServingError):
    """The route exists but not for this method."""

    status = 405
    slug = "method_not_allowed"


class PayloadTooLargeError(ServingError):
    """The body or the texts are over a size limit."""

    status = 413
    slug = "payload_too_large"


class ResultTooLargeError(ServingError):
    """The encoded result would be over the result cap."""

    status = 413
    slug = "result_too_large"


class UnsupportedMediaTypeError(ServingError):
    """The Content-Type has no decoder."""

    status = 415
    slug = "unsupported_media_type"


class InvalidRequestError(ServingError):
    """JSON whose shape is not the documented request."""

    status = 422
    slug = "invalid_request"


class UnknownTaskError(ServingError):
    """A task name the contract does not know."""

    status = 422
    slug = "unknown_task"


class UnsupportedTaskError(ServingError):
    """A task this engine does not compute."""

    status = 422
    slug = "unsupported_task"


class InternalError(ServingError):
    """A defect; the caller sees a generic message only."""

    status = 500
    slug = "internal_error"


class NotReadyError(ServingError):
    """The model is not loaded (yet, or any more)."""

    status = 503
    slug = "not_ready"


class BusyError(ServingError):
    """Every request slot is taken; retry later."""

    status = 503
    slug = "busy"


class InferenceTimeoutError(ServingError):
    """The model took longer than the configured timeout."""

    status = 504
    slug = "inference_timeout"


class DeadlineExceededError(ServingError):
    """The request's deadline (the gateway's, or the container's own cap) passed before it was answered;
    work not yet started is dropped, never computed."""

    status = 504
    slug = "deadline_exceeded"
