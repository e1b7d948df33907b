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


@pytest.mark.parametrize(
    ("language", "day", "month"),
    [
        ("en", "9 December 2026", "December 2026"),
        ("fr", "9 décembre 2026", "décembre 2026"),
        ("de", "9. Dezember 2026", "Dezember 2026"),
        ("es", "9 de diciembre de 2026", "diciembre de 2026"),
        ("nl", "9 december 2026", "december 2026"),
        # Django's Italian and Portuguese month names carry a capital ("Dicembre"): not inside
        # a sentence.
        ("it", "9 dicembre 2026", "dicembre 2026"),
        ("pt", "9 de dezembro de 2026", "dezembro de 2026"),
    ],
)
def test_pages_write_a_day_and_a_month_in_words_as_their_language_does(language, day, month):
    from django.template import Context, Template

    page = Template(
        "{% load spelled_dates %}"
        "{{ d|day_in_words }} · {{ t|day_in_words }} · {{ d|month_in_words }}"
    )
    moment = dt.datetime(2026, 12, 9, 10, 30, tzinfo=dt.UTC)  # a datetime: its local day
    with translation.override(language):
        rendered = page.render(Context({"d": dt.date(2026, 12, 9), "t": moment}))
    assert rendered == f"{day} · {day} · {month}"
    assert Template("{% load spelled_dates %}{{ x|day_in_words }}").render(Context({})) == ""
