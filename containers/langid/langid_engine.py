"""The language-identification engine: py3langid's naive Bayes model over byte n-grams, which ships
inside the wheel (nothing is downloaded at run time), with probabilities normalised to 0..1.

py3langid names 140 languages; 114 have ISO 639-1 codes, and ten more are folded into the
macrolanguage that has one (``MACROLANGUAGES``: Egyptian Arabic counts as ``ar``, Cantonese as
``zh``), their probabilities added together. The rest have no ISO 639-1 code at all (``UNCODED``),
so the model is restricted to choose without them, rather than answering a code the contract does
not allow. A text with no letters (whitespace, digits, punctuation, emoji), or none of whose byte
n-grams the model knows ("ok", "Paris"), is not guessed at: it gets ``und`` with confidence 0.
"""

import os

# One BLAS thread: the model is one small vector-matrix product per text, and the instance is
# shared with the other engines. Set before numpy loads (it reads the variable once).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from importlib.metadata import version  # noqa: E402

from py3langid.langid import MODEL_FILE, LanguageIdentifier  # noqa: E402

TASKS = ("language",)
MAX_ALTERNATIVES = 3
# Alternatives less likely than this are noise, not a second language worth naming.
MIN_ALTERNATIVE_CONFIDENCE = 0.01
UNDETERMINED = {"code": "und", "confidence": 0, "alternatives": []}

MACROLANGUAGES = {
    "ary": "ar",
    "arz": "ar",  # Moroccan and Egyptian Arabic
    "fuv": "ff",  # Nigerian Fulfulde
    "gug": "gn",  # Paraguayan Guaraní
    "kik": "ki",  # Kikuyu (ISO 639-3 spelling of the same language)
    "ltg": "lv",  # Latgalian
    "sdh": "ku",  # Southern Kurdish
    "uzs": "uz",  # Southern Uzbek
    "wuu": "zh",
    "yue": "zh",  # Wu Chinese, Cantonese
}
# No ISO 639-1 code, and no macrolanguage that has one; zxx is "no linguistic content".
UNCODED = frozenset(
    (
        "ace",
        "bcl",
        "crh",
        "ext",
        "gcf",
        "gcr",
        "gom",
        "grc",
        "guw",
        "hbo",
        "kab",
        "lij",
        "nso",
        "pcm",
        "vec",
        "zxx",
    )
)


def load():
    engine = LangidEngine()
    engine.predict(["Warm-up: the model is decompressed and its tables laid out."], TASKS)
    return engine


class LangidEngine:
    tasks = TASKS
    default_tasks = TASKS

    def __init__(self):
        self.model = {"name": "py3langid", "version": version("py3langid")}
        self._identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        self._identifier.set_languages([label for label in self._identifier.labels if label not in UNCODED])

    def predict(self, texts, tasks):
        return [{"language": self._language(text)} for text in texts]

    def _language(self, text):
        if not any(character.isalpha() for character in text):
            return dict(UNDETERMINED, alternatives=[])
        scores = self._identifier.rank(text)
        if is_flat(scores):
            return dict(UNDETERMINED, alternatives=[])
        ranked = merge(scores)
        (code, confidence), rest = ranked[0], ranked[1 : 1 + MAX_ALTERNATIVES]
        return {
            "code": code,
            "confidence": _rounded(confidence),
            "alternatives": [
                {"code": other, "confidence": _rounded(value)}
                for other, value in rest
                if value >= MIN_ALTERNATIVE_CONFIDENCE
            ],
        }


def is_flat(ranked):
    """True when the model found no evidence: py3langid then scores every language alike (labels
    it folds together, such as sr and its Latin-script twin, count double: a ratio of exactly 2),
    whereas one known n-gram already puts the best language ten or more times above the worst."""
    return ranked[-1][1] * 3 >= ranked[0][1]


def merge(ranked):
    """py3langid's ``[(label, probability)]`` -> ISO 639-1 codes with the probabilities of the
    labels each code stands for added together, most likely first."""
    totals = {}
    for label, probability in ranked:
        code = MACROLANGUAGES.get(label, label)
        totals[code] = totals.get(code, 0.0) + probability
    return sorted(totals.items(), key=lambda item: item[1], reverse=True)


def _rounded(probability):
    return round(min(max(float(probability), 0.0), 1.0), 4)
