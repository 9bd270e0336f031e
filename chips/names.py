"""Names as people read and type them: ordering and forgiving matches.

Python rather than a database collation: SQLite has no accent-insensitive
collation and PostgreSQL's ICU collations differ by installation, while these
lists are short (the catalogue, not the news), so sorting them here costs nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

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
