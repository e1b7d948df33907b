"""Every console URL renders for each role with the status that role should get."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

# url name → (kwargs builder key, {user: expected status}). "own" is carol's project or
# customer; "other" belongs to dave. Every console URL must be listed here.
OK_ALL = {"alice": 200, "bob": 200, "carol": 200, "erin": 200}
MANAGE = {"alice": 200, "bob": 200, "carol": 403, "erin": 403}
POST_ONLY = {"alice": 405, "bob": 405, "carol": 403, "erin": 403}
OTHER = {"alice": 200, "bob": 200, "carol": 403, "erin": 200}
LEAD_ONLY = {"alice": 200, "bob": 403, "carol": 403, "erin": 403}
PMO_ONLY = {"alice": 200, "bob": 200, "carol": 403, "erin": 403}
LEAD_POST_ONLY = {"alice": 405, "bob": 403, "carol": 403, "erin": 403}  # GET on a POST-only URL
PMO_POST_ONLY = {"alice": 405, "bob": 405, "carol": 403, "erin": 403}
RUNS_REVIEWS = {"alice": 200, "bob": 200, "carol": 200, "erin": 403}
POST_ONLY_ALL = {"alice": 405, "bob": 405, "carol": 405, "erin": 405}
EXPECTED: dict[str, tuple[str | None, dict[str, int]]] = {
    "console:home": (None, OK_ALL),
    "accounts:profile": (None, OK_ALL),
    "customers:list": (None, OK_ALL),
    "customers:create": (None, {"alice": 200, "bob": 200, "carol": 403, "erin": 403}),
    "customers:detail": ("own_customer", OK_ALL),
    "customers:detail#other": (
        "other_customer",
        {"alice": 200, "bob": 200, "carol": 403, "erin": 200},
    ),
    "customers:edit": ("own_customer", {"alice": 200, "bob": 200, "carol": 403, "erin": 403}),
    # Customers: listening, journey, concerns, stakeholders (issue 3).
    "customers:questions": (None, MANAGE),
    "customers:question_edit": ("question", MANAGE),
    "customers:stakeholder_create": ("own_customer", MANAGE),
    "customers:stakeholder_edit": ("own_stakeholder", MANAGE),
    "customers:stakeholder_link": ("own_stakeholder", POST_ONLY),
    "customers:stakeholder_unlink": ("own_stakeholder_project", POST_ONLY),
    # Personal data (issue 16): the download for the PMO, the erasure for the lead.
    "gdpr:export": ("own_stakeholder", MANAGE),
    "gdpr:erase": ("own_stakeholder", LEAD_POST_ONLY),
    "customers:sessions": ("own_customer", OK_ALL),
    "customers:sessions#other": ("other_customer", OTHER),
    "customers:session_create": ("own_customer", MANAGE),
    "customers:session": ("own_session", OK_ALL),
    "customers:session#private": (
        "own_private_session",
        {"alice": 200, "bob": 200, "carol": 200, "erin": 403},
    ),
    "customers:session_edit": ("own_session", MANAGE),
    "customers:value_add": ("own_session", POST_ONLY),
    "customers:journey": ("own_customer", OK_ALL),
    "customers:journey#other": ("other_customer", OTHER),
    "customers:journey_start": ("own_customer", POST_ONLY),
    "customers:stage_create": ("own_customer", MANAGE),
    "customers:stage_edit": ("own_stage", MANAGE),
    "customers:stage_move": ("own_stage", POST_ONLY),
    "customers:stage_remove": ("own_stage", POST_ONLY),
    "customers:pain_create": ("own_customer", MANAGE),
    "customers:pain_edit": ("own_pain", MANAGE),
    "customers:concerns": ("own_customer", OK_ALL),
    "customers:concerns#other": ("other_customer", OTHER),
    "customers:concern_create": ("own_customer", MANAGE),
    "customers:concern": ("own_concern", OK_ALL),
    "customers:concern#other": ("other_concern", OTHER),
    "customers:concern_edit": ("own_concern", MANAGE),
    "imports:upload": (None, MANAGE),
    "imports:job": ("import_job", MANAGE),
    "imports:apply": ("import_job", PMO_POST_ONLY),
    "portfolio:list": (None, OK_ALL),
    "portfolio:create": (None, {"alice": 200, "bob": 200, "carol": 403, "erin": 403}),
    "portfolio:detail": ("own_project", OK_ALL),
    "portfolio:detail#other": (
        "other_project",
        {"alice": 200, "bob": 200, "carol": 403, "erin": 200},
    ),
    "portfolio:edit": ("own_project", {"alice": 200, "bob": 200, "carol": 403, "erin": 403}),
    # Linking feedback-givers from the project page: POST only (permissions: test_feedback_givers).
    "portfolio:feedback_giver_add": ("own_project", POST_ONLY_ALL),
    "portfolio:feedback_giver_remove": ("own_project_stakeholder", POST_ONLY_ALL),
    # People: the PMO lead's user management.
    "people:list": (None, LEAD_ONLY),
    "people:invite": (None, LEAD_POST_ONLY),
    "people:role": ("person", LEAD_POST_ONLY),
    "people:deactivate": ("person", LEAD_POST_ONLY),
    "people:reactivate": ("person", LEAD_POST_ONLY),
    "people:resend": ("person", LEAD_POST_ONLY),
    "people:unlock": ("person", LEAD_POST_ONLY),
    "people:reset_two_factor": ("person", LEAD_POST_ONLY),
    "audit:list": (None, {"alice": 200, "bob": 200, "carol": 403, "erin": 403}),
    "insights:alerts": (None, {"alice": 200, "bob": 200, "carol": 403, "erin": 403}),
    # Portfolio health review: PMO roles and sponsors (read-only); a PM's own project health.
    "insights:dashboard": (None, {"alice": 200, "bob": 200, "carol": 403, "erin": 200}),
    "insights:customer_trend": (
        "own_customer",
        {"alice": 200, "bob": 200, "carol": 403, "erin": 200},
    ),
    "insights:project": ("own_project", OK_ALL),
    "insights:topics": (None, PMO_ONLY),
    "insights:topic_new": (None, PMO_ONLY),
    "insights:topic_edit": ("comment_topic", PMO_ONLY),
    # PDF reports (issue 13): each report is its requester's alone; pending, so download
    # sends her back to the progress notice.
    "reports:list": (None, OK_ALL),
    "reports:request": (None, POST_ONLY_ALL),
    "reports:monthly_pack": (None, POST_ONLY_ALL),  # each person's own switch (profile page)
    "reports:status": ("own_report", {"alice": 200, "bob": 404, "carol": 404, "erin": 404}),
    "reports:download": ("own_report", {"alice": 302, "bob": 404, "carol": 404, "erin": 404}),
    "insights:project#other": ("other_project", OTHER),
    # POST-only: a GET is refused after the role check.
    "insights:alert_acknowledge": (
        "own_project",
        {"alice": 405, "bob": 405, "carol": 403, "erin": 403},
    ),
    "insights:alert_resolve": (
        "own_project",
        {"alice": 405, "bob": 405, "carol": 403, "erin": 403},
    ),
    "admin:index": (None, {"alice": 200, "bob": 302, "carol": 302, "erin": 302}),
    # roadmap: services, glossary, customers' words, the plain-language check
    "roadmap:service_list": (None, OK_ALL),
    "roadmap:service_create": (None, LEAD_ONLY),
    "roadmap:service_detail": ("service", OK_ALL),
    "roadmap:service_edit": ("service", LEAD_ONLY),
    "roadmap:service_status": ("service", LEAD_POST_ONLY),
    "roadmap:glossary": (None, OK_ALL),
    "roadmap:glossary_add": (None, LEAD_POST_ONLY),
    "roadmap:glossary_row": ("glossary_term", OK_ALL),
    "roadmap:glossary_edit": ("glossary_term", LEAD_ONLY),
    "roadmap:glossary_delete": ("glossary_term", LEAD_POST_ONLY),
    "roadmap:customer_terms": (None, OK_ALL),
    "roadmap:customer_term_delete": ("customer_term", PMO_POST_ONLY),
    "roadmap:language_check": (None, {"alice": 405, "bob": 405, "carol": 405, "erin": 405}),
    # readiness: the six-barrier assessment (PMO) and the pledge (everyone)
    "readiness:index": (None, PMO_ONLY),
    "readiness:assessment_list": (None, PMO_ONLY),
    "readiness:assess": (None, PMO_ONLY),
    "readiness:assessment_detail": ("assessment", PMO_ONLY),
    "readiness:remedy_channel": (None, PMO_POST_ONLY),
    "readiness:remedy_confidential": (None, PMO_POST_ONLY),
    "pledge:show": (None, OK_ALL),
    "pledge:sign": (None, LEAD_POST_ONLY),
    # feedback: the monthly review loop
    "feedback:pmo": (None, PMO_ONLY),
    "feedback:mine": (None, OK_ALL),
    "feedback:actions": (None, RUNS_REVIEWS),
    "feedback:timeline": ("own_project", OK_ALL),
    "feedback:timeline#other": (
        "other_project",
        {"alice": 200, "bob": 200, "carol": 403, "erin": 200},
    ),
    "feedback:plan": ("own_project", POST_ONLY_ALL),
    "feedback:cycle": ("own_cycle", OK_ALL),
    "feedback:cycle#other": ("other_cycle", {"alice": 200, "bob": 200, "carol": 403, "erin": 200}),
    "feedback:open": ("own_cycle", RUNS_REVIEWS),
    "feedback:open#other": ("other_cycle", {"alice": 200, "bob": 200, "carol": 403, "erin": 403}),
    "feedback:meeting": ("own_cycle", RUNS_REVIEWS),
    "feedback:add_issue": ("own_cycle", POST_ONLY_ALL),
    "feedback:add_action": ("own_cycle", POST_ONLY_ALL),
    "feedback:move": ("own_cycle", POST_ONLY_ALL),
    "feedback:calendar": ("own_cycle", OK_ALL),
    "feedback:action_status": ("own_action", POST_ONLY_ALL),
    "feedback:personal_link": ("own_invitation", POST_ONLY_ALL),
    "feedback:mail_log": (None, PMO_ONLY),
    "feedback:pulse": (None, PMO_ONLY),
    "feedback:pulse_open": (None, PMO_POST_ONLY),
    "feedback:pulse_round": ("own_pulse_round", PMO_ONLY),
    "feedback:pulse_close": ("own_pulse_round", PMO_POST_ONLY),
    "feedback:mail_detail": ("own_mail", PMO_ONLY),
    "mailbox:inbox": (None, PMO_ONLY),
    "mailbox:message": ("mailbox_message", PMO_ONLY),
    # roadmap with the customer (issue 6, phase 2) and the partnership charter
    "roadmap:customer_roadmap": ("own_customer", OK_ALL),
    "exports:download": ("export_projects", OK_ALL),
    "exports:download#responses": ("export_responses", RUNS_REVIEWS),
    "exports:download#audit": ("export_audit", PMO_ONLY),
    "roadmap:customer_roadmap#other": ("other_customer", OTHER),
    "roadmap:item_create": ("own_customer", MANAGE),
    "roadmap:item_edit": ("roadmap_item", MANAGE),
    "roadmap:item_status": ("roadmap_item", POST_ONLY),
    "roadmap:replan": ("own_customer", POST_ONLY),
    "roadmap:share_create": ("own_customer", POST_ONLY),
    "roadmap:share_revoke": ("share_link", POST_ONLY),
    "roadmap:input_decide": ("customer_input", POST_ONLY),
    "charter:scorecard": ("own_customer", OK_ALL),
    "charter:scorecard#other": ("other_customer", OTHER),
    "charter:start": ("own_customer", POST_ONLY),
    "charter:edit": ("charter_customer", MANAGE),
    "charter:principle_add": ("charter_customer", MANAGE),
    "charter:principle_edit": ("charter_principle", MANAGE),
    "charter:principle_remove": ("charter_principle", POST_ONLY),
}


def _service(alice, project):
    from rapport.roadmap.services import create_service

    return create_service(by=alice, name="Start kit", outcome="You start in two weeks.")


def _customer_term(alice, project):
    from rapport.plainlanguage.models import GlossaryTerm
    from rapport.roadmap.services import set_customer_term

    term = GlossaryTerm.objects.get(term="go-live", language="en")
    return set_customer_term(project.customer, term, "launch weekend", by=alice)


def _assessment(alice, project):
    from rapport.readiness.barriers import STATEMENT_KEYS
    from rapport.readiness.services import record_assessment

    return record_assessment(dict.fromkeys(STATEMENT_KEYS, 3), by=alice)


def _glossary_term(alice, project):
    from rapport.plainlanguage.models import GlossaryTerm

    return GlossaryTerm.objects.get(term="baseline", language="en")


def _roadmap_item(alice, project):
    from rapport.roadmap.services.items import create_item

    item = create_item(project.customer, by=alice, title="Booking", outcome="You book online.")
    return (project.customer, item)


def _share_link(alice, project):
    from rapport.roadmap.services.sharing import create_share_link

    return (project.customer, create_share_link(project.customer, by=alice)[0])


def _customer_input(alice, project):
    from rapport.roadmap.services.sharing import add_customer_comment, create_share_link

    customer, item = _roadmap_item(alice, project)
    link = create_share_link(customer, by=alice)[0]
    return (customer, add_customer_comment(link, item.pk, "Good"))


def _charter_customer(alice, project):
    from rapport.charter.services import start_charter

    return start_charter(project.customer, by=alice).customer


def _charter_principle(alice, project):
    customer = _charter_customer(alice, project)
    return (customer, customer.charter.principles.first())


def _comment_topic(alice, project):
    from rapport.insights.models import CommentTopic

    return CommentTopic.objects.get(key="schedule")


def _mailbox_message(alice, project):
    from rapport.mailbox.models import MailboxMessage

    return MailboxMessage.objects.create(
        from_email="pmo@x.test", to="olivia@retail.test", subject="Review", text_body="Hello"
    )


def _import_job(user, project):
    from rapport.imports.models import ImportJob

    return ImportJob.objects.create(kind="customers", filename="c.csv", data=b"name\n", by=user)


def _export(name: str, fmt: str):
    from types import SimpleNamespace

    # The export URL takes the list's name and the format where other URLs take primary keys.
    return lambda user, project: (SimpleNamespace(pk=name), SimpleNamespace(pk=fmt))


def _own_report(alice, project):
    from rapport.reports.models import ReportRequest

    # Alice's own report: hers alone, so everyone else gets "not found" (the PDF is for her).
    return ReportRequest.objects.create(kind="project", subject_id=project.pk, requested_by=alice)


_OTHER_OBJECTS = {
    "comment_topic": _comment_topic,
    "import_job": _import_job,
    "export_projects": _export("projects", "xlsx"),
    "export_responses": _export("responses", "csv"),
    "export_audit": _export("audit", "csv"),
    "own_report": _own_report,
    "mailbox_message": _mailbox_message,
    "roadmap_item": _roadmap_item,
    "share_link": _share_link,
    "customer_input": _customer_input,
    "charter_customer": _charter_customer,
    "charter_principle": _charter_principle,
    "service": _service,
    "customer_term": _customer_term,
    "assessment": _assessment,
    "glossary_term": _glossary_term,
}


@pytest.fixture
def customer_objects(alice, project, other_project):
    """Rows under a customer, as (customer, row) tuples for nested URLs."""
    from rapport.customers import services
    from rapport.customers.models import ListeningQuestion
    from rapport.testing.factories import StakeholderFactory

    own, other = project.customer, other_project.customer
    person = StakeholderFactory(customer=own)
    stage = services.ensure_journey(own, by=alice)[0]
    return {
        "question": ListeningQuestion.objects.create(text="What matters most?", position=99),
        "own_stakeholder": (own, person),
        "own_stakeholder_project": (own, person, project),
        "own_project_stakeholder": (project, person),
        "person": project.project_manager,
        "own_session": (own, services.create_listening_session(own, by=alice, story="Fine.")),
        "own_private_session": (
            own,
            services.create_listening_session(own, by=alice, story="Hush.", is_private=True),
        ),
        "own_stage": (own, stage),
        "own_pain": (
            own,
            services.create_pain_point(own, by=alice, stage=stage, description="Slow intake."),
        ),
        "own_concern": (own, services.create_concern(own, by=alice, text="Too many forms.")),
        "other_concern": (other, services.create_concern(other, by=alice, text="Late again.")),
    }


# Public or framework pages, tested elsewhere.
NOT_CONSOLE = {"accounts", "admin", "api", "survey", "roadmap_public", "ops"}
# Single sign-on (django-allauth's URLs, without a namespace): accounts/tests/test_sso*.py.
NOT_CONSOLE_PREFIXES = {"sso/"}


def _feedback_objects(project, other_project) -> dict:
    from rapport.feedback.testing import smoke_objects

    return smoke_objects(project, other_project)


def _console_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                if str(p.pattern) in NOT_CONSOLE_PREFIXES:
                    continue
                walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name and namespace not in NOT_CONSOLE:
                names.add(f"{namespace}:{p.name}")

    walk(get_resolver().url_patterns, None)
    return names


def test_every_console_url_is_covered_by_this_test():
    covered = {name.split("#")[0] for name in EXPECTED}
    missing = _console_url_names() - covered
    assert not missing, f"add these URLs to EXPECTED: {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_status_per_role(client, users, project, other_project, customer_objects, name):
    target_key, expected = EXPECTED[name]
    objects = {
        "own_customer": project.customer,
        "other_customer": other_project.customer,
        "own_project": project,
        "other_project": other_project,
        **customer_objects,
        **_feedback_objects(project, other_project),
    }
    if target_key in _OTHER_OBJECTS:
        objects[target_key] = _OTHER_OBJECTS[target_key](users["alice"], project)
    url_name = name.split("#")[0]
    target = objects[target_key] if target_key else None
    args = (
        []
        if target is None
        else [o.pk for o in (target if isinstance(target, tuple) else (target,))]
    )
    url = reverse(url_name, args=args)
    for username, status in expected.items():
        client.force_login(users[username])
        response = client.get(url)
        assert response.status_code == status, f"{username} GET {url}"
    client.logout()
    assert client.get(url).status_code == 302, "anonymous users are sent to sign in"
