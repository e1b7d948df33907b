"""Every word the console shows is marked for translation (docs/i18n.md): the text and read
attributes of every console template, and the strings modules hand to console pages (labels,
help texts, verbose names, choices, messages, form errors). `scripts/unmarked.py` lists them."""

from __future__ import annotations

from importlib import import_module

import pytest
from django import forms
from django.utils.functional import Promise

from rapport import catalogs


@pytest.mark.parametrize(
    "path", catalogs.console_templates(), ids=lambda p: str(p.relative_to(catalogs.SRC))
)
def test_console_template_has_no_unmarked_words(path):
    assert catalogs.unmarked(path) == []


@pytest.mark.parametrize(
    "path", catalogs.console_modules(), ids=lambda p: str(p.relative_to(catalogs.SRC))
)
def test_console_module_hands_no_unmarked_words_to_pages(path):
    assert catalogs.unmarked_python(path) == []


def _console_forms() -> list[type[forms.BaseForm]]:
    found = []
    for path in catalogs.console_modules():
        module = import_module(
            "rapport." + str(path.relative_to(catalogs.SRC).with_suffix("")).replace("/", ".")
        )
        found += [
            cls
            for cls in vars(module).values()
            if isinstance(cls, type)
            and issubclass(cls, forms.BaseForm)
            and cls.__module__ == module.__name__
        ]
    return found


def test_every_console_form_field_has_a_translated_label():
    """A field without a label takes one made from its name (or its model field's name),
    English in every language: each visible field says its label, marked."""
    unlabelled = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in _console_forms()
        for name, field in form.base_fields.items()
        if not isinstance(field.widget, forms.HiddenInput) and not isinstance(field.label, Promise)
    ]
    assert len(_console_forms()) > 20
    assert unlabelled == []


def test_the_checks_see_unmarked_words(tmp_path):
    template = tmp_path / "page.html"
    template.write_text(
        '{% load i18n %}<h1>{% translate "Marked" %}</h1>'
        '<p title="Loose title">Loose <b>{{ x }}</b> words</p>'
        "{% blocktranslate %}Also marked{% endblocktranslate %}{# a comment #}"
    )
    assert sorted(text for _line, text in catalogs.unmarked(template)) == [
        "Loose",
        "Loose title",
        "words",
    ]
    module = tmp_path / "forms.py"
    module.write_text(
        "from django import forms\nfrom django.utils.translation import gettext_lazy as _\n"
        "class F(forms.Form):\n    a = forms.CharField(label='Loose')\n"
        "    b = forms.CharField(label=_('Marked'))\n"
    )
    assert catalogs.unmarked_python(module) == [(4, "Loose")]
