"""Load the vendor/chip catalogue and curated claims from seed files.

Create-only, like newsfeed.seeding: existing rows are never overwritten, so
loading twice changes nothing and editors' later edits are kept.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from chips.conflicts import ConflictDetector
from chips.models import Chip, Claim, Vendor
from newsfeed.models import Article
from newsfeed.seeding import SeedCount


def _clean_aliases(aliases: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for alias in aliases:
        alias = alias.strip()
        if alias and alias not in seen:
            seen.append(alias)
    return seen


@transaction.atomic
def load_vendors(entries: Iterable[dict]) -> SeedCount:
    count = SeedCount()
    for entry in entries:
        _, created = Vendor.objects.get_or_create(
            slug=entry["slug"],
            defaults={
                "name": entry["name"],
                "aliases": _clean_aliases(entry.get("aliases", [])),
                "country": entry.get("country", ""),
                "kind": entry.get("kind", Vendor.Kind.DESIGNER),
                "website": entry.get("website", ""),
            },
        )
        count.created += created
        count.kept += not created
    return count


@transaction.atomic
def load_chips(entries: Iterable[dict]) -> SeedCount:
    count = SeedCount()
    vendors = {vendor.slug: vendor for vendor in Vendor.objects.all()}
    for entry in entries:
        vendor = vendors.get(entry["vendor"])
        if vendor is None:
            raise ValueError(f"chip {entry['slug']!r} names unknown vendor {entry['vendor']!r}")
        _, created = Chip.objects.get_or_create(
            slug=entry["slug"],
            defaults={
                "vendor": vendor,
                "name": entry["name"],
                "aliases": _clean_aliases(entry.get("aliases", [])),
                "process": entry.get("process") or "",
                "memory": entry.get("memory") or "",
                "status": entry.get("status") or Chip.Status.ANNOUNCED,
                "workload": entry.get("workload") or "",
                "year": entry.get("year"),
            },
        )
        count.created += created
        count.kept += not created
    return count


@transaction.atomic
def load_claims(entries: Iterable[dict]) -> SeedCount:
    """Curated claims, each tied to a seeded article by URL and found again by fingerprint.

    Besides the seed story's own claims, a few summarise real public reports (in our own
    words, with outlet, URL and date) on the same questions, so that a first run already
    shows a dispute (who makes the Ascend 910B/910C) and a change (the H20's ban, then
    licences)."""
    count = SeedCount()
    for entry in entries:
        article = Article.objects.get(url=entry["article_url"])
        vendor = Vendor.objects.get(slug=entry["vendor"])
        chip = Chip.objects.get(slug=entry["chip"]) if entry.get("chip") else None
        fingerprint = Claim.make_fingerprint(
            vendor.slug,
            chip.slug if chip else None,
            entry["topic"],
            entry["polarity"],
            entry.get("value") or "",
            entry["quote"],
        )
        if Claim.objects.filter(article=article, fingerprint=fingerprint).exists():
            count.kept += 1
            continue
        claim = Claim(
            article=article,
            vendor=vendor,
            chip=chip,
            topic=entry["topic"],
            polarity=entry["polarity"],
            value=entry.get("value") or "",
            statement=entry["statement"],
            quote=entry["quote"],
            origin=entry.get("origin") or "",
            confidence=entry["confidence"],
            method=Claim.Method.CURATED,
            claimed_at=article.published_at or article.created_at,
        )
        claim.full_clean(exclude=["fingerprint"])
        claim.save()
        count.created += 1
        count.created_ids.append(claim.pk)
    return count


def detect_conflicts(claim_ids: Iterable[int]) -> int:
    """Check newly loaded curated claims against every other claim, through the same
    public detector analysis uses; returns how many conflicts they are in."""
    detector = ConflictDetector()
    found = 0
    for claim in Claim.objects.filter(pk__in=list(claim_ids)).select_related("article"):
        found += len(detector.check(claim))
    return found
