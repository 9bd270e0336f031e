"""Why a claim has its confidence, and which independent sources say the same.

For the claim's page; pure functions over rows already loaded, but `corroborating`
(one query): `explain(claim)` reads the basis the extractor recorded
(`Claim.confidence_basis`), `independent_sources(claim, others)` groups the claims of
other articles asserting the same thing into independent sources — one outlet, or one
story and its syndicated copies, count once (as `Claim.corroborations` does).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from chips.models import Claim

ORIGIN_KINDS = {
    "company": "the company itself",
    "listed": "a source ChipWatch rates",
    "named": "a named source",
    "none": "not attributed to anyone",
}


@dataclass(frozen=True)
class ConfidenceExplanation:
    confidence: float
    recorded: bool  # the extractor recorded how it reached the figure
    method: str
    hedges: list[str] = field(default_factory=list)
    hedge_factor: float | None = None
    origin: str = ""
    origin_kind: str = ""
    outlet: str = ""
    outlet_reliability: float | None = None
    headline: bool = False
    extractor_version: str = ""
    # The learned claim filter's score ("is this claim fully right?") and the bar it passed.
    filter_score: float | None = None
    filter_threshold: float | None = None

    @property
    def origin_kind_label(self) -> str:
        return ORIGIN_KINDS.get(self.origin_kind, self.origin_kind)


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def explain(claim: Claim) -> ConfidenceExplanation:
    """How the claim's confidence was reached, from what the extractor recorded.

    Claims an editor stated (curated, by hand) or found before the basis was kept have
    none: the explanation then says only what the claim itself holds.
    """
    basis = claim.confidence_basis if isinstance(claim.confidence_basis, dict) else {}
    source = claim.article.source if claim.article.source_id else None
    outlet_reliability = _float(basis.get("outlet_reliability"))
    if outlet_reliability is None and source is not None:
        outlet_reliability = source.reliability
    origin = str(basis.get("origin") or claim.origin or "")
    hedges = basis.get("hedges") or []
    return ConfidenceExplanation(
        confidence=claim.confidence,
        recorded=bool(basis),
        method=claim.get_method_display(),
        hedges=[str(h) for h in hedges] if isinstance(hedges, list) else [],
        hedge_factor=_float(basis.get("hedge_factor")),
        origin=origin,
        origin_kind=str(basis.get("origin_kind") or ("named" if origin else "none")),
        outlet=source.name if source is not None else "",
        outlet_reliability=outlet_reliability,
        headline=bool(basis.get("headline", claim.headline)),
        extractor_version=claim.extractor_version,
        filter_score=_float(basis.get("filter_score")),
        filter_threshold=_float(basis.get("filter_threshold")),
    )


@dataclass
class SourceGroup:
    """One independent source: the claims of one outlet and of the stories it told,
    syndicated copies included."""

    claims: list[Claim]

    @property
    def first(self) -> Claim:
        return min(self.claims, key=lambda claim: (claim.claimed_at, claim.pk))

    @property
    def copies(self) -> int:
        """Further articles of this source saying the same (not counted again)."""
        return len({claim.article_id for claim in self.claims}) - 1


# Enough to show every source of even a much-repeated claim, in one query.
CORROBORATION_LIMIT = 200


def corroborating(claim: Claim) -> list[Claim]:
    """The claims of other articles saying the same thing, with their articles (one query)."""
    rows = claim.corroborating().select_related("article__source").order_by("claimed_at", "pk")
    # Only what grouping and the page read (up to 200 rows): each report's date, origin
    # and confidence, its article's story, title and link, its outlet's name. Not the
    # ~60 other columns of three tables (the articles' bodies are tens of KB each), whose
    # fields Django builds row by row.
    rows = rows.only(
        "claimed_at",
        "origin",
        "confidence",
        "article__duplicate_of_id",
        "article__title",
        "article__url",
        "article__source__name",
    )
    return list(rows[:CORROBORATION_LIMIT])


def _story(claim: Claim) -> int:
    return claim.article.duplicate_of_id or claim.article_id


def independent_sources(claim: Claim, others: Iterable[Claim]) -> list[SourceGroup]:
    """Other claims asserting the same thing, grouped by independent source (oldest
    first); the claim's own outlet and story are not a corroboration of it."""
    everyone = [claim, *others]
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for item in everyone:
        story = find(("story", _story(item)))
        if item.article.source_id is not None:
            parent[story] = find(("source", item.article.source_id))
    own = find(("story", _story(claim)))
    groups: dict[tuple[str, int], list[Claim]] = {}
    for item in everyone[1:]:
        root = find(("story", _story(item)))
        if root != own:
            groups.setdefault(root, []).append(item)
    found = [SourceGroup(claims) for claims in groups.values()]
    found.sort(key=lambda group: (group.first.claimed_at, group.first.pk))
    return found
