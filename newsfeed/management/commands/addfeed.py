from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from newsfeed.feeds import FeedError, add_feed


class Command(BaseCommand):
    help = "Add a feed by URL (it is fetched by the next poll, not now)."

    def add_arguments(self, parser):
        parser.add_argument("url")
        parser.add_argument("--title", default="")

    def handle(self, *args, url: str, title: str, **options) -> None:
        try:
            feed = add_feed(url, title=title)
        except FeedError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"added feed {feed.pk}: {feed.url}")
