"""An article's page: fetched once under its lease, extracted, stored; retried if it failed.

`fetch_article` returns what it did, including whether the article's text is
now settled (extracted, or the feed's summary standing in); analysing it next
is tasks.py's business (queued in a worker, run in-process by `pollfeeds`).
What an answer means is polling.py's (`decide_page`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from newsfeed import analysing, leases, polling, requesting
from newsfeed.canonical import canonical_or_blank, is_http_url
from newsfeed.fetching import PAGE_ACCEPT
from newsfeed.models import Article
from newsfeed.polling import PageResult
from newsfeed.requesting import fit

if TYPE_CHECKING:  # extraction loads lxml
    from newsfeed.extraction import ExtractedPage

log = logging.getLogger(__name__)

# The page's state once an attempt settled it; other results leave it pending.
SETTLED_STATE = {
    PageResult.DONE: Article.FetchState.DONE,
    PageResult.FAILED: Article.FetchState.FAILED,
}


@dataclass
class FetchOutcome:
    article_id: int
    result: PageResult
    message: str = ""
    # The article's text is settled, or better than before: analyse it (again) now.
    text_ready: bool = False


def fetch_article(article_id: int, *, fetcher=None) -> FetchOutcome:
    """Fetch and extract a pending article's page, under its lease (should this worker
    die, the page is due again as soon as the lease lapses)."""
    now = timezone.now()
    with leases.held(
        leases.PAGE,
        {"pk": article_id},
        now=now,
        when=Q(fetch_state=Article.FetchState.PENDING),
        also={"next_fetch_at": now + leases.duration()},
    ) as lease:
        if lease is None:
            state = Article.objects.filter(pk=article_id).values_list("fetch_state", flat=True)
            result = PageResult.SKIPPED if state else PageResult.MISSING
            return FetchOutcome(article_id, result, "not pending or busy")
        try:
            return _fetch_claimed(article_id, fetcher or requesting.default_fetcher())
        except Exception as exc:
            log.exception("fetching article %s failed", article_id)
            return record_internal_error(article_id, exc, now)


def record_internal_error(article_id: int, exc: Exception, now: datetime) -> FetchOutcome:
    """Count the attempt as a transient failure: retried later, and it says why."""
    message = fit(Article, "fetch_error", f"internal error: {type(exc).__name__}: {exc}")
    article = Article.objects.select_related("feed").get(pk=article_id)
    intent = polling.page_failure(article.fetch_attempts, None, message, polling.TRANSIENT, now)
    return apply(article, intent, requested=None, now=now)


def _fetch_claimed(article_id: int, fetcher) -> FetchOutcome:
    # With its feed, which the fetch log records (a query of its own otherwise).
    article = Article.objects.select_related("feed").get(pk=article_id)
    requested = requesting.request(fetcher, article.url, accept=PAGE_ACCEPT)
    if requested.answer is None:
        Article.objects.filter(pk=article.pk).update(next_fetch_at=requested.deferred_until)
        return FetchOutcome(article_id, PageResult.DEFERRED, requested.deferred_because)
    now = timezone.now()
    intent = polling.decide_page(article.fetch_attempts, requested.answer, now, feed_given(article))
    return apply(article, intent, requested=requested, now=now)


def feed_given(article: Article) -> set[str]:
    """The metadata the feed entry gave that store_page keeps over the page's: the page
    is not searched for it."""
    given = {"author": bool(article.author), "published_at": article.published_at is not None}
    given["title"] = bool(article.title) and article.title != article.url
    return {name for name, have in given.items() if have}


def apply(
    article: Article,
    intent: polling.PageIntent,
    *,
    requested: requesting.Requested | None,
    now: datetime,
) -> FetchOutcome:
    """Write one attempt's intent, in one transaction."""
    changes: dict[str, Any] = dict(intent.changes)
    if intent.result in SETTLED_STATE:
        changes["fetch_state"] = SETTLED_STATE[intent.result]
    if intent.analyse:
        # Written with the change that settles the text, in its transaction: should the
        # worker die before analysis is queued, the sweep still finds it due.
        changes.update(analysis_due(now))
    with transaction.atomic():
        requesting.apply(
            replace(intent, changes=changes),
            Article.objects.filter(pk=article.pk),
            url=article.url,
            requested=requested,
            now=now,
            feed=article.feed,
            article=article,
        )
        if intent.page is not None:
            final_url = requested.answer.url if requested and requested.answer else ""
            store_page(article, intent.page, final_url=final_url or article.url)
    return FetchOutcome(article.pk, intent.result, intent.message, text_ready=intent.analyse)


def analysis_due(now: datetime) -> dict[str, Any]:
    return {
        "analysis_state": Article.AnalysisState.PENDING,
        "analysis_attempts": 0,
        "analysis_error": "",
        "analysis_next_at": now + analysing.requeue_after(),
    }


def store_page(article: Article, page: ExtractedPage, *, final_url: str) -> None:
    """Fill the article from its extracted page, honouring the page's canonical URL."""
    from newsfeed.sanitize import clean_html

    declared = page.canonical_url
    canonical = canonical_or_blank(declared, base=final_url) if declared else ""
    if not is_http_url(canonical):
        canonical = canonical_or_blank(final_url) if is_http_url(final_url) else article.url
    text = page.text.strip()
    changes: dict[str, Any] = {"text": text, "html": clean_html(page.html)}
    if page.language:
        changes["language"] = fit(Article, "language", str(page.language))
    if page.author and not article.author:
        changes["author"] = fit(Article, "author", str(page.author))
    if page.published_at and not article.published_at:
        changes["published_at"] = page.published_at
    if page.title and (not article.title or article.title == article.url):
        changes["title"] = fit(Article, "title", str(page.title))
    fingerprint = polling.content_fingerprint(text) if text else ""
    if fingerprint:
        changes["content_fingerprint"] = fingerprint

    other = (
        Article.objects.filter(Q(url=canonical) | Q(canonical_url=canonical))
        .exclude(pk=article.pk)
        .values_list("pk", "duplicate_of_id")
        .first()
    )
    if other:
        # Another article already is this page: this one is a copy of it.
        changes["duplicate_of_id"] = other[1] or other[0]
    elif not article.duplicate_of_id and fingerprint:
        original = Article.objects.original_of(
            fingerprint, feed_id=article.feed_id, exclude_pk=article.pk
        )
        if original and original < article.pk:
            changes["duplicate_of_id"] = original
    try:
        with transaction.atomic():
            Article.objects.filter(pk=article.pk).update(
                **changes, canonical_url=None if other else canonical
            )
    except IntegrityError:
        # A concurrent fetch claimed this canonical URL first: link to that article.
        winner = Article.objects.filter(canonical_url=canonical).values_list("pk", flat=True)
        changes["duplicate_of_id"] = winner.first()
        Article.objects.filter(pk=article.pk).update(**changes)
