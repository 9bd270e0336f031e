"""Conflict rules of DESIGN.md, stored once per pair, and corroboration counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from chips.conflicts import ConflictDetector, count_independent, update_corroborations
from chips.models import Claim, Conflict
from tests.factories import ArticleFactory, ChipFactory, ClaimFactory, SourceFactory, VendorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def detector():
    return ConflictDetector()


@pytest.fixture
def vendor():
    return VendorFactory(slug="huawei", name="Huawei")


def claim(vendor, **fields):
    fields.setdefault("article", ArticleFactory())
    return ClaimFactory(vendor=vendor, **fields)


def test_the_same_value_with_opposite_polarity_conflicts(detector, vendor):
    made = claim(vendor, topic="manufacturing", value="TSMC")
    denied = claim(vendor, topic="manufacturing", value="TSMC", polarity="deny")
    assert [c.claim_a_id for c in detector.check(denied)] == [made.pk]


@pytest.mark.parametrize(
    ("topic", "one", "other"),
    [
        ("manufacturing", "SMIC", "TSMC"),
        ("supply_chain", "domestic", "foreign"),
        ("export_controls", "banned", "licensed"),
    ],
)
def test_different_values_of_a_single_valued_topic_conflict(detector, vendor, topic, one, other):
    claim(vendor, topic=topic, value=one)
    assert len(detector.check(claim(vendor, topic=topic, value=other))) == 1


@pytest.mark.parametrize(
    ("topic", "one", "other"),
    [
        ("manufacturing", "7nm", "5nm"),  # a foundry can run both nodes
        ("manufacturing", "SMIC", "7nm"),
        ("workload", "training", "inference"),
        ("memory", "HBM3", "Samsung"),
    ],
)
def test_values_that_can_both_hold_do_not_conflict(detector, vendor, topic, one, other):
    claim(vendor, topic=topic, value=one)
    assert detector.check(claim(vendor, topic=topic, value=other)) == []


def test_claims_about_different_vendors_topics_or_chips_do_not_conflict(detector, vendor):
    first, second = ChipFactory(vendor=vendor), ChipFactory(vendor=vendor)
    claim(vendor, topic="manufacturing", value="SMIC", chip=first)
    claim(VendorFactory(), topic="manufacturing", value="TSMC")
    claim(vendor, topic="export_controls", value="banned")
    assert detector.check(claim(vendor, topic="manufacturing", value="TSMC", chip=second)) == []


def test_a_claim_without_a_chip_conflicts_with_one_naming_a_chip(detector, vendor):
    claim(vendor, topic="manufacturing", value="SMIC", chip=ChipFactory(vendor=vendor))
    assert len(detector.check(claim(vendor, topic="manufacturing", value="TSMC"))) == 1


def test_vague_business_remarks_do_not_conflict_but_development_does(detector, vendor):
    claim(vendor, topic="business", value="")
    assert detector.check(claim(vendor, topic="business", value="", polarity="deny")) == []
    claim(vendor, topic="development", value="")
    assert len(detector.check(claim(vendor, topic="development", value="", polarity="deny"))) == 1


def test_syndicated_copies_of_one_story_do_not_conflict(detector, vendor):
    original = ArticleFactory()
    copy = ArticleFactory(duplicate_of=original)
    claim(vendor, article=original, topic="manufacturing", value="SMIC")
    assert detector.check(claim(vendor, article=copy, topic="manufacturing", value="TSMC")) == []


def test_a_rejected_claim_opens_no_conflict(detector, vendor):
    claim(vendor, topic="manufacturing", value="SMIC")
    rejected = claim(vendor, topic="manufacturing", value="TSMC", status="rejected")
    assert detector.check(rejected) == []
    assert detector.check(claim(vendor, topic="manufacturing", value="Samsung")) != []
    assert not Conflict.objects.filter(claim_a=rejected).exists()


def test_a_conflict_is_stored_once_per_pair_in_id_order(detector, vendor):
    first = claim(vendor, topic="manufacturing", value="SMIC")
    second = claim(vendor, topic="manufacturing", value="TSMC")
    detector.check(second)
    detector.check(first)
    detector.check(second)
    (conflict,) = Conflict.objects.all()
    assert (conflict.claim_a, conflict.claim_b) == (first, second)
    assert (conflict.vendor, conflict.topic) == (vendor, "manufacturing")


def test_the_later_claim_is_shown_as_superseding_with_both_dates_kept(detector, vendor):
    now = timezone.now()
    lifted = claim(vendor, topic="export_controls", value="licensed", claimed_at=now)
    banned = claim(
        vendor, topic="export_controls", value="banned", claimed_at=now - timedelta(days=90)
    )
    (conflict,) = detector.check(banned)
    assert conflict.superseding == lifted and conflict.superseded == banned
    assert conflict.claim_a.claimed_at != conflict.claim_b.claimed_at


# Corroboration --------------------------------------------------------------------------


def test_independent_sources_are_counted_once_per_outlet_and_per_story():
    assert count_independent([(1, 10), (2, 20), (3, 30)]) == 3
    assert count_independent([(1, 10), (1, 11)]) == 1  # one outlet, two articles
    assert count_independent([(1, 10), (2, 10)]) == 1  # a syndicated copy of story 10
    assert count_independent([(None, 10), (None, 11)]) == 2


def test_corroborations_count_distinct_sources_but_not_syndicated_copies(vendor):
    reuters, ft, portal = (SourceFactory() for _ in range(3))
    original = ArticleFactory(source=reuters)
    copy = ArticleFactory(source=portal, duplicate_of=original)
    other = ArticleFactory(source=ft)
    claims = [
        claim(vendor, article=article, topic="manufacturing", value="SMIC")
        for article in (original, copy, other)
    ]
    lone = claim(vendor, topic="manufacturing", value="TSMC")
    update_corroborations({(vendor.pk, None, "manufacturing", "affirm", "smic")})
    assert [Claim.objects.get(pk=c.pk).corroborations for c in claims] == [2, 2, 2]
    assert Claim.objects.get(pk=lone.pk).corroborations == 1
