"""The survey form's questions, prepared once per question set and language.

A question set does not change once a review uses it (a published version is never edited: the
admin shows its questions read-only then), so each process keeps its questions and their
rendered markup in two small LRU caches, keyed by the question set's id (every version is its
own row) and the language. Only what belongs to one respondent is filled in per request: which
options are checked and the comment. Saving or deleting a question or a question set empties
both caches (``forget``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from rapport.feedback.i18n import strings
from rapport.feedback.models import Question, QuestionKind

# Where a request's values go in the prepared markup: private-use characters that no question
# text contains and that HTML escaping leaves alone.
_OPEN, _CLOSE = "\ue000", "\ue001"
_SLOT = re.compile(f"{_OPEN}([^{_CLOSE}]*){_CLOSE}")
_COMMENT = "comment"


@lru_cache(maxsize=64)
def questions_of(question_set_id: int) -> tuple[Question, ...]:
    """The questions of a question set, in order (one query the first time, then none)."""
    return tuple(Question.objects.filter(question_set_id=question_set_id).order_by("order", "pk"))


def _rows(questions: tuple[Question, ...], language: str) -> list[dict]:
    rows = []
    for q in questions:
        text = q.text_for(language)
        anchors = text.get("anchors", {})
        values = (
            [
                (v, anchors.get(str(v), ""), mark_safe(f"{_OPEN}{q.code}={v}{_CLOSE}"))  # noqa: S308
                for v in range(q.scale_min, q.scale_max + 1)
            ]
            if q.kind == QuestionKind.SCALE
            else []
        )
        count = len(values)
        rows.append(
            {
                "code": q.code,
                "kind": q.kind,
                "text": text.get("text", q.code),
                "low": text.get("low", ""),
                "high": text.get("high", ""),
                "values": values,
                "required": q.required,
                # One row on a desktop; on a phone, rows of at most half the scale (1–10 as 5 + 5).
                "anchored": any(anchor for _v, anchor, _slot in values),
                "phone_columns": count if count <= 6 else (count + 1) // 2,
            }
        )
    return rows


@dataclass(frozen=True, slots=True)
class PreparedForm:
    """The questions' markup in one language, cut where a request's values go.

    ``parts`` alternates fixed markup (a str) with a slot: ``(code, value)`` for a radio
    option that may be checked, or None for the comment."""

    parts: tuple[str | tuple[str, int] | None, ...]
    scale_codes: tuple[str, ...]
    text_codes: tuple[str, ...]

    def render(self, selected: Mapping[str, int], comment: str) -> SafeString:
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
            elif part is None:
                out.append(escape(comment))
            elif selected.get(part[0]) == part[1]:
                out.append(" checked")
        return mark_safe("".join(out))  # noqa: S308 (template output and escaped text)


@lru_cache(maxsize=128)
def prepared_form(question_set_id: int, language: str) -> PreparedForm:
    """The form's questions for a question set and a supported language, rendered once."""
    questions = questions_of(question_set_id)
    html = render_to_string(
        "survey/includes/questions.html",
        {
            "questions": _rows(questions, language),
            "s": strings(language),
            "comment": mark_safe(f"{_OPEN}{_COMMENT}{_CLOSE}"),  # noqa: S308
        },
    )
    parts: list[str | tuple[str, int] | None] = []
    for i, piece in enumerate(_SLOT.split(html)):
        if i % 2 == 0:
            parts.append(piece)
        elif piece == _COMMENT:
            parts.append(None)
        else:
            code, value = piece.rsplit("=", 1)
            parts.append((code, int(value)))
    return PreparedForm(
        parts=tuple(parts),
        scale_codes=tuple(q.code for q in questions if q.kind == QuestionKind.SCALE),
        text_codes=tuple(q.code for q in questions if q.kind == QuestionKind.TEXT),
    )


def forget(**_kwargs: object) -> None:
    """Empty both caches (connected to saving and deleting questions and question sets)."""
    questions_of.cache_clear()
    prepared_form.cache_clear()
