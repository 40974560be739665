"""The personal-data container: accuracy per type on the labelled set (bench/pii_samples.json), whether
a redacted text still holds anything detectable, throughput of 16 concurrent single-text callers
against the real ``serve`` beside Presidio called one text at a time (as its HTTP API serves) and
Presidio's ``BatchAnalyzerEngine`` in process, and memory. Writes the `pii` section of bench/README.md.

    .venv/bin/python bench/pii.py [--rounds N] [--image TAG] [--no-write]

A predicted span counts as found when a labelled span of the same type overlaps it; each labelled
span is found at most once. The near-misses (no labelled spans) count every prediction as false.
"""

import argparse
import http.client
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from harness import wrk
from harness.cpu import CpuMeter
from harness.measure import machine, timed
from harness.serve import ROOT, drain, invoke, memory, registry_engine, start_serve, stop

sys.path[:0] = [str(ROOT / "containers"), str(ROOT / "containers" / "pii")]

from serving.limits import PII_TYPES  # noqa: E402

SAMPLES = json.loads((ROOT / "bench" / "pii_samples.json").read_text(encoding="utf-8"))["samples"]
TASKS = ("pii", "redact")
CALLERS = 16
RUN_SECONDS = 3  # each callers' run: about 2 000 requests at the container's rate
BATCH = 64
# The batches 16 single-text callers make behind one model worker: they come back within the batching
# wait, so a batch holds all 16 (SERVING_LOG_LEVEL=DEBUG logs each batch's size).
CALLERS_BATCH = CALLERS
FACTOR_PASSES = 10  # passes over the texts for the cost ratios (costs()), each side alternating batch by batch
# The spaCy, TextBlob and langid containers at worst on ml.m5.large (bench/README.md, Images).
OTHERS_AT_WORST_MB = 1464
PATTERN_TARGET = ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "IP_ADDRESS", "URL")
RECALL_TARGET = ("PERSON", "LOCATION")


def main():
    options = parse_options()
    import pii_engine

    engine = pii_engine.load()
    texts = [sample["text"] for sample in SAMPLES]
    docs = [doc for start in range(0, len(texts), BATCH) for doc in engine.predict(texts[start : start + BATCH], TASKS)]
    accuracy = score(docs)
    leaks = leftovers(engine, texts, docs)
    speed = throughput(engine, texts, options.rounds)
    speed["costs"] = costs(engine._analyzer, texts)
    markdown = report(accuracy, leaks, speed, image_mib(options.image), options)
    print(markdown)
    if options.write:
        subprocess.run(["node", str(ROOT / "bench" / "report.mjs"), "pii"], input=markdown, text=True, check=True)


def parse_options():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="interleaved throughput rounds (medians)")
    parser.add_argument("--image", help="an image tag whose size to report (npm run images prints it)")
    parser.add_argument(
        "--no-write", dest="write", action="store_false", help="print only; leave bench/README.md alone"
    )
    return parser.parse_args()


def score(docs):
    """Per type: true positives, false positives, false negatives."""
    counts = {}
    for sample, doc in zip(SAMPLES, docs, strict=True):
        gold = list(sample["spans"])
        for found in doc["pii"]:
            tally = counts.setdefault(found["type"], Counter())
            match = next((span for span in gold if span["type"] == found["type"] and _overlap(span, found)), None)
            if match:
                gold.remove(match)
                tally["tp"] += 1
            elif not any(span["type"] == found["type"] and _overlap(span, found) for span in sample["spans"]):
                tally["fp"] += 1  # a second finding inside an already found span is neither
        for span in gold:
            counts.setdefault(span["type"], Counter())["fn"] += 1
    return counts


def _overlap(one, other):
    return one["start"] < other["end"] and other["start"] < one["end"]


