"""A database that cannot write (disk full, locked) or cannot be reached: the respondent gets a
page in their language saying the answer was not saved (503 with Retry-After), never a bare 500,
and nothing is half-recorded."""

from __future__ import annotations

import contextlib

import pytest
from django.db import OperationalError, connection

from rapport.feedback.models import PulseResponse, Response
from rapport.feedback.tests.conftest import link_from
from rapport.feedback.tests.test_pulse import (  # noqa: F401 (fixtures)
    answers,
    offered,
    opened,
    people,
    pulse_path,
)

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def database_fails(message: str, *, statements=("INSERT", "UPDATE", "DELETE")):
    """Every statement of these kinds fails as SQLite or PostgreSQL would say it."""

    def refuse(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(statements):
            raise OperationalError(message)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse):
        yield


def test_a_full_disk_on_submit_says_not_saved_in_the_stakeholders_language(
    client, email_cycle, mailoutbox
):
    remi = next(m for m in mailoutbox if m.to[0] == "remi@retail.test")
    path = link_from(remi)
    with database_fails("database or disk is full"):
        page = client.post(path, {"q_overall": "9", "q_make_it_ten": "Plus de visites"})
    assert page.status_code == 503
    assert page["Retry-After"] == "120"
    assert "no-cache" in page["Cache-Control"]
    html = page.content.decode()
    assert '<html lang="fr">' in html
    assert "Vos réponses n’ont pas été enregistrées" in html
    assert Response.objects.count() == 0
    # A moment later the same link works and records the answer once.
    assert client.post(path, {"q_overall": "9"}).status_code == 302
    assert Response.objects.count() == 1


def test_a_locked_database_on_submit_says_not_saved(client, email_cycle, mailoutbox):
    olivia = next(m for m in mailoutbox if m.to[0] == "olivia@retail.test")
    with database_fails("database is locked"):
        page = client.post(link_from(olivia), {"q_overall": "7"})
    assert page.status_code == 503
    html = page.content.decode()
    assert "Your answers were not saved" in html and '<html lang="en">' in html
    assert "send them again in a few minutes" in html
    assert Response.objects.count() == 0


def test_a_database_that_cannot_be_read_gives_a_page_in_the_browsers_language(
    client, email_cycle, mailoutbox
):
    path = link_from(mailoutbox[0])
    with database_fails("could not connect to server", statements=("SELECT",)):
        page = client.get(path, headers={"accept-language": "fr-CA,fr;q=0.9,en;q=0.5"})
    assert page.status_code == 503 and page["Retry-After"] == "120"
    assert "Cette page n’est pas disponible pour le moment" in page.content.decode()


def test_the_pulse_page_degrades_the_same_way(client, opened, mailoutbox, offered):  # noqa: F811
    remi = next(m for m in mailoutbox if m.to[0] == "remi@retail.test")
    with database_fails("database or disk is full"):
        page = client.post(pulse_path(remi), answers(offered))
    assert page.status_code == 503
    assert "Vos réponses n’ont pas été enregistrées" in page.content.decode()
    assert PulseResponse.objects.count() == 0
