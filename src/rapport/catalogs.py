"""The translation catalogs: which sources feed which catalog, and how to read them.

Catalogs, all in Django's ``django`` domain (docs/i18n.md):

- **respondent** (``locale/respondent/``): every word a customer stakeholder reads, on the
  public pages and in the emails. Complete in every language of
  ``settings.RESPONDENT_LANGUAGES``.
- **console** (``locale/console/``): the console's shared words (layout, navigation, roles,
  error pages), complete in ``CONSOLE_LANGUAGES``.
- **one per app** (``<app>/locale/``, Django's app catalogs): the words of that app's console
  pages, forms and messages, found without a list (every module and template of the app, except
  tests, migrations, management commands and the respondent sources), complete in
  ``CONSOLE_LANGUAGES`` as soon as the app marks a string.

Strings are extracted with Babel's Python extractor, templates first turned into Python by
Django's own ``templatize`` (what ``makemessages`` feeds GNU xgettext), so refreshing a catalog
and the test that it is complete need nothing beyond the Python packages.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.pofile import read_po

SRC = Path(__file__).resolve().parent
LOCALE = SRC / "locale"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
    "gettext_noop": None,
    "ngettext_noop": (1, 2),  # insights/wording.py: a plural pair marked, said later
}
# What the respondent catalog is made from: the modules holding the words of the public pages
# and of every email to a stakeholder.
RESPONDENT_SOURCES = (
    "feedback/words.py",
    "feedback/pulse/texts.py",
    "roadmap/texts.py",
    "roadmap/timeline.py",
    "roadmap/services/sharing.py",
    "feedback/services/said_did.py",
    "reports/texts.py",
    "roadmap/views/public.py",
    "templates/roadmap/public/base.html",
    "templates/roadmap/public/roadmap.html",
    "templates/roadmap/public/refused.html",
)

# What the shared console catalog is made from: the layout, the navigation, the home pages, the
# roles, the profile page, the language names the console's forms offer, the error pages and the
# includes every app uses. Each app's own pages have their own catalog (``app_sources``); the
# ``console`` app's words are all here (an app catalog of that name would be this one's).
CONSOLE_SOURCES = (
    "templates/base.html",
    "templates/403.html",
    "templates/404.html",
    "templates/includes/delivery_mix.html",
    "templates/includes/pagination.html",
    "chart_text.py",
    "text.py",
    # A refused filter's words: the console's export links say them too (``exports.filters``).
    "api/filters.py",
    "console/apps.py",
    "console/navigation.py",
    "console/shortcuts.py",
    "console/views.py",
    "console/templates/console/widgets/textarea.html",
    "templates/console/home_pm.html",
    "templates/console/home_pmo.html",
    "templates/console/home_sponsor.html",
    "accounts/models.py",
    "accounts/services.py",
    "accounts/views.py",
    "templates/accounts/profile.html",
    "customers/models.py",
)
CONSOLE_LANGUAGES = ("fr", "de", "es", "nl", "it", "pt")
# The apps whose console words have their own catalog (``<app>/locale/``), and the template
# folders that belong to each beside ``templates/<app>/`` and ``<app>/templates/``.
CONSOLE_APPS = (
    "accounts",
    "audit",
    "catalog",
    "charter",
    "console",
    "customers",
    "disclosure",
    "exports",
    "feedback",
    "gdpr",
    "imports",
    "insights",
    "mailbox",
    "ops",
    "plainlanguage",
    "portfolio",
    "readiness",
    "reports",
    "roadmap",
)
MORE_TEMPLATES = {"accounts": ("templates/account", "templates/socialaccount")}
# Modules of an app that speak to customers (their words belong to the respondent side, in every
# respondent language) rather than to the console.
NOT_CONSOLE: tuple[str, ...] = ()


def _messages(path: Path) -> Iterable[tuple[int, str | tuple[str, ...], list[str], str | None]]:
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        from django.utils.translation import templatize

        text = templatize(text, origin=str(path))
    return extract("python", io.BytesIO(text.encode("utf-8")), keywords=KEYWORDS)


def extract_catalog(paths: Iterable[Path]) -> Catalog:
    """A template catalog (no translations) of every marked string in ``paths``."""
    catalog = Catalog(project="Rapport", fuzzy=False)
    for path in paths:
        for lineno, message, comments, context in _messages(path):
            where = str(path.relative_to(SRC))
            catalog.add(
                message, locations=[(where, lineno)], auto_comments=comments, context=context
            )
    return catalog


def respondent_template() -> Catalog:
    return extract_catalog(SRC / name for name in RESPONDENT_SOURCES)


def console_template_sources() -> list[Path]:
    """The shared catalog's sources: ``CONSOLE_SOURCES`` and every file of the console app."""
    return [*(SRC / name for name in CONSOLE_SOURCES), *app_sources("console")]


