"""Names as people read and type them: ordering and forgiving matches.

Python rather than a database collation: SQLite has no accent-insensitive
collation and PostgreSQL's ICU collations differ by installation, while these
lists are short (the catalogue, not the news), so sorting them here costs nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


def fold(text: str) -> str:
    """Lower case without accents or width variants: "Éta" → "eta", "ＡＭＤ" → "amd".
    Chinese stays as written (it has no case or accents to drop)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().strip()


def reading_key(name: str) -> tuple[str, str]:
    """Sort key for names as people read them: case and accents ignored, ties stable."""
    return (fold(name), name)


def in_reading_order(items: Iterable[T], name: Callable[[T], str] = str) -> list[T]:
    return sorted(items, key=lambda item: reading_key(name(item)))


def edit_distance_at_most(a: str, b: str, limit: int) -> bool:
    """Whether a and b differ by at most `limit` insertions, deletions, substitutions
    or swaps of neighbours ("acsend" → "ascend" is one swap). Stops early."""
    if abs(len(a) - len(b)) > limit:
        return False
    # Optimal string alignment distance, row by row, giving up once a row exceeds the limit.
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > limit:
            return False
        previous2, previous = previous, row
    return previous[-1] <= limit


def typo_allowance(word: str) -> int:
    """Edits forgiven in a typed word: none for short ones (too many false friends:
    "AMD" vs "ARM"), one from five letters, two from nine."""
    if len(word) >= 9:
        return 2
    if len(word) >= 5:
        return 1
    return 0


_WORD = re.compile(r"\w+")
MAX_QUERY_WORDS = 6


def _is_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


def _word_quality(word: str, name: str, name_words: list[str]) -> int | None:
    """How well one typed word matches a name: 0 exactly, 1 a prefix, 2 inside a word,
    3 with a small typo; None not at all. Chinese has no spaces: any part of it matches."""
    if _is_cjk(word):
        return 1 if word in name else None
    best = None
    joined = name.replace(" ", "")
    for candidate in [*name_words, joined]:
        if candidate == word:
            return 0
        if candidate.startswith(word) and len(word) >= 2:
            best = 1
        elif best is None and len(word) >= 3 and word in candidate:
            best = 2
    if best is None:
        allowance = typo_allowance(word)
        if allowance and any(edit_distance_at_most(word, w, allowance) for w in name_words):
            best = 3
    return best


def corrected(query: str, name: str) -> str:
    """The query with each word that only matched `name` through a typo replaced by the
    name's word, as the name writes it: ("acsend 910", "Ascend 910C") → "Ascend 910"."""
    name_words = _WORD.findall(name)
    out = []
    for word in _WORD.findall(query):
        folded = fold(word)
        allowance = typo_allowance(folded)
        if _word_quality(folded, fold(name), [fold(w) for w in name_words]) == 3:
            word = next(
                (w for w in name_words if edit_distance_at_most(folded, fold(w), allowance)), word
            )
        out.append(word)
    return " ".join(out)


@dataclass(frozen=True)
class NameMatch(Generic[T]):
    item: T
    matched: str  # the name or alias that matched best
    words: int  # how many typed words it matched
    quality: int  # the sum of the words' qualities, lower is better
    typo: bool  # whether a typo had to be forgiven


def match_names(query: str, items: Iterable[tuple[T, Iterable[str]]]) -> list[NameMatch[T]]:
    """The items whose names (a name and its aliases) best match what was typed.

    Only the items matching the most typed words are kept ("Ascend 910C" keeps the
    910C, not every Ascend), best first: exact, then prefix, inside a word, typo.
    """
    words = [w for w in _WORD.findall(fold(query)) if len(w) >= 2 or _is_cjk(w)]
    # Names are a few words long: past the first few distinct words a query is prose,
    # and matching it all against every alias would only cost time.
    words = list(dict.fromkeys(words))[:MAX_QUERY_WORDS]
    if not words:
        return []
    found: list[NameMatch[T]] = []
    for item, names in items:
        best: NameMatch[T] | None = None
        for name in names:
            folded = fold(name)
            name_words = _WORD.findall(folded)
            qualities = [_word_quality(word, folded, name_words) for word in words]
            hits = [q for q in qualities if q is not None]
            if not hits:
                continue
            match = NameMatch(item, name, len(hits), sum(hits), typo=3 in hits)
            if best is None or (-match.words, match.quality) < (-best.words, best.quality):
                best = match
        if best is not None:
            found.append(best)
    if not found:
        return []
    most = max(m.words for m in found)
    kept = [m for m in found if m.words == most]
    return sorted(kept, key=lambda m: (m.quality, reading_key(m.matched)))
