"""The projects import: problems in the file are reported by line and by the file's column."""

from __future__ import annotations

import pytest

from rapport.imports.reading import TableSource
from rapport.imports.services import run_import
from rapport.portfolio.models import Project

pytestmark = pytest.mark.django_db


def _check(tmp_path, text, commit=False):
    path = tmp_path / "projects.csv"
    path.write_text(text, encoding="utf-8")
    result = run_import("projects", TableSource.from_path(path), by=None, commit=commit)
    return result, [(e.line, e.column, e.reason) for e in result.errors]


def test_the_same_project_twice_is_refused_on_the_later_line(tmp_path):
    text = (
        "project,customer,complexity\n"
        "NEWP-3,Northwind,2\n"
        "NEWP-3,Northwind,4\n"
        "newp-3,Northwind,5\n"
        "OTHER,Northwind,1\n"
    )
    for commit in (False, True):
        _, errors = _check(tmp_path, text, commit=commit)
        assert errors == [
            (3, "project", "Line 2 already imports NEWP-3."),
            (4, "project", "Line 2 already imports newp-3."),
        ]
    assert not Project.objects.exists()
