"""Every environment variable the containers read, read once, with named defaults.

Invalid values stop the process at start-up with a message naming the variable, rather than
surfacing as odd behaviour under load.
"""

import os
from dataclasses import dataclass

DEFAULT_PORT = 8080
DEFAULT_HOST = "0.0.0.0"
# Two containers share an instance on a multi-container endpoint, so one model process each is
# the default; raise it on instances with more cores (each worker holds its own copy of the model).
DEFAULT_WORKERS = 1
# Invocations admitted at once (each holds an HTTP thread while it waits on a worker); the server
# runs one thread more, kept free so that /ping answers under load.
DEFAULT_THREADS = 16
# SageMaker gives up on an invocation after 60 s: no request lives longer, queueing included, and
# a worker still busy with one batch then is replaced.
DEFAULT_TIMEOUT_SECONDS = 60.0
# A worker whose heartbeat stands still this long makes no progress and is replaced: short enough
# that a hung worker heals well within the gateway's 25 s deadline, long enough for a loaded machine.
DEFAULT_STALL_SECONDS = 5.0
# Dynamic batching (bench/README.md, "spaCy container throughput"): concurrent invocations that ask
# for the same tasks run as one predict call of at most this many texts and characters; a request
# larger than that runs alone. While the worker is free, the oldest queued request waits for company
# until as many requests have queued as the last batch of its tasks held, at most DEFAULT_MAX_WAIT_MS
# (a lone caller's last batch held one request, so it never waits).
DEFAULT_MAX_BATCH_TEXTS = 64
DEFAULT_MAX_BATCH_CHARS = 20_000
DEFAULT_MAX_WAIT_MS = 10.0
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


def _number(environ, name, default, kind, minimum):
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


def read(environ=os.environ) -> Settings:
    """Reads the settings from ``environ`` (the process environment by default)."""
    threads = _number(environ, "SERVING_THREADS", DEFAULT_THREADS, int, 1)
    level = environ.get("SERVING_LOG_LEVEL", "").strip().upper() or DEFAULT_LOG_LEVEL
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ConfigurationError(f"SERVING_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {level!r}")
    return Settings(
        host=environ.get("SERVING_HOST", "").strip() or DEFAULT_HOST,
        port=_number(environ, "SAGEMAKER_BIND_TO_PORT", DEFAULT_PORT, int, 1),
        workers=_number(environ, "SERVING_WORKERS", DEFAULT_WORKERS, int, 1),
        threads=threads,
        timeout_seconds=_number(environ, "SERVING_TIMEOUT_SECONDS", DEFAULT_TIMEOUT_SECONDS, float, 1),
        stall_seconds=_number(environ, "SERVING_STALL_SECONDS", DEFAULT_STALL_SECONDS, float, 1),
        max_batch_texts=_number(environ, "SERVING_MAX_BATCH_TEXTS", DEFAULT_MAX_BATCH_TEXTS, int, 1),
        max_batch_chars=_number(environ, "SERVING_MAX_BATCH_CHARS", DEFAULT_MAX_BATCH_CHARS, int, 1),
        max_wait_ms=_number(environ, "SERVING_MAX_WAIT_MS", DEFAULT_MAX_WAIT_MS, float, 0),
        log_level=level,
    )
