"""Language identification as shipped (containers/langid): docs/s in process against one 64-text batch
and 64 single-text requests through the real `serve`'s /invocations (the registry's settings), and the
container's idle memory. Which package to ship was a one-time study, kept as a result in
containers/langid/README.md ("Why py3langid").

Writes the `langid` section of bench/README.md.

    .venv/bin/python bench/langid.py [--rounds N] [--no-write]
"""

import argparse
import http.client
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "containers"), str(ROOT / "containers" / "langid")]

OUT = ROOT / "bench" / ".out"
SAMPLES = json.loads((ROOT / "containers" / "tests" / "langid_samples.json").read_text())
LABELLED = [(code, text, "short") for code, text in SAMPLES["short"]] + [
    (code, text, "long") for code, text in SAMPLES["long"]
]


def main():
    options = parse_options()
    load = os.getloadavg()[0]
    chosen = measure_chosen(options.rounds)
    markdown = report(chosen, options.rounds)
    markdown += (
        f"\nLoad average (1 min) at the start and end of the run: {load:.1f} / {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores{' (other work shared the machine; the figures within one table are still side by side)' if max(load, os.getloadavg()[0]) > 2 else ''}.\n"
    )
    print(markdown)
    if options.write:
        subprocess.run(["node", str(ROOT / "bench" / "report.mjs"), "langid"], input=markdown, text=True, check=True)


def parse_options():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="a third of the timed rounds (default 5: 15 rounds)")
    parser.add_argument(
        "--no-write", dest="write", action="store_false", help="print only; leave bench/README.md alone"
    )
    return parser.parse_args()


def measure_chosen(rounds):
    """The engine as shipped: in process, and through the real `serve` with the registry's settings."""
    import langid_engine

    from containers import invoke, measure, memory, registry_engine, start_serve, stop  # bench/containers.py

    engine = langid_engine.load()
    texts = [text for _, text, _ in LABELLED][:64]
    entry = registry_engine("langid")
    server = start_serve(entry, log_path=OUT / "langid-serve.log")
    try:
        idle = memory(server.process.pid)
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        variants = {
            "in-process `predict`, one 64-text batch (the limit)": lambda: engine.predict(texts, ["language"]),
            "`/invocations`, one 64-text batch": lambda: invoke(connection, texts, ["language"]),
            "`/invocations`, 64 single-text requests": lambda: [
                invoke(connection, [text], ["language"]) for text in texts
            ],
        }
        seconds = measure(variants, rounds * 3)
        loaded = memory(server.process.pid)
    finally:
        stop(server)
    return {
        "texts": len(texts),
        "seconds": seconds,
        "idle": idle,
        "loaded": loaded,
        "environment": entry["environment"],
    }


def report(chosen, rounds):
    lines = [
        "## Language identification: the langid container (`npm run bench:langid`)",
        "",
        'Why py3langid and not lingua, langdetect, CLD2 or CLD3: containers/langid/README.md ("Why py3langid").',
        "",
        f"The first {chosen['texts']} texts of the labelled set (short texts first, then paragraphs), in process and "
        f"through the real `serve` on a free port with the registry's settings "
        f"({', '.join(f'{key}={value}' for key, value in chosen['environment'].items())}), one keep-alive connection, "
        f"medians of {rounds * 3} interleaved rounds after a warm-up.",
        "",
        f"| variant | ms per {chosen['texts']} texts | docs/s | relative to in-process |",
        "| --- | ---: | ---: | ---: |",
        *(
            f"| {name} | {value * 1000:.1f} | {chosen['texts'] / value:.0f} | {next(iter(chosen['seconds'].values())) / value:.0%} |"
            for name, value in chosen["seconds"].items()
        ),
        "",
        f"The real `serve` (the `serve` front, its model worker and multiprocessing's resource tracker, summed): "
        f"{chosen['idle']['VmRSS']:.0f} MiB resident when idle after start-up, "
        f"{chosen['loaded']['VmRSS']:.0f} MiB after the runs above.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
