"""Error messages are tied to their fields: a screen reader hears the error with the field."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def _described_errors(html: str) -> list[tuple[str, str]]:
    """(field id, error text) for every invalid field whose description names its error."""
    found = []
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*aria-invalid=\"true\"[^>]*>", html):
        field_id = re.search(r'\bid="([^"]+)"', tag).group(1)
        described = re.search(r'aria-describedby="([^"]+)"', tag)
        assert described, f"{field_id} is invalid but describes nothing: {tag}"
        error_id = f"{field_id}_error"
        assert error_id in described.group(1).split(), (field_id, described.group(1))
        block = re.search(rf'<ul class="errorlist" id="{error_id}">(.*?)</ul>', html, re.S)
        assert block, f"no error list with id {error_id}"
        found.append((field_id, re.sub(r"<[^>]+>", "", block.group(1)).strip()))
    return found


@pytest.mark.parametrize("path", ["/customers/new/", "/projects/new/"])
def test_an_empty_form_ties_each_error_to_its_field(client, alice, path):
    client.force_login(alice)
    response = client.post(path, {"name": ""})  # bound, and the name left empty
    assert response.status_code == 200
    errors = dict(_described_errors(response.content.decode()))
    assert "id_name" in errors and errors["id_name"] == "This field is required."
