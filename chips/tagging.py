"""Find the vendors and chips a text names, by alias, with counts.

One Aho-Corasick automaton over every alias makes matching linear in the
text, however many aliases the catalogue holds. Aliases match as written
(so "Intel" is not "intel", "AMD" is not "amd", "Arm" is not "arm"), plus an
all-capitals form of longer ones for headlines ("HUAWEI") and a capitalised
form of ones written in lower case ("SK hynix" → "SK Hynix"). Short and
all-capitals aliases therefore only ever match in their own case. Latin
aliases must stand as whole words ("Intel" is not in "Intelligence", "Meta"
not in "Metadata" or "MetaX"), except that a model number's plural
("H100s", "MI300Xs") still names it; Chinese ones have no word boundaries and
match anywhere.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

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


@dataclass(frozen=True)
class Span:
    """One alias found in a text: text[start:end] names every target in `targets`."""

    start: int
    end: int
    targets: frozenset[Target]

    # Asked for again and again by the rules: worked out once per span.
    @cached_property
    def chip(self) -> Target | None:
        return next((t for t in sorted(self.targets, key=_target_key) if t.kind == "chip"), None)

    @cached_property
    def vendor_slug(self) -> str:
        return sorted(self.targets, key=_target_key)[0].vendor_slug


def _target_key(target: Target) -> tuple[int, str]:
    return (0 if target.kind == "chip" else 1, target.slug)


@lru_cache(maxsize=4096)
def _is_cjk(char: str) -> bool:
    return unicodedata.name(char, "").startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL"))


@lru_cache(maxsize=4096)
def _is_word_char(char: str) -> bool:
    return char.isalnum() and not _is_cjk(char)


def _variants(alias: str) -> set[str]:
    variants = {alias}
    if len(alias) >= 4 and alias.upper() != alias:
        variants.add(alias.upper())
    if len(alias) >= 4 and any(word[:1].islower() for word in alias.split()):
        variants.add(" ".join(word[:1].upper() + word[1:] for word in alias.split()))
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
        # The rules ask for one sentence's names several times: the last texts' spans.
        self._spans: dict[str, tuple[Span, ...]] = {}

    def spans(self, text: str) -> list[Span]:
        """Every alias standing alone in the text, longest first where they overlap, in order."""
        if self._empty or not text:
            return []
        known = self._spans.get(text)
        if known is None:
            if len(self._spans) >= _SPANS_KEPT:
                self._spans.clear()
            known = self._spans[text] = tuple(self._find_spans(text))
        return list(known)

    def _find_spans(self, text: str) -> list[Span]:
        candidates = []
        for end, (key, targets) in self._automaton.iter(text):
            start = end - len(key) + 1
            if not self._stands_alone(text, start, end, key):
                continue
            candidates.append((start, end, targets))
        # Longest match wins where aliases overlap ("Ascend 910C" over "910C").
        candidates.sort(key=lambda match: (match[0], -(match[1] - match[0])))
        found: list[Span] = []
        covered_until = -1
        for start, end, targets in candidates:
            if start <= covered_until:
                continue
            covered_until = end
            found.append(Span(start, end + 1, targets))
        return found

    def tag(self, text: str) -> Mentions:
        mentions = Mentions()
        for span in self.spans(text):
            vendors = set()
            for target in span.targets:
                if target.kind == "chip":
                    mentions.chips[target.slug] += 1
                # A chip mention implies its vendor (once, even if the alias is shared).
                vendors.add(target.vendor_slug)
            for vendor in vendors:
                mentions.vendors[vendor] += 1
        return mentions

    @staticmethod
    def _stands_alone(text: str, start: int, end: int, key: str) -> bool:
        if _is_word_char(key[0]) and start > 0 and _is_word_char(text[start - 1]):
            return False
        after = end + 1
        if _is_model_number(key) and text[after : after + 1] == "s":
            after += 1  # a plural still names the model: "thousands of H100s"
        return not (_is_word_char(key[-1]) and after < len(text) and _is_word_char(text[after]))


_SPANS_KEPT = 2048


@lru_cache(maxsize=4096)
def _is_model_number(alias: str) -> bool:
    """A model number such as H100, MI300X or Ascend 910C: a digit, and a digit or capital last."""
    return any(c.isdigit() for c in alias) and (alias[-1].isdigit() or alias[-1].isupper())
