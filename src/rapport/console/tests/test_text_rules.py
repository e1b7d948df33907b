"""Console forms follow ``rapport.text``: control characters refused with a clear message,
a length limit on every text field, said above each textarea before the person types."""

from __future__ import annotations

import pytest
from django import forms
from django.test import Client

from rapport.accounts.models import User
from rapport.console.forms import TextRules
from rapport.customers.models import Concern, Customer
from rapport.text import LINE_MAX, TEXT_MAX

pytestmark = pytest.mark.django_db


class _Form(TextRules, forms.Form):
    name = forms.CharField()
    notes = forms.CharField(widget=forms.Textarea, required=False)
    code = forms.CharField(max_length=12, required=False)


def test_control_characters_are_refused_and_tabs_allowed_only_on_several_lines() -> None:
    form = _Form({"name": "Retail\x07", "notes": "\tfirst\r\nsecond\x00"})
    assert not form.is_valid()
    assert "U+0007" in form.errors["name"][0]
    assert "U+0000 (NUL)" in form.errors["notes"][0]
    form = _Form({"name": "Re\ttail", "notes": "\tfirst\r\nsecond"})
    assert not form.is_valid() and "U+0009 (tab)" in form.errors["name"][0]
    assert _Form({"name": "Retail", "notes": "\tfirst\r\nsecond"}).is_valid()


@pytest.mark.parametrize(
    ("name", "char"),
    [
        ("Retail\u200bBanking", "U+200B (ZERO WIDTH SPACE)"),
        ("Acme \u202egnp.exe\u202c Ltd", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("Evil\u2066Corp", "U+2066 (LEFT-TO-RIGHT ISOLATE)"),
        ("One\u2028line", "U+2028 (LINE SEPARATOR)"),
        ("Retail\ufeff", "U+FEFF (ZERO WIDTH NO-BREAK SPACE)"),
    ],
)
def test_one_line_fields_refuse_characters_that_disguise_a_name(name: str, char: str) -> None:
    """A name that looks like another (an invisible space) or shows its text reordered (a
    direction override) is refused on one line; a comment may hold them."""
    form = _Form({"name": name, "notes": f"In a comment: {name}"})
    assert not form.is_valid()
    assert char in form.errors["name"][0] and "notes" not in form.errors


def test_names_keep_the_joiners_and_marks_their_script_needs() -> None:
    # A Persian name with a zero-width non-joiner; Hebrew with a right-to-left mark.
    assert _Form({"name": "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"}).is_valid()
    assert _Form({"name": "\u05e9\u05dc\u05d5\u05dd\u200f (IL)"}).is_valid()


def test_every_text_field_has_a_limit_shown_before_typing() -> None:
    form = _Form()
    assert form.fields["name"].max_length == LINE_MAX
    assert form.fields["code"].max_length == 12
    html = str(form["notes"])
    assert f'maxlength="{TEXT_MAX}"' in html
    assert f"Up to {TEXT_MAX:,} characters." in html
    assert 'aria-describedby="id_notes_limit"' in html and 'id="id_notes_limit"' in html
    too_long = _Form({"name": "x" * (LINE_MAX + 1), "notes": "x" * (TEXT_MAX + 1)})
    assert not too_long.is_valid() and set(too_long.errors) == {"name", "notes"}


def test_a_console_page_refuses_a_nul_and_writes_nothing(
    client: Client, alice: User, customer: Customer
) -> None:
    client.force_login(alice)
    url = f"/customers/{customer.pk}/concerns/new/"
    page = client.get(url).content.decode()
    assert f"Up to {TEXT_MAX:,} characters." in page
    response = client.post(url, {"heard_on": "2026-01-05", "text": "Slow\x00 bookings"})
    assert response.status_code == 200
    assert "U+0000 (NUL)" in response.content.decode()
    assert not Concern.objects.exists()
