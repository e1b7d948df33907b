"""Dates read the same on every page: in English "9 December 2026", as the pledge, the
readiness check and the emails to stakeholders write them; French and German as their people
write them. Django's own English ("Dec. 9, 2026") showed on the project and review pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation
from django.utils.formats import date_format

from rapport.languages import local_date


@pytest.mark.parametrize(
    ("language", "written"),
    [("en", "9 December 2026"), ("fr", "9 décembre 2026"), ("de", "9. Dezember 2026")],
)
def test_a_date_is_written_as_the_language_writes_it(language, written):
    day = dt.date(2026, 12, 9)
    with translation.override(language):
        assert date_format(day) == written
    assert local_date(day, language) == written  # the respondent side says the same


@pytest.mark.django_db
def test_the_project_page_writes_its_dates_so(client, alice, project):
    project.start_date = dt.date(2026, 3, 9)
    project.save()
    client.force_login(alice)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "9 March 2026" in page and "March 9, 2026" not in page
