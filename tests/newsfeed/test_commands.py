"""addfeed, pollfeeds, importopml and exportopml, through call_command."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from newsfeed.models import Article, Feed
from tests.factories import FeedFactory
from tests.newsfeed.feedkit import Item, page, rss, story

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_addfeed_adds_a_feed_without_fetching_it(httpserver):
    output = run("addfeed", httpserver.url("/feed.xml"), "--title", "Chips daily")
    feed = Feed.objects.get()
    assert (feed.url, feed.title) == (httpserver.url("/feed.xml"), "Chips daily")
    assert output.startswith(f"added feed {feed.pk}: ")
    assert httpserver.requests == []


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000/feed.xml", "http://localhost:8000/f", "http://192.168.1.5/f"]
)
def test_addfeed_says_how_to_poll_a_local_feed(url, settings):
    settings.FETCH_ALLOW_PRIVATE = False
    output = run("addfeed", url)
    assert "refused unless FETCH_ALLOW_PRIVATE=1 is set" in output
    settings.FETCH_ALLOW_PRIVATE = True
    Feed.objects.all().delete()
    assert "FETCH_ALLOW_PRIVATE" not in run("addfeed", url)


def test_addfeed_gives_no_such_note_for_a_public_feed(settings):
    settings.FETCH_ALLOW_PRIVATE = False
    assert "note:" not in run("addfeed", "https://news.example/feed.xml")


@pytest.mark.parametrize("url", ["ftp://example.org/feed", "not a url", "javascript:alert(1)", ""])
def test_addfeed_refuses_a_bad_url(url):
    with pytest.raises(CommandError, match="not an http"):
        run("addfeed", url)
    assert not Feed.objects.exists()


def test_addfeed_refuses_a_duplicate():
    run("addfeed", "https://news.example/feed.xml")
    with pytest.raises(CommandError, match="already a feed"):
        run("addfeed", "https://news.example/feed.xml")


def test_addfeed_refuses_a_canonical_duplicate():
    run("addfeed", "https://news.example/feed.xml")
    with pytest.raises(CommandError, match="already a feed"):
        run("addfeed", "https://NEWS.example/feed.xml?utm_source=newsletter#top")
    assert Feed.objects.count() == 1


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("http://exa mple.com/feed", "has characters a host name cannot have: ' '"),
        ("http://example.com\x00.evil.example/feed", r"cannot have: '\\x00'"),
        ("http://exa%00mple.com/feed", "cannot have: '%'"),
        ("http://exa%20mple.com/feed", "cannot have: '%'"),
        ("http://exa\\mple.com/feed", r"cannot have: '\\\\'"),
        ("http://news..example/feed", "is not a valid host name"),
        ("http://-news-.example/feed", "is not a valid host name"),
    ],
)
def test_addfeed_refuses_a_host_no_name_can_have(url, said):
    with pytest.raises(CommandError, match=said):
        run("addfeed", url)
    assert not Feed.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/feed.xml",
        "http://[::1]:8080/feed.xml",
        "https://ex_ample.news.example/rss",
        "https://例子.example/feed",
        "https://news.example/a feed.xml",  # a space in the path is escaped, not refused
    ],
)
def test_addfeed_keeps_accepting_real_hosts(url):
    run("addfeed", url)
    assert Feed.objects.count() == 1


def test_a_refused_url_exits_non_zero_with_one_line_and_no_traceback(tmp_path):
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "manage.py", "addfeed", "http://exa mple.com/feed"],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "CHIPWATCH_VAR_DIR": str(tmp_path)},
        timeout=120,
    )
    assert done.returncode != 0
    assert done.stderr.startswith("CommandError: not a usable feed URL")
    assert "Traceback" not in done.stderr


@pytest.fixture
def two_feeds(httpserver, allow_loopback):
    for n in (1, 2, 3):
        httpserver.route(f"/news/{n}", body=page(f"Story {n}", story(n)),
                         headers={"Content-Type": "text/html", "ETag": f'"p{n}"'})  # fmt: skip
    doc = rss([Item(httpserver.url(f"/news/{n}"), f"Story {n}") for n in (1, 2)])
    httpserver.route(
        "/a.xml",
        handler=lambda req: _conditional(req, doc, '"a1"'),
    )
    httpserver.route("/b.xml", status=500)
    FeedFactory(url=httpserver.url("/a.xml"))
    FeedFactory(url=httpserver.url("/b.xml"))
    return httpserver


def _conditional(request, body: bytes, etag: str):
    from tests.httpserver import Response

    if request.header("if-none-match") == etag:
        return Response(304, headers={"ETag": etag})
    return Response(200, body, {"ETag": etag, "Content-Type": "application/rss+xml"})


def test_pollfeeds_prints_a_line_per_feed_and_a_summary(two_feeds):
    lines = run("pollfeeds", "--all").splitlines()
    assert lines[0] == f"new       {two_feeds.url('/a.xml')}: 2 new of 2 entries, 2 pages fetched"
    assert lines[1].startswith(f"failed    {two_feeds.url('/b.xml')}: HTTP 500")
    assert lines[-1] == "polled 2 feeds: 2 new, 0 unchanged, 1 failed (2 pages fetched)"
    assert Article.objects.filter(fetch_state="done").count() == 2


def test_a_second_pollfeeds_makes_only_conditional_requests_and_fetches_no_page(two_feeds):
    run("pollfeeds", "--all")
    before = len(two_feeds.requests)
    output = run("pollfeeds", "--all")
    again = two_feeds.requests[before:]
    feed_requests = [r for r in again if r.path == "/a.xml"]
    assert [r.header("if-none-match") for r in feed_requests] == ['"a1"']
    assert not [r for r in again if r.path.startswith("/news/")]
    assert "not modified (304)" in output
    assert (
        output.splitlines()[-1] == "polled 2 feeds: 0 new, 1 unchanged, 1 failed (0 pages fetched)"
    )


def test_pollfeeds_without_all_polls_only_due_feeds(two_feeds):
    run("pollfeeds", "--all")
    assert run("pollfeeds").splitlines() == [
        "polled 0 feeds: 0 new, 0 unchanged, 0 failed (0 pages fetched)"
    ]


def test_pollfeeds_feed_polls_just_that_one(two_feeds):
    output = run("pollfeeds", "--feed", two_feeds.url("/b.xml"))
    assert len(output.splitlines()) == 2
    assert two_feeds.requests_to("/a.xml") == []


@pytest.mark.parametrize("empty", ["", "   "])
def test_pollfeeds_with_an_empty_feed_url_is_an_error_and_polls_nothing(two_feeds, empty):
    # An unset shell variable ("--feed $URL") used to poll every feed and exit 0.
    with pytest.raises(CommandError, match="--feed needs the URL of a feed"):
        run("pollfeeds", "--feed", empty)
    assert two_feeds.requests == []


def test_pollfeeds_names_the_article_pages_it_could_not_get(httpserver, allow_loopback):
    httpserver.route(
        "/news/1", body=page("Story 1", story(1)), headers={"Content-Type": "text/html"}
    )
    httpserver.route("/news/2", status=404)
    httpserver.route("/news/3", status=503)
    doc = rss([Item(httpserver.url(f"/news/{n}"), f"Story {n}") for n in (1, 2, 3)])
    httpserver.route("/a.xml", body=doc, headers={"Content-Type": "application/rss+xml"})
    FeedFactory(url=httpserver.url("/a.xml"))
    lines = run("pollfeeds", "--all").splitlines()
    assert lines[-1] == (
        "polled 1 feeds: 3 new, 0 unchanged, 0 failed (1 pages fetched, 2 failed: listed above)"
    )
    assert lines[1:3] == [
        f"page failed {httpserver.url('/news/2')}: HTTP 404 Not Found "
        "(the page no longer exists); the feed's summary stands in",
        f"page failed {httpserver.url('/news/3')}: HTTP 503 Service Unavailable "
        "(the server is unavailable; will retry)",
    ]


def test_pollfeeds_says_failures_in_words_and_once_when_every_feed_fails_alike(settings):
    # Loopback feeds without FETCH_ALLOW_PRIVATE: refused before any connection.
    settings.FETCH_ALLOW_PRIVATE = False
    FeedFactory(url="http://127.0.0.1:9/a.xml")
    FeedFactory(url="http://127.0.0.1:9/b.xml")
    lines = run("pollfeeds", "--all").splitlines()
    assert lines[0] == (
        "failed    http://127.0.0.1:9/a.xml: "
        "refused: private address — set FETCH_ALLOW_PRIVATE for local feeds"
    )
    assert lines[2] == (
        "Every feed is refused because it is on a private address. "
        "Set FETCH_ALLOW_PRIVATE=1 to follow local feeds."
    )
    assert lines[-1] == "polled 2 feeds: 0 new, 0 unchanged, 2 failed (0 pages fetched)"


def test_pollfeeds_feed_with_an_unknown_url_is_an_error():
    with pytest.raises(CommandError, match="no feed"):
        run("pollfeeds", "--feed", "https://unknown.example/feed")


OPML = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>subs</title></head><body>
  <outline text="Chips">
    <outline text="Nested">
      <outline type="rss" text="Deep feed" xmlUrl="https://deep.example/feed.xml"/>
    </outline>
    <outline type="rss" title="Titled" text="ignored" xmlUrl="https://titled.example/rss"
             htmlUrl="https://titled.example/"/>
  </outline>
  <outline type="rss" text="Bad" xmlUrl="ftp://bad.example/feed"/>
  <outline type="rss" text="Again" xmlUrl="https://deep.example/feed.xml"/>
</body></opml>"""


