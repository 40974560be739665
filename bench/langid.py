"""Language identification: the candidate packages side by side, then the chosen engine.

1. Candidates. Each package that ships its model (nothing downloaded at run time) is installed at a
   pinned version into a throwaway venv (bench/.out/langid-candidates) and measured in a fresh
   process of its own, one after the other in this run: accuracy on the labelled set
   (containers/tests/langid_samples.json: 20 languages, 10 scripts, short and long texts), docs/s on
   that set in one thread, resident memory after loading, wheel and installed size.
2. The chosen engine (containers/langid): docs/s in-process against one 64-text batch and 64 single-text
   requests through the real `serve`'s /invocations (the registry's settings), and the container's idle memory.

Writes the `langid` section of bench/README.md.

    .venv/bin/python bench/langid.py [--rounds N] [--no-write]
"""

import argparse
import http.client
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "containers"), str(ROOT / "containers" / "langid")]


OUT = ROOT / "bench" / ".out"
CANDIDATE_VENV = OUT / "langid-candidates"
WHEELS = OUT / "langid-wheels"
SAMPLES = json.loads((ROOT / "containers" / "tests" / "langid_samples.json").read_text())
LABELLED = [(code, text, "short") for code, text in SAMPLES["short"]] + [
    (code, text, "long") for code, text in SAMPLES["long"]
]
# Old codes some libraries still use, and their ISO 639-1 replacements.
RENAMED = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "zh-cn": "zh", "zh-tw": "zh", "zh-Hant": "zh"}

# name -> (distribution, pinned requirement, what is measured)
CANDIDATES = {
    "py3langid": ("py3langid", "py3langid==0.4.0", "140 labels, naive Bayes over byte n-grams, `norm_probs=True`"),
    "lingua (high accuracy)": (
        "lingua-language-detector",
        "lingua-language-detector==2.1.1",
        "75 languages, all models preloaded",
    ),
    "lingua (low accuracy mode)": (
        "lingua-language-detector",
        "lingua-language-detector==2.1.1",
        "75 languages, trigram models only, preloaded",
    ),
    "langdetect": ("langdetect", "langdetect==1.0.9", "55 languages, seeded; sdist only (no wheel)"),
    "pycld2 (CLD2)": ("pycld2", "pycld2==0.42", "83+ languages, `bestEffort=True`"),
    "cld3-py (CLD3)": ("cld3-py", "cld3-py==3.1.0", "107 languages, `NNetLanguageIdentifier(0, 1000)`"),
}


def load_candidate(name):
    """``rank(text) -> [(code, score), ...]`` best first, for one candidate (imports happen here)."""
    if name == "py3langid":
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        return identifier.rank
    if name.startswith("lingua"):
        from lingua import LanguageDetectorBuilder

        builder = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models()
        detector = (builder.with_low_accuracy_mode() if "low" in name else builder).build()
        return lambda text: [
            (value.language.iso_code_639_1.name.lower(), value.value)
            for value in detector.compute_language_confidence_values(text)
        ]
    if name == "langdetect":
        from langdetect import DetectorFactory, detect_langs
        from langdetect.lang_detect_exception import LangDetectException

        DetectorFactory.seed = 0

        def rank(text):
            try:
                return [(found.lang, found.prob) for found in detect_langs(text)]
            except LangDetectException:
                return []

        return rank
    if name.startswith("pycld2"):
        import pycld2

        def rank(text):
            details = pycld2.detect(text, bestEffort=True)[2]
            return [(code, percent / 100) for _, code, percent, _ in details if code != "un"]

        return rank
    if name.startswith("cld3"):
        import gcld3

        identifier = gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=1000)
        return lambda text: [
            (found.language, found.probability)
            for found in identifier.FindTopNMostFreqLangs(text, num_langs=3)
            if found.language != "und"
        ]
    raise ValueError(name)


def main():
    options = parse_options()
    if options.candidate:
        return measure_candidate(options.candidate, options.rounds)
    load = os.getloadavg()[0]
    candidates = compare_candidates(options.rounds)
    chosen = measure_chosen(options.rounds)
    markdown = report(candidates, chosen, options.rounds)
    markdown += (
        f"\nLoad average (1 min) at the start and end of the run: {load:.1f} / {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores{' (other work shared the machine; the figures within one table are still side by side)' if max(load, os.getloadavg()[0]) > 2 else ''}.\n"
    )
    print(markdown)
    if options.write:
        subprocess.run(["node", str(ROOT / "bench" / "report.mjs"), "langid"], input=markdown, text=True, check=True)


def parse_options():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed passes over the labelled set (default 5)")
    parser.add_argument(
        "--no-write", dest="write", action="store_false", help="print only; leave bench/README.md alone"
    )
    parser.add_argument("--candidate", help=argparse.SUPPRESS)  # one candidate, in its own process
    return parser.parse_args()


def iso(code):
    """A candidate's code as ISO 639-1: old codes renamed, script and region suffixes dropped."""
    return RENAMED.get(code, code.split("-")[0])


