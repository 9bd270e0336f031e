"""Article extraction against pages and ground truth of ../shared/corpus/articles."""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsfeed.extraction import (
    ExtractedPage,
    clean_author,
    decode_html,
    extract_page,
    parse_datetime,
)

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "articles"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpus/articles")

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not available")


def corpus_page(source: str, name: str) -> tuple[bytes, dict]:
    folder = CORPUS / source
    truth = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    return (folder / f"{name}.html").read_bytes(), truth


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


ARTICLE = """<!doctype html><html lang="en-GB"><head><meta charset="utf-8">
<title>Chipmaker ships a new accelerator | Example News</title>
<link rel="canonical" href="/2026/11/accelerator?utm_source=rss#top">
<meta property="article:published_time" content="2026-11-28T09:30:00+01:00">
<meta name="author" content="By Jane Doe">
</head><body>
<nav><a href="/">Home</a> <a href="/chips">Chips</a> <a href="/about">About us</a></nav>
<article><h1>Chipmaker ships a new accelerator</h1>
<p>The company said on Friday that its new accelerator delivers twice the training
throughput of the previous generation while drawing the same power.</p>
<p>Volume shipments begin in the first quarter, according to a statement, and the first
systems go to cloud providers. Analysts expect supply to stay tight through the year.</p>
<script>track()</script>
</article>
<div class="newsletter">Sign up for our newsletter to get the latest chip news!</div>
<section id="comments" class="comments"><h3>12 Comments</h3>
<div class="comment"><p>First! This chip is overrated, buy the other one.</p></div></section>
<footer>Copyright 2026 Example News. All rights reserved.</footer>
</body></html>"""


def test_it_extracts_main_text_title_author_date_language_and_canonical_url():
    page = extract_page(ARTICLE.encode(), "https://news.example/a?id=1")

    assert isinstance(page, ExtractedPage)
    assert "delivers twice the training throughput" in collapse(page.text)
    assert "Analysts expect supply to stay tight" in collapse(page.text)
    assert page.title == "Chipmaker ships a new accelerator"
    assert page.author == "Jane Doe"
    assert page.published_at == datetime(2026, 11, 28, 8, 30, tzinfo=UTC)
    assert page.language == "en"
    assert page.canonical_url == "https://news.example/2026/11/accelerator"


def test_pages_are_parsed_into_plain_html_elements_whose_classes_lxml_looks_up_in_c():
    # lxml.html's own lookup is a Python call per element object: trafilatura makes
    # thousands a page. Form elements lose only form helpers extraction never uses.
    import lxml.html
    import trafilatura

    tree = trafilatura.load_html(ARTICLE.replace("</article>", "<form><input></form></article>"))
    assert {type(element) for element in tree.iter("form", "input", "p")} == {lxml.html.HtmlElement}
    assert "twice the training" in tree.find(".//p").text_content()
    page = extract_page(ARTICLE.encode(), "https://example.com/2026/11/accelerator")
    assert page is not None and "twice the training throughput" in collapse(page.text)


def test_metadata_the_feed_entry_gave_is_not_read_from_the_page_again():
    full = extract_page(ARTICLE, "https://news.example/a")
    page = extract_page(
        ARTICLE, "https://news.example/a", known={"title", "author", "published_at"}
    )

    assert (page.title, page.author, page.published_at) == ("", "", None)
    assert (page.text, page.html, page.language, page.canonical_url) == (
        full.text,
        full.html,
        full.language,
        full.canonical_url,
    )
    # Only what is known is skipped.
    assert extract_page(ARTICLE, "https://news.example/a", known={"author"}).title == full.title


def test_a_page_fetch_skips_only_what_the_stored_entry_has():
    from newsfeed.models import Article
    from newsfeed.pages import feed_given

    url = "https://news.example/a"
    bare = Article(url=url, title=url)  # the feed gave no title: the URL stands in
    assert feed_given(bare) == set()
    given = Article(url=url, title="Headline", author="Jane Doe", published_at=datetime.now(UTC))
    assert feed_given(given) == {"title", "author", "published_at"}


