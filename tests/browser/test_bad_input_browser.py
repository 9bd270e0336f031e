"""A 400 in a real browser: htmx swaps the message in (it drops 4xx answers by default)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.browser.conftest import mark_window, was_not_reloaded
from tests.factories import ClaimFactory, VendorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_tampered_load_more_link_shows_what_is_wrong_in_place(page):
    vendor = VendorFactory(slug="acme")
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for i in range(30):
        ClaimFactory(vendor=vendor, claimed_at=start + timedelta(hours=i))
    page.goto("/vendors/acme/")
    mark_window(page)
    more = page.get_by_role("link", name="Load more")
    # What a hand-edited link would ask for: a time before year 1 once in UTC.
    tampered = "/vendors/acme/?after=MDAwMS0wMS0wMVQwMDowMDowMCswNTowMHwx"
    # htmx reads hx-get when it processes an element: process it again after the edit.
    more.evaluate("(a, url) => { a.setAttribute('hx-get', url); htmx.process(a); }", tampered)
    more.click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "link to a later page is broken" in alert.inner_text()
    assert page.locator(".claim-row").count() == 25  # the page shown is kept
    assert was_not_reloaded(page)
