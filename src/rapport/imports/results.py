"""What an import reports: each row's outcome, its problems by line and column, and the counts
of a run (``framework.Importer.run`` returns an ``ImportResult``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        if self.line == 0:  # the file as a whole
            return self.reason
        if self.column:
            return _("line %(line)s, column %(column)s: %(reason)s") % {
                "line": self.line,
                "column": self.column,
                "reason": self.reason,
            }
        return _("line %(line)s: %(reason)s") % {"line": self.line, "reason": self.reason}


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class FileInfo:
    """What the audit entry says about the imported file."""

    name: str
    sha256: str


NOTES_KEPT = 50


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    # What the import does besides its rows, said before it is applied (a customer the projects
    # file creates, a project that changes customer): at most NOTES_KEPT, then a count.
    notes: list[str] = field(default_factory=list)
    notes_left_out: int = 0
    committed: bool = False
    check_seconds: float = 0.0
    write_seconds: float = 0.0  # how long the write transaction held the database

    def note(self, text: str) -> None:
        if len(self.notes) < NOTES_KEPT:
            self.notes.append(text)
        else:
            self.notes_left_out += 1

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
