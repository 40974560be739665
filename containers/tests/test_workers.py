"""The model worker pool: loading, answering, batching, deadlines, and replacing workers that die,
overrun or stop making progress. Real worker processes run a small stand-in engine."""

import json
import logging
import threading
import time
from dataclasses import replace

import pytest
from serving.batching import BatchLimits, Job
from serving.engines import NATIVE
from serving.errors import DeadlineExceededError, InferenceTimeoutError, InternalError
from serving.schema import Invocation
from serving.workers import PoolSettings, WorkerPool

SETTINGS = PoolSettings(size=1, timeout_seconds=2, stall_seconds=1, batch=BatchLimits(64, 20_000, 0), log_level="DEBUG")


def wait_until(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


def start_pool(settings=SETTINGS, spec="stand_in_engines:load", **options):
    pool = WorkerPool(spec, settings, **options)
    pool.start()
    return pool


@pytest.fixture
def pool():
    pool = start_pool()
    wait_until(lambda: pool.ready)
    yield pool
    pool.close()


def predict(pool, texts, tasks=("tokens",), seconds=10):
    return json.loads(pool.predict(Invocation(tuple(texts), tuple(tasks), NATIVE), time.monotonic() + seconds))


def processes(pool):
    return [worker.process for worker in pool._state.workers]


def concurrently(*calls):
    """Runs each call on its own thread, started in order a little apart; returns results or exceptions."""
    results = [None] * len(calls)

    def run(index, call):
        try:
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - the test asserts on it
            results[index] = error

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
        time.sleep(0.05)
    for thread in threads:
        thread.join()
    return results


def test_a_loaded_worker_reports_its_engine_and_answers(pool):
    assert pool.info == {
        "model": {"name": "stand-in", "version": "1"},
        "tasks": ("tokens", "sentences"),
        "default_tasks": ("tokens",),
        "article": False,
        "options": (),
    }
    assert predict(pool, ["ab"])["docs"] == [{"tokens": 2}]


def test_an_engine_exception_is_a_500_and_the_worker_stays(pool):
    [before] = processes(pool)
    with pytest.raises(InternalError):
        predict(pool, ["raise"])
    assert processes(pool) == [before] and predict(pool, ["a"])


@pytest.mark.parametrize("text,error", [("crash", InternalError), ("slow", InferenceTimeoutError)])
def test_a_worker_that_dies_or_overruns_is_replaced(pool, text, error):
    [before] = processes(pool)
    with pytest.raises(error):
        predict(pool, [text])
    assert not before.is_alive()
    wait_until(lambda: pool.ready)
    assert predict(pool, ["abc"])["docs"] == [{"tokens": 3}]


def test_a_stopped_worker_is_replaced_and_the_ping_fails_meanwhile(pool):
    [before] = processes(pool)
    readiness = []
    watcher = threading.Thread(target=lambda: [readiness.append(pool.ready) or time.sleep(0.05) for _ in range(100)])
    watcher.start()

    with pytest.raises(InternalError, match="progress"):
        predict(pool, ["hang"])

    wait_until(lambda: pool.ready)
    watcher.join()
    assert not before.is_alive() and processes(pool) != [before]
    assert False in readiness and readiness[-1] is True
    assert predict(pool, ["abcd"])["docs"] == [{"tokens": 4}]


def test_concurrent_requests_run_as_one_batch_and_each_gets_its_own_answer(pool, caplog):
    caplog.set_level(logging.DEBUG, logger="serving.workers")
    calls = [lambda: predict(pool, ["sleep"])]
    calls += [lambda n=n: predict(pool, ["x" * n, "y" * (n + 10)]) for n in range(1, 6)]

    first, *rest = concurrently(*calls)

    assert first["docs"] == [{"tokens": 5}]
    assert [result["docs"] for result in rest] == [[{"tokens": n}, {"tokens": n + 10}] for n in range(1, 6)]
    assert "batch jobs=5 texts=10" in caplog.text


def test_queued_company_is_shared_out_among_the_free_workers(caplog):
    caplog.set_level(logging.DEBUG, logger="serving.workers")
    pool = start_pool(replace(SETTINGS, size=2))
    try:
        wait_until(lambda: pool.ready and pool._state.idle == 2)
        deadline = time.monotonic() + 10
        jobs = [Job((f"text {n}",), ("tokens",), NATIVE, deadline) for n in range(8)]

        with pool._changed:  # eight callers that came back at once, both workers free
            pool._state.pending.extend(jobs)
            pool._changed.notify_all()
        wait_until(lambda: all(job.done.is_set() for job in jobs))

        sizes = sorted(int(line.split("jobs=")[1].split()[0]) for line in caplog.messages if line.startswith("batch "))
        assert sizes == [4, 4]
        assert all(isinstance(job.outcome, bytes) for job in jobs)
    finally:
        pool.close()


def test_batches_hold_one_task_set_and_keep_each_answer_to_its_tasks(pool):
    results = concurrently(
        lambda: predict(pool, ["sleep"]),
        lambda: predict(pool, ["ab"], ["sentences"]),
        lambda: predict(pool, ["abc"]),
        lambda: predict(pool, ["abcd"], ["sentences", "tokens"]),
    )
    assert [result["docs"] for result in results[1:]] == [
        [{"sentences": 2}],
        [{"tokens": 3}],
        [{"sentences": 4, "tokens": 4}],
    ]


def test_queued_task_sets_run_oldest_first_and_each_caller_keeps_its_answer(pool, caplog):
    caplog.set_level(logging.DEBUG, logger="serving.workers")
    asked = [("sleep", "tokens"), ("a", "sentences"), ("bb", "tokens"), ("ccc", "tokens"), ("dddd", "sentences")]
    asked += [("eeeee", "tokens")]

    results = concurrently(*(lambda text=text, task=task: predict(pool, [text], [task]) for text, task in asked))

    assert [result["docs"] for result in results[1:]] == [
        [{"sentences": 1}],
        [{"tokens": 2}],
        [{"tokens": 3}],
        [{"sentences": 4}],
        [{"tokens": 5}],
    ]
    batches = [line.split("batch ", 1)[1] for line in caplog.messages if line.startswith("batch ")]
    assert batches[1:] == ["jobs=2 texts=2 chars=5 tasks=sentences", "jobs=3 texts=3 chars=10 tasks=tokens"]


@pytest.mark.parametrize("culprit,error", [("raise", InternalError), ("crash", InternalError)])
def test_a_batch_mates_failure_fails_only_its_own_request(pool, culprit, error):
    results = concurrently(
        lambda: predict(pool, ["sleep"]),
        lambda: predict(pool, ["ab"]),
        lambda: predict(pool, [culprit]),
        lambda: predict(pool, ["abc", "d"]),
    )
    assert results[1]["docs"] == [{"tokens": 2}] and results[3]["docs"] == [{"tokens": 3}, {"tokens": 1}]
    assert isinstance(results[2], error)


def test_queued_work_whose_deadline_passes_is_dropped_not_computed(pool):
    [before] = processes(pool)
    # "crash" would kill the worker if it ever ran; its deadline passes while "sleep" holds the worker.
    results = concurrently(lambda: predict(pool, ["sleep"]), lambda: predict(pool, ["crash"], seconds=0.1))
    assert isinstance(results[1], DeadlineExceededError)
    assert results[0]["docs"] == [{"tokens": 5}]
    assert processes(pool) == [before] and before.is_alive()


def timed(call):
    started = time.monotonic()
    call()
    return time.monotonic() - started


def test_a_lone_caller_never_waits_and_the_maximum_wait_bounds_a_request_waiting_for_company():
    pool = start_pool(PoolSettings(1, 10, 1, BatchLimits(max_texts=8, max_chars=100, max_wait_seconds=1.5), "INFO"))
    try:
        wait_until(lambda: pool.ready)
        lone = timed(lambda: predict(pool, ["a"]))
        # Two requests queue behind a slow one and run as one batch: the next request expects company.
        concurrently(lambda: predict(pool, ["sleep"]), lambda: predict(pool, ["b"]), lambda: predict(pool, ["c"]))
        expecting = timed(lambda: predict(pool, ["d"]))
        lone_again = timed(lambda: predict(pool, ["e"]))
        # A queue that fills the batch (8 texts) does not wait.
        concurrently(lambda: predict(pool, ["sleep"]), lambda: predict(pool, ["b"]), lambda: predict(pool, ["c"]))
        full = timed(lambda: predict(pool, ["f"] * 8))
    finally:
        pool.close()
    assert lone < 1.5 and lone_again < 1.5
    assert 1.5 <= expecting < 4.5
    assert full < 1.5


def test_close_stops_every_worker(pool):
    workers = processes(pool)
    pool.close()
    assert not pool.ready and not any(process.is_alive() for process in workers)


def test_a_model_that_cannot_load_is_fatal():
    fatal = threading.Event()
    pool = start_pool(spec="stand_in_engines:load_broken", on_fatal=fatal.set)
    assert fatal.wait(30)
    assert not pool.ready and "RuntimeError" in pool.failure
    pool.close()
