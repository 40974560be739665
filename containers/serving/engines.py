"""What the serving layer needs from an engine, how a batch of requests runs through one, and the
in-process way to run one.

An engine module exposes ``load() -> Engine``. ``load`` does all slow work (imports, model
loading) so that the first request never does.
"""

import asyncio
import importlib
import json
import logging
import time
from collections.abc import Sequence
from typing import Protocol

from . import logs
from .errors import DeadlineExceededError, InternalError

log = logging.getLogger("serving.engines")

NATIVE, ARTICLE = "native", "article"  # the two request shapes (containers/README.md)


class Engine(Protocol):
    model: dict  # {"name": ..., "version": ...}, reported in every response
    tasks: tuple  # the task names this engine computes, in the contract's spelling
    default_tasks: tuple  # what runs when a request names none (the registry's defaultTasks; all tasks if absent)

    def predict(self, texts: Sequence[str], tasks: Sequence[str]) -> list:
        """One native result object per text, in order, with keys for the requested tasks only."""

    # Optional: ``options``, the names of the option objects a request may carry (serving/options.py);
    # each arrives parsed as a keyword argument of ``predict``.

    # Optional: ``article_output(text, doc) -> dict`` answers the source article's request
    # ``{"input": text}`` (containers/README.md names the article) from the native result of the
    # default tasks.


def load_engine(spec: str) -> Engine:
    """Loads the engine named ``module:function`` (for example ``spacy_engine:load``)."""
    module_name, _, function = spec.partition(":")
    return getattr(importlib.import_module(module_name), function or "load")()


def describe(engine: Engine) -> dict:
    """What the front needs to know about a loaded engine: its model, tasks and request shapes."""
    return {
        "model": dict(engine.model),
        "tasks": tuple(engine.tasks),
        "default_tasks": tuple(getattr(engine, "default_tasks", engine.tasks)),
        "article": callable(getattr(engine, "article_output", None)),
        "options": tuple(getattr(engine, "options", ())),
    }


FAILED = ("error", None)


def run_batch(engine: Engine, tasks, requests, options=()) -> list:
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
    results, cursor = [], 0
    for texts, shape in requests:
        try:
            results.append(("ok", encode(engine, texts, docs[cursor : cursor + len(texts)], shape)))
        except Exception as error:
            log.error("encoding failed: %s", logs.describe_failure(error))
            results.append(FAILED)
        cursor += len(texts)
    return results


def encode(engine: Engine, texts, docs, shape) -> bytes:
    """A response body as compact UTF-8 JSON: the native ``{"model", "docs"}``, or the article's shape."""
    payload = engine.article_output(texts[0], docs[0]) if shape == ARTICLE else {"model": engine.model, "docs": docs}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


class InProcessPredictor:
    """Runs an already loaded engine in the calling thread (tests and single-process use)."""

    def __init__(self, engine: Engine):
        self._engine = engine
        self.info = describe(engine)

    @property
    def ready(self) -> bool:
        return True

    def predict(self, invocation, deadline: float) -> bytes:
        if time.monotonic() >= deadline:
            raise DeadlineExceededError("The request's deadline passed before the model could start on it.")
        [(status, body)] = run_batch(
            self._engine, invocation.tasks, [(invocation.texts, invocation.shape)], invocation.options
        )
        if status != "ok":
            raise InternalError("The engine failed on this request.")
        return body

    async def predict_async(self, invocation, deadline: float) -> bytes:
        """:meth:`predict` on a thread, so that the event loop keeps answering meanwhile."""
        return await asyncio.to_thread(self.predict, invocation, deadline)
