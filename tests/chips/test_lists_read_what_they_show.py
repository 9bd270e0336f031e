"""Lists of claims (home, a vendor's and a chip's timeline, search) show each claim's
article by title and outlet: they must not read the article's body (its text and fetched
HTML, tens of KB each) from the database."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ArticleFactory, ChipFactory, ClaimFactory, VendorFactory

pytestmark = pytest.mark.django_db
BODY = "Sentence of the article's body that no list shows. " * 50


@pytest.fixture
def claim(db):
    vendor = VendorFactory(slug="acme", name="Acme Silicon")
    chip = ChipFactory(vendor=vendor, slug="rocket-1", name="Rocket 1")
    article = ArticleFactory(title="Acme ships Rocket 1", text=BODY, html=f"<p>{BODY}</p>")
    return ClaimFactory(vendor=vendor, chip=chip, article=article, statement="Acme ships Rocket")


@pytest.mark.parametrize("url", ["/", "/vendors/acme/", "/chips/rocket-1/", "/search/?q=Rocket"])
def test_a_list_shows_the_claim_and_its_article_without_reading_the_body(client, claim, url):
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url).content.decode()
    assert f"/claims/{claim.pk}/" in page and "Acme ships" in page
    # (Search's own article hits read the text: their snippet is cut from it.)
    claims_with_bodies = [
        q["sql"]
        for q in captured.captured_queries
        if 'FROM "chips_claim"' in q["sql"] and '"newsfeed_article"."text"' in q["sql"]
    ]
    assert claims_with_bodies == []


def test_a_claims_corroborating_sources_are_listed_without_reading_their_bodies(client, claim):
    # Up to 200 other reports are listed by outlet and link: their articles' text and
    # HTML (tens of KB each) were read along with them.
    other = ArticleFactory(title="Another outlet's story", text=BODY, html=f"<p>{BODY}</p>")
    ClaimFactory(
        vendor=claim.vendor,
        chip=claim.chip,
        article=other,
        topic=claim.topic,
        polarity=claim.polarity,
        value=claim.value,
    )
    with CaptureQueriesContext(connection) as captured:
        page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "Corroborated by" in page and "1 other independent source" in page
    others = [
        q["sql"]
        for q in captured.captured_queries
        if 'FROM "chips_claim"' in q["sql"] and f'"article_id" = {claim.article_id})' in q["sql"]
    ]
    assert others and not [sql for sql in others if '"newsfeed_article"."text"' in sql]


def test_a_claims_page_reads_neither_its_own_articles_body_nor_its_sources_other_columns(
    client, claim
):
    other = ArticleFactory(title="Another outlet's story", text=BODY, html=f"<p>{BODY}</p>")
    ClaimFactory(
        vendor=claim.vendor,
        chip=claim.chip,
        article=other,
        topic=claim.topic,
        polarity=claim.polarity,
        value=claim.value,
        quote="A quote the page does not show for a corroborating report.",
    )
    with CaptureQueriesContext(connection) as captured:
        page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "1 other independent source" in page
    queries = [q["sql"] for q in captured.captured_queries]
    claim_queries = [sql for sql in queries if 'FROM "chips_claim"' in sql]
    # The claim's own row: its article's title and link, not its text and HTML.
    own = [sql for sql in claim_queries if f'"chips_claim"."id" = {claim.pk}' in sql]
    assert own and not [sql for sql in own if '"newsfeed_article"."text"' in sql]
    # The corroborating reports: date, origin, confidence and their article's link, not
    # their statement and quote (the page lists sources, not what each wrote).
    others = [sql for sql in claim_queries if f'"article_id" = {claim.article_id})' in sql]
    assert others and not [sql for sql in others if '"chips_claim"."quote"' in sql]


def test_home_reads_the_vendors_names_not_their_aliases_and_catalogue(client, claim):
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/").content.decode()
    assert '<a href="/vendors/acme/">Acme Silicon</a>' in page
    assert not [q for q in captured.captured_queries if '"chips_vendor"."aliases"' in q["sql"]]
