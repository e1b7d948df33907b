"""The respondent's fast path: one query to find a link, markup prepared once per question set
and language, an answer in a handful of statements, a compressed page (docs/architecture.md)."""

from __future__ import annotations

import gzip
import re

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.test import Client, RequestFactory

from rapport.audit.models import AuditEntry
from rapport.feedback import services
from rapport.feedback.admin import QuestionInline
from rapport.feedback.models import Invitation, InvitationLink, Question, QuestionSet, Response
from rapport.feedback.services.links import _COLUMNS, _FIND, _LOCK, SurveyLink
from rapport.feedback.survey_markup import questions_of, survey_page
from rapport.feedback.tests.conftest import link_from

pytestmark = pytest.mark.django_db


def _token(message) -> str:
    return link_from(message).strip("/").split("/")[-1]


def test_find_link_reads_exactly_what_the_orm_reads(client, email_cycle, mailoutbox):
    path = link_from(mailoutbox[0])
    client.post(path, {"q_overall": "7", "q_make_it_ten": "More notice", "action": "save"})
    link = services.find_link(_token(mailoutbox[0]))
    orm = Invitation.objects.filter(pk=link.invitation_id).values_list(*_COLUMNS).get()
    assert link == SurveyLink(*orm)
    assert link.response_scores == {"overall": 7} and link.response_comment == "More notice"
    assert link.expires_at.tzinfo is not None and link.project_name == email_cycle.project.name


def test_find_link_refuses_unknown_revoked_and_oversized_tokens(email_cycle, mailoutbox):
    token = _token(mailoutbox[0])
    assert services.find_link(token) is not None
    assert services.find_link(token[:-2] + "xx") is None
    assert services.find_link("x" * 101) is None and services.find_link("") is None
    InvitationLink.objects.update(revoked=True)
    assert services.find_link(token) is None


def test_the_survey_get_is_one_query(client, email_cycle, mailoutbox, django_assert_num_queries):
    path = link_from(mailoutbox[0])
    client.get(path)  # the first page of a question set and language loads its questions once
    with django_assert_num_queries(1):
        assert client.get(path).status_code == 200
    french = next(m for m in mailoutbox if m.to[0] == "remi@retail.test")
    with django_assert_num_queries(1):  # another language: new markup, the same questions
        assert '<html lang="fr">' in client.get(link_from(french)).content.decode()


