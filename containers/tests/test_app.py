"""The serving layer's contract through the real ASGI app, with a small stand-in engine so that
every refusal is checked without a model."""

import logging
import time

import pytest
from conftest import call
from in_process import InProcessPredictor
from serving import limits
from serving.app import create_app


class EchoEngine:
    """Returns each text's length per task; ``fail`` and ``huge`` texts exercise the error paths."""

    model = {"name": "echo", "version": "1"}
    tasks = ("tokens", "sentiment")
    default_tasks = ("sentiment",)

    def __init__(self):
        self.computed = []

    def predict(self, texts, tasks):
        self.computed.extend(texts)
        if "fail" in texts:
            raise KeyError("the secret submitted text")
        if "huge" in texts:
            return [{"tokens": "x" * (limits.MAX_RESULT_BYTES + 1)}]
        return [{task: len(text) for task in tasks} for text in texts]


class NotLoaded:
    ready, info = False, None


@pytest.fixture
def app():
    return create_app(InProcessPredictor(EchoEngine()))


def test_invocation_returns_the_engine_output_with_its_model(app):
    response = call(app, body={"texts": ["ab", "cde"], "tasks": ["tokens", "tokens"]})
    assert response.status == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {"model": {"name": "echo", "version": "1"}, "docs": [{"tokens": 2}, {"tokens": 3}]}


def test_ping_is_ok_once_loaded(app):
    response = call(app, "GET", "/ping", content_type=None)
    assert (response.status, response.json()) == (200, {"status": "ok"})


@pytest.mark.parametrize("method,path", [("GET", "/ping"), ("POST", "/invocations")])
def test_not_loaded_is_503_json(method, path):
    response = call(create_app(NotLoaded()), method, path, body={"texts": ["a"], "tasks": ["tokens"]})
    assert (response.status, response.json()["error"]) == (503, "not_ready")
    assert response.headers["Retry-After"] == "1"


@pytest.mark.parametrize(
    "method,path,status,slug",
    [
        ("GET", "/", 404, "not_found"),
        ("POST", "/invocations/", 404, "not_found"),
        ("GET", "/invocations", 405, "method_not_allowed"),
        ("POST", "/ping", 405, "method_not_allowed"),
        ("DELETE", "/invocations", 405, "method_not_allowed"),
    ],
)
def test_unknown_routes_and_methods_are_json(app, method, path, status, slug):
    response = call(app, method, path)
    assert (response.status, response.json()["error"]) == (status, slug)
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["message"]


def test_405_names_the_allowed_method(app):
    assert call(app, "GET", "/invocations").headers["Allow"] == "POST"


@pytest.mark.parametrize(
    "content_type", [None, "", "text/plain", "application/x-www-form-urlencoded", "application/jsonl"]
)
def test_content_types_without_a_decoder_are_415(app, content_type):
    response = call(app, body={"texts": ["a"], "tasks": ["tokens"]}, content_type=content_type)
    assert (response.status, response.json()["error"]) == (415, "unsupported_media_type")
    assert "application/json" in response.json()["message"]


@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=utf-8", "Application/JSON"])
def test_json_content_types_with_parameters_are_accepted(app, content_type):
    assert call(app, body={"texts": ["a"], "tasks": ["tokens"]}, content_type=content_type).status == 200


@pytest.mark.parametrize("body", [b"", b"{", b'{"texts": ["a"],}', b"\xff\xfe{}", b"not json", b'{"texts": ["a"]} x'])
def test_malformed_json_is_400(app, body):
    response = call(app, body=body)
    assert (response.status, response.json()["error"]) == (400, "malformed_json")


@pytest.mark.parametrize(
    "body,slug,names",
    [
        ([], "invalid_request", "JSON object"),
        (b'"just a string"', "invalid_request", "JSON object"),
        (None, "invalid_request", "JSON object"),
        ({"tasks": ["tokens"]}, "invalid_request", "texts"),
        ({"texts": "abc", "tasks": ["tokens"]}, "invalid_request", "texts"),
        ({"texts": [], "tasks": ["tokens"]}, "invalid_request", "texts"),
        ({"texts": [""], "tasks": ["tokens"]}, "invalid_request", "texts[0]"),
        ({"texts": ["a", 5], "tasks": ["tokens"]}, "invalid_request", "texts[1]"),
        ({"texts": ["a", "\ud800"], "tasks": ["tokens"]}, "invalid_request", "texts[1]"),
        ({"texts": ["a"], "tasks": []}, "invalid_request", "tasks"),
        ({"texts": ["a"], "tasks": "tokens"}, "invalid_request", "tasks"),
        ({"texts": ["a"], "tasks": [1]}, "invalid_request", "tasks"),
        ({"texts": ["a"], "tasks": ["tokens"], "text": "a"}, "invalid_request", "text"),
        ({"texts": ["a"], "tasks": ["tokens", "lemmas"]}, "unknown_task", "lemmas"),
        ({"texts": ["a"], "tasks": ["entities"]}, "unsupported_task", "tokens, sentiment"),
    ],
)
def test_wrong_shapes_and_tasks_are_422_naming_the_problem(app, body, slug, names):
    response = call(app, body=body)
    assert (response.status, response.json()["error"]) == (422, slug)
    assert names in response.json()["message"]


