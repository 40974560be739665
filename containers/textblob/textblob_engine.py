"""The TextBlob engine, built only from TextBlob's Pattern-based components, which need no NLTK
corpora: ``PatternParser`` (Pattern's tokenizer, Brill tagger and chunker) for tokens, sentences
and noun phrases, and ``PatternAnalyzer`` for sentiment: of the whole text, and of each sentence
when the request has ``sentences`` too.

Pattern rewrites the text it tokenizes (it splits "can't" into "ca n ' t", joins "( ! )"), so each
token is located back in the submitted text; offsets are code points, end-exclusive. A token that
cannot be located is left out, and so is a sentence none of whose tokens can.
"""

import re
from importlib.metadata import version
from typing import NamedTuple

from textblob.en.parsers import PatternParser
from textblob.en.sentiments import PatternAnalyzer

TASKS = ("tokens", "sentences", "nounPhrases", "sentiment")
PARSED_TASKS = frozenset(("tokens", "sentences", "nounPhrases"))


def load():
    engine = TextBlobEngine()
    engine.predict(["Warm-up: load the lexicon, the tagger rules and the sentiment lexicon."], TASKS)
    return engine


class TextBlobEngine:
    tasks = TASKS

    def __init__(self):
        self.model = {"name": "textblob", "version": version("textblob")}
        self._parser = PatternParser()
        self._analyzer = PatternAnalyzer()

    def predict(self, texts, tasks):
        return [self._document(text, tasks) for text in texts]

    def _document(self, text, tasks):
        result = {}
        if PARSED_TASKS.intersection(tasks):
            sentences = align(text, self._parser.parse(text).split())
            if "tokens" in tasks:
                result["tokens"] = [
                    {"start": token.start, "end": token.end, "tag": token.tag}
                    for sentence in sentences
                    for token in sentence
                    if token.start is not None
                ]
            if "sentences" in tasks:
                result["sentences"] = [span for span in map(_span, sentences) if span]
                if "sentiment" in tasks:
                    for span in result["sentences"]:
                        span["sentiment"] = self._sentiment(text[span["start"] : span["end"]])
            if "nounPhrases" in tasks:
                phrases = (noun_phrase(text, chunk) for sentence in sentences for chunk in _np_chunks(sentence))
                result["noun_phrases"] = [phrase for phrase in phrases if len(phrase["phrase"]) > 1]
        if "sentiment" in tasks:
            result["sentiment"] = self._sentiment(text)
        return result

    def _sentiment(self, text):
        polarity, subjectivity = self._analyzer.analyze(text)
        return {"polarity": polarity, "subjectivity": subjectivity}


class Token(NamedTuple):
    word: str
    tag: str
    chunk: str
    start: int | None  # None when the word could not be located in the text
    end: int | None


def align(text, parsed):
    """Pattern's sentences of ``[word, tag, chunk, ...]`` -> sentences of :class:`Token` located in
    ``text``. A word may skip whitespace, plus as many characters as the words before it that could
    not be located, so that one unlocatable word does not take the rest with it."""
    cursor, slack, sentences = 0, 0, []
    for sentence in parsed:
        tokens = []
        for word, tag, chunk, *_ in sentence:
            start = text.find(word, cursor)
            if start < 0 or len(text[cursor:start].strip()) > slack:
                slack += len(word)
                tokens.append(Token(word, tag, chunk, None, None))
                continue
            tokens.append(Token(word, tag, chunk, start, start + len(word)))
            cursor, slack = start + len(word), 0
        sentences.append(tokens)
    return sentences


def noun_phrase(text, chunk):
    """A noun phrase in TextBlob's own form (as ``TextBlob.noun_phrases``: joined, stripped,
    lowercased), with the offsets of its span when that span reads as the phrase."""
    phrase = {"phrase": " ".join(token.word for token in chunk).strip().lower()}
    start, end = chunk[0].start, chunk[-1].end
    if start is None or end is None:
        return phrase
    pattern = r"\s*".join(re.escape(token.word) for token in chunk)
    if re.fullmatch(pattern, text[start:end], re.IGNORECASE):
        phrase.update(start=start, end=end)
    return phrase


def _span(sentence):
    located = [token for token in sentence if token.start is not None]
    return {"start": located[0].start, "end": located[-1].end} if located else None


def _np_chunks(sentence):
    chunk = []
    for token in sentence:
        tag = token.chunk
        if tag == "I-NP" and chunk:
            chunk.append(token)
            continue
        if chunk:
            yield chunk
        chunk = [token] if tag in ("B-NP", "I-NP") else []
    if chunk:
        yield chunk


# What a request that names no tasks gets (the registry's defaultTasks; a test keeps them equal),
# and the source article's answer to {"input": text}: the text's polarity and subjectivity.
TextBlobEngine.default_tasks = ("sentiment",)


def article_output(text, doc):
    return {"Polarity": doc["sentiment"]["polarity"], "Subjectivity": doc["sentiment"]["subjectivity"]}


TextBlobEngine.article_output = staticmethod(article_output)
