"""Logging: one line per event, to stderr, and never the submitted text.

Exception messages can quote input (a ``KeyError`` holds the key it missed), so failures are
logged as the exception type plus the code locations it passed through, not its message.
"""

import logging
import sys
import traceback

FORMAT = "%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s"


def configure(level: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


def describe_failure(error: BaseException) -> str:
    """``ValueError at engine.py:12 predict <- app.py:40 invocations``, innermost frame first."""
    frames = traceback.extract_tb(error.__traceback__)
    where = " <- ".join(
        f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno} {frame.name}" for frame in reversed(frames)
    )
    return f"{type(error).__name__} at {where or 'unknown location'}"
