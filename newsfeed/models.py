"""Sources, feeds and articles. Nothing here knows about vendors or claims."""

from __future__ import annotations

from datetime import timedelta
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

    def with_article_counts(self) -> FeedQuerySet:
        count = (
            Article.objects.filter(feed=models.OuterRef("pk"))
            .order_by()
            .values("feed")
            # Counting the foreign key itself lets the database answer from its index alone.
            .annotate(n=models.Count("feed"))
            .values("n")
        )
        return self.annotate(article_count=models.functions.Coalesce(models.Subquery(count), 0))


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


class ArticleQuerySet(models.QuerySet):
    def latest_first(self) -> ArticleQuerySet:
        return self.order_by(models.F("published_at").desc(nulls_last=True), "-pk")

    def originals(self) -> ArticleQuerySet:
        """Articles that are not syndicated copies of another one."""
        return self.filter(duplicate_of__isnull=True)


class Article(models.Model):
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
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        help_text="The original story this article syndicates.",
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
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def body(self) -> str:
        """The text to read and analyse: the page's, or the feed's summary as a fallback."""
        return self.text or self.summary