def leftovers(engine, texts, docs):
    """Findings in the redacted texts that touch a character of the original text (not a replacement)."""
    redacted = [doc["redacted"] for doc in docs]
    again = [
        doc
        for start in range(0, len(texts), BATCH)
        for doc in engine.predict([item["text"] for item in redacted[start : start + BATCH]], ("pii",))
    ]
    left = Counter()
    for result, doc in zip(redacted, again, strict=True):
        replaced = [(item["redactedStart"], item["redactedEnd"]) for item in result["items"]]
        for found in doc["pii"]:
            if not any(start <= found["start"] and found["end"] <= end for start, end in replaced):
                left[found["type"]] += 1
    return left


def throughput(engine, texts, rounds):
    """Texts per second: 16 callers (wrk's keep-alive connections) against `serve`; in process, Presidio as
    it serves by default and with this engine's recognisers and pipeline, one text per analyze call; and
    BatchAnalyzerEngine as it comes (one text per spaCy batch) and in batches. Each round runs every in-process way
    just before and just after the callers' run and takes the mean of the two, because this machine's cores change
    speed within seconds; the ratios are the rounds' own."""
    analyzer = engine._analyzer
    default = presidio_default(texts)
    ways = {
        "default, one text per call": lambda: [default.analyze(text, "en", entities=list(PII_TYPES)) for text in texts],
        "one text per call": lambda: [analyzer.analyzer_engine.analyze(text, "en") for text in texts],
        "as it comes": lambda: analyzer.analyze_iterator(texts, "en"),
        "batch": lambda: batches(analyzer, texts, BATCH),
    }
    server = start_serve(registry_engine("pii"))
    script = wrk.script_for(json.dumps({"texts": [text], "tasks": ["pii"]}) for text in texts)
    try:
        idle = memory(server.process.pid)
        rates, cpu, load = {"container": [], **{name: [] for name in ways}}, {}, [os.getloadavg()[0]]
        for round_number in range(rounds + 1):
            before = in_process(ways, len(texts))
            meter = CpuMeter(server.process.pid)
            run = wrk.run(wrk.ensure_wrk(), server.port, CALLERS, script, RUN_SECONDS)
            used = {**meter.read(), "callers": run.cpu_seconds}
            drain(server.port, texts, ["pii"])
            if run.errors:
                raise RuntimeError(f"{run.errors} of {run.requests} requests failed")
            after = in_process(ways, len(texts))
            round_rates = {"container": run.requests / run.seconds}
            round_cpu = {part: used[part] * 1000 / run.requests for part in ("front", "workers", "callers")}
            round_cpu |= {"waited": used["workers waited"] / run.seconds, "p50": run.p50 * 1000, "p99": run.p99 * 1000}
            round_cpu["busy"] = used["workers"] / run.seconds
            for name in ways:
                round_rates[name] = (before[name][0] + after[name][0]) / 2
                round_cpu[name] = (before[name][1] + after[name][1]) / 2
            if round_number:
                for name, rate in round_rates.items():
                    rates[name].append(rate)
                for name, value in round_cpu.items():
                    cpu.setdefault(name, []).append(value)
        load.append(os.getloadavg()[0])
        loaded = memory(server.process.pid)
        largest = largest_request(server.port, texts)
        peak = memory(server.process.pid)
    finally:
        script.unlink()
        stop(server)
    container = rates["container"]
    ratios = {name: [c / w for c, w in zip(container, values, strict=True)] for name, values in rates.items()}
    return {
        **{name: statistics.median(values) for name, values in rates.items()},
        "ratio": {name: statistics.median(values) for name, values in ratios.items()},
        "ratio range": {name: (min(values), max(values)) for name, values in ratios.items()},
        "cpu": {name: statistics.median(values) for name, values in cpu.items()},
        "load": load,
        "idle": idle,
        "loaded": loaded,
        "largest": largest,
        "peak": peak,
    }


def batches(analyzer, texts, size):
    return [
        analyzer.analyze_iterator(texts[start : start + size], "en", batch_size=size)
        for start in range(0, len(texts), size)
    ]


