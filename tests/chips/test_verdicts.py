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


def test_resolving_a_conflict_keeps_the_note_and_reopening_clears_the_verdict(editor):
    conflict = ConflictFactory()
    conflict.resolve(editor, "The ban was lifted in July; both were true at their time.")
    conflict.refresh_from_db()
    assert conflict.status == "resolved" and conflict.resolved_by == editor
    assert conflict.resolution_note.startswith("The ban was lifted")
    conflict.reopen()
    conflict.refresh_from_db()
    assert conflict.status == Conflict.Status.OPEN and conflict.resolved_at is None


def test_a_conflict_cannot_be_closed_as_open(editor):
    with pytest.raises(ValueError):
        ConflictFactory().resolve(editor, status=Conflict.Status.OPEN)
