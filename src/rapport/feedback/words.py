"""The words a customer stakeholder reads on the review's public pages and in its emails.

Each text is marked for Django's translation framework; its translations live in the
respondent catalogs (``src/rapport/locale/respondent/<language>/LC_MESSAGES/django.po``),
complete in every language of ``settings.RESPONDENT_LANGUAGES`` (a test fails on a missing or
fuzzy entry). Templates and emails read them by key (``s.survey_title``) through ``strings``,
which resolves every text in one language at once: the survey page is prepared once per
language (``survey_markup``), so the lookup is not on the respondent's fast path.

Plain language: short sentences, no jargon. Placeholders in braces are filled with
``str.format`` after translation, so a translation keeps them as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from rapport.languages import browser_language, choose, respondent_languages, supported, switcher

__all__ = [
    "WORDS",
    "browser_language",
    "choose",
    "comment_hint",
    "mode_note",
    "respondent_languages",
    "strings",
    "supported",
    "switcher",
    "text_error",
    "translated",
]

WORDS: dict[str, Promise] = {
    "survey_title": _("Your monthly review of {project}"),
    "survey_intro": _(
        "It takes about two minutes. Your answers help the team fix what matters to you."
    ),
    "survey_intro_save": _("You can save and come back later."),
    "comment_hint": _("Up to {limit} characters."),
    "comment_too_long": _(
        "Your comment is too long to keep: {length} characters. Please shorten it to {limit} "
        "characters or fewer and send it again."
    ),
    "comment_control": _(
        "Your comment has a hidden sign we cannot keep ({char}, at place {position}). Please "
        "take it out and send it again."
    ),
    "busy_title": _("Too many requests"),
    "busy_body": _(
        "We received many requests from your network in a short time, so we paused for a "
        "moment. Please wait a minute and try again. Your link still works."
    ),
    "survey_intro_once": _(
        "Your answers are anonymous, so we cannot keep them for later. Please answer in one go."
    ),
    "anonymous_note": _("Your answers are anonymous: nothing links them to you."),
    "confidential_guarantee": _(
        "The project office sees who said what. Your project manager and the sponsors see "
        "only totals from at least {k} people. Your project manager may read comments, "
        "without names, once at least {kc} people have answered."
    ),
    "anonymous_guarantee": _(
        "Nobody, not even the project office, can see who said what. Answers are shown only "
        "as totals from at least {k} people. Comments are shown without names once at least "
        "{kc} people have answered."
    ),
    "meeting_note": _(
        "In the meeting, we agree the scores together and write them down openly, as the "
        "group's view. Your project manager will see them."
    ),
    "attributed_note": _("Your project manager will see your answers and discuss them with you."),
    "not_applicable": _("Skip"),
    "comment_label": _("Anything else you want to tell us?"),
    "save": _("Save and finish later"),
    "submit": _("Send my answers"),
    "required_overall": _("Please give an overall score before sending."),
    "saved": _("Your answers are saved. You can come back to this page until {deadline}."),
    "thanks_title": _("Thank you"),
    "thanks_body": _(
        "We have your answers. Your project manager will go through them with you at this "
        "month's review. You will then get a short summary: what you told us, what we will "
        "do, and by when."
    ),
    "expired_title": _("This link has expired"),
    "expired_body": _(
        "The time to answer this month's review is over. If you still want to tell us "
        "something, reply to the email or talk to your project manager."
    ),
    "used_title": _("You have already answered"),
    "used_body": _(
        "We already have your answers for this month, so this link no longer works. Thank you."
    ),
    "invalid_title": _("This link does not work"),
    "invalid_body": _(
        "The link may be incomplete or changed. Please use the full link from your email, or "
        "ask your project manager for a new one."
    ),
    "closed_title": _("This review is closed"),
    "closed_body": _("This month's review is finished. Thank you for your time."),
    "invite_subject": _("Two minutes on {project} this month?"),
    "invite_body": _(
        "Hello {name},\n\nHow is {project} going for you this month? Please tell us by "
        "{deadline}. It takes about two minutes."
    ),
    "invite_body_no_deadline": _(
        "Hello {name},\n\nHow is {project} going for you this month? It takes about two minutes."
    ),
    "meeting_subject": _("Our monthly review of {project}"),
    "meeting_body": _(
        "Hello {name},\n\nIt is time for our monthly review of {project}. We will look at last "
        "month's actions, hear how things are going, and agree what to fix next. A calendar "
        "invitation is attached."
    ),
    "reminder_subject": _("Reminder: your view on {project}"),
    "retry_subject": _("We would still like to hear from you about {project}"),
    "open_link": _("Answer the review"),
    "opt_out": _("Do not want these emails? Unsubscribe"),
    "summary_subject": _("What you told us about {project}, and what we are doing"),
    "summary_intro": _("Hello {name},\n\nThank you for this month's review of {project}."),
    "summary_heard": _("What you told us"),
    "summary_doing": _("What we are doing"),
    "summary_none": _("You raised no new issues this month."),
    "summary_hidden": _(
        "Points raised in confidence, not quoted here: {n}. We are working on them too."
    ),
    "by": _("by"),
    "confirm_fixed": _("Did this fix it? Tell us"),
    "action_done_subject": _("Done: what we changed on {project} after your review"),
    "action_done_intro": _("Hello {name},\n\nWe have finished what we agreed to do on {project}."),
    "action_done_heading": _("What we have done"),
    "you_told_us": _("You told us"),
    "done_on": _("done on"),
    "action_done_ask": _(
        "Please tell us if it fixed your issue. If it did not, reply to this email or talk to"
        " your project manager."
    ),
    "confirm_title": _("Did this fix your issue?"),
    "confirm_button": _("Yes, this fixed my issue"),
    "confirm_done": _("Thank you. We have noted that this fixed your issue."),
    "optout_title": _("Stop these emails"),
    "optout_button": _("Unsubscribe me"),
    "optout_done": _("Done. We will not email you review requests any more."),
    "scale_of": _("from {low} to {high}"),
    "unsaved_title": _("Your answers were not saved"),
    "unsaved_body": _(
        "Something went wrong on our side, so we could not save your answers. Please go back "
        "and send them again in a few minutes. Your link still works."
    ),
    "unavailable_title": _("This page is not available right now"),
    "unavailable_body": _(
        "Something went wrong on our side. Please try again in a few minutes. Your link still"
        " works."
    ),
    "language": _("Language"),
    # The calendar file attached to the meeting invitation.
    "calendar_summary": _("Monthly review: {project}"),
    "calendar_description": _(
        "Last month's actions, this month's scores and comments, new issues, priorities, "
        "actions, and what would make it a 10."
    ),
}


def translated(texts: Mapping[str, Promise], language: str) -> dict[str, str]:
    """``texts`` resolved in ``language`` (a supported one)."""
    with override(supported(language)):
        return {key: str(text) for key, text in texts.items()}


def strings(language: str) -> Mapping[str, str]:
    """Every review text in ``language`` (English if the pages do not speak it), resolved once
    per language and process: the catalogs do not change while it runs, and a survey page
    request then costs one dictionary lookup instead of a catalog lookup per text."""
    return _strings(supported(language))


@lru_cache(maxsize=16)
def _strings(language: str) -> Mapping[str, str]:
    return MappingProxyType(translated(WORDS, language))


def mode_note(s: Mapping[str, str], confidentiality: str) -> str:
    """What a review's mode guarantees, in the stakeholder's words (``s`` from ``strings``):
    who sees what, and from how many answers (the thresholds of ``rapport.disclosure.rules``)."""
    from rapport.disclosure.rules import comment_threshold, figure_threshold

    key = {"confidential": "confidential_guarantee", "anonymous": "anonymous_guarantee"}.get(
        confidentiality
    )
    if key is None:
        return s["attributed_note"]
    return s[key].format(k=figure_threshold(), kc=comment_threshold())


def text_error(s: Mapping[str, str], error: ValidationError) -> str | None:
    """A comment refused by ``rapport.text.check_text``, in the stakeholder's words, or None
    for any other error."""
    key = {"control_character": "comment_control", "too_long": "comment_too_long"}.get(
        error.code or ""
    )
    if key is None:
        return None
    return s[key].format(**(error.params or {}))


def comment_hint(s: Mapping[str, str], language: str) -> str:
    """ "Up to 4,000 characters." ("4 000", "4.000": as ``language`` groups digits), said
    before the stakeholder types."""
    from django.utils.formats import number_format
    from django.utils.translation import override

    from rapport.text import COMMENT_MAX

    with override(language):
        limit = number_format(COMMENT_MAX, force_grouping=True)
    return s["comment_hint"].format(limit=limit)