def test_navigation_comments_newsletter_and_footer_stay_out_of_the_text():
    text = extract_page(ARTICLE, "https://news.example/a").text

    for boilerplate in ("About us", "newsletter", "First! This chip", "All rights reserved"):
        assert boilerplate not in text


def test_the_display_html_is_sanitised():
    page = extract_page(ARTICLE, "https://news.example/a")

    assert "<p>" in page.html
    assert "track()" not in page.html
    assert "<script" not in page.html


def test_a_page_with_too_little_text_returns_none():
    html = "<html><body><nav>Home</nav><p>Subscribe to read.</p></body></html>"

    assert extract_page(html, "https://news.example/paywalled") is None


def test_an_invalid_canonical_link_is_ignored():
    html = ARTICLE.replace('href="/2026/11/accelerator?utm_source=rss#top"', 'href="javascript:x"')

    assert extract_page(html, "https://news.example/a").canonical_url == ""


@pytest.mark.parametrize(
    "junk",
    [
        pytest.param("<div>" * 100_000 + "deep" + "</div>" * 100_000, id="deeply-nested"),
        pytest.param('<p title="' + "x" * 5_000_000 + '">big attribute</p>', id="huge-attribute"),
        pytest.param(bytes(range(256)) * 4000, id="binary"),
        pytest.param(b"\x00" * 100_000, id="nul-bytes"),
        pytest.param("", id="empty"),
        pytest.param("<html><body>" + "<p>Chip news, again.</p>" * 200_000, id="many-elements"),
        pytest.param("<<<<>>>><!--<![CDATA[" * 10_000, id="broken-markup"),
    ],
)
def test_hostile_input_returns_none_quickly_without_raising(junk):
    started = time.monotonic()

    result = extract_page(junk, "https://evil.example/")

    assert result is None or isinstance(result, ExtractedPage)
    if result is not None:
        assert "<script" not in result.html
    assert time.monotonic() - started < 10


def test_it_keeps_working_after_a_hostile_page():
    extract_page("<div>" * 100_000, "https://evil.example/")

    assert extract_page(ARTICLE, "https://news.example/a") is not None


# ---------------------------------------------------------------- decoding


def test_the_http_charset_wins_over_guessing():
    body = "<p>Prix : 12 € — Café</p>".encode("cp1252")

    assert "12 € — Café" in decode_html(body, "windows-1252")


def test_a_wrong_http_iso_8859_1_default_does_not_garble_utf8_pages():
    body = "<p>Café</p>".encode()

    assert "Café" in decode_html(body, "ISO-8859-1")


def test_undeclared_legacy_bytes_are_detected():
    body = ("<p>" + "Привет мир, это тестовая страница о чипах. " * 20 + "</p>").encode("cp1251")

    assert "Привет мир" in decode_html(body, None)


@needs_corpus
@pytest.mark.parametrize(
    "name", ["utf8", "iso-8859-1", "utf8-meta-after-1024", "iso-8859-1-meta-after-1024"]
)
def test_meta_charset_is_honoured_even_after_the_first_kilobyte(name):
    raw, truth = corpus_page("miniflux-charset", name)

    text = decode_html(raw, None)  # served as text/html without a charset

    for snippet in truth["with"]:
        assert snippet in text


# ---------------------------------------------------------------- corpus pages


@needs_corpus
def test_a_full_text_page_yields_its_key_sentences_and_metadata():
    raw, truth = corpus_page("scrapinghub-aeb", "wccftech.com-e100c9612ad8")

    page = extract_page(raw, truth["url"])

    text = collapse(page.text)
    sentences = [s for s in re.split(r"(?<=\.)\s+", collapse(truth["text"])) if len(s) > 60]
    found = [s for s in sentences if s in text]
    assert len(found) >= 0.8 * len(sentences)
    assert page.title.startswith("Stadia Falls Short of 4K at Launch")
    assert page.author == "Nathan Birch"
    assert page.published_at == datetime(2019, 11, 18, 21, 21, 3, tzinfo=UTC)
    assert page.canonical_url == truth["url"]