@pytest.mark.parametrize(
    "texts,limit",
    [
        (["a"] * (limits.MAX_TEXTS + 1), limits.MAX_TEXTS),
        (["a" * (limits.MAX_TEXT_CHARS + 1)], limits.MAX_TEXT_CHARS),
        (["a" * 60_000, "b" * 40_001], limits.MAX_TOTAL_CHARS),
        (["😀" * (limits.MAX_TEXT_CHARS + 1)], limits.MAX_TEXT_CHARS),
    ],
)
def test_text_limits_are_413_naming_the_limit(app, texts, limit):
    response = call(app, body={"texts": texts, "tasks": ["tokens"]})
    assert (response.status, response.json()["error"], response.json()["limit"]) == (413, "payload_too_large", limit)


def test_limits_are_inclusive(app):
    texts = ["a" * 1562] * 63 + ["😀" * (limits.MAX_TOTAL_CHARS - 1562 * 63)]
    assert call(app, body={"texts": texts, "tasks": ["tokens"]}).status == 200


def test_an_oversized_body_is_413_before_it_is_parsed(app):
    body = b"{" + b" " * limits.MAX_BODY_BYTES + b"}"
    response = call(app, body=body)
    assert (response.status, response.json()["limit"]) == (413, limits.MAX_BODY_BYTES)


def test_an_oversized_result_is_413(app):
    response = call(app, body={"texts": ["huge"], "tasks": ["tokens"]})
    assert (response.status, response.json()["error"], response.json()["limit"]) == (
        413,
        "result_too_large",
        limits.MAX_RESULT_BYTES,
    )


def test_an_engine_failure_is_a_generic_500_and_the_log_holds_no_text(app, caplog):
    with caplog.at_level(logging.INFO):
        response = call(app, body={"texts": ["fail"], "tasks": ["tokens"]})
    assert response.status == 500
    assert response.json() == {"error": "internal_error", "message": "The engine failed on this request."}
    assert "KeyError" in caplog.text
    assert "secret" not in caplog.text and "secret" not in response.body.decode()


def test_the_log_line_of_an_invocation_holds_counts_not_text(app, caplog):
    with caplog.at_level(logging.INFO):
        call(app, body={"texts": ["private words"], "tasks": ["tokens"]})
    assert "texts=1 chars=13" in caplog.text and "private" not in caplog.text


def test_invocations_over_the_in_flight_cap_are_503_busy():
    # Hold the only slot from inside the engine, then ask again.
    inner = {}

    class Reentrant(EchoEngine):
        def predict(self, texts, tasks):
            inner["response"] = call(app, body={"texts": ["b"], "tasks": ["tokens"]})
            return super().predict(texts, tasks)

    app = create_app(InProcessPredictor(Reentrant()), max_in_flight=1)
    assert call(app, body={"texts": ["a"], "tasks": ["tokens"]}).status == 200
    assert (inner["response"].status, inner["response"].json()["error"]) == (503, "busy")


def test_without_tasks_the_engines_default_tasks_run(app):
    response = call(app, body={"texts": ["abc"]})
    assert (response.status, response.json()["docs"]) == (200, [{"sentiment": 3}])


def test_the_article_request_is_refused_by_an_engine_without_the_article_shape(app):
    response = call(app, body={"input": "abc"})
    assert (response.status, response.json()["error"]) == (422, "invalid_request")
    assert "does not answer" in response.json()["message"]


def deadline_header(seconds_from_now):
    return {
        "HTTP_X_AMZN_SAGEMAKER_CUSTOM_ATTRIBUTES": f"trace=x, deadline={int((time.time() + seconds_from_now) * 1000)}"
    }


def test_a_request_whose_gateway_deadline_has_passed_is_504_and_not_computed():
    engine = EchoEngine()
    app = create_app(InProcessPredictor(engine))
    response = call(app, body={"texts": ["late"], "tasks": ["tokens"]}, headers=deadline_header(-1))
    assert (response.status, response.json()["error"]) == (504, "deadline_exceeded")
    assert engine.computed == []


@pytest.mark.parametrize("attributes", ["deadline=soon", "", "other=1", "deadline=", "; ,"])
def test_a_deadline_that_cannot_be_read_leaves_the_containers_own_cap(app, attributes):
    response = call(
        app,
        body={"texts": ["ab"], "tasks": ["tokens"]},
        headers={"HTTP_X_AMZN_SAGEMAKER_CUSTOM_ATTRIBUTES": attributes},
    )
    assert response.status == 200


def test_a_future_gateway_deadline_lets_the_request_run(app):
    assert call(app, body={"texts": ["ab"], "tasks": ["tokens"]}, headers=deadline_header(20)).status == 200
