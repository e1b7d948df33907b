"""The customer roadmap link: signed, read-only, expiring, revocable; PMO accepts input."""

from __future__ import annotations

import re
import time

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.urls import reverse

from rapport.audit.models import AuditEntry
from rapport.roadmap.models import CustomerInput, InputStatus, RoadmapItem, ShareLink
from rapport.roadmap.services import sharing
from rapport.roadmap.services.items import create_item, update_item
from rapport.roadmap.texts import LINK_REFUSED

pytestmark = pytest.mark.django_db

PLAIN = "You book a branch visit in two clicks. No more calls to find a free slot."


@pytest.fixture
def item(customer, alice):
    item = create_item(
        customer,
        by=alice,
        title="Online booking",
        outcome=PLAIN,
        reach=120,
        pain_relief=3,
        confidence=0.7,
        effort=2,
    )
    update_item(item, by=alice, customer_comments="Internal: Olivia is lukewarm on this.")
    return item


@pytest.fixture
def shared(customer, alice, stakeholder, item):
    link, token = sharing.create_share_link(customer, by=alice, stakeholder=stakeholder)
    return link, reverse("roadmap_public:show", args=[token])


def test_the_link_is_signed_and_shows_the_roadmap_in_their_words_only(client, shared, item):
    link, url = shared
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Online booking" in html and PLAIN in html
    # No PMO-only fields: RICE inputs, internal comments, other customers' items. Matched as
    # whole words, so a random signed token or CSRF token holding "120" cannot fail the test.
    for hidden in ["RICE", "Internal: Olivia", "120", "0.70", "Reach", "Confidence"]:
        assert not re.search(rf"(?<![\w:.-]){re.escape(hidden)}(?![\w:.-])", html), hidden
    link.refresh_from_db()
    assert link.last_used_at is not None
    assert AuditEntry.objects.filter(action="roadmap.share_link.created").exists()


def test_a_tampered_link_is_refused_with_a_clear_page(client, shared):
    _link, url = shared
    bad = url[:-3] + ("x" if url[-3] != "x" else "y") + url[-2:]
    page = client.get(bad)
    assert page.status_code == 404
    assert str(LINK_REFUSED["tampered"]) in page.content.decode()
    forged = signing.TimestampSigner(salt="another").sign("guess")
    page = client.get(reverse("roadmap_public:show", args=[forged]))
    assert str(LINK_REFUSED["tampered"]) in page.content.decode()


def test_a_revoked_link_is_refused(client, shared, alice):
    link, url = shared
    sharing.revoke_share_link(link, by=alice)
    page = client.get(url)
    assert page.status_code == 410 and str(LINK_REFUSED["revoked"]) in page.content.decode()
    assert client.post(url, {"action": "comment", "item": 1, "text": "hi"}).status_code == 410
    assert not CustomerInput.objects.exists()
    assert AuditEntry.objects.filter(action="roadmap.share_link.revoked", actor=alice).exists()


def test_an_expired_link_is_refused(client, customer, alice, monkeypatch):
    real = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real() - 3 * 86400)
    _link, token = sharing.create_share_link(customer, by=alice, max_age_days=2)
    monkeypatch.setattr(signing.time, "time", real)
    page = client.get(reverse("roadmap_public:show", args=[token]))
    assert page.status_code == 410 and str(LINK_REFUSED["expired"]) in page.content.decode()


def test_the_customer_can_comment_and_mark_but_never_change_an_item(client, shared, item):
    link, url = shared
    before = RoadmapItem.objects.values().get(pk=item.pk)
    response = client.post(
        url,
        {
            "action": "comment",
            "item": item.pk,
            "text": "<script>alert(1)</script> Please hurry",
            "relief": "5",
            "pain_relief": "1",
            "title": "Hacked",
            "status": "done",
        },
    )
    assert response.status_code == 302
    client.post(url, {"action": "mark", "important": [item.pk]})
    client.post(url, {"action": "update", "title": "Hacked"})
    after = RoadmapItem.objects.values().get(pk=item.pk)
    assert before == after
    kinds = sorted(CustomerInput.objects.values_list("kind", flat=True))
    assert kinds == ["important", "relief"]
    relief = CustomerInput.objects.get(kind="relief")
    assert relief.relief == 5 and relief.stakeholder == link.stakeholder
    page = client.get(url).content.decode()
    assert "<script>alert(1)</script>" not in page


