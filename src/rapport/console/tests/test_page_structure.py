"""The structure assistive technology relies on, read from the HTML each console page sends.

Each role follows every link it is offered (one page per view, as the browser crawl does) and
each page must have: a language, one ``h1``, a skip link before its navigation, ids used once,
a name for every form control and button, a named image role on every SVG chart and a text in
every table header. This runs without a browser, so it guards the templates in every test run;
axe-core in Chromium (``test_accessibility_browser.py``) checks the rest (docs/accessibility.md).
"""

from __future__ import annotations

import pytest

from rapport.accounts.models import User
from rapport.chart_text import ChartText
from rapport.console.tests.conftest import DEMO_ROLES
from rapport.testing.a11y import crawl_pages
from rapport.testing.structure import Tree, problems

pytestmark = pytest.mark.django_db


def test_the_check_finds_what_it_looks_for():
    page = (
        '<!doctype html><html><body><nav><a href="/">Home</a></nav><main id="content">'
        '<h1>One</h1><h1>Two</h1><p id="x"></p><p id="x"></p><input name="q">'
        "<button></button><svg><rect/></svg><table><tr><th></th></tr></table></main></body></html>"
    )
    assert problems(page) == [
        "<html> has no lang",
        "2 h1 elements",
        'id "x" is used 2 times',
        "navigation before the main region without a skip link to it",
        "<input name='q'> has no label",
        "<button> without a name: {}",
        "<svg class=None> has no image role and name",
        "an empty table header",
    ]


def test_a_charts_data_table_is_a_named_group_the_keyboard_can_scroll():
    text = ChartText("Two rows.", ("Project", "Score"), (("Alpha", "7"), ("Beta", "8")))
    html = str(text.as_html())
    assert '<div class="table-wrap" role="group" tabindex="0" aria-label="Data behind' in html
    captioned = ChartText("One row.", ("Project", "Score"), (("Alpha", "7"),), caption="Scores")
    assert 'tabindex="0" aria-label="Scores"><table' in str(captioned.as_html())


def _links(html: str) -> list[str]:
    tree = Tree()
    tree.feed(html)
    return [e.attrs["href"] for e in tree.elements if e.tag == "a" and e.attrs.get("href")]


@pytest.mark.parametrize("email", DEMO_ROLES.values())
def test_every_console_page_a_role_reaches_has_names_and_structure(client, demo, email):
    client.force_login(User.objects.get(email=email))
    pages, found = 0, []
    for path, response in crawl_pages(client, _links):
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages += 1
        if "<html" not in html[:200]:  # an htmx fragment, checked inside its page
            continue
        found += [f"{path}: {p}" for p in problems(html)]
    assert pages >= 8
    assert found == [], "\n".join(found)
