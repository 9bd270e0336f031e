"""Adding, importing and exporting feeds (the addfeed/importopml/exportopml commands)."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from xml.sax.saxutils import quoteattr

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from lxml import etree

from newsfeed.canonical import canonical_url, is_http_url
from newsfeed.models import Feed, Source


class FeedError(ValueError):
    """A feed cannot be added; the message says why, for a person to read."""


# What a host name may hold once IDNA-encoded: letters, digits, hyphens (and the
# underscores some real hosts use) in dot-separated labels of 1-63 characters.
_HOST_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?")


def host_problem(host: str) -> str | None:
    """Why `host` (as canonical_url leaves it) cannot be a feed's host, or None.

    urlsplit accepts spaces, NULs, percent escapes and backslashes in a host;
    resolving such a name fails later in ways a person cannot read, or worse,
    a resolver cuts it at the NUL and connects somewhere else.
    """
    if host.startswith("["):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return "is not an IPv6 address"
        return None
    if len(host) > 253:
        return "is longer than 253 characters"
    odd = sorted({c for c in host if not (c.isalnum() or c in "._-")})
    if odd:
        shown = ", ".join(repr(c) for c in odd)
        return f"has characters a host name cannot have: {shown}"
    if not all(_HOST_LABEL.fullmatch(label) for label in host.split(".")):
        # Non-ASCII labels the IDNA codec refused land here too.
        return "is not a valid host name (empty, too long or badly formed parts)"
    return None


def normalise_feed_url(raw: str) -> str:
    url = (raw or "").strip()
    if not is_http_url(url):
        raise FeedError(f"not an http(s) URL: {raw!r}")
    try:
        normalised = canonical_url(url)
    except ValueError as exc:
        raise FeedError(f"not a usable feed URL: {raw!r} ({exc})") from exc
    host = urlsplit(normalised).hostname or ""
    if ":" in host:
        host = f"[{host}]"
    problem = host_problem(host)
    if problem:
        raise FeedError(f"not a usable feed URL: {raw!r} (the host {host!r} {problem})")
    if not is_http_url(normalised) or len(normalised) > 2000:
        raise FeedError(f"not a usable feed URL: {raw!r}")
    return normalised


def existing_feed(url: str) -> Feed | None:
    return Feed.objects.filter(Q(url=url) | Q(redirect_url=url)).first()


def add_feed(raw_url: str, *, title: str = "") -> Feed:
    """Create a feed (not fetched now: the next poll does it). FeedError on bad/duplicate URL."""
    url = normalise_feed_url(raw_url)
    duplicate = existing_feed(url) or existing_feed(raw_url.strip())
    if duplicate is not None:
        raise FeedError(f"already a feed: {duplicate.url} (id {duplicate.pk})")
    domain = Source.domain_of(url)
    source, _ = Source.objects.get_or_create(domain=domain, defaults={"name": domain})
    try:
        with transaction.atomic():
            return Feed.objects.create(url=url, title=title.strip()[:500], source=source)
    except IntegrityError as exc:
        raise FeedError(f"already a feed: {url}") from exc


# --- OPML -----------------------------------------------------------------------


class OPMLError(ValueError):
    pass


@dataclass(frozen=True)
class Outline:
    url: str
    title: str
    site_url: str = ""


@dataclass
class ImportCount:
    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.duplicates)} already present, "
            f"{len(self.invalid)} invalid"
        )


def read_opml(data: bytes) -> list[Outline]:
    """Every outline with an xmlUrl, at any depth. No network, no entity expansion."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise OPMLError(f"not well-formed XML: {exc}") from exc
    if root is None or etree.QName(root).localname.lower() != "opml":
        raise OPMLError("not an OPML document (the root element is not <opml>)")
    body = next((child for child in root if etree.QName(child).localname == "body"), None)
    if body is None:
        raise OPMLError("OPML without a <body>")
    outlines = []
    for node in body.iter("{*}outline", "outline"):
        url = (node.get("xmlUrl") or node.get("xmlurl") or "").strip()
        if not url:
            continue  # a folder
        title = (node.get("title") or node.get("text") or "").strip()
        outlines.append(Outline(url=url, title=title, site_url=(node.get("htmlUrl") or "")))
    return outlines


def import_outlines(outlines: Iterable[Outline]) -> ImportCount:
    count = ImportCount()
    for outline in outlines:
        try:
            feed = add_feed(outline.url, title=outline.title)
        except FeedError as exc:
            (count.duplicates if "already" in str(exc) else count.invalid).append(outline.url)
            continue
        if is_http_url(outline.site_url):
            Feed.objects.filter(pk=feed.pk).update(site_url=outline.site_url[:2000])
        count.added.append(feed.url)
    return count


def export_opml(feeds: Iterable[Feed] | None = None) -> Iterator[str]:
    """OPML 2.0, one line at a time."""
    feeds = Feed.objects.order_by("title", "url") if feeds is None else feeds
    created = timezone.now().strftime("%a, %d %b %Y %H:%M:%S GMT")
    yield '<?xml version="1.0" encoding="UTF-8"?>'
    yield '<opml version="2.0">'
    yield "  <head>"
    yield "    <title>ChipWatch feeds</title>"
    yield f"    <dateCreated>{created}</dateCreated>"
    yield "  </head>"
    yield "  <body>"
    for feed in feeds:
        title = feed.title or feed.url
        attrs = f'type="rss" text={quoteattr(title)} title={quoteattr(title)}'
        attrs += f" xmlUrl={quoteattr(feed.url)}"
        if feed.site_url:
            attrs += f" htmlUrl={quoteattr(feed.site_url)}"
        yield f"    <outline {attrs}/>"
    yield "  </body>"
    yield "</opml>"
