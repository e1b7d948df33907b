"""Every word the console shows is marked for translation (docs/i18n.md): the text and read
attributes of every console template, and the strings modules hand to console pages (labels,
help texts, verbose names, choices, messages, form errors). `scripts/unmarked.py` lists them."""

from __future__ import annotations

import pytest

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