def test_at_most_three_items_can_be_marked_and_a_new_choice_replaces_the_old(
    customer, alice, shared
):
    link, _url = shared
    items = [create_item(customer, by=alice, title=f"Step {n}", outcome=PLAIN) for n in range(4)]
    with pytest.raises(ValidationError):
        sharing.mark_most_important(link, [i.pk for i in items])
    sharing.mark_most_important(link, [items[0].pk, items[1].pk])
    sharing.mark_most_important(link, [items[2].pk])
    marked = CustomerInput.objects.filter(kind="important").values_list("item_id", flat=True)
    assert list(marked) == [items[2].pk]


def test_an_item_of_another_customer_cannot_be_reached_through_the_link(
    other_customer, alice, shared
):
    link, _url = shared
    theirs = create_item(other_customer, by=alice, title="Theirs", outcome=PLAIN)
    with pytest.raises(ValidationError):
        sharing.add_customer_comment(link, theirs.pk, "Sneaky")


def test_pain_relief_changes_only_when_the_pmo_accepts(shared, item, alice, bob):
    link, _url = shared
    entry = sharing.add_customer_comment(link, item.pk, "It would help a lot.", relief=5)
    item.refresh_from_db()
    assert item.pain_relief == 3
    decision = sharing.accept_customer_input(entry, by=bob)
    item.refresh_from_db()
    assert item.pain_relief == 5 and decision.changed["pain_relief"] == [3, 5]
    entry.refresh_from_db()
    assert entry.status == InputStatus.ACCEPTED and entry.decided_by == bob
    assert AuditEntry.objects.filter(action="roadmap.customer_input.accepted", actor=bob).exists()
    with pytest.raises(ValidationError):
        sharing.accept_customer_input(entry, by=bob)
    other = sharing.add_customer_comment(link, item.pk, "", relief=1)
    sharing.dismiss_customer_input(other, by=alice)
    item.refresh_from_db()
    assert item.pain_relief == 5


def test_the_share_link_can_be_emailed_to_its_stakeholder(client, alice, customer, stakeholder):
    client.force_login(alice)
    client.post(
        reverse("roadmap:share_create", args=[customer.pk]),
        {"stakeholder": stakeholder.pk, "max_age_days": 30, "send_email": "on"},
    )
    link = ShareLink.objects.get()
    assert link.max_age_days == 30 and link.stakeholder == stakeholder
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [stakeholder.email]
    assert "/shared/roadmap/" in mail.outbox[0].body
    page = client.get(reverse("roadmap:customer_roadmap", args=[customer.pk])).content.decode()
    assert "/shared/roadmap/" in page, "the new link is shown once to the PMO"


def test_only_the_pmo_makes_or_revokes_links(client, carol, erin, customer, project):
    for user in (carol, erin):
        client.force_login(user)
        url = reverse("roadmap:share_create", args=[customer.pk])
        assert client.post(url, {"max_age_days": 30}).status_code == 403
    assert not ShareLink.objects.exists()


def test_a_comment_is_kept_as_written_and_bad_text_or_items_change_nothing(client, shared, item):
    link, url = shared
    page = client.get(url).content.decode()
    assert f'maxlength="{sharing.MAX_COMMENT}"' in page
    assert f"Up to {sharing.MAX_COMMENT:,} characters." in page
    for text, item_id in [
        ("Fine\x00", item.pk),
        ("x" * (sharing.MAX_COMMENT + 1), item.pk),
        ("Fine", "99999999999999999999"),
    ]:
        response = client.post(url, {"action": "comment", "item": item_id, "text": text})
        assert response.status_code < 500
        assert not CustomerInput.objects.exists()
    written = "\tAs I wrote it.\n"
    sharing.add_customer_comment(link, item.pk, written)
    assert CustomerInput.objects.get().text == written
