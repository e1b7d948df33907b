"""Operations has no console page of its own: its name (the admin's) in French and German."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.utils.translation import override


@pytest.mark.parametrize(("language", "name"), [("fr", "Exploitation"), ("de", "Betrieb")])
def test_the_apps_name(language, name):
    with override(language):
        assert str(apps.get_app_config("ops").verbose_name) == name
    assert str(apps.get_app_config("ops").verbose_name) == "Operations"
