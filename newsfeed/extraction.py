"""Main text and metadata of an article page, with trafilatura on bytes we fetched ourselves.

trafilatura's own downloader is never used (it follows redirects to loopback and retries
without TLS verification). Extraction favours precision: navigation, comments, related
links and newsletter boxes are boilerplate to the analysis that reads this text, and a page
that yields too little text returns None so the caller keeps the feed's own summary.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import lxml.etree
import lxml.html
import trafilatura
import trafilatura.utils
from htmldate import find_date
from trafilatura import metadata as trafilatura_metadata
from trafilatura.htmlprocessing import build_html_output
from trafilatura.settings import Document, use_config

from newsfeed.canonical import canonical_url as normalise_url
from newsfeed.sanitize import clean_html

logger = logging.getLogger(__name__)

# Less text than this is a teaser, a paywall or an error page: keep the feed summary instead.
MIN_TEXT_CHARS = 100
# Pages with more elements are not articles but hostile or broken (the corpus tops out below
# 5,000); trafilatura's time grows with the tree, so they are refused before it runs.
MAX_ELEMENTS = 25_000
# trafilatura's own limit on the extracted body's top-level elements.
MAX_TREE_SIZE = 10_000
# Where a <meta charset> is looked for (past the 1024 bytes browsers scan: pages pad their head).
META_SCAN_BYTES = 64 * 1024


def _trafilatura_config():
    config = use_config()
    config.set("DEFAULT", "MAX_TREE_SIZE", str(MAX_TREE_SIZE))
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # signals do not work in worker threads
    config.set("DEFAULT", "EXTENSIVE_DATE_SEARCH", "off")
    return config


TRAFILATURA_CONFIG = _trafilatura_config()


def _class_lookup_in_c() -> None:
    """Pages parsed by trafilatura (ours, and its own re-parses) get their element classes
    from lxml in C: lxml.html's lookup is a Python call for every element object made, and
    trafilatura's passes over a page make ~2,000 (a tenth of its time). The one difference,
    form elements as plain HtmlElement without their form helpers, is nothing extraction uses."""
    trafilatura.utils.HTML_PARSER.set_element_class_lookup(
        lxml.etree.ElementDefaultClassLookup(
            element=lxml.html.HtmlElement,
            comment=lxml.html.HtmlComment,
            pi=lxml.html.HtmlProcessingInstruction,
            entity=lxml.html.HtmlEntity,
        )
    )


_class_lookup_in_c()

_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE
)
_XML_DECL_RE = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.\-]+)""")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Labels browsers map to a superset (WHATWG encoding standard).
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "x-user-defined": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift-jis": "cp932",
    "shift_jis": "cp932",
    "sjis": "cp932",
    "euc-kr": "cp949",
    "tis-620": "cp874",
    "utf8": "utf-8",
}
_LEGACY_DEFAULTS = {"cp1252"}  # what a server sends by default even for UTF-8 pages


@dataclass(frozen=True)
class ExtractedPage:
    text: str
    title: str
    author: str
    published_at: datetime | None  # aware UTC
    language: str  # primary language subtag, lower case ("en"), "" when unknown
    canonical_url: str  # absolute http(s) canonical, "" if none or invalid
    html: str  # sanitised main-content HTML for display ("" allowed)


# --------------------------------------------------------------------------- decoding


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def sniff_charset(content: bytes) -> str | None:
    """The charset a page declares in its bytes (BOM, XML declaration, <meta>), as a codec."""
    for bom, name in _BOMS:
        if content.startswith(bom):
            return name
    declared = _XML_DECL_RE.match(content[:200])
    if declared is None:
        declared = _META_CHARSET_RE.search(content[:META_SCAN_BYTES])
    if declared is None:
        return None
    codec = _codec(declared.group(1).decode("ascii", "ignore"))
    # A page cannot really be UTF-16 if we just read its meta tag as ASCII.
    return "utf-8" if codec and codec.startswith("utf-16") else codec


def _valid_utf8(content: bytes) -> bool:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_html(content: bytes | str, charset: str | None = None) -> str:
    """Text of a page: BOM, then the HTTP charset, then <meta>, then detection."""
    if isinstance(content, str):
        return content
    for bom, name in _BOMS:
        if content.startswith(bom):
            return content.decode(name, errors="replace").lstrip("\ufeff")
    http_codec = _codec(charset)
    meta_codec = sniff_charset(content)
    # Servers default to ISO-8859-1 for pages that are really UTF-8: bytes that are valid
    # UTF-8 (and not plain ASCII) are UTF-8 unless the page itself says otherwise.
    if http_codec in _LEGACY_DEFAULTS and meta_codec in (None, "utf-8") and _valid_utf8(content):
        return content.decode("utf-8")
    codec = http_codec or meta_codec
    if codec is None:
        if _valid_utf8(content):
            return content.decode("utf-8")
        codec = _detect(content)
    try:
        return content.decode(codec, errors="replace")
    except LookupError:  # pragma: no cover - codec names come from codecs.lookup
        return content.decode("cp1252", errors="replace")


