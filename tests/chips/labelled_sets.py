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
# A process is the size the story writes ("7nm", "7-nanometre"; Intel's "18A"); a foundry's
# process name alone ("N+2", "N3P", "4NP") gives no node label (docs/vocabulary.md).
PROCESS = re.compile(r"^\d+nm$|^\d+A$")


def writes_size(article: Article, claim: Label) -> bool:
    """Whether the sentence of a node label writes its size ("7nm" in "a 7nm-class node")."""
    size = re.escape(claim["value"][:-2])
    written = re.compile(rf"(?<![\d.]){size}\s?-?\s?(?:nm|nanomet|nano-met|纳米|奈米)", re.I)
    for source in (article.get("title", ""), article.get("text", "")):
        # (Its paragraph, read leniently: "Corp." ends no sentence.)
        for paragraph in (source or "").split("\n"):
            if claim["quote"] in paragraph and written.search(paragraph):
                return True
    return False


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

# docs/vocabulary.md, "A model a chip runs is software compatibility": a software value that
# names a model is the family in its maker's spelling, with the version when one is given
# ("DeepSeek V3.2-Exp", "Qwen3", "GPT-5.2"), never a phrase around it ("runs DeepSeek …").
MODEL_FAMILY = re.compile(
    r"\b(?:deepseek|qwen|hunyuan|llama|gemini|claude|kimi|ernie|gpt)|通义|千问|混元|文心",
    re.IGNORECASE,
)
MODEL_NAME = re.compile(
    r"^(?:DeepSeek(?: V\d(?:\.\d+)?(?:-Exp)?| R\d)?|Qwen(?:\d(?:\.\d+)?)?|Hunyuan"
    r"|Llama(?: \d(?:\.\d+)?)?|Gemini(?: \d(?:\.\d+)?)?|Claude(?: [\w.]+)?|Kimi(?: K\d)?"
    r"|Ernie(?: [\d.]+)?|GPT-\d(?:\.\d+)?o?)$"
)
# docs/vocabulary.md, "What a chip is for is its workload; what someone once did on it is
# not": past experience, generic customers, a partner named after the work.
NOT_A_PURPOSE = re.compile(
    r"\bexperience (?:in |with )?(?:training|serving|running)\b"
    r"|\b(?:customers|clients|developers|users|buyers) (?:(?:also|still|were|are|keen|to) ){0,4}"
    r"(?:train|serve|run|use)\b"
    r"|\b(?:training|inference) (?:partner|partnership|provider)s?\b",
    re.IGNORECASE,
)


# docs/vocabulary.md: a catalogue company (or a unit the catalogue files under it) speaking is
# named as the catalogue names it: "T-Head" is Alibaba, "Biren" is Biren Technology.
def _origin_key(name: str) -> str:
    words = re.findall(r"[^\W_]+", name.casefold())
    return " ".join(w for w in words if w not in {"the", "inc", "corp", "co", "ltd"})


