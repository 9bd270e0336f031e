"""Feed bytes in, plain values out: feedparser never fetches, and bad input never crashes."""

from __future__ import annotations

import resource
from datetime import UTC, datetime

from newsfeed.parsing import parse_feed
from tests.newsfeed.feedkit import Item, rss

URL = "https://feeds.example/news.xml"

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom news</title>
<link href="https://atom.example/"/>
<entry><id>tag:atom.example,2026:1</id><title type="html">Ascend &lt;b&gt;910C&lt;/b&gt;</title>
<link rel="alternate" href="/2026/ascend"/><updated>2026-01-05T12:30:00+08:00</updated>
<summary>Short</summary></entry>
</feed>"""


def test_it_reads_rss_entries():
    parsed = parse_feed(rss([Item("https://n.example/a", "First")]), URL)
    assert [(e.entry_id, e.link, e.title) for e in parsed.entries] == [
        ("https://n.example/a", "https://n.example/a", "First")
    ]
    assert parsed.version == "rss20" and not parsed.problem


def test_it_reads_atom_and_resolves_relative_links_against_the_feed_url():
    parsed = parse_feed(ATOM, URL, {"Content-Type": "application/atom+xml"})
    entry = parsed.entries[0]
    assert entry.link == "https://feeds.example/2026/ascend"
    assert entry.entry_id == "tag:atom.example,2026:1"


def test_titles_come_out_as_plain_text():
    parsed = parse_feed(ATOM, URL)
    assert parsed.entries[0].title == "Ascend 910C"


def test_dates_are_normalised_to_utc():
    parsed = parse_feed(ATOM, URL)
    assert parsed.entries[0].published_at == datetime(2026, 1, 5, 4, 30, tzinfo=UTC)


def test_an_unparseable_date_becomes_none():
    item = Item("https://n.example/a", "A", pub_date="the day after tomorrow")
    assert parse_feed(rss([item]), URL).entries[0].published_at is None


def test_only_http_links_are_kept():
    items = [
        Item("javascript:alert(1)", "bad", guid="g1"),
        Item("file:///etc/passwd", "bad", guid="g2"),
        Item("https://n.example/ok", "good", guid="g3"),
    ]
    parsed = parse_feed(rss(items), URL)
    assert [e.title for e in parsed.entries] == ["good"]
    assert parsed.skipped == 2


def test_the_entry_id_falls_back_to_the_link():
    document = (
        b'<rss version="2.0"><channel><title>t</title><item><title>x</title>'
        b"<link>https://n.example/x</link></item></channel></rss>"
    )
    assert parse_feed(document, URL).entries[0].entry_id == "https://n.example/x"


def test_a_bozo_feed_still_yields_its_entries_with_the_problem_recorded():
    broken = rss([Item("https://n.example/a", "First")]).replace(b"</channel></rss>", b"<oops>")
    parsed = parse_feed(broken, URL)
    assert parsed.problem
    assert [e.link for e in parsed.entries] == ["https://n.example/a"]


def test_a_document_that_is_not_a_feed_is_reported_not_raised():
    parsed = parse_feed(b"<html><body>Hello</body></html>", URL, {"Content-Type": "text/html"})
    assert not parsed.is_feed


def test_the_body_is_never_taken_for_a_file_name():
    parsed = parse_feed(b"/etc/passwd", URL)
    assert parsed.entries == [] and "root:" not in parsed.title


def test_a_non_utf8_feed_is_decoded_by_its_declared_charset():
    document = (
        '<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel>'
        "<title>Новости</title><item><title>Привет мир</title>"
        "<link>https://n.example/ru</link></item></channel></rss>"
    ).encode("cp1251")
    parsed = parse_feed(document, URL, {"Content-Type": "application/rss+xml"})
    assert parsed.title == "Новости"
    assert parsed.entries[0].title == "Привет мир"


def test_the_http_charset_wins_over_a_missing_declaration():
    document = (
        "<rss version='2.0'><channel><title>Café</title><item><title>Euro €</title>"
        "<link>https://n.example/e</link></item></channel></rss>"
    ).encode("iso-8859-15")
    parsed = parse_feed(document, URL, {"Content-Type": "text/xml; charset=iso-8859-15"})
    assert parsed.entries[0].title == "Euro €"


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
<!ENTITY lol "lol">
<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
<!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>before &xxe; after</title><link>https://n.example/lol</link></item>
</channel></rss>"""


def test_a_billion_laughs_feed_does_not_expand_entities():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    parsed = parse_feed(BILLION_LAUGHS, URL)
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert len(parsed.title) < 100  # 10**9 "lol"s would be 3 GB
    assert grown_kib < 50_000
    assert parsed.entries and "root:" not in parsed.entries[0].title


def test_external_entities_are_never_read():
    parsed = parse_feed(BILLION_LAUGHS, URL)
    assert all("root:" not in e.title + e.summary for e in parsed.entries)
