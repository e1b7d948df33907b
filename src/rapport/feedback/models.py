"""The monthly customer-satisfaction loop: question sets, review cycles, invitations, responses,
issues, actions, meetings, and the mail outbox that carries it all.

Privacy: a Response has a random UUID primary key (no order of submission can be read from it).
An anonymous response stores no stakeholder, no invitation, no precise timestamp and no role;
the invitation only records that it was used (``Invitation.used``).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rapport.customers.models import Channel, FeedbackCulture, Language, Stakeholder
from rapport.portfolio.models import PERIOD_REGEX as PERIOD_REGEX  # re-exported
from rapport.portfolio.models import Project


class QuestionSet(models.Model):
    """A versioned set of questions. A project keeps the version it started with, so months
    compare (``ProjectQuestionSet``). A published version is never edited: add a new one."""

    key = models.SlugField(max_length=50, default="project-review")
    version = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["key", "version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="feedback_questionset_unique"),
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(is_default=True),
                name="feedback_questionset_one_default",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Scale")
    TEXT = "text", _("Open text")


class Question(models.Model):
    """One question. ``texts`` holds its wording per language:
    ``{"en": {"text": …, "low": …, "high": …, "anchors": {"1": …, "10": …}}, "fr": {…}}``."""

    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.CASCADE, related_name="questions"
    )
    code = models.SlugField(max_length=40)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices, default=QuestionKind.SCALE)
    scale_min = models.SmallIntegerField(default=1)
    scale_max = models.SmallIntegerField(default=10)
    required = models.BooleanField(default=False)
    principle = models.CharField(max_length=40, blank=True, help_text=_("Guiding principle asked."))
    order = models.PositiveSmallIntegerField(default=0)
    texts = models.JSONField(default=dict)

    class Meta:
        ordering = ["question_set", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["question_set", "code"], name="feedback_question_unique"
            ),
            models.CheckConstraint(
                condition=Q(scale_max__gt=models.F("scale_min")), name="feedback_question_scale"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def text_for(self, language: str) -> dict:
        return self.texts.get(language) or self.texts.get("en") or {}


class ProjectQuestionSet(models.Model):
    """The question set a project is frozen on (set when its first cycle opens)."""

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, related_name="question_set_link"
    )
    question_set = models.ForeignKey(QuestionSet, on_delete=models.PROTECT, related_name="+")
    pinned_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.project} → {self.question_set}"


class CycleState(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("review state", "Planned")
    INVITED = "invited", _("Invited")
    RESPONDED = "responded", _("Responded")
    DISCUSSED = "discussed", _("Discussed")
    ACTIONS_AGREED = "actions_agreed", _("Actions agreed")
    CLOSED = "closed", _("Closed")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATES = (
    CycleState.PLANNED,
    CycleState.INVITED,
    CycleState.RESPONDED,
    CycleState.DISCUSSED,
    CycleState.ACTIONS_AGREED,
)


class ReviewCycle(models.Model):
    """One project's review for one month. State changes only via ``feedback.states.transition``."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="review_cycles")
    period = models.CharField(max_length=7, help_text=_("YYYY-MM"))
    mode = models.CharField(max_length=10, choices=Channel.choices, default=Channel.MEETING)
    state = models.CharField(max_length=16, choices=CycleState.choices, default=CycleState.PLANNED)
    confidentiality = models.CharField(
        max_length=12, choices=FeedbackCulture.choices, default=FeedbackCulture.ATTRIBUTED
    )
    question_set = models.ForeignKey(QuestionSet, on_delete=models.PROTECT, related_name="cycles")
    deadline = models.DateField(null=True, blank=True)
    email_retried = models.BooleanField(default=False, help_text=_("The one retry after expiry."))
    disengaged = models.BooleanField(default=False, help_text=_("Second expiry in a row."))
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    summary_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["project__name", "-period"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "period"], name="feedback_cycle_unique_period"
            ),
            models.CheckConstraint(
                condition=Q(state__in=CycleState.values), name="feedback_cycle_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(period__is_month=True), name="feedback_cycle_period_format"
            ),
        ]
        indexes = [models.Index(fields=["period", "state"])]

    def __str__(self) -> str:
        return f"{self.project} · {self.period}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_anonymous(self) -> bool:
        return self.confidentiality == FeedbackCulture.ANONYMOUS


