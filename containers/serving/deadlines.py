"""Each request's one deadline, across queueing and inference.

The gateway sends its own in SageMaker's custom-attributes header (which SageMaker passes to the
container unchanged): ``X-Amzn-SageMaker-Custom-Attributes: deadline=<epoch milliseconds>``, possibly
among other ``key=value`` attributes separated by commas or semicolons. The container's own cap is
SageMaker's 60 s per invocation. The earlier of the two wins; a deadline that cannot be read is
ignored (the cap still holds), since the attribute is free-form text other clients may use.
"""

import re
import time
from collections.abc import Callable

CUSTOM_ATTRIBUTES = b"x-amzn-sagemaker-custom-attributes"  # the header, as ASGI names it
DEADLINE_ATTRIBUTE = "deadline"


def custom_attributes(header: str) -> dict[str, str]:
    """``"trace=abc, deadline=1767225600000"`` -> ``{"trace": "abc", "deadline": "1767225600000"}``."""
    pairs = (part.partition("=") for part in re.split(r"[,;]", header or ""))
    return {key.strip(): value.strip() for key, sep, value in pairs if sep and key.strip()}


def request_deadline(
    header: str, cap_seconds: float, *, now: Callable[[], float] = time.monotonic, wall: Callable[[], float] = time.time
) -> float:
    """The request's deadline as a ``time.monotonic()`` value."""
    capped = now() + cap_seconds
    raw = custom_attributes(header).get(DEADLINE_ATTRIBUTE, "")
    if not raw.isdigit():
        return capped
    return min(capped, now() + (int(raw) / 1000 - wall()))
