"""The blind set is well formed and its labels follow one set of rules.

These checks read only the set's files and the seed catalogue (no database, no
extractor): every label must be checkable against its article and against docs/vocabulary.md's
vocabulary, and the conflict list must be exactly what the labels imply, so a mistake
in the labelling shows up here rather than as a false miss of the extractor.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from tests.chips.blind import BLIND

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
VENDORS = {v["slug"] for v in json.loads((SEEDS / "vendors.json").read_text())}
CHIPS = {c["slug"]: c for c in json.loads((SEEDS / "chips.json").read_text())}
CHIP_ALIASES = {a.casefold() for c in CHIPS.values() for a in [c["name"], *c["aliases"]]}

TOPICS = {
    "development",
    "workload",
    "manufacturing",
    "supply_chain",
    "memory",
    "performance",
    "software",
    "availability",
    "export_controls",
    "business",
}
FOUNDRIES = {"SMIC", "TSMC", "Samsung", "Intel"}
PROCESS = re.compile(r"^\d+nm$")
YIELD = re.compile(r"^yield \d+%$")
FIXED_VALUES = {
    "supply_chain": {"domestic", "foreign"},
    "export_controls": {"banned", "licensed"},
    "availability": {"testing", "sampling", "shipping", "mass production"},
}
# The single-valued dimensions of docs/vocabulary.md: two different affirmed values conflict.
EXCLUSIVE = {
    "manufacturing": FOUNDRIES,
    "supply_chain": {"domestic", "foreign"},
    "export_controls": {"banned", "licensed"},
}
ARTICLE_KEYS = {
    "id",
    "url",
    "source",
    "published_at",
    "title",
    "text",
    "duplicate_of",
    "expected",
}
CLAIM_KEYS = {"vendor", "chip", "topic", "polarity", "value", "quote", "origin", "headline"}


def _load() -> list[tuple[Path, dict[str, Any]]]:
    paths = sorted((BLIND / "articles").glob("*.json"))
    return [(path, json.loads(path.read_text())) for path in paths]


ARTICLES = _load()
BY_ID = {article["id"]: article for _, article in ARTICLES}
CONFLICTS = json.loads((BLIND / "conflicts.json").read_text())


def _words(text: str) -> int:
    """Words of Latin script, plus Chinese characters counted two to a word."""
    return len(re.findall(r"[A-Za-z0-9]\S*", text)) + len(re.findall(r"[\u4e00-\u9fff]", text)) // 2


def _when(article: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(article["published_at"].replace("Z", "+00:00"))


def _conflict_kind(a: dict[str, Any], b: dict[str, Any], when_a, when_b) -> str | None:
    """docs/vocabulary.md's rule for two labels of different articles, or None when they agree."""
    if (a["vendor"], a["topic"], a["chip"]) != (b["vendor"], b["topic"], b["chip"]):
        return None
    opposite = a["polarity"] != b["polarity"] and a["value"] == b["value"]
    exclusive = EXCLUSIVE.get(a["topic"], set())
    different = (
        a["polarity"] == b["polarity"] == "affirm"
        and a["value"] != b["value"]
        and {a["value"], b["value"]} <= exclusive
    )
    if not (opposite or different):
        return None
    if different and a["topic"] == "export_controls" and when_a != when_b:
        return "change"
    return "contradiction"


def _all_conflicts() -> set[tuple[tuple[str, int], tuple[str, int], str]]:
    found = set()
    for (_, x), (_, y) in combinations(ARTICLES, 2):
        for i, a in enumerate(x["expected"]["claims"]):
            for j, b in enumerate(y["expected"]["claims"]):
                kind = _conflict_kind(a, b, _when(x), _when(y))
                if kind:
                    first, second = sorted(
                        [((x["id"], i), _when(x)), ((y["id"], j), _when(y))],
                        key=lambda item: (item[1], item[0]),
                    )
                    found.add((first[0], second[0], kind))
    return found


def test_the_set_is_large_enough_and_ids_are_unique() -> None:
    assert len(ARTICLES) >= 18
    assert len(BY_ID) == len(ARTICLES)
    for path, article in ARTICLES:
        assert re.fullmatch(r"\d\d-" + re.escape(article["id"]), path.stem), path.name


