"""The ``rapport`` command: Django's management commands under Rapport's name.

``rapport migrate``, ``rapport shell -c …``, ``rapport demo-data``;
``rapport --help`` lists them all.
Hyphenated names are accepted for commands whose module uses underscores (``demo-data``).
"""

from __future__ import annotations

import os
import sys

# Names that cannot be Python module names, mapped to the command that implements them.
ALIASES = {"import": "import_data"}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rapport.settings")
    args[0] = "rapport"
    if len(args) == 1 or args[1] in {"--help", "-h"}:
        args[1:2] = ["help"]
    elif len(args) > 1 and not args[1].startswith("-"):
        args[1] = ALIASES.get(args[1], args[1].replace("-", "_"))

    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
