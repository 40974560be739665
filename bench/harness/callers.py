"""Concurrent single-text callers against one or more spaCy `serve` processes, against the same
texts through ``nlp.pipe`` in-process: the measurement and its report (bench/containers.py)."""

import json
import os
import statistics

from . import wrk as wrk_load
from .cpu import CpuMeter
from .measure import timed
from .serve import drain

CALLERS = (1, 16, 32)
TASKS = ["entities"]  # the gateway's usual call: one text, spaCy's default task
RATIO_TARGETS = {16: 0.80, 32: 0.85}  # N callers' docs/s over in-process `nlp.pipe`, one model worker
RUN_SECONDS = 2  # each caller run: long enough for 200 requests from a lone caller, mostly steady state
REFERENCE_PASSES = 2  # in-process passes over the texts just before and just after each caller run
CEILING_BATCHES = (8, 16, 32)  # in-process batch sizes compared with one pass over all the texts


def measure_callers(servers, texts, in_process, rounds):
    """``servers`` maps labels to running ``serve`` processes (``.port``, ``.process``);
    ``in_process(texts)`` runs the engine on ``texts`` in this process."""
    return {**measure_runs(servers, texts, lambda: in_process(texts), rounds), "ceiling": ceilings(texts, in_process)}


def ceilings(texts, in_process, passes=10):
    """Per batch size in CEILING_BATCHES: in-process docs/s in batches of that size over docs/s in one batch of
    all the texts, the median over interleaved passes (what batches of that size can reach at best)."""
    relative = {size: [] for size in CEILING_BATCHES}
    for _ in range(passes):
        whole = timed(lambda: in_process(texts))
        for size in CEILING_BATCHES:
            relative[size].append(
                whole / timed(lambda size=size: [in_process(texts[i : i + size]) for i in range(0, len(texts), size)])
            )
    return {size: statistics.median(values) for size, values in relative.items()}


def measure_runs(servers, texts, in_process, rounds):
    """For each labelled server and caller count: docs/s, its ratio to in-process, p50 and p99, each the
    median over the rounds of that round's figure, after a warm-up round. This machine's cores change speed
    by up to 2× within seconds (a CPU-bound loop alone swings between two rates), so each caller run is
    bracketed by the in-process reference and its ratio taken against that, not against a reference
    measured seconds away; rounds interleave the caller counts and the servers. wrk sends the requests."""
    wrk = wrk_load.ensure_wrk()
    script = wrk_load.script_for(json.dumps({"texts": [text], "tasks": TASKS}) for text in texts)
    keys = [(label, count) for count in CALLERS for label in servers]
    figures = {key: {"rate": [], "ratio": [], "p50": [], "p99": [], "cpu": []} for key in keys}
    references = []
    load_before = os.getloadavg()[0]
    try:
        for round_number in range(rounds + 1):
            for label, count in keys:
                before = reference_rate(in_process, len(texts))
                cpu = CpuMeter(servers[label].process.pid)
                run = wrk_load.run(wrk, servers[label].port, count, script, RUN_SECONDS)
                cpu_seconds = {**cpu.read(), "callers": run.cpu_seconds}
                waited = cpu_seconds.pop("workers waited")
                drain(servers[label].port, texts, TASKS)
                after = reference_rate(in_process, len(texts))
                if run.errors:
                    raise RuntimeError(f"{run.errors} of {run.requests} requests failed with {count} callers ({label})")
                if round_number == 0:
                    continue
                references += [before, after]
                measured = figures[label, count]
                measured["rate"].append(run.requests / run.seconds)
                measured["ratio"].append(run.requests / run.seconds / ((before + after) / 2))
                measured["p50"].append(run.p50)
                measured["p99"].append(run.p99)
                measured["cpu"].append(
                    {part: used / run.requests for part, used in cpu_seconds.items()}
                    | {"cores": sum(cpu_seconds.values()) / run.seconds, "waited": waited / run.seconds}
                )
    finally:
        script.unlink()
    median = {
        name: {key: statistics.median(figures[key][name]) for key in keys} for name in ("rate", "ratio", "p50", "p99")
    }
    median["cpu"] = {
        key: {part: statistics.median(run[part] for run in figures[key]["cpu"]) for part in figures[key]["cpu"][0]}
        for key in keys
    }
    return {
        "load": (load_before, os.getloadavg()[0]),
        "in-process": (statistics.median(references), min(references), max(references)),
        **median,
    }


