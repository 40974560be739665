"""Findings as this engine reports them: long texts cut into pieces for the analyzer, the findings
of each piece cleaned of what the labelled set (bench/pii_samples.json) showed to be false hits, and
moved back into the text's own offsets (code points, end-exclusive).

Pieces bound the work per finding: Presidio compares each finding with every other one (duplicates,
conflicts) and looks its token up from the start of the text, so a 100 000-character text full of
email addresses took minutes in one piece and takes seconds in pieces of about a thousand.
"""

import re
from bisect import bisect_left
from itertools import accumulate
from typing import NamedTuple

from serving.limits import PII_TYPES

PIECE_CHARACTERS = 1000
# Where a piece may end, best first: a line break, a sentence's end, any white space. A piece ends at
# the last such place in its second half, so a value is cut only where it spans one.
SEAMS = (re.compile(r"\n"), re.compile(r"[.!?]\s"), re.compile(r"\s"))

MODEL_TYPES = frozenset(("PERSON", "LOCATION", "DATE_TIME"))  # what spaCy's NER finds
PATTERN_TYPES = frozenset(PII_TYPES) - MODEL_TYPES  # a pattern and, for most, a checksum or a parser
NUMBER = re.compile(r"[\d\s.]+")
YEAR = re.compile(r"(1[89]|20)\d\d")
DIGIT_RUN = re.compile(r"\d{3,}")
CODE = re.compile(r"\b(?=\w*\d)(?=\w*[^\W\d])\w{6,}\b")


class Span(NamedTuple):
    """A finding in the text's offsets; tuples sort by (start, end, type)."""

    start: int
    end: int
    entity_type: str
    score: float


def pieces(text):
    """``[(start, end), ...]`` covering ``text`` in order, each at most PIECE_CHARACTERS long."""
    bounds, start = [], 0
    while len(text) - start > PIECE_CHARACTERS:
        end = _seam(text, start + PIECE_CHARACTERS // 2, start + PIECE_CHARACTERS)
        bounds.append((start, end))
        start = end
    return [*bounds, (start, len(text))]


def _seam(text, low, high):
    for seam in SEAMS:
        ends = [match.end() for match in seam.finditer(text, low, high)]
        if ends:
            return ends[-1]
    return high


def cleaned(piece, findings, allowed, offset):
    """One piece's findings as Spans in the text's offsets: one per span and type (the best score),
    plausible, and not allow-listed (exact match on the detected text)."""
    best = {}
    for item in findings:
        key = (item.start, item.end, item.entity_type)
        if key not in best or item.score > best[key].score:
            best[key] = item
    kept = [item for item in plausible(piece, best.values()) if piece[item.start : item.end] not in allowed]
    return sorted(Span(item.start + offset, item.end + offset, item.entity_type, item.score) for item in kept), kept


def plausible(text, findings):
    """Drops a finding of the language model (person, location, date) that overlaps one of a checked
    pattern (an IBAN's letters read as a date), a URL inside an email address (``example.com`` in
    ``jane@example.com``) or inside a word (``final.do`` in ``report_final.docx``), a "date" that is
    a run of digit groups, a version or a code (card and order numbers, ``3.11.14``), and a "person"
    with digits."""
    findings = list(findings)
    patterns = Intervals(item for item in findings if item.entity_type in PATTERN_TYPES)
    emails = Intervals(item for item in findings if item.entity_type == "EMAIL_ADDRESS")
    return [
        item
        for item in findings
        if not (item.entity_type in MODEL_TYPES and patterns.overlap(item))
        and not (item.entity_type == "URL" and (emails.overlap(item) or _inside_word(text, item)))
        and not (item.entity_type == "DATE_TIME" and _is_not_a_date(text[item.start : item.end]))
        and not (item.entity_type == "PERSON" and any(character.isdigit() for character in text[item.start : item.end]))
    ]


class Intervals:
    """Whether a span overlaps any of some spans, in O(log n): starts in order, and the furthest end
    reached by the spans up to each."""

    def __init__(self, spans):
        ordered = sorted((item.start, item.end) for item in spans)
        self._starts = [start for start, _ in ordered]
        self._reach = list(accumulate((end for _, end in ordered), max))

    def overlap(self, item):
        before = bisect_left(self._starts, item.end)  # the spans that start before it ends
        return before > 0 and self._reach[before - 1] > item.start


def _inside_word(text, item):
    def is_word(index):
        return 0 <= index < len(text) and (text[index].isalnum() or text[index] == "_")

    return is_word(item.start - 1) or is_word(item.end)


def _is_not_a_date(value):
    """Digits, dots and spaces that are not a year; two or more runs of three digits or more (a date
    has at most one, its year); or a code mixing letters and digits in one word."""
    return (
        (NUMBER.fullmatch(value) is not None and YEAR.fullmatch(value) is None)
        or len(DIGIT_RUN.findall(value)) > 1
        or CODE.search(value) is not None
    )
