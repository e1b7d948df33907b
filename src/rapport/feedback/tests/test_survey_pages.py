"""The public survey pages: accessible markup, language, CSRF, and a fixed query count."""

from __future__ import annotations

import pytest
from django.test import Client

from rapport.feedback import services
from rapport.feedback.tests.conftest import link_from
from rapport.testing.factories import ProjectFactory, ProjectStakeholderFactory

pytestmark = pytest.mark.django_db


def test_survey_page_is_accessible_and_in_the_stakeholders_language(
    client, email_cycle, mailoutbox
):
    remi = next(m for m in mailoutbox if m.to[0] == "remi@retail.test")
    html = client.get(link_from(remi)).content.decode()
    assert '<html lang="fr">' in html
    assert "Qu’est-ce qui en ferait un 10 ?" in html
    assert html.count("<fieldset") == html.count("<legend>") == 8
    assert "Constamment médiocre" in html and 'name="csrfmiddlewaretoken"' in html
    assert 'name="viewport"' in html and 'for="q_make_it_ten"' in html


def test_survey_post_needs_the_csrf_token(email_cycle, mailoutbox):
    strict = Client(enforce_csrf_checks=True)
    path = link_from(mailoutbox[0])
    assert strict.post(path, {"q_overall": "9"}).status_code == 403
    page = strict.get(path)
    token = page.cookies["csrftoken"].value
    assert strict.post(path, {"q_overall": "9", "csrfmiddlewaretoken": token}).status_code == 302


def test_customer_text_is_escaped(client, email_cycle, mailoutbox, carol):
    path = link_from(mailoutbox[0])
    client.post(path, {"q_overall": "4", "q_make_it_ten": "<script>alert(1)</script>"})
    client.force_login(carol)
    page = client.get(f"/reviews/{email_cycle.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def _grow_portfolio(customer, n=15):
    for i in range(n):
        project = ProjectFactory(customer=customer, name=f"Filler {i}")
        for _ in range(3):
            ProjectStakeholderFactory(project=project)


@pytest.mark.parametrize("grow", [False, True])
def test_survey_get_and_post_run_a_fixed_number_of_queries(
    client, email_cycle, mailoutbox, django_assert_max_num_queries, grow
):
    if grow:
        _grow_portfolio(email_cycle.project.customer)
    path = link_from(mailoutbox[0])
    # The link in one query (plus its question set's questions, once per process).
    with django_assert_max_num_queries(2):
        assert client.get(path).status_code == 200
    # The review's first answer moves it to "responded" and asks for the project's recompute;
    # the next only updates the answer and the pending request (test_fast_path.py says which
    # statements).
    with django_assert_max_num_queries(9):
        assert client.post(path, {"q_overall": "7", "action": "save"}).status_code == 200
    with django_assert_max_num_queries(7):
        assert client.post(path, {"q_overall": "8"}).status_code == 302


def test_thank_you_page_says_what_happens_next(client):
    page = client.get("/s/thanks/en/").content.decode()
    assert "what you told us, what we will do, and by when" in page


def test_customer_confirms_an_action_fixed_their_issue(client, email_cycle, carol):
    import datetime as dt

    from rapport.feedback.emails import confirm_url

    action = services.add_action(
        email_cycle, by=carol, title="Weekly note", due=dt.date(2026, 4, 1)
    )
    path = confirm_url(action.pk).replace("http://testserver", "")
    assert client.get(path).status_code == 200
    action.refresh_from_db()
    assert action.customer_confirmed_at is None  # a GET records nothing
    client.post(path)
    action.refresh_from_db()
    assert action.customer_confirmed_at is not None
    tampered = path[:-3] + "xx/"
    assert client.post(tampered).status_code == 404