def reference_rate(in_process, text_count):
    return REFERENCE_PASSES * text_count / timed(lambda: [in_process() for _ in range(REFERENCE_PASSES)])


def _display(label):
    """How a server's label reads: this tree, this tree with another SERVING_WORKERS, or a git revision."""
    if label == "this":
        return "this tree"
    return f"this tree, SERVING_WORKERS={label.split()[0]}" if label.endswith(" workers") else f"`{label}`"


def _bound_lines(callers, names):
    """What the CPU table says of the ratio targets: the one worker's busy share times the ceiling of
    the batches it ran (an estimate: the two are medians of different passes), and what a second
    worker changed."""
    ceiling, cpu, rate, ratio = callers["ceiling"], callers["cpu"], callers["rate"], callers["ratio"]
    lines = []
    for count, size in ((16, 16), (32, 32)):
        busy = cpu["this", count]["workers"] * rate["this", count]
        lines.append(
            f"With {count} callers this tree's model worker was busy {busy:.0%} of the run and waited for a core "
            f"a further {cpu['this', count]['waited']:.0%} of it, which with the ceiling of batches of {size} "
            f"predicts about {busy:.2f} × {ceiling[size]:.2f} = {busy * ceiling[size]:.2f}× in-process (measured: "
            f"{ratio['this', count]:.2f}×)."
        )
    for label in names:
        if label.endswith(" workers"):
            lines.append(
                f"With `SERVING_WORKERS={label.split()[0]}` and 16 callers the model's CPU per request was "
                f"{cpu[label, 16]['workers'] * 1000:.2f} ms (one worker: {cpu['this', 16]['workers'] * 1000:.2f} ms) "
                f"and {cpu[label, 16]['cores']:.2f} of the two cores were busy (one worker: "
                f"{cpu['this', 16]['cores']:.2f}): {ratio[label, 16]:.2f}× and {ratio[label, 32]:.2f}× in-process "
                "with 16 and 32 callers."
            )
    return [" ".join(lines), ""]


