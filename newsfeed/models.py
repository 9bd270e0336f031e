"""Sources, feeds and articles. Nothing here knows about vendors or claims."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.db import models
from django.db.models import Q
from django.utils import timezone

DEFAULT_POLL_INTERVAL = timedelta(minutes=15)


class Source(models.Model):
    """An outlet (newspaper, trade site, press room). Editors set its reliability."""

    name = models.CharField(max_length=200)
    domain = models.CharField(
        max_length=253, unique=True, help_text="Host name without www, e.g. wccftech.com"
    )
    reliability = models.FloatField(
        default=0.7,
        help_text="0..1: how much a firm statement by this outlet is worth (wire services "
        "about 0.9, trade press 0.7-0.8, rumour sites lower).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reliability__gte=0) & Q(reliability__lte=1),
                name="source_reliability_0_1",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def domain_of(url: str) -> str:
        host = (urlsplit(url).hostname or "").lower()
        return host.removeprefix("www.")


class FeedQuerySet(models.QuerySet):
    def active(self) -> FeedQuerySet:
        return self.filter(is_active=True)

    def due_for_poll(self, now=None) -> FeedQuerySet:
        now = now or timezone.now()
        return self.active().filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))

    def unclaimed(self, now=None) -> FeedQuerySet:
        """Feeds no worker holds a live poll lease on."""
        now = now or timezone.now()
        return self.filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))

    def with_article_counts(self) -> FeedQuerySet:
        """Annotate per feed: article_count, fetched_count (page extracted),
        awaiting_analysis_count and analysis_failed_count."""

        def count(**conditions: Any) -> models.Func:
            # Through FeedEntry: a story in two feeds counts in both.
            rows = (
                FeedEntry.objects.filter(feed=models.OuterRef("pk"), **conditions)
                .order_by()
                .values("feed")
                .annotate(n=models.Count("pk"))
                .values("n")
            )
            return models.functions.Coalesce(models.Subquery(rows), 0)

        return self.annotate(
            article_count=count(),
            fetched_count=count(article__fetch_state=Article.FetchState.DONE),
            awaiting_analysis_count=count(article__analysis_state=Article.AnalysisState.PENDING),
            analysis_failed_count=count(article__analysis_state=Article.AnalysisState.FAILED),
        )


class Feed(models.Model):
    class Status(models.TextChoices):
        OK = "ok", "OK"
        ERROR = "error", "Failing"
        GONE = "gone", "Gone"
        INACTIVE = "inactive", "Inactive"

    url = models.URLField(max_length=2000, unique=True)
    title = models.CharField(max_length=500, blank=True)
    site_url = models.URLField(max_length=2000, blank=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="feeds"
    )
    is_active = models.BooleanField(default=True)
    gone_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when the server answered 410 Gone."
    )
    poll_interval = models.DurationField(default=DEFAULT_POLL_INTERVAL)
    etag = models.CharField(max_length=1000, blank=True)
    last_modified = models.CharField(max_length=200, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    next_poll_at = models.DateTimeField(null=True, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    last_status = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="HTTP status of the last answer (none for refusals)."
    )
    parse_problem = models.TextField(
        blank=True, help_text="What the parser disliked in the last document it read (bozo)."
    )
    # A permanent redirect is adopted only once seen on consecutive polls
    # (a one-off 301 can be a mistake on the publisher's side).
    redirect_url = models.URLField(max_length=2000, blank=True)
    redirect_count = models.PositiveSmallIntegerField(default=0)
    # The poll lease: a worker sets it with a conditional UPDATE and goes on
    # only when that UPDATE changed one row, so two workers never poll a feed
    # at once. A crashed worker's lease simply expires.
    claimed_until = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FeedQuerySet.as_manager()

    class Meta:
        ordering = ["title", "url"]
        indexes = [
            # poll_due_feeds scans active feeds by next poll time every minute.
            models.Index(fields=["is_active", "next_poll_at"], name="feed_due_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.url

    @property
    def status(self) -> str:
        if self.gone_at:
            return self.Status.GONE
        if not self.is_active:
            return self.Status.INACTIVE
        if self.error_count:
            return self.Status.ERROR
        return self.Status.OK


class Host(models.Model):
    """A server, for politeness: one request at a time, and a 429 pauses every feed on it.

    `name` is the host name, with the port when it is not the scheme's default.
    The lease (`claimed_until`/`claim_token`) lives in the database so it holds
    across worker processes and machines, on SQLite and PostgreSQL alike.
    """

    name = models.CharField(max_length=300, unique=True)
    paused_until = models.DateTimeField(null=True, blank=True)
    pause_reason = models.TextField(blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    last_request_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def name_for(url: str) -> str:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        try:
            port = parts.port
        except ValueError:
            port = None
        default = {"http": 80, "https": 443}.get(parts.scheme.lower())
        return f"{host}:{port}" if port and port != default else host

    def is_paused(self, now=None) -> bool:
        return bool(self.paused_until and self.paused_until > (now or timezone.now()))


class ArticleQuerySet(models.QuerySet):
    def latest_first(self) -> ArticleQuerySet:
        return self.order_by(models.F("published_at").desc(nulls_last=True), "-pk")

    def originals(self) -> ArticleQuerySet:
        """Articles that are not syndicated copies of another one."""
        return self.filter(duplicate_of__isnull=True)

    def original_of(
        self, fingerprint: str, *, feed_id: int | None, exclude_pk: int | None = None
    ) -> int | None:
        """The earliest article from another feed with this fingerprint (its original, if
        a copy), by id; None when there is none."""
        if not fingerprint:
            return None
        candidates = self.filter(content_fingerprint=fingerprint)
        if feed_id is not None:
            candidates = candidates.exclude(feed_id=feed_id)
        if exclude_pk is not None:
            candidates = candidates.exclude(pk=exclude_pk)
        match = candidates.order_by("pk").only("pk", "duplicate_of_id").first()
        if match is None:
            return None
        return match.duplicate_of_id or match.pk

    def known_id(self, url: str) -> int | None:
        """The article that is this URL (as its URL or its canonical URL), by id."""
        return self.filter(Q(url=url) | Q(canonical_url=url)).values_list("pk", flat=True).first()

    def due_for_fetch(self, now=None) -> ArticleQuerySet:
        """Pages waiting for a (first or retried) fetch whose time has come, unclaimed."""
        now = now or timezone.now()
        return self.filter(
            fetch_state=Article.FetchState.PENDING,
            next_fetch_at__lte=now,
        ).filter(Q(fetch_claimed_until__isnull=True) | Q(fetch_claimed_until__lte=now))

    def due_for_analysis(self, now=None) -> ArticleQuerySet:
        """Analyses waiting (new text, a retry, or one a crash or a lost message left
        behind) whose time has come, that no worker holds a live lease on."""
        now = now or timezone.now()
        return self.filter(
            analysis_state=Article.AnalysisState.PENDING,
            analysis_next_at__lte=now,
        ).filter(Q(analysis_claimed_until__isnull=True) | Q(analysis_claimed_until__lte=now))


class Article(models.Model):
    class FetchState(models.TextChoices):
        PENDING = "pending", "Waiting for its page"
        DONE = "done", "Page extracted"
        FAILED = "failed", "Page failed (feed summary kept)"
        SKIPPED = "skipped", "Not fetched (syndicated copy)"

    class AnalysisState(models.TextChoices):
        # The text is not settled yet (page still to fetch): nothing to analyse.
        WAITING = "waiting", "Waiting for its text"
        PENDING = "pending", "Awaiting analysis"
        DONE = "done", "Analysed"
        FAILED = "failed", "Analysis failed"
        SKIPPED = "skipped", "Not analysed (syndicated copy)"

    feed = models.ForeignKey(
        Feed, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    url = models.URLField(max_length=2000, unique=True)
    entry_id = models.CharField(
        max_length=2000, blank=True, help_text="The feed entry's guid/id, when it has one."
    )
    title = models.CharField(max_length=1000)
    author = models.CharField(max_length=500, blank=True)
    summary = models.TextField(blank=True, help_text="The feed's own summary (plain text).")
    text = models.TextField(blank=True, help_text="Extracted main text of the page.")
    language = models.CharField(max_length=20, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    html = models.TextField(blank=True, help_text="The page's main content, sanitised (nh3).")
    canonical_url = models.URLField(
        max_length=2000,
        null=True,
        blank=True,
        unique=True,
        help_text="The page's own canonical URL (rel=canonical), normalised.",
    )
    content_fingerprint = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        help_text="Hash of the normalised text: equal for syndicated copies of one story.",
    )
    # Page fetch state lives here, not in Celery countdowns, so retries
    # survive restarts and a page is never fetched again once done.
    fetch_state = models.CharField(
        max_length=10, choices=FetchState.choices, default=FetchState.DONE
    )
    fetch_attempts = models.PositiveSmallIntegerField(default=0)
    next_fetch_at = models.DateTimeField(null=True, blank=True)
    fetch_error = models.TextField(blank=True)
    fetch_claimed_until = models.DateTimeField(null=True, blank=True)
    fetch_claim_token = models.CharField(max_length=32, blank=True)
    # Analysis state, likewise in the database: a message lost with a broker
    # restart, a killed worker or a failed publish leaves the article pending,
    # and the beat's sweep queues it again; the analyser marks it done in the
    # same transaction as its results, so it is analysed exactly once.
    analysis_state = models.CharField(
        max_length=10, choices=AnalysisState.choices, default=AnalysisState.WAITING
    )
    analysis_attempts = models.PositiveSmallIntegerField(default=0)
    analysis_next_at = models.DateTimeField(null=True, blank=True)
    analysis_error = models.TextField(blank=True)
    analyzed_at = models.DateTimeField(null=True, blank=True)
    analysis_claimed_until = models.DateTimeField(null=True, blank=True)
    analysis_claim_token = models.CharField(max_length=32, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        help_text="The original story this article syndicates.",
    )
    # Every feed that carried it (`feed` is the first): a story in two feeds
    # belongs to both, counts in both and shows under both.
    feeds = models.ManyToManyField(
        Feed, through="FeedEntry", related_name="carried_articles", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["feed", "entry_id"],
                condition=~Q(entry_id="") & Q(feed__isnull=False),
                name="article_unique_feed_entry",
            ),
        ]
        indexes = [
            models.Index(fields=["-published_at", "-id"], name="article_published_idx"),
            # poll_due_feeds sweeps pages whose (re)fetch is due.
            models.Index(fields=["fetch_state", "next_fetch_at"], name="article_fetch_due_idx"),
            # ... and analyses that are due; /feeds/ counts articles per state.
            models.Index(
                fields=["analysis_state", "analysis_next_at"], name="article_analysis_due_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding and self.feed_id:
            # Its first feed carried it (further feeds add their own entries).
            FeedEntry.objects.create(
                feed_id=self.feed_id, article=self, entry_id=self.entry_id, seen_at=self.created_at
            )

    @property
    def body(self) -> str:
        """The text to read and analyse: the page's, or the feed's summary as a fallback."""
        return self.text or self.summary


class FeedEntry(models.Model):
    """That a feed carried an article, under which entry id, since when."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="entries")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feed_entries")
    entry_id = models.CharField(max_length=2000, blank=True)
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["seen_at", "pk"]
        constraints = [
            # Also the index for "this feed's entries" (feed first).
            models.UniqueConstraint(fields=["feed", "article"], name="feed_entry_unique"),
        ]
        indexes = [
            # A poll looks up its feed's known entries by entry id.
            models.Index(fields=["feed", "entry_id"], name="feed_entry_id_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.feed_id} carried {self.article_id}"


class FetchLogQuerySet(models.QuerySet):
    def latest_first(self) -> FetchLogQuerySet:
        return self.order_by("-at", "-pk")


class FetchLog(models.Model):
    """One HTTP fetch (or refusal) of a feed or an article page: why a feed is failing."""

    class Outcome(models.TextChoices):
        OK = "ok", "Fetched"
        NOT_MODIFIED = "not_modified", "Not modified"
        PARSE_ERROR = "parse_error", "Not a feed"
        HTTP_ERROR = "http_error", "HTTP error"
        GONE = "gone", "Gone"
        RATE_LIMITED = "rate_limited", "Rate limited"
        REFUSED = "refused", "Refused"
        TOO_LARGE = "too_large", "Too large"
        TIMEOUT = "timeout", "Timed out"
        REDIRECT_ERROR = "redirect_error", "Redirect error"
        NETWORK_ERROR = "network_error", "Network error"
        EXTRACT_ERROR = "extract_error", "No main text"

    KEEP_PER_FEED = 50

    feed = models.ForeignKey(
        Feed, null=True, blank=True, on_delete=models.CASCADE, related_name="fetch_logs"
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="fetch_logs"
    )
    at = models.DateTimeField(default=timezone.now)
    url = models.URLField(max_length=2000)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    bytes = models.PositiveIntegerField(default=0)
    duration_ms = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    message = models.TextField(blank=True)

    objects = FetchLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(feed__isnull=False) | Q(article__isnull=False),
                name="fetchlog_of_feed_or_article",
            ),
        ]
        indexes = [
            # The admin shows a feed's (or page's) recent fetches, newest first.
            models.Index(fields=["feed", "-at"], name="fetchlog_feed_idx"),
            models.Index(fields=["article", "-at"], name="fetchlog_article_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_outcome_display()} {self.url}"

    @classmethod
    def prune(cls, feed_id: int, keep: int | None = None) -> int:
        """Delete all but the `keep` newest rows of a feed's own fetches."""
        keep = keep or cls.KEEP_PER_FEED
        stale = list(
            cls.objects.filter(feed_id=feed_id, article__isnull=True)
            .latest_first()
            .values_list("pk", flat=True)[keep : keep + 1000]
        )
        if not stale:
            return 0
        return cls.objects.filter(pk__in=stale).delete()[0]