@pytest.mark.parametrize(("path", "article"), ARTICLES, ids=[p.stem for p, _ in ARTICLES])
def test_article_is_in_the_devset_format(path: Path, article: dict[str, Any]) -> None:
    assert set(article) == ARTICLE_KEYS
    assert article["url"].startswith("https://")
    assert article["source"]["domain"] in article["url"]
    assert 0 < article["source"]["reliability"] <= 1
    assert article["source"]["name"]
    _when(article)
    words = _words(article["text"])
    assert 250 <= words <= 700, f"{words} words"
    assert "\n\n" in article["text"] and "\n\n\n" not in article["text"]
    if article["duplicate_of"] is not None:
        original = BY_ID[article["duplicate_of"]]
        assert _when(original) <= _when(article)
    expected = article["expected"]
    assert set(expected) == {"vendors", "chips", "new_chips", "claims"}
    assert set(expected["vendors"]) <= VENDORS
    assert set(expected["chips"]) <= set(CHIPS)
    for name in expected["new_chips"]:
        assert name.casefold() not in CHIP_ALIASES, f"{name} is in the catalogue"
        assert name in article["title"] + article["text"]


@pytest.mark.parametrize(("path", "article"), ARTICLES, ids=[p.stem for p, _ in ARTICLES])
def test_labels_follow_the_labelling_rules(path: Path, article: dict[str, Any]) -> None:
    expected = article["expected"]
    assert expected["claims"], "every article carries claims"
    seen = set()
    for claim in expected["claims"]:
        assert set(claim) == CLAIM_KEYS
        where = article["title"] if claim["headline"] else article["text"]
        assert claim["quote"] in where, claim["quote"]
        assert claim["vendor"] in expected["vendors"]
        assert claim["topic"] in TOPICS
        assert claim["polarity"] in {"affirm", "deny"}
        if claim["chip"] is not None:
            assert claim["chip"] in expected["chips"]
            assert CHIPS[claim["chip"]]["vendor"] == claim["vendor"]
        value = claim["value"]
        if claim["topic"] == "development":
            assert value is None
        elif claim["topic"] == "manufacturing":
            assert value in FOUNDRIES or PROCESS.match(value) or YIELD.match(value), value
        elif claim["topic"] in FIXED_VALUES:
            assert value in FIXED_VALUES[claim["topic"]], value
        else:
            assert isinstance(value, str) and value.strip(), claim
        # supply_chain is vendor-level (docs/vocabulary.md); business may name the one chip the
        # sentence is clearly about (README.md, labelling rules).
        if claim["topic"] == "supply_chain":
            assert claim["chip"] is None, claim
        assert claim["origin"] is None or claim["origin"].strip()
        key = (
            claim["vendor"],
            claim["chip"],
            claim["topic"],
            claim["polarity"],
            value,
            claim["quote"],
        )
        assert key not in seen, f"labelled twice: {key}"
        seen.add(key)


def test_syndicated_copies_carry_the_labels_of_their_original() -> None:
    for _, article in ARTICLES:
        if article["duplicate_of"]:
            original = BY_ID[article["duplicate_of"]]
            assert article["text"] == original["text"]
            assert article["expected"]["claims"] == original["expected"]["claims"]


def test_conflicts_reference_labels_that_conflict_by_design() -> None:
    for pair in CONFLICTS:
        assert set(pair) == {"why", "a", "b", "kind"}
        (name_a, i), (name_b, j) = pair["a"], pair["b"]
        x, y = BY_ID[name_a], BY_ID[name_b]
        a, b = x["expected"]["claims"][i], y["expected"]["claims"][j]
        assert _when(x) <= _when(y), pair["why"]
        assert _conflict_kind(a, b, _when(x), _when(y)) == pair["kind"], pair["why"]
        assert pair["why"].startswith(f"{a['vendor']} {a['chip'] or '(no chip)'} {a['topic']}")


def test_the_conflict_list_is_complete_and_has_no_repeats() -> None:
    listed = [(tuple(p["a"]), tuple(p["b"]), p["kind"]) for p in CONFLICTS]
    assert len(listed) == len(set(listed))
    assert set(listed) == _all_conflicts()


def test_the_set_holds_real_disputes_of_every_kind() -> None:
    questions = {
        (
            BY_ID[p["a"][0]]["expected"]["claims"][p["a"][1]]["vendor"],
            BY_ID[p["a"][0]]["expected"]["claims"][p["a"][1]]["chip"],
            BY_ID[p["a"][0]]["expected"]["claims"][p["a"][1]]["topic"],
            p["kind"],
        )
        for p in CONFLICTS
    }
    assert len(questions) >= 7
    assert {kind for *_, kind in questions} == {"contradiction", "change"}


def test_readme_forbids_tuning_on_the_set() -> None:
    readme = (BLIND / "README.md").read_text()
    assert "never" in readme.casefold() and "tun" in readme.casefold()
