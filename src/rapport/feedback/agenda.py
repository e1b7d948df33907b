"""The generated agenda of the monthly meeting:
last month's actions → this month's scores and comments → new issues → prioritize →
agree actions → "what would make it a 10?".

Every figure comes from the disclosure layer (``feedback.figures.review_figures``, over
``rapport.disclosure.release``): how many answered, the scores agreed openly, a released figure
over answers given in confidence (or the latest one that covers the project), never a mean of
fewer than k people's confidential or anonymous answers. So the manager of a confidential
project with three feedback-givers still has something to discuss every month.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import get_language, gettext

from rapport.disclosure.release import LoadedPartition, load_partition
from rapport.feedback.figures import review_figures
from rapport.feedback.models import Action, ReviewCycle


@dataclass
class AgendaSection:
    title: str
    items: list[str] = field(default_factory=list)
    note: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def _scores(rows: list[tuple[str, float | None]]) -> str:
    return "; ".join(f"{label} {value}" for label, value in rows if value is not None)


def _confirmation(action: Action) -> str:
    if action.customer_confirmed_at is not None:
        on = timezone.localdate(action.customer_confirmed_at)
        return gettext("the customer confirmed it fixed their issue (%(date)s)") % {
            "date": f"{on:%Y-%m-%d}"
        }
    if action.customer_told_done_at is not None:
        return gettext("not confirmed by the customer yet: ask them")
    return gettext("the customer has not been told yet")


def agenda_for(
    cycle: ReviewCycle, *, detail: bool = True, partition: LoadedPartition | None = None
) -> list[AgendaSection]:
    """The agenda for ``cycle``'s meeting, for those who run the review (the PMO and the project
    manager). ``detail=False`` leaves comments out (the snapshot kept with the meeting)."""
    from rapport.feedback.services.actions import carried_over, done_since_last_review

    previous = carried_over(cycle)
    finished = done_since_last_review(cycle)
    questions = [q for q in cycle.question_set.questions.all() if q.kind == "scale"]
    labels = {q.code: q.text_for(get_language()).get("text", q.code) for q in questions}
    responses = list(cycle.responses.values("id", "scores", "comment", "confidentiality", "source"))
    part = partition or load_partition([cycle.project.customer_id])
    figures = review_figures(
        cycle, responses, labels, partition=part, detail=detail, small_groups=True
    )
    counts = cycle.invitations.aggregate(
        invited=Count("pk"), answered=Count("pk", filter=Q(used=True))
    )
    score_items: list[str] = []
    if counts["invited"] and cycle.mode == "email":
        score_items.append(
            gettext("%(answered)s of %(invited)s invited people answered by email.")
            % {"answered": counts["answered"], "invited": counts["invited"]}
        )
    if figures.protected_count:
        given = (
            gettext("%(n)s answer(s) given anonymously.")
            if cycle.is_anonymous
            else gettext("%(n)s answer(s) given in confidence.")
        )
        score_items.append(given % {"n": figures.protected_count})
    if figures.open_rows:
        score_items.append(f"{figures.open_label}: {_scores(figures.open_rows)}")
    if figures.protected_rows:
        score_items.append(f"{figures.protected_label}: {_scores(figures.protected_rows)}")
    if figures.latest_rows:
        score_items.append(
            gettext("Latest figure released for this project — %(label)s: %(scores)s")
            % {"label": figures.latest_label, "scores": _scores(figures.latest_rows)}
        )
    comments = figures.comments if detail else []
    note = figures.protected_note
    if not responses:
        note = gettext("No answers yet: agree the scores live in the meeting.")
        if cycle.confidentiality != "attributed":
            note += " " + gettext(
                "They are recorded as attributed: agreed openly with the customer."
            )
    issues = [f"[{i.get_priority_display()}] {i.text}" for i in cycle.issues.all()]
    return [
        AgendaSection(
            gettext("Last month's actions"),
            [
                gettext("%(title)s — due %(due)s, %(status)s")
                % {
                    "title": a.title,
                    "due": f"{a.due:%Y-%m-%d}",
                    "status": a.get_status_display().lower(),
                }
                for a in previous
            ]
            + [
                gettext("%(title)s — done %(done)s, %(confirmation)s")
                % {
                    "title": a.title,
                    "done": f"{a.done_on:%Y-%m-%d}",
                    "confirmation": _confirmation(a),
                }
                for a in finished
            ],
            "" if previous or finished else gettext("No open actions carried over."),
        ),
        AgendaSection(
            gettext("This month's scores and comments"),
            score_items + [f"“{c}”" for c in comments],
            note,
        ),
        AgendaSection(
            gettext("New issues"),
            issues,
            "" if issues else gettext("Ask what is getting in the way."),
        ),
        AgendaSection(
            gettext("Prioritize with the customer"),
            [],
            gettext("High, medium or low, in their words."),
        ),
        AgendaSection(gettext("Agree actions"), [], gettext("Each with an owner and a due date.")),
        AgendaSection(
            gettext("What would make it a 10?"),
            [],
            gettext("Ask it every month, and write down the answer."),
        ),
    ]
