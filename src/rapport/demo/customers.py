"""Demo data for knowing the customer: listening sessions with value statements, a journey
with stage experiences and pain points, and concerns in several states.

Deterministic: its own ``random.Random(seed * 1000 + 3)``, independent of the other demo parts.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import TYPE_CHECKING

from rapport.accounts.models import Role
from rapport.customers import services
from rapport.customers.models import ConcernStatus, Frequency, PainSource, PainStatus

if TYPE_CHECKING:
    from rapport.demo.options import DemoOptions, DemoResult

K = 3

STORIES = [
    "We asked for a new reporting pack in spring and heard nothing for six weeks. When the "
    "project finally started, the team was great, but by then our board had stopped asking.",
    "Honestly the delivery people are fine. What wears us down is the paperwork before anything "
    "happens: three templates, two committees, and nobody tells us where our request is.",
    "The last go-live went well because your project manager sat with our supervisors for a "
    "week. That is what we want every time: someone who learns how our floor actually works.",
    "We do not need more status reports. We need to know, in one line, whether the thing will "
    "land before peak season, and what you need from us to make that happen.",
    "Handover is where it falls apart. The project closes, the team moves on, and our people are "
    "left with a system half of them were never trained on.",
    "Our customers judge us on speed. When a change takes a quarter to schedule, we lose "
    "goodwill we spent years building. Small fixes should not queue behind big programmes.",
    "When you ask us for feedback, tell us what changed because of it. Otherwise it feels like "
    "a box-ticking exercise and people stop answering.",
    "We value the planning workshops. For the first time finance and operations agreed on the "
    "scope before a single line was written.",
    "Our auditors ask for evidence we cannot find afterwards. If the project kept decisions in "
    "one place, we would save a week every year-end.",
    "The benefits are real but nobody measures them. Six months later we cannot tell our "
    "director whether the investment paid off.",
]

VALUE_STATEMENTS = [
    "Tell us early when a date is at risk, not on the day.",
    "One named person we can call who knows our history.",
    "Fewer forms before work can start.",
    "Training our people before go-live, not after.",
    "Plain answers: will it land, and what do you need from us?",
    "Small fixes delivered in weeks, not quarters.",
    "Show us what changed because of our feedback.",
    "Decisions written down where we can find them.",
    "Measure the benefits after the project closes.",
    "Respect our peak season: no go-lives in December.",
    "Involve the people who will use it, not only their managers.",
    "A realistic plan beats an optimistic one.",
    "Meetings that end with decisions, not more meetings.",
    "Keep the same team from planning to handover.",
]

OTHERS_PRESENT = [
    "",
    "",
    "A regional supervisor (guest)",
    "Their executive assistant, taking notes",
    "Two shift leads from the night team",
    "An external auditor, observing",
]

STAGE_NOTES = {
    -2: ["We feel forgotten here.", "This is where we lose faith.", "Painful every single time."],
    -1: ["Slow and confusing.", "Too many hand-offs.", "We chase you more than you update us."],
    0: ["It works, nothing more.", "Depends on who we get.", "Fine when it is small."],
    1: ["Good people, clear steps.", "Mostly smooth.", "We know what happens next."],
    2: ["The best part of working with you.", "Fast and friendly.", "We recommend you for this."],
}

PAINS = {
    "Request": [
        "We do not know where our request is after we send it.",
        "The request form asks for numbers we cannot know yet.",
    ],
    "Intake": [
        "Our request waits weeks for a committee that meets monthly.",
        "We fill in the same business case twice for two boards.",
        "Nobody tells us why a request was turned down.",
    ],
    "Planning": [
        "Plans are made without the people who will do the work.",
        "Dates change and we hear it from our own staff first.",
    ],
    "Delivery": [
        "Status reports are long and still do not answer our question.",
        "Testing lands on our busiest weeks.",
        "Changes in scope take too long to approve.",
    ],
    "Handover": [
        "Training comes after go-live, when people are already struggling.",
        "Support contacts disappear the day the project closes.",
        "Documentation is written for IT, not for our users.",
    ],
    "Benefits": [
        "Nobody checks whether the promised savings arrived.",
        "We cannot show our director what the investment achieved.",
    ],
}

CONCERNS = [
    "Why did we only hear about the delay in the steering meeting? We should have known weeks ago.",
    "Your team booked the cut-over on our quarter-end weekend. We said this in March.",
    "We keep being asked the same questions by different people from the PMO.",
    "The new process adds two approvals for changes under a day of work. That is absurd.",
    "Our users were not trained and the helpdesk blamed them for the errors.",
    "We were promised a dashboard in the summer. It is still a spreadsheet.",
    "The survey asks about 'governance maturity'. Nobody here knows what that means.",
    "Three project managers in one year. We start again every time.",
]

RESPONSES = [
    "Agreed. From next month the project manager sends a one-line risk note every Friday.",
    "We moved the cut-over to the following weekend and added your calendar to the plan.",
    "One named contact now owns your relationship; questions go through them.",
    "Changes under two days now need one approval, by the project manager.",
    "Extra floor-walker sessions booked for the next two weeks; helpdesk script corrected.",
    "Dashboard scoped into the next release; a draft will be shared for your comments first.",
    "Survey rewritten in plain words with your team's help.",
    "The current project manager stays until handover; a deputy is named as back-up.",
]


def build_customers(
    result: DemoResult, options: DemoOptions, progress: Callable[[str], None]
) -> None:
    rng = random.Random(options.seed * 1000 + K)
    lead = result.users[Role.PMO_LEAD][0]
    analysts = result.users[Role.PMO_ANALYST] or [lead]
    people_by_customer: dict[int, list] = {}
    for s in result.stakeholders:
        people_by_customer.setdefault(s.customer_id, []).append(s)
    questions = [
        "What does a good year look like for your team?",
        "Where do you lose the most time waiting?",
        "Tell me about the last project that went well.",
        "What would make our next project with you a ten?",
        "If you could change one thing about how we work with you, what would it be?",
    ]
    counts = {"sessions": 0, "values": 0, "pains": 0, "concerns": 0}
    for customer in result.customers:
        people = people_by_customer.get(customer.pk, [])
        by = rng.choice([lead, *analysts])

        for n in range(rng.randint(2, 4)):
            held_on = options.today - dt.timedelta(days=rng.randint(7, 400))
            session = services.create_listening_session(
                customer,
                by=by,
                attendees=rng.sample(people, k=min(len(people), rng.randint(1, 3))),
                held_on=held_on,
                others_present=rng.choice(OTHERS_PRESENT),
                questions=rng.sample(questions, k=rng.randint(2, 4)),
                story=rng.choice(STORIES),
                is_private=n == 0 and rng.random() < 0.5,
            )
            counts["sessions"] += 1
            for text in rng.sample(VALUE_STATEMENTS, k=rng.randint(2, 4)):
                services.add_value_statement(session, by=by, text=text, weight=rng.randint(2, 5))
                counts["values"] += 1

        stages = services.ensure_journey(customer, by=by)
        for stage in stages:
            experience = rng.choices([-2, -1, 0, 1, 2], weights=[2, 4, 4, 3, 1])[0]
            services.update_journey_stage(
                stage, by=by, experience=experience, notes=rng.choice(STAGE_NOTES[experience])
            )
            pool = PAINS.get(stage.name, [])
            worse = experience < 0
            for text in rng.sample(
                pool, k=min(len(pool), rng.randint(1, 2) if worse else rng.randint(0, 1))
            ):
                services.create_pain_point(
                    customer,
                    by=by,
                    stage=stage,
                    description=text,
                    severity=rng.randint(3, 5) if worse else rng.randint(1, 3),
                    frequency=rng.choice(list(Frequency)),
                    source=rng.choice(list(PainSource)),
                    status=PainStatus.ADDRESSED if rng.random() < 0.25 else PainStatus.OPEN,
                )
                counts["pains"] += 1

        # The first concern stays open, the second has been answered: every customer shows
        # the log in several states.
        states = [ConcernStatus.OPEN, ConcernStatus.RESPONDED]
        for n, i in enumerate(rng.sample(range(len(CONCERNS)), k=rng.randint(3, 5))):
            heard_on = options.today - dt.timedelta(days=rng.randint(3, 120))
            concern = services.create_concern(
                customer,
                by=by,
                text=CONCERNS[i],
                heard_on=heard_on,
                raised_by=rng.choice(people) if people else None,
            )
            counts["concerns"] += 1
            target = states[n] if n < len(states) else rng.choice(list(ConcernStatus))
            path = [ConcernStatus.RESPONDED, ConcernStatus.RESOLVED, ConcernStatus.CONFIRMED]
            day = heard_on
            for step in path[: path.index(target) + 1] if target != ConcernStatus.OPEN else []:
                day = min(day + dt.timedelta(days=rng.randint(2, 20)), options.today)
                services.transition_concern(
                    concern,
                    step,
                    by=by,
                    response=RESPONSES[i] if step == ConcernStatus.RESPONDED else None,
                    today=day,
                )
    progress(
        f"Created {counts['sessions']} listening sessions ({counts['values']} value statements), "
        f"{counts['pains']} pain points and {counts['concerns']} concerns."
    )
