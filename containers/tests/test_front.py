"""The asyncio front over real sockets: an over-limit body is answered 413 on a connection that stays
usable, and SIGTERM lets an invocation in flight finish before the process exits 0."""

import http.client
import json
import signal
import threading
import time

from serving import limits
from test_serve import serve  # noqa: F401 - the fixture


def connect(server):
    return http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)


def post(connection, body):
    connection.request("POST", "/invocations", body=body, headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    return response.status, json.loads(response.read())


def test_an_over_limit_body_is_answered_413_and_the_connection_serves_the_next_request(serve):  # noqa: F811
    server = serve("textblob")
    server.wait_until_healthy()
    connection = connect(server)

    status, body = post(connection, b'{"texts": ["' + b"a" * limits.MAX_BODY_BYTES + b'"]}')
    after = post(connection, json.dumps({"texts": ["What a wonderful day!"]}))

    assert (status, body["error"], body["limit"]) == (413, "payload_too_large", limits.MAX_BODY_BYTES)
    assert after[0] == 200 and after[1]["model"]["name"] == "textblob"


def test_sigterm_lets_the_invocation_in_flight_finish_then_exits_0(serve):  # noqa: F811
    server = serve("spacy")
    server.wait_until_healthy()
    long_text = ("Apple is looking at buying U.K. startup for $1 billion in London. " * 1500)[:100_000]
    answers = []
    caller = threading.Thread(
        target=lambda: answers.append(post(connect(server), json.dumps({"texts": [long_text], "tasks": ["entities"]})))
    )
    caller.start()
    time.sleep(0.5)

    server.process.send_signal(signal.SIGTERM)
    code = server.process.wait(30)
    caller.join()

    assert code == 0
    assert answers[0][0] == 200 and len(answers[0][1]["docs"][0]["ents"]) > 100
