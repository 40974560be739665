"""spaCy container throughput: one 64-text batch through /invocations against the same texts
through ``nlp.pipe`` in-process (the limit) and against 64 single requests, plus entities-only
against all tasks; then 1, 16 and 32 concurrent single-text callers against ``nlp.pipe`` on the
same texts (bench/container_callers.py), optionally beside the containers of another git revision.
Starts the real ``serve`` on a free port, measures every variant side by side in interleaved rounds
(medians), writes the `containers` section of bench/README.md.

    .venv/bin/python bench/containers.py [--rounds N] [--caller-rounds N] [--baseline REV] [--also-workers N]
        [--no-write]
"""

import argparse
import http.client
import importlib.metadata
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "containers"), str(ROOT / "containers" / "spacy")]

from container_callers import callers_report, invoke, measure_callers, timed  # noqa: E402
from process_cpu import group_pids  # noqa: E402

LOG = ROOT / "bench" / ".out" / "containers-serve.log"
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


REGISTRY = json.loads((ROOT / "handlers" / "core" / "engines.json").read_text())


# The serving defaults this tree's containers use (containers/serving/defaults.json), stated as
# variables so that another revision's `serve` (--baseline), whose own defaults may differ, runs with
# the same settings.
SERVING_DEFAULTS = json.loads((ROOT / "containers" / "serving" / "defaults.json").read_text())
DEFAULT_VARIABLES = {
    "SERVING_THREADS": SERVING_DEFAULTS["threads"],
    "SERVING_MAX_BATCH_TEXTS": SERVING_DEFAULTS["maxBatchTexts"],
    "SERVING_MAX_BATCH_CHARS": SERVING_DEFAULTS["maxBatchChars"],
    "SERVING_MAX_WAIT_MS": SERVING_DEFAULTS["maxWaitMs"],
}


def registry_engine(name):
    """The registry's entry for an engine: its container folder and its deployed environment, with the
    serving defaults spelled out."""
    entry = next(entry for entry in REGISTRY["engines"] if entry["name"] == name)
    defaults = {key: str(value) for key, value in DEFAULT_VARIABLES.items()}
    return {**entry, "environment": {**defaults, **entry["environment"]}}


def main():
    options = parse_options()
    spacy = registry_engine("spacy")
    environment = spacy["environment"]
    server = start_serve(spacy)
    baseline = start_baseline(options.baseline, spacy) if options.baseline else None
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


def measure(variants, rounds):
    """Median seconds per variant; rounds interleave the variants so that drift hits all alike."""
    for run in variants.values():
        run()  # warm-up
    times = {name: [] for name in variants}
    for _ in range(rounds):
        for name, run in variants.items():
            times[name].append(timed(run))
    return {name: statistics.median(values) for name, values in times.items()}


def memory(group):
    """Resident and peak resident MiB of every process in the container's process group."""
    totals = {"VmRSS": 0, "VmHWM": 0}
    for pid in group_pids(group):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                key, _, value = line.partition(":")
                if key in totals:
                    totals[key] += int(value.split()[0]) / 1024
        except (OSError, ValueError):
            continue
    return totals


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
        f"`{command()}` on {machine()} — 64 short news-like texts ({sum(map(len, TEXTS)) // len(TEXTS)} "
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


def command():
    """This run's command line, as typed from the repository's root."""
    return " ".join([".venv/bin/python bench/containers.py", *sys.argv[1:]])


def machine():
    """``2 × Intel(R) Xeon(R) …``: this machine's CPUs, as Linux names them."""
    names = [
        line.split(":", 1)[1].strip()
        for line in Path("/proc/cpuinfo").read_text().splitlines()
        if line.startswith("model name")
    ]
    return f"{os.cpu_count()} × {names[0] if names else 'unknown CPU'}"


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


class Server:
    def __init__(self, process, port):
        self.process, self.port = process, port


def with_workers(engine, count):
    """The registry entry with its container's SERVING_WORKERS set to ``count``."""
    return {**engine, "environment": {**engine["environment"], "SERVING_WORKERS": str(count)}}


def start_baseline(revision, engine):
    """An engine's `serve` of another git revision, extracted to a temporary folder, with whatever its
    lock pins that .venv lacks (an older front's server, say) installed beside it."""
    folder = Path(tempfile.mkdtemp(prefix="bench-baseline-"))
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, "containers"], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    site = install_missing(folder / engine["container"] / "requirements.txt", folder / "site-packages")
    return start_serve(
        engine, folder / engine["container"] / "serve", LOG.with_name("containers-baseline.log"), site=site
    )


def install_missing(lock, target):
    """Installs into ``target`` (hash-checked, no dependencies resolved) the pins of ``lock`` that this
    Python does not have at that version; returns ``target``. Every pin stays as the lock has it."""
    missing = []
    for entry in re.split(r"\n(?=[a-z0-9])", lock.read_text(), flags=re.IGNORECASE):
        match = re.match(r"([A-Za-z0-9_.-]+)==([^ \\]+)", entry)
        if not match:
            continue
        try:
            installed = importlib.metadata.version(match[1])
        except importlib.metadata.PackageNotFoundError:
            installed = None
        if installed != match[2]:
            missing.append("\n".join(line for line in entry.splitlines() if not line.lstrip().startswith("#")))
    if missing:
        pins = target.with_suffix(".txt")
        pins.write_text("\n".join(missing) + "\n")
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--require-hashes", "--no-deps"]
            + ["--only-binary=:all:", "--target", str(target), "-r", str(pins)],
            check=True,
        )
    return target


def start_serve(engine, serve=None, log_path=LOG, site=None):
    """A registry engine's real `serve` (its folder's, or ``serve``) on a free port with the registry's
    environment, as deployed, and ``site`` first on its Python path if given; returns once /ping answers 200."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serve = serve or ROOT / engine["container"] / "serve"
    env = {**os.environ, **engine["environment"], "SAGEMAKER_BIND_TO_PORT": str(port)}
    if site:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))
    log_path.parent.mkdir(exist_ok=True)
    with log_path.open("w") as log:  # the container's own log level, one line per request, kept out of the way
        process = subprocess.Popen(
            [sys.executable, str(serve)], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"serve exited with {process.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/ping")
            if connection.getresponse().status == 200:
                return Server(process, port)
        except OSError:
            pass
        time.sleep(0.1)
    stop(Server(process, port))
    raise RuntimeError("serve did not become healthy within 120 s")


def stop(server):
    server.process.send_signal(signal.SIGTERM)
    try:
        server.process.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait()


if __name__ == "__main__":
    main()
