"""What the serving layer needs from an engine, how a batch of requests runs through one, and the
in-process way to run one.

An engine module exposes ``load() -> Engine``. ``load`` does all slow work (imports, model
loading) so that the first request never does.
"""

import importlib
import json
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Final, Literal, Protocol, TypedDict

from . import logs
from .options import Options

if TYPE_CHECKING:  # schema.py imports this module's shape names
    pass

log = logging.getLogger("serving.engines")

NATIVE, ARTICLE = "native", "article"  # the two request shapes (containers/README.md)


# One text's native result: an object with a key per requested task (JSON-encodable values).
NativeResult = dict[str, object]


class ModelInfo(TypedDict):
    name: str
    version: str


class Engine(Protocol):
    model: ModelInfo  # reported in every response
    tasks: tuple[str, ...]  # the task names this engine computes, in the contract's spelling
    # What runs when a request names none (the registry's defaultTasks; all tasks if absent).
    default_tasks: tuple[str, ...]

    def predict(self, texts: Sequence[str], tasks: Sequence[str]) -> list[NativeResult]:
        """One native result object per text, in order, with keys for the requested tasks only."""

    # Optional: ``options``, the names of the option objects a request may carry (serving/options.py);
    # each arrives parsed as a keyword argument of ``predict``.

    # Optional: ``article_output(text, doc) -> dict`` answers the source article's request
    # ``{"input": text}`` (containers/README.md names the article) from the native result of the
    # default tasks.


def load_engine(spec: str) -> Engine:
    """Loads the engine named ``module:function`` (for example ``spacy_engine:load``)."""
    module_name, _, function = spec.partition(":")
    engine: Engine = getattr(importlib.import_module(module_name), function or "load")()
    return engine


class EngineInfo(TypedDict):
    """What the front knows about the loaded engine (:func:`describe`)."""

    model: ModelInfo
    tasks: tuple[str, ...]
    default_tasks: tuple[str, ...]
    article: bool  # whether it answers the article's ``{"input": text}``
    options: tuple[str, ...]  # the option objects a request may carry


def describe(engine: Engine) -> EngineInfo:
    """What the front needs to know about a loaded engine: its model, tasks and request shapes."""
    return {
        "model": engine.model.copy(),
        "tasks": tuple(engine.tasks),
        "default_tasks": tuple(getattr(engine, "default_tasks", engine.tasks)),
        "article": callable(getattr(engine, "article_output", None)),
        "options": tuple(getattr(engine, "options", ())),
    }


# One request of a batch: its texts and its shape (NATIVE or ARTICLE).
BatchRequest = tuple[tuple[str, ...], str]
# One request's outcome: the encoded response body, or FAILED.
BatchResult = tuple[Literal["ok"], bytes] | tuple[Literal["error"], None]

FAILED: Final[BatchResult] = ("error", None)


def run_batch(
    engine: Engine, tasks: Sequence[str], requests: Sequence[BatchRequest], options: Options = ()
) -> list[BatchResult]:
    """Runs the texts of several requests ``[(texts, shape), ...]`` that ask for the same tasks with the
    same options as one predict call and returns one ``("ok", body)`` or :data:`FAILED` per request, in
    order. If the batch fails, each request is run on its own, so that one request's failure is its own."""
    try:
        docs = engine.predict([text for texts, _ in requests for text in texts], tasks, **dict(options))
    except Exception as error:
        if len(requests) == 1:
            log.error("inference failed: %s", logs.describe_failure(error))
            return [FAILED]
        return [run_batch(engine, tasks, [request], options)[0] for request in requests]
    results: list[BatchResult] = []
    cursor = 0
    for texts, shape in requests:
        try:
            results.append(("ok", encode(engine, texts, docs[cursor : cursor + len(texts)], shape)))
        except Exception as error:
            log.error("encoding failed: %s", logs.describe_failure(error))
            results.append(FAILED)
        cursor += len(texts)
    return results


def encode(engine: Engine, texts: Sequence[str], docs: Sequence[NativeResult], shape: str) -> bytes:
    """A response body as compact UTF-8 JSON: the native ``{"model", "docs"}``, or the article's shape."""
    payload: dict[str, object]
    if shape == ARTICLE:
        # Optional, so not part of Engine; only an engine that has it is sent the article's shape.
        article_output: Callable[[str, NativeResult], dict[str, object]] = getattr(engine, "article_output")  # noqa: B009
        payload = article_output(texts[0], docs[0])
    else:
        payload = {"model": engine.model, "docs": docs}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
