"""Redaction: which findings a redaction replaces (Presidio's anonymizer decides), and the redacted
text with where each item is in both texts (code points)."""

from pii_spans import Span
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import ConflictResolutionStrategy


class Redactor:
    def __init__(self):
        self._anonymizer = AnonymizerEngine()

    def kept(self, piece, findings, offset):
        """The findings of one piece that a redaction replaces, as Spans in the text's offsets.
        Presidio's anonymizer merges findings of one type that overlap or are separated only by
        spaces and trims the rest so that none overlap (the higher score keeps the contested
        characters). Its own text operations are not used, so that both offsets of every item are known."""
        ordered = self._anonymizer._copy_recognizer_results(findings)
        ordered.sort(key=lambda item: (item.start, item.end))
        resolved = self._anonymizer._remove_conflicts_and_get_text_manipulation_data(
            ordered, ConflictResolutionStrategy.REMOVE_INTERSECTIONS
        )
        merged = self._anonymizer._merge_entities_with_spaces_between(piece, resolved)
        return sorted(
            Span(item.start + offset, item.end + offset, item.entity_type, item.score)
            for item in merged
            if item.start < item.end
        )


def redact(text, items, options):
    """``{"text", "items"}``: ``text`` with each item's span replaced as ``options.operator`` says."""
    parts, placed, cursor, length = [], [], 0, 0
    for item in items:
        replacement = _replacement(text[item.start : item.end], item.entity_type, options)
        parts += [text[cursor : item.start], replacement]
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
    parts.append(text[cursor:])
    return {"text": "".join(parts), "items": placed}


def _replacement(value, entity_type, options):
    if options.operator == "mask":
        return options.mask_character * len(value)
    if options.operator == "remove":
        return ""
    return f"<{entity_type}>"
