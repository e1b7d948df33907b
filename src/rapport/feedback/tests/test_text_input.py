"""What a stakeholder writes on the public pages: kept as written, refused with a clear message
in their language when it holds a control character or is too long (and then nothing is saved),
and the limit is said on the page before they type. (The pulse's: ``test_pulse.py``.)"""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.formats import number_format
from django.utils.translation import override

from rapport.feedback.models import Invitation, Response
from rapport.feedback.tests.conftest import link_from
from rapport.text import COMMENT_MAX

pytestmark = pytest.mark.django_db


def _mail_to(mailoutbox: list, address: str):
    return next(m for m in mailoutbox if m.to[0] == address)


def test_the_survey_keeps_a_comment_exactly_as_written(client: Client, email_cycle, mailoutbox):
    path = link_from(mailoutbox[0])
    written = "\tIndented, as I wrote it.\r\n  - and a list\r\n"
    assert client.post(path, {"q_overall": "7", "q_make_it_ten": written}).status_code == 302
    assert Response.objects.get().comment == written


def test_a_blank_comment_is_no_comment(client: Client, email_cycle, mailoutbox):
    path = link_from(mailoutbox[0])
    assert client.post(path, {"q_overall": "7", "q_make_it_ten": " \r\n\t"}).status_code == 302
    assert Response.objects.get().comment == ""


def test_the_survey_says_the_limit_before_the_person_types(client: Client, email_cycle, mailoutbox):
    html = client.get(link_from(mailoutbox[0])).content.decode()
    assert f'maxlength="{COMMENT_MAX}"' in html
    assert f"Up to {COMMENT_MAX:,} characters." in html
    french = client.get(link_from(_mail_to(mailoutbox, "remi@retail.test"))).content.decode()
    with override("fr"):  # "4 000", grouped as French groups digits
        grouped = number_format(COMMENT_MAX, force_grouping=True)
    assert f"{grouped} caractères au plus." in french and grouped != str(COMMENT_MAX)


@pytest.mark.parametrize("bad", ["NUL\x00here", "bell\x07", "escape\x1b[31m", "del\x7f"])
def test_control_characters_are_refused_in_the_stakeholders_language(
    client: Client, email_cycle, mailoutbox, bad: str
):
    remi = link_from(_mail_to(mailoutbox, "remi@retail.test"))
    page = client.post(remi, {"q_overall": "7", "q_make_it_ten": bad})
    assert page.status_code == 400
    html = page.content.decode()
    assert "signe invisible" in html and "U+" in html
    assert Response.objects.count() == 0
    assert not Invitation.objects.filter(used=True).exists()


def test_a_comment_over_the_limit_is_refused_and_nothing_is_saved(
    client: Client, email_cycle, mailoutbox
):
    path = link_from(mailoutbox[0])
    page = client.post(path, {"q_overall": "7", "q_make_it_ten": "x" * (COMMENT_MAX + 1)})
    assert page.status_code == 400
    assert f"shorten it to {COMMENT_MAX} characters" in page.content.decode()
    assert Response.objects.count() == 0
    # A browser counts a line break as one character: CR LF at the limit is accepted.
    at_limit = ("x" * 99 + "\r\n") * (COMMENT_MAX // 100)
    assert client.post(path, {"q_overall": "7", "q_make_it_ten": at_limit}).status_code == 302
    assert Response.objects.get().comment == at_limit
