"""Migration 0010_disputes: stored pairs become disputes, nothing lost."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.migrating import apps_before, migrate

BEFORE = [("chips", "0009_analysed_articles")]
AFTER = [("chips", "0010_disputes")]


@pytest.fixture
def old_apps(transactional_db):
    yield from apps_before(BEFORE)


def test_pairs_on_one_question_merge_into_one_dispute_with_every_claim(old_apps):
    Vendor = old_apps.get_model("chips", "Vendor")
    Chip = old_apps.get_model("chips", "Chip")
    Claim = old_apps.get_model("chips", "Claim")
    Conflict = old_apps.get_model("chips", "Conflict")
    Article = old_apps.get_model("newsfeed", "Article")
    huawei = Vendor.objects.create(slug="huawei", name="Huawei")
    chip = Chip.objects.create(vendor=huawei, slug="ascend-910c", name="Ascend 910C")
    now = timezone.now()

    def claim(n: int, value: str, polarity: str = "affirm", topic: str = "manufacturing", **kw):
        article = Article.objects.create(url=f"https://example.com/{n}", title=f"Story {n}")
        return Claim.objects.create(
            article=article,
            vendor=huawei,
            topic=topic,
            polarity=polarity,
            value=value,
            statement=f"claim {n}",
            quote=f"sentence {n}",
            confidence=0.5,
            fingerprint=f"fp{n}",
            claimed_at=now + timedelta(days=n),
            **kw,
        )

    smic, tsmc1, tsmc2 = claim(1, "SMIC", chip=chip), claim(2, "TSMC", chip=chip), claim(3, "TSMC")
    denied = claim(4, "TSMC", "deny", chip=chip)
    banned, licensed = (
        claim(5, "banned", topic="export_controls"),
        claim(6, "licensed", topic="export_controls"),
    )
    pair = {"vendor": huawei, "topic": "manufacturing"}
    Conflict.objects.create(claim_a=smic, claim_b=tsmc1, **pair)
    settled = Conflict.objects.create(
        claim_a=smic, claim_b=tsmc2, status="resolved", resolution_note="TSMC made it.", **pair
    )
    Conflict.objects.create(claim_a=tsmc1, claim_b=denied, **pair)
    Conflict.objects.create(
        claim_a=banned, claim_b=licensed, vendor=huawei, topic="export_controls", status="dismissed"
    )

    apps = migrate(AFTER)
    Conflict = apps.get_model("chips", "Conflict")
    ConflictClaim = apps.get_model("chips", "ConflictClaim")
    members = {(m.conflict_id, m.claim_id): m.side for m in ConflictClaim.objects.all()}
    foundry = Conflict.objects.get(value_a="SMIC", value_b="TSMC")
    # The settled pair is the one kept, with its note; the open pair on the same
    # question merged into it.
    assert foundry.pk == settled.pk
    assert (foundry.status, foundry.note, foundry.chip_id) == ("resolved", "TSMC made it.", chip.pk)
    assert {k[1]: v for k, v in members.items() if k[0] == foundry.pk} == {
        smic.pk: "a",
        tsmc1.pk: "b",
        tsmc2.pk: "b",
    }
    polarity = Conflict.objects.get(value_a="TSMC", value_b="TSMC")
    assert {k[1]: v for k, v in members.items() if k[0] == polarity.pk} == {
        tsmc1.pk: "a",
        denied.pk: "b",
    }
    ban = Conflict.objects.get(topic="export_controls")
    assert (ban.kind, ban.status, ban.outcome) == ("change", "dismissed", "not_a_contradiction")
    assert Conflict.objects.count() == 3
    assert len({c.question_key for c in Conflict.objects.all()}) == 3


@pytest.fixture
def apps_without_first_dates(transactional_db):
    yield from apps_before([("chips", "0017_claim_indexes_covered")])


def test_disputes_get_their_sides_first_dates_from_their_members_and_lose_them_backwards(
    apps_without_first_dates,
):
    apps = apps_without_first_dates
    Vendor = apps.get_model("chips", "Vendor")
    Claim = apps.get_model("chips", "Claim")
    Conflict = apps.get_model("chips", "Conflict")
    ConflictClaim = apps.get_model("chips", "ConflictClaim")
    Article = apps.get_model("newsfeed", "Article")
    huawei = Vendor.objects.create(slug="huawei", name="Huawei")
    now = timezone.now()

    def claim(n: int, value: str, days: int):
        article = Article.objects.create(url=f"https://example.com/{n}", title=f"Story {n}")
        return Claim.objects.create(
            article=article,
            vendor=huawei,
            topic="manufacturing",
            value=value,
            statement=f"claim {n}",
            quote=f"sentence {n}",
            confidence=0.5,
            fingerprint=f"fp{n}",
            claimed_at=now + timedelta(days=days),
        )

    dispute = Conflict.objects.create(
        vendor=huawei, topic="manufacturing", value_a="SMIC", value_b="TSMC", question_key="k"
    )
    for n, (value, days, side) in enumerate(
        [("SMIC", 7, "a"), ("SMIC", 3, "a"), ("TSMC", 9, "b"), ("TSMC", 12, "b")]
    ):
        ConflictClaim.objects.create(conflict=dispute, claim=claim(n, value, days), side=side)
    empty = Conflict.objects.create(vendor=huawei, topic="business", question_key="empty")

    after = migrate([("chips", "0018_dispute_first_dates")]).get_model("chips", "Conflict")
    filled = after.objects.get(pk=dispute.pk)
    assert (filled.first_a, filled.first_b) == (now + timedelta(days=3), now + timedelta(days=9))
    assert after.objects.filter(pk=empty.pk, first_a=None, first_b=None).exists()
    # Reversible: back before it, the columns are gone and the disputes remain.
    before = migrate([("chips", "0017_claim_indexes_covered")]).get_model("chips", "Conflict")
    assert before.objects.count() == 2