@needs_corpus
@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("trafilatura-eval", "tomshardware.com.rtx"),
        ("trafilatura-eval", "knowtechie.com.rally"),
        ("trafilatura-eval", "blog.python.org"),
    ],
)
def test_snippet_pages_have_their_passages_and_not_the_boilerplate(source, name):
    raw, truth = corpus_page(source, name)

    text = collapse(extract_page(raw, truth["url"] or "").text)

    assert [s for s in truth["with"] if collapse(s) not in text] == []
    assert [s for s in truth["without"] if collapse(s) in text] == []


@needs_corpus
def test_the_canonical_url_comes_from_the_pages_link_rel_canonical():
    raw, _truth = corpus_page("trafilatura-eval", "Solarserver.de.solarthermisches-kraftwerk-dubai")

    page = extract_page(raw, "https://www.solarserver.de/?p=12345&utm_source=feed")

    assert page.canonical_url == (
        "https://www.solarserver.de/2022/12/01/"
        "groesstes-solarthermisches-kraftwerk-der-welt-entsteht-in-dubai/"
    )


# ---------------------------------------------------------------- small helpers


def test_dates_are_normalised_to_aware_utc():
    assert parse_datetime("2026-11-28T10:00:00+0200") == datetime(2026, 11, 28, 8, tzinfo=UTC)
    assert parse_datetime("2026-11-28") == datetime(2026, 11, 28, tzinfo=UTC)
    assert parse_datetime("2026-11-28T10:00:00Z") == datetime(2026, 11, 28, 10, tzinfo=UTC)
    assert parse_datetime("yesterday") is None
    assert parse_datetime("1200-01-01") is None


def test_authors_are_cleaned():
    assert clean_author("By Jane Doe") == "Jane Doe"
    assert clean_author("Jane Doe; John Roe") == "Jane Doe, John Roe"
    assert clean_author("jane@example.com") == ""
    assert clean_author(None) == ""


def test_read_more_and_newsletter_lines_are_dropped_from_the_text():
    html = ARTICLE.replace(
        "<script>track()</script>",
        "<p>Read more: Rival chipmaker cuts prices</p>"
        "<p>Lesen Sie auch: Neue Fabrik in Dresden</p>"
        "<p>Sign up for the Chip Brief newsletter and never miss a launch.</p>",
    )

    text = extract_page(html, "https://news.example/a").text

    assert "Rival chipmaker cuts prices" not in text
    assert "Neue Fabrik" not in text
    assert "Chip Brief" not in text
    assert "Analysts expect supply to stay tight" in collapse(text)


@needs_corpus
def test_a_page_precision_mode_empties_is_extracted_in_balanced_mode():
    raw, truth = corpus_page("trafilatura-eval", "security.googleblog.com.protection")

    text = collapse(extract_page(raw, "https://security.googleblog.com/").text)

    assert [s for s in truth["with"] if collapse(s) not in text] == []


@needs_corpus
def test_a_page_fetched_from_loopback_is_decoded_and_extracted(httpserver, allow_loopback):
    from newsfeed.fetching import PAGE_ACCEPT, fetch

    raw, truth = corpus_page("trafilatura-eval", "tomshardware.com.rtx")
    url = httpserver.route("/news/rtx", body=raw, headers={"Content-Type": "text/html"})

    result = fetch(url, accept=PAGE_ACCEPT)
    page = extract_page(result.content, result.url, charset=result.charset)

    assert httpserver.requests_to("/news/rtx")[0].header("accept") == PAGE_ACCEPT
    assert truth["with"][0] in collapse(page.text)
    assert page.canonical_url.startswith("https://www.tomshardware.com/")


def test_a_publication_date_in_the_future_is_dropped():
    html = ARTICLE.replace("2026-11-28T09:30:00+01:00", "2099-01-01T00:00:00Z")

    assert extract_page(html, "https://news.example/a").published_at is None
