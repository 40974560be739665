"""spaCy container throughput: one 64-text batch through /invocations against the same texts
through ``nlp.pipe`` in-process (the limit) and against 64 single requests, plus entities-only
against all tasks. Starts the real ``serve`` on a free port, measures every variant side by side
in interleaved rounds (medians), writes the `containers` section of bench/README.md.

    .venv/bin/python bench/containers.py [--rounds N] [--no-write]
"""
import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "containers"), str(ROOT / "containers" / "spacy")]

LOG = ROOT / "bench" / ".out" / "containers-serve.log"
ALL_TASKS = ["tokens", "sentences", "entities", "nounPhrases"]
SUBJECTS = ["Apple", "Tim Cook", "The European Commission", "A startup in Berlin", "Microsoft", "Angela Merkel",
            "The New York Times", "Toyota", "A team at MIT", "Amazon"]
ACTIONS = ["announced a $2 billion deal with", "met the board of", "opened a new office near", "was fined by",
           "published a report about", "hired 300 engineers from", "filed a lawsuit against", "signed a contract with"]
OBJECTS = ["Google on Monday.", "the U.K. government last week.", "Samsung in Seoul.", "the city of Paris in 2023.",
           "a bank in Frankfurt.", "IBM yesterday.", "the United Nations.", "Tesla in Texas."]
TEXTS = [f"{SUBJECTS[i % 10]} {ACTIONS[i % 8]} {OBJECTS[(i * 3) % 8]}" for i in range(64)]

# The largest allowed request: 64 texts of 1 562 characters, 99 968 in all.
CORPUS = " ".join(TEXTS * 30)
LARGEST = [CORPUS[i * 1562:(i + 1) * 1562] for i in range(64)]


def main():
    options = parse_options()
    registry = json.loads((ROOT / "handlers" / "core" / "engines.json").read_text())
    environment = next(e for e in registry["engines"] if e["name"] == "spacy")["environment"]
    server = start_serve(environment)
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        import spacy_engine

        nlp = spacy_engine.load().nlp
        idle = memory(server.process.pid)
        variants = {
            "in-process `nlp.pipe`, all components (the limit)": lambda: list(nlp.pipe(TEXTS)),
            "`/invocations`, one 64-text batch, all tasks": lambda: invoke(connection, TEXTS, ALL_TASKS),
            "`/invocations`, 64 single-text requests, all tasks": lambda: [invoke(connection, [t], ALL_TASKS) for t in TEXTS],
            "`/invocations`, one 64-text batch, entities only": lambda: invoke(connection, TEXTS, ["entities"]),
        }
        seconds = measure(variants, options.rounds)
        engine = spacy_engine.load()
        callers = measure_callers(server.port, lambda: engine.predict(TEXTS, ["entities"]), options.caller_rounds)
        loaded = memory(server.process.pid)
        started = time.perf_counter()
        invoke(connection, LARGEST, ALL_TASKS)
        largest = time.perf_counter() - started
        peak = memory(server.process.pid)
    finally:
        stop(server)
    markdown = report(seconds, options.rounds, environment, idle, loaded, largest, peak)
    markdown += callers_report(callers, options.caller_rounds)
    print(markdown)
    if options.write:
        subprocess.run(["node", str(ROOT / "bench" / "report.mjs"), "containers"], input=markdown, text=True, check=True)


def parse_options():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15, help="measured rounds per variant (default 15)")
    parser.add_argument("--caller-rounds", type=int, default=5,
                        help="measured rounds of the concurrent single-text callers (default 5)")
    parser.add_argument("--no-write", dest="write", action="store_false", help="print only; leave bench/README.md alone")
    return parser.parse_args()


def invoke(connection, texts, tasks):
    connection.request("POST", "/invocations", json.dumps({"texts": texts, "tasks": tasks}),
                       {"Content-Type": "application/json"})
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"/invocations answered {response.status}: {body[:200]!r}")
    return body


def measure(variants, rounds):
    """Median seconds per variant; rounds interleave the variants so that drift hits all alike."""
    for run in variants.values():
        run()  # warm-up
    times = {name: [] for name in variants}
    for _ in range(rounds):
        for name, run in variants.items():
            started = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def memory(group):
    """Resident and peak resident MiB of every process in the container's process group."""
    totals = {"VmRSS": 0, "VmHWM": 0}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            if os.getpgid(int(status.parent.name)) != group:
                continue
            for line in status.read_text().splitlines():
                key, _, value = line.partition(":")
                if key in totals:
                    totals[key] += int(value.split()[0]) / 1024
        except (OSError, ValueError):
            continue
    return totals


