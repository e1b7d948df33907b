"""Which kinds of import exist. Apps register theirs in their ``importers`` module::

from rapport.imports.registry import register

@register
class ProjectImporter(Importer):
    kind = "projects"
    ...
"""

from __future__ import annotations

from rapport.imports.framework import Importer

_IMPORTERS: dict[str, type[Importer]] = {}


def register(importer: type[Importer]) -> type[Importer]:
    if not importer.kind:
        raise ValueError(f"{importer.__name__} needs a kind.")
    existing = _IMPORTERS.get(importer.kind)
    if existing is not None and existing is not importer:
        raise ValueError(f"The import kind {importer.kind!r} is already registered.")
    _IMPORTERS[importer.kind] = importer
    return importer


def get_importer(kind: str) -> type[Importer]:
    try:
        return _IMPORTERS[kind]
    except KeyError:
        known = ", ".join(sorted(_IMPORTERS)) or "none"
        raise KeyError(f"Unknown import kind {kind!r}. Known kinds: {known}.") from None


def kinds() -> list[type[Importer]]:
    return [_IMPORTERS[k] for k in sorted(_IMPORTERS)]
