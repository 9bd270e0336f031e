"""What claims assert, summarised per article (chips.assertions): the rows disputes and
corroborations read instead of every claim on a question (issue 13: joining a dispute
costs the same however many claims the question has)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chips.assertions import sync_articles
from chips.conflicts import ConflictDetector, corroboration_counts, update_corroborations
from chips.models import Assertion, AssertionReport, Claim
from tests.factories import ArticleFactory, ChipFactory, ClaimFactory, SourceFactory, VendorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def vendor():
    return VendorFactory(slug="huawei", name="Huawei")


def reports() -> dict[tuple[int, str], int]:
    """(article, assertion key's value) -> live claims, for every report."""
    return {
        (r.article_id, r.assertion.value.casefold()): r.claims
        for r in AssertionReport.objects.select_related("assertion")
    }


def smic_key(vendor, chip=None) -> tuple:
    return (vendor.pk, chip.pk if chip else None, "manufacturing", "affirm", "smic")


def test_an_articles_reports_count_its_live_claims_per_thing_asserted(vendor):
    article = ArticleFactory()
    one = ClaimFactory(vendor=vendor, article=article, topic="manufacturing", value="SMIC")
    ClaimFactory(vendor=vendor, article=article, topic="manufacturing", value="smic")
    ClaimFactory(vendor=vendor, article=article, topic="manufacturing", value="TSMC")
    assert reports() == {(article.pk, "smic"): 2, (article.pk, "tsmc"): 1}
    # One row per thing asserted, first spelling kept for display.
    assert Assertion.objects.get(key__endswith="/smic").value == "SMIC"

    one.give_verdict(Claim.Status.REJECTED, None)
    assert reports() == {(article.pk, "smic"): 1, (article.pk, "tsmc"): 1}
    one.give_verdict(Claim.Status.UNVERIFIED, None)
    assert reports()[(article.pk, "smic")] == 2


def test_a_deleted_claim_leaves_its_articles_reports(vendor):
    claim = ClaimFactory(vendor=vendor, topic="manufacturing", value="SMIC")
    claim.delete()
    assert reports() == {}


def test_reports_carry_the_articles_story_and_outlet_as_resynced(vendor):
    outlet = SourceFactory()
    original = ArticleFactory()
    copy = ArticleFactory(source=outlet)
    ClaimFactory(vendor=vendor, article=copy, topic="manufacturing", value="SMIC")
    report = AssertionReport.objects.get()
    assert (report.story_id, report.source_id) == (copy.pk, outlet.pk)
    # Found to be a syndicated copy later: its reports follow when they are resynced
    # (the analysis that follows a changed page does).
    type(copy).objects.filter(pk=copy.pk).update(duplicate_of=original)
    assert sync_articles([copy.pk]) == {smic_key(vendor)}
    assert AssertionReport.objects.get().story_id == original.pk
    assert sync_articles([copy.pk]) == set()  # nothing changed: nothing rewritten


def test_counts_from_reports_join_outlets_and_stories_like_count_independent(vendor):
    reuters, portal, ft = (SourceFactory() for _ in range(3))
    original = ArticleFactory(source=reuters)
    # A copy in another outlet joins Reuters and the portal into one source...
    copy = ArticleFactory(source=portal, duplicate_of=original)
    # ...so the portal's own story is no independent source either.
    portal_story = ArticleFactory(source=portal)
    claims = [
        ClaimFactory(vendor=vendor, article=article, topic="manufacturing", value="SMIC")
        for article in (original, copy, portal_story, ArticleFactory(source=ft), ArticleFactory())
    ]
    assert corroboration_counts({smic_key(vendor)}) == {smic_key(vendor): 3}
    update_corroborations({smic_key(vendor)})
    assert {c.corroborations for c in Claim.objects.filter(pk__in=[c.pk for c in claims])} == {3}
    assert Assertion.objects.get().corroborations == 3


def test_an_editors_change_makes_the_stored_count_unknown_so_the_next_recount_writes_all(
    vendor,
):
    claims = [
        ClaimFactory(vendor=vendor, article=ArticleFactory(source=SourceFactory()), value="SMIC")
        for _ in range(2)
    ]
    update_corroborations({smic_key(vendor)})
    assert Assertion.objects.get().corroborations == 2
    claims[0].give_verdict(Claim.Status.REJECTED, None)
    assert Assertion.objects.get().corroborations is None
    update_corroborations({smic_key(vendor)})
    assert Claim.objects.get(pk=claims[1].pk).corroborations == 1


def test_joining_a_dispute_reads_no_claims_but_the_newcomers(vendor):
    """The question's sides, its rival values and its dispute come from summaries and the
    dispute row: the claims already on it are never read, however many there are."""
    detector = ConflictDetector()
    chip = ChipFactory(vendor=vendor)
    for value in ["SMIC"] + ["TSMC"] * 30:
        detector.check(ClaimFactory(vendor=vendor, chip=chip, topic="manufacturing", value=value))
    newcomer = ClaimFactory(vendor=vendor, chip=chip, topic="manufacturing", value="TSMC")
    with CaptureQueriesContext(connection) as captured:
        (conflict,) = detector.check(newcomer)
    assert conflict.memberships.filter(claim=newcomer).exists()
    assert not [q["sql"] for q in captured if 'FROM "chips_claim"' in q["sql"]]


def counters(vendor) -> tuple[int, int, bool]:
    a = Assertion.objects.get(key=f"{vendor.pk}/-/manufacturing/affirm/smic")
    return a.outlets, a.sourceless, a.mixed


def test_each_assertion_counts_its_outlets_and_outlet_less_stories_as_reports_come_and_go(
    vendor,
):
    reuters, ft = SourceFactory(), SourceFactory()

    def smic(article):
        return ClaimFactory(vendor=vendor, article=article, value="SMIC")

    smic(ArticleFactory(source=reuters))
    smic(ArticleFactory(source=reuters))
    assert counters(vendor) == (1, 0, False)
    from_ft = smic(ArticleFactory(source=ft))
    lone = smic(ArticleFactory(source=None))
    assert counters(vendor) == (2, 1, False)
    from_ft.give_verdict(Claim.Status.REJECTED, None)
    lone.delete()
    assert counters(vendor) == (1, 0, False)
    assert corroboration_counts({smic_key(vendor)}) == {smic_key(vendor): 1}


def test_a_story_reported_by_two_outlets_is_counted_exactly(vendor):
    reuters, portal = SourceFactory(), SourceFactory()
    original = ArticleFactory(source=reuters)
    ClaimFactory(vendor=vendor, article=original, value="SMIC")
    ClaimFactory(vendor=vendor, article=ArticleFactory(source=portal), value="SMIC")
    assert corroboration_counts({smic_key(vendor)}) == {smic_key(vendor): 2}
    # The portal also runs Reuters' story: one source, which the two counts cannot say.
    copy = ArticleFactory(source=portal, duplicate_of=original)
    ClaimFactory(vendor=vendor, article=copy, value="SMIC")
    assert counters(vendor) == (2, 0, True)
    assert corroboration_counts({smic_key(vendor)}) == {smic_key(vendor): 1}


def test_a_recount_reads_one_row_per_key_however_many_report_it(vendor):
    for _ in range(25):
        ClaimFactory(vendor=vendor, article=ArticleFactory(source=SourceFactory()), value="SMIC")
    with CaptureQueriesContext(connection) as captured:
        assert corroboration_counts({smic_key(vendor)}) == {smic_key(vendor): 25}
    assert len(captured) == 1
    assert "chips_assertionreport" not in captured[0]["sql"]


@pytest.mark.django_db(transaction=True)
def test_a_claim_saved_outside_any_transaction_keeps_its_articles_reports(vendor):
    # An editor's verdict runs in autocommit: the reports' locks need a transaction of
    # their own (PostgreSQL refuses SELECT ... FOR UPDATE outside one).
    claim = ClaimFactory(vendor=vendor, topic="manufacturing", value="SMIC")
    claim.status = "rejected"
    claim.save()
    assert not AssertionReport.objects.filter(article=claim.article).exists()
    claim.status = "verified"
    claim.save()
    assert AssertionReport.objects.filter(article=claim.article).count() == 1
