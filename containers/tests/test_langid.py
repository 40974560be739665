"""The language-identification container: the engine in process on a labelled set (20 languages,
10 scripts, short and long texts), its native contract through the real ASGI app, and the real
`serve` process (which test_serve.py also starts, with every other registry engine)."""

import json

import pytest
from conftest import CONTAINERS, call, invoke
from in_process import InProcessPredictor
from serving.app import create_app
from test_serve import request, serve  # noqa: F401  (serve: the fixture that starts a real `serve`)

SAMPLES = json.loads((CONTAINERS / "tests" / "langid_samples.json").read_text())
LABELLED = [
    pytest.param(code, text, id=f"{length}-{code}-{index}")
    for length in ("short", "long")
    for index, (code, text) in enumerate(SAMPLES[length])
]
UNDETERMINED = {"code": "und", "confidence": 0, "alternatives": []}


@pytest.fixture(scope="session")
def engine():
    import langid_engine

    return langid_engine.load()


@pytest.fixture(scope="session")
def app(engine):
    return create_app(InProcessPredictor(engine))


def language(engine, text):
    return engine.predict([text], ["language"])[0]["language"]


def test_the_labelled_set_covers_ten_scripts_and_short_and_long_texts():
    codes = {code for length in ("short", "long") for code, _ in SAMPLES[length]}
    assert {"en", "ru", "el", "ar", "he", "hi", "zh", "ja", "ko", "th"} <= codes and len(codes) == 20
    assert max(len(text.split()) for _, text in SAMPLES["short"]) <= 7
    assert min(len(text) for _, text in SAMPLES["long"]) >= 80  # a paragraph: the Chinese one is 92 characters


@pytest.mark.parametrize("code, text", LABELLED)
def test_each_labelled_text_is_identified(engine, code, text):
    assert language(engine, text)["code"] == code


@pytest.mark.parametrize("code, text", LABELLED[::7])
def test_confidences_are_probabilities_best_first_with_at_most_three_alternatives(engine, code, text):
    result = language(engine, text)
    alternatives = result["alternatives"]
    confidences = [result["confidence"], *(alternative["confidence"] for alternative in alternatives)]

    assert len(alternatives) <= 3 and all(0 <= value <= 1 for value in confidences)
    assert confidences == sorted(confidences, reverse=True) and sum(confidences) <= 1.0001
    assert all(0.01 <= value for value in confidences[1:])
    assert len({result["code"], *(alternative["code"] for alternative in alternatives)}) == len(confidences)


def test_long_texts_are_identified_with_high_confidence(engine):
    assert min(language(engine, text)["confidence"] for _, text in SAMPLES["long"]) > 0.9


def test_mixed_text_gives_the_dominant_language_and_the_other_as_first_alternative(engine):
    result = language(engine, "Hello world, this is English und das ist Deutsch")
    assert (result["code"], result["alternatives"][0]["code"]) == ("de", "en")


@pytest.mark.parametrize(
    "text, code",
    [
        ("😀🎉 ¿Dónde está la estación? 12:45 👍", "es"),
        ("Москва 2024 — #1 🚀 лучший город для жизни!!!", "ru"),
        (("Der Stadtrat traf sich am Dienstagabend, um über den neuen Haushalt zu beraten. " * 1250)[:100_000], "de"),
    ],
)
def test_letters_among_emoji_digits_and_punctuation_or_in_the_largest_text_are_identified(engine, text, code):
    assert language(engine, text)["code"] == code


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\t  \r\n",
        "12345",
        "3.14 + 2 = 5.14",
        "!!! ??? …",
        "😀🎉👍",
        "🇫🇷 🇩🇪",
        "+49 (0)30 1234-5678",
        "ok",
        "Paris",  # letters, but no byte n-gram the model knows: every language scores alike
    ],
)
def test_text_without_evidence_is_undetermined_rather_than_guessed(engine, text):
    assert language(engine, text) == UNDETERMINED


def test_every_code_the_engine_can_answer_is_iso_639_1(engine):
    import langid_engine

    labels = engine._identifier.labels
    codes = {langid_engine.MACROLANGUAGES.get(label, label) for label in labels}
    assert all(len(code) == 2 and code.isalpha() and code.islower() for code in codes), codes
    assert not langid_engine.UNCODED & set(labels) and len(codes) == 117  # 114 ISO 639-1 labels, plus gn, ff and ki


@pytest.mark.parametrize(
    "text, code",
    [
        ("粵語係香港嘅主要語言，我哋日常講廣東話，好多人都識聽。", "zh"),  # Cantonese (yue)
        ("إزيك يا صاحبي، عامل إيه النهارده؟ أنا كويس الحمد لله وبشتغل كتير.", "ar"),  # Egyptian Arabic (arz)
    ],
)
def test_languages_inside_a_macrolanguage_are_answered_as_its_code(engine, text, code):
    assert language(engine, text)["code"] == code


def test_the_model_is_py3langid_at_its_installed_version(app):
    from importlib.metadata import version

    assert invoke(app, ["Hi."], ["language"])["model"] == {"name": "py3langid", "version": version("py3langid")}


def test_a_batch_of_64_texts_in_many_languages_comes_back_in_order(app):
    labelled = (SAMPLES["short"] + SAMPLES["long"])[:64]
    docs = invoke(app, [text for _, text in labelled], ["language"])["docs"]
    assert [doc["language"]["code"] for doc in docs] == [code for code, _ in labelled]


def test_a_batch_mixes_undetermined_and_identified_texts(app):
    docs = invoke(app, ["   ", "Где находится вокзал?", "😀"], ["language"])["docs"]
    assert [doc["language"]["code"] for doc in docs] == ["und", "ru", "und"]


@pytest.mark.parametrize("task", ["entities", "sentiment", "tokens"])
def test_the_engine_supports_only_language(app, task):
    response = call(app, body={"texts": ["a"], "tasks": [task]})
    assert (response.status, response.json()["error"]) == (422, "unsupported_task")


def test_the_articles_request_is_refused_naming_the_contracts_shape(app):
    # The source article has no language engine, so there is no article shape to answer in.
    response = call(app, body={"input": "Guten Morgen"})
    assert response.status == 422 and '"texts"' in response.json()["message"]


def test_malformed_input_gets_a_json_error_not_a_traceback(app):
    response = call(app, body='{"texts": ["unterminated')
    assert 400 <= response.status < 500 and "error" in response.json()


def test_the_real_serve_identifies_each_text_of_a_batch(serve):  # noqa: F811 (the fixture imported above)
    server = serve("langid")
    server.wait_until_healthy()
    text = "Der Stadtrat traf sich am Dienstagabend, um über den neuen Haushalt zu beraten."

    status, body = request(server.port, "POST", "/invocations", {"texts": [text, " 42 "], "tasks": ["language"]})

    assert status == 200 and [doc["language"]["code"] for doc in body["docs"]] == ["de", "und"]
    assert body["docs"][1]["language"] == UNDETERMINED
