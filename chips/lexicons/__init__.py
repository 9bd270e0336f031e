"""The cue lexicons and value normalisers of claim extraction, loaded from `claims.toml`.

The TOML file is the part editors extend; this module only compiles it. Phrase
syntax is documented at the top of the file.
"""

from __future__ import annotations

import _sre
import re
import re._constants as _c
import re._parser as _sre_parser
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any

import ahocorasick

LEXICON_PATH = Path(__file__).with_name("claims.toml")


def _is_word_char(char: str) -> bool:
    return (char.isalnum() or char == "_") and not unicodedata.name(char, "").startswith("CJK")


def compile_phrase(phrase: str) -> re.Pattern[str]:
    """A lexicon phrase as a regular expression (syntax at the top of claims.toml)."""
    if phrase.startswith("re:"):
        body = phrase[3:]
        if body.startswith("(?-i)"):
            return re.compile(body[5:])
        return re.compile(body, re.IGNORECASE)
    short = len(phrase) <= 5 and "*" not in phrase
    if short and (phrase != phrase.lower() or len(phrase) <= 3):
        return re.compile(_phrase_body(phrase))  # "SMIC", "IP": as written; "may" is not "May"
    if short:
        capitalised = phrase[:1].upper() + phrase[1:]
        return re.compile(f"(?:{_phrase_body(phrase)}|{_phrase_body(capitalised)})")
    return re.compile(_phrase_body(phrase), re.IGNORECASE)


def _phrase_body(phrase: str) -> str:
    words = []
    for word in phrase.split():
        if word.endswith("*") and len(word) > 1:
            words.append(re.escape(word[:-1]) + r"[\w-]*")
        else:
            words.append(re.escape(word))
    body = r"\s+".join(words)
    if _is_word_char(phrase[0]):
        body = r"(?<![\w-])" + body
    if not phrase.endswith("*") and _is_word_char(phrase[-1]):
        body += r"(?!\w)"
    return body


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    label: str
    text: str


@dataclass
class PhraseSet:
    """Phrases labelled with what they mean; finds non-overlapping matches, longest first."""

    entries: list[tuple[re.Pattern[str], str, str]] = field(default_factory=list)
    # Built on first use after an `add`: any plain phrase's first word as one pattern,
    # the regular-expression entries, and the plain entries grouped by first word.
    _plan: _SearchPlan | None = field(default=None, init=False, repr=False)

    def add(self, phrase: str, label: str) -> None:
        # A plain phrase cannot match unless its first word is in the text: checking that
        # first is much cheaper than running every pattern over every sentence.
        needle = "" if phrase.startswith("re:") else phrase.split()[0].rstrip("*").casefold()
        self.entries.append((compile_phrase(phrase), label, needle))
        self._plan = None

    def _search_plan(self) -> _SearchPlan:
        if self._plan is None:
            by_needle: dict[str, list[tuple[int, re.Pattern[str], str]]] = {}
            always = []
            for index, (pattern, label, needle) in enumerate(self.entries):
                if needle:
                    by_needle.setdefault(needle, []).append((index, pattern, label))
                else:
                    always.append((index, pattern, label))
            gated, ungated = [], []
            for entry in always:
                (gated if _alternative(entry[1]) else ungated).append(entry)
            # A clause none of the gated expressions matches anywhere fails their
            # alternation too: one search rules them all out (they matched ~1 clause in 170).
            # One alternation per case rule: a global IGNORECASE searches faster than
            # scoped (?i:…) branches (gate 12.4 -> 8.7 ms per article on tuning).
            gates = []
            try:
                for flags in {p.flags for _, p, _ in gated}:
                    members = [entry for entry in gated if entry[1].flags == flags]
                    gate = re.compile("|".join(_alternative(e[1]) for e in members), flags)
                    needs = [_needs_of([entry[1]]) for entry in members]
                    gates.append(
                        (
                            gate,
                            _needs_of([e[1] for e in members]),
                            tuple(zip(members, needs, strict=True)),
                        )
                    )
            except re.error:  # some branch does not alternate after all: run each always
                gates, ungated = [], always
            self._plan = _SearchPlan(
                tuple(gates),
                [(entry, _needs_of([entry[1]])) for entry in ungated],
                by_needle,
                frozenset(by_needle),
                tuple(_by_first_strings(needs, members) for _, needs, members in gates),
            )
            _FOLDED.register(by_needle)
            _PLANS.register(self._plan)
        return self._plan

    def find(self, text: str) -> list[Match]:
        plan = self._search_plan()
        scan = _scan(text)
        # Most sets find nothing in most clauses, and none of their literals is there:
        # told by one look-up, not by weighing each set's gates (2 in 3 of find's time).
        if id(plan) not in scan.possible():
            return []
        return self._find(plan, scan, text)

    def _find(self, plan: _SearchPlan, scan: _Scan, text: str) -> list[Match]:
        # The same clause is often searched again (by another topic, the next rule, a
        # repeated line): the answer is the same.
        known = scan.results.get(id(plan))
        if known is not None and known[0] is plan:
            return list(known[1])
        kept = self._search(plan, scan, text)
        scan.results[id(plan)] = (plan, tuple(kept))
        return kept

    @staticmethod
    def _search(plan: _SearchPlan, scan: _Scan, text: str) -> list[Match]:
        tried = [entry for entry, needs in plan.ungated if scan.may_hold(needs)]
        # An expression is tried only where the text holds the literals it needs (most
        # clauses hold none of a gate's); where several may match, one search of their
        # alternation rules them all out first (they matched ~1 clause in 170).
        for (gate, needs, members), by_first in zip(plan.gates, plan.by_first, strict=True):
            if needs is None or by_first is None:
                passing = [entry for entry, own in members if scan.may_hold(own)]
            else:
                # Every member needs literals of the gate's view: look them up once.
                held = scan.found(needs[0])
                if any(strings.isdisjoint(held) for strings in needs[1]):
                    continue
                # Only the members whose first needed strings occur are weighed (a few
                # of dozens), in their order.
                positions = sorted(
                    {at for string in by_first.keys() & held for at in by_first[string]}
                )
                passing = [
                    members[at][0]
                    for at in positions
                    if not any(strings.isdisjoint(held) for strings in members[at][1][1][1:])  # type: ignore[index]
                ]
            if passing and (len(passing) < 3 or gate.search(text) is not None):
                tried.extend(passing)
        # A plain phrase cannot match unless its first word is in the text: the first
        # words of every set were found in one pass over the text, not set by set.
        # Order does not matter: the hits are sorted below.
        if plan.needles:
            by_needle = plan.by_needle
            for needle in plan.needles.intersection(scan.found(_FOLDED)):
                tried.extend(by_needle[needle])
        found = []
        for index, pattern, label in tried:
            for match in pattern.finditer(text):
                start, end = match.span()
                if end > start:
                    found.append((start, start - end, index, match, label))
        # Longest first at a start; on a tie the phrase added first wins (entry order).
        found.sort(key=_span_order)
        kept: list[Match] = []
        covered_until = -1
        for start, _, _, match, label in found:
            if start < covered_until:
                continue
            kept.append(Match(start, match.end(), _fill(label, match), match[0]))
            covered_until = match.end()
        return kept


