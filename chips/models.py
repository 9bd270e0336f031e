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
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from newsfeed.models import Article

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from chips.disputes import Dispute


def _choices_check(field: str, choices: type[models.TextChoices], name: str):
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


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
        """Annotate article_count (articles mentioning it) and claim_count, read from the
        tallies the database keeps (Tally), not counted row by row."""
        return self.annotate(
            article_count=Tally.subquery(Tally.Counter.VENDOR_ARTICLES),
            claim_count=Tally.subquery(Tally.Counter.VENDOR_CLAIMS),
        )


class TallyCounter(models.TextChoices):
    VENDOR_CLAIMS = "vendor_claims", "Claims about a vendor"
    VENDOR_ARTICLES = "vendor_articles", "Articles naming a vendor"
    CHIP_CLAIMS = "chip_claims", "Claims about a chip"
    FEED_ARTICLES = "feed_articles", "Articles a feed carried"


# Shards per count on PostgreSQL (rows are picked by the writing connection's
# backend pid): two workers storing claims about the same vendor add to
# different rows instead of queueing on one row's lock until the other commits.
TALLY_SHARDS = 64


class Tally(models.Model):
    """How many claims name each vendor and chip, how many articles name each vendor and
    how many articles each feed carried (its FeedEntry rows).

    The dashboard shows these counts on every vendor and chip; counting 300,000
    claims per page view is what made it slow. Database triggers (migration
    0012_tallies) add to these rows whenever a claim, vendor mention or feed entry is
    inserted, deleted or moved to another vendor, chip or feed, by any code path
    (bulk_create, cascades, raw SQL included). A count is the sum of its shards.
    """

    Counter = TallyCounter

    counter = models.CharField(max_length=20, choices=Counter.choices)
    key = models.BigIntegerField(help_text="The vendor's, chip's or feed's id.")
    shard = models.SmallIntegerField(default=0)
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["counter", "key", "shard"], name="tally_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.counter} {self.key}: {self.n}"

    @classmethod
    def subquery(cls, counter: str, key: str = "pk") -> Coalesce:
        """The count of `counter` for OuterRef(key), as an annotation."""
        total = (
            cls.objects.filter(counter=counter, key=OuterRef(key))
            .order_by()
            .values("key")
            .annotate(total=models.Sum("n"))
            .values("total")
        )
        return Coalesce(Subquery(total), 0)

    @classmethod
    def counts(cls, counter: str) -> dict[int, int]:
        """Every key's count of `counter` (one query)."""
        rows = (
            cls.objects.filter(counter=counter)
            .order_by()
            .values_list("key")
            .annotate(total=models.Sum("n"))
        )
        return dict(rows)


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
        return reverse("chips:vendor_detail", args=[self.slug])


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
        return reverse("chips:chip_detail", args=[self.slug])


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

    # No index of their own: each is the first column of an index below (article: the
    # unique (article, fingerprint); vendor and chip: their timelines), which serves the
    # same lookups, and every claim inserted paid for three more indexes (issue 13).
    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, related_name="claims", db_index=False
    )
    vendor = models.ForeignKey(
        Vendor, on_delete=models.PROTECT, related_name="claims", db_index=False
    )
    chip = models.ForeignKey(
        Chip,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
        db_index=False,
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
    # How the confidence was reached, for the claim's page: hedges (phrases found),
    # hedge_factor, origin, origin_kind, outlet_reliability, headline. Empty for claims
    # an editor stated (curated, manual) and for those found before it was recorded.
    confidence_basis = models.JSONField(default=dict, blank=True)
    headline = models.BooleanField(
        default=False, help_text="Found in the headline rather than the body (weaker)."
    )
    extractor_version = models.CharField(
        max_length=40, blank=True, help_text="The extractor that found it, e.g. rules-2."
    )
    # Independent sources (distinct outlets; syndicated copies of one story count
    # once) affirming the same vendor/chip/topic/polarity/value, this claim's included.
    corroborations = models.PositiveIntegerField(default=1)
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
    verdict_note = models.TextField(
        blank=True, help_text="Why the editor ruled so; digests show it beside the verdict."
    )
    # When the claim was made: the article's publication date (else ingestion).
    claimed_at = models.DateTimeField(default=timezone.now)
    # Identity of the assertion within its article, so re-analysis and
    # re-seeding find the row again instead of adding a copy.
    fingerprint = models.CharField(max_length=40, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()
    # Every change (verdicts, edits, re-analysis) is kept: claim.history.all().
    history = HistoricalRecords()

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
            models.Index(fields=["status"], name="claim_status_idx"),
            # Dashboard: a vendor timeline filtered by topic, and each chip's
            # latest claimed value per topic (process, memory, availability). The first
            # also serves lookups by vendor and topic (analysis' recounts), as the
            # (vendor, topic) index it replaced did.
            models.Index(
                fields=["vendor", "topic", "-claimed_at", "-id"], name="claim_vendor_topic_time_idx"
            ),
            models.Index(
                fields=["chip", "topic", "-claimed_at", "-id"], name="claim_chip_topic_time_idx"
            ),
            # Home's chart: claims per vendor per day of the last 30 days, read from
            # this index alone (a range of claimed_at, then vendor).
            models.Index(fields=["claimed_at", "vendor"], name="claim_activity_idx"),
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
        return reverse("chips:claim_detail", args=[self.pk])

    def corroborating(self) -> ClaimQuerySet:
        """Claims of other articles asserting the same thing (vendor, chip, topic,
        polarity, value), not rejected; group them with chips.confidence.independent_sources."""
        return (
            Claim.objects.filter(
                vendor_id=self.vendor_id,
                chip_id=self.chip_id,
                topic=self.topic,
                polarity=self.polarity,
                value__iexact=self.value,
            )
            .exclude(article_id=self.article_id)
            .exclude(status=ClaimStatus.REJECTED)
        )

    def give_verdict(self, status: str, user: AbstractBaseUser | None, note: str = "") -> None:
        """An editor's ruling: record the status with who gave it, when and why (the
        note belongs to this verdict: a new verdict replaces it)."""
        if status not in ClaimStatus.values:
            raise ValueError(f"unknown claim status {status!r}")
        from chips.conflicts import after_verdict

        previous = self.status
        self.status = status
        self.reviewed_by = user
        self.reviewed_at = timezone.now()
        self.verdict_note = note
        self.save(
            update_fields=["status", "reviewed_by", "reviewed_at", "verdict_note", "updated_at"]
        )
        # A rejected claim leaves its open disputes; one no longer rejected rejoins them.
        after_verdict(self, previous)

    @property
    def reviewer_name(self) -> str:
        """Who gave the verdict, as people know them (name, else user name)."""
        user = self.reviewed_by
        if user is None:
            return ""
        return user.get_full_name() or user.get_username()

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


class ConflictKind(models.TextChoices):
    CONTRADICTION = "contradiction", "Contradiction"
    # A later state replacing an earlier one (a ban, then a licence): both held, in turn.
    CHANGE = "change", "Change over time"


class ConflictOutcome(models.TextChoices):
    A_HOLDS = "a_holds", "A holds"
    B_HOLDS = "b_holds", "B holds"
    BOTH_TRUE_IN_TIME = "both_true_in_time", "Both true at their time"
    NOT_A_CONTRADICTION = "not_a_contradiction", "Not a contradiction"


class ConflictSide(models.TextChoices):
    A = "a", "A"
    B = "b", "B"


class ConflictQuerySet(models.QuerySet):
    def open(self) -> ConflictQuerySet:
        return self.filter(status=ConflictStatus.OPEN)

    def for_display(self) -> ConflictQuerySet:
        """Disputes with every member claim and its evidence (two queries). Lists show
        the first few reports a side instead: chips.dashboard.conflicts.with_side_stats."""
        members = ConflictClaim.objects.select_related(
            "claim__vendor", "claim__chip", "claim__article__source"
        ).order_by("claim__claimed_at", "claim_id")
        disputes = self.select_related("vendor", "chip", "resolved_by")
        return disputes.prefetch_related(models.Prefetch("memberships", queryset=members))

    def of_claim(self, claim: Claim | int) -> ConflictQuerySet:
        return self.filter(memberships__claim=claim)


class Conflict(models.Model):
    """A dispute: one question (vendor, chip, topic, two contested values, or one value
    affirmed and denied) with every claim on each side. See chips.conflicts."""

    Status = ConflictStatus
    Kind = ConflictKind
    Outcome = ConflictOutcome
    Side = ConflictSide

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="conflicts")
    # None for vendor-level topics and for questions about claims that name no chip.
    chip = models.ForeignKey(
        Chip, null=True, blank=True, on_delete=models.CASCADE, related_name="conflicts"
    )
    topic = models.CharField(max_length=20, choices=Topic.choices)
    # The contested values in canonical (case-insensitive) order: side A holds value_a.
    # A value affirmed and denied has it on both; side A affirms, side B denies.
    value_a = models.CharField(max_length=200, blank=True)
    value_b = models.CharField(max_length=200, blank=True)
    # Identity of the question (chips.conflicts.question_key): a new claim on it joins
    # this row, and re-analysis finds the same row again.
    question_key = models.CharField(max_length=500, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.CONTRADICTION)
    # Each side's earliest claimed_at among its members (None while it has none): all
    # `kind` needs, kept here so a claim joining costs one UPDATE whatever the number of
    # members (chips.conflicts.advance_firsts), recomputed only when a member leaves.
    first_a = models.DateTimeField(null=True, blank=True)
    first_b = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(max_length=24, choices=Outcome.choices, blank=True, default="")
    note = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resolved_conflicts",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    detected_at = models.DateTimeField(default=timezone.now)
    claims = models.ManyToManyField(Claim, through="ConflictClaim", related_name="conflicts")

    objects = ConflictQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-detected_at", "-pk"]
        constraints = [
            _choices_check("status", ConflictStatus, "conflict_status_valid"),
            _choices_check("topic", Topic, "conflict_topic_valid"),
            _choices_check("kind", ConflictKind, "conflict_kind_valid"),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=ConflictOutcome.values),
                name="conflict_outcome_valid",
            ),
            # An open dispute has no outcome. (Settled ones have one, except pairs
            # resolved before outcomes were recorded: migration 0010_disputes kept their note.)
            models.CheckConstraint(
                condition=~Q(status=ConflictStatus.OPEN) | Q(outcome=""),
                name="conflict_open_has_no_outcome",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-detected_at", "-id"], name="conflict_status_idx"),
            models.Index(fields=["vendor", "status"], name="conflict_vendor_idx"),
            # Dashboard: the board, newest first, all or for one vendor or chip.
            models.Index(fields=["-detected_at", "-id"], name="conflict_latest_idx"),
            models.Index(fields=["vendor", "-detected_at", "-id"], name="conflict_vendor_time_idx"),
            models.Index(
                fields=["chip", "status", "-detected_at", "-id"], name="conflict_chip_time_idx"
            ),
        ]

    def __str__(self) -> str:
        values = (
            f"{self.value_a or 'it'}, or not"
            if self.is_polarity
            else f"{self.value_a} vs {self.value_b}"
        )
        return f"{self.get_topic_display()}: {values}"

    def get_absolute_url(self) -> str:
        return reverse("chips:conflict_detail", args=[self.pk])

    @cached_property
    def dispute(self) -> Dispute:
        """How it reads: question, reason, each side's claims and independent sources."""
        from chips.disputes import present

        return present(self)

    # Members (prefetched by for_display) -------------------------------------------------

    def side(self, side: str) -> list[Claim]:
        """The claims on one side (the first few when so prefetched), earliest first."""
        members = getattr(self, f"shown_{side}", None)
        if members is None:
            members = [m for m in self.memberships.all() if m.side == side]
        return [m.claim for m in sorted(members, key=lambda m: (m.claim.claimed_at, m.claim_id))]

    @property
    def side_a(self) -> list[Claim]:
        return self.side(ConflictSide.A)

    @property
    def side_b(self) -> list[Claim]:
        return self.side(ConflictSide.B)

    @property
    def claim_a(self) -> Claim | None:
        """The earliest claim of side A (what a pair's claim_a was)."""
        return next(iter(self.side_a), None)

    @property
    def claim_b(self) -> Claim | None:
        return next(iter(self.side_b), None)

    @property
    def is_polarity(self) -> bool:
        """One value affirmed (side A) and denied (side B), rather than two values."""
        return self.value_a.casefold() == self.value_b.casefold()

    # Editors' rulings ------------------------------------------------------------------------

    def resolve(self, outcome: str, note: str = "", user: AbstractBaseUser | None = None) -> None:
        """Settle the dispute and set its claims' verdicts accordingly: A holds → side A
        verified, side B rejected (B holds the reverse); both true at their time → both
        verified; not a contradiction → dismissed, verdicts untouched. Each claim's
        status before is kept on its membership, so reopening can restore it."""
        from chips.conflicts import verdicts_for

        if outcome not in ConflictOutcome.values:
            raise ValueError(f"unknown outcome {outcome!r}")
        self.status = (
            ConflictStatus.DISMISSED
            if outcome == ConflictOutcome.NOT_A_CONTRADICTION
            else ConflictStatus.RESOLVED
        )
        self.outcome = outcome
        self.note = note
        self.resolved_by = user
        self.resolved_at = timezone.now()
        self.save(update_fields=["status", "outcome", "note", "resolved_by", "resolved_at"])
        verdicts = verdicts_for(outcome)
        # The claims' verdicts say why: the editor's note, else the ruling itself.
        why = note or f"Dispute settled ({self}): {self.ruling()}."
        for member in self.memberships.select_related("claim__vendor", "claim__chip"):
            status = verdicts.get(member.side)
            if status is None:
                continue
            member.prior_status = member.claim.status
            member.save(update_fields=["prior_status"])
            if member.claim.status != status:
                member.claim.give_verdict(status, user, why)

    def ruling(self) -> str:
        """The outcome in the dispute's own terms: "TSMC holds", "both true at their time"."""
        if self.outcome == ConflictOutcome.A_HOLDS:
            return f"{self.value_a} holds" if not self.is_polarity else "it holds"
        if self.outcome == ConflictOutcome.B_HOLDS:
            return f"{self.value_b} holds" if not self.is_polarity else "it does not hold"
        return self.get_outcome_display().lower()

    def reopen(self) -> None:
        """Undo a ruling: the claims get back the verdicts they had before it."""
        self.status = ConflictStatus.OPEN
        self.outcome = ""
        self.resolved_by = None
        self.resolved_at = None
        self.save(update_fields=["status", "outcome", "resolved_by", "resolved_at"])
        for member in self.memberships.exclude(prior_status="").select_related(
            "claim__vendor", "claim__chip"
        ):
            if member.claim.status != member.prior_status:
                member.claim.give_verdict(member.prior_status, None)
            member.prior_status = ""
            member.save(update_fields=["prior_status"])


