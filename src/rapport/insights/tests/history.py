"""Helpers for tests: write a history file and import it through the command, as a user would."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.core.management import call_command

SAMPLES = Path(__file__).resolve().parents[2] / "imports" / "samples"
RESPONSE_COLUMNS = ["project", "period", "respondent", "role", "mode", "overall", "comment"]


def write_csv(path: Path, header: list[str], rows: list[list]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def import_samples(tmp_path: Path, responses: Path | None = None) -> tuple[str, str]:
    run("import_data", "projects", str(SAMPLES / "projects.csv"), "--commit")
    return run("import_data", "responses", str(responses or SAMPLES / "responses.csv"), "--commit")


def sample_rows(until: str | None = None) -> tuple[list[str], list[list[str]]]:
    with (SAMPLES / "responses.csv").open(encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [r for r in reader if until is None or r[1] <= until]
    return header, rows
