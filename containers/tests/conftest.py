"""Shared fixtures: the engine registry, the engines loaded once per session, the WSGI app around
them, and a client that calls a WSGI app the way a server would (no sockets)."""

import io
import json
import sys
from pathlib import Path

import pytest

CONTAINERS = Path(__file__).resolve().parents[1]
# The engine registry (handlers/core/engines.json): which engines exist, their folders and environments.
REGISTRY = json.loads((CONTAINERS.parent / "handlers" / "core" / "engines.json").read_text())
# Engines built from a folder here (a registry entry may instead name an image nobody here wrote).
FOLDER_ENGINES = [entry for entry in REGISTRY["engines"] if "image" not in entry]
sys.path[:0] = [str(CONTAINERS), *(str(CONTAINERS.parent / entry["container"]) for entry in FOLDER_ENGINES)]

from serving.app import create_app  # noqa: E402
from serving.engines import InProcessPredictor  # noqa: E402


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, dict(headers), body

    def json(self):
        return json.loads(self.body)


def call(app, method="POST", path="/invocations", body=b"", content_type="application/json", headers=None):
    """One request through the WSGI app; ``body`` may be bytes, str or a JSON-able object."""
    if not isinstance(body, (bytes, str)):
        body = json.dumps(body)
    if isinstance(body, str):
        body = body.encode("utf-8")
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SERVER_NAME": "test",
        "SERVER_PORT": "80",
        "wsgi.input": io.BytesIO(body),
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.url_scheme": "http",
        **({"CONTENT_TYPE": content_type} if content_type is not None else {}),
        **(headers or {}),
    }
    captured = {}

    def start_response(status, response_headers):
        captured["status"], captured["headers"] = int(status.split()[0]), response_headers

    chunks = app(environ, start_response)
    return Response(captured["status"], captured["headers"], b"".join(chunks))


def invoke(app, texts, tasks):
    """A valid invocation through the WSGI app: asserts a 200 and returns the engine's native JSON."""
    response = call(app, body={"texts": texts, "tasks": tasks})
    assert response.status == 200, response.body
    return response.json()


@pytest.fixture(scope="session")
def spacy_engine():
    import spacy_engine

    return spacy_engine.load()


@pytest.fixture(scope="session")
def textblob_engine():
    import textblob_engine

    return textblob_engine.load()


@pytest.fixture(scope="session")
def spacy_app(spacy_engine):
    return create_app(InProcessPredictor(spacy_engine))


@pytest.fixture(scope="session")
def textblob_app(textblob_engine):
    return create_app(InProcessPredictor(textblob_engine))