class ConflictClaim(models.Model):
    """A claim on one side of a dispute."""

    conflict = models.ForeignKey(Conflict, on_delete=models.CASCADE, related_name="memberships")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="memberships")
    side = models.CharField(max_length=1, choices=ConflictSide.choices)
    # The claim's verdict before an editor's ruling set it (empty while none did).
    prior_status = models.CharField(max_length=12, choices=ClaimStatus.choices, blank=True)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conflict", "claim"], name="conflict_claim_unique"),
            _choices_check("side", ConflictSide, "conflict_claim_side_valid"),
        ]
        indexes = [models.Index(fields=["claim", "conflict"], name="conflict_claim_claim_idx")]

    def __str__(self) -> str:
        return f"claim {self.claim_id} on side {self.side} of dispute {self.conflict_id}"


# --- What claims assert, summarised (chips.assertions) -----------------------------------


class Assertion(models.Model):
    """One thing claims assert: a vendor, the claim's chip, a topic, a polarity and a value
    (case-folded in `key`). Disputes and corroborations read these summaries, not every
    claim asserting the same thing, so an article costs the same however many came before.
    """

    key = models.CharField(max_length=500, unique=True)
    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="+")
    chip = models.ForeignKey(
        Chip, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    topic = models.CharField(max_length=20)
    polarity = models.CharField(max_length=10)
    # As the first claim spelled it (disputes show it); `key` holds it case-folded.
    value = models.CharField(max_length=200, blank=True)
    # What every live claim asserting it holds in Claim.corroborations (None: unknown, so
    # the next recount writes all of them).
    corroborations = models.PositiveIntegerField(null=True, blank=True)
    # Its reports' distinct outlets and outlet-less stories (chips.assertions keeps them as
    # reports come and go); `mixed` once a story had reports from two outlets, when those
    # two no longer make its independent sources.
    outlets = models.PositiveIntegerField(default=0)
    sourceless = models.PositiveIntegerField(default=0)
    mixed = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["vendor", "topic", "chip"], name="assertion_scope_idx"),
        ]

    def __str__(self) -> str:
        return self.key


