"""What the serving layer needs from an engine, and the in-process way to run one.

An engine module exposes ``load() -> Engine``. ``load`` does all slow work (imports, model
loading) so that the first request never does.
"""
import importlib
import json
from typing import Protocol, Sequence


class Engine(Protocol):
    model: dict  # {"name": ..., "version": ...}, reported in every response
    tasks: tuple  # the task names this engine computes, in the contract's spelling

    def predict(self, texts: Sequence[str], tasks: Sequence[str]) -> list:
        """One native result object per text, in order, with keys for the requested tasks only."""


def load_engine(spec: str) -> Engine:
    """Loads the engine named ``module:function`` (for example ``spacy_engine:load``)."""
    module_name, _, function = spec.partition(":")
    return getattr(importlib.import_module(module_name), function or "load")()


def describe(engine: Engine) -> dict:
    """What the front needs to know about a loaded engine: its model and supported tasks."""
    return {"model": dict(engine.model), "tasks": tuple(engine.tasks)}


def encode_result(engine: Engine, texts, tasks) -> bytes:
    """The /invocations response body: the engine's native output as compact UTF-8 JSON."""
    docs = engine.predict(texts, tasks)
    return json.dumps(
        {"model": engine.model, "docs": docs}, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


class InProcessPredictor:
    """Runs an already loaded engine in the calling thread (tests and single-process use)."""

    def __init__(self, engine: Engine):
        self._engine = engine
        self.info = describe(engine)

    @property
    def ready(self) -> bool:
        return True

    def predict(self, texts, tasks) -> bytes:
        return encode_result(self._engine, texts, tasks)
