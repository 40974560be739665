"""The personal-data container: the real Presidio engine on the shipped model, its contract through
the real WSGI app (both tasks, every option, every bad option, code-point offsets beside emoji), and
a real `serve` batching concurrent requests with different options apart."""

import logging
import re
import threading

import pytest
from conftest import call
from in_process import InProcessPredictor
from serving.app import create_app
from test_serve import request, serve  # noqa: F401  (serve: the fixture that starts a real `serve`)

TEXT = "Write to jane.doe@example.com or call +44 20 7946 0958. John Smith paid with 4111 1111 1111 1111."
PLANTED = {
    "EMAIL_ADDRESS": "jane.doe@example.com",
    "PHONE_NUMBER": "+44 20 7946 0958",
    "PERSON": "John Smith",
    "CREDIT_CARD": "4111 1111 1111 1111",
}


@pytest.fixture(scope="session")
def engine():
    import pii_engine

    return pii_engine.load()


@pytest.fixture(scope="session")
def app(engine):
    return create_app(InProcessPredictor(engine))


def run(app, texts, tasks=("pii",), **pii):
    body = {"texts": texts, "tasks": list(tasks), **({"pii": pii} if pii else {})}
    response = call(app, body=body)
    assert response.status == 200, response.body
    return response.json()["docs"]


def found(text, doc):
    return {(item["type"], text[item["start"] : item["end"]]) for item in doc["pii"]}


def test_the_model_is_presidio_and_the_default_task_is_pii(app):
    response = call(app, body={"texts": [TEXT]})
    assert response.status == 200
    assert response.json()["model"]["name"] == "presidio" and set(response.json()["docs"][0]) == {"pii"}


def test_pii_finds_each_planted_value_with_a_score_sorted_by_offsets(app):
    [doc] = run(app, [TEXT])
    assert set(PLANTED.items()) <= found(TEXT, doc)
    assert all(set(item) == {"type", "start", "end", "score"} and 0 < item["score"] <= 1 for item in doc["pii"])
    assert [(item["start"], item["end"]) for item in doc["pii"]] == sorted((i["start"], i["end"]) for i in doc["pii"])


@pytest.mark.parametrize(
    "text, kind, value",
    [
        ("IBAN GB82 WEST 1234 5698 7654 32 please.", "IBAN_CODE", "GB82 WEST 1234 5698 7654 32"),
        ("Blocked 203.0.113.45 and 2001:db8::1 today.", "IP_ADDRESS", "2001:db8::1"),
        ("See https://example.com/account now.", "URL", "https://example.com/account"),
        ("My SSN is 536-22-8147.", "US_SSN", "536-22-8147"),
        ("Ring (212) 555-0143 tomorrow.", "PHONE_NUMBER", "(212) 555-0143"),
        ("Ring +81 3-1234-5678 tomorrow.", "PHONE_NUMBER", "+81 3-1234-5678"),
        ("We moved to Manchester.", "LOCATION", "Manchester"),
        ("The hearing is on 3 March 2024.", "DATE_TIME", "3 March 2024"),
    ],
)
def test_each_type_is_found(app, text, kind, value):
    [doc] = run(app, [text])
    assert (kind, value) in found(text, doc)


@pytest.mark.parametrize(
    "text",
    [
        "Card 4111 1111 1111 1112 was declined.",  # fails the Luhn check
        "Transfer to GB83 WEST 1234 5698 7654 32 failed.",  # fails the IBAN checksum
        "Upgrade to version 2.4.6 now.",
        "Order number 123456789 has shipped.",
        "Use report_final.docx from the drive.",
    ],
)
def test_near_misses_are_not_reported(app, text):
    [doc] = run(app, [text])
    assert doc["pii"] == []


def test_offsets_are_code_points_beside_emoji_and_astral_characters(app):
    text = "😀👍🏽 𝒳 mail jane.doe@example.com 🇬🇧 or 𝟘𝟙 call +44 20 7946 0958"
    [doc] = run(app, [text], tasks=("pii", "redact"))
    assert {("EMAIL_ADDRESS", "jane.doe@example.com"), ("PHONE_NUMBER", "+44 20 7946 0958")} <= found(text, doc)
    redacted = doc["redacted"]
    assert redacted["text"] == "😀👍🏽 𝒳 mail <EMAIL_ADDRESS> 🇬🇧 or 𝟘𝟙 call <PHONE_NUMBER>"
    for item in redacted["items"]:
        assert redacted["text"][item["redactedStart"] : item["redactedEnd"]] == f"<{item['type']}>"


