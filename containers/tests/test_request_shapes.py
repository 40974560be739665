"""The two request shapes every engine answers besides the full contract: a request without tasks
runs the engine's default tasks (which must equal the registry's, since the container cannot read
the registry), and the source article's ``{"input": text}`` is answered in the article's shape by
the two engines the article has (an engine without one refuses it with a 422 naming the contract's
shape)."""

import re

import pytest
from conftest import CONTAINERS, FOLDER_ENGINES, call, invoke
from in_process import InProcessPredictor
from serving.app import create_app
from serving.engines import load_engine

ENTITIES = "Apple is looking at buying U.K. startup for $1 billion in 東京."
_loaded = {}


def engine_of(request, entry):
    """The session's loaded engine for spaCy and TextBlob; any other registry engine is loaded here, once."""
    try:
        return request.getfixturevalue(f"{entry['name']}_engine")
    except pytest.FixtureLookupError:
        if entry["name"] not in _loaded:
            serve = (CONTAINERS.parent / entry["container"] / "serve").read_text()
            _loaded[entry["name"]] = load_engine(re.search(r'run\("([\w.:]+)"\)', serve).group(1))
        return _loaded[entry["name"]]


@pytest.mark.parametrize("entry", FOLDER_ENGINES, ids=lambda entry: entry["name"])
def test_each_engines_default_tasks_are_the_registrys(request, entry):
    engine = engine_of(request, entry)
    assert list(engine.default_tasks) == entry["defaultTasks"]
    assert set(engine.default_tasks) <= set(engine.tasks)


@pytest.mark.parametrize("entry", FOLDER_ENGINES, ids=lambda entry: entry["name"])
def test_without_tasks_the_default_tasks_run(request, entry):
    app = create_app(InProcessPredictor(engine_of(request, entry)))
    response = call(app, body={"texts": [ENTITIES, "What a wonderful day!"]})
    assert response.status == 200
    assert response.json() == invoke(app, [ENTITIES, "What a wonderful day!"], entry["defaultTasks"])


def test_spacy_answers_the_article_request_with_text_and_label_pairs(spacy_app):
    response = call(spacy_app, body={"input": ENTITIES})
    assert response.status == 200
    ents = invoke(spacy_app, [ENTITIES], ["entities"])["docs"][0]["ents"]
    assert response.json() == {"output": [[ENTITIES[e["start"] : e["end"]], e["label"]] for e in ents]}
    assert ["Apple", "ORG"] in response.json()["output"] and ["$1 billion", "MONEY"] in response.json()["output"]


def test_textblob_answers_the_article_request_with_polarity_and_subjectivity(textblob_app):
    response = call(textblob_app, body={"input": "What a wonderful day!"})
    assert response.status == 200
    sentiment = invoke(textblob_app, ["What a wonderful day!"], ["sentiment"])["docs"][0]["sentiment"]
    assert response.json() == {"Polarity": sentiment["polarity"], "Subjectivity": sentiment["subjectivity"]}
    assert response.json()["Polarity"] > 0


@pytest.mark.parametrize(
    "body,status,names",
    [
        ({"input": ""}, 422, "input"),
        ({"input": 5}, 422, "input"),
        ({"input": ["a"]}, 422, "input"),
        ({"input": "a\ud800"}, 422, "surrogate"),
        ({"input": "a", "tasks": ["entities"]}, 422, "one field"),
        ({"input": "a", "texts": ["a"]}, 422, "one field"),
        ({"input": "a" * 100_001}, 413, "100000"),
    ],
)
def test_a_bad_article_request_gets_a_json_error_naming_the_problem(spacy_app, body, status, names):
    response = call(spacy_app, body=body)
    assert response.status == status
    assert names in response.json()["message"]
