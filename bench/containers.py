"""spaCy container throughput: one 64-text batch through /invocations against the same texts
through ``nlp.pipe`` in-process (the limit) and against 64 single requests, plus entities-only
against all tasks; then 1, 16 and 32 concurrent single-text callers against ``nlp.pipe`` on the
same texts (bench/harness/callers.py), optionally beside the containers of another git revision.
Starts the real ``serve`` on a free port, measures every variant side by side in interleaved rounds
(medians), writes the `containers` section of bench/README.md.

    .venv/bin/python bench/containers.py [--rounds N] [--caller-rounds N] [--baseline REV] [--also-workers N]
        [--no-write]
"""

import argparse
import http.client
import subprocess
import sys
import time

from harness.callers import callers_report, measure_callers
from harness.measure import command, machine, measure, timed
from harness.serve import LOG, ROOT, invoke, memory, registry_engine, start_baseline, start_serve, stop, with_workers

sys.path[:0] = [str(ROOT / "containers"), str(ROOT / "containers" / "spacy")]
ALL_TASKS = ["tokens", "sentences", "entities", "nounPhrases"]
SUBJECTS = [
    "Apple",
    "Tim Cook",
    "The European Commission",
    "A startup in Berlin",
    "Microsoft",
    "Angela Merkel",
    "The New York Times",
    "Toyota",
    "A team at MIT",
    "Amazon",
]
ACTIONS = [
    "announced a $2 billion deal with",
    "met the board of",
    "opened a new office near",
    "was fined by",
    "published a report about",
    "hired 300 engineers from",
    "filed a lawsuit against",
    "signed a contract with",
]
OBJECTS = [
    "Google on Monday.",
    "the U.K. government last week.",
    "Samsung in Seoul.",
    "the city of Paris in 2023.",
    "a bank in Frankfurt.",
    "IBM yesterday.",
    "the United Nations.",
    "Tesla in Texas.",
]
TEXTS = [f"{SUBJECTS[i % 10]} {ACTIONS[i % 8]} {OBJECTS[(i * 3) % 8]}" for i in range(64)]

# The largest allowed request: 64 texts of 1 562 characters, 99 968 in all.
CORPUS = " ".join(TEXTS * 30)
LARGEST = [CORPUS[i * 1562 : (i + 1) * 1562] for i in range(64)]


def main():
    options = parse_options()
    spacy = registry_engine("spacy")
    environment = spacy["environment"]
    server = start_serve(spacy)
    baseline = (
        start_baseline(options.baseline, spacy, LOG.with_name("containers-baseline.log")) if options.baseline else None
    )
    workers = options.also_workers
    more_workers = (
        start_serve(with_workers(spacy, workers), log_path=LOG.with_name("containers-workers.log")) if workers else None
    )
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        import spacy_engine

        nlp = spacy_engine.load().nlp
        idle = memory(server.process.pid)
        variants = {
            "in-process `nlp.pipe`, all components (the limit)": lambda: list(nlp.pipe(TEXTS)),
            "`/invocations`, one 64-text batch, all tasks": lambda: invoke(connection, TEXTS, ALL_TASKS),
            "`/invocations`, 64 single-text requests, all tasks": lambda: [
                invoke(connection, [t], ALL_TASKS) for t in TEXTS
            ],
            "`/invocations`, one 64-text batch, entities only": lambda: invoke(connection, TEXTS, ["entities"]),
        }
        seconds = measure(variants, options.rounds)
        engine = spacy_engine.load()
        servers = {
            "this": server,
            **({options.baseline: baseline} if baseline else {}),
            **({f"{workers} workers": more_workers} if workers else {}),
        }
        callers = measure_callers(
            servers, TEXTS, lambda texts: engine.predict(texts, ["entities"]), options.caller_rounds
        )
        loaded = memory(server.process.pid)
        # The caller runs outlast the server's keep-alive, so the connection above has been closed.
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        largest = timed(lambda: invoke(connection, LARGEST, ALL_TASKS))
        peak = memory(server.process.pid)
        syntax = syntax_report(connection, options.rounds)
    finally:
        for started in (server, baseline, more_workers):
            if started:
                stop(started)
    markdown = report(seconds, options.rounds, environment, idle, loaded, largest, peak)
    markdown += callers_report(callers, options.caller_rounds, len(TEXTS), options.baseline)
    print(markdown)
    print(syntax)
    if options.write:
        subprocess.run(
            ["node", str(ROOT / "bench" / "report.mjs"), "containers"], input=markdown, text=True, check=True
        )
        subprocess.run(
            ["node", str(ROOT / "bench" / "report.mjs"), "containers-syntax"], input=syntax, text=True, check=True
        )


