"""Content types and the decoder for each, picked from a map (as the inference toolkit does)."""

import json
from collections.abc import Callable

from .errors import MalformedJsonError, UnsupportedMediaTypeError

JSON = "application/json"


def decode_json(body: bytes) -> object:
    try:
        return json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise MalformedJsonError(f"The body is not UTF-8 (invalid byte at position {error.start}).") from None
    except json.JSONDecodeError as error:
        raise MalformedJsonError(
            f"The body is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}."
        ) from None


DECODERS: dict[str, Callable[[bytes], object]] = {JSON: decode_json}


def media_type(content_type: str) -> str:
    """``application/json; charset=utf-8`` -> ``application/json``."""
    return content_type.split(";", 1)[0].strip().lower()


def decoder_for(content_type: str) -> Callable[[bytes], object]:
    decoder = DECODERS.get(media_type(content_type))
    if decoder is None:
        shown = content_type.strip() or "none"
        raise UnsupportedMediaTypeError(f"Content-Type {shown!r} is not supported; send {', '.join(DECODERS)}.")
    return decoder
