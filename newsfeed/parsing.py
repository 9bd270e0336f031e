"""Parse fetched feed bytes with feedparser, into plain values ready to store.

feedparser never fetches here: it gets a byte stream (a bare `bytes` value
could be taken for a file name) and the response headers, so it decodes with
the served charset and resolves relative links against the feed URL.
Its XML parser does not expand external entities and drops entity
declarations, so billion-laughs and XXE documents come out harmless (a test
proves it on every run). Strings from feeds are untrusted: links must be
http(s), titles and summaries become plain text (templates escape them).
"""

from __future__ import annotations

import hashlib
import io
import time
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin

import feedparser

from newsfeed.canonical import is_http_url
from newsfeed.sanitize import html_to_text

MAX_ENTRY_ID = 2000
MAX_TITLE = 1000
MAX_AUTHOR = 500


@dataclass(frozen=True)
class ParsedEntry:
    entry_id: str
    link: str
    title: str
    summary: str
    author: str
    published_at: datetime | None


@dataclass
class ParsedFeed:
    title: str = ""
    site_url: str = ""
    version: str = ""
    ttl: timedelta | None = None
    problem: str = ""
    entries: list[ParsedEntry] = field(default_factory=list)
    skipped: int = 0  # entries without a usable http(s) link

    @property
    def is_feed(self) -> bool:
        """feedparser recognised a feed format, or found entries anyway."""
        return bool(self.version or self.entries)


def struct_to_datetime(value: time.struct_time | None) -> datetime | None:
    """feedparser's parsed dates are UTC struct_times; anything odd becomes None."""
    if not value:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def _text(value: object, limit: int) -> str:
    if not isinstance(value, str):
        return ""
    return " ".join(html_to_text(value).split())[:limit]


def _summary(entry: Mapping) -> str:
    # Prefer the fuller content:encoded/atom:content over the summary.
    html = ""
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        if len(value) > len(html):
            html = value
    summary = entry.get("summary") or ""
    if len(summary) > len(html):
        html = summary
    return html_to_text(html).strip() if html else ""


def _link(entry: Mapping, base: str) -> str:
    candidates = [entry.get("link")]
    candidates += [
        link.get("href")
        for link in entry.get("links") or []
        if link.get("rel", "alternate") == "alternate"
    ]
    candidates = [c.strip() for c in candidates if isinstance(c, str) and c.strip()]
    for candidate in candidates:
        absolute = urljoin(base, candidate)
        if is_http_url(absolute):
            return absolute
    # RSS 2.0 permalink guids carry the URL when there is no <link> at all.
    guid = entry.get("id")
    guid = guid.strip() if isinstance(guid, str) else ""
    if not candidates and entry.get("guidislink") and is_http_url(guid):
        return guid
    return ""


def _entry_id(entry: Mapping, link: str) -> str:
    entry_id = entry.get("id") if isinstance(entry.get("id"), str) else ""
    entry_id = (entry_id or "").strip() or link
    if len(entry_id) > MAX_ENTRY_ID:
        # Keep the key unique and storable rather than truncating it into a collision.
        entry_id = "sha256:" + hashlib.sha256(entry_id.encode("utf-8")).hexdigest()
    return entry_id


def _ttl(channel: Mapping) -> timedelta | None:
    raw = channel.get("ttl")
    try:
        minutes = int(str(raw).strip())
    except (TypeError, ValueError):
        return None
    return timedelta(minutes=minutes) if minutes > 0 else None


def is_utf8_text(content: bytes) -> bool:
    head = content[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        return False  # UTF-16/32: feedparser detects those itself
    if content.isascii():
        return False
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def run_feedparser(content: bytes, url: str, headers: Mapping[str, str] | None = None):
    """feedparser on fetched bytes: served headers for the charset, the URL as base."""
    response_headers = {k.lower(): v for k, v in (headers or {}).items()}
    content_type = response_headers.setdefault("content-type", "application/xml")
    if "charset" not in content_type.lower() and is_utf8_text(content):
        # Bytes that are valid UTF-8 (with non-ASCII in them) are UTF-8, whatever
        # the XML prolog claims: a legacy 8-bit text almost never decodes as UTF-8,
        # while a UTF-8 feed mislabelled windows-1252 is common (Miniflux agrees).
        response_headers["content-type"] = f"{content_type}; charset=utf-8"
    response_headers["content-location"] = url
    return feedparser.parse(
        io.BytesIO(content),
        response_headers=response_headers,
        sanitize_html=True,
        resolve_relative_uris=True,
    )


def parse_feed(content: bytes, url: str, headers: Mapping[str, str] | None = None) -> ParsedFeed:
    """Parse a feed document. Never raises for bad input: problems end up in `.problem`."""
    try:
        data = run_feedparser(content, url, headers)
    except Exception as exc:  # feedparser should not raise, but a crash must not stop a poll
        return ParsedFeed(problem=f"the parser failed: {type(exc).__name__}: {exc}")

    channel = data.get("feed") or {}
    parsed = ParsedFeed(
        title=_text(channel.get("title"), MAX_TITLE),
        site_url=channel.get("link") if is_http_url(channel.get("link") or "") else "",
        version=data.get("version") or "",
        ttl=_ttl(channel),
    )
    if data.get("bozo"):
        exc = data.get("bozo_exception")
        parsed.problem = f"{type(exc).__name__}: {exc}" if exc else "ill-formed document"

    with warnings.catch_warnings():
        # feedparser warns about its own published/updated fallback on every access.
        warnings.simplefilter("ignore", DeprecationWarning)
        add_entries(parsed, data.get("entries") or [], url)
    return parsed


def add_entries(parsed: ParsedFeed, entries: list, url: str) -> None:
    seen: set[str] = set()
    for entry in entries:
        link = _link(entry, url)
        if not link:
            parsed.skipped += 1
            continue
        entry_id = _entry_id(entry, link)
        if entry_id in seen:
            continue  # a feed listing one entry twice
        seen.add(entry_id)
        parsed.entries.append(
            ParsedEntry(
                entry_id=entry_id,
                link=link,
                title=_text(entry.get("title"), MAX_TITLE),
                summary=_summary(entry),
                author=_text(entry.get("author"), MAX_AUTHOR),
                published_at=struct_to_datetime(
                    entry.get("published_parsed") or entry.get("updated_parsed")
                ),
            )
        )