@pytest.mark.parametrize(
    "operator, mask, expected",
    [
        (None, None, "Write to <EMAIL_ADDRESS> or call <PHONE_NUMBER>."),
        ("replace", None, "Write to <EMAIL_ADDRESS> or call <PHONE_NUMBER>."),
        ("mask", None, f"Write to {'*' * 20} or call {'*' * 16}."),
        ("mask", "█", f"Write to {'█' * 20} or call {'█' * 16}."),
        ("remove", None, "Write to  or call ."),
    ],
)
def test_redact_replaces_masks_or_removes_and_says_where_each_item_went(app, operator, mask, expected):
    text = "Write to jane.doe@example.com or call +44 20 7946 0958."
    options = {**({"operator": operator} if operator else {}), **({"maskCharacter": mask} if mask else {})}
    [doc] = run(app, [text], tasks=("redact",), **options)
    assert set(doc) == {"redacted"} and doc["redacted"]["text"] == expected
    items = doc["redacted"]["items"]
    assert [(item["type"], text[item["start"] : item["end"]]) for item in items] == [
        ("EMAIL_ADDRESS", "jane.doe@example.com"),
        ("PHONE_NUMBER", "+44 20 7946 0958"),
    ]
    for item in items:
        replaced = expected[item["redactedStart"] : item["redactedEnd"]]
        assert replaced == {"remove": "", "mask": (mask or "*") * (item["end"] - item["start"])}.get(
            operator, f"<{item['type']}>"
        )


def test_redacted_text_holds_nothing_detectable(app):
    [doc] = run(app, [TEXT], tasks=("redact",))
    [again] = run(app, [doc["redacted"]["text"]])
    assert [
        item
        for item in again["pii"]
        if not re.fullmatch(r"<[A-Z_]+>", doc["redacted"]["text"][item["start"] : item["end"]])
    ] == []


def test_types_limit_what_is_reported(app):
    [doc] = run(app, [TEXT], types=["EMAIL_ADDRESS", "CREDIT_CARD"])
    assert {kind for kind, _ in found(TEXT, doc)} == {"EMAIL_ADDRESS", "CREDIT_CARD"}


def test_min_score_drops_findings_below_it(app):
    [low] = run(app, ["Ring 020 7946 0958."], minScore=0)
    [high] = run(app, ["Ring 020 7946 0958."], minScore=0.99)
    assert low["pii"] and all(item["score"] >= 0.99 for item in high["pii"]) and len(high["pii"]) < len(low["pii"])


def test_an_allow_listed_value_is_neither_reported_nor_redacted_and_matching_is_exact(app):
    [doc] = run(app, [TEXT], tasks=("pii", "redact"), allowList=["jane.doe@example.com", "john smith"])
    kinds = {kind for kind, _ in found(TEXT, doc)}
    assert "EMAIL_ADDRESS" not in kinds and "URL" not in kinds and "PERSON" in kinds  # case-sensitive
    assert "jane.doe@example.com" in doc["redacted"]["text"] and "John Smith" not in doc["redacted"]["text"]


def test_a_batch_gives_each_text_its_own_answer(app):
    texts = ["Mail jane.doe@example.com", "Nothing here.", "Call +1 415 555 2671"]
    docs = run(app, texts)
    assert [found(text, doc) for text, doc in zip(texts, docs, strict=True)] == [
        {("EMAIL_ADDRESS", "jane.doe@example.com")},
        set(),
        {("PHONE_NUMBER", "+1 415 555 2671")},
    ]


@pytest.mark.parametrize(
    "pii, names",
    [
        ("all", "pii must be an object"),
        ({"type": ["URL"]}, "pii.type"),
        ({"types": []}, "pii.types"),
        ({"types": "URL"}, "pii.types"),
        ({"types": ["URL", "NAME"]}, "pii.types[1]"),
        ({"minScore": 1.5}, "pii.minScore"),
        ({"minScore": -0.1}, "pii.minScore"),
        ({"minScore": "0.5"}, "pii.minScore"),
        ({"minScore": True}, "pii.minScore"),
        ({"operator": "hash"}, "pii.operator"),
        ({"operator": ["mask"]}, "pii.operator"),
        ({"maskCharacter": "**"}, "pii.maskCharacter"),
        ({"maskCharacter": ""}, "pii.maskCharacter"),
        ({"maskCharacter": "\ud800"}, "pii.maskCharacter"),
        ({"allowList": "x"}, "pii.allowList"),
        ({"allowList": ["x"] * 101}, "at most 100"),
        ({"allowList": ["ok", ""]}, "pii.allowList[1]"),
        ({"allowList": ["x" * 201]}, "pii.allowList[0]"),
        ({"allowList": [7]}, "pii.allowList[0]"),
    ],
)
def test_a_bad_option_is_a_422_that_names_the_field_and_never_echoes_a_value(app, pii, names):
    response = call(app, body={"texts": [TEXT], "tasks": ["pii"], "pii": pii})
    assert response.status == 422 and response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["error"] == "invalid_request" and names in body["message"]
    assert "x" * 20 not in body["message"] and "NAME" not in body["message"]


