"""The container's request and result limits and task names (README.md, "The API"; containers/README.md).

They are part of the contract with the gateway, not tuning knobs: contract.json in this folder is
written from the gateway's handlers/core/contract.ts (``npm run contract``), so the container
refuses exactly what the gateway would and a 413 names the same limit whichever side answers it.
"""

import json
from pathlib import Path

_CONTRACT = json.loads(Path(__file__).with_name("contract.json").read_text(encoding="utf-8"))
_LIMITS = _CONTRACT["limits"]

MAX_TEXTS: int = _LIMITS["maxTexts"]
MAX_TEXT_CHARS: int = _LIMITS["maxTextCharacters"]
MAX_TOTAL_CHARS: int = _LIMITS["maxTotalCharacters"]
# A result (the response body) over this is refused with a 413; the gateway caps its own response at the same number.
MAX_RESULT_BYTES: int = _LIMITS["maxResponseBytes"]

# SageMaker's own cap on an invocation payload (6 MiB), not part of the public contract: the gateway
# never sends more than its 1 MiB body limit allows, re-encoded.
MAX_BODY_BYTES = 6 * 1024 * 1024

# Every task name the public API knows; each engine supports a subset.
TASKS: tuple[str, ...] = tuple(_CONTRACT["tasks"])

# The personal-data options (the `pii` request object): the types a caller may name, the redaction
# operators, and the allow-list's limits.
_PII = _CONTRACT["pii"]
PII_TYPES: tuple[str, ...] = tuple(_PII["types"])
PII_OPERATORS: tuple[str, ...] = tuple(_PII["operators"])
MAX_ALLOW_LIST: int = _PII["maxAllowList"]
MAX_ALLOW_LIST_ENTRY_CHARS: int = _PII["maxAllowListEntryCharacters"]
