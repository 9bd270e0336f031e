"""The shared label checks catch the mistakes they exist for (tests/chips/labelled_sets.py)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.chips import labelled_sets as rules

APRIL = datetime(2025, 4, 15, tzinfo=UTC)
AUGUST = datetime(2025, 8, 12, tzinfo=UTC)


def _label(**changes: Any) -> dict[str, Any]:
    label = {
        "vendor": "nvidia",
        "chip": "h20",
        "topic": "export_controls",
        "polarity": "affirm",
        "value": "banned",
        "quote": "Washington barred the H20",
        "origin": None,
        "headline": False,
    }
    return label | changes


def _article(*claims: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": "Nvidia's H20 barred",
        "text": "Washington barred the H20 in April. TSMC makes it on a 4nm process.",
        "expected": {"vendors": ["nvidia"], "chips": ["h20"], "claims": list(claims)},
    }


def test_a_ban_then_a_licence_is_a_change_and_on_one_day_a_contradiction() -> None:
    banned, licensed = _label(), _label(value="licensed")
    assert rules.conflict_kind(banned, licensed, APRIL, AUGUST) == "change"
    assert rules.conflict_kind(banned, licensed, APRIL, APRIL) == "contradiction"


def test_a_value_affirmed_and_denied_is_a_contradiction_whatever_the_dates() -> None:
    backdoor = _label(topic="software", value="backdoor")
    assert rules.conflict_kind(backdoor, backdoor | {"polarity": "deny"}, APRIL, AUGUST) == (
        "contradiction"
    )


def test_processes_and_chipless_labels_do_not_meet_a_chips_foundry() -> None:
    tsmc = _label(topic="manufacturing", value="TSMC")
    assert rules.conflict_kind(tsmc, tsmc | {"value": "4nm"}, APRIL, AUGUST) is None
    assert rules.conflict_kind(tsmc, tsmc | {"value": "SMIC", "chip": None}, APRIL, AUGUST) is None
    assert rules.conflict_kind(tsmc, tsmc | {"value": "SMIC"}, APRIL, AUGUST) == "contradiction"


def test_well_formed_labels_pass() -> None:
    rules.check_labels(
        _article(_label(), _label(topic="manufacturing", value="TSMC", quote="TSMC makes it"))
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"quote": "Washington banned the H20"},  # not in the text
        {"headline": True},  # a body quote labelled as the headline's
        {"topic": "supply_chain", "value": "foreign"},  # supply_chain is chipless
        {"topic": "development", "value": "4nm"},  # development takes no value
        {"topic": "manufacturing", "value": "made in Taiwan"},  # not a foundry or process
        {"chip": "mi308"},  # a chip of another vendor, not among the mentions
    ],
)
def test_mislabelled_claims_are_caught(changes: dict[str, Any]) -> None:
    with pytest.raises(AssertionError):
        rules.check_labels(_article(_label(**changes)))


def test_a_label_given_twice_is_caught() -> None:
    with pytest.raises(AssertionError, match="labelled twice"):
        rules.check_labels(_article(_label(), copy.deepcopy(_label())))


def test_a_missing_or_extra_conflict_pair_is_caught() -> None:
    april = {"id": "april", "published_at": "2025-04-15T00:00:00Z"} | _article(_label())
    august = {"id": "august", "published_at": "2025-08-12T00:00:00Z"} | _article(
        _label(value="licensed")
    )
    pair = {"why": "nvidia h20 export_controls", "a": ["april", 0], "b": ["august", 0]}
    rules.check_conflicts_complete([pair | {"kind": "change"}], [april, august])
    with pytest.raises(AssertionError):
        rules.check_conflicts_complete([], [april, august])
    with pytest.raises(AssertionError):
        rules.check_conflicts_complete([pair | {"kind": "contradiction"}], [april, august])
