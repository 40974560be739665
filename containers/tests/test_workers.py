"""The model worker pool: loading, answering, and replacing workers that die or overrun."""
import json
import threading
import time

import pytest

from serving.errors import InferenceTimeoutError, InternalError
from serving.workers import WorkerPool


def wait_until(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


@pytest.fixture
def pool():
    pool = WorkerPool("stand_in_engines:load", 1, timeout_seconds=2, log_level="INFO")
    pool.start()
    wait_until(lambda: pool.ready)
    yield pool
    pool.close()


def processes(pool):
    return [process for process, _ in pool._workers]


def test_a_loaded_worker_reports_its_engine_and_answers(pool):
    assert pool.info == {"model": {"name": "stand-in", "version": "1"}, "tasks": ("tokens",)}
    assert json.loads(pool.predict(("ab",), ("tokens",)))["docs"] == [{"tokens": 2}]


def test_an_engine_exception_is_a_500_and_the_worker_stays(pool):
    [before] = processes(pool)
    with pytest.raises(InternalError):
        pool.predict(("raise",), ("tokens",))
    assert processes(pool) == [before] and pool.predict(("a",), ("tokens",))


@pytest.mark.parametrize("text,error", [("crash", InternalError), ("slow", InferenceTimeoutError)])
def test_a_worker_that_dies_or_overruns_is_replaced(pool, text, error):
    [before] = processes(pool)
    with pytest.raises(error):
        pool.predict((text,), ("tokens",))
    assert not before.is_alive()
    wait_until(lambda: pool.ready)
    assert json.loads(pool.predict(("abc",), ("tokens",)))["docs"] == [{"tokens": 3}]


def test_close_stops_every_worker(pool):
    workers = processes(pool)
    pool.close()
    assert not pool.ready and not any(process.is_alive() for process in workers)


def test_a_model_that_cannot_load_is_fatal():
    fatal = threading.Event()
    pool = WorkerPool("stand_in_engines:load_broken", 1, timeout_seconds=2, log_level="INFO", on_fatal=fatal.set)
    pool.start()
    assert fatal.wait(30)
    assert not pool.ready and "RuntimeError" in pool.failure
    pool.close()
