"""The labelling rules of the blind-written sets, as checks any such set can run.

tests/chips/blind/README.md states the rules; tests/chips/test_blind_set.py and
tests/chips/test_later_tuning_sets.py run these checks on their own folders, so a rule is
written once and every set written to it is held to the same reading. The checks read
only a set's files and the seed catalogue (no database, no extractor): a mistake in the
labelling shows up here rather than as a false miss of the extractor.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from itertools import combinations
from pathlib import Path
from typing import Any

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
VENDORS = {v["slug"]: v for v in json.loads((SEEDS / "vendors.json").read_text())}
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
# A process is its nm figure ("N+2" is written 7nm); Intel's angstrom nodes have none ("18A").
PROCESS = re.compile(r"^\d+nm$|^\d+A$")
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
# docs/vocabulary.md, "Labelling conventions": what a memory value may be.
MEMORY_TYPE = re.compile(r"^(?:HBM[2-4]?E?|GDDR[5-7]X?|LPDDR[4-5]X?|DDR5)$")
MEMORY_CAPACITY = re.compile(r"^\d+GB$")
MEMORY_SUPPLIERS = {"Samsung", "SK hynix", "Micron", "CXMT", "in-house HBM"}
# A capacity stated in a memory quote ("carries 141 gigabytes of HBM3E").
STATED_CAPACITY = re.compile(r"(\d+)\s?(?:GB|gigabytes)\b(?: of| HBM| GDDR|显存)")
# A plan or a schedule: development, not a stage of availability reached.
FUTURE = re.compile(
    r"\b(?:will|would|plans? to|planned|expected to|expects? to|hopes? to|aims? to|intends? to"
    r"|due (?:in|by|out)|on schedule|next (?:year|month|quarter)|later this year|readies)\b"
    r"|将|计划",
    re.IGNORECASE,
)
CLAIM_KEYS = {"vendor", "chip", "topic", "polarity", "value", "quote", "origin", "headline"}

Article = dict[str, Any]
Label = dict[str, Any]
Pair = tuple[tuple[str, int], tuple[str, int], str]


def load(directory: Path) -> list[tuple[Path, Article]]:
    """The set's articles with their files, in file-name order."""
    paths = sorted((directory / "articles").glob("*.json"))
    return [(path, json.loads(path.read_text())) for path in paths]


def load_conflicts(directory: Path) -> list[dict[str, Any]]:
    return json.loads((directory / "conflicts.json").read_text())


def words(text: str) -> int:
    """Words of Latin script, plus Chinese characters counted two to a word."""
    return len(re.findall(r"[A-Za-z0-9]\S*", text)) + len(re.findall(r"[\u4e00-\u9fff]", text)) // 2


def when(article: Article) -> datetime:
    return datetime.fromisoformat(article["published_at"].replace("Z", "+00:00"))


def conflict_kind(a: Label, b: Label, when_a: datetime, when_b: datetime) -> str | None:
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


def all_conflicts(articles: list[Article]) -> set[Pair]:
    """Every cross-article pair of labels that conflicts, the earlier article first."""
    found = set()
    for x, y in combinations(articles, 2):
        for i, a in enumerate(x["expected"]["claims"]):
            for j, b in enumerate(y["expected"]["claims"]):
                kind = conflict_kind(a, b, when(x), when(y))
                if kind:
                    first, second = sorted(
                        [((x["id"], i), when(x)), ((y["id"], j), when(y))],
                        key=lambda item: (item[1], item[0]),
                    )
                    found.add((first[0], second[0], kind))
    return found


def check_article_format(path: Path, article: Article, by_id: dict[str, Article]) -> None:
    """The devset's file format, a news-length text and mentions from the catalogue."""
    assert re.fullmatch(r"\d\d-" + re.escape(article["id"]), path.stem), path.name
    assert set(article) == ARTICLE_KEYS
    assert article["url"].startswith("https://")
    assert article["source"]["domain"] in article["url"]
    assert 0 < article["source"]["reliability"] <= 1
    assert article["source"]["name"]
    when(article)
    count = words(article["text"])
    assert 250 <= count <= 700, f"{count} words"
    assert "\n\n" in article["text"] and "\n\n\n" not in article["text"]
    if article["duplicate_of"] is not None:
        original = by_id[article["duplicate_of"]]
        assert when(original) <= when(article)
    expected = article["expected"]
    assert set(expected) == {"vendors", "chips", "new_chips", "claims"}
    assert set(expected["vendors"]) <= set(VENDORS)
    assert set(expected["chips"]) <= set(CHIPS)
    for name in expected["new_chips"]:
        assert name.casefold() not in CHIP_ALIASES, f"{name} is in the catalogue"
        assert name in article["title"] + article["text"]


def check_labels(article: Article) -> None:
    """Rules 1-3, 6 and 8 of the README where a machine can read them."""
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


