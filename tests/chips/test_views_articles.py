"""An article's page: its text with the claim sentences marked, safely."""

import pytest

from newsfeed.models import Article
from tests.factories import ArticleFactory, ChipFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def test_it_marks_the_sentences_the_seeded_claims_quote(client, seeded):
    article = Article.objects.get(source__domain="wccftech.com")  # the seed story
    page = client.get(f"/articles/{article.pk}/").content.decode()
    assert page.count('<mark class="claim-sentence">') >= 8
    assert "Alibaba" in page and "/vendors/alibaba/" in page


def test_hostile_article_text_stays_text_around_the_marks(client, db):
    article = ArticleFactory(
        title="<script>alert(1)</script>",
        text="Intro <b>bold</b>. The chip is made by SMIC & friends. <img src=x onerror=alert(2)>",
    )
    ClaimFactory(article=article, quote="The chip is made by SMIC & friends.")
    page = client.get(f"/articles/{article.pk}/").content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page and "<b>bold" not in page
    assert '<mark class="claim-sentence">The chip is made by SMIC &amp; friends.</mark>' in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page


def test_a_quote_reflowed_by_extraction_is_still_found(client, db):
    article = ArticleFactory(text="First line.\nThe chip is\nmade by SMIC. Last line.")
    ClaimFactory(article=article, quote="The chip is made by SMIC.")
    page = client.get(f"/articles/{article.pk}/").content.decode()
    assert '<mark class="claim-sentence">The chip is\nmade by SMIC.</mark>' in page


def test_a_quote_missing_from_the_text_is_flagged(client, db):
    article = ArticleFactory(text="Nothing relevant.")
    ClaimFactory(article=article, quote="A sentence from an older version.")
    page = client.get(f"/articles/{article.pk}/").content.decode()
    assert "quote not found in the text" in page


def test_it_lists_the_vendors_and_chips_the_article_names(client, db):
    article = ArticleFactory()
    chip = ChipFactory(name="Zeta 9")
    article.vendor_mentions.create(vendor=chip.vendor)
    article.chip_mentions.create(chip=chip)
    page = client.get(f"/articles/{article.pk}/").content.decode()
    assert chip.vendor.get_absolute_url() in page and "Zeta 9" in page


def test_an_unknown_article_is_not_found(client, db):
    assert client.get("/articles/424242/").status_code == 404


def test_the_article_page_runs_as_many_queries_with_much_more_data(count_queries, db):
    article = ArticleFactory(text="One. Two. Three.")
    ClaimFactory(article=article, quote="One.")
    few = count_queries(f"/articles/{article.pk}/")
    for i in range(10):
        chip = ChipFactory()
        article.chip_mentions.create(chip=chip)
        article.vendor_mentions.create(vendor=chip.vendor)
        ClaimFactory(article=article, vendor=chip.vendor, chip=chip, quote=f"Two {i}.")
    assert count_queries(f"/articles/{article.pk}/") == few


def test_a_link_that_is_not_http_is_not_linked(client, db):
    article = ArticleFactory(url="javascript:alert(document.cookie)")
    claim = ClaimFactory(article=article)
    for url in (f"/articles/{article.pk}/", f"/claims/{claim.pk}/"):
        assert "javascript:" not in client.get(url).content.decode(), url


def test_an_http_link_to_the_original_is_kept(client, db):
    article = ArticleFactory(url="https://news.example/story")
    assert (
        'href="https://news.example/story"'
        in client.get(f"/articles/{article.pk}/").content.decode()
    )
