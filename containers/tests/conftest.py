"""Shared fixtures: the engine registry, the engines loaded once per session, the ASGI app around
them, and a client that calls an ASGI app the way a server would (no sockets)."""

import asyncio
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

from in_process import InProcessPredictor  # noqa: E402
from serving.app import create_app  # noqa: E402


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, dict(headers), body

    def json(self):
        return json.loads(self.body)


def call(app, method="POST", path="/invocations", body=b"", content_type="application/json", headers=None):
    """One request through the ASGI app; ``body`` may be bytes, str or a JSON-able object. ``headers``
    are named as CGI names them (``HTTP_X_AMZN_SAGEMAKER_CUSTOM_ATTRIBUTES``)."""
    if not isinstance(body, (bytes, str)):
        body = json.dumps(body)
    if isinstance(body, str):
        body = body.encode("utf-8")
    request_headers = [(b"content-length", str(len(body)).encode())]
    if content_type is not None:
        request_headers.append((b"content-type", content_type.encode("latin-1")))
    for name, value in (headers or {}).items():
        request_headers.append((name.removeprefix("HTTP_").replace("_", "-").lower().encode(), value.encode("latin-1")))
    scope = {"type": "http", "method": method, "path": path, "headers": request_headers, "http_version": "1.1"}
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    sent = []

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start, *chunks = sent
    response_headers = [(name.decode().title(), value.decode()) for name, value in start["headers"]]
    return Response(start["status"], response_headers, b"".join(chunk.get("body", b"") for chunk in chunks))


def invoke(app, texts, tasks):
    """A valid invocation through the ASGI app: asserts a 200 and returns the engine's native JSON."""
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
