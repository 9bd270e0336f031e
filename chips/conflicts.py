"""Which claims contradict each other (DESIGN.md's rules), and how many sources agree.

Two claims conflict when they are about the same vendor, the same chip where both
name one, and the same topic, and either assert the same value with opposite
polarity, or both affirm different values of a single-valued topic (the foundry under
manufacturing, domestic vs foreign under supply_chain, banned vs licensed under
export_controls: the `exclusive` groups of the lexicon). Claims of one story (one
article and its syndicated copies) never conflict with each other, and a rejected
claim opens no conflict.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from django.db import IntegrityError, transaction
from django.db.models import Q

from chips.lexicons import Lexicon, load_lexicon
from chips.models import Claim, ClaimStatus, Conflict


class ClaimLike(Protocol):
    vendor_id: int
    chip_id: int | None
    topic: str
    polarity: str
    value: str


def story_of(claim: Claim) -> int:
    """The story a claim's article tells: the original article for a syndicated copy."""
    return claim.article.duplicate_of_id or claim.article_id


class ConflictDetector:
    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or load_lexicon()

    def contradict(self, a: ClaimLike, b: ClaimLike) -> bool:
        """DESIGN.md's rule on the assertions alone (pure: no story or status checks)."""
        if a.vendor_id != b.vendor_id or a.topic != b.topic:
            return False
        if a.chip_id and b.chip_id and a.chip_id != b.chip_id:
            return False
        value_a, value_b = (a.value or "").casefold(), (b.value or "").casefold()
        if value_a == value_b:
            if not value_a and a.topic not in self.lexicon.valueless_conflict_topics:
                return False
            return a.polarity != b.polarity
        if a.polarity != Claim.Polarity.AFFIRM or b.polarity != Claim.Polarity.AFFIRM:
            return False
        group_a = self.lexicon.exclusive_group(a.topic, value_a)
        return group_a is not None and group_a == self.lexicon.exclusive_group(b.topic, value_b)

    def candidates(self, claim: Claim) -> Iterable[Claim]:
        chip = Q(chip__isnull=True) | Q(chip_id=claim.chip_id) if claim.chip_id else Q()
        return (
            Claim.objects.filter(chip, vendor_id=claim.vendor_id, topic=claim.topic)
            .exclude(pk=claim.pk)
            .exclude(status=ClaimStatus.REJECTED)
            .select_related("article")
        )

    def check(self, claim: Claim) -> list[Conflict]:
        """Store a conflict for every existing claim this one contradicts (once per pair)."""
        if claim.status == ClaimStatus.REJECTED:
            return []
        story = story_of(claim)
        found = []
        for other in self.candidates(claim):
            if story_of(other) == story or not self.contradict(claim, other):
                continue
            found.append(record_conflict(claim, other))
        return found


def record_conflict(one: Claim, other: Claim) -> Conflict:
    first, second = sorted((one, other), key=lambda claim: claim.pk)
    try:
        with transaction.atomic():
            conflict, _ = Conflict.objects.get_or_create(
                claim_a=first,
                claim_b=second,
                defaults={"vendor_id": first.vendor_id, "topic": first.topic},
            )
    except IntegrityError:  # another worker stored the same pair first
        conflict = Conflict.objects.get(claim_a=first, claim_b=second)
    return conflict


# ---------------------------------------------------------------------------------------
# Corroboration


def corroboration_key(claim: Claim) -> tuple[int, int | None, str, str, str]:
    return (claim.vendor_id, claim.chip_id, claim.topic, claim.polarity, claim.value.casefold())


def count_independent(pairs: Iterable[tuple[int | None, int]]) -> int:
    """Independent sources among (source id, story id) pairs.

    Two reports are one source when they come from the same outlet or tell the same
    story (syndicated copies), transitively: connected components of that relation.
    """
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    stories = set()
    for source_id, story_id in pairs:
        story = ("story", story_id)
        stories.add(story)
        if source_id is not None:
            parent[find(story)] = find(("source", source_id))
    return len({find(story) for story in stories})


def update_corroborations(keys: Iterable[tuple[int, int | None, str, str, str]]) -> int:
    """Recount `Claim.corroborations` for every claim asserting one of these things."""
    updated = 0
    for vendor_id, chip_id, topic, polarity, value in set(keys):
        claims = list(
            Claim.objects.filter(
                vendor_id=vendor_id,
                chip_id=chip_id,
                topic=topic,
                polarity=polarity,
                value__iexact=value,
            )
            .exclude(status=ClaimStatus.REJECTED)
            .select_related("article")
        )
        count = (
            count_independent((claim.article.source_id, story_of(claim)) for claim in claims) or 1
        )
        stale = [claim.pk for claim in claims if claim.corroborations != count]
        if stale:
            # A plain UPDATE: a recount is not an editor's change worth a history entry.
            updated += Claim.objects.filter(pk__in=stale).update(corroborations=count)
    return updated