def in_process(ways, text_count):
    """Per way: texts per second, and CPU ms per text."""
    figures = {}
    for name, way in ways.items():
        started = time.process_time()
        figures[name] = text_count / timed(way), (time.process_time() - started) * 1000 / text_count
    return figures


def costs(analyzer, texts, passes=FACTOR_PASSES):
    """What the container's worker meets and the in-process batch does not, each as a CPU-per-text ratio: batches
    of the callers' size against batches of 64, and batches of 64 with a CPU-bound loop on the other core against
    alone. The two sides alternate batch by batch on the same texts, because a core's speed here changes by a
    fifth within a second (whole passes, one after the other, differ by more than these ratios)."""
    sides = (("batch", BATCH, False), ("callers' batches", CALLERS_BATCH, False), ("other core busy", BATCH, True))
    spent = Counter()
    loop = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        loop.send_signal(signal.SIGSTOP)
        chunks = [texts[start : start + BATCH] for start in range(0, len(texts), BATCH)] * passes
        for turn, chunk in enumerate(chunks):
            # Each side goes first as often as last: a second run over the same texts is a little faster.
            for name, size, busy in sides if turn % 2 else reversed(sides):
                loop.send_signal(signal.SIGCONT if busy else signal.SIGSTOP)
                started = time.process_time()
                batches(analyzer, chunk, size)
                spent[name] += time.process_time() - started
            loop.send_signal(signal.SIGSTOP)
    finally:
        loop.kill()
        loop.wait()
    return {name: spent[name] / spent["batch"] for name, _, _ in sides[1:]}


