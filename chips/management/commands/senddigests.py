"""manage.py senddigests [--dry-run [--period current]]: build and send the digests that are due."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from chips.digests.sending import preview_current_digests, send_due_digests


class Command(BaseCommand):
    help = "Build and send the email digests that are due (each subscriber once per period)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Build and list the digests, but send nothing and record nothing.",
        )
        parser.add_argument(
            "--period",
            choices=["last", "current"],
            default="last",
            help="last: the last complete period, the one due (default); current: the period "
            "in progress so far, e.g. today's news on a first day (with --dry-run only)",
        )

    def handle(self, *args, dry_run: bool = False, period: str = "last", **options) -> None:
        if period == "current":
            if not dry_run:
                raise CommandError(
                    "--period current goes with --dry-run only: the period is not over, "
                    "so no digest can be sent for it yet"
                )
            report = preview_current_digests()
            label = "in progress"
        else:
            report = send_due_digests(dry_run=dry_run)
            label = "due"
        for outcome in report.outcomes:
            self.stdout.write(outcome.line())
        prefix = "dry run, nothing sent: " if dry_run else ""
        self.stdout.write(f"{prefix}{len(report.outcomes)} {label}: {report.summary()}")
        if report.count("failed"):
            self.stderr.write(f"{report.count('failed')} digest(s) failed; they are retried later.")
