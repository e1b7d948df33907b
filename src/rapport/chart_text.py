"""The text alternative of a chart: a short summary and the data as a table.

Every chart Rapport draws (heatmap, funnel, trends, radar, journey, roadmap timeline,
sparklines) comes with one, built by a pure function next to the chart from the same data, so
a screen reader, a keyboard user or anyone who cannot tell the colours apart reads the same
figures. ``as_html`` renders it as a ``<details>`` element, closed on a page (opened on demand)
and open in a PDF; the same words go into both (docs/accessibility.md). Below every app.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext, pgettext_lazy

# A status is never told by colour alone: each has a letter (drawn in the chart) and a word, in
# the reader's language (the words are lazy: read them where the page is made).
STATUS_LETTER = {"G": "G", "AG": "A/G", "A": "A", "AR": "A/R", "R": "R", "": "–"}
STATUS_WORD: dict[str, str | Promise] = {
    "G": pgettext_lazy("status", "green"),
    "AG": pgettext_lazy("status", "amber/green"),
    "A": pgettext_lazy("status", "amber"),
    "AR": pgettext_lazy("status", "amber/red"),
    "R": pgettext_lazy("status", "red"),
    "": pgettext_lazy("status", "no data"),
}
DATA_LABEL = pgettext_lazy("chart", "Data behind this chart")


@dataclass(frozen=True)
class ChartText:
    """What a chart shows, in words: ``summary`` in one or two sentences, then a table."""

    summary: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""

    def as_html(self, *, open_: bool = False, label: str | Promise = DATA_LABEL) -> SafeString:
        """A ``<details>`` with the summary and the table; every value is escaped."""
        head = format_html_join("", '<th scope="col">{}</th>', ((h,) for h in self.headers))
        body = mark_safe(  # noqa: S308 - each cell is escaped by format_html
            "".join(
                "<tr>"
                + str(format_html('<th scope="row">{}</th>', row[0]))
                + "".join(str(format_html("<td>{}</td>", cell)) for cell in row[1:])
                + "</tr>"
                for row in self.rows
            )
        )
        caption = format_html("<caption>{}</caption>", self.caption) if self.caption else ""
        # A long table scrolls inside its box: the box takes the keyboard's focus, so it can be
        # scrolled without a mouse (WCAG 2.1.1). A named group, not a region: a page with many
        # charts would otherwise list many landmarks of the same name.
        table = (
            format_html(
                '<div class="table-wrap" role="group" tabindex="0" aria-label="{}">'
                '<table class="compact">{}<thead><tr>{}</tr></thead>'
                "<tbody>{}</tbody></table></div>",
                self.caption or label,
                caption,
                head,
                body,
            )
            if self.rows
            else ""
        )
        return format_html(
            '<details class="chart-data"{}><summary>{}</summary><p>{}</p>{}</details>',
            mark_safe(" open") if open_ else "",
            label,
            self.summary,
            table,
        )

    def plain(self) -> str:
        """The same words as plain text (for emails and logs): summary, then one line a row."""
        lines = [self.summary]
        if self.rows:
            lines.append(" | ".join(self.headers))
            lines.extend(" | ".join(row) for row in self.rows)
        return "\n".join(lines)


def count_words(counts: Sequence[tuple[str, int]]) -> str:
    """'3 green, 1 amber and 2 red' from (status, count) pairs; statuses with none are left out."""
    parts = [
        gettext("%(count)s %(status)s") % {"count": n, "status": STATUS_WORD.get(s, s)}
        for s, n in counts
        if n
    ]
    if not parts:
        return pgettext("statuses", "none")
    if len(parts) == 1:
        return parts[0]
    return gettext("%(list)s and %(last)s") % {"list": ", ".join(parts[:-1]), "last": parts[-1]}
