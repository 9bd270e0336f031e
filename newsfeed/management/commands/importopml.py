from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsfeed.feeds import OPMLError, import_outlines, read_opml


class Command(BaseCommand):
    help = "Add the feeds of an OPML file (nested folders included); known feeds are skipped."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror or exc}") from exc
        try:
            outlines = read_opml(data)
        except OPMLError as exc:
            raise CommandError(f"{file}: {exc}") from exc
        count = import_outlines(outlines)
        for url in count.invalid:
            self.stderr.write(f"skipped invalid URL: {url}")
        self.stdout.write(f"imported {file.name}: {count}")