def report(seconds, rounds, environment, idle, loaded, largest, peak):
    rate = {name: len(TEXTS) / value for name, value in seconds.items()}
    limit, batch, single, entities = rate.values()
    targets = [
        ("batch request ≥ 90% of in-process `nlp.pipe`", batch / limit, 0.9, f"{batch / limit:.0%}"),
        ("batch request ≥ 3× the single requests", batch / single, 3.0, f"{batch / single:.2f}×"),
        ("entities only ≥ 1.5× all tasks (batch)", entities / batch, 1.5, f"{entities / batch:.2f}×"),
    ]
    settings = ", ".join(f"{key}={value}" for key, value in environment.items())
    lines = [
        "## spaCy container throughput",
        "",
        f"`.venv/bin/python bench/containers.py` — 64 short news-like texts ({sum(map(len, TEXTS)) // len(TEXTS)} "
        f"characters on average), the real `serve` on a free port ({settings}), one keep-alive HTTP "
        f"connection, medians of {rounds} interleaved rounds after a warm-up.",
        "",
        "| variant | ms per 64 texts | docs/s |",
        "| --- | ---: | ---: |",
        *(f"| {name} | {seconds[name] * 1000:.1f} | {rate[name]:.0f} |" for name in seconds),
        "",
        "| target | measured | met |",
        "| --- | ---: | :---: |",
        *(f"| {name} | {shown} | {'yes' if value >= goal else '**no**'} |" for name, value, goal, shown in targets),
        "",
        f"The largest allowed request (64 texts, 100 000 characters in all, all tasks) takes {largest:.1f} s. "
        f"Container memory (the `serve` front, its model worker and multiprocessing's resource tracker, summed): "
        f"{idle['VmRSS']:.0f} MiB resident when idle after start-up, {loaded['VmRSS']:.0f} MiB after the runs "
        f"above, {peak['VmHWM']:.0f} MiB peak after the largest request.",
    ]
    return "\n".join(lines) + "\n"


CALLERS = (1, 16, 32)
# Single-text requests per round for each caller count: every text of TEXTS, twice.
CALLER_REQUESTS = 2 * len(TEXTS)


def measure_callers(port, in_process, rounds):
    """Concurrent callers each sending one text at a time (entities only, the gateway's usual call)
    against the same texts through ``nlp.pipe`` in-process; rounds interleave, docs/s are medians and
    the latencies of every round are pooled."""
    rates = {name: [] for name in ("in-process", *CALLERS)}
    latencies = {count: [] for count in CALLERS}
    for round_number in range(rounds + 1):  # round 0 warms up
        started = time.perf_counter()
        in_process()
        in_process_seconds = time.perf_counter() - started
        measured = {count: run_callers(port, count) for count in CALLERS}
        if round_number == 0:
            continue
        rates["in-process"].append(len(TEXTS) / in_process_seconds)
        for count, (seconds, latency) in measured.items():
            rates[count].append(CALLER_REQUESTS / seconds)
            latencies[count].extend(latency)
    return {"rate": {name: statistics.median(values) for name, values in rates.items()},
            "p50": {count: percentile(values, 50) for count, values in latencies.items()},
            "p99": {count: percentile(values, 99) for count, values in latencies.items()}}


def run_callers(port, count):
    """``count`` threads, one keep-alive connection each, share CALLER_REQUESTS single-text requests."""
    cursor, lock, latencies, failures = iter(range(CALLER_REQUESTS)), threading.Lock(), [], []

    def caller():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                index = next(cursor, None)
            if index is None:
                return
            started = time.perf_counter()
            try:
                invoke(connection, [TEXTS[index % len(TEXTS)]], ["entities"])
            except Exception as error:  # noqa: BLE001 - counted and reported, the run goes on
                failures.append(error)
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                continue
            latencies.append(time.perf_counter() - started)

    threads = [threading.Thread(target=caller) for _ in range(count)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"{len(failures)} of {CALLER_REQUESTS} requests failed with {count} callers: {failures[0]}")
    return time.perf_counter() - started, latencies


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q / 100))]


def callers_report(callers, rounds):
    rate, p50, p99 = callers["rate"], callers["p50"], callers["p99"]
    limit = rate["in-process"]
    lines = [
        "",
        "### Concurrent single-text callers",
        "",
        f"N callers, each with its own keep-alive connection, send single-text `entities` requests "
        f"({CALLER_REQUESTS} per round, the texts above) to the same `serve`; the reference is the engine's "
        f"`nlp.pipe` on the same {len(TEXTS)} texts in-process (entities only). Medians of {rounds} interleaved rounds "
        "after a warm-up round; latencies pooled over the rounds.",
        "",
        "| callers | docs/s | × in-process | p50 ms | p99 ms |",
        "| ---: | ---: | ---: | ---: | ---: |",
        f"| in-process `nlp.pipe` | {limit:.0f} | 1.00 | | |",
        *(f"| {count} | {rate[count]:.0f} | {rate[count] / limit:.2f} | {p50[count] * 1000:.1f} | "
          f"{p99[count] * 1000:.1f} |" for count in CALLERS),
    ]
    return "\n".join(lines) + "\n"


class Server:
    def __init__(self, process, port):
        self.process, self.port = process, port


def start_serve(environment):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, **environment, "SAGEMAKER_BIND_TO_PORT": str(port)}
    LOG.parent.mkdir(exist_ok=True)
    with LOG.open("w") as log:  # the container's own log level, one line per request, kept out of the way
        process = subprocess.Popen([sys.executable, str(ROOT / "containers" / "spacy" / "serve")], env=env,
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
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


if __name__ == "__main__":
    main()
