from django.contrib import admin

from chips.models import Chip, Claim, Conflict, Vendor


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
