"""Read the structure assistive technology relies on from a page's HTML, without a browser.

``problems(html)`` lists what a screen reader or keyboard user would miss: no language, not
exactly one ``h1``, navigation before the main region without a skip link, an id used twice,
a form control or button without a name, an SVG without an image role and a name, an empty
table header, an image without ``alt``. The browser tests (axe-core) check the rest.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip
UNNAMED_INPUTS = {"hidden", "submit", "button", "reset", "image"}
NAMED_BY = ("aria-label", "aria-labelledby", "title")


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None = None
    children: list[Element] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def all_text(self) -> str:
        return " ".join([*self.text, *(c.all_text() for c in self.children)]).strip()

    def inside(self, tag: str) -> Element | None:
        node = self.parent
        while node is not None and node.tag != tag:
            node = node.parent
        return node

    def hidden(self) -> bool:
        node: Element | None = self
        while node is not None:
            if node.attrs.get("aria-hidden") == "true":
                return True
            node = node.parent
        return False


class Tree(HTMLParser):
    """A forgiving element tree: enough to read names, roles and ids."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Element("#root", {})
        self.elements: list[Element] = []
        self._open = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, parent=self._open)
        self._open.children.append(element)
        self.elements.append(element)
        if tag not in VOID:
            self._open = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, parent=self._open)
        self._open.children.append(element)
        self.elements.append(element)

    def handle_endtag(self, tag: str) -> None:
        node: Element | None = self._open
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self._open = node.parent

    def handle_data(self, data: str) -> None:
        if data.strip():
            self._open.text.append(data.strip())


def problems(html: str) -> list[str]:
    """What a screen reader or a keyboard user would miss on this page, one line each."""
    tree = Tree()
    tree.feed(html)
    els = tree.elements
    found = []
    html_tag = next((e for e in els if e.tag == "html"), None)
    if html_tag is None or not html_tag.attrs.get("lang"):
        found.append("<html> has no lang")
    h1s = [e for e in els if e.tag == "h1"]
    if len(h1s) != 1:
        found.append(f"{len(h1s)} h1 elements")
    ids = Counter(e.attrs["id"] for e in els if e.attrs.get("id"))
    found += [f'id "{i}" is used {n} times' for i, n in ids.items() if n > 1]
    labelled = {e.attrs.get("for") for e in els if e.tag == "label"}
    order = {id(e): n for n, e in enumerate(els)}
    navs = [e for e in els if e.tag == "nav" and e.inside("main") is None]
    main = next((e for e in els if e.tag == "main"), None)
    if navs and main is not None and order[id(navs[0])] < order[id(main)]:
        first_link = next((e for e in els if e.tag == "a"), None)
        if first_link is None or first_link.attrs.get("href") != f"#{main.attrs.get('id')}":
            found.append("navigation before the main region without a skip link to it")
    for e in els:
        named = any(e.attrs.get(a, "").strip() for a in NAMED_BY)
        if e.tag in ("input", "select", "textarea"):
            if e.tag == "input" and e.attrs.get("type", "text") in UNNAMED_INPUTS:
                continue
            if not (named or e.attrs.get("id") in labelled or e.inside("label")):
                found.append(f"<{e.tag} name={e.attrs.get('name')!r}> has no label")
        elif e.tag == "button" and not (named or e.all_text()):
            found.append(f"<button> without a name: {e.attrs}")
        elif e.tag == "svg" and not e.hidden():
            title = any(c.tag == "title" and c.all_text() for c in e.children)
            if e.attrs.get("role") not in ("img", "group") or not (named or title):
                found.append(f"<svg class={e.attrs.get('class')!r}> has no image role and name")
        elif e.tag == "th" and not (named or e.all_text()):
            found.append("an empty table header")
        elif e.tag == "img" and "alt" not in e.attrs:
            found.append(f"<img src={e.attrs.get('src')!r}> has no alt")
    return found