def callers_report(callers, rounds, text_count, baseline=None):
    rate, ratio, p50, p99, cpu = callers["rate"], callers["ratio"], callers["p50"], callers["p99"], callers["cpu"]
    limit, slowest, fastest = callers["in-process"]
    labels = list(dict.fromkeys(label for label, _ in p50))  # in the order the servers were given
    names = {label: _display(label) for label in labels}
    rows = [
        f"| {names[label]} | {count} | {rate[label, count]:.0f} | {ratio[label, count]:.2f} | "
        f"{p50[label, count] * 1000:.1f} | {p99[label, count] * 1000:.1f} |"
        for count in CALLERS
        for label in labels
    ]
    targets = [
        (
            f"{count} callers ≥ {goal:.2f} × in-process docs/s",
            ratio["this", count] >= goal,
            f"{ratio['this', count]:.2f}×",
        )
        for count, goal in RATIO_TARGETS.items()
    ]
    targets += [
        (
            f"{names[label]}, 32 callers ≥ 1.00 × in-process docs/s",
            ratio[label, 32] >= 1.0,
            f"{ratio[label, 32]:.2f}×",
        )
        for label in labels
        if label == "2 workers"
    ]
    if baseline:
        lone = p50["this", 1] / p50[baseline, 1]
        targets.append((f"a lone caller's p50 ≤ 1.05 × `{baseline}`'s", lone <= 1.05, f"{lone:.2f}×"))
        for count in CALLERS[1:]:
            front = cpu["this", count]["front"] / cpu[baseline, count]["front"]
            targets.append(
                (f"front CPU per request, {count} callers, ≤ 0.35 × `{baseline}`'s", front <= 0.35, f"{front:.2f}×")
            )
    lines = [
        "",
        "### Concurrent single-text callers",
        "",
        f"N callers are wrk's N keep-alive connections on one wrk thread for {RUN_SECONDS} s per run, each sending "
        f"single-text `entities` requests, the {text_count} texts above in turn (a Lua script, bench/harness/wrk.py); "
        f"p50 and p99 are wrk's. The reference is the engine's `nlp.pipe` on the same {text_count} texts in-process "
        f"(entities only), {REFERENCE_PASSES} passes just before and {REFERENCE_PASSES} just after each caller run; "
        "× in-process is each run's docs/s over the mean of its own two references, because this machine's cores "
        "change speed by up to 2× within seconds (a CPU-bound loop alone swings between two rates). "
        + (f"`{baseline}` is the same `serve` from git revision `{baseline}`, run side by side. " if baseline else "")
        + "".join(
            f"“{names[label]}” is this tree's `serve` with that one setting changed, run side by side. "
            for label in labels
            if label.endswith(" workers")
        )
        + f"Each figure is the median over {rounds} interleaved rounds (after a warm-up round) of that round's figure. "
        f"In-process `nlp.pipe`: {limit:.0f} docs/s (median; {slowest:.0f} to {fastest:.0f} over the runs). "
        f"The machine's 1-minute load average was "
        f"{callers['load'][0]:.1f} when these rounds began and {callers['load'][1]:.1f} when they ended "
        "(other work shares the machine; a load above its core count means everything here waited for CPU).",
        "",
        "| containers | callers | docs/s | × in-process | p50 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        *rows,
        "",
        "Where each request's CPU went in the same runs (CPU time over requests; cores busy is all three over the run's "
        "wall time, out of this machine's two): the front is the `serve` process (the HTTP server, parsing, batching, "
        "the pipe to the worker), the model worker its child, wrk the load generator (its own user and system time). "
        "The last column is the share of the run in which the model worker was ready to run but waited for a core "
        "(the kernel's run delay): time that other work on the machine, or the front and wrk, took from it.",
        "",
        "| containers | callers | front ms | model worker ms | wrk ms | cores busy | worker waited for a core |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        *(
            f"| {names[label]} | {count} | {cpu[label, count]['front'] * 1000:.2f} | "
            f"{cpu[label, count]['workers'] * 1000:.2f} | {cpu[label, count]['callers'] * 1000:.2f} | "
            f"{cpu[label, count]['cores']:.2f} | {cpu[label, count]['waited']:.0%} |"
            for count in CALLERS
            for label in labels
        ),
        "",
        "| target | measured | met |",
        "| --- | ---: | :---: |",
        *(f"| {name} | {shown} | {'yes' if met else '**no**'} |" for name, met, shown in targets),
        "",
        "What batches of a given size can reach on this machine: in-process `nlp.pipe` on the same texts in batches "
        + ", ".join(f"of {size}" for size in CEILING_BATCHES)
        + " runs at "
        + ", ".join(f"{callers['ceiling'][size]:.2f}×" for size in CEILING_BATCHES)
        + " the docs/s of one pass over all of them (medians of 10 interleaved passes). With one model worker, N "
        "callers that each wait for their answer used to settle, behind the threaded front, into two groups of "
        "about N/2 that took turns, one group's answers and next requests crossing the front while the other's "
        "batch ran. Behind this front they come back within the batching wait, so a batch holds all N (the "
        "container's debug log, 3 s of steady state: 42 of 57 batches held 16 jobs with 16 callers, 31 of 36 "
        "held 32 with 32): the ceilings for 16 and 32 callers are batches of 16 and 32, and the worker idles "
        "while the N answers and the next N requests cross the front, before any cost of HTTP, of the front and "
        "of wrk sharing this machine's two cores with the worker.",
        "",
        *_bound_lines(callers, names),
        "Batches hold one task set, not the union of their requests' tasks: the first table's entities-only "
        "batch against all tasks shows what a union would make each entities request pay. The container runs "
        "the registry's batching settings; its front, its model worker and wrk share the machine's cores.",
    ]
    return "\n".join(lines) + "\n"
