"""Highlight parts of untrusted text without ever trusting it.

Every function escapes the text first and only then adds its own <mark>
tags, so whatever a feed put in an article (``<script>``, stray ``&``) comes
out as inert text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# PostgreSQL's ts_headline marks matches with these; they cannot be HTML, so
# the headline can be escaped as a whole and the marks put back afterwards.
START_SEL = "\x02"
STOP_SEL = "\x03"
_SENTINEL_PAIR = re.compile(f"{START_SEL}(.*?){STOP_SEL}", re.S)
_WORDS = re.compile(r"\w[\w.+-]*", re.U)
_SPACE_RUN = re.compile(r"\s+")


def merge_ranges(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort (start, end) ranges and join the ones that overlap or touch."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def mark_ranges(text: str, ranges: Iterable[tuple[int, int]], css_class: str = "hl") -> SafeString:
    """Escape text and wrap each (start, end) character range in <mark>."""
    out: list[str] = []
    pos = 0
    for start, end in merge_ranges(ranges):
        start, end = max(start, pos), min(end, len(text))
        if start >= end:
            continue
        out.append(escape(text[pos:start]))
        out.append(f'<mark class="{css_class}">{escape(text[start:end])}</mark>')
        pos = end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece of text above is escaped


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where a claim's quote sits in the article text, tolerating whitespace and case."""
    quote = quote.strip()
    if not quote:
        return None
    found = text.find(quote)
    if found >= 0:
        return found, found + len(quote)
    # Extraction may reflow lines or change case: match word by word.
    words = [re.escape(w) for w in quote.split()]
    match = re.search(r"\s+".join(words), text, re.I)
    return (match.start(), match.end()) if match else None


def query_terms(query: str) -> list[str]:
    """The words of a search query, longest first (so 'Ascend' wins over 'A')."""
    terms = {w.casefold() for w in _WORDS.findall(query) if len(w) > 1}
    return sorted(terms, key=len, reverse=True)


def term_ranges(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    if not terms:
        return []
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.I)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def highlight_terms(text: str, query: str, width: int | None = None) -> SafeString:
    """Escape text and mark the query's words; with width, cut a snippet around the first one."""
    ranges = term_ranges(text, query_terms(query))
    if width is not None and len(text) > width:
        first = ranges[0][0] if ranges else 0
        start = max(0, first - width // 3)
        end = min(len(text), start + width)
        snippet = text[start:end]
        shifted = [(s - start, e - start) for s, e in ranges if s >= start and e <= end]
        body = mark_ranges(snippet, shifted)
        prefix = "… " if start > 0 else ""
        suffix = " …" if end < len(text) else ""
        return mark_safe(f"{prefix}{body}{suffix}")  # noqa: S308 - body is escaped
    return mark_ranges(text, ranges)


def headline_to_html(headline: str | None) -> SafeString:
    """Turn a ts_headline made with START_SEL/STOP_SEL into safe HTML."""
    escaped = escape(_SPACE_RUN.sub(" ", headline or "").strip())
    marked = _SENTINEL_PAIR.sub(r'<mark class="hl">\1</mark>', escaped)
    # A sentinel the text itself carried cannot open an unbalanced tag.
    return mark_safe(marked.replace(START_SEL, "").replace(STOP_SEL, ""))  # noqa: S308


# --- An article's text as paragraphs, the sentences that make claims marked ------------


@dataclass(frozen=True)
class ClaimRef:
    """A claim a marked sentence links to: its number in the page's list, URL, statement."""

    number: int
    url: str
    statement: str


_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Where the paragraphs are: between blank lines when the text has any (a single
    newline inside is a reflowed line), else one per line (trafilatura's output)."""
    separator = _BLANK_LINE if _BLANK_LINE.search(text) else re.compile(r"\n")
    spans, start = [], 0
    for match in [*separator.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[start:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            spans.append((start + lead, start + len(chunk.rstrip())))
        if match:
            start = match.end()
    return spans


def same_words(a: str, b: str) -> bool:
    """Equal but for case, spacing and punctuation (a headline repeated as the first line)."""

    def words(s: str) -> list[str]:
        return _WORDS.findall(s.casefold())

    return bool(words(a)) and words(a) == words(b)


def _refs_html(refs: Sequence[ClaimRef]) -> str:
    links = ", ".join(
        format_html(
            '<a href="{}" aria-label="Claim {}: {}">{}</a>', r.url, r.number, r.statement, r.number
        )
        for r in refs
    )
    return f'<sup class="claim-refs">{links}</sup>'


def article_html(
    text: str,
    title: str,
    quoted: Iterable[tuple[tuple[int, int], ClaimRef]],
) -> tuple[SafeString, set[int]]:
    """The text as escaped <p> paragraphs, each claim's sentence in <mark> followed by
    links to its claims (numbered as on the page). The first paragraph is left out when
    it only repeats the title.

    Returns the HTML and the numbers of the claims whose sentence was that title line.
    """
    spans = paragraph_spans(text)
    skipped_until = 0
    if spans and same_words(text[spans[0][0] : spans[0][1]], title):
        skipped_until = spans[0][1]
        spans = spans[1:]
    # Overlapping quotes become one mark carrying every claim's link.
    marks: list[tuple[int, int, list[ClaimRef]]] = []
    in_title: set[int] = set()
    for (start, end), ref in sorted(quoted, key=lambda q: (q[0][0], q[1].number)):
        if end <= skipped_until:
            in_title.add(ref.number)
            continue
        start = max(start, skipped_until)
        if marks and start < marks[-1][1]:
            marks[-1] = (marks[-1][0], max(marks[-1][1], end), [*marks[-1][2], ref])
        else:
            marks.append((start, end, [ref]))
    # A sentence reflowed over two paragraphs is marked in both; its links follow the last.
    last_paragraph = {
        i: max((n for n, (ps, pe) in enumerate(spans) if ps < m_end and m_start < pe), default=-1)
        for i, (m_start, m_end, _) in enumerate(marks)
    }
    out: list[str] = []
    for n, (p_start, p_end) in enumerate(spans):
        pieces, pos = [], p_start
        for i, (m_start, m_end, refs) in enumerate(marks):
            start, end = max(m_start, pos), min(m_end, p_end)
            if start >= end:
                continue
            pieces.append(escape(text[pos:start]))
            pieces.append(f'<mark class="claim-sentence">{escape(text[start:end])}</mark>')
            if last_paragraph[i] == n:
                pieces.append(_refs_html(refs))
            pos = end
        pieces.append(escape(text[pos:p_end]))
        out.append(f"<p>{''.join(pieces)}</p>")
    return mark_safe("\n".join(out)), in_title  # noqa: S308 - every piece is escaped
