from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from chips.models import Chip, Claim, Conflict, Digest, Subscription, Vendor


class ChipInline(admin.TabularInline):
    model = Chip
    fields = ["slug", "name", "process", "memory", "status"]
    extra = 0
    show_change_link = True


@admin.register(Vendor)
class VendorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ChipInline]


@admin.register(Chip)
class ChipAdmin(admin.ModelAdmin):
    list_display = ["name", "vendor", "process", "memory", "status", "year"]
    list_filter = ["vendor", "status", "workload"]
    search_fields = ["name", "slug", "aliases"]
    list_select_related = ["vendor"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = [
        "statement",
        "vendor",
        "chip",
        "topic",
        "polarity",
        "value",
        "confidence",
        "status",
        "claimed_at",
    ]
    list_filter = ["status", "topic", "polarity", "method", "vendor"]
    search_fields = ["statement", "quote", "origin"]
    list_select_related = ["vendor", "chip"]
    raw_id_fields = ["article"]
    readonly_fields = ["fingerprint", "reviewed_by", "reviewed_at", "created_at", "updated_at"]


@admin.register(Conflict)
class ConflictAdmin(admin.ModelAdmin):
    list_display = ["__str__", "vendor", "topic", "status", "detected_at"]
    list_filter = ["status", "topic", "vendor"]
    raw_id_fields = ["claim_a", "claim_b"]
    list_select_related = ["vendor", "claim_a", "claim_b"]
    readonly_fields = ["resolved_by", "resolved_at"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "user",
        "frequency",
        "min_confidence",
        "is_active",
        "last_digest_at",
        "preview_link",
    ]
    list_filter = ["is_active", "frequency", "vendors"]
    search_fields = ["email", "user__username", "user__email"]
    filter_horizontal = ["vendors"]
    raw_id_fields = ["user"]
    list_select_related = ["user"]
    readonly_fields = ["created_at", "last_digest_at", "last_sent_period", "preview_link"]
    actions = ["preview_next_digest"]

    @admin.display(description="Next digest")
    def preview_link(self, obj: Subscription) -> str:
        if not obj.pk:
            return "-"
        url = reverse("chips:digest_preview", args=[obj.pk])
        return format_html('<a href="{}">Preview next digest</a>', url)

    @admin.action(description="Preview next digest")
    def preview_next_digest(
        self, request: HttpRequest, queryset: QuerySet[Subscription]
    ) -> HttpResponseRedirect | None:
        first = queryset.order_by("pk").first()
        if first is None:
            return None
        if queryset.count() > 1:
            self.message_user(request, "Previewing the first one selected.", messages.INFO)
        return HttpResponseRedirect(reverse("chips:digest_preview", args=[first.pk]))


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    """The sending log: read-only, written only by send_due_digests."""

    list_display = [
        "subscription",
        "frequency",
        "period_start",
        "status",
        "claim_count",
        "conflict_count",
        "verdict_count",
        "article_count",
        "attempts",
        "sent_at",
    ]
    list_filter = ["status", "frequency", "period_start"]
    search_fields = ["subscription__email", "message_id"]
    list_select_related = ["subscription"]
    date_hierarchy = "period_start"
    actions = ["release_for_retry"]

    @admin.action(
        description="Send again on the next run (stuck 'sending' or failed; may duplicate)",
        permissions=["retry"],
    )
    def release_for_retry(self, request: HttpRequest, queryset: QuerySet[Digest]) -> None:
        released = queryset.release_for_retry()
        self.message_user(request, f"{released} digest(s) will be sent on the next run.")

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("chips.change_digest")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Digest | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Digest | None = None) -> bool:
        return False
