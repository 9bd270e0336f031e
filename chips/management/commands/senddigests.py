"""manage.py senddigests [--dry-run]: build and send the digests that are due."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from chips.digests import send_due_digests


class Command(BaseCommand):
    help = "Build and send the email digests that are due (each subscriber once per period)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Build and list the digests, but send nothing and record nothing.",
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        report = send_due_digests(dry_run=dry_run)
        for outcome in report.outcomes:
            self.stdout.write(outcome.line())
        prefix = "dry run, nothing sent: " if dry_run else ""
        self.stdout.write(f"{prefix}{len(report.outcomes)} due: {report.summary()}")
        if report.count("failed"):
            self.stderr.write(f"{report.count('failed')} digest(s) failed; they are retried later.")
