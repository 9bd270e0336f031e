"""Everyday polish seen in a real browser, on a desktop (1366 px) and a phone (390 px):
the digest preview shows the email, and the pages it touched never scroll sideways."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from chips.models import Claim
from tests.browser.conftest import log_in
from tests.factories import (
    ArticleFactory,
    ChipFactory,
    ClaimFactory,
    SubscriptionFactory,
    UserFactory,
    VendorFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"
WIDTHS = [1366, 390]
# 195 characters without a break: as long as a URLField (max 200) takes.
LONG = "https://example.com/" + "a-very-long-path-segment-" * 7


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def recent_claim(**kwargs) -> Claim:
    """A claim ingested yesterday, so it belongs to the digest being previewed."""
    claim = ClaimFactory(**kwargs)
    yesterday = timezone.now() - timedelta(days=1)
    Claim.objects.filter(pk=claim.pk).update(created_at=yesterday)
    return claim


@pytest.fixture
def staff(db):
    return UserFactory(
        username="ed",
        first_name="Edna",
        is_staff=True,
        permissions=["chips.view_subscription", "chips.change_claim"],
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_the_digest_preview_shows_the_whole_email_in_its_frame(page, staff, width):
    vendor = VendorFactory(slug="acme", name="Acme Silicon")
    recent_claim(vendor=vendor, statement="Acme's X1 is made by SMIC", quote=f"See {LONG}.")
    subscription = SubscriptionFactory(email="ana@example.com")
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "ed", PASSWORD)
    page.goto(f"/digests/preview/{subscription.pk}/")
    frame = page.frame_locator("iframe.email-preview")
    # The email's own heading and footer: the whole document, not the first 27 characters.
    frame.get_by_text("ChipWatch daily digest").wait_for()
    assert frame.get_by_role("link", name="Unsubscribe").is_visible()
    box = page.locator("iframe.email-preview").bounding_box()
    assert box["height"] > 300 and box["width"] <= width
    # Neither the page nor the email inside the frame scrolls sideways.
    assert scroll_width(page) <= width
    email = page.frame(url=lambda url: "part=html" in url)
    assert email.evaluate("document.documentElement.scrollWidth") <= box["width"]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_polished_pages_never_scroll_sideways(page, staff, width):
    vendor = VendorFactory(slug="acme", name="Éta Acme Silicon", aliases=["埃塔", LONG])
    chip = ChipFactory(vendor=vendor, slug="acme-x1", name="Ascend X1", aliases=["昇腾X1"])
    text = f"Acme ships the X1\n\nAcme's X1 is made by SMIC, per {LONG}.\n\nMore news {LONG}."
    article = ArticleFactory(title="Acme ships the X1", text=text, url=LONG)
    claim = ClaimFactory(
        vendor=vendor,
        chip=chip,
        article=article,
        quote=f"Acme's X1 is made by SMIC, per {LONG}.",
        statement="Acme's X1 is made by SMIC",
    )
    claim.give_verdict("rejected", staff, note=f"The teardown at {LONG} found otherwise")
    summary_only = ArticleFactory(
        text="", summary=f"Short {LONG}", fetch_state="failed", fetch_error=f"HTTP 403 at {LONG}"
    )
    subscription = SubscriptionFactory(email="ed@example.com", user=staff)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "ed", PASSWORD)
    urls = [
        "/vendors/",
        "/vendors/acme/",
        "/chips/acme-x1/",
        "/search/?q=acsend",
        "/search/?q=SMIC",
        f"/articles/{article.pk}/",
        f"/articles/{summary_only.pk}/",
        f"/claims/{claim.pk}/",
        "/digests/",
        f"/digests/preview/{subscription.pk}/",
    ]
    for url in urls:
        page.goto(url)
        assert scroll_width(page) <= width, url


def test_a_marked_sentence_leads_to_its_claim(page):
    article = ArticleFactory(title="Story", text="Intro.\n\nThe X1 is made by SMIC. End.")
    claim = ClaimFactory(article=article, quote="The X1 is made by SMIC.", statement="By SMIC")
    page.goto(f"/articles/{article.pk}/")
    page.get_by_role("link", name="Claim 1: By SMIC").click()
    page.wait_for_url(f"**/claims/{claim.pk}/")
    assert page.get_by_role("heading", level=1).inner_text().strip()
