"""A container's real `serve`, as the registry deploys it, started on a free port and stopped; its
memory; one invocation; and another git revision's `serve` run side by side."""

import http.client
import importlib.metadata
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .cpu import group_pids

ROOT = Path(__file__).resolve().parents[2]
LOG = ROOT / "bench" / ".out" / "containers-serve.log"
REGISTRY = json.loads((ROOT / "handlers" / "core" / "engines.json").read_text())

# The serving defaults this tree's containers use (containers/serving/defaults.json), stated as
# variables so that another revision's `serve` (--baseline), whose own defaults may differ, runs with
# the same settings.
SERVING_DEFAULTS = json.loads((ROOT / "containers" / "serving" / "defaults.json").read_text())
DEFAULT_VARIABLES = {
    "SERVING_THREADS": SERVING_DEFAULTS["threads"],
    "SERVING_MAX_BATCH_TEXTS": SERVING_DEFAULTS["maxBatchTexts"],
    "SERVING_MAX_BATCH_CHARS": SERVING_DEFAULTS["maxBatchChars"],
    "SERVING_MAX_WAIT_MS": SERVING_DEFAULTS["maxWaitMs"],
}


class Server:
    def __init__(self, process, port):
        self.process, self.port = process, port


def registry_engine(name):
    """The registry's entry for an engine: its container folder and its deployed environment, with the
    serving defaults spelled out."""
    entry = next(entry for entry in REGISTRY["engines"] if entry["name"] == name)
    defaults = {key: str(value) for key, value in DEFAULT_VARIABLES.items()}
    return {**entry, "environment": {**defaults, **entry["environment"]}}


def with_workers(engine, count):
    """The registry entry with its container's SERVING_WORKERS set to ``count``."""
    return {**engine, "environment": {**engine["environment"], "SERVING_WORKERS": str(count)}}


def start_serve(engine, serve=None, log_path=LOG, site=None):
    """A registry engine's real `serve` (its folder's, or ``serve``) on a free port with the registry's
    environment, as deployed, and ``site`` first on its Python path if given; returns once /ping answers 200."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serve = serve or ROOT / engine["container"] / "serve"
    env = {**os.environ, **engine["environment"], "SAGEMAKER_BIND_TO_PORT": str(port)}
    if site:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))
    log_path.parent.mkdir(exist_ok=True)
    with log_path.open("w") as log:  # the container's own log level, one line per request, kept out of the way
        process = subprocess.Popen(
            [sys.executable, str(serve)], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"serve exited with {process.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/ping")
            if connection.getresponse().status == 200:
                return Server(process, port)
        except OSError:
            pass
        time.sleep(0.1)
    stop(Server(process, port))
    raise RuntimeError("serve did not become healthy within 120 s")


def stop(server):
    server.process.send_signal(signal.SIGTERM)
    try:
        server.process.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait()


def start_baseline(revision, engine, log_path):
    """An engine's `serve` of another git revision, extracted to a temporary folder, with whatever its
    lock pins that .venv lacks (an older front's server, say) installed beside it."""
    folder = Path(tempfile.mkdtemp(prefix="bench-baseline-"))
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, "containers"], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    site = install_missing(folder / engine["container"] / "requirements.txt", folder / "site-packages")
    return start_serve(engine, folder / engine["container"] / "serve", log_path, site=site)


def install_missing(lock, target):
    """Installs into ``target`` (hash-checked, no dependencies resolved) the pins of ``lock`` that this
    Python does not have at that version; returns ``target``. Every pin stays as the lock has it."""
    missing = []
    for entry in re.split(r"\n(?=[a-z0-9])", lock.read_text(), flags=re.IGNORECASE):
        match = re.match(r"([A-Za-z0-9_.-]+)==([^ \\]+)", entry)
        if not match:
            continue
        try:
            installed = importlib.metadata.version(match[1])
        except importlib.metadata.PackageNotFoundError:
            installed = None
        if installed != match[2]:
            missing.append("\n".join(line for line in entry.splitlines() if not line.lstrip().startswith("#")))
    if missing:
        pins = target.with_suffix(".txt")
        pins.write_text("\n".join(missing) + "\n")
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--require-hashes", "--no-deps"]
            + ["--only-binary=:all:", "--target", str(target), "-r", str(pins)],
            check=True,
        )
    return target


def memory(group):
    """Resident and peak resident MiB of every process in the container's process group."""
    totals = {"VmRSS": 0, "VmHWM": 0}
    for pid in group_pids(group):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                key, _, value = line.partition(":")
                if key in totals:
                    totals[key] += int(value.split()[0]) / 1024
        except (OSError, ValueError):
            continue
    return totals


def invoke(connection, texts, tasks):
    """The body of one POST /invocations on ``connection``; raises unless it answers 200."""
    connection.request(
        "POST", "/invocations", json.dumps({"texts": texts, "tasks": tasks}), {"Content-Type": "application/json"}
    )
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"/invocations answered {response.status}: {body[:200]!r}")
    return body


def drain(port, texts, tasks):
    """Waits until the requests wrk left unanswered when its time ran out have been answered: one more
    request for the same tasks queues behind them. Else they would count against the next run's slots."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    body = json.dumps({"texts": texts[:1], "tasks": tasks})
    try:
        while True:  # while every slot is taken by them, it is refused with 503 busy
            connection.request("POST", "/invocations", body, {"Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                return
            if response.status != 503:
                raise RuntimeError(f"/invocations answered {response.status}")
            time.sleep(0.01)
    finally:
        connection.close()
