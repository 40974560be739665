"""Real `serve` processes on free ports, started the way the local endpoint starts them: the
repository's Python, any working directory, the registry's environment plus the SageMaker ports."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import CONTAINERS, FOLDER_ENGINES, REGISTRY, invoke


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(port, method, path, body=None, content_type="application/json", timeout=60):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=data,
        method=method,
        headers={"Content-Type": content_type} if data is not None else {},
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


class Serve:
    """One `serve` process in its own process group, so that teardown can account for its workers."""

    def __init__(self, engine, tmp_path, **environment):
        self.port = free_port()
        registry = next(entry for entry in REGISTRY["engines"] if entry["name"] == engine)
        env = {
            **os.environ,
            **registry["environment"],
            **environment,
            "SAGEMAKER_BIND_TO_PORT": str(self.port),
            "SAGEMAKER_SAFE_PORT_RANGE": "20000-20999",
        }
        self.log = open(tmp_path / f"{engine}.log", "w+")
        self.process = subprocess.Popen(
            [sys.executable, str(CONTAINERS.parent / registry["container"] / "serve")],
            cwd=tmp_path,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_until_healthy(self, timeout=90):
        """Polls /ping; returns every status seen, ending with the first 200."""
        seen, deadline = [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.output()
            try:
                seen.append(request(self.port, "GET", "/ping", timeout=2)[0])
            except OSError:
                pass
            if seen and seen[-1] == 200:
                return seen
            time.sleep(0.05)
        raise AssertionError(f"no healthy ping within {timeout} s: {self.output()}")

    def terminate(self, timeout=20):
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout)

    def terminate_all(self, timeout=10):
        """SIGTERM to `serve`; its exit code, once its model workers are gone too (or ``timeout`` passed)."""
        code = self.terminate()
        deadline = time.monotonic() + timeout
        while self.group_alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        return code

    def group_alive(self):
        try:
            os.killpg(self.process.pid, 0)
        except ProcessLookupError:
            return False
        return True

    def output(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def close(self):
        if self.group_alive():
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
        self.log.close()


@pytest.fixture
def serve(tmp_path):
    started = []

    def start(engine, **environment):
        started.append(Serve(engine, tmp_path, **environment))
        return started[-1]

    yield start
    for server in started:
        server.close()


def test_spacy_serve_pings_503_until_loaded_then_answers_and_stops_on_sigterm(serve):
    server = serve("spacy")
    statuses = server.wait_until_healthy()
    assert statuses[0] == 503 and statuses[-1] == 200
    text = "Tim Cook 😀 visited 東京 and e\u0301clair shops in Paris."

    status, body = request(server.port, "POST", "/invocations", {"texts": [text], "tasks": ["entities"]})

    assert status == 200 and body["model"] == {"name": "en_core_web_sm", "version": "3.8.0"}
    assert {text[e["start"] : e["end"]] for e in body["docs"][0]["ents"]} >= {"Tim Cook", "Paris"}
    assert request(server.port, "POST", "/invocations", {"texts": ["a"]}, "text/plain")[0] == 415
    assert server.terminate_all() == 0
    assert not server.group_alive(), "model workers outlived serve"
    log = server.output()
    assert "visited" not in log and "Tim Cook" not in log
    assert "Traceback" not in log


def test_textblob_serve_answers_without_nltk_data(serve, tmp_path):
    server = serve("textblob", NLTK_DATA=str(tmp_path))
    server.wait_until_healthy()

    status, body = request(
        server.port,
        "POST",
        "/invocations",
        {"texts": ["What a wonderful day!", "It's awful."], "tasks": ["sentiment", "tokens"]},
    )

    assert status == 200 and body["model"]["name"] == "textblob"
    assert [doc["sentiment"]["polarity"] > 0 for doc in body["docs"]] == [True, False]
    assert server.terminate() == 0


@pytest.mark.parametrize("entry", FOLDER_ENGINES, ids=lambda entry: entry["name"])
def test_each_registry_engine_serves_its_default_tasks_with_the_registrys_model_and_stops_on_sigterm(serve, entry):
    server = serve(entry["name"])
    statuses = server.wait_until_healthy()
    texts = ["Tim Cook visited the Louvre in Paris on Monday.", "Der Stadtrat traf sich am Dienstagabend.", " 42 😀 "]

    status, body = request(server.port, "POST", "/invocations", {"texts": texts})

    assert set(statuses[:-1]) <= {503} and statuses[-1] == 200
    assert status == 200 and body["model"] == entry["model"] and len(body["docs"]) == len(texts)
    assert server.terminate_all() == 0
    assert not server.group_alive(), "model workers outlived serve"
    log = server.output()
    assert "Louvre" not in log and "Stadtrat" not in log and "Traceback" not in log


def test_ping_answers_within_2_s_while_every_worker_is_busy(serve):
    # One model worker and two invocation slots: two long invocations fill the worker and its queue.
    server = serve("spacy", SERVING_WORKERS="1", SERVING_THREADS="2")
    server.wait_until_healthy()
    long_text = ("Apple is looking at buying U.K. startup for $1 billion in London. " * 1500)[:100_000]
    results = []

    def invoke():
        results.append(request(server.port, "POST", "/invocations", {"texts": [long_text], "tasks": ["entities"]}))

    callers = [threading.Thread(target=invoke) for _ in range(2)]
    for caller in callers:
        caller.start()
    time.sleep(0.5)
    ping_seconds, overflow = [], None
    while any(caller.is_alive() for caller in callers):
        started = time.monotonic()
        assert request(server.port, "GET", "/ping", timeout=5)[0] == 200
        ping_seconds.append(time.monotonic() - started)
        if overflow is None:
            overflow = request(server.port, "POST", "/invocations", {"texts": ["x"], "tasks": ["entities"]})
        time.sleep(0.2)
    for caller in callers:
        caller.join()

    assert [status for status, _ in results] == [200, 200]
    assert len(ping_seconds) >= 3, "the inferences finished before /ping was measured under load"
    assert max(ping_seconds) < 2
    assert overflow[0] == 503 and overflow[1]["error"] == "busy"


def worker_pids(server):
    """The model worker processes of a `serve` (its spawned children other than the resource tracker)."""
    pids = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
            cmdline = (status.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(server.process.pid) and b"resource_tracker" not in cmdline:
            pids.append(int(status.parent.name))
    return pids


TEXTS = [
    "Tim Cook 😀 visited 東京 and e\u0301clair shops in Paris.",
    "Apple is looking at buying U.K. startup for $1 billion.",
    "Angela Merkel met Emmanuel Macron in Berlin on Monday.",
    "ＡＢＣ Corp. hired 300 engineers from IBM in Texas.",
]
TASK_SETS = [["entities"], ["tokens", "sentences"], ["nounPhrases", "entities"], ["entities"]]


def test_batching_is_invisible_concurrent_answers_equal_unbatched_ones_in_order(serve, spacy_app):
    server = serve("spacy", SERVING_LOG_LEVEL="DEBUG")
    server.wait_until_healthy()
    requests = [([TEXTS[i % 4], TEXTS[(i + 1) % 4]][: 1 + i % 2], TASK_SETS[i % 4]) for i in range(24)]
    answers = [None] * len(requests)

    def send(index):
        texts, tasks = requests[index]
        answers[index] = request(server.port, "POST", "/invocations", {"texts": texts, "tasks": tasks})

    callers = [threading.Thread(target=send, args=(index,)) for index in range(len(requests))]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join()

    assert answers == [(200, invoke(spacy_app, texts, tasks)) for texts, tasks in requests]
    batches = [int(jobs) for jobs in re.findall(r"batch jobs=(\d+)", server.output())]
    assert max(batches) > 1, "no two requests were batched"


def test_a_stopped_worker_fails_the_ping_then_is_replaced(serve):
    server = serve("spacy", SERVING_STALL_SECONDS="1")
    server.wait_until_healthy()
    [worker] = worker_pids(server)

    os.kill(worker, signal.SIGSTOP)
    statuses = []
    deadline = time.monotonic() + 25
    while time.monotonic() < deadline and not (503 in statuses and statuses[-1] == 200):
        statuses.append(request(server.port, "GET", "/ping", timeout=2)[0])
        time.sleep(0.1)

    assert 503 in statuses and statuses[-1] == 200, statuses
    assert worker not in worker_pids(server)
    status, body = request(server.port, "POST", "/invocations", {"input": "Tim Cook visited Paris."})
    assert status == 200 and ["Paris", "GPE"] in body["output"]