def rss_mib():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure_candidate(name, rounds):
    """Runs inside the candidates' venv, in a process of its own; prints one JSON line."""
    from importlib.metadata import distribution

    before = rss_mib()
    started = time.perf_counter()
    rank = load_candidate(name)
    rank("warm-up")
    load_seconds = time.perf_counter() - started
    loaded = rss_mib()
    correct = {"short": 0, "long": 0}
    totals = {"short": 0, "long": 0}
    misses = []
    for code, text, length in LABELLED:
        ranked = rank(text)
        guess = iso(ranked[0][0]) if ranked else "und"
        totals[length] += 1
        if guess == code:
            correct[length] += 1
        else:
            misses.append(f"{code}→{guess}")
    texts = [text for _, text, _ in LABELLED]
    best = min(timed(rank, texts) for _ in range(rounds))
    files = distribution(CANDIDATES[name][0]).files or []
    installed = sum(f.size or 0 for f in files if f.size)
    print(
        json.dumps(
            {
                "name": name,
                "short": correct["short"] / totals["short"],
                "long": correct["long"] / totals["long"],
                "docs_per_second": len(texts) / best,
                "load_seconds": load_seconds,
                "rss_loaded": loaded,
                "rss_model": loaded - before,
                "installed_mib": installed / 2**20,
                "misses": misses,
            }
        )
    )


def timed(rank, texts):
    started = time.perf_counter()
    for text in texts:
        rank(text)
    return time.perf_counter() - started


def candidates_venv():
    """The throwaway venv with every candidate at its pinned version (created once, reused)."""
    python = CANDIDATE_VENV / "bin" / "python"
    requirements = sorted({pin for _, pin, _ in CANDIDATES.values()})
    stamp = CANDIDATE_VENV / "requirements.txt"
    if not python.exists() or not stamp.exists() or stamp.read_text() != "\n".join(requirements):
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(CANDIDATE_VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *requirements], check=True
        )
        stamp.write_text("\n".join(requirements))
    return python


def wheel_mib(requirement):
    """Size of the package's own download (the wheel for this platform, or its sdist if it has none)."""
    WHEELS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "-q",
            "--disable-pip-version-check",
            "--no-deps",
            "-d",
            str(WHEELS),
            requirement,
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    name, _, version = requirement.partition("==")
    stem = f"{name}-{version}".replace("-", "_").lower()
    found = [
        path for path in WHEELS.iterdir() if path.name.replace("-", "_").lower().startswith((f"{stem}_", f"{stem}.tar"))
    ]
    return found[0].stat().st_size / 2**20


def compare_candidates(rounds):
    python = candidates_venv()
    results = []
    for name, (_, pin, _) in CANDIDATES.items():
        output = subprocess.run(
            [str(python), __file__, "--candidate", name, "--rounds", str(rounds)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        result = json.loads(output.strip().splitlines()[-1])
        result["wheel_mib"] = wheel_mib(pin)
        results.append(result)
        print(
            f"{name}: short {result['short']:.0%}, long {result['long']:.0%}, {result['docs_per_second']:.0f} docs/s, "
            f"{result['rss_model']:.0f} MiB model, misses {result['misses']}",
            file=sys.stderr,
        )
    return results


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


def report(candidates, chosen, rounds):
    chosen_name = "py3langid"
    lines = [
        "## Language identification: candidates (`npm run bench:langid`)",
        "",
        "`.venv/bin/python bench/langid.py` — each package that ships its model, at a pinned version in a "
        "throwaway venv, measured in a fresh process of its own, one after the other in this run, on the labelled "
        f"set `containers/tests/langid_samples.json` ({len(SAMPLES['short'])} short texts of 2–7 words and "
        f"{len(SAMPLES['long'])} paragraphs; 20 languages in 10 scripts). docs/s: the whole set, one text per call, "
        f"one thread, best of {rounds} passes. Memory: resident MiB the process gained by importing and loading.",
        "",
        "| package | what was measured | short texts | long texts | docs/s | load s | memory MiB | wheel MB | installed MiB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *(
            f"| {'**' + c['name'] + '**' if c['name'] == chosen_name else c['name']} | {CANDIDATES[c['name']][2]} | "
            f"{c['short']:.0%} | {c['long']:.0%} | {c['docs_per_second']:.0f} | {c['load_seconds']:.1f} | "
            f"{c['rss_model']:.0f} | {c['wheel_mib'] * 2**20 / 1e6:.1f} | {c['installed_mib']:.1f} |"
            for c in candidates
        ),
        "",
        "Misses: " + "; ".join(f"{c['name']}: {', '.join(c['misses'])}" for c in candidates if c["misses"]) + ".",
        "",
        "Chosen: **py3langid** — the only candidate with every labelled text right, short ones included, "
        "a 4.6 MB wheel with its model inside, a second or two to load and under 100 MiB resident (numpy "
        "included, which the spaCy image has too). lingua in its high-accuracy mode needs over a GiB with its models "
        "preloaded (a shared instance cannot give each worker that), tens of seconds to load, and a 96 MB wheel; "
        "in low-accuracy mode it fits but misses short texts. langdetect has no wheel (the images install wheels only) and is "
        "random unless seeded. CLD2 and CLD3 are fast and tiny but miss more short texts and answer "
        "legacy or script-suffixed codes (`iw`, `ru-Latn`). fasttext-langdetect downloads its model at run "
        "time, which an isolated endpoint cannot do, so it was not measured.",
        "",
        "### The langid container",
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
