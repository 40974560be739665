"""spaCy's tokenizer with its time bounded on pathological input.

spaCy strips prefixes and suffixes from each whitespace-free run one at a time, searching the rest
of the run each time, so a long run of punctuation costs quadratic time: 10 000 "!" take about 8 s
and 20 000 over a minute, holding the model worker the whole while. Runs longer than ``MAX_RUN``
characters are therefore tokenized in pieces of at most ``MAX_RUN`` and the pieces joined into one
``Doc`` whose text is exactly the original, so offsets are unchanged. Text without such runs (all
ordinary prose: English words and URLs are far shorter) goes through the tokenizer untouched.
"""

import re
from itertools import pairwise

from spacy.tokens import Doc

MAX_RUN = 250
# A run too long to tokenize in one go, with the whitespace after it (it belongs to the run's last token).
LONG_RUN = re.compile(rf"(\S{{{MAX_RUN + 1},}})(\s*)")


def pieces(text):
    """Consecutive slices of ``text`` that join back into it; long runs are cut every MAX_RUN characters."""
    start = 0
    for match in LONG_RUN.finditer(text):
        if match.start() > start:
            yield text[start : match.start()]
        run_end = match.end(1)
        cuts = list(range(match.start(), run_end, MAX_RUN)) + [run_end]
        for begin, end in pairwise(cuts):
            yield text[begin : end if end < run_end else match.end()]
        start = match.end()
    if start < len(text):
        yield text[start:]


class BoundedTokenizer:
    """Wraps a spaCy tokenizer; everything but the call is the wrapped tokenizer's."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def __call__(self, text):
        if not LONG_RUN.search(text):
            return self.tokenizer(text)
        return Doc.from_docs([self.tokenizer(piece) for piece in pieces(text)], ensure_whitespace=False)

    def __getattr__(self, name):
        return getattr(self.tokenizer, name)
