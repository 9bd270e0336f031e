"""The editors' workbench in the admin: filters, bulk verdicts, history, conflicts, groups."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from chips.models import Claim, Conflict
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ConflictFactory,
    SubscriptionFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("boss", password="pw")
    client.force_login(user)
    client.user = user
    return client


def test_the_claims_list_takes_a_constant_number_of_queries(
    admin_client, django_assert_max_num_queries
):
    url = reverse("admin:chips_claim_changelist")
    ClaimFactory.create_batch(3)
    admin_client.get(url)
    ConflictFactory.create_batch(10)
    with django_assert_max_num_queries(12):
        response = admin_client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('class="action-select"') == 23


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("has_conflict=yes", {"in conflict a", "in conflict b"}),
        ("has_conflict=no", {"alone"}),
        ("confidence=low", {"alone"}),
        ("confidence=high", {"in conflict a", "in conflict b"}),
        ("q=alone", {"alone"}),
    ],
)
def test_the_claims_list_filters_and_searches(admin_client, query, expected):
    vendor = VendorFactory()
    ConflictFactory(
        claim_a__vendor=vendor,
        claim_a__statement="in conflict a",
        claim_a__confidence=0.9,
        claim_b__statement="in conflict b",
        claim_b__confidence=0.8,
    )
    ClaimFactory(statement="alone", confidence=0.2)
    response = admin_client.get(reverse("admin:chips_claim_changelist") + "?" + query)
    shown = {c.statement for c in response.context["cl"].result_list}
    assert shown == expected


@pytest.mark.parametrize(
    ("action", "status"),
    [("mark_verified", "verified"), ("mark_disputed", "disputed"), ("mark_rejected", "rejected")],
)
def test_bulk_verdicts_record_who_and_when_and_history(admin_client, action, status):
    claims = ClaimFactory.create_batch(2)
    response = admin_client.post(
        reverse("admin:chips_claim_changelist"),
        {"action": action, "_selected_action": [c.pk for c in claims]},
    )
    assert response.status_code == 302
    for claim in claims:
        claim.refresh_from_db()
        assert (claim.status, claim.reviewed_by) == (status, admin_client.user)
        assert claim.reviewed_at is not None
        assert [h.status for h in claim.history.all()] == [status, "unverified"]


def test_each_claim_has_a_history_page(admin_client):
    claim = ClaimFactory()
    claim.give_verdict(Claim.Status.VERIFIED, admin_client.user)
    response = admin_client.get(reverse("admin:chips_claim_history", args=[claim.pk]))
    assert response.status_code == 200
    assert claim.history.count() == 2


def test_the_dispute_page_shows_the_question_and_every_claim_of_both_sides(admin_client):
    conflict = ConflictFactory(
        claim_a__statement="Made by <SMIC>", claim_b__statement="Made by TSMC"
    )
    conflict.memberships.create(
        claim=ClaimFactory(vendor=conflict.vendor, value="TSMC", statement="TSMC again"), side="b"
    )
    response = admin_client.get(reverse("admin:chips_conflict_change", args=[conflict.pk]))
    page = response.content.decode()
    assert "conflict-side-by-side" in page
    assert "Made by &lt;SMIC&gt;" in page and "Made by TSMC" in page and "TSMC again" in page
    assert "Who makes" in page and "A chip&#x27;s die comes from one foundry." in page


def test_settling_a_dispute_in_its_form_sets_outcome_note_editor_and_verdicts(admin_client):
    conflict = ConflictFactory()
    response = admin_client.post(
        reverse("admin:chips_conflict_change", args=[conflict.pk]),
        {"outcome": "b_holds", "note": "TSMC made the early batch only."},
    )
    assert response.status_code == 302
    conflict.refresh_from_db()
    assert (conflict.status, conflict.outcome) == ("resolved", "b_holds")
    assert conflict.resolved_by == admin_client.user
    assert conflict.note == "TSMC made the early batch only."
    assert (conflict.claim_a.status, conflict.claim_b.status) == ("rejected", "verified")
    assert conflict.history.count() >= 2


def test_clearing_the_outcome_reopens_the_dispute(admin_client):
    conflict = ConflictFactory()
    conflict.resolve("a_holds", "", admin_client.user)
    admin_client.post(
        reverse("admin:chips_conflict_change", args=[conflict.pk]), {"outcome": "", "note": ""}
    )
    conflict.refresh_from_db()
    assert (conflict.status, conflict.outcome) == ("open", "")
    assert (conflict.claim_a.status, conflict.claim_b.status) == ("unverified", "unverified")


@pytest.mark.parametrize(
    ("action", "status", "outcome"),
    [
        ("settle_a_holds", "resolved", "a_holds"),
        ("settle_both_true", "resolved", "both_true_in_time"),
        ("dismiss", "dismissed", "not_a_contradiction"),
    ],
)
def test_disputes_can_be_settled_in_bulk(admin_client, action, status, outcome):
    conflicts = ConflictFactory.create_batch(2)
    admin_client.post(
        reverse("admin:chips_conflict_changelist"),
        {"action": action, "_selected_action": [c.pk for c in conflicts]},
    )
    assert set(Conflict.objects.values_list("status", "outcome")) == {(status, outcome)}


def test_verifying_a_claim_against_a_verified_one_asks_to_confirm_first(admin_client):
    conflict = ConflictFactory()
    conflict.claim_a.give_verdict(Claim.Status.VERIFIED, admin_client.user)
    other = conflict.claim_b
    url = reverse("admin:chips_claim_changelist")
    data = {"action": "mark_verified", "_selected_action": [other.pk]}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "contradicts" in response.content.decode()
    other.refresh_from_db()
    assert other.status == "unverified"
    response = admin_client.post(url, {**data, "confirm": "yes"})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == "verified"


def test_the_conflicts_list_takes_a_constant_number_of_queries(
    admin_client, django_assert_max_num_queries
):
    url = reverse("admin:chips_conflict_changelist")
    ConflictFactory.create_batch(2)
    admin_client.get(url)
    ConflictFactory.create_batch(10)
    with django_assert_max_num_queries(10):
        assert admin_client.get(url).status_code == 200


def claim_form(article, vendor, quote):
    return {
        "article": article.pk,
        "vendor": vendor.pk,
        "chip": "",
        "topic": "manufacturing",
        "polarity": "affirm",
        "value": "SMIC",
        "statement": "Huawei: manufacturing by SMIC",
        "quote": quote,
        "origin": "",
        "confidence": "0.6",
        "status": "unverified",
    }


def test_an_editor_adds_a_claim_by_hand_from_a_sentence_of_the_article(admin_client):
    article = ArticleFactory(text="Intro. Huawei's chip is made by SMIC.  More text.")
    vendor = VendorFactory()
    url = reverse("admin:chips_claim_add")
    response = admin_client.post(url, claim_form(article, vendor, "Huawei's chip is made by SMIC."))
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert claim.method == "manual" and claim.reviewed_by == admin_client.user
    assert claim.claimed_at == article.published_at


def test_a_hand_made_claim_must_quote_the_article(admin_client):
    article = ArticleFactory(text="Huawei's chip is made by SMIC.")
    response = admin_client.post(
        reverse("admin:chips_claim_add"),
        claim_form(article, VendorFactory(), "Something the article never said."),
    )
    assert response.status_code == 200
    assert "not in the article" in response.content.decode()
    assert not Claim.objects.exists()


def test_editors_change_claims_and_conflicts_and_viewers_only_read():
    editors = Group.objects.get(name="Editors")
    viewers = Group.objects.get(name="Viewers")
    editor_perms = set(editors.permissions.values_list("codename", flat=True))
    viewer_perms = set(viewers.permissions.values_list("codename", flat=True))
    assert {"change_claim", "change_conflict", "add_claim", "view_article"} <= editor_perms
    assert "delete_claim" not in editor_perms and "change_vendor" not in editor_perms
    assert {"view_claim", "view_conflict", "view_vendor"} <= viewer_perms
    assert not {p for p in viewer_perms if not p.startswith("view_")}


def test_a_viewer_sees_claims_but_cannot_give_verdicts(client):
    viewer = get_user_model().objects.create_user("vi", password="pw", is_staff=True)
    viewer.groups.add(Group.objects.get(name="Viewers"))
    client.force_login(viewer)
    claim = ClaimFactory()
    url = reverse("admin:chips_claim_changelist")
    assert client.get(url).status_code == 200
    client.post(url, {"action": "mark_verified", "_selected_action": [claim.pk]})
    claim.refresh_from_db()
    assert claim.status == "unverified"


def test_the_add_and_change_pages_of_a_claim_render(admin_client):
    claim = ClaimFactory()
    article = claim.article
    add = admin_client.get(reverse("admin:chips_claim_add") + f"?article={article.pk}")
    assert add.status_code == 200 and "verbatim" in add.content.decode()
    change = admin_client.get(reverse("admin:chips_claim_change", args=[claim.pk]))
    assert change.status_code == 200 and "History" in change.content.decode()


def test_editors_read_and_type_confidence_in_percent(admin_client):
    article = ArticleFactory(text="Huawei's chip is made by SMIC.")
    form = claim_form(article, VendorFactory(), "Huawei's chip is made by SMIC.")
    response = admin_client.post(reverse("admin:chips_claim_add"), {**form, "confidence": "65"})
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert claim.confidence == 0.65  # stored as a fraction, as export gives it
    listing = admin_client.get(reverse("admin:chips_claim_changelist")).content.decode()
    assert "65 %" in listing and "below 40 %" in listing
    change = admin_client.get(reverse("admin:chips_claim_change", args=[claim.pk]))
    assert 'name="confidence" value="65"' in change.content.decode()


def test_a_subscriptions_minimum_confidence_is_edited_in_percent(admin_client):
    subscription = SubscriptionFactory(min_confidence=0.3)
    page = admin_client.get(reverse("admin:chips_subscription_change", args=[subscription.pk]))
    assert 'name="min_confidence" value="30"' in page.content.decode()
    listing = admin_client.get(reverse("admin:chips_subscription_changelist")).content.decode()
    assert "30 %" in listing


def quotable_dispute() -> Conflict:
    """A dispute whose side B claim quotes its article (as the claim form requires)."""
    quote = "TSMC made the dies."
    return ConflictFactory(
        claim_b__article=ArticleFactory(text=f"Intro. {quote} More."), claim_b__quote=quote
    )


def test_the_claim_form_asks_to_confirm_verifying_against_a_verified_claim(admin_client):
    conflict = quotable_dispute()
    conflict.claim_a.give_verdict(Claim.Status.VERIFIED, admin_client.user)
    other = conflict.claim_b
    url = reverse("admin:chips_claim_change", args=[other.pk])
    data = {
        **claim_form(other.article, other.vendor, other.quote),
        "value": other.value,
        "statement": other.statement,
        "status": "verified",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "contradicts verified claims" in response.content.decode()
    other.refresh_from_db()
    assert other.status == "unverified"
    response = admin_client.post(url, {**data, "confirm_contradiction": "on"})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == "verified"


def test_a_claim_edited_to_another_value_leaves_its_dispute(admin_client):
    conflict = quotable_dispute()
    tsmc = conflict.claim_b
    url = reverse("admin:chips_claim_change", args=[tsmc.pk])
    data = {**claim_form(tsmc.article, tsmc.vendor, tsmc.quote), "value": "SMIC"}
    assert admin_client.post(url, data).status_code == 302
    assert not Conflict.objects.filter(pk=conflict.pk).exists()  # one side left: deleted


def test_deleting_a_claim_in_the_admin_prunes_a_one_sided_dispute(admin_client):
    conflict = ConflictFactory()
    url = reverse("admin:chips_claim_delete", args=[conflict.claim_b.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Conflict.objects.exists()
