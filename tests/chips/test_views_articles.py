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
    article = ArticleFactory(text="First line.\n\nThe chip is\nmade by SMIC. Last line.")
    ClaimFactory(article=article, quote="The chip is made by SMIC.")
    page = client.get(f"/articles/{article.pk}/").content.decode()
    assert '<mark class="claim-sentence">The chip is\nmade by SMIC.</mark>' in page


def test_each_marked_sentence_links_to_its_claims_numbered_as_in_the_list(client, db):
    article = ArticleFactory(text="Intro. The chip is made by SMIC. Outro.")
    first = ClaimFactory(article=article, quote="The chip is made by SMIC.", statement="By SMIC")
    second = ClaimFactory(article=article, quote="The chip is made by SMIC.", statement="Chinese")
    page = client.get(f"/articles/{article.pk}/").content.decode()
    assert (
        '<mark class="claim-sentence">The chip is made by SMIC.</mark><sup class="claim-refs">'
        f'<a href="/claims/{first.pk}/" aria-label="Claim 1: By SMIC">1</a>, '
        f'<a href="/claims/{second.pk}/" aria-label="Claim 2: Chinese">2</a></sup> Outro.'
    ) in page
    assert '<li class="claim" id="claim-2">' in page


def test_paragraphs_are_kept_whether_separated_by_blank_lines_or_by_lines(client, db):
    spaced = ArticleFactory(text="One para\nreflowed.\n\nTwo para.")
    page = client.get(f"/articles/{spaced.pk}/").content.decode()
    assert "<p>One para\nreflowed.</p>\n<p>Two para.</p>" in page
    lined = ArticleFactory(text="One para.\nTwo para.\n")
    page = client.get(f"/articles/{lined.pk}/").content.decode()
    assert "<p>One para.</p>\n<p>Two para.</p>" in page


def test_the_title_is_not_repeated_as_the_first_line_of_the_text(client, db):
    article = ArticleFactory(
        title="Acme ships the X1", text="Acme Ships the X1\n\nAcme shipped the X1 on Monday."
    )
    page = client.get(f"/articles/{article.pk}/").content.decode()
    text = page[page.index('<div class="article-text">') :]
    assert text.startswith('<div class="article-text"><p>Acme shipped the X1 on Monday.</p>')
    assert "Acme Ships the X1" not in page


def test_a_claim_made_by_the_headline_says_so(client, db):
    article = ArticleFactory(title="Acme ships the X1", text="Acme ships the X1\n\nMore text.")
    ClaimFactory(article=article, quote="Acme ships the X1", headline=True)
    page = client.get(f"/articles/{article.pk}/").content.decode()
    assert "(from the headline)" in page and "quote not found" not in page


def test_it_says_when_only_the_feed_summary_could_be_had(client, db):
    failed = ArticleFactory(
        text="",
        summary="A short <summary>.",
        fetch_state="failed",
        fetch_error="HTTP 403 Forbidden",
        url="https://news.example/story",
    )
    page = client.get(f"/articles/{failed.pk}/").content.decode()
    assert "Only the feed's summary could be had" in page and "HTTP 403 Forbidden" in page
    assert "<p>A short &lt;summary&gt;.</p>" in page
    pending = ArticleFactory(text="", summary="Soon.", fetch_state="pending")
    page = client.get(f"/articles/{pending.pk}/").content.decode()
    assert "has not been fetched yet: this is the feed's summary" in page
    full = ArticleFactory(text="The whole story.", summary="Short.")
    assert "summary-only" not in client.get(f"/articles/{full.pk}/").content.decode()


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
