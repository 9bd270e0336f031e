"""How a dispute reads: the question, why both sides cannot hold, each side's tally.

Pure functions of a Conflict whose members are loaded (Conflict.objects.for_display()):
no queries of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from chips.conflicts import SUCCESSIONS, independent_sources
from chips.models import Claim, Conflict, ConflictSide

# The question asked, by topic, when two values contest it ({subject}: "the Ascend 910C").
EXCLUSIVE_QUESTIONS = {
    "manufacturing": "Who makes {subject}?",
    "supply_chain": "Whose technology does {subject} rely on?",
    "export_controls": "May {subject} be sold to China?",
}
# ... and when one value is affirmed and denied ({value}: "SMIC").
POLARITY_QUESTIONS = {
    "development": "Is {subject} in development?",
    "workload": "Is {subject} for {value}?",
    "manufacturing": "Is {subject} made by {value}?",
    "supply_chain": "Does {subject} rely on {value} technology?",
    "memory": "Does {subject} use {value}?",
    "performance": "Does {subject} deliver {value}?",
    "software": "Does {subject} work with {value}?",
    "availability": "Is {subject} {value}?",
    "export_controls": "Is {subject} {value}?",
    "business": "{value} for {subject}?",
}
# Why the two sides cannot both hold.
EXCLUSIVE_REASONS = {
    "manufacturing": "A chip's die comes from one foundry.",
    "supply_chain": "Technology cannot be wholly domestic and foreign-dependent at once.",
    "export_controls": "A ban and a licence cannot both hold at one time.",
}
POLARITY_REASON = "One side reports what the other denies."
DEFAULT_REASON = "It has one value at a time."
STATE_WORDS = {"banned": "Banned", "licensed": "licensed"}


@dataclass
class Side:
    side: str
    label: str
    claims: list[Claim]  # all of them, or the first few a list shows
    sources: int
    reports: int  # how many claims the side holds in all

    @property
    def since(self) -> date | None:
        return min((c.claimed_at.date() for c in self.claims), default=None)

    @property
    def tally(self) -> str:
        return f"{self.label} — {self.sources} source{'' if self.sources == 1 else 's'}"


@dataclass
class Dispute:
    conflict: Conflict
    question: str
    reason: str
    a: Side
    b: Side

    @property
    def tally(self) -> str:
        return f"{self.a.tally} vs {self.b.tally}"

    @property
    def headline(self) -> str:
        return f"{self.question} {self.tally}"

    @property
    def sides(self) -> tuple[Side, Side]:
        return (self.a, self.b)


def subject(conflict: Conflict) -> str:
    if conflict.chip_id:
        return f"the {conflict.chip.name}"
    return (
        f"{conflict.vendor.name}"
        if conflict.topic in ("supply_chain", "business")
        else (f"{conflict.vendor.name}'s chip")
    )


def side_labels(conflict: Conflict) -> tuple[str, str]:
    if not conflict.is_polarity:
        return conflict.value_a, conflict.value_b
    if not conflict.value_a:
        return "yes", "no"
    return conflict.value_a, f"not {conflict.value_a}"


def question(conflict: Conflict) -> str:
    if conflict.is_polarity:
        template = POLARITY_QUESTIONS.get(conflict.topic, "{value} for {subject}?")
    else:
        template = EXCLUSIVE_QUESTIONS.get(conflict.topic, "Which holds for {subject}?")
    text = template.format(subject=subject(conflict), value=conflict.value_a)
    return text[0].upper() + text[1:]


def reason(conflict: Conflict, a: Side, b: Side) -> str:
    if conflict.kind == Conflict.Kind.CHANGE:
        earlier, later = SUCCESSIONS[conflict.topic]
        by_value = {conflict.value_a.casefold(): a, conflict.value_b.casefold(): b}
        first, then = by_value.get(earlier), by_value.get(later)
        if first is not None and then is not None and first.since and then.since:
            return (
                f"{STATE_WORDS.get(earlier, earlier).capitalize()} from {first.since:%Y-%m-%d}, "
                f"{STATE_WORDS.get(later, later)} from {then.since:%Y-%m-%d}."
            )
    if conflict.is_polarity:
        return POLARITY_REASON
    return EXCLUSIVE_REASONS.get(conflict.topic, DEFAULT_REASON)


def present(conflict: Conflict) -> Dispute:
    label_a, label_b = side_labels(conflict)
    stats = getattr(conflict, "side_stats", None)  # chips.conflicts.attach_side_stats

    def side(which: str, label: str) -> Side:
        claims = conflict.side(which)
        if stats is not None:
            return Side(which, label, claims, stats[which].sources, stats[which].reports)
        return Side(which, label, claims, independent_sources(claims), len(claims))

    a, b = side(ConflictSide.A, label_a), side(ConflictSide.B, label_b)
    return Dispute(conflict, question(conflict), reason(conflict, a, b), a, b)


def headline(conflict: Conflict) -> str:
    return present(conflict).headline
