"""What's new: latest claims and articles, open conflicts, activity chart, feed health."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from chips.dashboard.home import activity_window
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ConflictFactory,
    FeedFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db


def test_it_shows_the_seeded_article_and_claims(client, seeded):
    page = client.get("/").content.decode()
    assert "Alibaba Reportedly Develops New AI Chip" in page
    assert 'href="/vendors/alibaba/"' in page


def test_it_lists_open_conflicts_with_both_claims(client, db):
    conflict = ConflictFactory(claim_a__statement="Made by SMIC", claim_b__statement="Made by TSMC")
    page = client.get("/").content.decode()
    assert "Made by SMIC" in page and "Made by TSMC" in page
    assert f"?vendor={conflict.vendor.slug}" in page


def test_resolved_disputes_are_not_listed_as_open(client, db):
    ConflictFactory(claim_a__statement="Made by SMIC", status="resolved")
    page = client.get("/").content.decode()
    conflicts = page[page.index('id="open-conflicts"') : page.index('id="activity"')]
    assert "Made by SMIC" not in conflicts
    assert "No open disputes" in conflicts


def test_the_open_dispute_count_counts_every_open_one_not_just_those_listed(client, db):
    for _ in range(7):
        ConflictFactory()
    ConflictFactory(status="resolved")
    page = client.get("/").content.decode()
    conflicts = page[page.index('id="open-conflicts"') : page.index('id="activity"')]
    assert 'Open disputes <span class="count">7</span>' in conflicts
    assert conflicts.count('class="dispute-mini') == 5  # HOME_DISPUTES listed


def test_open_disputes_show_their_question_tally_and_first_report_of_each_side(client, db):
    ConflictFactory(claim_a__statement="Made by SMIC", claim_b__statement="Made by TSMC")
    page = client.get("/").content.decode()
    conflicts = page[page.index('id="open-conflicts"') : page.index('id="activity"')]
    assert "Who makes" in conflicts and "SMIC — 1 source vs TSMC — 1 source" in conflicts
    assert "Made by SMIC" in conflicts and "Made by TSMC" in conflicts


def test_latest_claims_in_an_open_dispute_carry_a_badge(client, db):
    conflict = ConflictFactory(claim_a__statement="Made by SMIC")
    ClaimFactory(statement="Alone")
    page = client.get("/").content.decode()
    latest = page[page.index('id="latest-claims"') : page.index('id="latest-articles"')]
    disputed = latest[latest.index("Made by SMIC") :]
    assert "in dispute" in disputed[: disputed.index("</li>")]
    alone = latest[latest.index("Alone") :]
    assert "in dispute" not in alone[: alone.index("</li>")]
    conflict.resolve("a_holds", "", None)
    assert "in dispute" not in client.get("/").content.decode()


def test_it_draws_a_bar_per_active_day_for_each_vendor_in_the_last_30_days(client, db):
    vendor = VendorFactory(name="Cambricon")
    now = timezone.now()
    for days_ago in (0, 0, 3, 40):  # the one 40 days ago is outside the chart
        ClaimFactory(vendor=vendor, claimed_at=now - timedelta(days=days_ago))
    page = client.get("/").content.decode()
    assert 'aria-label="Cambricon: 3 claims in the last 30 days"' in page
    chart = page[page.index('aria-label="Cambricon: 3 claims') :]
    chart = chart[: chart.index("</svg>")]
    assert chart.count("<rect") == 2
    today = timezone.localdate(now)
    # The busiest day is full height (2 claims), the other a half-height bar.
    assert f'height="28.0"><title>{today.day} {today:%b}: 2</title></rect>' in chart
    assert ": 1</title>" in chart and 'height="14.0"' in chart


def test_when_nothing_happened_lately_the_chart_shows_the_30_days_to_the_newest_claim(client, db):
    # A first run: the seed stories are months old, and an empty chart shows nothing.
    newest = timezone.now() - timedelta(days=90)
    vendor = VendorFactory(name="Cambricon")
    for days_before in (0, 0, 29, 30):  # the one 30 days before is outside the window
        ClaimFactory(vendor=vendor, claimed_at=newest - timedelta(days=days_before))
    page = client.get("/").content.decode()
    last = timezone.localdate(newest)
    label = f"{last.day} {last:%b %Y}"
    assert f"Claims per vendor, 30 days to {label}" in page
    assert "Nothing was claimed in the last 30 days, so these are the 30 days up to" in page
    assert f'aria-label="Cambricon: 3 claims in the 30 days to {label}"' in page


def test_the_chart_says_so_when_there_are_no_claims_at_all(client, db):
    assert "No claims yet." in client.get("/").content.decode()


def test_it_counts_feeds_by_health(client, db):
    FeedFactory.create_batch(2)
    FeedFactory(error_count=3, last_error="HTTP 500")
    FeedFactory(gone_at=timezone.now())
    page = client.get("/").content.decode()
    assert "4 feeds" in page
    assert "2 ok" in page and "1 failing" in page and "1 gone" in page


def test_article_titles_from_feeds_are_escaped(client, db):
    ArticleFactory(title="<script>alert('pwned')</script>")
    page = client.get("/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt;" in page


def test_the_home_page_runs_as_many_queries_with_much_more_data(count_queries, db):
    def some_data(n: int) -> None:
        for _ in range(n):
            conflict = ConflictFactory()
            ClaimFactory(vendor=conflict.vendor, article=conflict.claim_a.article)
            FeedFactory(error_count=1)

    some_data(1)
    few = count_queries("/")
    some_data(8)
    assert count_queries("/") == few


def test_it_shows_confidence_as_a_percentage_like_every_other_page(client, db):
    # It said "confidence 0.68" where the timeline and conflicts said "68 %".
    ClaimFactory(confidence=0.68)
    page = client.get("/").content.decode()
    assert "confidence 68 %" in page and "0.68" not in page


def test_every_page_names_its_icon_so_browsers_do_not_ask_for_a_missing_favicon_ico(client, db):
    page = client.get("/").content.decode()
    assert 'rel="icon" href="/static/favicon.svg"' in page
    from django.contrib.staticfiles import finders

    assert finders.find("favicon.svg")


def test_each_open_dispute_links_to_its_own_page(client, db):
    first, second = ConflictFactory(), ConflictFactory()
    page = client.get("/").content.decode()
    assert f'href="/conflicts/{first.pk}/"' in page and f'href="/conflicts/{second.pk}/"' in page


def test_the_feed_banner_costs_the_same_queries_however_many_feeds_fail(count_queries, db):
    error = "Network error: cannot resolve {}: [Errno -2] Name or service not known"
    FeedFactory.create_batch(2, error_count=1, last_error=error.format("a.example"))
    few = count_queries("/")
    FeedFactory.create_batch(30, error_count=1, last_error=error.format("b.example"))
    assert count_queries("/") == few


@pytest.mark.parametrize(
    ("newest", "first", "last", "recent"),
    [
        (date(2026, 11, 30), date(2026, 11, 1), date(2026, 11, 30), True),
        (date(2026, 11, 1), date(2026, 11, 1), date(2026, 11, 30), True),  # 29 days ago
        (date(2026, 10, 31), date(2026, 10, 2), date(2026, 10, 31), False),  # 30 days ago
        (date(2026, 8, 15), date(2026, 7, 17), date(2026, 8, 15), False),
        (None, date(2026, 11, 1), date(2026, 11, 30), True),
    ],
)
def test_the_chart_window_ends_today_or_on_the_newest_claim_day(newest, first, last, recent):
    window = activity_window(date(2026, 11, 30), newest)
    assert (window.first, window.last, window.recent) == (first, last, recent)


def test_a_first_run_draws_the_seeded_claims_on_the_chart(client, seeded):
    page = client.get("/").content.decode()
    chart = page[page.index('id="activity"') : page.index('id="vendors"')]
    assert "<rect" in chart and "No claims yet" not in chart


def test_the_feed_counts_and_banner_are_read_in_one_query(client, db):
    # Counting feeds by health and deciding the banner used a round trip each.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    FeedFactory.create_batch(2, error_count=1, last_error="HTTP 500")
    FeedFactory(gone_at=timezone.now())
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    feed_reads = [q["sql"] for q in captured.captured_queries if '"newsfeed_feed"' in q["sql"]]
    assert len(feed_reads) == 1


def test_the_banner_weighs_every_live_feed_and_one_working_feed_rules_it_out(client, db):
    error = "Network error: cannot resolve {}: [Errno -2] Name or service not known"
    for n in range(3):
        FeedFactory(error_count=1, last_error=error.format(f"site{n}.example"))
    FeedFactory(error_count=0, last_error="", gone_at=timezone.now())  # gone: not weighed
    assert "feed-problem" in client.get("/").content.decode()
    FeedFactory(error_count=0, last_error=error.format("fixed.example"))  # works again
    page = client.get("/").content.decode()
    assert "feed-problem" not in page
    assert "4 ok" not in page and "1 ok" in page and "3 failing" in page and "1 gone" in page
