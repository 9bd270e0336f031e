from django.contrib import admin

from newsfeed.models import Article, Feed, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "reliability"]
    list_editable = ["reliability"]
    search_fields = ["name", "domain"]


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "status_label",
        "source",
        "last_polled_at",
        "next_poll_at",
        "error_count",
        "article_count",
    ]
    list_filter = ["is_active", "source"]
    search_fields = ["url", "title"]
    readonly_fields = ["etag", "last_modified", "last_polled_at", "last_success_at", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source").with_article_counts()

    @admin.display(description="status")
    def status_label(self, feed: Feed) -> str:
        return Feed.Status(feed.status).label

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, feed: Feed) -> int:
        return feed.article_count


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "feed", "published_at", "created_at"]
    list_filter = ["source", "language"]
    search_fields = ["title", "url"]
    date_hierarchy = "published_at"
    raw_id_fields = ["feed", "duplicate_of"]
    list_select_related = ["source", "feed"]
