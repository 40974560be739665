"""The TextBlob container's native contract through the real ASGI app, offline, without NLTK corpora."""

import os
import subprocess
import sys

import pytest
from conftest import CONTAINERS, call, invoke

ALL = ["tokens", "sentences", "nounPhrases", "sentiment"]
KEYS = {"tokens": "tokens", "sentences": "sentences", "nounPhrases": "noun_phrases", "sentiment": "sentiment"}
UNICODE = "Apple 😀 bought a great café in 東京. Naïve ﬁrms can't lose! e\u0301clair “quoted” (!) 1/2\n\nNew heading"


def test_the_model_is_textblob_at_its_installed_version(textblob_app):
    from importlib.metadata import version

    assert invoke(textblob_app, ["Hi."], ["sentiment"])["model"] == {"name": "textblob", "version": version("textblob")}


def test_all_tasks_give_the_documented_shapes(textblob_app):
    text = "Apple Inc. makes great phones. The new iPhone is expensive."
    doc = invoke(textblob_app, [text], ALL)["docs"][0]
    assert doc["tokens"][0] == {"start": 0, "end": 5, "tag": "NNP"}
    assert [(s["start"], s["end"]) for s in doc["sentences"]] == [(0, 30), (31, 59)]
    assert doc["sentences"][0]["sentiment"] == {"polarity": 0.8, "subjectivity": 0.75}
    assert {"phrase": "apple inc.", "start": 0, "end": 10} in doc["noun_phrases"]
    assert {"phrase": "the new iphone", "start": 31, "end": 45} in doc["noun_phrases"]
    assert set(doc["sentiment"]) == {"polarity", "subjectivity"}
    assert 0 < doc["sentiment"]["polarity"] <= 1 and 0 <= doc["sentiment"]["subjectivity"] <= 1


@pytest.mark.parametrize("tasks", [["tokens"], ["sentences"], ["nounPhrases"], ["sentiment"], ["sentiment", "tokens"]])
def test_only_the_requested_tasks_have_keys(textblob_app, tasks):
    assert set(invoke(textblob_app, ["Apple is in Cupertino."], tasks)["docs"][0]) == {KEYS[t] for t in tasks}


def test_unicode_offsets_are_code_points_into_the_submitted_text(textblob_app):
    doc = invoke(textblob_app, [UNICODE], ALL)["docs"][0]
    words = [UNICODE[token["start"] : token["end"]] for token in doc["tokens"]]
    assert {"😀", "café", "東京", "Naïve", "ﬁrms", "e\u0301clair", "“", "1/2", "(!)"} <= set(words)
    assert ["ca", "n", "'", "t"] == words[words.index("ca") : words.index("ca") + 4]  # Pattern splits "can't"
    starts = [token["start"] for token in doc["tokens"]]
    assert starts == sorted(starts)
    assert [UNICODE[s["start"] : s["end"]] for s in doc["sentences"]][-1] == "New heading"
    for phrase in doc["noun_phrases"]:
        if "start" in phrase:
            assert " ".join(UNICODE[phrase["start"] : phrase["end"]].lower().split()) == phrase["phrase"]


def test_noun_phrases_keep_textblobs_lowercased_form_and_locate_repeats_separately(textblob_app):
    text = "The Big Dog barked. the big dog slept."
    phrases = invoke(textblob_app, [text], ["nounPhrases"])["docs"][0]["noun_phrases"]
    assert phrases == [
        {"phrase": "the big dog", "start": 0, "end": 11},
        {"phrase": "the big dog", "start": 20, "end": 31},
    ]


def test_a_batch_of_64_texts_comes_back_in_order(textblob_app):
    texts = ["I love this wonderful day." if i % 2 else "This is a terrible, awful mess." for i in range(64)]
    docs = invoke(textblob_app, texts, ["sentiment"])["docs"]
    assert [doc["sentiment"]["polarity"] > 0 for doc in docs] == [bool(i % 2) for i in range(64)]


def test_the_engine_does_not_support_entities(textblob_app):
    response = call(textblob_app, body={"texts": ["a"], "tasks": ["entities"]})
    assert (response.status, response.json()["error"]) == (422, "unsupported_task")


def run_without_nltk_data(tmp_path, code):
    """Runs ``code`` in a fresh process where NLTK has no data and any data lookup raises."""
    script = f"""
import sys
sys.path[:0] = [{str(CONTAINERS / "textblob")!r}, {str(CONTAINERS)!r}]
import nltk.data
def refuse(*args, **kwargs):
    raise AssertionError(f"NLTK data lookup: {{args[:1]}}")
nltk.data.find = nltk.data.load = refuse
nltk.data.path[:] = [{str(tmp_path)!r}]
{code}
print("ok")
"""
    env = {**os.environ, "NLTK_DATA": str(tmp_path)}
    return subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)


def test_no_nltk_corpus_is_touched(tmp_path):
    result = run_without_nltk_data(
        tmp_path,
        f"""
import textblob_engine
docs = textblob_engine.load().predict([{UNICODE!r}, "Dr. Smith's car isn't fast... is it?"], textblob_engine.TASKS)
assert all(doc["tokens"] and doc["sentences"] and doc["noun_phrases"] for doc in docs), docs
""",
    )
    assert (result.returncode, result.stdout.strip()) == (0, "ok"), result.stderr[-2000:]


@pytest.mark.parametrize("needs_corpus", ["TextBlob('One. Two.').sentences", "TextBlob('A big dog.').noun_phrases"])
def test_the_check_catches_textblobs_corpus_based_defaults(tmp_path, needs_corpus):
    result = run_without_nltk_data(tmp_path, f"from textblob import TextBlob\n{needs_corpus}")
    assert result.returncode != 0 and "NLTK data lookup" in result.stderr


def test_each_sentence_has_its_own_sentiment_when_sentiment_is_asked_too(textblob_app):
    text = "I love this wonderful phone. The battery is terrible. It is blue."
    doc = invoke(textblob_app, [text], ["sentences", "sentiment"])["docs"][0]
    polarities = [sentence["sentiment"]["polarity"] for sentence in doc["sentences"]]
    assert polarities[0] > 0 > polarities[1] and polarities[2] == 0
    assert all(0 <= sentence["sentiment"]["subjectivity"] <= 1 for sentence in doc["sentences"])
    whole = invoke(textblob_app, [text], ["sentiment"])["docs"][0]["sentiment"]
    assert doc["sentiment"] == whole  # the document's sentiment stays that of the whole text
    alone = invoke(textblob_app, [text[s["start"] : s["end"]] for s in doc["sentences"]], ["sentiment"])["docs"]
    assert [d["sentiment"] for d in alone] == [s["sentiment"] for s in doc["sentences"]]


def test_sentences_carry_no_sentiment_when_it_was_not_asked(textblob_app):
    doc = invoke(textblob_app, ["I love it. I hate it."], ["sentences"])["docs"][0]
    assert all(set(sentence) == {"start", "end"} for sentence in doc["sentences"])
