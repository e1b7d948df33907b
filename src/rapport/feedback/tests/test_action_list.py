"""The corrective actions list: everything still to do across one's projects, the soonest due
first, changed in place; never ordered by owner."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rapport.feedback import services
from rapport.feedback.models import Action

pytestmark = pytest.mark.django_db
URL = "/reviews/actions/"


@pytest.fixture
def agreed(project, other_project, carol, dave, bob):
    """Two reviews' actions: carol's project (one late, one later, one done) and dave's."""
    today = timezone.localdate()
    mine = services.plan_cycle(project, "2026-03", by=carol, mode="meeting")
    issue = services.raise_issue(mine, by=carol, text="We hear about delays too late")
    late = services.add_action(
        mine,
        by=carol,
        title="Weekly delay note",
        due=today - dt.timedelta(days=3),
        issue=issue,
        owner=carol,
    )
    later = services.add_action(
        mine, by=carol, title="Delay page", due=today + dt.timedelta(days=20), owner=bob
    )
    done = services.add_action(
        mine, by=carol, title="Kick-off recap", due=today - dt.timedelta(days=30)
    )
    services.set_action_status(done, by=carol, status="done")
    theirs = services.plan_cycle(other_project, "2026-03", by=dave, mode="meeting")
    other = services.add_action(
        theirs, by=dave, title="Close-out checklist", due=today + dt.timedelta(days=5), owner=dave
    )
    return {"late": late, "later": later, "done": done, "other": other, "cycle": mine}


def _titles(html: str, *titles: str) -> list[str]:
    """The titles in the order the page shows them."""
    return sorted((t for t in titles if t in html), key=html.index)


ALL = ("Weekly delay note", "Delay page", "Kick-off recap", "Close-out checklist")


def test_the_pmo_sees_what_is_still_to_do_soonest_first(client, bob, agreed):
    client.force_login(bob)
    html = client.get(URL).content.decode()
    assert _titles(html, *ALL) == ["Weekly delay note", "Close-out checklist", "Delay page"]
    assert "3 days late" in html and "for: We hear about delays too late" in html
    assert f'href="/reviews/{agreed["cycle"].pk}/"' in html
    overdue = client.get(URL + "?show=overdue").content.decode()
    assert _titles(overdue, *ALL) == ["Weekly delay note"]
    finished = client.get(URL + "?show=done").content.decode()
    assert _titles(finished, *ALL) == ["Kick-off recap"]
    assert "/exports/actions.csv?status=done" in finished
    mine = client.get(URL + "?mine=on").content.decode()
    assert _titles(mine, *ALL) == ["Delay page"]  # bob owns one


def test_a_project_manager_sees_their_own_projects_and_a_sponsor_none(client, carol, erin, agreed):
    client.force_login(carol)
    html = client.get(URL).content.decode()
    assert _titles(html, *ALL) == ["Weekly delay note", "Delay page"]
    client.force_login(erin)
    assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302


def test_a_status_changed_on_the_list_comes_back_to_the_list(client, carol, agreed):
    client.force_login(carol)
    late = agreed["late"]
    back = URL + "?show=overdue"
    response = client.post(f"/reviews/actions/{late.pk}/status/", {"status": "done", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    late.refresh_from_db()
    assert late.status == "done" and late.issue.status == "addressed"
    assert "Nothing is overdue." in client.get(back).content.decode()
    # Another site's address is never followed: the review's page instead.
    elsewhere = client.post(
        f"/reviews/actions/{late.pk}/status/",
        {"status": "in_progress", "next": "https://evil.test/reviews/actions/"},
    )
    assert elsewhere["Location"] == f"/reviews/{late.cycle_id}/"


def test_empty_states_say_what_to_do(client, bob):
    client.force_login(bob)
    assert "Nothing left to do." in client.get(URL).content.decode()
    assert "No actions: Dropped." in client.get(URL + "?show=dropped").content.decode()
    # A filter the page does not know shows what is still to do.
    assert "Nothing left to do." in client.get(URL + "?show=bogus").content.decode()


def test_the_home_pages_count_the_late_actions(client, bob, carol, agreed):
    client.force_login(bob)
    html = client.get("/").content.decode()
    assert "1 / 3" in html and 'href="/reviews/actions/?show=overdue"' in html
    client.force_login(carol)
    html = client.get("/").content.decode()
    assert "1 / 2" in html and "corrective actions overdue" in html
    assert Action.objects.count() == 4
    # A closed project's actions still to do count, as the list shows them.
    other = agreed["other"].project
    other.state = "closed"
    other.save()
    client.force_login(bob)
    assert "1 / 3" in client.get("/").content.decode()
    assert "Close-out checklist" in client.get(URL).content.decode()


def test_the_project_page_counts_its_actions_and_links_to_them(client, carol, erin, agreed):
    project = agreed["late"].project
    client.force_login(carol)
    html = client.get(f"/projects/{project.pk}/").content.decode()
    link = f'href="/reviews/actions/?project={project.pk}"'
    assert link in html and "2 still to do" in html and "1 overdue" in html
    listed = client.get(f"{URL}?project={project.pk}").content.decode()
    assert _titles(listed, *ALL) == ["Weekly delay note", "Delay page"]
    assert f"/exports/actions.csv?project={project.pk}" in listed
    assert "Agreed with the customer of" in listed
    # Another project's id shows nothing of it; a sponsor's project page has no such line.
    other = agreed["other"].project
    assert _titles(client.get(f"{URL}?project={other.pk}").content.decode(), *ALL) == []
    client.force_login(erin)
    assert link not in client.get(f"/projects/{project.pk}/").content.decode()