def _detect(content: bytes) -> str:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - installed with trafilatura
        return "cp1252"
    best = from_bytes(content[:META_SCAN_BYTES]).best()
    return _codec(best.encoding if best else None) or "cp1252"


# --------------------------------------------------------------------------- metadata


_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "pubdate",
    "publishdate",
)


def parse_datetime(value: str | None) -> datetime | None:
    """An aware UTC datetime from ISO 8601 (date-only means midnight UTC), or None."""
    if not value:
        return None
    value = value.strip()
    if len(value) == 10:
        value += "T00:00:00+00:00"
    value = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", value).replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    parsed = parsed.astimezone(UTC)
    if not 1990 <= parsed.year <= 2100:
        return None
    return parsed


def _plausible(when: datetime | None) -> datetime | None:
    """None for a publication date in the future (a wrong clock or a placeholder)."""
    if when is not None and when > datetime.now(UTC) + timedelta(days=1):
        return None
    return when


def _meta_published(tree: lxml.html.HtmlElement) -> datetime | None:
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _DATE_META and key not in found:
            found[key] = meta.get("content") or ""
    for key in _DATE_META:
        when = parse_datetime(found.get(key))
        if when:
            return when
    return None


def _link_canonical(tree: lxml.html.HtmlElement, url: str) -> str:
    candidates = []
    for link in tree.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        if "canonical" in rels and link.get("href"):
            candidates.append(link.get("href"))
    for meta in tree.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() == "og:url":
            candidates.append(meta.get("content") or "")
    for href in candidates:
        try:
            return normalise_url(href, url or None)
        except ValueError:
            continue
    return ""


def _language(tree: lxml.html.HtmlElement, fallback: str | None) -> str:
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    for meta in tree.iter("meta"):
        key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
        if key in ("content-language", "og:locale", "language", "dc.language"):
            candidates.append(meta.get("content"))
    candidates.append(fallback)
    for value in candidates:
        primary = re.split(r"[-_,;\s]", (value or "").strip().lower(), maxsplit=1)[0]
        if re.fullmatch(r"[a-z]{2,3}", primary):
            return primary
    return ""


def clean_author(author: str | None) -> str:
    """A byline without "By", e-mail addresses, URLs or runaway length."""
    if not author:
        return ""
    names = []
    for part in re.split(r"\s*[;|]\s*|\s+and\s+", author):
        part = re.sub(r"^\s*(?:by|von|par|por|di)\s+", "", part, flags=re.IGNORECASE)
        part = re.sub(r"\S+@\S+|https?://\S+", "", part)
        part = re.sub(r"\s+", " ", part).strip(" ,.-–—:")
        if part and len(part) <= 80 and part not in names:
            names.append(part)
    return ", ".join(names)[:200]


# --------------------------------------------------------------------------- extraction


# Metadata a feed entry may give: a caller that has it need not have it read from the page.
FEED_FIELDS = frozenset({"title", "author", "published_at"})


def extract_page(
    content: bytes | str,
    url: str,
    *,
    charset: str | None = None,
    known: Collection[str] = (),
) -> ExtractedPage | None:
    """Main text and metadata of a page, or None when nothing usable can be extracted.

    `known`: those of FEED_FIELDS the caller already has (from the feed entry), left empty
    rather than looked for: the author and date searches are a third of a page's time."""
    try:
        return _extract(content, url, charset, frozenset(known) & FEED_FIELDS)
    except Exception:
        # Hostile or broken markup must never take a worker down: log and fall back.
        logger.warning("extraction failed for %s", url, exc_info=True)
        return None


