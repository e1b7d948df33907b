"""Each person reads the console in the language chosen on their profile page."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from rapport.accounts import services
from rapport.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_choosing_german_turns_the_console_german(alice):
    client = Client()
    client.force_login(alice)
    page = client.post("/accounts/profile/", {"action": "language", "language": "de"})
    assert page.status_code == 302
    alice.refresh_from_db()
    assert alice.language == "de"
    html = client.get("/accounts/profile/").content.decode()
    assert '<html lang="de">' in html
    assert "Kunden" in html and "Abmelden" in html and "Ihr Profil" in html
    assert AuditEntry.objects.filter(action="accounts.user.language_changed").count() == 1


def test_french_for_one_person_leaves_the_others_in_english(alice, bob):
    services.set_console_language(alice, "fr", by=alice)
    theirs, mine = Client(), Client()
    theirs.force_login(alice)
    mine.force_login(bob)
    assert "Se déconnecter" in theirs.get("/accounts/profile/").content.decode()
    html = mine.get("/accounts/profile/").content.decode()
    assert '<html lang="en">' in html and "Sign out" in html


def test_a_language_the_console_lacks_is_refused_and_changes_nothing(alice):
    with pytest.raises(ValidationError):
        services.set_console_language(alice, "ja", by=alice)
    alice.refresh_from_db()
    assert alice.language == "en"
    assert not AuditEntry.objects.filter(action="accounts.user.language_changed").exists()
