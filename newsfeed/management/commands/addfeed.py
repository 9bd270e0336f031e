from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from newsfeed.feeds import FeedError, add_feed
from newsfeed.fetching import address_category


def local_address_note(url: str) -> str | None:
    """A hint when the feed is on this machine or a private network and such addresses
    are refused (the first poll would fail with "refused: private address")."""
    if settings.FETCH_ALLOW_PRIVATE:
        return None
    host = (urlsplit(url).hostname or "").rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        category = "loopback"
    else:
        try:
            category = address_category(ipaddress.ip_address(host))
        except ValueError:
            return None  # a name: what it resolves to is known only when polled
    if category not in ("loopback", "private", "shared (carrier-grade NAT)"):
        return None
    return (
        f"note: {host} is a {category} address, which is refused unless "
        "FETCH_ALLOW_PRIVATE=1 is set (e.g. FETCH_ALLOW_PRIVATE=1 make run)"
    )


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
        note = local_address_note(feed.url)
        if note:
            self.stdout.write(note)
