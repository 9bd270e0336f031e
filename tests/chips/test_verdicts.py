"""Editors' verdicts on claims and resolutions of conflicts record who and when."""

import pytest
from django.contrib.auth import get_user_model

from chips.models import Claim, Conflict
from tests.factories import ClaimFactory, ConflictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return get_user_model().objects.create_user("ed", password="x")


def test_a_verdict_records_the_status_the_editor_and_the_time(editor):
    claim = ClaimFactory()
    claim.give_verdict(Claim.Status.DISPUTED, editor)
    claim.refresh_from_db()
    assert claim.status == "disputed" and claim.reviewed_by == editor
    assert claim.reviewed_at is not None


def test_an_unknown_verdict_is_refused(editor):
    claim = ClaimFactory()
    with pytest.raises(ValueError, match="unknown claim status"):
        claim.give_verdict("maybe", editor)
    claim.refresh_from_db()
    assert claim.status == "unverified"


@pytest.mark.parametrize(
    ("outcome", "status", "verdicts"),
    [
        ("a_holds", "resolved", ("verified", "rejected")),
        ("b_holds", "resolved", ("rejected", "verified")),
        ("both_true_in_time", "resolved", ("verified", "verified")),
        ("not_a_contradiction", "dismissed", ("unverified", "unverified")),
    ],
)
def test_settling_a_dispute_sets_the_verdicts_of_every_claim_on_each_side(
    editor, outcome, status, verdicts
):
    conflict = ConflictFactory()
    conflict.memberships.create(claim=ClaimFactory(vendor=conflict.vendor, value="TSMC"), side="b")
    conflict.resolve(outcome, "The ban was lifted in July.", editor)
    conflict = Conflict.objects.for_display().get(pk=conflict.pk)
    assert (conflict.status, conflict.outcome, conflict.resolved_by) == (status, outcome, editor)
    assert conflict.note == "The ban was lifted in July."
    assert {c.status for c in conflict.side_a} == {verdicts[0]}
    assert {c.status for c in conflict.side_b} == {verdicts[1]}
    if verdicts[0] != "unverified":
        assert conflict.claim_a.reviewed_by == editor  # each verdict records who gave it


def test_reopening_gives_the_claims_back_the_verdicts_they_had_before_the_ruling(editor):
    conflict = ConflictFactory()
    conflict.claim_a.give_verdict(Claim.Status.DISPUTED, editor)
    conflict.resolve("b_holds", "", editor)
    conflict.reopen()
    conflict = Conflict.objects.for_display().get(pk=conflict.pk)
    assert (conflict.status, conflict.outcome, conflict.resolved_at) == ("open", "", None)
    assert (conflict.claim_a.status, conflict.claim_b.status) == ("disputed", "unverified")


def test_an_unknown_outcome_is_refused(editor):
    with pytest.raises(ValueError):
        ConflictFactory().resolve("open", "", editor)


def test_a_verdict_keeps_why_and_a_new_verdict_replaces_the_reason(editor):
    claim = ClaimFactory()
    claim.give_verdict(Claim.Status.REJECTED, editor, "The filing says otherwise.")
    claim.refresh_from_db()
    assert claim.verdict_note == "The filing says otherwise." and claim.reviewer_name == "ed"
    claim.give_verdict(Claim.Status.VERIFIED, editor)
    claim.refresh_from_db()
    assert claim.verdict_note == ""


def test_the_claims_of_a_settled_dispute_say_why_their_verdict_was_given(editor):
    conflict = ConflictFactory()
    conflict.resolve("a_holds", "The teardown found an SMIC die.", editor)
    conflict = Conflict.objects.for_display().get(pk=conflict.pk)
    assert conflict.claim_a.verdict_note == "The teardown found an SMIC die."
    assert conflict.claim_b.verdict_note == "The teardown found an SMIC die."
    unexplained = ConflictFactory()
    unexplained.resolve("b_holds", "", editor)
    unexplained = Conflict.objects.for_display().get(pk=unexplained.pk)
    assert unexplained.claim_b.verdict_note == (
        "Dispute settled (Manufacturing: SMIC vs TSMC): TSMC holds."
    )
