from __future__ import annotations

from django.core.management.base import BaseCommand

from newsfeed.feeds import export_opml


class Command(BaseCommand):
    help = "Write every feed as OPML 2.0 on stdout."

    def handle(self, *args, **options) -> None:
        for line in export_opml():
            self.stdout.write(line)