class _Substrings:
    """Strings every phrase set looks for in one view of a text (first words in the
    casefolded text, literals an expression needs), in one Aho-Corasick automaton: one
    pass over the view finds every one that occurs in it, as `s in view` would."""

    def __init__(self, view: str) -> None:
        self.view = view  # the _Scan attribute searched
        self.strings: set[str] = set()
        self.version = 0
        self._automaton: ahocorasick.Automaton | None = None

    def register(self, strings: Iterable[str]) -> None:
        new = set(strings) - self.strings
        if new:
            self.strings |= new
            self.version += 1
            self._automaton = None

    def found_in(self, view: str) -> frozenset[str]:
        if not self.strings:
            return frozenset()
        automaton = self._automaton
        if automaton is None:
            automaton = ahocorasick.Automaton()
            for string in self.strings:
                automaton.add_word(string, string)
            automaton.make_automaton()
            self._automaton = automaton
        return frozenset(map(itemgetter(1), automaton.iter(view)))


_FOLDED = _Substrings("folded")  # first words of plain phrases
_LOWERED = _Substrings("lowered")  # literals of case-insensitive expressions
_EXACT = _Substrings("text")  # literals of case-sensitive expressions


class _PlanIndex:
    """Which search plans a text may hold a match of, from the strings found in it: a
    plan can only try an expression (and match) where the first strings one of its gates
    needs, or one of its first words, occur; the others are ruled out without a search."""

    def __init__(self) -> None:
        # Per index: string → the ids of the plans it lets through. A plan's id may be
        # reused once it is gone: the new plan's strings are added, the old ones' stay
        # (a plan let through needlessly is searched, never one ruled out wrongly).
        self.by_string: dict[_Substrings, dict[str, set[int]]] = {}
        self.always: set[int] = set()  # a gate or expression that needs nothing told
        self.version = 0

    def register(self, plan: _SearchPlan) -> None:
        key = id(plan)
        needs_list = [needs for _, needs in plan.ungated]
        needs_list += [needs for _, needs, _ in plan.gates]
        for needs in needs_list:
            if needs is None:
                self.always.add(key)
            else:  # every string set must occur; the first one is enough to rule out
                self._add(needs[0], needs[1][0], key)
        self._add(_FOLDED, plan.needles, key)
        self.version += 1

    def _add(self, index: _Substrings, strings: Iterable[str], key: int) -> None:
        table = self.by_string.setdefault(index, {})
        for string in strings:
            table.setdefault(string, set()).add(key)

    def possible(self, scan: _Scan) -> set[int]:
        found = set(self.always)
        for index, table in self.by_string.items():
            found.update(*map(table.__getitem__, table.keys() & scan.found(index)))
        return found


_PLANS = _PlanIndex()


# What an expression needs in a text to match: the view and sets of strings, each of
# which must have one of its strings occur in the view; None when nothing can be told.
_Needs = tuple[_Substrings, tuple[frozenset[str], ...]] | None
_Entry = tuple[int, re.Pattern[str], str]


