from django.contrib import admin, messages
from django.db import models
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from newsfeed.models import Article, Feed, FetchLog, Host, Source

# Editors type URLs without a scheme; assume https (Django 6's default) and say so now.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "reliability"]
    list_editable = ["reliability"]
    search_fields = ["name", "domain"]


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Feed.Status.choices

    def queryset(self, request, queryset):
        match self.value():
            case Feed.Status.GONE:
                return queryset.filter(gone_at__isnull=False)
            case Feed.Status.INACTIVE:
                return queryset.filter(is_active=False, gone_at__isnull=True)
            case Feed.Status.ERROR:
                return queryset.filter(is_active=True, gone_at__isnull=True, error_count__gt=0)
            case Feed.Status.OK:
                return queryset.filter(is_active=True, gone_at__isnull=True, error_count=0)
        return queryset


class RecentFetchInline(admin.TabularInline):
    """The feed's recent fetches: why it is failing, in the user's words."""

    model = FetchLog
    fk_name = "feed"
    fields = ["at", "outcome", "status_code", "bytes", "duration_ms", "url", "message"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ["-at", "-pk"]
    verbose_name_plural = "recent fetches"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(article__isnull=True)


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = [
        "__str__",
        "status_label",
        "source",
        "last_polled_at",
        "next_poll_at",
        "error_count",
        "short_error",
        "article_count",
    ]
    list_filter = [StatusFilter, "is_active", "source"]
    search_fields = ["url", "title"]
    readonly_fields = [
        "etag",
        "last_modified",
        "last_polled_at",
        "last_success_at",
        "last_status",
        "parse_problem",
        "redirect_url",
        "redirect_count",
        "gone_at",
        "claimed_until",
        "created_at",
    ]
    exclude = ["claim_token"]
    inlines = [RecentFetchInline]
    actions = ["poll_now", "reset_errors"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source").with_article_counts()

    @admin.display(description="status")
    def status_label(self, feed: Feed) -> str:
        return Feed.Status(feed.status).label

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, feed: Feed) -> str:
        """Every article the feed carried (also those another feed brought first)."""
        url = reverse("admin:newsfeed_article_changelist")
        return format_html(
            '<a href="{}?{}={}">{}</a>', url, CarriedByFilter.parameter_name, feed.pk,
            feed.article_count,
        )  # fmt: skip

    @admin.display(description="last error")
    def short_error(self, feed: Feed) -> str:
        return feed.last_error[:120]

    @admin.action(description="Poll now")
    def poll_now(self, request, queryset: QuerySet[Feed]) -> None:
        from newsfeed.tasks import poll_feed

        ids = list(queryset.filter(is_active=True).values_list("pk", flat=True))
        for pk in ids:
            poll_feed.delay(pk)
        self.message_user(request, f"Queued a poll of {len(ids)} feeds.", messages.SUCCESS)

    @admin.action(description="Reset errors")
    def reset_errors(self, request, queryset: QuerySet[Feed]) -> None:
        changed = queryset.update(
            error_count=0, last_error="", next_poll_at=timezone.now(), redirect_count=0
        )
        self.message_user(request, f"Reset the errors of {changed} feeds.", messages.SUCCESS)


@admin.register(FetchLog)
class FetchLogAdmin(admin.ModelAdmin):
    list_display = ["at", "outcome", "status_code", "bytes", "duration_ms", "url", "message"]
    list_filter = ["outcome"]
    search_fields = ["url", "message"]
    raw_id_fields = ["feed", "article"]
    date_hierarchy = "at"


@admin.register(Host)
class HostAdmin(admin.ModelAdmin):
    list_display = ["name", "paused_until", "pause_reason", "last_request_at", "claimed_until"]
    search_fields = ["name"]
    actions = ["unpause"]

    @admin.action(description="Lift the pause")
    def unpause(self, request, queryset: QuerySet[Host]) -> None:
        queryset.update(paused_until=None, pause_reason="")


class FetchStateFilter(admin.SimpleListFilter):
    title = "copies"
    parameter_name = "copy"

    def lookups(self, request, model_admin):
        return [("original", "originals"), ("copy", "syndicated copies")]

    def queryset(self, request, queryset):
        if self.value() == "original":
            return queryset.filter(duplicate_of__isnull=True)
        if self.value() == "copy":
            return queryset.filter(~Q(duplicate_of=None))
        return queryset


class CarriedByFilter(admin.SimpleListFilter):
    """Articles a feed carried, also those another feed brought first (reached from the
    feed list; listing every feed here would not scale)."""

    title = "carried by feed"
    parameter_name = "carried_by"

    def lookups(self, request, model_admin):
        value = request.GET.get(self.parameter_name, "")
        feed = Feed.objects.filter(pk=value).first() if value.isdigit() else None
        return [(str(feed.pk), str(feed))] if feed else []

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(feed_entries__feed_id=self.value())
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = [
        "title",
        "source",
        "feed",
        "published_at",
        "fetch_state",
        "analysis_state",
        "short_analysis_error",
        "created_at",
    ]
    list_filter = [
        "fetch_state",
        "analysis_state",
        FetchStateFilter,
        CarriedByFilter,
        "source",
        "language",
    ]
    search_fields = ["title", "url"]
    date_hierarchy = "published_at"
    raw_id_fields = ["feed", "duplicate_of"]
    list_select_related = ["source", "feed"]
    readonly_fields = [
        "fetch_claimed_until",
        "content_fingerprint",
        "canonical_url",
        "analysis_state",
        "analysis_attempts",
        "analysis_next_at",
        "analysis_error",
        "analyzed_at",
        "analysis_claimed_until",
    ]
    exclude = ["fetch_claim_token", "analysis_claim_token"]
    actions = ["analyse_again"]

    @admin.display(description="analysis error")
    def short_analysis_error(self, article: Article) -> str:
        return article.analysis_error[:120]

    @admin.action(description="Analyse again")
    def analyse_again(self, request, queryset: QuerySet[Article]) -> None:
        from newsfeed.tasks import analyse_again

        changed = analyse_again(queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            f"Queued {changed} articles to be analysed again.",
            messages.SUCCESS,
        )
