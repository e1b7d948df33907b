"""The generated agenda of the monthly meeting:
last month's actions → this month's scores and comments → new issues → prioritize →
agree actions → "what would make it a 10?"."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from rapport.feedback.figures import cycle_figures
from rapport.feedback.models import ReviewCycle


@dataclass
class AgendaSection:
    title: str
    items: list[str] = field(default_factory=list)
    note: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def agenda_for(cycle: ReviewCycle, *, detail: bool = True) -> list[AgendaSection]:
    from rapport.feedback.services.actions import carried_over

    previous = carried_over(cycle)
    responses = list(cycle.responses.values("scores", "comment", "confidentiality"))
    figures = cycle_figures(responses, cycle.confidentiality)
    score_items = []
    if figures.disclosure.figures and figures.means:
        labels = {
            q.code: q.text_for("en").get("text", q.code) for q in cycle.question_set.questions.all()
        }
        for code, value in figures.means.items():
            if value is not None:
                score_items.append(f"{labels.get(code, code)}: {value}")
    comments = figures.comments if detail else []
    issues = [f"[{i.get_priority_display()}] {i.text}" for i in cycle.issues.all()]
    return [
        AgendaSection(
            "Last month's actions",
            [
                f"{a.title} — due {a.due:%Y-%m-%d}, {a.get_status_display().lower()}"
                for a in previous
            ],
            "" if previous else "No open actions carried over.",
        ),
        AgendaSection(
            "This month's scores and comments",
            score_items + [f"“{c}”" for c in comments],
            figures.disclosure.reason
            or ("" if responses else "No answers yet: agree the scores live in the meeting."),
        ),
        AgendaSection("New issues", issues, "" if issues else "Ask what is getting in the way."),
        AgendaSection("Prioritize with the customer", [], "High, medium or low, in their words."),
        AgendaSection("Agree actions", [], "Each with an owner and a due date."),
        AgendaSection(
            "What would make it a 10?", [], "Ask it every month, and write down the answer."
        ),
    ]
