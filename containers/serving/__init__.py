"""The serving layer every inference container shares, written once.

A container is an engine module (a ``load()`` that returns an :class:`serving.engines.Engine`)
plus a ``serve`` script that calls :func:`serving.runner.run`. This package does the rest of the
SageMaker container contract: the ASGI app (``/ping``, ``/invocations``), request decoding and
limits, JSON errors, the model worker processes and the HTTP server.
"""