def test_importopml_adds_nested_feeds_and_reports_counts(tmp_path: Path):
    file = tmp_path / "subs.opml"
    file.write_bytes(OPML)
    output = run("importopml", str(file))
    assert output.strip() == "imported subs.opml: 2 added, 1 already present, 1 invalid"
    assert dict(Feed.objects.values_list("url", "title")) == {
        "https://deep.example/feed.xml": "Deep feed",
        "https://titled.example/rss": "Titled",
    }


def test_importopml_twice_adds_nothing(tmp_path: Path):
    file = tmp_path / "subs.opml"
    file.write_bytes(OPML)
    run("importopml", str(file))
    assert "0 added, 3 already present" in run("importopml", str(file))


def test_importopml_refuses_malformed_opml(tmp_path: Path):
    file = tmp_path / "bad.opml"
    file.write_bytes(b"<opml><body><outline xmlUrl='x'></body>")
    with pytest.raises(CommandError, match="not well-formed"):
        run("importopml", str(file))


def test_importopml_never_reads_external_entities(tmp_path: Path):
    file = tmp_path / "evil.opml"
    file.write_bytes(
        b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<opml version="2.0"><body><outline text="&xxe;" '
        b'xmlUrl="https://evil.example/feed"/></body></opml>'
    )
    with pytest.raises(CommandError) as error:
        run("importopml", str(file))
    assert "root:" not in str(error.value)
    assert not Feed.objects.exists()


def test_exportopml_writes_valid_opml_that_imports_back(tmp_path: Path):
    FeedFactory(
        url="https://a.example/feed.xml", title="A & B <news>", site_url="https://a.example/"
    )
    FeedFactory(url="https://b.example/rss", title="")
    exported = run("exportopml")
    root = etree.fromstring(exported.encode())
    assert root.get("version") == "2.0"
    assert [o.get("xmlUrl") for o in root.iter("outline")] == [
        "https://b.example/rss",
        "https://a.example/feed.xml",
    ]
    Feed.objects.all().delete()
    file = tmp_path / "round.opml"
    file.write_text(exported)
    run("importopml", str(file))
    assert dict(Feed.objects.values_list("url", "title")) == {
        "https://a.example/feed.xml": "A & B <news>",
        "https://b.example/rss": "https://b.example/rss",
    }