def test_an_answer_is_one_short_transaction_that_asks_for_one_recompute(
    client,
    email_cycle,
    mailoutbox,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    from rapport.insights.models import PendingRecompute

    olivia, remi = (link_from(m) for m in mailoutbox[:2])
    client.get(olivia)
    # The review's first answer also moves it to "responded": the lookup with its locks, the
    # response, the invitation, the review, one INSERT for both audit entries, the recompute
    # request (its UPDATE finds none pending, so it INSERTs), and the transaction's two
    # statements. The task is enqueued after the commit, once.
    with django_capture_on_commit_callbacks() as callbacks, django_assert_max_num_queries(9):
        assert client.post(olivia, {"q_overall": "8"}).status_code == 302
    assert len(callbacks) == 1
    # A later answer: the request is pending, one UPDATE lowers it; nothing more is enqueued.
    with django_capture_on_commit_callbacks() as callbacks, django_assert_max_num_queries(7):
        assert client.post(remi, {"q_overall": "6", "action": "save"}).status_code == 200
    assert callbacks == []
    pending = PendingRecompute.objects.get()
    assert (pending.project_id, pending.since) == (email_cycle.project_id, email_cycle.period)
    entries = AuditEntry.objects.filter(action__startswith="feedback.").order_by("pk")
    named = {e.action: e.object_repr for e in entries}
    cycle_name = f"{email_cycle.project.name} · {email_cycle.period}"
    assert named["feedback.cycle.responded"] == cycle_name
    assert named["feedback.response.submitted"] == f"Response · {cycle_name}"


def test_the_first_answer_moves_the_review_once(email_cycle):
    olivia, remi = email_cycle.invitations.all()
    services.submit_response(olivia, {"overall": 9})
    services.submit_response(remi, {"overall": 4})
    email_cycle.refresh_from_db()
    assert email_cycle.state == "responded"
    assert AuditEntry.objects.filter(action="feedback.cycle.responded").count() == 1


FILLED = {"title": "T", "note": "N", "csrf": "C", "message": "", "comment": ""}


def test_the_page_is_prepared_once_per_question_set_language_and_kind(
    email_cycle, django_assert_num_queries
):
    qs = email_cycle.question_set_id
    english = survey_page(qs, "en", anonymous=False)
    with django_assert_num_queries(0):
        assert survey_page(qs, "en", anonymous=False) is english
        assert survey_page(qs, "fr", anonymous=False) is not english
        assert len(questions_of(qs)) == 9  # eight scales and the open question
    saveable = english.fill(FILLED, {})
    once = survey_page(qs, "en", anonymous=True).fill(FILLED, {})
    assert 'value="save"' in saveable and 'value="save"' not in once
    with pytest.raises(ValueError, match="variant"):
        survey_page(qs, "en", anonymous=False, variant="other")


def test_each_request_fills_in_its_own_values(email_cycle):
    page = survey_page(email_cycle.question_set_id, "en", anonymous=False, variant="error")
    values = {**FILLED, "title": "Review of A&amp;B", "csrf": "tok3n", "message": "Fix this"}
    html = page.fill({**values, "comment": "&lt;b&gt;fix it&lt;/b&gt;"}, {"overall": 7})
    assert html.count("<title>Review of A&amp;B</title>") == 1 and "<h1>Review of A&amp;B</h1>"
    assert 'name="csrfmiddlewaretoken" value="tok3n"' in html
    assert 'role="alert" id="form-error">Fix this</p>' in html
    assert html.count(" checked") == 1 and 'name="q_overall" value="7" checked' in html
    assert "&lt;b&gt;fix it&lt;/b&gt;</textarea>" in html
    blank = survey_page(email_cycle.question_set_id, "en", anonymous=False).fill(FILLED, {})
    assert " checked" not in blank and "\ue000" not in blank and "form-error" not in blank


def test_customer_text_in_the_survey_page_is_escaped(client, email_cycle, mailoutbox):
    email_cycle.project.name = "<i>Roll-out</i>"
    email_cycle.project.save()
    path = link_from(mailoutbox[0])
    client.post(path, {"q_make_it_ten": "<script>x()</script>", "action": "save"})
    html = client.get(path).content.decode()
    assert "<i>Roll-out" not in html and "&lt;i&gt;Roll-out&lt;/i&gt;" in html
    assert "<script>" not in html and "&lt;script&gt;x()&lt;/script&gt;</textarea>" in html


def test_saving_a_question_forgets_the_prepared_page(email_cycle):
    draft = QuestionSet.objects.create(key="draft", version=1, title="Draft")
    Question.objects.create(question_set=draft, code="overall", texts={"en": {"text": "Old?"}})
    assert "Old?" in survey_page(draft.pk, "en", anonymous=False).fill(FILLED, {})
    Question.objects.filter(question_set=draft).get().delete()
    Question.objects.create(question_set=draft, code="overall", texts={"en": {"text": "New?"}})
    html = survey_page(draft.pk, "en", anonymous=False).fill(FILLED, {})
    assert "New?" in html and "Old?" not in html


def test_the_admin_shows_the_questions_of_a_used_set_read_only(alice, email_cycle):
    alice.is_staff = alice.is_superuser = True
    request = RequestFactory().get("/admin/")
    request.user = alice
    inline = QuestionInline(QuestionSet, site)
    used = email_cycle.question_set
    unused = QuestionSet.objects.create(key="draft", version=1, title="Draft")
    assert not inline.has_change_permission(request, used)
    assert not inline.has_add_permission(request, used)
    assert not inline.has_delete_permission(request, used)
    assert inline.has_change_permission(request, unused)


def test_the_survey_page_is_compressed_and_its_csrf_token_differs_every_time(
    email_cycle, mailoutbox
):
    browser = Client(enforce_csrf_checks=True)
    path = link_from(mailoutbox[0])
    tokens = []
    for _ in range(2):
        page = browser.get(path, headers={"accept-encoding": "gzip"})
        assert page["Content-Encoding"] == "gzip" and "Accept-Encoding" in page["Vary"]
        html = gzip.decompress(page.content).decode()
        assert len(page.content) * 3 < len(html)
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1))
    # BREACH needs a secret repeated byte for byte across responses; Django masks the CSRF
    # token afresh in each one.
    assert tokens[0] != tokens[1]
    token = browser.cookies["csrftoken"].value
    answer = {"q_overall": "9", "csrfmiddlewaretoken": tokens[1]}
    assert browser.post(path, answer).status_code == 302
    assert Response.objects.get().overall == 9 and token


