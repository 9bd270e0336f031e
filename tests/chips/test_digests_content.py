"""What goes into a digest: selection by vendor, confidence and window; built in few queries."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chips.digests.content import (
    CLAIMS_PER_VENDOR,
    build_digest,
    build_digests,
    followed_vendor_ids,
)
from chips.digests.periods import period_for
from chips.models import Claim, Conflict, Subscription
from tests.chips.digesting import NOW, YESTERDAY, claim_at, conflict_at, ingested, subscriber
from tests.factories import ArticleFactory, VendorFactory, VendorMentionFactory

pytestmark = pytest.mark.django_db

DAILY = period_for("daily", NOW)


def statements(content) -> set[str]:
    return {c.statement for group in content.vendors for c in group.claims}


def test_it_holds_only_the_claims_of_the_vendors_followed_grouped_by_vendor():
    nvidia, huawei, amd = (
        VendorFactory(slug=s, name=s.title()) for s in ("nvidia", "huawei", "amd")
    )
    claim_at(vendor=nvidia, statement="H20 resumes")
    claim_at(vendor=huawei, statement="910C on SMIC N+2")
    claim_at(vendor=amd, statement="MI400 sampling")
    content = build_digest(subscriber(vendors=[nvidia, huawei]), DAILY)
    assert [g.vendor.slug for g in content.vendors] == ["huawei", "nvidia"]
    assert statements(content) == {"H20 resumes", "910C on SMIC N+2"}


def test_following_no_vendor_means_every_vendor():
    claim_at(statement="one")
    claim_at(statement="two")
    assert statements(build_digest(subscriber(), DAILY)) == {"one", "two"}


def test_claims_below_the_minimum_confidence_are_left_out():
    claim_at(statement="firm", confidence=0.9)
    claim_at(statement="rumour", confidence=0.3)
    assert statements(build_digest(subscriber(min_confidence=0.5), DAILY)) == {"firm"}


def test_only_claims_ingested_in_the_window_are_new():
    claim_at(NOW - timedelta(days=3), statement="old news")
    claim_at(YESTERDAY, statement="yesterday")
    claim_at(NOW, statement="today, for tomorrow's digest")
    assert statements(build_digest(subscriber(), DAILY)) == {"yesterday"}


def test_since_the_last_digest_includes_what_came_after_it_in_earlier_days():
    claim_at(NOW - timedelta(days=2, hours=12), statement="before the last digest")
    claim_at(NOW - timedelta(days=1, hours=12), statement="missed by an empty day")
    sub = subscriber(last_digest_at=NOW - timedelta(days=2, hours=6))
    assert statements(build_digest(sub, DAILY)) == {"missed by an empty day"}


def test_new_conflicts_that_are_still_open_are_shown_with_both_claims():
    open_one = conflict_at()
    resolved = conflict_at()
    resolved.resolve("not_a_contradiction", "settled")
    conflict_at(NOW - timedelta(days=5))  # not new
    content = build_digest(subscriber(), DAILY)
    assert [c.pk for c in content.conflicts] == [open_one.pk]
    assert content.conflicts[0].claim_a.statement and content.conflicts[0].claim_b.statement
    assert not content.vendors  # the conflicting claims themselves are old
    assert Conflict.objects.count() == 3


def test_verdicts_given_in_the_period_are_listed():
    editor = get_user_model().objects.create_user("ed")
    old = claim_at(NOW - timedelta(days=40), statement="old claim, new verdict")
    old.give_verdict(Claim.Status.VERIFIED, editor)
    Claim.objects.filter(pk=old.pk).update(reviewed_at=YESTERDAY)
    earlier = claim_at(NOW - timedelta(days=40), statement="verdict long ago")
    earlier.give_verdict(Claim.Status.REJECTED, editor)
    Claim.objects.filter(pk=earlier.pk).update(reviewed_at=NOW - timedelta(days=20))
    content = build_digest(subscriber(), DAILY)
    assert [c.statement for c in content.verdicts] == ["old claim, new verdict"]


def test_articles_are_ranked_by_mentions_and_claims_of_the_vendors_followed():
    nvidia, amd = VendorFactory(slug="nvidia"), VendorFactory(slug="amd")
    busy = ingested(ArticleFactory(title="Busy"), YESTERDAY)
    quiet = ingested(ArticleFactory(title="Quiet"), YESTERDAY)
    other = ingested(ArticleFactory(title="About AMD only"), YESTERDAY)
    VendorMentionFactory(article=busy, vendor=nvidia, count=2)
    VendorMentionFactory(article=quiet, vendor=nvidia, count=3)
    VendorMentionFactory(article=other, vendor=amd, count=9)
    claim_at(vendor=nvidia, article=busy)
    content = build_digest(subscriber(vendors=[nvidia]), DAILY)
    assert [item.article.title for item in content.articles] == ["Busy", "Quiet"]
    assert [item.score for item in content.articles] == [4, 3]


def test_nothing_new_makes_an_empty_digest():
    claim_at(NOW - timedelta(days=9))
    assert build_digest(subscriber(), DAILY).is_empty


def test_subscribers_who_follow_the_same_vendors_share_one_built_digest():
    vendor = VendorFactory()
    claim_at(vendor=vendor)
    a, b = subscriber(vendors=[vendor]), subscriber(vendors=[vendor])
    contents = build_digests([a, b], NOW)
    assert contents[a.pk] is contents[b.pk]
    assert contents[a.pk].claim_count == 1


def test_building_for_many_subscribers_takes_a_constant_number_of_queries():
    vendors = VendorFactory.create_batch(30)
    for i, vendor in enumerate(vendors):
        claim_at(vendor=vendor, confidence=0.5 + (i % 5) / 10)
    for i in range(200):
        subscriber(
            vendors=[vendors[i % 30], vendors[(i * 7) % 30]],
            frequency="weekly" if i % 4 == 0 else "daily",
            min_confidence=(i % 3) / 10,
        )

    def queries(subscriptions: list[Subscription]) -> tuple[int, dict]:
        with CaptureQueriesContext(connection) as captured:
            contents = build_digests(subscriptions, NOW, followed=followed_vendor_ids())
        return len(captured), contents

    all_subscriptions = list(Subscription.objects.all())
    few, _ = queries(all_subscriptions[:10])
    many, contents = queries(all_subscriptions)
    assert many == few <= 13
    assert sum(1 for c in contents.values() if not c.is_empty) > 100


def test_a_busy_vendor_shows_its_most_confident_claims_and_counts_the_rest():
    vendor = VendorFactory()
    for i in range(CLAIMS_PER_VENDOR + 3):
        claim_at(vendor=vendor, confidence=round(0.5 + i / 100, 2))
    [group] = build_digest(subscriber(), DAILY).vendors
    assert group.total == CLAIMS_PER_VENDOR + 3 and group.more == 3
    assert [c.confidence for c in group.claims] == sorted(
        (c.confidence for c in group.claims), reverse=True
    )
    assert min(c.confidence for c in group.claims) == 0.53