def _extract(
    content: bytes | str, url: str, charset: str | None, known: frozenset[str]
) -> ExtractedPage | None:
    html = decode_html(content, charset)
    if not html.strip():
        return None
    # Parse once for our own metadata; trafilatura gets the same tree (it copies it).
    tree = trafilatura.load_html(html)
    if tree is None:
        return None
    if len(tree.text_content()) < MIN_TEXT_CHARS:  # nothing to find: skip trafilatura
        return None
    elements = sum(1 for _ in tree.iter())
    if elements > MAX_ELEMENTS:
        logger.warning("not extracting %s: %d elements (limit %d)", url, elements, MAX_ELEMENTS)
        return None
    # Read once, before the body (whose extraction may run twice): trafilatura's own
    # metadata pass is skipped, it also computes what we never store (licence, site
    # name, categories, tags: over a third of its time on a typical page).
    metadata, page_url = _metadata(tree, url, known)
    document, text = None, ""
    # Precision first; a page it empties (unusual markup) gets the balanced mode.
    for favor_precision in (True, False):
        document = _trafilatura(tree, url or page_url, favor_precision=favor_precision)
        text = _tidy_text(document.text or "") if document is not None else ""
        if len(text) >= MIN_TEXT_CHARS:
            break
    if document is None or len(text) < MIN_TEXT_CHARS:
        return None
    try:
        display_html = clean_html(build_html_output(document), url or None)
    except Exception:  # display HTML is a nicety; the text is what matters
        logger.info("no display HTML for %s", url, exc_info=True)
        display_html = ""
    title = "" if "title" in known else re.sub(r"\s+", " ", metadata.title or "").strip()
    published = None
    if "published_at" not in known:
        # The page's own date tags win; htmldate's search of the page runs without them.
        published = _meta_published(tree) or parse_datetime(_searched_date(tree, page_url))
    return ExtractedPage(
        text=text,
        title=title[:500],
        author="" if "author" in known else clean_author(metadata.author),
        published_at=_plausible(published),
        language=_language(tree, None),  # trafilatura only sets a language it was asked to
        canonical_url=_link_canonical(tree, url),
        html=display_html,
    )


_DATE_PARAMS = {
    "extensive_search": False,
    "original_date": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}


def _trafilatura(tree: lxml.html.HtmlElement, url: str | None, *, favor_precision: bool):
    # trafilatura copies a tree it is given before pruning it: ours still serves metadata.
    return trafilatura.bare_extraction(
        tree,
        url=url or None,
        include_comments=False,
        favor_precision=favor_precision,
        include_tables=True,
        include_links=False,
        with_metadata=False,
        config=TRAFILATURA_CONFIG,
    )


def _metadata(
    tree: lxml.html.HtmlElement, url: str, known: frozenset[str] = frozenset()
) -> tuple[Document, str | None]:
    """Title and author as trafilatura.metadata.extract_metadata finds them (the same steps
    in the same order), without the fields we do not store, trimmed as it trims them; and
    the page's URL untrimmed, as trafilatura passes it on to htmldate. A field `known`
    is not searched for in the page's body (its meta tags, read anyway, cost nothing)."""
    metadata = trafilatura_metadata.examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    try:
        metadata = trafilatura_metadata.extract_meta_json(tree, metadata)
    except Exception as err:  # as trafilatura does: its JSON-LD reader has bugs
        logger.warning("error in JSON metadata extraction: %s", err)
    if not metadata.title and "title" not in known:
        metadata.title = trafilatura_metadata.extract_title(tree)
    if not metadata.author and "author" not in known:
        metadata.author = trafilatura_metadata.extract_author(tree)
    if not metadata.url:
        metadata.url = trafilatura_metadata.extract_url(tree, url or None)
    page_url = metadata.url
    metadata.clean_and_trim()
    return metadata, page_url


def _searched_date(tree: lxml.html.HtmlElement, url: str | None) -> str | None:
    """The publication date htmldate finds in the page (trafilatura's date), trimmed."""
    found = Document()
    found.date = find_date(tree, **_DATE_PARAMS, url=url)
    found.clean_and_trim()
    return found.date


# Short lines that point elsewhere or sell a newsletter, in the languages of the corpus.
BOILERPLATE_LINE_PATTERNS = (
    r"(read|see) (more|also)\s*[:：]",
    r"(also read|related( articles| stories)?|recommended|more from [^:]{0,40}|you may also like"
    r"|don'?t miss)\s*[:：]",
    r"(lea|lee) tambi[ée]n\s*[:：]",
    r"leia tamb[ée]m\s*[:：]",
    r"(lesen sie (auch|mehr)|mehr zum thema|auch interessant)\s*[:：]",
    r"(à )?lire aussi\s*[:：]",
    r"leggi anche\s*[:：]",
    r"(sign up|subscribe)\b.{0,80}\bnewsletter",
)
_BOILERPLATE_RE = re.compile(
    r"^\s*(?:%s)" % "|".join(BOILERPLATE_LINE_PATTERNS),  # noqa: UP031
    re.IGNORECASE,
)
BOILERPLATE_MAX_LINE = 250  # longer lines are prose that happens to start that way


def _is_boilerplate(line: str) -> bool:
    return len(line) <= BOILERPLATE_MAX_LINE and _BOILERPLATE_RE.match(line) is not None


def _tidy_text(text: str) -> str:
    lines = [re.sub(r"[^\S\n]+", " ", line).strip() for line in text.splitlines()]
    lines = [line for line in lines if not _is_boilerplate(line)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
