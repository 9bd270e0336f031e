"""The editors' workbench: claims to verify, dispute or reject, conflicts to resolve.

Every change to a claim or conflict is kept by django-simple-history (the "History"
button); bulk verdicts go through `Claim.give_verdict` one claim at a time so each
gets its own history entry with who and when.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from chips import conflicts, proposals
from chips.models import (
    Chip,
    ChipProposal,
    Claim,
    Conflict,
    ConflictClaim,
    Digest,
    Subscription,
    Vendor,
)
from chips.units import PercentField, percent_label
from newsfeed.admin import URL_FIELDS


class ChipInline(admin.TabularInline):
    model = Chip
    fields = ["slug", "name", "process", "memory", "status"]
    extra = 0
    show_change_link = True


@admin.register(Vendor)
class VendorAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
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


class ProposalStatusFilter(admin.SimpleListFilter):
    """The queue: pending proposals unless another status is asked for."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*ChipProposal.Status.choices, ("all", "All")]

    def choices(self, changelist):
        current = self.value() or ChipProposal.Status.PENDING
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or ChipProposal.Status.PENDING
        return queryset if value == "all" else queryset.filter(status=value)


@admin.register(ChipProposal)
class ChipProposalAdmin(admin.ModelAdmin):
    """Model numbers the catalogue lacks, seen next to a known vendor or product line.
    Accepting makes the chip and re-analyses the articles that named it."""

    list_display = ["name", "vendor", "seen_count", "example_sentence", "first_seen", "status"]
    list_filter = [ProposalStatusFilter, "vendor"]
    list_select_related = ["vendor", "first_article"]
    search_fields = ["name", "key", "example"]
    ordering = ["-seen_count", "-updated_at"]
    actions = ["accept_proposals", "reject_proposals"]
    readonly_fields = [
        "vendor",
        "name",
        "key",
        "first_article",
        "example",
        "seen_count",
        "named_in",
        "status",
        "chip",
        "reviewed_by",
        "reviewed_at",
        "created_at",
        "updated_at",
    ]
    exclude = ["articles"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # proposals come from analysis

    def has_accept_permission(self, request: HttpRequest) -> bool:
        """Accepting makes a chip: it takes changing proposals and adding chips."""
        return request.user.has_perms(["chips.change_chipproposal", "chips.add_chip"])

    @admin.display(description="Example")
    def example_sentence(self, proposal: ChipProposal) -> str:
        return proposal.example[:160]

    @admin.display(description="Named in")
    def named_in(self, proposal: ChipProposal) -> str:
        """The articles that named it (the first 20): accepting re-analyses them all."""
        articles = proposal.articles.order_by("-published_at", "-pk")[:20]
        links = format_html_join(
            "",
            '<li><a href="{}">{}</a></li>',
            (
                (reverse("admin:newsfeed_article_change", args=[a.pk]), a.title[:100])
                for a in articles
            ),
        )
        return format_html("<ul>{}</ul>", links) if links else "—"

    @admin.display(description="First seen in")
    def first_seen(self, proposal: ChipProposal) -> str:
        article = proposal.first_article
        if article is None:
            return "—"
        url = reverse("admin:newsfeed_article_change", args=[article.pk])
        return format_html('<a href="{}">{}</a>', url, article.title[:80])

    @admin.action(description="Accept: add as chips and re-analyse", permissions=["accept"])
    def accept_proposals(self, request, queryset):
        pending = list(queryset.filter(status=ChipProposal.Status.PENDING).select_related("vendor"))
        for proposal in pending:
            proposals.accept(proposal, request.user)
        names = ", ".join(p.name for p in pending) or "none pending"
        self.message_user(
            request,
            f"{len(pending)} chips added ({names}); their articles were analysed again.",
            messages.SUCCESS,
        )

    @admin.action(description="Reject: not a chip", permissions=["change"])
    def reject_proposals(self, request, queryset):
        pending = list(queryset.filter(status=ChipProposal.Status.PENDING))
        for proposal in pending:
            proposals.reject(proposal, request.user)
        self.message_user(request, f"{len(pending)} proposals rejected.", messages.SUCCESS)


class ConfidenceFilter(admin.SimpleListFilter):
    title = "confidence"
    parameter_name = "confidence"
    RANGES = {
        "low": ("below 40 %", Q(confidence__lt=0.4)),
        "medium": ("40 % to 70 %", Q(confidence__gte=0.4, confidence__lt=0.7)),
        "high": ("70 % and above", Q(confidence__gte=0.7)),
    }

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _) in self.RANGES.items()]

    def queryset(self, request, queryset):
        if self.value() in self.RANGES:
            return queryset.filter(self.RANGES[self.value()][1])
        return queryset


def with_conflicts(queryset: QuerySet[Claim]) -> QuerySet[Claim]:
    return queryset.annotate(
        has_conflict=Exists(ConflictClaim.objects.filter(claim=OuterRef("pk")))
    )


