"""rapport recompute [--project ID]: health snapshots and alerts for every period, no look-ahead."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.insights.progress import TextProgress
from rapport.insights.services import recompute_health
from rapport.portfolio.models import Project


class Command(BaseCommand):
    help = (
        "Recompute health snapshots and alerts for every project and period (progress on stderr)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--project", type=int, action="append", help="Only this project id.")
        parser.add_argument("--quiet", action="store_true", help="No progress lines.")

    def handle(
        self, *args: Any, project: list[int] | None = None, quiet: bool = False, **options: Any
    ) -> None:
        if project:
            missing = set(project) - set(
                Project.objects.filter(pk__in=project).values_list("pk", flat=True)
            )
            if missing:
                raise CommandError(f"No project with id {', '.join(map(str, sorted(missing)))}.")
        summary = recompute_health(
            project, by="recompute", progress=None if quiet else TextProgress(self.stderr)
        )
        self.stdout.write(
            "{projects} projects, {periods} periods, {answers} answers: {snapshots} snapshots, "
            "{alerts_opened} new alerts in {seconds} s.".format(**summary)
        )
