"""A predictor that runs an already loaded engine in the calling thread, for the tests' ASGI apps.

The containers themselves always serve through serving.workers.WorkerPool; this stays out of the
images (containers/.dockerignore leaves tests/ out).
"""

import asyncio
import time

from serving.engines import Engine, describe, run_batch
from serving.errors import DeadlineExceededError, InternalError
from serving.schema import Invocation


class InProcessPredictor:
    """Runs an already loaded engine in the calling thread."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self.info = describe(engine)

    @property
    def ready(self) -> bool:
        return True

    def predict(self, invocation: Invocation, deadline: float) -> bytes:
        if time.monotonic() >= deadline:
            raise DeadlineExceededError("The request's deadline passed before the model could start on it.")
        [result] = run_batch(self._engine, invocation.tasks, [(invocation.texts, invocation.shape)], invocation.options)
        if result[0] != "ok":
            raise InternalError("The engine failed on this request.")
        return result[1]

    async def predict_async(self, invocation: Invocation, deadline: float) -> bytes:
        """:meth:`predict` on a thread, so that the event loop keeps answering meanwhile."""
        return await asyncio.to_thread(self.predict, invocation, deadline)