def parse_options():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15, help="measured rounds per variant (default 15)")
    parser.add_argument(
        "--caller-rounds", type=int, default=5, help="measured rounds of the concurrent single-text callers (default 5)"
    )
    parser.add_argument(
        "--baseline", metavar="REV", help="also run the containers of git revision REV side by side (for example: main)"
    )
    parser.add_argument(
        "--also-workers",
        type=int,
        metavar="N",
        help="also run this tree's `serve` with SERVING_WORKERS=N side by side in the caller runs",
    )
    parser.add_argument(
        "--no-write", dest="write", action="store_false", help="print only; leave bench/README.md alone"
    )
    return parser.parse_args()


def report(seconds, rounds, environment, idle, loaded, largest, peak):
    rate = {name: len(TEXTS) / value for name, value in seconds.items()}
    limit, batch, single, entities = rate.values()
    targets = [
        ("batch request ≥ 90% of in-process `nlp.pipe`", batch / limit, 0.9, f"{batch / limit:.0%}"),
        ("batch request ≥ 3× the single requests", batch / single, 3.0, f"{batch / single:.2f}×"),
        ("entities only ≥ 1.5× all tasks (batch)", entities / batch, 1.5, f"{entities / batch:.2f}×"),
    ]
    settings = ", ".join(f"{key}={value}" for key, value in environment.items())
    lines = [
        "## spaCy container throughput",
        "",
        f"`{command('bench/containers.py')}` on {machine()} — 64 short news-like texts ({sum(map(len, TEXTS)) // len(TEXTS)} "
        f"characters on average), the real `serve` on a free port ({settings}; one model worker, since neither "
        "SERVING_WORKERS nor SERVING_CONTAINERS is set), one keep-alive HTTP "
        f"connection, medians of {rounds} interleaved rounds after a warm-up.",
        "",
        "| variant | ms per 64 texts | docs/s |",
        "| --- | ---: | ---: |",
        *(f"| {name} | {seconds[name] * 1000:.1f} | {rate[name]:.0f} |" for name in seconds),
        "",
        "| target | measured | met |",
        "| --- | ---: | :---: |",
        *(f"| {name} | {shown} | {'yes' if value >= goal else '**no**'} |" for name, value, goal, shown in targets),
        "",
        f"The largest allowed request (64 texts, 100 000 characters in all, all tasks) takes {largest:.1f} s. "
        f"Container memory (the `serve` front, its model worker and multiprocessing's resource tracker, summed): "
        f"{idle['VmRSS']:.0f} MiB resident when idle after start-up, {loaded['VmRSS']:.0f} MiB after the runs "
        f"above, {peak['VmHWM']:.0f} MiB peak after the largest request.",
    ]
    return "\n".join(lines) + "\n"


def syntax_report(connection, rounds):
    """spaCy docs/s for `syntax` (tagger, attribute ruler, lemmatizer and parser) against `tokens`
    (no parser) and `entities`, on the same 64 texts and connection, interleaved."""
    variants = {
        f"`{task}`": (lambda task=task: invoke(connection, TEXTS, [task])) for task in ("tokens", "syntax", "entities")
    }
    seconds = measure(variants, rounds)
    rate = {name: len(TEXTS) / value for name, value in seconds.items()}
    started = time.perf_counter()
    body = invoke(connection, LARGEST, ["syntax"])
    largest = time.perf_counter() - started
    lines = [
        "## spaCy container: `syntax` against `tokens`",
        "",
        f"`.venv/bin/python bench/containers.py` — the same 64 texts and `serve` as above, one 64-text batch per "
        f"request, medians of {rounds} interleaved rounds.",
        "",
        "| tasks | ms per 64 texts | docs/s | relative to `tokens` |",
        "| --- | ---: | ---: | ---: |",
        *(
            f"| {name} | {seconds[name] * 1000:.1f} | {rate[name]:.0f} | {rate[name] / rate['`tokens`']:.2f}× |"
            for name in seconds
        ),
        "",
        f"`syntax` adds the parser to what `tokens` runs. The largest allowed request with `syntax` alone "
        f"(64 texts, 100 000 characters) takes {largest:.1f} s and answers {len(body) / 2**20:.1f} MiB of native output.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