def largest_request(port, texts):
    """Seconds for the largest allowed request, both tasks: 64 texts of 1 562 characters, 99 968 in all."""
    corpus = " ".join(texts * (100_000 // len(" ".join(texts)) + 1))
    batch = [corpus[index * 1562 : (index + 1) * 1562] for index in range(64)]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    return timed(lambda: invoke(connection, batch, list(TASKS)))


def presidio_default(texts):
    """Presidio's AnalyzerEngine as its HTTP API builds it: every predefined recogniser, the whole pipeline and
    the label mapping of its default configuration (conf/default.yaml), on the shipped model (its own default,
    en_core_web_lg, would be downloaded). Its email recogniser is swapped for this engine's, the same pattern
    and check on tldextract's bundled suffix list: Presidio's fetches the list from the web."""
    import pii_engine
    import yaml
    from presidio_analyzer import AnalyzerEngine, conf
    from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine

    defaults = yaml.safe_load((Path(conf.__path__[0]) / "default.yaml").read_text(encoding="utf-8"))
    nlp_engine = SpacyNlpEngine(
        models=[{"lang_code": "en", "model_name": pii_engine._installed_package(pii_engine.MODEL)}],
        ner_model_configuration=NerModelConfiguration.from_dict(defaults["ner_model_configuration"]),
    )
    nlp_engine.load()
    analyzer = AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en"])
    analyzer.registry.remove_recognizer("EmailRecognizer")
    analyzer.registry.add_recognizer(pii_engine.OfflineEmailRecognizer())
    analyzer.analyze(texts[0], "en")
    return analyzer


def _verdict(met):
    return "met" if met else "not met"


def image_mib(tag):
    if not tag:
        return None
    engine = os.environ.get("CONTAINER_ENGINE", "podman")
    size = subprocess.run([engine, "image", "inspect", "--format", "{{.Size}}", tag], capture_output=True, text=True)
    return int(size.stdout.strip()) / 1e6 if size.returncode == 0 else None


def report(accuracy, leaks, speed, image, options):
    at_worst = speed["peak"]["VmHWM"] * 2**20 / 1e6 + 32 * 6.05
    cpu = speed["cpu"]
    lines = [
        "## Personal data (`npm run bench:pii`)",
        "",
        f"`npm run bench:pii -- {' '.join(sys.argv[1:])}`, alone under the benchmarks' exclusive lock, on "
        f"{machine()} (other sessions' tests may still share them: the 1-minute load average was "
        f"{speed['load'][0]:.1f} when the throughput rounds began and {speed['load'][1]:.1f} when they ended), "
        f"Python {platform.python_version()}, presidio-analyzer 2.2.364, en_core_web_sm 3.8.0.",
        "",
        f"Accuracy on bench/pii_samples.json ({len(SAMPLES)} texts, "
        f"{sum(len(sample['spans']) for sample in SAMPLES)} labelled values, "
        f"{sum(not sample['spans'] for sample in SAMPLES)} near-misses), default options. The rules that drop "
        "implausible findings (containers/pii/pii_spans.py) were written against this same set, so these figures "
        "flatter the engine on text unlike it:",
        "",
        "| type | found | false | missed | precision | recall | target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name in sorted(accuracy):
        tally = accuracy[name]
        precision = tally["tp"] / (tally["tp"] + tally["fp"]) if tally["tp"] + tally["fp"] else 1.0
        recall = tally["tp"] / (tally["tp"] + tally["fn"]) if tally["tp"] + tally["fn"] else 1.0
        target = "≥ 0.95 both" if name in PATTERN_TARGET else "recall ≥ 0.80" if name in RECALL_TARGET else ""
        lines.append(
            f"| {name} | {tally['tp']} | {tally['fp']} | {tally['fn']} | {precision:.3f} | {recall:.3f} | {target} |"
        )
    left = ", ".join(f"{name} {count}" for name, count in sorted(leaks.items())) or "none"
    lines += [
        "",
        f"Redaction (`replace`), each output analysed again: findings on text left from the original: {left}.",
        "",
        f"Throughput, texts per second over the {len(SAMPLES)} texts (task `pii`), medians of {options.rounds} "
        f"rounds after a warm-up round. Each round runs the container for {RUN_SECONDS} s under wrk's {CALLERS} "
        "keep-alive connections, each sending single-text requests, the texts in turn (bench/harness/wrk.py), "
        "and every in-process way just before and just after that run (the mean of the two, since this machine's "
        "cores change speed within seconds); each ratio is the median of the rounds' own ratios:",
        "",
        "| way | texts/s | container ÷ this | CPU ms per text |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, label in (
        ("container", f"the container, {CALLERS} concurrent single-text callers (registry settings)"),
        (
            "default, one text per call",
            "Presidio in process as its HTTP API serves: default recognisers, whole pipeline, one text per call",
        ),
        ("one text per call", "Presidio in process, this engine's recognisers and pipeline, one text per call"),
        ("as it comes", "Presidio in process, this engine's, `BatchAnalyzerEngine` as it comes (`batch_size` 1)"),
        ("batch", f"the same in batches of {BATCH}: the target's reference"),
    ):
        spent = cpu["front"] + cpu["workers"] if name == "container" else cpu[name]
        lines.append(f"| {label} | {speed[name]:.0f} | {speed['ratio'][name]:.2f} | {spent:.2f} |")
    one_text, batch = speed["ratio"]["default, one text per call"], speed["ratio"]["batch"]
    low, high = speed["ratio range"]["batch"]
    size_cost, neighbour = speed["costs"]["callers' batches"], speed["costs"]["other core busy"]
    rest = cpu["workers"] / cpu["batch"] / size_cost / neighbour
    lines += [
        "",
        f"Targets: ≥ 3 × Presidio's one-text way: {one_text:.2f} × ({_verdict(one_text >= 3)}); ≥ 0.85 × Presidio's "
        f"in-process batch (batches of {BATCH}): {batch:.2f} × (the rounds from {low:.2f} to {high:.2f}; "
        f"{_verdict(batch >= 0.85)}). Against `BatchAnalyzerEngine` as it comes: "
        f"{speed['ratio']['as it comes']:.2f} ×.",
        "",
        f"The container's CPU per text: front {cpu['front']:.2f} ms (HTTP, JSON, queueing), model worker "
        f"{cpu['workers']:.2f} ms; wrk's own {cpu['callers']:.3f} ms (on the same 2 cores) is not counted. The model "
        f"worker was busy {cpu['busy']:.0%} of the run and waited for a core a further {cpu['waited']:.0%} (the "
        f"kernel's run delay: what the front, wrk and other work took from it). Latency of one caller's request: p50 "
        f"{cpu['p50']:.1f} ms, p99 {cpu['p99']:.1f} ms.",
        "",
        "Where the gap to the in-process batch goes. The model worker is one process on one core, as the in-process "
        f"batch is, and runs the same analyzer, but it spent {cpu['workers'] / cpu['batch']:.2f}× the in-process "
        f"batch's CPU per text and was busy {cpu['busy']:.0%} of the run. The two cost ratios below were measured "
        f"after the rounds, each side alternating with the other batch by batch over {FACTOR_PASSES} passes of the "
        "texts (whole passes one after the other differ here by more than these ratios):",
        "",
        f"- Batch size: {size_cost:.2f}×. The worker's batches hold its {CALLERS} callers, and in process batches of "
        f"{CALLERS_BATCH} cost that much the CPU per text of batches of {BATCH}: spaCy's entity recogniser has a "
        "fixed cost per call (its some 60 layers, each a Python call, about 2 ms) and multiplies smaller matrices.",
        f"- Two cores shared: {neighbour:.2f}×. In-process batches of {BATCH} with a CPU-bound loop on the other "
        "core, against alone. The worker always has the front and wrk beside it.",
        f"- The rest: {rest:.2f}×. The pipe and the JSON (about 3%, py-spy below), and what the front and wrk "
        "cost the worker beyond a plain loop.",
        f"- Idle between batches: busy {cpu['busy']:.0%}. After each batch the worker waits while the {CALLERS} "
        f"answers go out through the front's one event loop and the {CALLERS} next requests come in: about "
        f"{CALLERS} × {cpu['front']:.2f} ms of the front's CPU.",
        "",
        f"Batch size alone bounds the ratio: {CALLERS} single-text callers never make a batch larger than "
        f"{CALLERS_BATCH}, so a worker that never idled and had a core to itself would still reach only "
        f"1 ÷ {size_cost:.2f} = {1 / size_cost:.2f}× batches of {BATCH}. Tried on 2026-12-03 and not kept, since "
        "neither moved the ratio beyond the rounds' spread: a second batch sent down the worker's pipe while it "
        "runs the first (the callers then split into two groups that take turns: the worker is busy all the time, "
        "but at batches of about 8, and beside the front's work on the other group); a worker that spins rather "
        "than sleeps between batches.",
        "",
        "Where the model worker's time goes (py-spy's samples of it under this load, taken once, 2026-12-03): 95% in "
        "the engine's `predict`, of which spaCy's entity recogniser is about 60% of the whole, Presidio's recognisers "
        "about 28% (phone numbers 10%, the regular expressions 15%), Presidio's own steps around them (context words, "
        "duplicates, finding the recognisers) about 6% and this engine's cleaning under 2%; the pipe and the JSON "
        "about 3%.",
        "",
        "Memory of the container's processes (front and worker): "
        f"idle {speed['idle']['VmRSS']:.0f} MiB, after the runs {speed['loaded']['VmRSS']:.0f} MiB; "
        f"the largest request (64 texts, 99 968 characters, both tasks) took {speed['largest']:.1f} s, "
        f"peak {speed['peak']['VmHWM']:.0f} MiB." + (f" Image size: {image:.0f} MB (budget 600 MB)." if image else ""),
        "",
        f"On ml.m5.large (8 GiB), counted as `bench:images` counts every container: this peak plus 32 admitted "
        f"invocations × 6.05 MB at their caps is {at_worst:.0f} MB at worst for the pii container; beside the "
        f"other three containers' {OTHERS_AT_WORST_MB} MB (the Images section) and 1 GiB kept for the OS, "
        f"{8 * 2**30 / 1e6 - 2**30 / 1e6 - OTHERS_AT_WORST_MB - at_worst:.0f} MB stay free: it fits with room.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