@dataclass(frozen=True)
class _SearchPlan:
    # Per case rule: the alternation of its expressions, what any of them needs, and
    # each expression with what it needs.
    gates: tuple[tuple[re.Pattern[str], _Needs, tuple[tuple[_Entry, _Needs], ...]], ...]
    ungated: list[tuple[_Entry, _Needs]]
    by_needle: dict[str, list[_Entry]]
    needles: frozenset[str]
    # Per gate: each string its members need first → those members (None: each is
    # weighed in turn).
    by_first: tuple[dict[str, tuple[int, ...]] | None, ...]


def _by_first_strings(
    needs: _Needs, members: tuple[tuple[_Entry, _Needs], ...]
) -> dict[str, tuple[int, ...]] | None:
    """Where a gate's members are, by the strings each needs first; None unless every
    member needs strings of the gate's view (as they do when the gate needs any)."""
    if needs is None:
        return None
    found: dict[str, list[int]] = {}
    for at, (_, own) in enumerate(members):
        if own is None or own[0] is not needs[0]:
            return None
        for string in own[1][0]:
            found.setdefault(string, []).append(at)
    return {string: tuple(ats) for string, ats in found.items()}


class _Scan:
    """One text as every phrase set searches it: folded once, each index run over it once."""

    __slots__ = ("_found", "_possible", "folded", "lowered", "results", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = text.casefold()
        # What IGNORECASE compares: the four non-ASCII letters that match an ASCII one
        # ("ſ" matches "s") become it, then lower case (a superset of what matches).
        self.lowered = text.translate(_IGNORECASE_ASCII).lower()
        self._found: dict[str, tuple[int, frozenset[str]]] = {}
        # Each phrase set's matches, by its plan's id (the plan kept: the id stays its own),
        # and each list of expressions' matches (matches_of), by the list's id.
        self.results: dict[int, tuple[Any, tuple[Any, ...]]] = {}
        self._possible: tuple[int, set[int]] | None = None  # (_PLANS.version, plan ids)

    def possible(self) -> set[int]:
        """The ids of the search plans that may match this text (see _PlanIndex)."""
        cached = self._possible
        if cached is None or cached[0] != _PLANS.version:
            cached = self._possible = (_PLANS.version, _PLANS.possible(self))
        return cached[1]

    def found(self, index: _Substrings) -> frozenset[str]:
        cached = self._found.get(index.view)
        if cached is None or cached[0] != index.version:
            cached = self._found[index.view] = (
                index.version,
                index.found_in(getattr(self, index.view)),
            )
        return cached[1]

    def may_hold(self, needs: _Needs) -> bool:
        if needs is None:
            return True
        found = self.found(needs[0])
        return all(not strings.isdisjoint(found) for strings in needs[1])


# A sentence's clauses are searched by ~30 sets each: the scans of the last few texts.
_SCANS: dict[str, _Scan] = {}
_SCANS_KEPT = 1024


def _scan(text: str) -> _Scan:
    scan = _SCANS.get(text)
    if scan is None:
        if len(_SCANS) >= _SCANS_KEPT:
            _SCANS.clear()
        scan = _SCANS[text] = _Scan(text)
    return scan


def finds_any(sets: Iterable[PhraseSet], text: str) -> bool:
    """Whether any of the sets finds a match in the text, as `any(s.find(text) ...)` says:
    the text is looked up once for all of them (a topic's three cue sets in each of a
    sentence's clauses were half of all searches, nearly all ruled out by that look-up)."""
    # Plans first: a set's first use builds and registers its plan, which `possible` must know.
    plans = [(phrase_set, phrase_set._search_plan()) for phrase_set in sets]
    scan = _scan(text)
    possible = scan.possible()
    for phrase_set, plan in plans:
        if id(plan) in possible and phrase_set._find(plan, scan, text):
            return True
    return False


def may_match(pattern: re.Pattern[str], text: str) -> bool:
    """False only where the expression cannot match anywhere in the text: the text lacks
    every literal it needs (read off the expression once). A cheap test before a search."""
    if pattern not in _PATTERN_NEEDS:
        _PATTERN_NEEDS[pattern] = _needs_of([pattern])
    return _scan(text).may_hold(_PATTERN_NEEDS[pattern])


_PATTERN_NEEDS: dict[re.Pattern[str], _Needs] = {}


def matches_of(patterns: Sequence[re.Pattern[str]], text: str) -> list[re.Match[str]]:
    """Every match of each expression in the text, expression by expression, each searched
    only where the text may hold it (see may_match). Kept with the text's scan: a
    sentence asked again, or a line repeated, is not searched again. `patterns` is read
    as it stands on first use (the lexicon's lists do not change once built)."""
    scan = _scan(text)
    known = scan.results.get(id(patterns))
    if known is not None and known[0] is patterns:
        return list(known[1])
    planned = _LIST_NEEDS.get(id(patterns))
    if planned is None or planned[0] is not patterns:
        # What each expression needs, read once per list: looking a compiled expression
        # up by itself hashes its whole program every time.
        needs = tuple((pattern, _needs_of([pattern])) for pattern in patterns)
        planned = _LIST_NEEDS[id(patterns)] = (patterns, needs)
    found = [
        match
        for pattern, needs in planned[1]
        if scan.may_hold(needs)
        for match in pattern.finditer(text)
    ]
    scan.results[id(patterns)] = (patterns, tuple(found))
    return found


# Each list matches_of was given (kept: its id stays its own) with what its expressions need.
_LIST_NEEDS: dict[
    int, tuple[Sequence[re.Pattern[str]], tuple[tuple[re.Pattern[str], _Needs], ...]]
] = {}


# Every non-ASCII character that matches an ASCII letter under re.IGNORECASE (Unicode):
# tests/chips/test_phrase_sets.py checks the list against every code point.
_IGNORECASE_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _needs_of(patterns: list[re.Pattern[str]]) -> _Needs:
    """What a text needs for any of the expressions to match (see _Needs): for one, all
    it needs; for several, one of the strings each needs most; None if one of them needs
    nothing that can be told."""
    options: list[frozenset[str]] = []
    modes = set()
    for pattern in patterns:
        needs = _required(pattern)
        if needs is None:
            return None
        modes.add(needs[0])
        options.append(needs[1])
    if len(modes) != 1:
        return None
    index = _LOWERED if modes.pop() else _EXACT
    if len(options) == 1:
        requirements = options[0]
    else:  # any of them: the union of what each needs most
        requirements = (frozenset().union(*(own[0] for own in options)),)
    for strings in requirements:
        index.register(strings)
    return index, requirements


def _required(pattern: re.Pattern[str]) -> tuple[bool, tuple[frozenset[str], ...]] | None:
    """What a match of the expression must contain, read off its parse tree: sets of
    strings, each of which must have one in the match (a run of literal characters, the
    runs of an alternation's branches), the most telling first. Conservative: whatever
    cannot be told is left out; None when nothing can be."""
    try:
        parsed = _sre_parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # a parser detail changed: search as before
        return None
    ignorecase = bool(parsed.state.flags & re.IGNORECASE)
    found = _sequence_requirements(list(parsed), ignorecase)
    if not found:
        return None
    ranked = sorted(set(found), key=lambda strings: (-min(map(len, strings)), sorted(strings)))
    return ignorecase, tuple(ranked[:3])


# A run of literals forks at a small class or alternation ("n[’']t": "n’t" or "n't"),
# up to this many spellings; past it the run ends there.
_MAX_SPELLINGS = 16


def _sequence_requirements(items: list, ignorecase: bool) -> list[frozenset[str]]:
    """Everything a sequence needs: the items of a sequence each match in turn, so what
    any one of them needs, the sequence needs."""
    found: list[frozenset[str]] = []
    run: list[str] = [""]

    def close_run() -> None:
        nonlocal run
        if all(run):
            found.append(frozenset(run))
        run = [""]

    for op, av in items:
        spellings = _spellings(op, av, ignorecase)
        if spellings is not None and len(run) * len(spellings) <= _MAX_SPELLINGS:
            run = [head + tail for head in run for tail in spellings]
            continue
        close_run()
        if spellings is not None:  # too many to fork on: a run of its own
            found.append(frozenset(spellings))
            continue
        if op is _c.SUBPATTERN:
            _, add_flags, del_flags, sub = av
            if not add_flags and not del_flags:
                found.extend(_sequence_requirements(list(sub), ignorecase))
        elif op is _c.BRANCH:
            best = [_best(_sequence_requirements(list(alt), ignorecase)) for alt in av[1]]
            if all(best):
                found.append(frozenset().union(*best))  # type: ignore[arg-type]
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            low, _, sub = av
            if low >= 1:
                found.extend(_sequence_requirements(list(sub), ignorecase))
    close_run()
    return found


def _best(requirements: list[frozenset[str]]) -> frozenset[str] | None:
    """The most telling requirement: the one whose shortest string is longest."""
    if not requirements:
        return None
    return max(requirements, key=lambda strings: min(map(len, strings)))


def _spellings(op, av, ignorecase: bool) -> list[str] | None:
    """The strings an item matches when it matches only literal text (a character, a
    small class of characters, an alternation of literal strings), else None."""
    if op is _c.LITERAL:
        char = _literal_char(av, ignorecase)
        return None if char is None else [char]
    if op is _c.IN:
        chars = []
        for kind, value in av:
            if kind is not _c.LITERAL:
                return None  # a range, a category, a negation
            char = _literal_char(value, ignorecase)
            if char is None:
                return None
            chars.append(char)
        return list(dict.fromkeys(chars)) or None
    if op is _c.BRANCH:
        spellings: list[str] = []
        for alt in av[1]:
            options = [""]
            for sub_op, sub_av in alt:
                parts = _spellings(sub_op, sub_av, ignorecase)
                if parts is None or len(options) * len(parts) > _MAX_SPELLINGS:
                    return None
                options = [head + tail for head in options for tail in parts]
            spellings.extend(options)
        spellings = list(dict.fromkeys(spellings))
        return spellings if all(spellings) and len(spellings) <= _MAX_SPELLINGS else None
    if op is _c.SUBPATTERN:
        _, add_flags, del_flags, sub = av
        if add_flags or del_flags:
            return None
        options = [""]
        for sub_op, sub_av in sub:
            parts = _spellings(sub_op, sub_av, ignorecase)
            if parts is None or len(options) * len(parts) > _MAX_SPELLINGS:
                return None
            options = [head + tail for head in options for tail in parts]
        return options if all(options) else None
    return None


def _literal_char(code: int, ignorecase: bool) -> str | None:
    """The character as the text view holds it, None where that view cannot tell."""
    char = chr(code)
    if not ignorecase:
        return char
    if char.isascii():
        return char.lower()
    # An uncased character matches only itself, even under IGNORECASE.
    return None if _sre.unicode_iscased(code) else char


# Backreferences and conditionals would point at other groups once alternated.
_GROUP_REFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")
# "(?i)", "(?x)"… (not "(?i:…)", which scopes its flags and alternates fine).
_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


def _alternative(pattern: re.Pattern[str]) -> str | None:
    """The expression as one branch of an alternation, where it can be one unchanged."""
    if pattern.flags & ~(re.IGNORECASE | re.UNICODE) or pattern.groupindex:
        return None  # named groups cannot repeat across branches
    if _GROUP_REFERENCE.search(pattern.pattern):
        return None
    if _GLOBAL_FLAGS.search(pattern.pattern):
        return None  # global inline flags may only start a whole expression
    return f"(?:{pattern.pattern})"


def _span_order(hit: tuple[int, int, int, re.Match[str], str]) -> tuple[int, int, int]:
    return hit[0], hit[1], hit[2]


def _fill(label: str, match: re.Match[str]) -> str:
    """Canonical values may name groups of the match: "{1}nm" for "7-nanometer" → "7nm"."""
    if "{" not in label:
        return label
    groups = [" ".join(match[0].split()), *(g or "" for g in match.groups())]
    return label.format(*groups)


@dataclass
class TopicLexicon:
    name: str
    cues: PhraseSet
    weak_cues: PhraseSet  # cues only together with a value
    values: PhraseSet  # labels are canonical values
    value_cues: PhraseSet  # the values that are enough of a cue on their own
    value_groups: dict[str, str]  # canonical value → group name (fixed values only)
    exclusive_groups: frozenset[str]
    require_value: bool
    join_values: bool  # free-text topics: all figures of a clause make one value
    priority: list[str]  # single-state topics: keep only the first of these found
    yields_to: list[str]  # topics whose values, where cued, are not this topic's
    statement: dict[str, str]
    # Phrases that look like a cue or value of this topic but are not ("Tested:" as a
    # review label, "complied with export controls"): what they cover is ignored.
    exceptions: PhraseSet = field(default_factory=PhraseSet)
    # Topics whose cue in the clause means this topic's values are only mentioned, not
    # claimed, unless one of this topic's own cues is there ("faster at training").
    values_yield_to: list[str] = field(default_factory=list)
    # Topics whose values swallow this topic's cues ("halt production" is availability).
    cues_yield_to: list[str] = field(default_factory=list)
    # Values filled from a match ("yield {1}%", "{1}nm") and the group each belongs to.
    template_groups: list[tuple[re.Pattern[str], str]] = field(default_factory=list)

    def group_of(self, value: str) -> str | None:
        """The value group of a canonical value ("TSMC" → foundry, "yield 40%" → yield)."""
        folded = value.casefold()
        if folded in self.value_groups:
            return self.value_groups[folded]
        for pattern, group in self.template_groups:
            if pattern.fullmatch(folded):
                return group
        return None


@dataclass
class Lexicon:
    confidence: dict[str, float]
    hedges: PhraseSet  # labels are factors
    negations: PhraseSet
    negation_exceptions: PhraseSet
    # How far a local negation ("without", "no") reaches, in words.
    negation_local_window: int
    # The topics a verb of stopping ("suspended", "halted") can deny.
    negation_stop_topics: frozenset[str]
    attribution: list[re.Pattern[str]]
    not_names: frozenset[str]
    origins: dict[str, str]  # alias → canonical name
    origin_reliability: dict[str, float]
    anaphora: PhraseSet  # labels: chip / vendor / either
    expletives: PhraseSet
    object_markers: Ending
    comparison_markers: Ending
    modifier_determiners: frozenset[str]
    modifier_nouns: frozenset[str]
    boilerplate: PhraseSet
    related: PhraseSet
    topics: dict[str, TopicLexicon]
    valueless_conflict_topics: frozenset[str] = frozenset()
    # Per topic, casefolded values too vague to be a question (affirm vs deny of them
    # opens no dispute).
    generic_conflict_values: dict[str, frozenset[str]] = field(default_factory=dict)
    cjk_object_markers: tuple[str, ...] = ()
    # Words after an uncommaed "and" that start a clause of its own ("… and cannot buy").
    clause_starts: re.Pattern[str] | None = None
    # Clauses that never carry a claim ("declined to comment on orders").
    no_claim: PhraseSet = field(default_factory=PhraseSet)
    # A clause that denies what the clause before it said ("百度对此予以否认").
    retro_denials: PhraseSet = field(default_factory=PhraseSet)
    # Outlets that publish their own findings: what they state unattributed is theirs.
    first_party_outlets: frozenset[str] = frozenset()
    # Product lines by name, each with the names of its chips ("Blackwell": B200, B30A…).
    chip_families: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def asks_a_question(self, topic: str, value: str) -> bool:
        """Whether this value, affirmed by one report and denied by another, is one thing
        contested (not an empty or generic value: see [conflicts] in claims.toml)."""
        if not value:
            return topic in self.valueless_conflict_topics
        return value.casefold() not in self.generic_conflict_values.get(topic, frozenset())

    def exclusive_group(self, topic: str, value: str) -> str | None:
        """The mutually exclusive group a value belongs to (e.g. "foundry"), if any."""
        lexicon = self.topics.get(topic)
        if lexicon is None:
            return None
        group = lexicon.value_groups.get(value.casefold())
        return group if group in lexicon.exclusive_groups else None


# A run of Capitalised Words, not the tail of a word or figure ("288GB of HBM3E" names no
# one); "SK hynix" keeps its lower-case second word.
NAME = (
    r"(?-i:(?<![\w&.’'-])(?P<name>(?:The\s+|the\s+)?[A-Z][\w&.’'-]*"
    r"(?:\s+(?:of\s+|&\s+)?(?:[A-Z][\w&.’'-]*|hynix\b)){0,5}))"
)


def _topic(name: str, data: dict[str, Any]) -> TopicLexicon:
    cues, values, value_cues = PhraseSet(), PhraseSet(), PhraseSet()
    weak_cues = PhraseSet()
    groups: dict[str, str] = {}
    templates: list[tuple[re.Pattern[str], str]] = []
    for phrase in data.get("cues", []):
        cues.add(phrase, name)
    for phrase in data.get("weak_cues", []):
        weak_cues.add(phrase, name)
    raw_values = data.get("values", {})
    if raw_values and all(isinstance(v, list) for v in raw_values.values()):
        raw_values = {"value": {"value_is_cue": data.get("value_is_cue", False), **raw_values}}
    exceptions = PhraseSet()
    for phrase in data.get("exceptions", []):
        exceptions.add(phrase, name)
    join = False
    for group, entries in raw_values.items():
        is_cue = entries.get("value_is_cue", data.get("value_is_cue", False))
        for canonical, phrases in entries.items():
            if canonical == "value_is_cue":
                continue
            if canonical == "{0}":
                join = True
            if "{" not in canonical:
                # A canonical value belongs to the first group naming it: "licensed" by
                # approval (no cue on its own) is still the exclusive status "licensed".
                groups.setdefault(canonical.casefold(), group)
            elif canonical != "{0}":
                # "yield {1}%": a value filled from the match still belongs to its group.
                pattern = re.escape(canonical.casefold())
                pattern = re.sub(r"\\\{\d\\\}", ".+", pattern)
                if pattern != ".+":  # a bare "{1}" says nothing of its group
                    templates.append((re.compile(pattern), group))
            for phrase in phrases:
                values.add(phrase, canonical)
                if is_cue:
                    value_cues.add(phrase, canonical)
    return TopicLexicon(
        name=name,
        cues=cues,
        weak_cues=weak_cues,
        values=values,
        value_cues=value_cues,
        value_groups=groups,
        template_groups=templates,
        exclusive_groups=frozenset(data.get("exclusive", [])),
        require_value=data.get("require_value", False),
        join_values=join,
        priority=data.get("priority", []),
        yields_to=data.get("yields_to", []),
        statement=data.get("statement", {}),
        exceptions=exceptions,
        values_yield_to=data.get("values_yield_to", []),
        cues_yield_to=data.get("cues_yield_to", []),
    )


class LexiconError(ValueError):
    """A lexicon file that cannot be right: an unknown key, a reference to a topic or
    value that does not exist, a phrase that does not compile. Says the file and key."""

    def __init__(self, source: str, key: str, problem: str) -> None:
        super().__init__(f"{source}: {key}: {problem}")
        self.source, self.key, self.problem = source, key, problem


# What each section may hold; anything else is a typo that would silently do nothing.
SECTIONS: dict[str, frozenset[str] | None] = {
    "confidence": frozenset(
        {
            "base",
            "reliability_floor",
            "default_reliability",
            "named_origin_reliability",
            "headline_hedge_weight",
            "headline_factor",
        }
    ),
    "hedges": None,  # phrase = factor
    "conflicts": frozenset({"valueless_topics", "generic_values"}),
    "clauses": frozenset({"and_starts", "no_claim", "retro_denials"}),
    "negation": frozenset(
        {"cues", "before", "local", "local_window", "stop", "stop_topics", "exceptions"}
    ),
    "attribution": frozenset({"patterns", "not_names", "first_party_outlets"}),
    "origins": None,  # canonical name = {aliases, reliability}
    "anaphora": frozenset({"chip", "vendor", "either", "expletive", "families"}),
    "subject": frozenset(
        {
            "cjk_object_markers",
            "object_markers",
            "comparison_markers",
            "modifier_determiners",
            "modifier_nouns",
        }
    ),
    "boilerplate": frozenset({"patterns", "related"}),
    "topics": None,
}
REQUIRED_SECTIONS = ("confidence", "negation", "attribution", "anaphora", "subject", "topics")
TOPIC_KEYS = frozenset(
    {
        "require_value",
        "value_is_cue",
        "values_yield_to",
        "cues_yield_to",
        "yields_to",
        "exclusive",
        "cues",
        "weak_cues",
        "values",
        "statement",
        "exceptions",
        "priority",
    }
)
ORIGIN_KEYS = frozenset({"aliases", "reliability"})


def validate_lexicon(data: dict[str, Any], source: str = "claims.toml") -> None:
    """Raise LexiconError for unknown keys and broken cross-references."""
    for section in data:
        if section not in SECTIONS:
            raise LexiconError(source, section, "unknown section")
    for section in REQUIRED_SECTIONS:
        if section not in data:
            raise LexiconError(source, section, "missing section")
    for section, allowed in SECTIONS.items():
        if allowed is None or section not in data:
            continue
        for key in data[section]:
            if key not in allowed:
                raise LexiconError(source, f"{section}.{key}", "unknown key")
    for phrase, factor in data.get("hedges", {}).items():
        if not isinstance(factor, int | float) or not 0 < factor <= 1:
            raise LexiconError(source, f"hedges.{phrase}", "a hedge factor is in (0, 1]")
    for name, entry in data.get("origins", {}).items():
        for key in entry:
            if key not in ORIGIN_KEYS:
                raise LexiconError(source, f"origins.{name}.{key}", "unknown key")
    topics = data["topics"]
    for name, topic in topics.items():
        where = f"topics.{name}"
        for key in topic:
            if key not in TOPIC_KEYS:
                raise LexiconError(source, f"{where}.{key}", "unknown key")
        for key in ("yields_to", "cues_yield_to", "values_yield_to"):
            for other in topic.get(key, []):
                if other not in topics:
                    raise LexiconError(source, f"{where}.{key}", f"no topic {other!r}")
        values = topic.get("values", {})
        grouped = values and not all(isinstance(v, list) for v in values.values())
        groups = values if grouped else {"value": values}
        canonical = {c.casefold() for g in groups.values() for c in g if c != "value_is_cue"}
        for group in topic.get("exclusive", []):
            if group not in groups:
                raise LexiconError(source, f"{where}.exclusive", f"no value group {group!r}")
        for state in topic.get("priority", []):
            if state.casefold() not in canonical:
                raise LexiconError(source, f"{where}.priority", f"no value {state!r}")
        for group_name, group in groups.items():
            for canonical_value, phrases in group.items():
                if canonical_value == "value_is_cue":
                    continue
                for phrase in phrases if isinstance(phrases, list) else [phrases]:
                    try:
                        compile_phrase(phrase)
                    except re.error as error:
                        key = f"{where}.values.{group_name}.{canonical_value}"
                        raise LexiconError(
                            source, key, f"bad pattern {phrase!r}: {error}"
                        ) from None
    for key in ("valueless_topics", "generic_values"):
        for name in data.get("conflicts", {}).get(key, []):
            if name not in topics:
                raise LexiconError(source, f"conflicts.{key}", f"no topic {name!r}")
    for name in data["negation"].get("stop_topics", []):
        if name not in topics:
            raise LexiconError(source, "negation.stop_topics", f"no topic {name!r}")
    for pattern in data["attribution"].get("patterns", []):
        if "{name}" not in pattern and "(?P<name>" not in pattern:
            raise LexiconError(source, "attribution.patterns", f"no {{name}} in {pattern!r}")


def build_lexicon(data: dict[str, Any], source: str = "claims.toml") -> Lexicon:
    validate_lexicon(data, source)
    hedges, negations, exceptions = PhraseSet(), PhraseSet(), PhraseSet()
    for phrase, factor in data.get("hedges", {}).items():
        hedges.add(phrase, str(factor))
    for phrase in data["negation"]["cues"]:
        negations.add(phrase, "deny")
    for phrase in data["negation"].get("before", []):
        negations.add(phrase, "before")
    for phrase in data["negation"].get("local", []):
        negations.add(phrase, "local")
    for phrase in data["negation"].get("stop", []):
        negations.add(phrase, "stop")
    for phrase in data["negation"].get("exceptions", []):
        exceptions.add(phrase, "not a negation")
    attribution = [
        re.compile(pattern.replace("{name}", NAME), re.IGNORECASE)
        for pattern in data["attribution"]["patterns"]
    ]
    origins: dict[str, str] = {}
    reliability: dict[str, float] = {}
    for canonical, entry in data.get("origins", {}).items():
        reliability[canonical] = float(entry.get("reliability", 0.8))
        for alias in [canonical, *entry.get("aliases", [])]:
            origins[alias] = canonical
            origins[alias.removeprefix("The ").removeprefix("the ")] = canonical
    anaphora, expletives = PhraseSet(), PhraseSet()
    for kind in ("chip", "vendor", "either"):
        for phrase in data["anaphora"].get(kind, []):
            anaphora.add(phrase, kind)
    for phrase in data["anaphora"].get("expletive", []):
        expletives.add(phrase, "expletive")
    markers = sorted(data["subject"]["object_markers"], key=len, reverse=True)
    object_markers = _ending_with(markers)
    comparison_markers = _ending_with(data["subject"].get("comparison_markers", []))
    boilerplate, related = PhraseSet(), PhraseSet()
    for phrase in data["boilerplate"]["patterns"]:
        boilerplate.add(phrase, "boilerplate")
    for phrase in data["boilerplate"].get("related", []):
        related.add(phrase, "related")
    return Lexicon(
        confidence={k: float(v) for k, v in data["confidence"].items()},
        hedges=hedges,
        negations=negations,
        negation_exceptions=exceptions,
        negation_local_window=int(data["negation"].get("local_window", 6)),
        negation_stop_topics=frozenset(data["negation"].get("stop_topics", [])),
        attribution=attribution,
        not_names=frozenset(data["attribution"].get("not_names", [])),
        origins=origins,
        origin_reliability=reliability,
        anaphora=anaphora,
        expletives=expletives,
        object_markers=object_markers,
        comparison_markers=comparison_markers,
        modifier_determiners=frozenset(data["subject"].get("modifier_determiners", [])),
        modifier_nouns=frozenset(data["subject"].get("modifier_nouns", [])),
        boilerplate=boilerplate,
        related=related,
        topics={name: _topic(name, topic) for name, topic in data["topics"].items()},
        valueless_conflict_topics=frozenset(
            data.get("conflicts", {}).get("valueless_topics", ["development"])
        ),
        generic_conflict_values={
            topic: frozenset(value.casefold() for value in values)
            for topic, values in data.get("conflicts", {}).get("generic_values", {}).items()
        },
        cjk_object_markers=tuple(data["subject"].get("cjk_object_markers", [])),
        clause_starts=_clause_starts(data.get("clauses", {}).get("and_starts", [])),
        no_claim=_phrases(data.get("clauses", {}).get("no_claim", []), "no claim"),
        retro_denials=_phrases(data.get("clauses", {}).get("retro_denials", []), "deny"),
        first_party_outlets=frozenset(data["attribution"].get("first_party_outlets", [])),
        chip_families={
            name: tuple(members) for name, members in data["anaphora"].get("families", {}).items()
        },
    )


def _phrases(phrases: list[str], label: str) -> PhraseSet:
    found = PhraseSet()
    for phrase in phrases:
        found.add(phrase, label)
    return found


def _clause_starts(words: list[str]) -> re.Pattern[str] | None:
    """ " and " followed by one of the words: the break between two coordinated clauses."""
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(r"\s+and\s+(?=(?:" + alternatives + r")(?![\w-]))", re.IGNORECASE)


class Ending:
    """Tells whether a text (the text before a name) ends with one of the words, after its
    start, a space or "(", case aside: `ends` answers as a search of `pattern` does.

    By the words that end as the text's last word does, each compared with the text's
    tail: one search of the ~100 object markers' alternation tried each of them at every
    space of the text (20-80 µs a name, ~1.5 ms an article)."""

    def __init__(self, words: Sequence[str]) -> None:
        alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        self.pattern = re.compile(r"(?:^|[\s(])(?:" + (alternatives or "(?!)") + r")$", re.I)
        # The longest word, the boundary before it and the newline `$` lets follow it.
        self.reach = max((len(w) for w in words), default=0) + 2
        self.by_last_word: dict[str, list[str]] = {}
        for word in words:
            if word.split():
                folded = _folded_word(word)
                self.by_last_word.setdefault(folded.split()[-1], []).append(folded)

    def ends(self, text: str) -> bool:
        start = max(0, len(text) - self.reach)
        tail = _folded_word(text[start:])
        if tail.endswith("\n"):
            tail = tail[:-1]  # `$` also matches before a final newline
        last = tail.replace("(", " ").split()
        for word in self.by_last_word.get(last[-1], ()) if last else ():
            if tail.endswith(word):
                at = len(tail) - len(word)
                if start + at == 0 or (at and (tail[at - 1].isspace() or tail[at - 1] == "(")):
                    return True
        return False


def _folded_word(word: str) -> str:
    """Text as IGNORECASE compares it with ASCII words (see _Scan.lowered): each letter
    stays one letter, so offsets hold."""
    return word.translate(_IGNORECASE_ASCII).lower()


def _ending_with(words: list[str]) -> Ending:
    """Matches a text that ends with one of the words (the text before a name)."""
    return Ending(words)


@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    with path.open("rb") as handle:
        return build_lexicon(tomllib.load(handle), str(path))
