"""Entities of whole long documents, for the seam measurement (test/integration/seams.test.ts).

Reads a JSON list of texts on stdin and prints, for each, its entities as [start, end, label] in
code points. It runs the spaCy container's own engine (containers/spacy/spacy_engine.py), with one
change the API never makes: ``max_length`` raised so that a document over spaCy's default of
1 000 000 characters, or over the API's 100 000, is analysed in one piece.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "containers" / "spacy"))

import spacy_engine  # noqa: E402

engine = spacy_engine.load()
engine.nlp.max_length = 20_000_000
texts = json.load(sys.stdin)
documents = engine.predict(texts, ["entities"])
json.dump(
    [[[ent["start"], ent["end"], ent["label"]] for ent in document["ents"]] for document in documents], sys.stdout
)
