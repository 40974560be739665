"""Turns a decoded body into an :class:`Invocation`, or raises the error that names the problem.

Two request shapes (containers/README.md): the contract's ``{"texts": [...], "tasks": [...]}`` (``tasks``
optional: the engine's default tasks), and the source article's ``{"input": "<text>"}``, which runs
the default tasks and is answered in the article's shape. Checks run in the gateway's order: shape
(422), then text limits (413), then task support (422). Repeated task names are computed once.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from . import limits
from .engines import ARTICLE, NATIVE, EngineInfo
from .errors import InvalidRequestError, PayloadTooLargeError, UnknownTaskError, UnsupportedTaskError
from .options import PARSERS, Options

FIELDS = ("texts", "tasks")
ARTICLE_FIELD = "input"


@dataclass(frozen=True)
class Invocation:
    texts: tuple[str, ...]
    tasks: tuple[str, ...]
    shape: str = NATIVE
    options: Options = ()  # ((name, parsed value), ...): the request's option objects (serving/options.py)


def parse_invocation(body: object, engine_info: EngineInfo) -> Invocation:
    """``engine_info`` is :func:`serving.engines.describe` of the loaded engine."""
    if not isinstance(body, dict):
        raise InvalidRequestError('The body must be a JSON object {"texts": [...], "tasks": [...]}.')
    if ARTICLE_FIELD in body:
        return _article(body, engine_info)
    allowed = (*FIELDS, *engine_info.get("options", ()))
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise InvalidRequestError(f"Unknown field(s) {', '.join(unknown)}; allowed: {', '.join(allowed)}.")
    texts = _texts(body.get("texts"))
    tasks = _tasks(body["tasks"]) if "tasks" in body else engine_info["default_tasks"]
    options = tuple((name, PARSERS[name](body[name])) for name in allowed[len(FIELDS) :] if name in body)
    _check_text_limits(texts)
    _check_support(tasks, engine_info["tasks"])
    return Invocation(texts=tuple(texts), tasks=tasks, options=options)


def _article(body: dict[str, object], engine_info: EngineInfo) -> Invocation:
    if not engine_info["article"]:
        raise InvalidRequestError('This engine does not answer {"input": ...}; send {"texts": [...], "tasks": [...]}.')
    if len(body) > 1:
        raise InvalidRequestError('The article\'s request has one field: {"input": "<text>"}.')
    text = _text(body[ARTICLE_FIELD], "input")
    _check_text_limits([text])
    return Invocation(texts=(text,), tasks=engine_info["default_tasks"], shape=ARTICLE)


def _texts(texts: object) -> list[str]:
    if not isinstance(texts, list) or not texts:
        raise InvalidRequestError("texts must be a non-empty array of strings.")
    for index, text in enumerate(texts):
        _text(text, f"texts[{index}]")
    return texts


def _text(text: object, name: str) -> str:
    """``text`` when it is a non-empty string of Unicode text; else the error that names the field."""
    if not isinstance(text, str) or not text:
        raise InvalidRequestError(f"{name} must be a non-empty string.")
    if not text.isascii() and not _is_unicode(text):
        raise InvalidRequestError(f"{name} contains a lone surrogate, which is not Unicode text.")
    return text


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _tasks(tasks: object) -> tuple[str, ...]:
    if not isinstance(tasks, list) or not tasks or not all(isinstance(task, str) for task in tasks):
        raise InvalidRequestError(f"tasks must be a non-empty array of task names ({', '.join(limits.TASKS)}).")
    unknown = [task for task in tasks if task not in limits.TASKS]
    if unknown:
        raise UnknownTaskError(f"Unknown task(s) {', '.join(map(repr, unknown))}; known: {', '.join(limits.TASKS)}.")
    return tuple(dict.fromkeys(tasks))


def _check_text_limits(texts: Sequence[str]) -> None:
    if len(texts) > limits.MAX_TEXTS:
        raise PayloadTooLargeError(
            f"{len(texts)} texts sent; at most {limits.MAX_TEXTS} per request.", limit=limits.MAX_TEXTS
        )
    for index, text in enumerate(texts):
        if len(text) > limits.MAX_TEXT_CHARS:
            raise PayloadTooLargeError(
                f"texts[{index}] has {len(text)} characters; at most {limits.MAX_TEXT_CHARS} each.",
                limit=limits.MAX_TEXT_CHARS,
            )
    total = sum(map(len, texts))
    if total > limits.MAX_TOTAL_CHARS:
        raise PayloadTooLargeError(
            f"The texts have {total} characters in all; at most {limits.MAX_TOTAL_CHARS} per request.",
            limit=limits.MAX_TOTAL_CHARS,
        )


def _check_support(tasks: Sequence[str], supported_tasks: Sequence[str]) -> None:
    unsupported = [task for task in tasks if task not in supported_tasks]
    if unsupported:
        raise UnsupportedTaskError(
            f"This engine does not compute {', '.join(unsupported)}; it supports: {', '.join(supported_tasks)}."
        )
