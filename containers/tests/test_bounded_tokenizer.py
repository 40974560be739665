"""The spaCy tokenizer wrapper that bounds its time on long whitespace-free runs."""

import re

import pytest
from bounded_tokenizer import MAX_RUN, BoundedTokenizer, pieces

TEXTS = [
    "",
    "Plain prose, with punctuation!",
    "!" * 20_000,
    "before " + "?" * 1_000 + " after",
    "x" * (MAX_RUN + 1) + "\n\n" + "😀" * 600 + "  tail ",
    "  leading spaces and a url https://example.com/" + "a" * 400 + "?q=1 done.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_pieces_join_back_into_the_text_and_no_run_in_them_is_longer_than_the_bound(text):
    parts = list(pieces(text))
    assert "".join(parts) == text
    assert all(len(run) <= MAX_RUN for part in parts for run in re.findall(r"\S+", part))


@pytest.mark.parametrize("text", TEXTS)
def test_spacy_itself_never_sees_a_long_run_and_offsets_index_the_text(spacy_engine, text):
    # prepare: record every string the wrapped tokenizer hands to spaCy's own
    bounded = spacy_engine.nlp.tokenizer
    seen = []
    spy = BoundedTokenizer(lambda piece: seen.append(piece) or bounded.tokenizer(piece))
    # act
    doc = spy(text)
    # assess
    assert doc.text == text
    assert all(len(run) <= MAX_RUN for piece in seen for run in re.findall(r"\S+", piece))
    assert all(text[token.idx : token.idx + len(token)] == token.text for token in doc)


def test_ordinary_text_is_tokenized_exactly_as_spacy_does(spacy_engine):
    text = "Apple's CEO didn't say \"no\" -- e.g. to U.K. startups (for $1bn), did he?"
    bounded = spacy_engine.nlp.tokenizer
    assert [t.text for t in bounded(text)] == [t.text for t in bounded.tokenizer(text)]


def test_a_long_punctuation_run_becomes_one_token_per_mark_through_the_pipeline(spacy_engine):
    text = "Wow " + "!" * 5_000
    doc = spacy_engine.predict([text], ["tokens"])[0]
    assert len(doc["tokens"]) == 5_001
    assert doc["tokens"][-1] == {"start": len(text) - 1, "end": len(text), "lemma": "!", "pos": "PUNCT", "tag": "."}