class Invitation(models.Model):
    """A stakeholder asked to answer a cycle's survey. Links are ``InvitationLink`` rows."""

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="invitations")
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(blank=True)
    language = models.CharField(max_length=5, choices=Language.choices, default=Language.EN)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminder_at = models.DateTimeField(null=True, blank=True)
    # Opening a link records nothing (mail scanners follow links); only a POST does.
    # ``used`` is all an anonymous cycle records; ``responded_at`` stays empty there.
    used = models.BooleanField(default=False)
    responded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["cycle", "stakeholder__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "stakeholder"], name="feedback_invitation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder} · {self.cycle}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at


class InvitationLink(models.Model):
    """One emailed link. Only the SHA-256 of the token is kept; each email gets a fresh one."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    revoked = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"link for {self.invitation_id}"


class ResponseSource(models.TextChoices):
    SURVEY = "survey", _("Email survey")
    MEETING = "meeting", _("Meeting")
    CALL = "call", _("Call")
    IMPORT = "import", pgettext_lazy("answer source", "Import")


class Response(models.Model):
    """One stakeholder's answers for one cycle (or the scores agreed live in a meeting).

    ``scores`` maps question code → integer; ``overall`` repeats the overall score for queries.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No index of its own: the (project, period) index serves every lookup by project, and a
    # history import writes one B-tree less per answer.
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="responses", db_index=False
    )
    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="responses")
    period = models.CharField(max_length=7)
    source = models.CharField(max_length=10, choices=ResponseSource.choices)
    language = models.CharField(max_length=5, choices=Language.choices, default=Language.EN)
    confidentiality = models.CharField(max_length=12, choices=FeedbackCulture.choices)
    question_set = models.ForeignKey(QuestionSet, on_delete=models.PROTECT, related_name="+")
    # Empty for anonymous responses (a check constraint keeps it so).
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    stakeholder = models.ForeignKey(
        Stakeholder, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )
    respondent_role = models.CharField(max_length=200, blank=True)
    scores = models.JSONField(default=dict, blank=True)
    overall = models.SmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)
    is_complete = models.BooleanField(default=False)
    submitted_on = models.DateField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    # An imported answer's stable key, so importing its file again creates nothing twice: the
    # SHA-256 of the key text (docs/imports.md). Empty for answers given in Rapport.
    import_key = models.BinaryField(max_length=32, null=True, blank=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["import_key"],
                condition=Q(import_key__isnull=False),
                name="feedback_response_import_key_unique",
            ),
            models.CheckConstraint(
                condition=~Q(confidentiality="anonymous")
                | Q(invitation__isnull=True, stakeholder__isnull=True, submitted_at__isnull=True),
                name="feedback_response_anonymous_unlinked",
            ),
            models.CheckConstraint(
                condition=Q(period__is_month=True), name="feedback_response_period_format"
            ),
        ]
        indexes = [models.Index(fields=["project", "period"])]

    def __str__(self) -> str:
        return f"Response · {self.cycle}"


LEVELS = ("attributed", "confidential", "anonymous")
"""Confidentiality levels, from the most open to the strictest."""


def stricter(*levels: str) -> str:
    """The strictest of confidentiality levels (words said anonymously stay anonymous inside an
    open review)."""
    return max(levels, key=LEVELS.index)


def stricter_level(*paths: str) -> models.Case:
    """``stricter`` in SQL over the confidentiality columns at ``paths`` (a missing row, as
    through an empty foreign key, counts as the most open)."""
    anonymous, confidential = Q(), Q()
    for path in paths:
        anonymous |= Q(**{path: "anonymous"})
        confidential |= Q(**{path: "confidential"})
    return models.Case(
        models.When(anonymous, then=models.Value("anonymous")),
        models.When(confidential, then=models.Value("confidential")),
        default=models.Value("attributed"),
        output_field=models.CharField(),
    )


