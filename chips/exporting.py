"""Export rows (DESIGN.md's contract) for `manage.py export`.

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


def conflict_chip_slug(conflict: Conflict) -> str | None:
    """The chip both claims are about; one naming a chip and the other none still counts."""
    chips = {claim.chip.slug for claim in (conflict.claim_a, conflict.claim_b) if claim.chip}
    return chips.pop() if len(chips) == 1 else None


def conflict_records() -> Iterator[dict[str, Any]]:
    conflicts = Conflict.objects.select_related(
        "vendor", "claim_a__chip", "claim_b__chip"
    ).order_by("pk")
    for conflict in conflicts.iterator(chunk_size=CHUNK):
        yield {
            "id": conflict.pk,
            "claim_a": conflict.claim_a_id,
            "claim_b": conflict.claim_b_id,
            "vendor": conflict.vendor.slug,
            "chip": conflict_chip_slug(conflict),
            "topic": conflict.topic,
            "status": conflict.status,
            # Both dates, so a later claim superseding an earlier one shows as such.
            "claimed_at_a": newsfeed_exporting.isoformat(conflict.claim_a.claimed_at),
            "claimed_at_b": newsfeed_exporting.isoformat(conflict.claim_b.claimed_at),
            "superseding": conflict.superseding.pk,
            "detected_at": newsfeed_exporting.isoformat(conflict.detected_at),
            "resolution_note": conflict.resolution_note,
        }


EXPORTERS: dict[str, Callable[[], Iterator[dict[str, Any]]]] = {
    "feeds": newsfeed_exporting.feed_records,
    "articles": article_records,
    "claims": claim_records,
    "conflicts": conflict_records,
}
