"""What the dashboard pages show, as plain functions over querysets."""

from __future__ import annotations

from dataclasses import dataclass

from chips.models import Claim, Vendor


@dataclass(frozen=True)
class HomeSummary:
    vendors: list[Vendor]
    latest_claims: list[Claim]


def home_summary(claim_limit: int = 20) -> HomeSummary:
    """Vendors with article and claim counts (busiest first) and the newest claims."""
    vendors = list(Vendor.objects.with_counts().order_by("-claim_count", "-article_count", "name"))
    latest = list(Claim.objects.for_display().latest_first()[:claim_limit])
    return HomeSummary(vendors=vendors, latest_claims=latest)