def console_template() -> Catalog:
    return extract_catalog(console_template_sources())


def marked_in(path: Path) -> Iterable[object]:
    """The strings ``path`` marks for translation (a module, or a template)."""
    return (message for _line, message, _comments, _context in _messages(path))


def app_sources(app: str) -> list[Path]:
    """Every module and template of ``app`` whose words are the console's: all but tests,
    migrations, management commands and the files of the respondent and shared catalogs."""
    taken = {SRC / name for name in (*RESPONDENT_SOURCES, *CONSOLE_SOURCES, *NOT_CONSOLE)}
    skipped = {"tests", "migrations", "management", "locale"}
    root = SRC / app
    modules = sorted(
        path
        for path in root.rglob("*.py")
        if not skipped.intersection(path.relative_to(root).parts[:-1])
    )
    folders = [SRC / "templates" / app, root / "templates"]
    folders += [SRC / name for name in MORE_TEMPLATES.get(app, ())]
    # Text emails (``.txt``) are templates too: their words are the app's.
    templates = sorted(
        path
        for folder in folders
        for suffix in ("*.html", "*.txt")
        for path in folder.rglob(suffix)
    )
    return [path for path in (*modules, *templates) if path not in taken]


def app_template(app: str) -> Catalog:
    return extract_catalog(app_sources(app))


def console_catalogs() -> list[str]:
    """The shared console catalog, then every app that marks at least one console string."""
    return ["console"] + [
        app for app in CONSOLE_APPS if app != "console" and len(app_template(app))
    ]


def template(catalog: str) -> Catalog:
    """What ``catalog`` must hold: the strings its sources mark."""
    if catalog == "respondent":
        return respondent_template()
    if catalog == "console":
        return console_template()
    return app_template(catalog)


def po_path(catalog: str, language: str) -> Path:
    """``locale/<catalog>/<language>/LC_MESSAGES/django.po`` for the respondent and shared
    console catalogs, ``<app>/locale/<language>/LC_MESSAGES/django.po`` for an app's."""
    if catalog in ("respondent", "console"):
        return LOCALE / catalog / language / "LC_MESSAGES" / "django.po"
    return SRC / catalog / "locale" / language / "LC_MESSAGES" / "django.po"


def read(catalog: str, language: str) -> Catalog:
    with po_path(catalog, language).open("rb") as f:
        return read_po(f, locale=language)


def problems(catalog: Catalog) -> list[str]:
    """Every entry of ``catalog`` that is untranslated or fuzzy, as "msgid (why)"."""
    found = []
    for message in catalog:
        if not message.id:
            continue  # the header
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            found.append(f"{message.id!r} (untranslated)")
        elif message.fuzzy:
            found.append(f"{message.id!r} (fuzzy)")
    return found


# Attributes whose values people read (or hear): they must be marked like text.
READ_ATTRIBUTES = re.compile(
    r"""\b(?:title|alt|placeholder|aria-label|aria-description|aria-roledescription)\s*=\s*"""
    r"""("[^"]*"|'[^']*')""",
    re.IGNORECASE,
)
# Comments, and style sheets whole (nobody reads them), then any tag.
TAG = re.compile(r"<!--.*?-->|<style\b[^>]*>.*?</style\s*>|<[^>]*>", re.DOTALL | re.IGNORECASE)
ENTITY = re.compile(r"&#?\w+;")
WORD = re.compile(r"[^\W\d_]{2,}")
# Words that stay as they are in every language.
UNTRANSLATED_WORDS = frozenset({"Rapport", "PMO", "CSV", "PDF", "API", "JSON", "XLSX", "TOTP"})
HOLE = "\x00"


def unmarked(path: Path) -> list[tuple[int, str]]:
    """The words a reader sees in the template at ``path`` that are not marked for
    translation, as (line, text): text between tags and the values of ``title``, ``alt``,
    ``placeholder`` and ``aria-*`` labels, outside ``{% translate %}``, ``{% blocktranslate %}``
    and comments. Literal strings inside other tags (``default:"…"``) are not seen: write
    ``_("…")`` there."""
    from django.template.base import Lexer, TokenType

    pieces: list[tuple[int, str]] = []
    skipping = ""
    for token in Lexer(path.read_text(encoding="utf-8")).tokenize():
        words = token.contents.split()
        name = words[0] if words else ""
        if token.token_type == TokenType.BLOCK:
            if skipping and name == f"end{skipping}":
                skipping = ""
            elif not skipping and name in ("blocktranslate", "blocktrans", "comment", "verbatim"):
                skipping = name
            elif not skipping and words[:2] == ["block", "style"]:
                skipping = "block"  # a child's style sheet, inside its base's <style>
            pieces.append((token.lineno or 0, HOLE))
        elif token.token_type == TokenType.TEXT and not skipping:
            pieces.append((token.lineno or 0, token.contents))
        else:
            pieces.append((token.lineno or 0, HOLE))
    text = "".join(piece for _line, piece in pieces)
    found: list[tuple[int, str]] = []
    for tag in TAG.finditer(text):
        for value in READ_ATTRIBUTES.finditer(tag.group()):
            for part in value.group(1)[1:-1].split(HOLE):
                if any(w not in UNTRANSLATED_WORDS for w in WORD.findall(ENTITY.sub(" ", part))):
                    found.append((1 + text.count("\n", 0, tag.start()), part.strip()))
    # Tags become holes that keep their line breaks, so positions still tell the line.
    visible = TAG.sub(lambda m: HOLE + "\n" * m.group().count("\n"), text)
    position = 0
    for part in visible.split(HOLE):
        words = WORD.findall(ENTITY.sub(" ", part))
        if any(w not in UNTRANSLATED_WORDS for w in words):
            lead = len(part) - len(part.lstrip())
            found.append((1 + visible.count("\n", 0, position + lead), " ".join(part.split())))
        position += len(part) + 1
    return sorted(found)


