"""Concurrent single-text callers against one or more spaCy `serve` processes, against the same
texts through ``nlp.pipe`` in-process (part of bench/containers.py)."""

import http.client
import json
import os
import statistics
import threading
import time

CALLERS = (1, 16, 32)
TASKS = ["entities"]  # the gateway's usual call: one text, spaCy's default task
ROUNDS_TEXTS = 2  # each round sends every text this many times per caller count


def invoke(connection, texts, tasks):
    connection.request(
        "POST", "/invocations", json.dumps({"texts": texts, "tasks": tasks}), {"Content-Type": "application/json"}
    )
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"/invocations answered {response.status}: {body[:200]!r}")
    return body


def measure_callers(ports, texts, in_process, rounds):
    """For each labelled server and caller count: docs/s, p50 and p99, each the median over the rounds (so
    that drift on a shared machine hits every variant alike); rounds interleave the in-process reference,
    the caller counts and the servers, after a warm-up round."""
    requests = ROUNDS_TEXTS * len(texts)
    rates = {"in-process": [], **{(label, count): [] for label in ports for count in CALLERS}}
    p50s = {(label, count): [] for label in ports for count in CALLERS}
    p99s = {(label, count): [] for label in ports for count in CALLERS}
    load_before = os.getloadavg()[0]
    for round_number in range(rounds + 1):
        started = time.perf_counter()
        in_process()
        in_process_seconds = time.perf_counter() - started
        measured = {
            (label, count): run_callers(port, count, texts, requests)
            for count in CALLERS
            for label, port in ports.items()
        }
        if round_number == 0:
            continue
        rates["in-process"].append(len(texts) / in_process_seconds)
        for key, (seconds, latency) in measured.items():
            rates[key].append(requests / seconds)
            p50s[key].append(percentile(latency, 50))
            p99s[key].append(percentile(latency, 99))
    return {
        "requests": requests,
        "load": (load_before, os.getloadavg()[0]),
        "rate": {key: statistics.median(values) for key, values in rates.items()},
        "p50": {key: statistics.median(values) for key, values in p50s.items()},
        "p99": {key: statistics.median(values) for key, values in p99s.items()},
    }


def run_callers(port, count, texts, requests):
    """``count`` threads, one keep-alive connection each, share ``requests`` single-text requests."""
    cursor, lock, latencies, failures = iter(range(requests)), threading.Lock(), [], []

    def caller():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                index = next(cursor, None)
            if index is None:
                return
            started = time.perf_counter()
            try:
                invoke(connection, [texts[index % len(texts)]], TASKS)
            except Exception as error:  # noqa: BLE001 - counted, and the run fails below
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
        raise RuntimeError(f"{len(failures)} of {requests} requests failed with {count} callers: {failures[0]}")
    return time.perf_counter() - started, latencies


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q / 100))]


def callers_report(callers, rounds, text_count, baseline=None):
    rate, p50, p99 = callers["rate"], callers["p50"], callers["p99"]
    limit = rate["in-process"]
    labels = ["this", *([baseline] if baseline else [])]
    names = {"this": "this tree", baseline: f"`{baseline}`"}
    rows = [
        f"| {names[label]} | {count} | {rate[label, count]:.0f} | {rate[label, count] / limit:.2f} | "
        f"{p50[label, count] * 1000:.1f} | {p99[label, count] * 1000:.1f} |"
        for count in CALLERS
        for label in labels
    ]
    targets = [
        (
            f"{count} callers ≥ 0.85 × in-process docs/s",
            rate["this", count] / limit >= 0.85,
            f"{rate['this', count] / limit:.2f}×",
        )
        for count in CALLERS[1:]
    ]
    if baseline:
        lone = p50["this", 1] / p50[baseline, 1]
        targets.append((f"a lone caller's p50 ≤ 1.10 × `{baseline}`'s", lone <= 1.10, f"{lone:.2f}×"))
    lines = [
        "",
        "### Concurrent single-text callers",
        "",
        f"N callers, each with its own keep-alive connection, share {callers['requests']} single-text `entities` "
        f"requests per round (the {text_count} texts above); the reference is the engine's `nlp.pipe` on the same "
        f"{text_count} texts in-process (entities only). "
        + (f"`{baseline}` is the same `serve` from git revision `{baseline}`, run side by side. " if baseline else "")
        + f"Each figure is the median over {rounds} interleaved rounds (after a warm-up round) of that round's figure. "
        f"In-process `nlp.pipe`: {limit:.0f} docs/s. The machine's 1-minute load average was "
        f"{callers['load'][0]:.1f} when these rounds began and {callers['load'][1]:.1f} when they ended "
        "(other work shares the machine; a load above its core count means everything here waited for CPU).",
        "",
        "| containers | callers | docs/s | × in-process | p50 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        *rows,
        "",
        "| target | measured | met |",
        "| --- | ---: | :---: |",
        *(f"| {name} | {shown} | {'yes' if met else '**no**'} |" for name, met, shown in targets),
        "",
        "Batches hold one task set, not the union of their requests' tasks: the first table's entities-only "
        "batch against all tasks shows what a union would make each entities request pay. The container runs "
        "the registry's batching settings; its front, its model worker and these callers share the machine's cores.",
    ]
    return "\n".join(lines) + "\n"