class IssuePriority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class IssueStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ADDRESSED = "addressed", _("Addressed")
    RESOLVED = "resolved", _("Resolved")


class Issue(models.Model):
    """A problem the customer raised, in their own words, with the priority they gave it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="feedback_issues")
    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="issues")
    response = models.ForeignKey(
        Response, null=True, blank=True, on_delete=models.SET_NULL, related_name="issues"
    )
    text = models.TextField()
    priority = models.CharField(
        max_length=10, choices=IssuePriority.choices, default=IssuePriority.MEDIUM
    )
    status = models.CharField(max_length=10, choices=IssueStatus.choices, default=IssueStatus.OPEN)
    raised_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["cycle", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def level(self) -> str:
        """The confidentiality of the words: the review's, or the answer's it was raised from
        when that is stricter (an anonymous email answer can sit in an open review).
        ``stricter_level("cycle__confidentiality", "response__confidentiality")`` is its SQL."""
        mode = self.cycle.confidentiality
        if self.response_id and self.response:
            mode = stricter(mode, self.response.confidentiality)
        return mode

    def quotable_to(self, stakeholder_id: int | None) -> bool:
        """May the issue's words go to this customer stakeholder (an email, a digest)?

        From an open review, to each of the project's feedback-givers. From a review in
        confidence, only to the person who raised it (their own answer); from an anonymous one,
        to no one. The others are told how many points were raised, not what was said.
        """
        mode = self.level
        if mode == "anonymous":
            return False
        if mode == "confidential":
            raiser = self.response.stakeholder_id if self.response_id and self.response else None
            return raiser is not None and raiser == stakeholder_id
        return True


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_ACTION_STATES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class Action(models.Model):
    """What we agreed to do about an issue: owner, due date, status, and whether the customer
    was told and confirmed it fixed their issue."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="feedback_actions")
    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="actions")
    issue = models.ForeignKey(
        Issue, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due = models.DateField()
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_on = models.DateField(null=True, blank=True)
    # Told of the action (the summary that listed it), and told it is done (the summary or an
    # "action done" email with its "did this fix it?" link).
    customer_told_at = models.DateTimeField(null=True, blank=True)
    customer_told_done_at = models.DateTimeField(null=True, blank=True)
    customer_confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due", "pk"]
        indexes = [models.Index(fields=["project", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATES

    def days_late(self, today: dt.date) -> int:
        """How many days past its due date an action still to do is on ``today`` (0 if none)."""
        return (today - self.due).days if self.is_open and self.due < today else 0

    @property
    def level(self) -> str:
        """The confidentiality of the action's words: its review's, or its issue's when that
        is stricter (``ACTION_LEVEL`` is its SQL)."""
        mode = self.cycle.confidentiality
        if self.issue_id and self.issue:
            mode = stricter(mode, self.issue.level)
        return mode


ISSUE_LEVEL = stricter_level("cycle__confidentiality", "response__confidentiality")
"""``Issue.level`` in SQL, for a queryset of issues."""
ACTION_LEVEL = stricter_level(
    "cycle__confidentiality",
    "issue__cycle__confidentiality",
    "issue__response__confidentiality",
)
"""``Action.level`` in SQL, for a queryset of actions."""


class Meeting(models.Model):
    """The monthly meeting or call of a cycle: when, who, the agenda used and the minutes."""

    cycle = models.OneToOneField(ReviewCycle, on_delete=models.CASCADE, related_name="meeting")
    held_on = models.DateField(default=timezone.localdate)
    attendees = models.TextField(blank=True, help_text=_("One name per line."))
    agenda = models.JSONField(default=list, blank=True)
    minutes = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Meeting · {self.cycle}"


# Emails and the addresses not to email live in their own module (feedback/outbox.py).
from rapport.feedback.outbox import (  # noqa: E402, F401
    OutboxKind,
    OutboxMessage,
    OutboxState,
    Suppression,
    SuppressionReason,
)

# The PMO service pulse lives in its own module (feedback/pulse/models.py).
from rapport.feedback.pulse.models import (  # noqa: E402, F401
    PulseInvitation,
    PulseResponse,
    PulseRound,
    PulseState,
)
