"""Every environment variable the containers read, read once, with named defaults.

Invalid values stop the process at start-up with a message naming the variable, rather than
surfacing as odd behaviour under load.
"""

import json
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

# The numbers below live in defaults.json, which the benchmarks read too.
_DEFAULTS = json.loads((Path(__file__).with_name("defaults.json")).read_text(encoding="utf-8"))

DEFAULT_PORT = 8080
DEFAULT_HOST = "0.0.0.0"
# Model worker processes (each one core, each with its own copy of the model) when SERVING_WORKERS is
# not set: the instance's vCPUs shared out among the containers on it, SERVING_CONTAINERS (the
# deployed template sets it), at least one each (sized_workers). Without SERVING_CONTAINERS the
# container cannot know who shares the cores, so it runs one.
DEFAULT_WORKERS = 1
# Invocations admitted at once (reading, queued or running; an asyncio task each, no thread), the
# name kept from the threaded front it used to size; /ping is never counted. 32, not 16: /nlp/auto
# and concurrent gateway calls queued behind 16 (bench/README.md, "Load on the local stack").
DEFAULT_THREADS = int(_DEFAULTS["threads"])
# SageMaker gives up on an invocation after 60 s: no request lives longer, queueing included, and
# a worker still busy with one batch then is replaced.
DEFAULT_TIMEOUT_SECONDS = float(_DEFAULTS["timeoutSeconds"])
# A worker whose heartbeat stands still this long makes no progress and is replaced: short enough
# that a hung worker heals well within the gateway's 25 s deadline, long enough for a loaded machine.
DEFAULT_STALL_SECONDS = float(_DEFAULTS["stallSeconds"])
# Dynamic batching (bench/README.md, "spaCy container throughput"): concurrent invocations that ask
# for the same tasks run as one predict call of at most this many texts and characters; a request
# larger than that runs alone. While the worker is free, the oldest queued request waits for company
# until as many requests have queued as the last batch of its tasks held, at most DEFAULT_MAX_WAIT_MS
# (a lone caller's last batch held one request, so it never waits).
DEFAULT_MAX_BATCH_TEXTS = int(_DEFAULTS["maxBatchTexts"])
DEFAULT_MAX_BATCH_CHARS = int(_DEFAULTS["maxBatchChars"])
DEFAULT_MAX_WAIT_MS = float(_DEFAULTS["maxWaitMs"])
DEFAULT_LOG_LEVEL = "INFO"


class ConfigurationError(Exception):
    """An environment variable holds a value the server cannot use."""


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    workers: int
    threads: int
    timeout_seconds: float
    stall_seconds: float
    max_batch_texts: int
    max_batch_chars: int
    max_wait_ms: float
    log_level: str


Number = TypeVar("Number", int, float)


def _number(
    environ: Mapping[str, str], name: str, default: Number, kind: Callable[[str], Number], minimum: int
) -> Number:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be {'an integer' if kind is int else 'a number'}, got {raw!r}") from None
    if value < minimum:
        raise ConfigurationError(f"{name} must be at least {minimum}, got {raw!r}")
    return value


def read(environ: Mapping[str, str] = os.environ) -> Settings:
    """Reads the settings from ``environ`` (the process environment by default)."""
    threads = _number(environ, "SERVING_THREADS", DEFAULT_THREADS, int, 1)
    level = environ.get("SERVING_LOG_LEVEL", "").strip().upper() or DEFAULT_LOG_LEVEL
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ConfigurationError(f"SERVING_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {level!r}")
    return Settings(
        host=environ.get("SERVING_HOST", "").strip() or DEFAULT_HOST,
        port=_number(environ, "SAGEMAKER_BIND_TO_PORT", DEFAULT_PORT, int, 1),
        workers=_number(environ, "SERVING_WORKERS", 0, int, 1)
        or sized_workers(usable_cpus(), _number(environ, "SERVING_CONTAINERS", 0, int, 1)),
        threads=threads,
        timeout_seconds=_number(environ, "SERVING_TIMEOUT_SECONDS", DEFAULT_TIMEOUT_SECONDS, float, 1),
        stall_seconds=_number(environ, "SERVING_STALL_SECONDS", DEFAULT_STALL_SECONDS, float, 1),
        max_batch_texts=_number(environ, "SERVING_MAX_BATCH_TEXTS", DEFAULT_MAX_BATCH_TEXTS, int, 1),
        max_batch_chars=_number(environ, "SERVING_MAX_BATCH_CHARS", DEFAULT_MAX_BATCH_CHARS, int, 1),
        max_wait_ms=_number(environ, "SERVING_MAX_WAIT_MS", DEFAULT_MAX_WAIT_MS, float, 0),
        log_level=level,
    )


def sized_workers(cpus: int, containers: int) -> int:
    """Workers for one of ``containers`` containers sharing ``cpus`` vCPUs (0: not known): its share of
    the cores, rounded down, at least one. ml.m5.large: 2 vCPUs, 3 or 4 containers -> 1 each;
    ml.m5.2xlarge: 8 vCPUs, 4 containers -> 2 each."""
    if not containers:
        return DEFAULT_WORKERS
    return max(1, cpus // containers)


def usable_cpus() -> int:
    """The vCPUs this process may run on: its CPU affinity, capped by a cgroup v2 CPU quota if any."""
    cpus = len(os.sched_getaffinity(0))
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()
    except (OSError, ValueError):
        return cpus
    return cpus if quota == "max" else max(1, min(cpus, math.ceil(int(quota) / int(period))))
