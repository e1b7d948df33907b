"""Assessments, the pledge and the remedies that act (each audited), through services and pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from rapport.audit.models import AuditEntry
from rapport.customers.models import Channel, FeedbackCulture
from rapport.readiness import services
from rapport.readiness.barriers import STATEMENT_KEYS
from rapport.readiness.models import Assessment, Pledge
from rapport.readiness.texts import DEFAULT_PLEDGE

pytestmark = pytest.mark.django_db


def ratings(value: int = 2, **barriers: int) -> dict[str, int]:
    out = dict.fromkeys(STATEMENT_KEYS, value)
    for key, v in barriers.items():
        out.update({f"{key}.{i}": v for i in (1, 2, 3)})
    return out


def test_recording_an_assessment_validates_and_audits(alice):
    assessment = services.record_assessment(ratings(time=4), by=alice, taken_on=dt.date(2026, 5, 1))
    assert assessment.scores["time"] == 4
    assert AuditEntry.objects.filter(action="readiness.assessment.recorded", actor=alice).exists()
    with pytest.raises(ValidationError):
        services.record_assessment({"time.1": 3}, by=alice)
    assert Assessment.objects.count() == 1


def test_time_remedy_sets_a_quick_channel_and_is_audited(alice, customer):
    assert customer.preferred_channel == Channel.MEETING
    services.set_quick_channel(customer, Channel.CALL, by=alice)
    customer.refresh_from_db()
    assert customer.preferred_channel == Channel.CALL
    remedy = AuditEntry.objects.get(action="readiness.remedy.applied")
    assert remedy.changes["barrier"] == "time" and remedy.object_id == str(customer.pk)
    assert AuditEntry.objects.filter(action="customers.customer.updated").exists()


def test_time_remedy_refuses_a_meeting(alice, customer):
    with pytest.raises(ValidationError, match="15-minute call or the email survey"):
        services.set_quick_channel(customer, Channel.MEETING, by=alice)
    assert not AuditEntry.objects.filter(action="readiness.remedy.applied").exists()


def test_harmony_remedy_switches_the_customer_to_confidential(bob, customer):
    services.switch_to_confidential(customer, by=bob)
    customer.refresh_from_db()
    assert customer.feedback_culture == FeedbackCulture.CONFIDENTIAL
    remedy = AuditEntry.objects.get(action="readiness.remedy.applied")
    assert remedy.changes["barrier"] == "harmony" and remedy.actor == bob


def test_signing_the_pledge_makes_a_new_version_each_time(alice):
    first = services.sign_pledge(DEFAULT_PLEDGE, by=alice)
    second = services.sign_pledge("We never rank people.", by=alice)
    assert (first.version, second.version) == (1, 2)
    assert services.current_pledge() == second
    with pytest.raises(ValidationError):
        services.sign_pledge("  ", by=alice)
    assert Pledge.objects.count() == 2


# --- pages ---------------------------------------------------------------------------------------


def _form_data(value: int = 2, **barriers: int) -> dict[str, object]:
    data: dict[str, object] = {"taken_on": "2026-11-01", "note": "team"}
    for key, v in ratings(value, **barriers).items():
        data["s_" + key.replace(".", "_")] = v
    return data


def test_taking_the_assessment_shows_active_barriers_with_remedies(client, bob, customer):
    client.force_login(bob)
    response = client.post("/readiness/assessments/new/", _form_data(time=4, harmony=5))
    assessment = Assessment.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/readiness/assessments/{assessment.pk}/"
    )
    page = client.get(response["Location"]).content.decode()
    assert "Make it their default" in page and "Switch to confidential feedback" in page
    assert "Culture that values harmony" in page and "<svg" in page


def test_an_incomplete_assessment_shows_errors_and_saves_nothing(client, bob):
    client.force_login(bob)
    data = _form_data()
    del data["s_time_2"]
    page = client.post("/readiness/assessments/new/", data).content.decode()
    assert "This field is required." in page and not Assessment.objects.exists()


def test_remedy_pages_change_the_customer(client, bob, customer):
    client.force_login(bob)
    client.post("/readiness/remedies/channel/", {"customer": customer.pk, "channel": "email"})
    client.post("/readiness/remedies/confidential/", {"customer": customer.pk})
    customer.refresh_from_db()
    assert customer.preferred_channel == "email" and customer.feedback_culture == "confidential"


def test_remedy_pages_refuse_other_roles_and_bad_input(client, carol, erin, bob, customer):
    for user in (carol, erin):
        client.force_login(user)
        assert (
            client.post("/readiness/remedies/confidential/", {"customer": customer.pk}).status_code
            == 403
        )
    client.force_login(bob)
    client.post("/readiness/remedies/channel/", {"customer": customer.pk, "channel": "meeting"})
    customer.refresh_from_db()
    assert customer.preferred_channel == "meeting" and customer.feedback_culture == "attributed"


def test_history_shows_movement_between_assessments(client, alice):
    services.record_assessment(ratings(ranking=5), by=alice, taken_on=dt.date(2026, 3, 1))
    services.record_assessment(ratings(ranking=2), by=alice, taken_on=dt.date(2026, 9, 1))
    client.force_login(alice)
    page = client.get("/readiness/").content.decode()
    assert "Movement over time" in page and "Mar 2026" in page and "Sep 2026" in page
    assert "▼ -3.0" in page and 'class="spark"' in page


def test_the_pledge_is_signed_by_the_lead_and_read_by_everyone(client, users, alice):
    client.force_login(users["carol"])
    assert "not signed yet" in client.get("/pledge/").content.decode()
    assert client.post("/pledge/sign/", {"text": "x"}).status_code == 403
    client.force_login(alice)
    client.post("/pledge/sign/", {"text": DEFAULT_PLEDGE})
    for name in ("bob", "carol", "dave", "erin"):
        client.force_login(users[name])
        page = client.get("/pledge/").content.decode()
        assert "never use these scores to rank project managers" in page
        assert "Signed by <strong>Alice Lead</strong>" in page and "<textarea" not in page


def test_a_refused_pledge_comes_back_with_the_text_being_drafted(client, alice):
    from rapport.readiness.models import Pledge

    client.force_login(alice)
    draft = "We never rank <project managers> on these scores." * 105  # 5,145 characters
    page = client.post("/pledge/sign/", {"text": draft})
    assert page.status_code == 400
    html = page.content.decode()
    assert "The pledge needs a text (at most 5,000 characters)." in html
    assert "We never rank &lt;project managers&gt; on these scores." * 105 + "</textarea>" in html
    assert "at most 5000 characters (it has 5145)" in html
    assert not Pledge.objects.exists()


def test_pledge_text_is_escaped(client, alice, carol):
    services.sign_pledge("We never rank. <script>alert(1)</script>", by=alice)
    client.force_login(carol)
    page = client.get("/pledge/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_every_active_barrier_shows_its_remedy_and_inactive_ones_do_not(client, alice):
    from django.utils.html import escape

    from rapport.readiness.barriers import BARRIERS

    assessment = services.record_assessment(ratings(4, organization=1), by=alice)
    client.force_login(alice)
    page = client.get(f"/readiness/assessments/{assessment.pk}/").content.decode()
    for barrier in BARRIERS:
        shown = escape(str(barrier.remedy)) in page
        assert shown is (barrier.key != "organization"), barrier.key
    assert "The pledge is not signed yet." in page and 'href="/pledge/"' in page
