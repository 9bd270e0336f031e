"""Disputes in a real browser, on a laptop and on a phone: the first run shows one, and an
editor's verdict from the conflicts page updates every place the claim is shown."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from chips.models import Chip, Claim, Conflict
from tests.browser.conftest import log_in, mark_window, was_not_reloaded
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"
EDITOR_PERMISSIONS = ["chips.change_claim", "chips.change_conflict"]
WIDTHS = [pytest.param(1366, id="laptop"), pytest.param(390, id="phone")]


@pytest.fixture
def first_run(db):
    call_command("loadseeds", stdout=io.StringIO())


def the_910c_dispute() -> Conflict:
    chip = Chip.objects.get(slug="ascend-910c")
    return Conflict.objects.get(chip=chip, topic="manufacturing", value_a="SMIC", value_b="TSMC")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_first_run_shows_who_makes_the_910c_as_a_dispute_card(page, first_run, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/conflicts/")
    dispute = the_910c_dispute()
    card = page.locator(f"#conflict-{dispute.pk}")
    heading = card.get_by_role("heading", name="Who makes the Ascend 910C?")
    assert heading.is_visible()
    tally = card.locator(".tally").inner_text()
    assert "SMIC — " in tally and "TSMC — " in tally and " vs " in tally
    assert card.get_by_text("A chip's die comes from one foundry.").is_visible()
    side_a, side_b = card.locator("section.side-a"), card.locator("section.side-b")
    assert side_a.locator(".side-claim").count() >= 1 and side_b.locator(".side-claim").count() >= 1
    assert "confidence" in side_a.inner_text() and "%" in side_a.inner_text()
    box_a, box_b = side_a.bounding_box(), side_b.bounding_box()
    if width < 600:
        # A phone stacks the two sides, B right below A, each the card's width.
        assert box_b["y"] >= box_a["y"] + box_a["height"] - 1
        assert box_b["y"] - (box_a["y"] + box_a["height"]) < 40
        assert abs(box_a["width"] - box_b["width"]) < 2
    else:
        assert abs(box_a["y"] - box_b["y"]) < 2 and box_b["x"] > box_a["x"] + box_a["width"] - 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_a_verdict_from_the_conflicts_page_updates_every_copy_of_the_claim(page, first_run, width):
    # One SMIC report on two questions (SMIC vs TSMC, SMIC vs Samsung): two cards show it.
    dispute = the_910c_dispute()
    smic = dispute.claim_a
    ClaimFactory(
        vendor=smic.vendor,
        chip=smic.chip,
        topic="manufacturing",
        value="Samsung",
        statement="Samsung makes the 910C",
        article=ArticleFactory(source=SourceFactory(name="Another Wire")),
    )
    from chips.conflicts import ConflictDetector

    ConflictDetector().check(Claim.objects.get(statement="Samsung makes the 910C"))
    UserFactory(username="editor", permissions=EDITOR_PERMISSIONS)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "editor", PASSWORD)
    page.goto(f"/conflicts/?chip={smic.chip.slug}")
    mark_window(page)
    copies = page.locator(f".verdict[data-verdict-for='{smic.pk}']")
    assert copies.count() == 2
    copies.nth(1).get_by_role("button", name="Dispute").click()
    page.locator(f"[data-claim-status='{smic.pk}'].status-disputed").nth(1).wait_for()
    for i in range(2):
        assert copies.nth(i).locator(".status").inner_text() == "Disputed"
        assert (
            copies.nth(i).get_by_role("button", name="Dispute").get_attribute("aria-pressed")
            == "true"
        )
    assert was_not_reloaded(page)
    smic.refresh_from_db()
    assert smic.status == "disputed"


def test_verifying_against_a_verified_report_asks_first_in_the_browser(page, first_run):
    dispute = the_910c_dispute()
    tsmc, smic = dispute.claim_b, dispute.claim_a
    tsmc.give_verdict("verified", None)
    UserFactory(username="editor", permissions=EDITOR_PERMISSIONS)
    log_in(page, "editor", PASSWORD)
    page.goto(f"/conflicts/{dispute.pk}/")
    verdict = page.locator(f".verdict[data-verdict-for='{smic.pk}']")
    verdict.get_by_role("button", name="Verify").click()
    verdict.get_by_role("button", name="Verify anyway").wait_for()
    smic.refresh_from_db()
    assert smic.status == "unverified"
    verdict.get_by_role("button", name="Verify anyway").click()
    verdict.locator(".status-verified").wait_for()
    smic.refresh_from_db()
    assert smic.status == "verified"
