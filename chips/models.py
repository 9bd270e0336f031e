"""Vendors, chips, mentions, claims and conflicts.

Articles are read through newsfeed's public model; nothing in newsfeed knows
about anything here.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from newsfeed.models import Article

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


def _choices_check(field: str, choices: type[models.TextChoices], name: str):
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


def _count_subquery(model: type[models.Model], field: str) -> Coalesce:
    counts = (
        model.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        # Counting the foreign key itself lets the database answer from its index alone.
        .annotate(n=models.Count(field))
        .values("n")
    )
    return Coalesce(Subquery(counts), 0)


class Topic(models.TextChoices):
    DEVELOPMENT = "development", "Development"
    WORKLOAD = "workload", "Workload"
    MANUFACTURING = "manufacturing", "Manufacturing"
    SUPPLY_CHAIN = "supply_chain", "Supply chain"
    MEMORY = "memory", "Memory"
    PERFORMANCE = "performance", "Performance"
    SOFTWARE = "software", "Software"
    AVAILABILITY = "availability", "Availability"
    EXPORT_CONTROLS = "export_controls", "Export controls"
    BUSINESS = "business", "Business"


class VendorQuerySet(models.QuerySet):
    def with_counts(self) -> VendorQuerySet:
        """Annotate article_count (articles mentioning it) and claim_count."""
        return self.annotate(
            article_count=_count_subquery(VendorMention, "vendor"),
            claim_count=_count_subquery(Claim, "vendor"),
        )


class VendorKind(models.TextChoices):
    DESIGNER = "designer", "Chip designer"
    FOUNDRY = "foundry", "Foundry"
    MEMORY = "memory", "Memory maker"
    CLOUD = "cloud", "Cloud / platform with in-house chips"
    IDM = "idm", "Designs and manufactures (IDM)"


class Vendor(models.Model):
    Kind = VendorKind

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    aliases = models.JSONField(
        default=list,
        blank=True,
        help_text='Other names in the press, e.g. ["Team Green", "英伟达"].',
    )
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166 code, e.g. CN")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.DESIGNER)
    website = models.URLField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VendorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [_choices_check("kind", VendorKind, "vendor_kind_valid")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/vendors/{self.slug}/"


class ChipStatus(models.TextChoices):
    RUMOURED = "rumoured", "Rumoured"
    DEVELOPMENT = "development", "In development"
    ANNOUNCED = "announced", "Announced"
    SAMPLING = "sampling", "Sampling / testing"
    SHIPPING = "shipping", "Shipping"
    MASS_PRODUCTION = "mass_production", "Mass production"
    DISCONTINUED = "discontinued", "Discontinued"


class ChipWorkload(models.TextChoices):
    UNKNOWN = "", "Unknown"
    TRAINING = "training", "Training"
    INFERENCE = "inference", "Inference"
    BOTH = "both", "Training and inference"


class Chip(models.Model):
    Status = ChipStatus

    Workload = ChipWorkload

    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="chips")
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    aliases = models.JSONField(default=list, blank=True)
    process = models.CharField(max_length=120, blank=True, help_text="e.g. TSMC 4N, SMIC N+2")
    memory = models.CharField(max_length=120, blank=True, help_text="e.g. HBM3 80 GB")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ANNOUNCED)
    workload = models.CharField(max_length=20, choices=Workload.choices, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Year announced")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["vendor__name", "name"]
        constraints = [
            _choices_check("status", ChipStatus, "chip_status_valid"),
            _choices_check("workload", ChipWorkload, "chip_workload_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/chips/{self.slug}/"


class VendorMention(models.Model):
    """An article names a vendor (directly, or through one of its chips)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="vendor_mentions")
    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="mentions")
    count = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "vendor"], name="vendor_mention_unique"),
        ]
        indexes = [models.Index(fields=["vendor", "article"], name="vendor_mention_vendor_idx")]

    def __str__(self) -> str:
        return f"{self.vendor_id} in {self.article_id} ×{self.count}"


class ChipMention(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="chip_mentions")
    chip = models.ForeignKey(Chip, on_delete=models.CASCADE, related_name="mentions")
    count = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "chip"], name="chip_mention_unique"),
        ]
        indexes = [models.Index(fields=["chip", "article"], name="chip_mention_chip_idx")]

    def __str__(self) -> str:
        return f"{self.chip_id} in {self.article_id} ×{self.count}"


class ClaimQuerySet(models.QuerySet):
    def latest_first(self) -> ClaimQuerySet:
        return self.order_by("-claimed_at", "-pk")

    def for_display(self) -> ClaimQuerySet:
        return self.select_related("vendor", "chip", "article", "article__source")

    def unresolved(self) -> ClaimQuerySet:
        """Claims no editor has ruled on yet."""
        return self.filter(status=Claim.Status.UNVERIFIED)


_SPACES = re.compile(r"\s+")


class ClaimPolarity(models.TextChoices):
    AFFIRM = "affirm", "Affirms"
    DENY = "deny", "Denies"


class ClaimStatus(models.TextChoices):
    UNVERIFIED = "unverified", "Unverified"
    VERIFIED = "verified", "Verified"
    DISPUTED = "disputed", "Disputed"
    REJECTED = "rejected", "Rejected"


class ClaimMethod(models.TextChoices):
    AUTOMATIC = "auto", "Extracted automatically"
    CURATED = "curated", "Curated seed"
    MANUAL = "manual", "Added by an editor"