def check_conventions(article: Article) -> None:
    """docs/vocabulary.md's labelling conventions, for every set (older formats included).

    The older sets (devset, holdout, fresh) carry no `headline` or `origin` keys; the
    conventions read only what every set has: vendor, chip, topic, polarity, value, quote.
    """
    claims = article["expected"]["claims"]
    publisher = article.get("source", {}).get("name", "").casefold()
    for claim in claims:
        topic, value = claim["topic"], claim["value"]
        if origin := (claim.get("origin") or "").casefold():
            assert not publisher or (origin not in publisher and publisher not in origin), (
                f"the publisher is no origin: {claim}"
            )
        assert topic in TOPICS, claim
        if topic == "development":
            assert value is None, f"development takes no value: {claim}"
        elif topic == "manufacturing":
            assert value in FOUNDRIES or PROCESS.match(value) or YIELD.match(value), claim
        elif topic in FIXED_VALUES:
            assert value in FIXED_VALUES[topic], claim
        elif topic == "memory":
            kind = MEMORY_TYPE.match(value) or MEMORY_CAPACITY.match(value)
            assert kind or value in MEMORY_SUPPLIERS, f"memory is a type or a supplier: {value}"
        else:
            assert isinstance(value, str) and value.strip(), f"{topic} says what: {claim}"
        if topic == "supply_chain":
            assert claim["chip"] is None, f"supply_chain is vendor-level: {claim}"
        if topic == "availability" and claim["polarity"] == "affirm":
            assert not FUTURE.search(claim["quote"]), f"a plan is development: {claim}"
        if topic == "memory" and (stated := STATED_CAPACITY.search(claim["quote"])):
            capacity = f"{stated.group(1)}GB"
            assert any(
                other["topic"] == "memory"
                and other["value"] == capacity
                and other["quote"] == claim["quote"]
                and other["chip"] == claim["chip"]
                for other in claims
            ), f"the capacity {capacity} gets its own label: {claim}"


# Words that make a quote a denial or negation of its value, including failure ("failing to
# train it on ..."), an end ("stopped making chips for"), a contrast ("GDDR7 rather than
# high-bandwidth memory") and the verbs that undo a deal ("called off").
NEGATION = re.compile(
    r"\b(not|cannot|no|never|nothing|none|neither|nor|without|false|untrue|denied|denies|deny"
    r"|unable|fail|failed|failing|dismissed|abandoned|terminated|scrapped|stopped|yet to"
    r"|call off|calls off|called off|rather than|instead of)\b|n't\b",
    re.IGNORECASE,
)


def named(text: str, alias: str) -> bool:
    """The alias occurs as a name: not inside a longer word ("Meta" in "MetaX")."""
    if re.search(r"[\u4e00-\u9fff]", alias):
        return alias in text
    return re.search(rf"(?<![\w]){re.escape(alias)}(?![\w])", text) is not None


def names_in(text: str, catalogue: dict[str, dict[str, Any]]) -> set[str]:
    """The catalogue entries (vendors or chips) the text names."""
    return {
        slug
        for slug, entry in catalogue.items()
        if any(named(text, alias) for alias in [entry["name"], *entry["aliases"]])
    }


def check_mentions(article: Article) -> None:
    """The expected mentions are exactly the catalogue names the title and text use."""
    text = article["title"] + "\n" + article["text"]
    assert set(article["expected"]["vendors"]) == names_in(text, VENDORS)
    assert set(article["expected"]["chips"]) == names_in(text, CHIPS)


def check_denials_and_origins(article: Article) -> None:
    """A denial's quote holds its negation; an origin is a party the article names."""
    text = (article["title"] + "\n" + article["text"]).casefold()
    for claim in article["expected"]["claims"]:
        if claim["polarity"] == "deny":
            assert NEGATION.search(claim["quote"]), claim["quote"]
        if claim["origin"] is not None:
            assert claim["origin"].casefold() in text, claim["origin"]


def check_syndicated_copies(articles: list[Article], by_id: dict[str, Article]) -> None:
    for article in articles:
        if article["duplicate_of"]:
            original = by_id[article["duplicate_of"]]
            assert article["text"] == original["text"]
            assert article["expected"]["claims"] == original["expected"]["claims"]


def check_listed_conflicts(conflicts: list[dict[str, Any]], by_id: dict[str, Article]) -> None:
    """Each listed pair conflicts under the rule, earlier article first, and says why."""
    for pair in conflicts:
        assert set(pair) == {"why", "a", "b", "kind"}
        (name_a, i), (name_b, j) = pair["a"], pair["b"]
        x, y = by_id[name_a], by_id[name_b]
        a, b = x["expected"]["claims"][i], y["expected"]["claims"][j]
        assert when(x) <= when(y), pair["why"]
        assert conflict_kind(a, b, when(x), when(y)) == pair["kind"], pair["why"]
        assert pair["why"].startswith(f"{a['vendor']} {a['chip'] or '(no chip)'} {a['topic']}")


def check_conflicts_complete(conflicts: list[dict[str, Any]], articles: list[Article]) -> None:
    listed = [(tuple(p["a"]), tuple(p["b"]), p["kind"]) for p in conflicts]
    assert len(listed) == len(set(listed))
    assert set(listed) == all_conflicts(articles)


def disputed_questions(
    conflicts: list[dict[str, Any]], by_id: dict[str, Article]
) -> set[tuple[str, str | None, str, str]]:
    """(vendor, chip, topic, kind) of every listed pair: the questions an editor settles."""
    questions = set()
    for pair in conflicts:
        name, i = pair["a"]
        label = by_id[name]["expected"]["claims"][i]
        questions.add((label["vendor"], label["chip"], label["topic"], pair["kind"]))
    return questions