class HasConflictFilter(admin.SimpleListFilter):
    title = "conflict"
    parameter_name = "has_conflict"

    def lookups(self, request, model_admin):
        return [("yes", "In a conflict"), ("no", "No conflict")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(has_conflict=True)
        if self.value() == "no":
            return queryset.filter(has_conflict=False)
        return queryset


class ClaimForm(forms.ModelForm):
    """Adding a claim by hand: its quote must be a sentence of the chosen article."""

    confidence = PercentField(
        label="Confidence (%)", help_text="0–100 %: how firmly the source asserts it."
    )

    class Meta:
        model = Claim
        fields = [
            "article",
            "vendor",
            "chip",
            "topic",
            "polarity",
            "value",
            "statement",
            "quote",
            "origin",
            "confidence",
            "status",
            "verdict_note",
        ]
        help_texts = {"quote": "Paste the article's sentence that makes the claim, verbatim."}

    confirm_contradiction = forms.BooleanField(
        required=False,
        label="Verify although it contradicts a verified claim",
        help_text="Asked for when the claim is in an open dispute whose other side is verified.",
    )

    def clean(self):
        cleaned = super().clean()
        if (
            self.instance.pk
            and cleaned.get("status") == Claim.Status.VERIFIED
            and self.instance.status != Claim.Status.VERIFIED
            and not cleaned.get("confirm_contradiction")
        ):
            clashes = conflicts.contradicting_verified(self.instance)
            if clashes:
                names = "; ".join(f"#{c.pk} {c.statement}" for c in clashes)
                self.add_error(
                    "confirm_contradiction",
                    f"It contradicts verified claims in an open dispute ({names}). "
                    "Tick to verify both.",
                )
        article, quote = cleaned.get("article"), cleaned.get("quote")
        if article and quote:
            normalised = " ".join(quote.split())
            text = " ".join(f"{article.title}\n{article.body}".split())
            if normalised not in text:
                self.add_error("quote", "This sentence is not in the article's title or text.")
            cleaned["quote"] = normalised
        chip, vendor = cleaned.get("chip"), cleaned.get("vendor")
        if chip and vendor and chip.vendor_id != vendor.pk:
            self.add_error("chip", f"{chip} is not a chip of {vendor}.")
        return cleaned


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    form = ClaimForm
    list_display = [
        "statement",
        "vendor",
        "chip",
        "topic",
        "polarity",
        "value",
        "confidence_percent",
        "corroborations",
        "status",
        "method",
        "source",
        "claimed_at",
    ]
    list_filter = [
        "status",
        "topic",
        "polarity",
        "method",
        ConfidenceFilter,
        HasConflictFilter,
        ("vendor", admin.RelatedOnlyFieldListFilter),
        ("chip", admin.RelatedOnlyFieldListFilter),
        ("article__source", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["statement", "quote", "origin", "value", "vendor__name", "chip__name"]
    list_select_related = ["vendor", "chip", "article__source"]
    raw_id_fields = ["article"]
    readonly_fields = [
        "method",
        "corroborations",
        "fingerprint",
        "reviewed_by",
        "reviewed_at",
        "created_at",
        "updated_at",
    ]
    actions = ["mark_verified", "mark_disputed", "mark_rejected"]
    date_hierarchy = "claimed_at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        return with_conflicts(super().get_queryset(request))

    @admin.display(description="confidence", ordering="confidence")
    def confidence_percent(self, claim: Claim) -> str:
        return percent_label(claim.confidence)

    @admin.display(ordering="article__source__name")
    def source(self, claim: Claim) -> str:
        return claim.article.source.name if claim.article.source_id else "—"

    def save_model(self, request, obj: Claim, form, change: bool) -> None:
        if not change:
            obj.method = Claim.Method.MANUAL
            if not obj.claimed_at or "claimed_at" not in form.changed_data:
                obj.claimed_at = obj.article.published_at or timezone.now()
        # Whatever an editor touched is theirs: re-analysis will not replace or remove it.
        obj.reviewed_by = request.user
        obj.reviewed_at = timezone.now()
        super().save_model(request, obj, form, change)
        # A claim added or edited by hand takes its sides like any other, and leaves the
        # disputes it no longer takes part in (rejected, or its value changed).
        conflicts.resync(obj)

    def delete_model(self, request, obj: Claim) -> None:
        affected = conflicts.open_disputes_of([obj])
        super().delete_model(request, obj)
        conflicts.prune(affected)

    def delete_queryset(self, request, queryset: QuerySet[Claim]) -> None:
        affected = conflicts.open_disputes_of(list(queryset.values_list("pk", flat=True)))
        super().delete_queryset(request, queryset)
        conflicts.prune(affected)

    def _verdict(self, request: HttpRequest, queryset: QuerySet[Claim], status: str) -> None:
        count = 0
        for claim in queryset.select_related("vendor", "chip"):
            claim.give_verdict(status, request.user)
            count += 1
        self.message_user(request, f"{count} claims marked {status}.", messages.SUCCESS)

    @admin.action(description="Verify selected claims", permissions=["change"])
    def mark_verified(self, request, queryset):
        if not request.POST.get("confirm"):
            clashes = [
                (claim, others)
                for claim in queryset.exclude(status=Claim.Status.VERIFIED)
                if (others := conflicts.contradicting_verified(claim))
            ]
            if clashes:
                # A confirm step, like the admin's delete: nothing changes until confirmed.
                return TemplateResponse(
                    request,
                    "admin/chips/claim/confirm_verify.html",
                    {
                        **self.admin_site.each_context(request),
                        "title": "Verify claims that contradict verified ones?",
                        "opts": self.model._meta,
                        "clashes": clashes,
                        "queryset": queryset,
                        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                    },
                )
        self._verdict(request, queryset, Claim.Status.VERIFIED)
        return None

    @admin.action(description="Dispute selected claims", permissions=["change"])
    def mark_disputed(self, request, queryset):
        self._verdict(request, queryset, Claim.Status.DISPUTED)

    @admin.action(description="Reject selected claims", permissions=["change"])
    def mark_rejected(self, request, queryset):
        self._verdict(request, queryset, Claim.Status.REJECTED)


class ConflictForm(forms.ModelForm):
    """An editor settles a dispute: an outcome (or none, to keep or reopen it) and a note."""

    outcome = forms.ChoiceField(
        choices=[("", "— open: not settled —"), *Conflict.Outcome.choices],
        required=False,
        help_text=(
            "A holds: side A's claims verified, side B's rejected (B holds: the reverse). "
            "Both true at their time: all verified. Not a contradiction: dismissed, "
            "verdicts untouched."
        ),
    )

    class Meta:
        model = Conflict
        fields = ["outcome", "note"]
        help_texts = {"note": "Why, e.g. which claim holds and since when."}


@admin.register(Conflict)
class ConflictAdmin(SimpleHistoryAdmin):
    """A dispute's page shows every claim on both sides (admin/chips/conflict/change_form.html)."""

    form = ConflictForm
    list_display = [
        "question",
        "tally",
        "vendor",
        "chip",
        "topic",
        "kind",
        "status",
        "outcome",
        "detected_at",
    ]
    list_filter = [
        "status",
        "kind",
        "outcome",
        "topic",
        ("vendor", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["value_a", "value_b", "note", "vendor__name", "chip__name"]
    readonly_fields = [
        "vendor",
        "chip",
        "topic",
        "value_a",
        "value_b",
        "kind",
        "status",
        "detected_at",
        "resolved_by",
        "resolved_at",
    ]
    actions = ["settle_a_holds", "settle_b_holds", "settle_both_true", "dismiss", "reopen"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Conflict]:
        return super().get_queryset(request).for_display()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # disputes are detected, not typed in

    @admin.display(description="Question")
    def question(self, conflict: Conflict) -> str:
        return conflict.dispute.question

    @admin.display(description="Sides")
    def tally(self, conflict: Conflict) -> str:
        return conflict.dispute.tally

    def save_model(self, request, obj: Conflict, form, change: bool) -> None:
        outcome, note = form.cleaned_data["outcome"], form.cleaned_data["note"]
        if outcome:
            obj.resolve(outcome, note, request.user)
        elif obj.status != Conflict.Status.OPEN or "note" in form.changed_data:
            obj.reopen()
            Conflict.objects.filter(pk=obj.pk).update(note=note)

    def _settle(self, request, queryset, outcome: str) -> None:
        count = 0
        for conflict in queryset:
            conflict.resolve(outcome, conflict.note, request.user)
            count += 1
        label = Conflict.Outcome(outcome).label.lower()
        self.message_user(request, f"{count} disputes settled: {label}.", messages.SUCCESS)

    @admin.action(description="Settle selected: A holds", permissions=["change"])
    def settle_a_holds(self, request, queryset):
        self._settle(request, queryset, Conflict.Outcome.A_HOLDS)

    @admin.action(description="Settle selected: B holds", permissions=["change"])
    def settle_b_holds(self, request, queryset):
        self._settle(request, queryset, Conflict.Outcome.B_HOLDS)

    @admin.action(description="Settle selected: both true at their time", permissions=["change"])
    def settle_both_true(self, request, queryset):
        self._settle(request, queryset, Conflict.Outcome.BOTH_TRUE_IN_TIME)

    @admin.action(description="Dismiss selected (not a contradiction)", permissions=["change"])
    def dismiss(self, request, queryset):
        self._settle(request, queryset, Conflict.Outcome.NOT_A_CONTRADICTION)

    @admin.action(description="Reopen selected disputes", permissions=["change"])
    def reopen(self, request, queryset):
        for conflict in queryset:
            conflict.reopen()


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "user",
        "frequency",
        "min_confidence_percent",
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

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "min_confidence":
            return PercentField(
                label="Min. confidence (%)",
                initial=0,
                help_text="0–100 %: leave out claims asserted less firmly than this.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="min. confidence", ordering="min_confidence")
    def min_confidence_percent(self, obj: Subscription) -> str:
        return percent_label(obj.min_confidence)

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
