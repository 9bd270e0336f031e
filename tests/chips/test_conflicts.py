"""Disputes: the conflict rules of docs/vocabulary.md, one dispute per question, corroboration."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chips.conflicts import (
    ConflictDetector,
    advance_firsts,
    count_independent,
    dispute_kind,
    has_cross_story_pair,
    member_firsts,
    resync,
    update_corroborations,
    verdicts_for,
)
from chips.models import Claim, Conflict, ConflictClaim
from tests.factories import (
    ArticleFactory,
    ChipFactory,
    ClaimFactory,
    ConflictFactory,
    SourceFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def detector():
    return ConflictDetector()


@pytest.fixture
def vendor():
    return VendorFactory(slug="huawei", name="Huawei")


@pytest.fixture
def chip(vendor):
    return ChipFactory(vendor=vendor, slug="ascend-910c", name="Ascend 910C")


def claim(vendor, **fields):
    fields.setdefault("article", ArticleFactory())
    return ClaimFactory(vendor=vendor, **fields)


def detect(detector, *claims) -> list[Conflict]:
    """Check each claim in turn; the disputes they are in, each once."""
    found: dict[int, Conflict] = {}
    for one in claims:
        found.update((c.pk, c) for c in detector.check(one))
    return list(found.values())


def sides(conflict: Conflict) -> tuple[set[int], set[int]]:
    return {c.pk for c in conflict.side_a}, {c.pk for c in conflict.side_b}


# --- What contradicts what ---------------------------------------------------------------


def test_the_same_value_with_opposite_polarity_is_one_dispute_affirm_against_deny(
    detector, vendor, chip
):
    made = claim(vendor, chip=chip, topic="manufacturing", value="TSMC")
    denied = claim(vendor, chip=chip, topic="manufacturing", value="TSMC", polarity="deny")
    (conflict,) = detect(detector, made, denied)
    assert (conflict.value_a, conflict.value_b) == ("TSMC", "TSMC")
    assert sides(conflict) == ({made.pk}, {denied.pk})
    assert (conflict.vendor, conflict.chip, conflict.topic) == (vendor, chip, "manufacturing")


@pytest.mark.parametrize(
    ("topic", "one", "other"),
    [
        ("manufacturing", "TSMC", "SMIC"),
        ("supply_chain", "foreign", "domestic"),
        ("export_controls", "licensed", "banned"),
    ],
)
def test_different_values_of_a_single_valued_topic_make_a_dispute_in_canonical_order(
    detector, vendor, topic, one, other
):
    first = claim(vendor, topic=topic, value=one)
    second = claim(vendor, topic=topic, value=other)
    (conflict,) = detect(detector, first, second)
    assert [conflict.value_a, conflict.value_b] == sorted([one, other], key=str.casefold)
    assert {c.value for c in conflict.side_a} == {conflict.value_a}
    assert {c.value for c in conflict.side_b} == {conflict.value_b}


@pytest.mark.parametrize(
    ("topic", "one", "other"),
    [
        ("manufacturing", "7nm", "5nm"),  # a foundry can run both nodes
        ("manufacturing", "SMIC", "7nm"),
        ("manufacturing", "yield 40%", "yield 20%"),  # yields are no foundry
        ("workload", "training", "inference"),
        ("memory", "HBM3", "Samsung"),
    ],
)
def test_values_that_can_both_hold_do_not_conflict(detector, vendor, topic, one, other):
    first, second = claim(vendor, topic=topic, value=one), claim(vendor, topic=topic, value=other)
    assert detect(detector, first, second) == []
    assert not Conflict.objects.exists()


def test_claims_about_different_vendors_topics_or_chips_do_not_conflict(detector, vendor):
    first, second = ChipFactory(vendor=vendor), ChipFactory(vendor=vendor)
    claims = [
        claim(vendor, topic="manufacturing", value="SMIC", chip=first),
        claim(VendorFactory(), topic="manufacturing", value="TSMC"),
        claim(vendor, topic="export_controls", value="banned"),
        claim(vendor, topic="manufacturing", value="TSMC", chip=second),
    ]
    assert detect(detector, *claims) == []


def test_a_chipless_claim_never_meets_a_chips_claim_but_two_chipless_claims_meet(
    detector, vendor, chip
):
    accelerator = claim(vendor, topic="manufacturing", value="TSMC", chip=chip)
    phone_chip = claim(vendor, topic="manufacturing", value="SMIC")
    assert detect(detector, accelerator, phone_chip) == []
    other_chipless = claim(vendor, topic="manufacturing", value="TSMC")
    (conflict,) = detect(detector, other_chipless)
    assert conflict.chip is None
    assert sides(conflict) == ({phone_chip.pk}, {other_chipless.pk})


def test_vendor_level_topics_meet_whatever_chip_the_claims_name(detector, vendor, chip):
    domestic = claim(vendor, topic="supply_chain", value="domestic", chip=chip)
    foreign = claim(vendor, topic="supply_chain", value="foreign")
    (conflict,) = detect(detector, domestic, foreign)
    assert conflict.chip is None


def test_vague_business_remarks_do_not_conflict_but_development_does(detector, vendor):
    remarks = (
        claim(vendor, topic="business", value=""),
        claim(vendor, topic="business", value="", polarity="deny"),
    )
    assert detect(detector, *remarks) == []
    exists = claim(vendor, topic="development", value="")
    (conflict,) = detect(
        detector, exists, claim(vendor, topic="development", value="", polarity="deny")
    )
    assert conflict.dispute.a.label == "yes" and conflict.dispute.b.label == "no"


@pytest.mark.parametrize(
    ("topic", "generic", "specific"),
    [
        ("business", "orders", "orders from ByteDance"),
        ("business", "qualification", "qualification for HBM3E"),
        ("memory", "HBM", "HBM3E"),
    ],
)
def test_a_generic_value_affirmed_and_denied_is_no_question_but_a_specific_one_is(
    detector, vendor, chip, topic, generic, specific
):
    # "received orders" in one story and "has not received orders" in another may be
    # about different customers or years; "HBM" in one and no "HBM" in another, about
    # different generations. The same orders or the same generation is a question.
    vague = (
        claim(vendor, chip=chip, topic=topic, value=generic),
        claim(vendor, chip=chip, topic=topic, value=generic.upper(), polarity="deny"),
    )
    assert not detector.contradict(*vague)
    assert detect(detector, *vague) == []
    made = claim(vendor, chip=chip, topic=topic, value=specific)
    denied = claim(vendor, chip=chip, topic=topic, value=specific, polarity="deny")
    (conflict,) = detect(detector, made, denied)
    assert conflict.value_a == specific


def test_a_bare_event_of_the_company_itself_is_still_a_question(detector, vendor):
    # A company merges or triples its output once: no counterparty is left unsaid.
    for value in ("merger", "tripling"):
        made = claim(vendor, topic="business", value=value)
        denied = claim(vendor, topic="business", value=value, polarity="deny")
        assert detector.contradict(made, denied)


def test_claims_of_one_article_or_its_syndicated_copy_never_dispute(detector, vendor):
    original = ArticleFactory()
    copy = ArticleFactory(duplicate_of=original)
    smic = claim(vendor, article=original, topic="manufacturing", value="SMIC")
    tsmc = claim(vendor, article=original, topic="manufacturing", value="TSMC")
    copied = claim(vendor, article=copy, topic="manufacturing", value="TSMC")
    assert detect(detector, smic, tsmc, copied) == []
    assert not Conflict.objects.exists()


def test_a_rejected_claim_opens_no_dispute(detector, vendor):
    smic = claim(vendor, topic="manufacturing", value="SMIC")
    rejected = claim(vendor, topic="manufacturing", value="TSMC", status="rejected")
    assert detect(detector, smic, rejected) == []
    assert not Conflict.objects.exists()


# --- One dispute per question -------------------------------------------------------------


def test_many_reports_on_each_side_make_one_dispute_not_n_times_m(detector, vendor, chip):
    smic = [claim(vendor, chip=chip, topic="manufacturing", value="SMIC") for _ in range(3)]
    tsmc = [claim(vendor, chip=chip, topic="manufacturing", value="tsmc") for _ in range(4)]
    detect(detector, *smic, *tsmc)
    (conflict,) = Conflict.objects.all()
    assert sides(conflict) == ({c.pk for c in smic}, {c.pk for c in tsmc})
    assert conflict.claim_a == smic[0] and conflict.claim_b == tsmc[0]


def test_a_new_claim_joins_its_side_of_the_existing_dispute(detector, vendor, chip):
    smic = claim(vendor, chip=chip, topic="manufacturing", value="SMIC")
    tsmc = claim(vendor, chip=chip, topic="manufacturing", value="TSMC")
    (conflict,) = detect(detector, smic, tsmc)
    later = claim(vendor, chip=chip, topic="manufacturing", value="TSMC")
    assert detect(detector, later) == [conflict]
    assert sides(Conflict.objects.get()) == ({smic.pk}, {tsmc.pk, later.pk})


def queries_to_join(detector, vendor, chip, already: int) -> int:
    for value in ["SMIC"] + ["TSMC"] * already:
        detector.check(claim(vendor, chip=chip, topic="manufacturing", value=value))
    newcomer = claim(vendor, chip=chip, topic="manufacturing", value="TSMC")
    with CaptureQueriesContext(connection) as queries:
        detector.check(newcomer)
    assert newcomer.memberships.count() == 1
    return len(queries)


def test_joining_a_dispute_costs_the_same_whatever_its_size(detector, vendor):
    small = queries_to_join(detector, vendor, ChipFactory(vendor=vendor), already=1)
    large = queries_to_join(detector, vendor, ChipFactory(vendor=vendor), already=40)
    assert small == large <= 5


def stored_firsts(conflict: Conflict) -> dict[str, object]:
    conflict.refresh_from_db()
    return {side: getattr(conflict, f"first_{side}") for side in "ab"}


def recomputed_firsts(conflict: Conflict) -> dict[str, object]:
    return {"a": None, "b": None, **member_firsts([conflict.pk]).get(conflict.pk, {})}


def ban_dispute_of(vendor, chip, banned: int) -> Claim:
    """A ban dispute with `banned` reports of a ban and one of a licence; returns a new
    licence claim, not checked yet."""
    now = timezone.now()
    claims = [
        claim(vendor, chip=chip, topic="export_controls", value="banned", claimed_at=now)
        for _ in range(banned)
    ]
    claims.append(claim(vendor, chip=chip, topic="export_controls", value="licensed"))
    ConflictDetector().check_many(claims)
    return claim(vendor, chip=chip, topic="export_controls", value="licensed")


def shape(sql: str) -> str:
    """A statement without its values (ids, dates, strings, lists of them) nor the count
    of rows an executemany wrote."""
    sql = re.sub(r"^\d+ times: ", "", sql)
    return re.sub(r"\((?:\s*%s\s*,?)+\)", "(...)", re.sub(r"'[^']*'|\b\d+\b", "%s", sql))


def test_joining_a_dispute_reads_none_of_its_members_whatever_their_number(detector, vendor):
    statements = {}
    for banned in (2, 200):
        newcomer = ban_dispute_of(vendor, ChipFactory(vendor=vendor), banned)
        with CaptureQueriesContext(connection) as queries:
            detector.check(newcomer)
        assert newcomer.memberships.count() == 1
        statements[banned] = [shape(q["sql"]) for q in queries]
    assert statements[2] == statements[200]
    members = ConflictClaim._meta.db_table
    for sql in statements[200]:
        # The members' table is only written to (the newcomer's row), never read.
        assert members not in sql or sql.lstrip().upper().startswith("INSERT")
        assert "MIN(" not in sql.upper()


def test_each_side_keeps_its_first_date_through_joins_rejections_and_edits(detector, vendor):
    now = timezone.now()

    def dated(value: str, days: int) -> Claim:
        return claim(
            vendor, topic="manufacturing", value=value, claimed_at=now + timedelta(days=days)
        )

    smic, tsmc = dated("SMIC", 10), dated("TSMC", 20)
    (conflict,) = detect(detector, smic, tsmc)
    assert stored_firsts(conflict) == {"a": smic.claimed_at, "b": tsmc.claimed_at}
    earlier, later = dated("TSMC", 5), dated("SMIC", 30)
    detect(detector, earlier, later)
    assert stored_firsts(conflict) == {"a": smic.claimed_at, "b": earlier.claimed_at}
    # The earliest report leaves: the side's first date is the next one's again.
    earlier.give_verdict(Claim.Status.REJECTED, None)
    assert stored_firsts(conflict) == {"a": smic.claimed_at, "b": tsmc.claimed_at}
    earlier.give_verdict(Claim.Status.UNVERIFIED, None)
    assert stored_firsts(conflict)["b"] == earlier.claimed_at
    # An editor dates the first SMIC report later: it is no longer the side's first.
    smic.claimed_at = now + timedelta(days=40)
    smic.save()
    resync(smic)
    assert stored_firsts(conflict) == {"a": later.claimed_at, "b": earlier.claimed_at}
    assert stored_firsts(conflict) == recomputed_firsts(conflict)


def test_advancing_first_dates_keeps_the_earlier_of_stored_and_new_for_many_disputes_at_once(
    vendor,
):
    now = timezone.now()
    day = [now + timedelta(days=n) for n in range(6)]
    one, two, untouched = (
        ConflictFactory(vendor=vendor, value_a=a, value_b="TSMC")
        for a in ("SMIC", "Samsung", "Intel")
    )
    Conflict.objects.filter(pk=one.pk).update(first_a=day[3], first_b=None)
    Conflict.objects.filter(pk=two.pk).update(first_a=day[1], first_b=day[2])
    Conflict.objects.filter(pk=untouched.pk).update(first_a=day[4], first_b=day[4])
    advance_firsts(
        {
            one.pk: {"a": day[2], "b": day[5]},  # earlier than stored; a side had none
            two.pk: {"a": day[5]},  # later than stored: kept; side b not joined
        }
    )
    firsts = {
        pk: (first_a, first_b)
        for pk, first_a, first_b in Conflict.objects.values_list("pk", "first_a", "first_b")
    }
    assert firsts[one.pk] == (day[2], day[5])
    assert firsts[two.pk] == (day[1], day[2])
    assert firsts[untouched.pk] == (day[4], day[4])
    advance_firsts({})  # nothing joined: no statement, no change
    assert Conflict.objects.get(pk=one.pk).first_a == day[2]


def test_a_change_turns_back_into_a_contradiction_when_the_first_ban_is_rejected(
    detector, vendor, chip
):
    now = timezone.now()

    def report(value: str, days: int) -> Claim:
        return claim(
            vendor,
            chip=chip,
            topic="export_controls",
            value=value,
            claimed_at=now + timedelta(days=days),
        )

    first_ban, licence, second_ban = (
        report("banned", 0),
        report("licensed", 10),
        report("banned", 20),
    )
    (conflict,) = detect(detector, first_ban, licence, second_ban)
    assert conflict.kind == Conflict.Kind.CHANGE
    # Without the first ban, the licence came before any ban was reported.
    first_ban.give_verdict(Claim.Status.REJECTED, None)
    conflict.refresh_from_db()
    assert conflict.kind == Conflict.Kind.CONTRADICTION


def test_checking_again_changes_nothing(detector, vendor):
    smic = claim(vendor, topic="manufacturing", value="SMIC")
    tsmc = claim(vendor, topic="manufacturing", value="TSMC")
    first = detect(detector, smic, tsmc, smic, tsmc)
    assert {c.pk for c in first} == {Conflict.objects.get().pk}
    assert ConflictClaim.objects.count() == 2


def test_three_foundries_make_a_dispute_per_pair_of_values(detector, vendor):
    claims = [claim(vendor, topic="manufacturing", value=v) for v in ("SMIC", "TSMC", "Samsung")]
    detect(detector, *claims)
    pairs = {(c.value_a, c.value_b) for c in Conflict.objects.all()}
    assert pairs == {("Samsung", "SMIC"), ("Samsung", "TSMC"), ("SMIC", "TSMC")}


def test_the_question_is_unique_in_the_database(vendor):
    conflict = ConflictFactory(vendor=vendor)
    with pytest.raises(IntegrityError):
        Conflict.objects.create(
            vendor=vendor, topic="manufacturing", question_key=conflict.question_key
        )


# --- Rejections and re-checks ---------------------------------------------------------------


def test_rejecting_a_claim_takes_it_out_and_a_one_sided_dispute_is_deleted(detector, vendor):
    smic = claim(vendor, topic="manufacturing", value="SMIC")
    tsmc = [claim(vendor, topic="manufacturing", value="TSMC") for _ in range(2)]
    detect(detector, smic, *tsmc)
    tsmc[0].give_verdict(Claim.Status.REJECTED, None)
    assert sides(Conflict.objects.get()) == ({smic.pk}, {tsmc[1].pk})
    smic.give_verdict(Claim.Status.REJECTED, None)
    assert not Conflict.objects.exists()


def test_a_claim_no_longer_rejected_takes_its_side_again(detector, vendor):
    smic = claim(vendor, topic="manufacturing", value="SMIC")
    tsmc = claim(vendor, topic="manufacturing", value="TSMC")
    detect(detector, smic, tsmc)
    tsmc.give_verdict(Claim.Status.REJECTED, None)
    tsmc.give_verdict(Claim.Status.UNVERIFIED, None)
    assert sides(Conflict.objects.get()) == ({smic.pk}, {tsmc.pk})


# --- Kind: a later state replacing an earlier one ---------------------------------------------


def test_a_ban_then_licences_is_a_change_with_both_dates(detector, vendor, chip):
    now = timezone.now()
    banned = claim(
        vendor,
        chip=chip,
        topic="export_controls",
        value="banned",
        claimed_at=now - timedelta(days=100),
    )
    licensed = claim(vendor, chip=chip, topic="export_controls", value="licensed", claimed_at=now)
    (conflict,) = detect(detector, banned, licensed)
    assert conflict.kind == Conflict.Kind.CHANGE
    reason = Conflict.objects.for_display().get().dispute.reason
    assert reason == (
        f"Banned from {banned.claimed_at.date():%Y-%m-%d}, "
        f"licensed from {licensed.claimed_at.date():%Y-%m-%d}."
    )


def test_a_licence_reported_before_any_ban_keeps_it_a_contradiction(detector, vendor, chip):
    now = timezone.now()
    banned = claim(vendor, chip=chip, topic="export_controls", value="banned", claimed_at=now)
    licensed = claim(
        vendor,
        chip=chip,
        topic="export_controls",
        value="licensed",
        claimed_at=now - timedelta(days=5),
    )
    (conflict,) = detect(detector, banned, licensed)
    assert conflict.kind == Conflict.Kind.CONTRADICTION


@pytest.mark.parametrize(
    ("banned_days", "licensed_days", "kind"),
    [
        ([1], [5, 9], "change"),
        ([1, 7], [5], "change"),  # a late report of the ban does not undo the change
        ([3], [1, 9], "contradiction"),  # a licence before the first ban report
        ([3], [3], "contradiction"),  # the same day: no order to tell
    ],
)
def test_dispute_kind_is_decided_by_the_dates_alone(banned_days, licensed_days, kind):
    day = timezone.now().date()
    banned = [day + timedelta(days=d) for d in banned_days]
    licensed = [day + timedelta(days=d) for d in licensed_days]
    assert dispute_kind("export_controls", "banned", "licensed", banned, licensed) == kind
    assert dispute_kind("manufacturing", "SMIC", "TSMC", banned, licensed) == "contradiction"


def test_two_sides_need_reports_from_two_stories():
    assert has_cross_story_pair({1}, {2})
    assert has_cross_story_pair({1}, {1, 2})
    assert not has_cross_story_pair({1}, {1})
    assert not has_cross_story_pair({1, 2}, set())


def test_each_outcome_sets_the_verdicts_of_each_side():
    assert verdicts_for("a_holds") == {"a": "verified", "b": "rejected"}
    assert verdicts_for("b_holds") == {"a": "rejected", "b": "verified"}
    assert verdicts_for("both_true_in_time") == {"a": "verified", "b": "verified"}
    assert verdicts_for("not_a_contradiction") == {}


# --- How a dispute reads ------------------------------------------------------------------------


def test_the_card_asks_the_question_and_counts_independent_sources(detector, vendor, chip):
    reuters, ft = SourceFactory(name="Reuters"), SourceFactory(name="FT")
    original = ArticleFactory(source=reuters)
    copy = ArticleFactory(source=SourceFactory(), duplicate_of=original)
    tsmc = [
        claim(vendor, chip=chip, article=article, topic="manufacturing", value="TSMC")
        for article in (original, copy, ArticleFactory(source=ft), ArticleFactory(source=ft))
    ]
    smic = claim(vendor, chip=chip, topic="manufacturing", value="SMIC")
    detect(detector, smic, *tsmc)
    dispute = Conflict.objects.for_display().get().dispute
    assert dispute.headline == "Who makes the Ascend 910C? SMIC — 1 source vs TSMC — 2 sources"
    assert dispute.reason == "A chip's die comes from one foundry."


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


@pytest.mark.parametrize(
    ("topic", "one", "other"),
    [
        ("manufacturing", ("SMIC", "affirm"), ("TSMC", "affirm")),
        ("manufacturing", ("SMIC", "affirm"), ("SMIC", "deny")),
        ("manufacturing", ("SMIC", "deny"), ("TSMC", "affirm")),
        ("manufacturing", ("SMIC", "affirm"), ("7nm", "affirm")),
        ("export_controls", ("banned", "affirm"), ("licensed", "affirm")),
        ("export_controls", ("banned", "deny"), ("licensed", "deny")),
        ("development", ("", "affirm"), ("", "deny")),
        ("business", ("", "affirm"), ("", "deny")),
        ("memory", ("HBM3", "affirm"), ("HBM3", "deny")),
        ("memory", ("HBM", "affirm"), ("HBM", "deny")),
        ("business", ("orders", "affirm"), ("orders", "deny")),
    ],
)
def test_two_claims_dispute_exactly_when_the_pure_rule_says_they_contradict(
    detector, vendor, chip, topic, one, other
):
    a = claim(vendor, chip=chip, topic=topic, value=one[0], polarity=one[1])
    b = claim(vendor, chip=chip, topic=topic, value=other[0], polarity=other[1])
    disputed = bool(detect(detector, a, b))
    assert disputed == detector.contradict(a, b)
