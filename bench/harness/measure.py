"""Timing helpers and the machine's description, for the benchmarks' reports."""

import os
import statistics
import sys
import time
from pathlib import Path


def timed(call):
    """Seconds ``call()`` took."""
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def measure(variants, rounds):
    """Median seconds per variant; rounds interleave the variants so that drift hits all alike."""
    for run in variants.values():
        run()  # warm-up
    times = {name: [] for name in variants}
    for _ in range(rounds):
        for name, run in variants.items():
            times[name].append(timed(run))
    return {name: statistics.median(values) for name, values in times.items()}


def command(script):
    """This run's command line, as typed from the repository's root."""
    return " ".join([f".venv/bin/python {script}", *sys.argv[1:]])


def machine():
    """``2 × Intel(R) Xeon(R) …``: this machine's CPUs, as Linux names them."""
    names = [
        line.split(":", 1)[1].strip()
        for line in Path("/proc/cpuinfo").read_text().splitlines()
        if line.startswith("model name")
    ]
    return f"{os.cpu_count()} × {names[0] if names else 'unknown CPU'}"