def console_templates(app: str | None = None) -> list[Path]:
    """The console's templates: every app's (``app_sources``) and the shared catalog's, or one
    app's."""
    apps = [app] if app else list(CONSOLE_APPS)
    paths = [path for name in apps for path in app_sources(name) if path.suffix == ".html"]
    if app is None:
        paths += [SRC / name for name in CONSOLE_SOURCES if name.endswith(".html")]
    return paths


# Where a module hands words to a console page: keyword arguments of fields and forms, Django's
# messages, form errors. A plain string literal (or f-string) there is not marked.
READ_KEYWORDS = frozenset(
    {
        "label",
        "help_text",
        "help",
        "description",
        "verbose_name",
        "verbose_name_plural",
        "empty_label",
        "placeholder",
    }
)
MESSAGE_CALLS = frozenset({"success", "info", "warning", "error", "debug", "add_message"})
ERROR_CALLS = frozenset({"ValidationError", "add_error"})


def unmarked_python(path: Path) -> list[tuple[int, str]]:
    """The words in the module at ``path`` that reach a console page unmarked, as (line, text):
    string literals given as a field's or form's ``label``/``help_text``/``verbose_name``/…,
    to ``messages.success``/``info``/…, ``ValidationError`` or ``add_error``, and the labels of
    ``TextChoices``/``IntegerChoices`` members. A line marked ``# not translated`` is skipped."""
    import ast

    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    # A line that says "# not translated" keeps its words on purpose (a language's own name).
    kept = {n for n, line in enumerate(source.splitlines(), 1) if "# not translated" in line}
    found: list[tuple[int, str]] = []

    def check(node: ast.expr) -> None:
        if node.lineno in kept:
            return
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if WORD.search(node.value):
                found.append((node.lineno, node.value))
        elif isinstance(node, ast.JoinedStr):
            found.append((node.lineno, ast.unparse(node)))

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = (
                node.func.attr
                if isinstance(node.func, ast.Attribute)
                else node.func.id
                if isinstance(node.func, ast.Name)
                else ""
            )
            for keyword in node.keywords:
                if keyword.arg in READ_KEYWORDS:
                    check(keyword.value)
            if name in MESSAGE_CALLS and isinstance(node.func, ast.Attribute):
                owner = node.func.value
                if isinstance(owner, ast.Name) and owner.id == "messages" and len(node.args) > 1:
                    check(node.args[-1] if name != "add_message" else node.args[2])
            if name in ("ValidationError", "CellError") and node.args:
                check(node.args[0])
            if name == "column_error" and len(node.args) > 1:
                check(node.args[1])
            if name == "add_error" and len(node.args) > 1:
                check(node.args[1])
        elif isinstance(node, ast.ClassDef):
            bases = {ast.unparse(base).rsplit(".", 1)[-1] for base in node.bases}
            if bases & {"TextChoices", "IntegerChoices", "Choices"}:
                for item in node.body:
                    value = item.value if isinstance(item, ast.Assign) else None
                    if isinstance(value, ast.Tuple) and len(value.elts) > 1:
                        check(value.elts[-1])
    return sorted(found)


def console_modules(app: str | None = None) -> list[Path]:
    """The console's Python modules: every app's (``app_sources``) and the shared catalog's, or
    one app's."""
    apps = [app] if app else list(CONSOLE_APPS)
    paths = [path for name in apps for path in app_sources(name) if path.suffix == ".py"]
    if app is None:
        paths += [SRC / name for name in CONSOLE_SOURCES if name.endswith(".py")]
    # The JSON API speaks to programs: its field descriptions and errors stay English.
    return [path for path in paths if path.name not in ("api.py", "schemas.py")]
