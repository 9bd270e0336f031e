"""Make feed and page HTML safe to show, or plain text to analyse (nh3 does the parsing)."""

from __future__ import annotations

import html as html_lib
import re

import nh3

from newsfeed.canonical import is_http_url

# Enough structure to read an article; no images (third-party pixels track readers),
# no media, forms, frames, scripts or styles.
ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "dd",
        "del",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "small",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
}
# Dropped together with everything inside them (not just the tags).
DROPPED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "noscript",
        "template",
        "svg",
        "math",
        "form",
        "textarea",
        "select",
        "button",
        "head",
        "title",
        "nav",
        "aside",
        "footer",
    }
)
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"

_BLOCK_TAGS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "pre")
_BLOCK_TAG_RE = re.compile(r"</?(?:%s)(?:\s[^>]*)?>" % "|".join(_BLOCK_TAGS), re.IGNORECASE)  # noqa: UP031
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_INLINE_SPACE_RE = re.compile(r"[^\S\n]+")


def clean_html(html: str, base_url: str | None = None) -> str:
    """Sanitised HTML for display: allowlisted tags, http(s)/mailto links, no scripts."""
    if not html:
        return ""
    if base_url and is_http_url(base_url):
        url_relative: object = ("rewrite_with_base", base_url)
    else:
        url_relative = "deny"  # a relative link would point into ChipWatch itself
    try:
        return nh3.clean(
            html,
            tags=set(ALLOWED_TAGS),
            clean_content_tags=set(DROPPED_WITH_CONTENT),
            attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
            url_schemes=set(URL_SCHEMES),
            link_rel=LINK_REL,
            strip_comments=True,
            url_relative=url_relative,
        ).strip()
    except ValueError:
        # A base URL the sanitiser cannot parse: drop relative links rather than fail.
        return clean_html(html, None) if base_url else ""


def html_to_text(html: str) -> str:
    """Plain text of a feed summary: no tags, entities decoded, paragraphs kept."""
    if not html:
        return ""
    structural = nh3.clean(
        html,
        tags={"br", *_BLOCK_TAGS},
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={},
        strip_comments=True,
        link_rel=None,
    )
    # Source whitespace (newlines included) is layout, not text: one space.
    text = re.sub(r"\s+", " ", structural)
    text = _BR_RE.sub("\n", text)
    text = _BLOCK_TAG_RE.sub("\n\n", text)
    text = html_lib.unescape(text).replace("\xa0", " ")
    text = _INLINE_SPACE_RE.sub(" ", text)
    lines = [line.strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
