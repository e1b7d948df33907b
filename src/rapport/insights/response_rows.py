"""The review-history import's rows: the columns it writes, how scores and keys are spelt, and
the ids it hands out (``response_import`` checks a file and writes it with these)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from operator import itemgetter

MODE_SOURCE = {"meeting": "meeting", "call": "call", "email": "survey"}
PRINCIPLES = {
    "alignment": "strategic_alignment",
    "transparency": "transparency",
    "predictability": "predictability",
    "reliability": "reliability",
    "value": "value",
}
ANONYMOUS = "anonymous"
# What a re-import compares to tell "unchanged" from "updated".
COMPARED = ("source", "language", "respondent_role", "scores", "overall", "comment")
RESPONSE_FIELDS = (
    "id",
    "project",
    "cycle",
    "period",
    "source",
    "language",
    "confidentiality",
    "question_set",
    "stakeholder",
    "respondent_role",
    "scores",
    "overall",
    "comment",
    "is_complete",
    "submitted_on",
    "import_key",
)


NEW_PERSON_FIELDS = (
    *("customer", "email", "name", "role", "language", "power", "interest"),
    *("engagement_current", "engagement_desired", "is_active", "created_at", "updated_at"),
)
# A new respondent speaks English, sits mid-grid, neutral now, supportive wished, active.
NEW_PERSON_DEFAULTS = ("en", 3, 3, "neutral", "supportive", True)
NEW_CYCLE_FIELDS = (
    *("project", "period", "mode", "state", "confidentiality", "question_set"),
    *("email_retried", "disengaged", "closed_at", "created_at"),
)


# Score columns in the order of their codes: scores are stored as JSON with sorted keys.
SCORE_ORDER = sorted(
    [("overall", "overall"), ("recommend", "recommend"), *((c, n) for n, c in PRINCIPLES.items())]
)
SCORE_NAMES = tuple(name for _, name in SCORE_ORDER)


class ScoreShape:
    """How to write the scores of rows that give the same score columns: as the JSON stored
    (``json.dumps(scores, sort_keys=True)``) and as the ``sorted(scores.items())`` an anonymous
    answer's key holds (docs/imports.md: keys never change), each with one %-format."""

    def __init__(self, names: tuple[str, ...]) -> None:
        codes = [code for code, name in SCORE_ORDER if name in names]
        self.get = itemgetter(*names) if len(names) > 1 else lambda v: (v[names[0]],)
        self.json = "{%s}" % ", ".join(f'"{code}": %d' for code in codes)  # noqa: UP031
        self.items = "[%s]" % ", ".join(f"('{code}', %d)" for code in codes)  # noqa: UP031


def new_ids() -> Iterator[str]:
    """Random (version 4) UUIDs as hex, drawn from the OS in blocks: uuid4() costs more."""
    while True:
        block = bytearray(os.urandom(16 * 4096))
        for i in range(0, len(block), 16):
            block[i + 6] = (block[i + 6] & 0x0F) | 0x40
            block[i + 8] = (block[i + 8] & 0x3F) | 0x80
            yield block[i : i + 16].hex()


def fingerprint(fields: tuple) -> int:
    """A short stand-in for an answer's compared fields (scores as canonical JSON)."""
    return hash(fields)


def digest_of(key: str) -> bytes:
    return hashlib.sha256(key.encode()).digest()
