"""Vendor pages: the list, and a vendor's timeline with filters and "load more"."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chips.dashboard.paging import Cursor
from tests.factories import (
    ArticleFactory,
    ChipFactory,
    ClaimFactory,
    ConflictFactory,
    SourceFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def vendor(db):
    return VendorFactory(slug="acme", name="Acme Silicon")


def claims_in(page: str) -> list[str]:
    """Statements on a page, in order (they all start with "Claim number")."""
    import re

    return re.findall(r"Claim number \d+", page)


def test_the_vendor_list_shows_every_vendor_with_counts_and_chips(client, seeded):
    page = client.get("/vendors/").content.decode()
    assert "Alibaba" in page and "Hanguang 800" in page and "Moore Threads" in page


def test_the_vendor_list_is_in_reading_order_whatever_the_case_or_accents(client, db):
    for name in ["Zhaoxin", "d-Matrix", "Éta Compute", "AMD", "enflame", "Cerebras", "Biren"]:
        VendorFactory(name=name)
    page = client.get("/vendors/").content.decode()
    names = re.findall(r'<th scope="row"><a href="/vendors/[^"]+/">([^<]+)</a>', page)
    assert names == ["AMD", "Biren", "Cerebras", "d-Matrix", "enflame", "Éta Compute", "Zhaoxin"]


def test_the_vendor_list_runs_the_same_queries_for_more_vendors(count_queries, db):
    ChipFactory()
    few = count_queries("/vendors/")
    for _ in range(6):
        ClaimFactory(vendor=ChipFactory().vendor)
    assert count_queries("/vendors/") == few


def test_the_vendor_list_reads_only_the_columns_it_shows(client, db):
    # A row shows the vendor's name, link, country and kind and its chips' names and links:
    # not the vendors' aliases and catalogue nor the chips' specifications.
    chip = ChipFactory(name="Rocket <1>", slug="rocket-1", process="N4", memory="HBM3")
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/vendors/").content.decode()
    assert '<a href="/chips/rocket-1/">Rocket &lt;1&gt;</a>' in page
    assert f'<a href="/vendors/{chip.vendor.slug}/">' in page
    sqls = [q["sql"] for q in captured.captured_queries]
    assert not [sql for sql in sqls if '"chips_vendor"."aliases"' in sql]
    assert not [sql for sql in sqls if '"chips_chip"."process"' in sql]


def test_it_shows_a_vendors_claims_grouped_by_month_newest_first(client, vendor):
    ClaimFactory(vendor=vendor, statement="Old news", claimed_at=datetime(2025, 7, 3, tzinfo=UTC))
    ClaimFactory(vendor=vendor, statement="New news", claimed_at=datetime(2025, 9, 9, tzinfo=UTC))
    ClaimFactory(statement="Someone else's news")
    page = client.get("/vendors/acme/").content.decode()
    assert page.index("September 2025") < page.index("New news") < page.index("July 2025")
    assert page.index("July 2025") < page.index("Old news")
    assert "Someone else" not in page


def test_an_unknown_vendor_is_not_found(client, db):
    assert client.get("/vendors/nobody/").status_code == 404


def card_of(page: str, name: str) -> str:
    start = page.index(f">{name}</a></h3>")
    return page[start : page.index("</li>", start)]


def test_a_chip_card_says_which_attribute_is_contested_instead_of_one_value_beside_it(
    client, vendor
):
    chip = ChipFactory(vendor=vendor, name="Zeta 1", process="SMIC N+2", memory="HBM3")
    ClaimFactory(vendor=vendor, chip=chip, topic="manufacturing", value="TSMC")
    dispute = ConflictFactory(
        vendor=vendor, chip=chip, topic="manufacturing", value_a="SMIC", value_b="TSMC"
    )
    card = card_of(client.get("/vendors/acme/").content.decode(), "Zeta 1")
    process = card[card.index("<dt>Process</dt>") : card.index("<dt>Memory</dt>")]
    assert f'href="/conflicts/{dispute.pk}/"' in process and "contested" in process
    assert "SMIC vs TSMC" in process
    assert "SMIC N+2" not in process and "claimed:" not in card
    assert "HBM3" in card  # memory is not disputed: the catalogue's value alone


def test_a_chip_card_shows_the_catalogue_value_or_else_what_is_reported(client, vendor):
    chip = ChipFactory(vendor=vendor, name="Zeta 1", process="TSMC N5", memory="")
    ClaimFactory(vendor=vendor, chip=chip, topic="manufacturing", value="SMIC N+2")
    ClaimFactory(vendor=vendor, chip=chip, topic="memory", value="HBM2E")
    card = card_of(client.get("/vendors/acme/").content.decode(), "Zeta 1")
    assert "TSMC N5" in card and "SMIC N+2" not in card
    assert 'HBM2E <span class="muted">(reported)</span>' in card


def test_a_settled_dispute_no_longer_marks_the_attribute(client, vendor):
    chip = ChipFactory(vendor=vendor, name="Zeta 1", process="SMIC N+2")
    dispute = ConflictFactory(vendor=vendor, chip=chip, topic="manufacturing")
    dispute.resolve("a_holds", "The filing says SMIC.")
    card = card_of(client.get("/vendors/acme/").content.decode(), "Zeta 1")
    assert "contested" not in card and "SMIC N+2" in card


@pytest.mark.parametrize(
    ("query", "kept"),
    [
        ("topic=memory", "memory"),
        ("status=verified", "verified"),
        ("min_confidence=80", "confident"),
        ("min_confidence=0.8", "confident"),  # links from before percent still work
        ("chip=acme-x1", "on chip"),
        ("source={source}", "from source"),
    ],
)
def test_each_filter_narrows_the_timeline(client, vendor, query, kept):
    chip = ChipFactory(vendor=vendor, slug="acme-x1")
    source = SourceFactory(name="Trusted Wire")
    article = ArticleFactory(feed__source=source)
    ClaimFactory(vendor=vendor, topic="memory", statement="kept memory")
    ClaimFactory(vendor=vendor, status="verified", statement="kept verified")
    ClaimFactory(vendor=vendor, confidence=0.9, statement="kept confident")
    ClaimFactory(vendor=vendor, chip=chip, statement="kept on chip")
    ClaimFactory(vendor=vendor, article=article, statement="kept from source")
    ClaimFactory(vendor=vendor, confidence=0.2, statement="dropped")
    page = client.get(f"/vendors/acme/?{query.format(source=source.pk)}").content.decode()
    assert f"kept {kept}" in page
    assert "dropped" not in page


def test_an_htmx_filter_request_gets_only_the_timeline(client, vendor):
    ClaimFactory(vendor=vendor, topic="memory", statement="About memory")
    response = client.get("/vendors/acme/?topic=memory", **HTMX)
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="timeline"')
    assert "<html" not in page and "About memory" in page
    assert "HX-Request" in response["Vary"]


def test_a_shared_filtered_url_renders_the_whole_page(client, vendor):
    ClaimFactory(vendor=vendor, topic="memory", statement="About memory")
    page = client.get("/vendors/acme/?topic=memory").content.decode()
    assert "<html" in page and "About memory" in page
    assert '<option value="memory" selected>' in page


def test_htmx_restoring_history_gets_the_whole_page(client, vendor):
    page = client.get(
        "/vendors/acme/?topic=memory", HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX
    ).content.decode()
    assert "<html" in page


def test_load_more_continues_after_the_last_claim_shown(client, vendor):
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for i in range(30):
        ClaimFactory(vendor=vendor, claimed_at=start + timedelta(hours=i))
    first = client.get("/vendors/acme/").content.decode()
    shown = claims_in(first)
    assert len(shown) == 25
    cursor = first.split("after=")[1].split('"')[0]
    more = client.get(f"/vendors/acme/?after={cursor}", **HTMX).content.decode()
    rest = claims_in(more)
    assert len(rest) == 5 and not set(rest) & set(shown)
    assert "Load more" not in more and "That is everything" in more
    assert "month-heading" not in more  # January's heading is already on the page


def test_load_more_keeps_the_filters(client, vendor):
    for i in range(30):
        ClaimFactory(
            vendor=vendor, topic="memory", claimed_at=datetime(2025, 2, 1, i % 24, i, tzinfo=UTC)
        )
    ClaimFactory(vendor=vendor, topic="business", statement="Business claim")
    first = client.get("/vendors/acme/?topic=memory").content.decode()
    assert "?topic=memory&amp;after=" in first


def test_claims_at_the_same_instant_are_not_lost_between_pages(client, vendor):
    same = datetime(2025, 3, 3, tzinfo=UTC)
    made = {ClaimFactory(vendor=vendor, claimed_at=same).statement for _ in range(27)}
    first = client.get("/vendors/acme/").content.decode()
    cursor = first.split("after=")[1].split('"')[0]
    more = client.get(f"/vendors/acme/?after={cursor}", **HTMX).content.decode()
    assert set(claims_in(first)) | set(claims_in(more)) == made


def test_a_tampered_cursor_is_a_400_that_says_so_and_leads_back(client, vendor):
    # Issue 11: bad input gets a 400 with a message (see tests/chips/test_bad_input.py).
    ClaimFactory(vendor=vendor, statement="Newest")
    response = client.get("/vendors/acme/?after=not-a-cursor")
    assert response.status_code == 400
    page = response.content.decode()
    assert "broken" in page and '<a href="/vendors/acme/">Start again</a>' in page


def test_a_cursor_round_trips_and_is_opaque():
    at = datetime(2025, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)
    token = Cursor(at, 42).encode()
    assert "2025" not in token and Cursor.decode(token) == Cursor(at, 42)


def test_an_invalid_filter_is_reported_and_ignored(client, vendor):
    ClaimFactory(vendor=vendor, statement="Still here")
    page = client.get("/vendors/acme/?min_confidence=lots&topic=nonsense").content.decode()
    assert "Still here" in page and 'class="error"' in page


def test_the_vendor_page_runs_as_many_queries_with_much_more_data(count_queries, vendor):
    def some_data(n: int) -> None:
        for _ in range(n):
            chip = ChipFactory(vendor=vendor)
            article = ArticleFactory()
            article.vendor_mentions.create(vendor=vendor)
            ClaimFactory(vendor=vendor, chip=chip, article=article, topic="memory", value="HBM")

    some_data(1)
    few = count_queries("/vendors/acme/")
    few_htmx = count_queries("/vendors/acme/?topic=memory", **HTMX)
    some_data(40)
    assert count_queries("/vendors/acme/") == few
    assert count_queries("/vendors/acme/?topic=memory", **HTMX) == few_htmx


def test_hostile_text_on_the_timeline_is_escaped(client, vendor):
    ClaimFactory(vendor=vendor, statement="<b>bold</b>", article__title="<script>x()</script>")
    page = client.get("/vendors/acme/").content.decode()
    assert "<script>x()" not in page and "<b>bold" not in page
    assert "&lt;script&gt;x()&lt;/script&gt;" in page


def test_a_vendor_without_claims_says_so_rather_than_blaming_filters(client, db):
    # It said "No claims match these filters." when no filter was set.
    VendorFactory(slug="quiet", name="Quiet Silicon")
    page = client.get("/vendors/quiet/").content.decode()
    assert "No claims yet" in page and "match these filters" not in page


def test_filters_that_match_nothing_say_so_and_offer_the_way_back(client, db):
    vendor = VendorFactory(slug="acme")
    ClaimFactory(vendor=vendor, topic="memory")
    page = client.get("/vendors/acme/?topic=business").content.decode()
    assert "No claims match these filters." in page
    assert '<a href="/vendors/acme/">Show every claim</a>' in page


def test_each_timeline_row_shows_the_quote_under_the_statement(client, vendor):
    ClaimFactory(
        vendor=vendor,
        statement="Acme's X1 is made by SMIC",
        quote="People who have seen the part say <SMIC> makes the X1 die.",
    )
    page = client.get("/vendors/acme/").content.decode()
    statement = page.index("Acme&#x27;s X1 is made by SMIC")
    quote = page.index(
        '<blockquote class="claim-quote">People who have seen the part say &lt;SMIC&gt;'
    )
    assert statement < quote


def test_the_vendor_website_is_a_link_only_when_it_is_http(client, db):
    VendorFactory(slug="acme", name="Acme", website="https://acme.example/chips?a=1&b=2")
    page = client.get("/vendors/acme/").content.decode()
    assert '<a href="https://acme.example/chips?a=1&amp;b=2" rel="noopener noreferrer">' in page


@pytest.mark.parametrize(
    "website", ["javascript:alert(document.cookie)", " JavaScript:alert(1)", "data:text/html,x"]
)
def test_a_vendor_website_that_is_not_http_is_not_shown(client, db, website):
    # URLField validates forms, not Vendor.objects.create() or a seed file.
    VendorFactory(slug="acme", name="Acme", website=website)
    page = client.get("/vendors/acme/").content.decode()
    assert "alert(" not in page and "data:text" not in page


def test_also_known_as_leaves_out_the_name_itself_and_repeats(client, db):
    VendorFactory(slug="hw", name="Huawei", aliases=["Huawei", "HiSilicon", "Hisilicon", "华为"])
    page = client.get("/vendors/hw/").content.decode()
    assert "also known as HiSilicon, 华为" in page


def test_the_vendor_page_counts_the_vendors_open_disputes_only(client, vendor):
    for n in range(6):
        ConflictFactory(vendor=vendor, value_b=f"Fab {n}")
    ConflictFactory(vendor=vendor, value_b="Fab 6", status="resolved")
    ConflictFactory()  # another vendor's
    page = client.get("/vendors/acme/").content.decode()
    assert 'Open disputes <span class="count">6</span>' in page
    assert "All 6 open disputes" in page  # five are listed


def test_the_chip_filter_offers_the_vendors_chips_read_once(client, vendor):
    ChipFactory(vendor=vendor, slug="acme-z9", name="Z9")
    ChipFactory(vendor=vendor, slug="acme-a1", name="A1")
    ChipFactory(name="Someone else's")
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/vendors/acme/?chip=acme-z9").content.decode()
    select = page[page.index('<select name="chip"') :]
    select = select[: select.index("</select>")]
    assert re.findall(r"<option[^>]*>([^<]*)</option>", select) == ["Any chip", "A1", "Z9"]
    assert '<option value="acme-z9" selected>Z9</option>' in select
    reads = [q["sql"] for q in captured.captured_queries if 'FROM "chips_chip"' in q["sql"]]
    # The filter's check of the chosen slug, and the chip cards (which the options reuse).
    assert len(reads) == 2


def test_the_timeline_marks_disputed_claims_in_its_own_query(client, db):
    # The "in dispute" badges were a round trip of their own after the claims.
    conflict = ConflictFactory(claim_a__statement="Made by SMIC")
    slug = conflict.vendor.slug
    ClaimFactory(vendor=conflict.vendor, statement="Alone")
    with CaptureQueriesContext(connection) as captured:
        page = client.get(f"/vendors/{slug}/?topic=manufacturing", **HTMX).content.decode()
    sqls = [q["sql"] for q in captured.captured_queries]
    # Only the claims' own query (the one reading their statements) asks about disputes.
    assert [
        q for q in sqls if "chips_conflictclaim" in q and '"chips_claim"."statement"' not in q
    ] == []
    assert len([q for q in sqls if "chips_conflictclaim" in q]) == 1
    disputed = page[page.index("Made by SMIC") :]
    assert "in dispute" in disputed[: disputed.index("</li>")]
    conflict.resolve("a_holds", "", None)
    assert "in dispute" not in client.get(f"/vendors/{slug}/", **HTMX).content.decode()
