from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from newsfeed import ingest, tasks
from newsfeed.polling import PollResult
from newsfeed.problems import explain, shared_problem


class Command(BaseCommand):
    help = (
        "Poll feeds in-process (due ones by default), fetch each new article's page and hand "
        "it to analysis. One line per feed, then a summary line."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="every active feed, due or not")
        parser.add_argument("--feed", metavar="URL", help="only this feed (even if inactive)")

    def handle(self, *args, all: bool, feed: str | None, **options) -> None:
        if feed is not None:
            feed = feed.strip()
            if not feed:
                # An empty --feed (an unset shell variable) must not poll every feed.
                raise CommandError("--feed needs the URL of a feed (see `manage.py exportopml`)")
        feeds = ingest.feeds_to_poll(all_feeds=all, url=feed)
        if feed and not feeds:
            raise CommandError(f"no feed with URL {feed}")
        outcomes = []
        raw_errors = []
        for item in feeds:
            outcome = tasks.poll_feed_now(item.pk)
            outcome.url = outcome.url or item.url
            outcomes.append(outcome)
            raw_errors.append(outcome.message if outcome.result == PollResult.FAILED else "")
            if outcome.result == PollResult.FAILED:
                # In words ("name not found: …"), not the fetcher's "[Errno -2] …".
                outcome.message = explain(outcome.message).text
            self.stdout.write(outcome.line())
        failed_pages = [page for outcome in outcomes for page in outcome.failed_pages]
        for page in failed_pages:
            self.stdout.write(page.line())
        problem = shared_problem(raw_errors)
        if problem:
            self.stdout.write(problem)
        counts = ingest.summarise(outcomes)
        pages = f"{counts['pages']} pages fetched"
        if failed_pages:
            pages += f", {len(failed_pages)} failed: listed above"
        self.stdout.write(
            f"polled {counts['feeds']} feeds: {counts['new']} new, "
            f"{counts['unchanged']} unchanged, {counts['failed']} failed ({pages})"
        )
