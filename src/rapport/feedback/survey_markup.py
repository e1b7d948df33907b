"""The survey page, prepared once per question set, language and kind of review.

A question set does not change once a review uses it (a published version is never edited: the
admin shows its questions read-only then), so each process keeps its questions and the page
rendered from ``survey/form.html`` in small LRU caches, keyed by the question set's id (every
version is its own row), the language, whether the review is anonymous (no "save" button) and
whether the page shows an error or a "saved" note. The template is rendered with markers where
one request's values go; a request only fills them in (``PreparedPage.fill``): the title, the
note on who sees what, the CSRF token, the message, which options are checked and the comment.
Saving or deleting a question or a question set empties the caches (``forget``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from rapport.feedback.models import Question, QuestionKind
from rapport.feedback.words import comment_hint, strings, switcher
from rapport.text import COMMENT_MAX

# Markers: private-use characters that no text of ours contains and that HTML escaping leaves
# alone. A marker holds a slot's name, or "code=value" for a radio option that may be checked.
_OPEN, _CLOSE = "\ue000", "\ue001"
_SLOT = re.compile(f"{_OPEN}([^{_CLOSE}]*){_CLOSE}")
# The slots a page has; ``fill`` needs a value (escaped HTML) for each.
SLOTS = ("title", "note", "csrf", "message", "comment")
VARIANTS = ("", "error", "saved")


def _marker(name: str) -> SafeString:
    return mark_safe(f"{_OPEN}{name}{_CLOSE}")  # noqa: S308 (a fixed marker)


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
                (v, anchors.get(str(v), ""), _marker(f"{q.code}={v}"))
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
class PreparedPage:
    """A rendered page cut where a request's values go: ``parts`` alternates fixed markup (a
    str) with a slot, ``(name,)`` or ``(code, value)`` for a radio option that may be checked."""

    parts: tuple[str | tuple[str] | tuple[str, int], ...]

    @classmethod
    def cut(cls, html: str) -> PreparedPage:
        parts: list[str | tuple[str] | tuple[str, int]] = []
        for i, piece in enumerate(_SLOT.split(html)):
            if i % 2 == 0:
                parts.append(piece)
            elif "=" in piece:
                code, value = piece.rsplit("=", 1)
                parts.append((code, int(value)))
            else:
                parts.append((piece,))
        return cls(tuple(parts))

    def fill(self, values: Mapping[str, str], selected: Mapping[str, int]) -> str:
        """The page for one request. ``values`` are HTML already (escape text first);
        ``selected`` maps a question's code to the option to show checked."""
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
            elif len(part) == 1:
                out.append(values[part[0]])
            elif selected.get(part[0]) == part[1]:
                out.append(" checked")
        return "".join(out)


@lru_cache(maxsize=256)
def survey_page(
    question_set_id: int, language: str, *, anonymous: bool, variant: str = ""
) -> PreparedPage:
    """The survey page of a question set in a supported language, rendered once.

    ``variant``: "" (the form), "error" (with a message saying what to fix) or "saved" (with a
    note that the answers are saved)."""
    if variant not in VARIANTS:
        raise ValueError(f"Unknown variant {variant!r}.")
    s = strings(language)
    questions = render_to_string(
        "survey/includes/questions.html",
        {
            "questions": _rows(questions_of(question_set_id), language),
            "s": s,
            "comment": _marker("comment"),
            "comment_max": COMMENT_MAX,
            "comment_hint": comment_hint(s, language),
        },
    )
    html = render_to_string(
        "survey/form.html",
        {
            "s": s,
            "language": language,
            "languages": switcher(language),
            "title": _marker("title"),
            "note": _marker("note"),
            "csrf_token": _marker("csrf"),
            "questions": mark_safe(questions),  # noqa: S308 (rendered by the template engine)
            "error": _marker("message") if variant == "error" else "",
            "saved": _marker("message") if variant == "saved" else "",
            "can_save": not anonymous,
        },
    )
    page = PreparedPage.cut(html)
    names = {part[0] for part in page.parts if isinstance(part, tuple) and len(part) == 1}
    if not names <= set(SLOTS):
        raise ValueError(f"Unknown slots in survey/form.html: {sorted(names - set(SLOTS))}.")
    return page


def forget(**_kwargs: object) -> None:
    """Empty both caches (connected to saving and deleting questions and question sets)."""
    questions_of.cache_clear()
    survey_page.cache_clear()
