"""List the console's words that are not marked for translation yet (docs/i18n.md): in
templates, and in modules where a string reaches a page (labels, help texts, messages, form
errors, choices).

.venv/bin/python scripts/unmarked.py            # every console template
.venv/bin/python scripts/unmarked.py customers  # one app's
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from rapport import catalogs


def main(argv: list[str]) -> int:
    import django

    django.setup()
    total = 0
    for path in catalogs.console_templates(argv[0] if argv else None):
        for line, text in catalogs.unmarked(path):
            print(f"{path.relative_to(catalogs.SRC)}:{line}: {text}")
            total += 1
    for path in catalogs.console_modules(argv[0] if argv else None):
        for line, text in catalogs.unmarked_python(path):
            print(f"{path.relative_to(catalogs.SRC)}:{line}: {text}")
            total += 1
    print(f"{total} unmarked", file=sys.stderr)
    return 1 if total else 0


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rapport.settings")
    sys.exit(main(sys.argv[1:]))
