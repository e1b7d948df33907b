"""Rapport's icon: linked by every page family, and ``/favicon.ico`` leads to it."""

import pytest
from django.contrib.staticfiles import finders


def test_favicon_leads_to_rapports_own_icon_without_a_login(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("rapport/icon.svg")
    icon = finders.find("rapport/icon.svg")
    assert icon is not None
    with open(icon, encoding="utf-8") as f:
        assert f.read().startswith("<svg")


@pytest.mark.django_db
def test_the_sign_in_page_and_the_survey_pages_link_the_icon(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'rel="icon"' in page and "rapport/icon.svg" in page
    assert 'rel="icon"' in client.get("/s/thanks/en/").content.decode()
