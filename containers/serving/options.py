"""Request options beyond texts and tasks: an engine that takes some names them in ``options``
(``("pii",)``), the request carries them as an object of that name, and they reach its ``predict``
as keyword arguments. Each is parsed here, in the front, into a frozen value, so that a bad one is
refused before it is queued and requests are batched only with others whose options are equal.

Error messages name the field, never its value: an allow-list holds personal data.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeGuard

from . import limits
from .errors import InvalidRequestError

PII_FIELDS = ("types", "minScore", "allowList", "operator", "maskCharacter")


@dataclass(frozen=True)
class PiiOptions:
    """The ``pii`` object; ``None`` where the caller left a field out (the engine owns the defaults)."""

    types: tuple[str, ...] | None = None
    min_score: float | None = None
    allow_list: tuple[str, ...] = ()
    operator: str | None = None
    mask_character: str | None = None


def parse_pii_options(value: object) -> PiiOptions:
    if not isinstance(value, dict):
        raise InvalidRequestError(f"pii must be an object with any of: {', '.join(PII_FIELDS)}.")
    unknown = sorted(set(value) - set(PII_FIELDS))
    if unknown:
        raise InvalidRequestError(f"Unknown field(s) pii.{', pii.'.join(unknown)}; allowed: {', '.join(PII_FIELDS)}.")
    return PiiOptions(
        types=_types(value["types"]) if "types" in value else None,
        min_score=_min_score(value["minScore"]) if "minScore" in value else None,
        allow_list=_allow_list(value["allowList"]) if "allowList" in value else (),
        operator=_operator(value["operator"]) if "operator" in value else None,
        mask_character=_mask_character(value["maskCharacter"]) if "maskCharacter" in value else None,
    )


def _types(types: object) -> tuple[str, ...]:
    known = ", ".join(limits.PII_TYPES)
    if not isinstance(types, list) or not types:
        raise InvalidRequestError(f"pii.types must be a non-empty array of type names ({known}).")
    for index, name in enumerate(types):
        if name not in limits.PII_TYPES:
            raise InvalidRequestError(f"pii.types[{index}] is not a known type; known: {known}.")
    return tuple(dict.fromkeys(types))


def _min_score(score: object) -> float:
    if isinstance(score, bool) or not isinstance(score, int | float) or not math.isfinite(score) or not 0 <= score <= 1:
        raise InvalidRequestError("pii.minScore must be a number from 0 to 1.")
    return float(score)


def _allow_list(values: object) -> tuple[str, ...]:
    if not isinstance(values, list):
        raise InvalidRequestError("pii.allowList must be an array of strings.")
    if len(values) > limits.MAX_ALLOW_LIST:
        raise InvalidRequestError(f"pii.allowList has {len(values)} entries; at most {limits.MAX_ALLOW_LIST}.")
    for index, entry in enumerate(values):
        if not _is_text(entry) or len(entry) > limits.MAX_ALLOW_LIST_ENTRY_CHARS:
            raise InvalidRequestError(
                f"pii.allowList[{index}] must be a string of 1 to {limits.MAX_ALLOW_LIST_ENTRY_CHARS} characters."
            )
    return tuple(dict.fromkeys(values))


def _operator(operator: object) -> str:
    if not isinstance(operator, str) or operator not in limits.PII_OPERATORS:
        raise InvalidRequestError(f"pii.operator must be one of: {', '.join(limits.PII_OPERATORS)}.")
    return operator


def _mask_character(character: object) -> str:
    if not _is_text(character) or len(character) != 1:
        raise InvalidRequestError("pii.maskCharacter must be exactly one character (one code point).")
    return character


def _is_text(value: object) -> TypeGuard[str]:
    """A non-empty string of Unicode text (JSON can spell a lone surrogate, which is not)."""
    return isinstance(value, str) and bool(value) and not any("\ud800" <= character <= "\udfff" for character in value)


# The request's option objects, parsed: ``(("pii", PiiOptions(...)),)``, in the engine's order.
Options = tuple[tuple[str, PiiOptions], ...]

PARSERS: dict[str, Callable[[object], PiiOptions]] = {"pii": parse_pii_options}