class Claim(models.Model):
    Polarity = ClaimPolarity

    Status = ClaimStatus

    Method = ClaimMethod

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="claims")
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="claims")
    chip = models.ForeignKey(
        Chip, null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    topic = models.CharField(max_length=20, choices=Topic.choices)
    polarity = models.CharField(max_length=10, choices=Polarity.choices, default=Polarity.AFFIRM)
    value = models.CharField(
        max_length=200, blank=True, help_text="Normalised value, e.g. SMIC, 7nm"
    )
    statement = models.CharField(max_length=500, help_text="Short, human-readable claim.")
    quote = models.TextField(help_text="The article's own sentence that makes the claim.")
    origin = models.CharField(
        max_length=200,
        blank=True,
        help_text="Primary source the article attributes it to, e.g. The Wall Street Journal.",
    )
    confidence = models.FloatField(help_text="0..1: how firmly the source asserts it.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UNVERIFIED)
    method = models.CharField(max_length=10, choices=Method.choices, default=Method.AUTOMATIC)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_claims",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # When the claim was made: the article's publication date (else ingestion).
    claimed_at = models.DateTimeField(default=timezone.now)
    # Identity of the assertion within its article, so re-analysis and
    # re-seeding find the row again instead of adding a copy.
    fingerprint = models.CharField(max_length=40, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-claimed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "fingerprint"], name="claim_unique_in_article"
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1),
                name="claim_confidence_0_1",
            ),
            _choices_check("topic", Topic, "claim_topic_valid"),
            _choices_check("polarity", ClaimPolarity, "claim_polarity_valid"),
            _choices_check("status", ClaimStatus, "claim_status_valid"),
            _choices_check("method", ClaimMethod, "claim_method_valid"),
        ]
        indexes = [
            models.Index(fields=["-claimed_at", "-id"], name="claim_latest_idx"),
            models.Index(fields=["vendor", "-claimed_at", "-id"], name="claim_vendor_time_idx"),
            models.Index(fields=["chip", "-claimed_at", "-id"], name="claim_chip_time_idx"),
            models.Index(fields=["vendor", "topic"], name="claim_vendor_topic_idx"),
            models.Index(fields=["status"], name="claim_status_idx"),
            # Dashboard: a vendor timeline filtered by topic, and each chip's
            # latest claimed value per topic (process, memory, availability).
            models.Index(
                fields=["vendor", "topic", "-claimed_at", "-id"], name="claim_vendor_topic_time_idx"
            ),
            models.Index(
                fields=["chip", "topic", "-claimed_at", "-id"], name="claim_chip_topic_time_idx"
            ),
            # Full-text search has a GIN index on PostgreSQL (migration 0004_dashboard).
        ]

    def __str__(self) -> str:
        return self.statement

    def save(self, *args, **kwargs) -> None:
        self.fingerprint = self.make_fingerprint(
            self.vendor.slug,
            self.chip.slug if self.chip_id else None,
            self.topic,
            self.polarity,
            self.value,
            self.quote,
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"/claims/{self.pk}/"

    def give_verdict(self, status: str, user: AbstractBaseUser | None) -> None:
        """An editor's ruling: record the status with who gave it and when."""
        if status not in ClaimStatus.values:
            raise ValueError(f"unknown claim status {status!r}")
        self.status = status
        self.reviewed_by = user
        self.reviewed_at = timezone.now()
        self.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])

    @staticmethod
    def make_fingerprint(
        vendor_slug: str,
        chip_slug: str | None,
        topic: str,
        polarity: str,
        value: str | None,
        quote: str,
    ) -> str:
        parts = [
            vendor_slug,
            chip_slug or "",
            topic,
            polarity,
            (value or "").casefold(),
            _SPACES.sub(" ", quote).strip().casefold(),
        ]
        return hashlib.sha1("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()


class ConflictStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"
    DISMISSED = "dismissed", "Not a conflict"


class Conflict(models.Model):
    """Two claims that cannot both be true. Stored once per (ordered) pair."""

    Status = ConflictStatus

    claim_a = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="conflicts_as_a")
    claim_b = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="conflicts_as_b")
    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="conflicts")
    topic = models.CharField(max_length=20, choices=Topic.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    resolution_note = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resolved_conflicts",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    detected_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-detected_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["claim_a", "claim_b"], name="conflict_unique_pair"),
            # The pair is stored in id order, so (a, b) and (b, a) cannot both exist.
            models.CheckConstraint(
                condition=Q(claim_a__lt=F("claim_b")), name="conflict_pair_ordered"
            ),
            _choices_check("status", ConflictStatus, "conflict_status_valid"),
            _choices_check("topic", Topic, "conflict_topic_valid"),
        ]
        indexes = [
            models.Index(fields=["status", "-detected_at"], name="conflict_status_idx"),
            models.Index(fields=["vendor", "status"], name="conflict_vendor_idx"),
            # Dashboard: the conflict board, newest first, all or for one vendor.
            models.Index(fields=["-detected_at", "-id"], name="conflict_latest_idx"),
            models.Index(fields=["vendor", "-detected_at", "-id"], name="conflict_vendor_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.claim_a} ⟷ {self.claim_b}"

    @property
    def chip(self) -> Chip | None:
        return self.claim_a.chip or self.claim_b.chip

    def resolve(
        self, user: AbstractBaseUser | None, note: str = "", status: str = ConflictStatus.RESOLVED
    ) -> None:
        """Close the conflict (resolved, or dismissed as not a real one) with an editor's note."""
        if status not in (ConflictStatus.RESOLVED, ConflictStatus.DISMISSED):
            raise ValueError(f"a conflict is closed as resolved or dismissed, not {status!r}")
        self.status = status
        self.resolution_note = note
        self.resolved_by = user
        self.resolved_at = timezone.now()
        self.save(update_fields=["status", "resolution_note", "resolved_by", "resolved_at"])

    def reopen(self) -> None:
        self.status = ConflictStatus.OPEN
        self.resolved_by = None
        self.resolved_at = None
        self.save(update_fields=["status", "resolved_by", "resolved_at"])
