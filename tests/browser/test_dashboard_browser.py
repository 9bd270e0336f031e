"""The dashboard in a real browser: htmx swaps, history, inline edits, refusals, escaping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chips.models import Conflict
from tests.browser.conftest import log_in, mark_window, was_not_reloaded
from tests.factories import (
    ArticleFactory,
    ChipFactory,
    ClaimFactory,
    ConflictFactory,
    FeedFactory,
    UserFactory,
    VendorFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"
EDITOR_PERMISSIONS = ["chips.change_claim", "chips.change_conflict"]


def test_filtering_a_vendor_timeline_changes_the_list_and_url_without_a_reload(page):
    vendor = VendorFactory(slug="acme", name="Acme Silicon")
    ClaimFactory(vendor=vendor, topic="memory", statement="Uses HBM3 memory")
    ClaimFactory(vendor=vendor, topic="business", statement="Signs a big order")
    page.goto("/vendors/acme/")
    mark_window(page)
    page.select_option("#id_topic", "memory")
    page.wait_for_url("**/vendors/acme/?*topic=memory*")
    page.get_by_text("Signs a big order").wait_for(state="detached")
    assert page.get_by_text("Uses HBM3 memory").is_visible()
    assert was_not_reloaded(page)

    page.go_back()
    page.wait_for_url(lambda url: url.endswith("/vendors/acme/"))
    page.get_by_text("Signs a big order").wait_for()
    assert page.input_value("#id_topic") == ""


def test_a_shared_filtered_url_opens_with_the_filter_applied(page):
    vendor = VendorFactory(slug="acme")
    ClaimFactory(vendor=vendor, topic="memory", statement="Uses HBM3 memory")
    ClaimFactory(vendor=vendor, topic="business", statement="Signs a big order")
    page.goto("/vendors/acme/?topic=memory")
    assert page.input_value("#id_topic") == "memory"
    assert page.get_by_text("Signs a big order").count() == 0


def test_load_more_appends_the_next_page_in_place(page):
    vendor = VendorFactory(slug="acme")
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for i in range(30):
        ClaimFactory(vendor=vendor, claimed_at=start + timedelta(hours=i))
    page.goto("/vendors/acme/")
    rows = page.locator(".claim-row")
    assert rows.count() == 25
    mark_window(page)
    url = page.url
    page.get_by_role("link", name="Load more").click()
    page.get_by_text("That is everything.").wait_for()
    assert rows.count() == 30
    assert page.url == url and was_not_reloaded(page)
    assert page.locator(".month-heading").count() == 1


def test_a_keyboard_user_who_loads_more_lands_on_the_first_new_entry(page):
    # Focus used to fall back to the page itself when the "Load more" link went away.
    vendor = VendorFactory(slug="acme")
    start = datetime(2025, 1, 1, tzinfo=UTC)
    claims = [
        ClaimFactory(
            vendor=vendor, claimed_at=start + timedelta(hours=i), article__title=f"Story {i}"
        )
        for i in range(30)
    ]
    page.goto("/vendors/acme/")
    page.get_by_role("link", name="Load more").focus()
    page.keyboard.press("Enter")
    page.get_by_text("That is everything.").wait_for()
    # Newest first: the 26th newest is claims[4].
    assert page.evaluate("document.activeElement.textContent") == claims[4].article.title


def test_an_editor_settles_a_dispute_inline(page):
    UserFactory(username="editor", permissions=EDITOR_PERMISSIONS)
    conflict = ConflictFactory(claim_a__statement="Made by SMIC", claim_b__statement="Made by TSMC")
    log_in(page, "editor", PASSWORD)
    page.goto("/conflicts/")
    mark_window(page)
    card = page.locator(f"#conflict-{conflict.pk}")
    card.get_by_label("Note for the record").fill("TSMC made the first batch, SMIC the rest.")
    card.get_by_role("button", name="Both true at their time").click()
    page.get_by_text("TSMC made the first batch, SMIC the rest.").wait_for()
    assert "Both true at their time by editor" in card.inner_text()
    assert was_not_reloaded(page)
    conflict.refresh_from_db()
    assert (conflict.status, conflict.outcome) == ("resolved", "both_true_in_time")
    assert conflict.note == "TSMC made the first batch, SMIC the rest."


def test_an_editor_gives_a_verdict_on_one_side_inline(page):
    UserFactory(username="editor", permissions=EDITOR_PERMISSIONS)
    conflict = ConflictFactory()
    log_in(page, "editor", PASSWORD)
    page.goto("/conflicts/")
    verdict = page.locator(f".verdict[data-verdict-for='{conflict.claim_b.pk}']")
    verdict.get_by_role("button", name="Dispute").click()
    verdict.locator(".status-disputed").wait_for()
    conflict.claim_b.refresh_from_db()
    assert conflict.claim_b.status == "disputed"


def test_a_verdict_on_the_claims_page_shows_in_its_history_at_once(page):
    # The history list used to stay "No recorded changes yet" until a reload.
    UserFactory(username="editor", permissions=EDITOR_PERMISSIONS)
    claim = ClaimFactory()
    log_in(page, "editor", PASSWORD)
    page.goto(f"/claims/{claim.pk}/")
    mark_window(page)
    verdict = page.locator(f".verdict[data-verdict-for='{claim.pk}']")
    verdict.get_by_role("button", name="Verify").click()
    page.locator("#claim-history").get_by_text("status Verified").wait_for()
    assert "by editor" in page.locator("#claim-history").inner_text()
    assert was_not_reloaded(page)


def test_a_viewer_sees_no_buttons_and_a_crafted_post_is_refused(page):
    UserFactory(username="viewer")
    conflict = ConflictFactory()
    log_in(page, "viewer", PASSWORD)
    page.goto("/conflicts/")
    assert page.get_by_role("button", name="Not a contradiction").count() == 0
    assert page.get_by_role("button", name="Dispute").count() == 0
    status = page.evaluate(
        """async (url) => {
            const headers = JSON.parse(document.body.getAttribute('hx-headers'));
            const response = await fetch(url, {
                method: 'POST', headers,
                body: new URLSearchParams({outcome: 'a_holds', note: 'sneaky'}),
            });
            return response.status;
        }""",
        f"/conflicts/{conflict.pk}/resolve/",
    )
    assert status == 403
    conflict.refresh_from_db()
    assert conflict.status == Conflict.Status.OPEN


def test_search_as_you_type_marks_matches_and_keeps_the_url(page):
    ClaimFactory(statement="The accelerator is made by SMIC", quote="Made by SMIC on 7nm.")
    ClaimFactory(statement="Something else entirely")
    page.goto("/search/")
    mark_window(page)
    page.fill("#id_q", "SMIC")
    page.wait_for_url("**/search/?q=SMIC")
    page.locator("#results mark").first.wait_for()
    assert page.locator("#results mark").first.inner_text() == "SMIC"
    assert page.get_by_text("Something else entirely").count() == 0
    assert was_not_reloaded(page)


def test_typing_a_search_leaves_no_trail_of_half_words_in_the_history(page):
    # Every pause while typing used to push a history entry: Back went "SMI", "SM", "S".
    ClaimFactory(statement="The accelerator is made by SMIC", quote="Made by SMIC on 7nm.")
    page.goto("/vendors/")
    page.goto("/search/")
    page.fill("#id_q", "SM")
    page.wait_for_url("**/search/?q=SM")
    page.fill("#id_q", "SMIC")
    page.wait_for_url("**/search/?q=SMIC")
    page.go_back()
    page.wait_for_url(lambda url: "/search/" not in url)
    assert page.url.endswith("/vendors/")


def test_a_hostile_feed_title_stays_inert_text_everywhere(page):
    hostile = "<script>window.__pwned = 1</script><img src=x onerror=\"alert('xss')\">"
    feed = FeedFactory(title=hostile)
    article = ArticleFactory(feed=feed, title=hostile, text=f"Intro. {hostile} SMIC made it.")
    ClaimFactory(article=article, statement=hostile, quote="SMIC made it.")
    for url in ["/feeds/", "/", f"/articles/{article.pk}/", "/search/?q=SMIC"]:
        page.goto(url)
        assert page.evaluate("window.__pwned") is None, url
        assert page.locator("img[src=x]").count() == 0, url
        assert page.get_by_text("<script>window.__pwned = 1</script>").first.is_visible(), url
    page.wait_for_timeout(300)  # give any onerror handler its chance to fire
    assert page.dialogs == []


def test_a_keyboard_user_filters_and_keeps_focus_on_the_filter(page):
    vendor = VendorFactory(slug="acme")
    ClaimFactory(vendor=vendor, topic="development", statement="Tapes out a chip")
    ClaimFactory(vendor=vendor, topic="business", statement="Signs a big order")
    page.goto("/vendors/acme/")
    page.focus("#id_topic")
    page.keyboard.press("ArrowDown")  # "Any topic" → "Development"
    page.wait_for_url("**topic=development*")
    page.get_by_text("Signs a big order").wait_for(state="detached")
    assert page.evaluate("document.activeElement.id") == "id_topic"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"


def test_no_page_scrolls_sideways_on_a_phone(page):
    # The vendors table made a 390 px wide phone page 551 px wide.
    # 195 characters without a break: as long as a URLField (max 200) takes.
    long_url = "https://example.com/" + "a-very-long-path-segment-" * 7
    vendor = VendorFactory(slug="acme", name="Acme Silicon", website=long_url)
    for i in range(8):
        ChipFactory(vendor=vendor, name=f"Accelerator{i}XL")
    feed = FeedFactory(url=long_url + ".xml", last_error="Network error: " + long_url)
    article = ArticleFactory(feed=feed, url=long_url, text=f"See {long_url} for SMIC details.")
    conflict = ConflictFactory(vendor=vendor, claim_a__article=article)
    page.set_viewport_size({"width": 390, "height": 800})
    urls = ["/", "/vendors/", "/vendors/acme/", "/conflicts/", "/feeds/", "/search/?q=SMIC"]
    urls += [f"/articles/{article.pk}/", f"/claims/{conflict.claim_a.pk}/"]
    for url in urls:
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
