"""Export rows (the contract in docs/contract.md) for `manage.py export`.

Articles come from newsfeed's own export, extended with the vendors and chips
chips found in them; claims and conflicts are chips' own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from chips.models import ChipMention, Claim, Conflict, VendorMention
from newsfeed import exporting as newsfeed_exporting

CHUNK = 500


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """itertools.batched arrived in Python 3.12."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def article_records() -> Iterator[dict[str, Any]]:
    articles = newsfeed_exporting.article_queryset().iterator(chunk_size=CHUNK)
    for batch in batched(articles, CHUNK):
        ids = [article.pk for article in batch]
        vendors = _slugs_by_article(
            VendorMention.objects.filter(article_id__in=ids).values_list(
                "article_id", "vendor__slug"
            )
        )
        chips = _slugs_by_article(
            ChipMention.objects.filter(article_id__in=ids).values_list("article_id", "chip__slug")
        )
        for article in batch:
            record = newsfeed_exporting.article_record(article)
            record["vendors"] = vendors.get(article.pk, [])
            record["chips"] = chips.get(article.pk, [])
            yield record


def _slugs_by_article(rows: Iterable[tuple[int, str]]) -> dict[int, list[str]]:
    slugs: dict[int, list[str]] = defaultdict(list)
    for article_id, slug in rows:
        slugs[article_id].append(slug)
    return {article_id: sorted(values) for article_id, values in slugs.items()}


def claim_record(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.pk,
        "vendor": claim.vendor.slug,
        "chip": claim.chip.slug if claim.chip else None,
        "topic": claim.topic,
        "polarity": claim.polarity,
        "value": claim.value or None,
        "statement": claim.statement,
        "quote": claim.quote,
        "article_url": claim.article.url,
        "origin": claim.origin or None,
        "confidence": round(claim.confidence, 3),
        "status": claim.status,
        "method": claim.method,
        "corroborations": claim.corroborations,
        "headline": claim.headline,
        "extractor_version": claim.extractor_version or None,
        "claimed_at": newsfeed_exporting.isoformat(claim.claimed_at),
    }


def claim_records() -> Iterator[dict[str, Any]]:
    claims = Claim.objects.select_related("vendor", "chip", "article").order_by("pk")
    for claim in claims.iterator(chunk_size=CHUNK):
        yield claim_record(claim)


def conflict_record(conflict: Conflict) -> dict[str, Any]:
    """One dispute (members and their claims loaded by Conflict.objects.for_display)."""
    dispute = conflict.dispute
    side_a, side_b = dispute.a.claims, dispute.b.claims
    if conflict.is_polarity:
        values = [conflict.value_a] if conflict.value_a else []
    else:
        values = [conflict.value_a, conflict.value_b]
    return {
        "id": conflict.pk,
        "claim_a": side_a[0].pk if side_a else None,
        "claim_b": side_b[0].pk if side_b else None,
        "side_a": sorted(claim.pk for claim in side_a),
        "side_b": sorted(claim.pk for claim in side_b),
        "values": values,
        # Side A affirms value_a; side B affirms value_b, or denies value_a when it is
        # one value affirmed and denied.
        "polarity_b": "deny" if conflict.is_polarity else "affirm",
        "vendor": conflict.vendor.slug,
        "chip": conflict.chip.slug if conflict.chip else None,
        "topic": conflict.topic,
        "kind": conflict.kind,
        "status": conflict.status,
        "outcome": conflict.outcome or None,
        "question": dispute.question,
        "reason": dispute.reason,
        # Independent sources per side (distinct outlets; syndicated copies count once).
        "sources_a": dispute.a.sources,
        "sources_b": dispute.b.sources,
        # The first report of each side, so a later state replacing an earlier one shows.
        "since_a": dispute.a.since.isoformat() if dispute.a.since else None,
        "since_b": dispute.b.since.isoformat() if dispute.b.since else None,
        "detected_at": newsfeed_exporting.isoformat(conflict.detected_at),
        "note": conflict.note,
    }


def conflict_records() -> Iterator[dict[str, Any]]:
    ids = Conflict.objects.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=CHUNK)
    for batch in batched(ids, CHUNK):
        for conflict in Conflict.objects.for_display().filter(pk__in=batch).order_by("pk"):
            yield conflict_record(conflict)


EXPORTERS: dict[str, Callable[[], Iterator[dict[str, Any]]]] = {
    "feeds": newsfeed_exporting.feed_records,
    "articles": article_records,
    "claims": claim_records,
    "conflicts": conflict_records,
}