CATALOGUE_ORIGIN = {
    _origin_key(alias): v["name"] for v in VENDORS.values() for alias in [v["name"], *v["aliases"]]
}
# docs/vocabulary.md, "Plans are development": a dated "not before" on a chip's volume is
# `availability` `shipping` denied ("no MI450 volume before 2027", "volumes would not arrive
# until 2027"), and a schedule said while denying a delay is the stage affirmed.
_DATE = (
    r"(?:[1-4]Q\s?\d\d|Q[1-4]|(?:the\s+)?(?:first|second|third|fourth)\s+quarter|20\d\d"
    r"|next\s+year)\b"
)
DATED_NO_VOLUME = re.compile(
    rf"\bno\s+(?:meaningful\s+|significant\s+)?(?:[\w-]+\s+)?volumes?\s+(?:before|until)\s+{_DATE}"
    rf"|\bvolumes?\s+(?:would|will)\s+not\s+(?:arrive|come|start|begin)\s+until\s+{_DATE}",
    re.IGNORECASE,
)
DELAY_DENIED = re.compile(
    r"(?<!not\s)\b(?:den(?:y|ies|ied)|dismiss(?:es|ed)?|reject(?:s|ed)?|brush(?:es|ed)?\s+off"
    r"|swat(?:s|ted)?\s+away)\s+(?:[\w'’-]+\s+){0,8}?(?:delay(?:s|ed)?|slip(?:s|ped)?"
    r"|running\s+late)\b",
    re.IGNORECASE,
)
# docs/vocabulary.md, "Background the article doubts": a report recalled only to be doubted
# ("does not sit comfortably with reports that …", "contradicts claims that …") is no label.
DOUBTED_REPORT = re.compile(
    r"\b(?:(?:does|do|did)\s+not\s+sit\s+(?:comfortably|well|easily)|sits?\s+(?:uneasily|awkwardly)"
    r"|(?:is|are|was|were)\s+at\s+odds|contradicts?|contradicted|cast(?:s|ing)?\s+doubt\s+on"
    r"|undercuts?|undermines?|undermined|runs?\s+counter\s+to|ran\s+counter\s+to|call(?:s|ed)?\s+into\s+question"
    r"|(?:is|are|was|were)\s+(?:hard|difficult)\s+to\s+(?:square|reconcile)|challenges?|challenged|debunks?|debunked|refutes?|refuted)"
    r"\s+(?:with\s+)?(?:the\s+|those\s+|some\s+|earlier\s+|previous\s+|prior\s+|recent\s+)*"
    r"(?:reports?|claims?|accounts?|suggestions?|speculation|rumou?rs?|assertions?)\b(?:[^.;]{0,40}?\bthat\b)?",
    re.IGNORECASE,
)
# docs/vocabulary.md, "Bans": buyers told to stop testing a chip is its testing denied.
STOPPED_TEST = re.compile(r"\b(?:stop testing|end tests of|no longer test)\b", re.IGNORECASE)
# docs/vocabulary.md: a scale-up domain's size ("Ironwood pods can link 9,216 chips", "9,216
# chips in a single pod") is a performance spec.
POD_SIZE = re.compile(
    r"\b(?:super)?pods? (?:can )?links? (?:up to )?\d[\d,]* (?:[\w-]+ ){0,2}?chips\b"
    r"|\b\d[\d,]* chips (?:per|in a single|in one) (?:super)?pod\b",
    re.IGNORECASE,
)
# A chip's dies per package ("pairs two compute dies in one package"): a performance spec.
DIES_IN_PACKAGE = re.compile(
    r"\b(?:two|three|four|six|eight|\d+)\s+(?:[\w-]+\s+){0,2}?dies\s+in\s+"
    r"(?:one|a single|a|the same)\s+package\b",
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


# docs/vocabulary.md "Growth is the verb and what grows": "double 7nm capacity", "more than
# triple output next year", never "doubling 7nm capacity" or "HBM revenue to double".
GROWTH_WORD = re.compile(r"\b(?:doubl|tripl)", re.IGNORECASE)
GROWTH = re.compile(
    r"\b(?:double|triple) (?:[\w-]+ (?:and [\w-]+ )?)?(?:output|capacity|revenue|profit)\b"
)


def check_conventions(article: Article) -> None:
    """docs/vocabulary.md's labelling conventions, for every set (older formats included).

    The older sets (devset, holdout, fresh) carry no `headline` or `origin` keys; the
    conventions read only what every set has: vendor, chip, topic, polarity, value, quote.
    """
    claims = article["expected"]["claims"]
    publisher = article.get("source", {}).get("name", "").casefold()
    for stated in DIES_IN_PACKAGE.finditer(article.get("text", "")):
        assert any(
            other["topic"] == "performance" and stated[0] in other["quote"] for other in claims
        ), f"dies per package is a performance label: {stated[0]!r}"
    for stated in POD_SIZE.finditer(article.get("text", "")):
        assert any(
            other["topic"] == "performance" and stated[0] in other["quote"] for other in claims
        ), f"a scale-up domain's size is a performance label: {stated[0]!r}"
    for stated in STOPPED_TEST.finditer(article.get("text", "")):
        assert any(
            (other["topic"], other["polarity"], other["value"])
            == ("availability", "deny", "testing")
            and stated[0] in other["quote"]
            for other in claims
        ), f"a stopped test is availability testing denied: {stated[0]!r}"
    for stated in DATED_NO_VOLUME.finditer(article.get("text", "")):
        assert any(
            (other["topic"], other["polarity"], other["value"])
            == ("availability", "deny", "shipping")
            and stated[0] in other["quote"]
            for other in claims
        ), f"a dated 'not before' is availability shipping denied: {stated[0]!r}"
    for doubted in DOUBTED_REPORT.finditer(text := article.get("text", "")):
        recalled = re.split(r"(?<=[.!?])\s", text[doubted.end() :], maxsplit=1)[0]
        assert not any(other["quote"] in recalled for other in claims), (
            f"a report recalled only to be doubted is no claim: {recalled!r}"
        )
    for claim in claims:
        topic, value = claim["topic"], claim["value"]
        if origin := (claim.get("origin") or "").casefold():
            assert not publisher or (origin not in publisher and publisher not in origin), (
                f"the publisher is no origin: {claim}"
            )
        if (name := CATALOGUE_ORIGIN.get(_origin_key(claim.get("origin") or ""))) is not None:
            # (Case aside: scoring reads "Nvidia" and "NVIDIA" as one name.)
            assert _origin_key(claim["origin"]) == _origin_key(name), (
                f"the catalogue names this origin {name!r}: {claim}"
            )
        if "origin" in claim:
            assert not (speaker := person_speaking(article, claim)), (
                f"{speaker} speaks, not their employer or nobody: {claim}"
            )
        assert topic in TOPICS, claim
        if topic == "development":
            assert value is None, f"development takes no value: {claim}"
        elif topic == "manufacturing":
            assert value in FOUNDRIES or PROCESS.match(value) or YIELD.match(value), claim
            if value.endswith("nm"):
                assert writes_size(article, claim), f"a node is a size the story writes: {claim}"
        elif topic in FIXED_VALUES:
            assert value in FIXED_VALUES[topic], claim
        elif topic == "memory":
            kind = MEMORY_TYPE.match(value) or MEMORY_CAPACITY.match(value)
            assert kind or value in MEMORY_SUPPLIERS, f"memory is a type or a supplier: {value}"
        else:
            assert isinstance(value, str) and value.strip(), f"{topic} says what: {claim}"
        if topic == "business" and GROWTH_WORD.search(value):
            assert GROWTH.search(value), f"growth is 'double/triple' + what grows: {claim}"
        if topic == "supply_chain":
            assert claim["chip"] is None, f"supply_chain is vendor-level: {claim}"
        if topic == "software" and MODEL_FAMILY.search(value):
            assert MODEL_NAME.match(value), f"a model is named as its maker spells it: {claim}"
        if topic == "workload":
            assert not NOT_A_PURPOSE.search(claim["quote"]), f"no purpose said: {claim}"
        if topic == "availability" and claim["polarity"] == "affirm":
            assert not FUTURE.search(claim["quote"]) or DELAY_DENIED.search(claim["quote"]), (
                f"a plan is development: {claim}"
            )
        if topic == "memory" and (stated := STATED_CAPACITY.search(claim["quote"])):
            capacity = f"{stated.group(1)}GB"
            assert any(
                other["topic"] == "memory"
                and other["value"] == capacity
                and other["quote"] == claim["quote"]
                and other["chip"] == claim["chip"]
                for other in claims
            ), f"the capacity {capacity} gets its own label: {claim}"


# A person the article names with a title: "Chief executive Lisa Su", "CFO Colette Kress",
# "Huawei rotating chairman Eric Xu", "Jensen Huang, Nvidia's chief executive".
_TITLE = (
    r"(?:chief executive(?: officer)?|ceo|cfo|chief financial officer|chairman|president"
    r"|founder|spokes(?:person|man|woman)|executive vice president)"
)
_PERSON = r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?(?: [A-Z][a-z]+(?:-[a-z]+)?){1,2}"
TITLED_PERSON = re.compile(
    rf"(?i:\b{_TITLE}) (?P<a>{_PERSON})\b|(?P<b>{_PERSON}), (?:the |its |[\w ]+['’]s )?"
    rf"[\w ,+]{{0,40}}?(?i:{_TITLE})\b"
)
SPEECH = r"(?:also |has |had |later )?(?:said|says|told|tells|added|adds)\b"
# A sentence ends before a capital: "the U.S. government" does not end at "U.S.".
SENTENCE_END = re.compile(r"(?:(?<=[.!?。])|(?<=[.!?。][”\"]))\s+(?=[A-Z“\"\u4e00-\u9fff])|\n+")


def person_speaking(article: Article, claim: Label) -> str | None:
    """The titled person whose speech a label's sentence reports, when the label names someone
    else or no one as origin (docs/vocabulary.md: a named person speaking is the origin, not
    their employer). "Su said the MI450 uses TSMC's 2nm process" is Lisa Su's; "Nvidia said …,
    and Chief Executive Jensen Huang has said …" keeps Nvidia, which speaks in the sentence too.
    A label with no origin is checked only on the clause the person reports ("Trump said that
    <quote>", "<quote>, CFO Kim Woo-hyun told analysts"), not on the writer's asides around it.
    """
    text, origin = article["text"], claim.get("origin") or ""
    people = [(m.start(), m["a"] or m["b"]) for m in TITLED_PERSON.finditer(text)]
    if not people or origin in {name for _, name in people} or claim.get("headline"):
        return None
    start = text.find(claim["quote"])
    if start < 0:
        return None
    end = start + len(claim["quote"])
    bounds = [0, *(m.end() for m in SENTENCE_END.finditer(text)), len(text)]
    begin, stop = max(b for b in bounds if b <= start), min(b for b in bounds if b > start)
    sentence = text[begin:stop]
    speaker = re.escape(origin) if origin else "(?!)"
    company = rf"\b(?:{speaker}|[Tt]he company|[Ii]t)\b(?P<gap>[^,.]{{0,40}}?)\b{SPEECH}"
    # "Nvidia spokesperson John Rizzo told Reuters" is the spokesperson speaking, not Nvidia.
    if any(not re.search(_TITLE, m["gap"], re.I) for m in re.finditer(company, sentence)):
        return None
    if origin and origin.casefold() in publisher_of(article):
        return None
    for at, name in sorted(people, reverse=True):
        surname = re.escape(name.split()[-1])
        # "Su said", "Jensen Huang, Nvidia's chief executive, has said"; "he said" is the
        # person last named before the sentence.
        said_by = (
            rf"\b(?:{re.escape(name)}|{surname})\b(?:, [^,.]{{1,60}},)?[^,.]{{0,40}}?\b{SPEECH}"
        )
        if at < begin:
            said_by += rf"|\b(?:[Hh]e|[Ss]he) {SPEECH}"
        for match in re.finditer(said_by, sentence):
            said_at, said_end = begin + match.start(), begin + match.end()
            before, after = text[said_end:start], text[end:said_at]
            close = (said_end <= start and len(before) <= 40 and "," not in before) or (
                said_at >= end and len(after) <= 40 and after.count(",") <= 1
            )
            if origin or close:
                return name
    return None


def publisher_of(article: Article) -> str:
    return article.get("source", {}).get("name", "").casefold()


# Words that make a quote a denial or negation of its value, including failure ("failing to
# train it on ..."), an end ("stopped making chips for"), a contrast ("GDDR7 rather than
# high-bandwidth memory") and the verbs that undo a deal ("called off").
NEGATION = re.compile(
    r"\b(not|cannot|no|never|nothing|none|neither|nor|without|false|untrue|denied|denies|deny"
    r"|unable|fail|failed|failing|dismissed|abandoned|terminated|scrapped|stopped|yet to"
    r"|stop|halt|halted|end"
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