def test_an_answer_locks_the_invitation_and_the_review_on_postgresql(email_cycle, mailoutbox):
    services.find_link(_token(mailoutbox[0]))
    services.submit_survey(_token(mailoutbox[0]), {"overall": "5"}, complete=True)
    find_sql = _FIND._compiled["default"][0]
    lock_sql = _LOCK._compiled["default"][0]
    assert "FOR " not in find_sql  # a GET takes no lock
    if connection.vendor == "postgresql":
        assert lock_sql.endswith(
            'FOR NO KEY UPDATE OF "feedback_invitation", "feedback_reviewcycle"'
        )
    else:  # SQLite: the write transaction (BEGIN IMMEDIATE) holds the whole database
        assert lock_sql == find_sql


def _stored(pk) -> dict:
    """The row as the database holds it (every column, as the database driver returns it)."""
    table = connection.ops.quote_name(Response._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT * FROM {table} WHERE id = %s",  # noqa: S608
            [Response._meta.pk.get_db_prep_value(pk, connection)],
        )
        names = [c[0] for c in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


def test_prepared_writes_store_what_save_stores(email_cycle):
    """insert_row and update_row write the same columns and values as Model.save."""
    import datetime as dt
    import uuid

    from django.utils import timezone

    from rapport.feedback.services.prepared import insert_row, update_row

    olivia, remi = email_cycle.invitations.all()
    now = timezone.now()

    def answer(invitation, **extra) -> Response:
        return Response(
            id=uuid.uuid4(),
            cycle=email_cycle,
            project_id=email_cycle.project_id,
            period=email_cycle.period,
            source="survey",
            confidentiality="attributed",
            question_set_id=email_cycle.question_set_id,
            invitation=invitation,
            stakeholder_id=invitation.stakeholder_id,
            language="fr",
            scores={"overall": 7, "make_it_ten": 3},
            overall=7,
            comment="Plus tôt, s'il vous plaît — <b>",
            submitted_on=now.date(),
            submitted_at=now,
            **extra,
        )

    saved, prepared = answer(olivia), answer(remi)
    saved.save(force_insert=True)
    insert_row(prepared)
    assert not prepared._state.adding
    ignore = {"id", "invitation_id", "stakeholder_id"}
    first, second = _stored(saved.pk), _stored(prepared.pk)
    assert {k: v for k, v in first.items() if k not in ignore} == {
        k: v for k, v in second.items() if k not in ignore
    }
    later = now + dt.timedelta(days=1)
    for response in (saved, prepared):
        response.scores, response.overall, response.submitted_at = {"overall": 9}, 9, later
    saved.save(update_fields=["scores", "overall", "submitted_at"])
    assert update_row(prepared, ["scores", "overall", "submitted_at"]) == 1
    first, second = _stored(saved.pk), _stored(prepared.pk)
    assert {k: v for k, v in first.items() if k not in ignore} == {
        k: v for k, v in second.items() if k not in ignore
    }
    assert Response.objects.get(pk=prepared.pk).scores == {"overall": 9}
    with pytest.raises(FieldDoesNotExist):
        update_row(prepared, ["overal"])
