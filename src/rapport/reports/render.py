"""HTML to PDF with WeasyPrint: one place that sets the document's metadata and PDF options.

Reports are HTML templates (``templates/reports/pdf/``) rendered with Django's auto-escaping,
so customer text stays text. Charts are the console's own SVG, embedded inline: vector in the
PDF. Fonts come from the system (fontconfig): DejaVu Sans covers the customer languages
(English, French, German, Spanish, Dutch); see docs/reports.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

# PDF/UA-1 asks for a tagged PDF (structure tree, reading order, language) that screen readers
# follow; WeasyPrint writes the tags itself from the HTML.
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}


def render_html(template: str, context: dict[str, Any]) -> str:
    return render_to_string(template, context)


def html_to_pdf(html: str, *, title: str, language: str, author: str = "Rapport") -> bytes:
    """The PDF of ``html`` with its title, language, author and creation date set."""
    from weasyprint import HTML  # imported here: loading WeasyPrint takes a moment

    document = HTML(string=html, base_url=None).render(**PDF_OPTIONS)
    meta = document.metadata
    meta.title = title
    meta.lang = language
    meta.authors = [author]
    meta.generator = "Rapport (WeasyPrint)"
    meta.created = timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    return document.write_pdf(**PDF_OPTIONS)


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Render ``template`` (which reads ``doc.title`` and ``doc.language``) to PDF bytes."""
    doc = context["doc"]
    return html_to_pdf(render_html(template, context), title=doc.title, language=doc.language)


def generated_on(today: dt.date | None = None) -> dt.date:
    return today or timezone.localdate()
