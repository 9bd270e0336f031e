"""The counts the dashboard shows (claims per vendor and chip, articles per vendor) are
kept by the database (chips.models.Tally and its triggers), whichever way rows change:
one save, bulk_create, a queryset update or delete, a cascade (mentions and feed entries
of a deleted article)."""

from __future__ import annotations

from importlib import import_module
from types import SimpleNamespace

import pytest
from django.db import connection

from chips.dashboard.feeds import feed_health
from chips.models import Chip, Claim, Tally, Vendor, VendorMention
from newsfeed.models import Feed, FeedEntry
from tests.factories import (
    ArticleFactory,
    ChipFactory,
    ClaimFactory,
    FeedFactory,
    VendorFactory,
    VendorMentionFactory,
)

pytestmark = pytest.mark.django_db


def counted(vendor: Vendor) -> tuple[int, int]:
    """(article_count, claim_count) as the dashboard reads them."""
    row = Vendor.objects.with_counts().get(pk=vendor.pk)
    return row.article_count, row.claim_count


def chip_claims(chip: Chip) -> int:
    return Tally.counts(Tally.Counter.CHIP_CLAIMS).get(chip.pk, 0)


def test_a_vendor_without_claims_or_articles_counts_zero():
    assert counted(VendorFactory()) == (0, 0)


def test_saved_and_bulk_created_claims_are_counted_for_their_vendor_and_chip():
    vendor = VendorFactory()
    chip = ChipFactory(vendor=vendor)
    ClaimFactory(vendor=vendor, chip=chip)
    ClaimFactory(vendor=vendor)  # no chip
    article = ArticleFactory()
    Claim.objects.bulk_create(
        [
            Claim(
                article=article,
                vendor=vendor,
                chip=chip,
                topic="memory",
                value="HBM3",
                statement=f"Claim {i}",
                quote=f"Sentence {i}.",
                confidence=0.5,
                claimed_at=article.published_at,
                fingerprint=f"bulk-{i}",
            )
            for i in range(5)
        ]
    )

    assert counted(vendor) == (0, 7)
    assert chip_claims(chip) == 6


def test_deleted_claims_are_uncounted_one_or_many_at_once():
    vendor = VendorFactory()
    chip = ChipFactory(vendor=vendor)
    one = ClaimFactory(vendor=vendor, chip=chip)
    for _ in range(3):
        ClaimFactory(vendor=vendor, chip=chip, article=one.article)

    one.delete()
    assert counted(vendor) == (0, 3)
    Claim.objects.filter(article=one.article).delete()

    assert counted(vendor) == (0, 0)
    assert chip_claims(chip) == 0


def test_a_claim_moved_to_another_vendor_or_chip_moves_its_count():
    first, second = VendorFactory(), VendorFactory()
    chip = ChipFactory(vendor=second)
    claim = ClaimFactory(vendor=first)

    claim.vendor, claim.chip = second, chip
    claim.save()
    assert (counted(first), counted(second), chip_claims(chip)) == ((0, 0), (0, 1), 1)

    Claim.objects.filter(pk=claim.pk).update(chip=None)
    assert chip_claims(chip) == 0
    assert counted(second) == (0, 1)


def test_updating_other_fields_of_claims_changes_no_count():
    vendor = VendorFactory()
    chip = ChipFactory(vendor=vendor)
    claims = [ClaimFactory(vendor=vendor, chip=chip) for _ in range(3)]

    Claim.objects.filter(vendor=vendor).update(corroborations=2)
    claims[0].give_verdict(Claim.Status.VERIFIED, None)

    assert counted(vendor) == (0, 3)
    assert chip_claims(chip) == 3


def test_vendor_mentions_count_the_articles_naming_a_vendor():
    vendor, other = VendorFactory(), VendorFactory()
    mentions = [VendorMentionFactory(vendor=vendor) for _ in range(3)]
    VendorMention.objects.bulk_create(
        [VendorMention(article=ArticleFactory(), vendor=vendor) for _ in range(2)]
    )
    VendorMention.objects.filter(pk=mentions[0].pk).update(vendor=other)
    mentions[1].article.delete()

    assert counted(vendor) == (3, 0)
    assert counted(other) == (1, 0)


def test_the_migration_counts_the_rows_already_there_and_keeps_counting():
    vendor = VendorFactory()
    chip = ChipFactory(vendor=vendor)
    for _ in range(4):
        ClaimFactory(vendor=vendor, chip=chip)
    VendorMentionFactory(vendor=vendor)
    tallies = import_module("chips.migrations.0012_tallies")
    editor = SimpleNamespace(connection=connection)  # all the migration's functions use

    tallies.drop(None, editor)
    Tally.objects.all().delete()
    ClaimFactory(vendor=vendor)  # while no trigger counts
    tallies.create(None, editor)
    assert (counted(vendor), chip_claims(chip)) == ((1, 5), 4)

    ClaimFactory(vendor=vendor, chip=chip)
    assert (counted(vendor), chip_claims(chip)) == ((1, 6), 5)


def test_counts_match_the_rows_after_a_mix_of_changes():
    vendors = [VendorFactory() for _ in range(3)]
    chips = [ChipFactory(vendor=v) for v in vendors]
    for i in range(12):
        ClaimFactory(vendor=vendors[i % 3], chip=chips[(i * 2) % 3] if i % 4 else None)
    Claim.objects.filter(pk__in=Claim.objects.values("pk")[:3]).delete()
    Claim.objects.filter(chip__isnull=True).update(chip=chips[0])
    Claim.objects.filter(vendor=vendors[2]).update(vendor=vendors[1])

    for vendor in vendors:
        assert counted(vendor)[1] == Claim.objects.filter(vendor=vendor).count()
    for chip in chips:
        assert chip_claims(chip) == Claim.objects.filter(chip=chip).count()


def test_feeds_count_every_article_they_carried_and_the_feeds_page_agrees_with_the_model():
    busy, quiet = FeedFactory(), FeedFactory()
    ArticleFactory.create_batch(3, feed=busy, fetch_state="done", analysis_state="done")
    ArticleFactory(feed=busy, fetch_state="failed", analysis_state="failed")
    pending = ArticleFactory(feed=busy, fetch_state="pending", analysis_state="waiting")
    gone = ArticleFactory(feed=quiet, analysis_state="pending")
    FeedEntry.objects.create(feed=quiet, article=pending, entry_id="again")  # in both feeds
    gone.delete()

    fields = ["article_count", "fetched_count", "awaiting_analysis_count"]
    fields += ["analysis_failed_count"]
    shown = {f.pk: [getattr(f, name) for name in fields] for f in feed_health()}
    model = Feed.objects.with_article_counts()
    assert shown == {f.pk: [getattr(f, name) for name in fields] for f in model}
    assert shown[busy.pk] == [5, 3, 0, 1]
    assert shown[quiet.pk] == [1, 0, 0, 0]
