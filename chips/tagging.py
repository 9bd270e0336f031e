"""Find the vendors and chips a text names, by alias, with counts.

One Aho-Corasick automaton over every alias makes matching linear in the
text, however many aliases the catalogue holds. Aliases match as written
(so "Intel" is not "intel", "AMD" is not "amd"), plus an all-capitals form
for headlines. Latin aliases must stand as whole words ("Intel" is not in
"Intelligence", "Meta" not in "Metadata"); Chinese ones have no word
boundaries and match anywhere.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import ahocorasick


@dataclass(frozen=True)
class Target:
    kind: str  # "vendor" or "chip"
    slug: str
    vendor_slug: str


@dataclass
class Mentions:
    vendors: Counter[str] = field(default_factory=Counter)
    chips: Counter[str] = field(default_factory=Counter)


def _is_cjk(char: str) -> bool:
    return unicodedata.name(char, "").startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL"))


def _is_word_char(char: str) -> bool:
    return char.isalnum() and not _is_cjk(char)


def _variants(alias: str) -> set[str]:
    variants = {alias}
    if len(alias) >= 4 and alias.upper() != alias:
        variants.add(alias.upper())
    return variants


class MentionTagger:
    def __init__(self, entries: Iterable[tuple[Target, Iterable[str]]]) -> None:
        self._automaton = ahocorasick.Automaton()
        table: dict[str, set[Target]] = {}
        for target, aliases in entries:
            for alias in aliases:
                alias = alias.strip()
                if len(alias) < 2:
                    continue
                for variant in _variants(alias):
                    table.setdefault(variant, set()).add(target)
        for key, targets in table.items():
            self._automaton.add_word(key, (key, frozenset(targets)))
        self._empty = not table
        if not self._empty:
            self._automaton.make_automaton()

    def tag(self, text: str) -> Mentions:
        mentions = Mentions()
        if self._empty or not text:
            return mentions
        candidates = []
        for end, (key, targets) in self._automaton.iter(text):
            start = end - len(key) + 1
            if not self._stands_alone(text, start, end, key):
                continue
            candidates.append((start, end, targets))
        # Longest match wins where aliases overlap ("Ascend 910C" over "910C").
        candidates.sort(key=lambda match: (match[0], -(match[1] - match[0])))
        covered_until = -1
        for start, end, targets in candidates:
            if start <= covered_until:
                continue
            covered_until = end
            for target in targets:
                if target.kind == "chip":
                    mentions.chips[target.slug] += 1
                # A chip mention implies its vendor.
                mentions.vendors[target.vendor_slug] += 1
        return mentions

    @staticmethod
    def _stands_alone(text: str, start: int, end: int, key: str) -> bool:
        if _is_word_char(key[0]) and start > 0 and _is_word_char(text[start - 1]):
            return False
        return not (_is_word_char(key[-1]) and end + 1 < len(text) and _is_word_char(text[end + 1]))