class AssertionReport(models.Model):
    """An article's live (not rejected) claims asserting one thing, with the article's
    story and outlet as they were when its claims were last stored."""

    assertion = models.ForeignKey(Assertion, on_delete=models.CASCADE, related_name="reports")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    # The original article for a syndicated copy (Claim's story), and the outlet.
    story_id = models.BigIntegerField()
    source_id = models.BigIntegerField(null=True, blank=True)
    claims = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assertion", "article"], name="assertion_report_unique"
            ),
        ]
        indexes = [
            # A side's first and last story: two index probes.
            models.Index(fields=["assertion", "story_id"], name="assertion_report_story_idx"),
            # Whether an outlet already reports it: one probe.
            models.Index(fields=["assertion", "source_id"], name="assertion_report_source_idx"),
            models.Index(fields=["article"], name="assertion_report_article_idx"),
        ]

    def __str__(self) -> str:
        return f"article {self.article_id} asserts {self.assertion_id}"


# --- Chips the catalogue lacks, proposed to editors -----------------------------------


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class ChipProposalQuerySet(models.QuerySet):
    def pending(self) -> ChipProposalQuerySet:
        return self.filter(status=ProposalStatus.PENDING)


class ChipProposal(models.Model):
    """A model name the catalogue lacks, seen next to a known vendor or product line
    ("Ascend 950PR"); an editor accepts it (a new Chip) or rejects it (never asked again).
    Found by chips.proposals during analysis; one row per vendor and normalised name."""

    Status = ProposalStatus

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="chip_proposals")
    name = models.CharField(max_length=120, help_text="As first written, e.g. Ascend 950PR.")
    key = models.CharField(max_length=80, help_text="Normalised model number, e.g. 950pr.")
    first_article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    example = models.TextField(blank=True, help_text="A sentence that names it.")
    # The articles that named it: re-analysed when it is accepted; seen_count is their number.
    articles = models.ManyToManyField(Article, blank=True, related_name="chip_proposals")
    seen_count = models.PositiveIntegerField(default=0, help_text="Articles that named it.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    chip = models.ForeignKey(
        Chip,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The chip made of it, once accepted.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_chip_proposals",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = ChipProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-seen_count", "-updated_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["vendor", "key"], name="chip_proposal_unique_key"),
            _choices_check("status", ProposalStatus, "chip_proposal_status_valid"),
        ]
        indexes = [
            models.Index(fields=["status", "-seen_count"], name="chip_proposal_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.vendor_id})"


# --- Digests ------------------------------------------------------------------


class DigestFrequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"


class SubscriptionQuerySet(models.QuerySet):
    def active(self) -> SubscriptionQuerySet:
        return self.filter(is_active=True)


class Subscription(models.Model):
    """Someone who gets a digest of what is new for the vendors they follow."""

    Frequency = DigestFrequency

    email = models.EmailField(unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="digest_subscription",
    )
    vendors = models.ManyToManyField(
        Vendor,
        blank=True,
        related_name="subscriptions",
        help_text="Vendors to hear about; none means all of them.",
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    min_confidence = models.FloatField(
        default=0.0, help_text="0..1: leave out claims asserted less firmly than this."
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The "since" cursor: end of the period covered by the last digest sent.
    # Only ever moves forward (see digests.send_due_digests).
    last_digest_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_sent_period = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Start of the last period sent."
    )

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["email"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_confidence__gte=0) & Q(min_confidence__lte=1),
                name="subscription_min_confidence_0_1",
            ),
            _choices_check("frequency", DigestFrequency, "subscription_frequency_valid"),
        ]
        indexes = [
            # send_due_digests scans active subscribers by frequency every hour.
            models.Index(fields=["is_active", "frequency"], name="subscription_due_idx"),
        ]

    def __str__(self) -> str:
        return self.email

    def save(self, *args, **kwargs) -> None:
        # One address, one subscription: compare addresses case-insensitively.
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class DigestStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    EMPTY = "empty", "Nothing new (not sent)"


class DigestQuerySet(models.QuerySet):
    def release_for_retry(self) -> int:
        """An operator's decision to send stuck or failed digests again (may duplicate one)."""
        return self.filter(status__in=[DigestStatus.SENDING, DigestStatus.FAILED]).update(
            status=DigestStatus.PENDING, attempts=0, claimed_at=None
        )


class Digest(models.Model):
    """One subscriber's digest for one period: the log that makes sending exactly-once.

    UNIQUE (subscription, period_start) means two runs, parallel or retried,
    share a single row per subscriber and period. A run sends only after it
    has moved the row from pending (or failed) to sending with a conditional
    UPDATE that matched exactly one row, so only one run can own a send.

    The SMTP boundary cannot be made exactly-once: if a process dies after
    handing the message to the server but before it records "sent", the row
    stays "sending". We choose AT-MOST-ONCE there: a "sending" row is never
    picked up again automatically (an operator can see it in the admin and
    release it for a retry), so a crash can lose one digest but never sends
    one twice. Little is lost even then: the subscriber's cursor
    (last_digest_at) did not move, so the next period's digest covers the
    news of the lost one. Rows that failed with an SMTP error (the server
    refused it or could not be reached) are retried up to MAX_ATTEMPTS times;
    an error after the server accepted the data is the one rare case that can
    duplicate a message.
    """

    Status = DigestStatus
    MAX_ATTEMPTS = 3

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="digests")
    frequency = models.CharField(max_length=10, choices=DigestFrequency.choices)
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    claim_count = models.PositiveIntegerField(default=0)
    conflict_count = models.PositiveIntegerField(default=0)
    verdict_count = models.PositiveIntegerField(default=0)
    article_count = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=255, blank=True)

    objects = DigestQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "subscription_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "period_start"], name="digest_once_per_period"
            ),
            models.CheckConstraint(
                condition=Q(period_start__lt=F("period_end")), name="digest_period_ordered"
            ),
            _choices_check("status", DigestStatus, "digest_status_valid"),
            _choices_check("frequency", DigestFrequency, "digest_frequency_valid"),
        ]
        indexes = [
            # send_due_digests reads the rows of the current periods in one query.
            models.Index(fields=["period_start", "status"], name="digest_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.frequency} digest {self.period_start:%Y-%m-%d} for {self.subscription_id}"

    @property
    def is_settled(self) -> bool:
        """Nothing more to do for this period: sent, empty, in flight, or out of retries."""
        if self.status == DigestStatus.FAILED:
            return self.attempts >= self.MAX_ATTEMPTS
        return self.status in (DigestStatus.SENT, DigestStatus.EMPTY, DigestStatus.SENDING)
