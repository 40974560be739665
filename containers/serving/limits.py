"""The container's request and result limits and task names (DESIGN §3 and §4).

They are part of the contract with the gateway, not tuning knobs, so they are constants.
"""

MAX_TEXTS = 64
MAX_TEXT_CHARS = 100_000
MAX_TOTAL_CHARS = 100_000
MAX_BODY_BYTES = 6 * 1024 * 1024
MAX_RESULT_BYTES = 5 * 1024 * 1024

# Every task name the public API knows; each engine supports a subset.
TASKS = ("tokens", "sentences", "entities", "nounPhrases", "sentiment", "syntax")