def test_the_limits_themselves_are_accepted(app):
    run(app, [TEXT], allowList=[f"{index:0200d}" for index in range(100)], minScore=1, maskCharacter="😀")


def test_other_engines_refuse_the_pii_field(spacy_app):
    response = call(spacy_app, body={"texts": ["Hello"], "pii": {}})
    assert response.status == 422 and "pii" in response.json()["message"]


def test_concurrent_requests_with_other_options_are_batched_apart_and_each_gets_its_own(serve, app):  # noqa: F811
    server = serve("pii", SERVING_LOG_LEVEL="DEBUG")
    server.wait_until_healthy()
    options = [{}, {"operator": "mask"}, {"operator": "remove"}, {"types": ["PERSON"]}]
    bodies = [
        {"texts": [TEXT], "tasks": ["pii", "redact"], **({"pii": options[i % 4]} if options[i % 4] else {})}
        for i in range(24)
    ]
    answers = [None] * len(bodies)

    def send(index):
        answers[index] = request(server.port, "POST", "/invocations", bodies[index])

    callers = [threading.Thread(target=send, args=(index,)) for index in range(len(bodies))]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join()

    assert answers == [(200, invoke_with(app, body)) for body in bodies]
    assert max(int(jobs) for jobs in re.findall(r"batch jobs=(\d+)", server.output())) > 1
    log = server.output()
    assert all(value not in log for value in PLANTED.values()), "a planted value reached the log"


def invoke_with(app, body):
    response = call(app, body=body)
    assert response.status == 200
    return response.json()


def test_a_long_text_is_analysed_in_pieces_with_offsets_into_the_whole_text(app):
    filler = "The committee met again to review the budget for the coming year.\n" * 700
    text = f"{filler}Mail jane.doe@example.com now. {filler}Card 4111 1111 1111 1111 was used by John Smith."
    [doc] = run(app, [text], tasks=("pii", "redact"))
    assert set(PLANTED.items()) - {("PHONE_NUMBER", "+44 20 7946 0958")} <= found(text, doc)
    redacted = doc["redacted"]
    assert redacted["text"].endswith("Card <CREDIT_CARD> was used by <PERSON>.")
    for item in redacted["items"]:
        assert redacted["text"][item["redactedStart"] : item["redactedEnd"]] == f"<{item['type']}>"


def test_pieces_cover_the_text_in_order_and_end_at_a_line_or_sentence_where_there_is_one():
    from pii_spans import PIECE_CHARACTERS, pieces

    text = ("One sentence ends here. " * 30 + "\n") * 20 + "x" * 2500
    bounds = pieces(text)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(end == start for (_, end), (start, _) in zip(bounds, bounds[1:], strict=False))
    assert all(0 < end - start <= PIECE_CHARACTERS for start, end in bounds)
    assert all(text[end - 1] == "\n" for _, end in bounds[:10])
    assert pieces("short") == [(0, 5)]


def test_the_context_enhancer_finds_the_token_presidios_walk_finds(engine):
    from pii_engine import IndexedContextEnhancer
    from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

    nlp = engine._analyzer.analyzer_engine.nlp_engine.nlp["en"]
    doc = nlp("Call  me on +44 20 7946 0958 , or mail jane.doe@example.com;done 😀 now.")
    indices = [token.idx for token in doc]
    for start in range(len(doc.text)):
        expected = LemmaContextAwareEnhancer._find_index_of_match_token("w", start, doc, indices)
        assert IndexedContextEnhancer._find_index_of_match_token("w", start, doc, indices) == expected


def test_every_label_of_the_entity_recogniser_is_mapped_or_ignored_so_presidio_logs_no_warning(engine, caplog):
    import pii_engine

    nlp = engine._analyzer.analyzer_engine.nlp_engine.nlp["en"]
    assert set(nlp.get_pipe("ner").labels) <= set(pii_engine.NER_TYPES) | set(pii_engine.IGNORED_LABELS)
    with caplog.at_level(logging.WARNING, logger="presidio-analyzer"):
        engine.predict(["Acme Corp paid $300 to 42 Norwegian engineers at the World Cup in 2024."], ("pii",))
    assert not caplog.records
