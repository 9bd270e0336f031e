"""Issue 10's figures, computed from exported records: pure functions over plain dicts.

Predictions are what the product exports (`manage.py export claims|conflicts`, i.e. the
records of `chips.exporting`); labels and expected conflict pairs are a labelled set's
JSON (tests/chips/*/articles/*.json, conflicts.json). Nothing here touches the database,
so every rule is tested with tiny hand-made records (tests/chips/test_scoring.py).

The rules:

- A stored claim is **fully right** when some label of its article has the same vendor,
  chip (a null chip equals only a null chip), topic and polarity, the same value, and an
  overlapping quote. Values of closed topics compare case-insensitively and exactly; the
  free-text values of `business`, `performance` and `development` only need to be
  non-contradictory: they share a number, or one contains the other (so a missing value
  contradicts nothing). The origin is not part of it.
- Quotes **overlap** when, after normalising whitespace, case and quote marks, one
  contains the other, or at least 60% of the longer one's words appear in the other.
- A label is **found** (strict recall) when some stored claim of its article has the
  right vendor, topic and polarity and an overlapping quote.
- **Origin accuracy** is taken over fully-right claims whose label records an origin:
  the names agree after casefolding and dropping "the", "Inc", "Corp", "Co", "Ltd".
- A stored conflict is **real** when some expected pair has one of its claims on each
  side (a claim stands for a label when it is fully right for it, in that label's
  article). An expected pair is **found** when some stored conflict covers it. Expected
  pairs about the same question (vendor, chip, topic, the two values) form one
  **question**, found when any of its pairs is.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Record = Mapping[str, Any]

FREE_TEXT_TOPICS = frozenset({"business", "performance", "development"})
TOKEN_OVERLAP = 0.6
ORIGIN_NOISE = frozenset({"the", "inc", "corp", "co", "ltd"})

_QUOTE_MARKS = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"'})
# Words, plus every CJK character on its own (Chinese has no spaces between words).
_TOKEN = re.compile(r"[\u3400-\u9fff]|[^\W_\u3400-\u9fff]+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


# ---------------------------------------------------------------------------------------
# Matching one claim against one label


def normalise_quote(text: str | None) -> str:
    """Case, runs of whitespace and curly or straight quote marks do not matter."""
    text = (text or "").translate(_QUOTE_MARKS).replace('"', "").replace("'", "")
    return " ".join(text.split()).casefold()


def _tokens(text: str) -> set[str]:
    return set(_TOKEN.findall(text))


def quotes_overlap(a: str | None, b: str | None) -> bool:
    """One quote contains the other, or 60% of the longer one's words are in the other."""
    a, b = normalise_quote(a), normalise_quote(b)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    tokens_a, tokens_b = _tokens(a), _tokens(b)
    # Of the LONGER quote: a headline's few words all recur in the story's long first
    # sentence, which is not the same claim.
    longer = max(len(tokens_a), len(tokens_b))
    return bool(longer) and len(tokens_a & tokens_b) / longer >= TOKEN_OVERLAP


def _numbers(text: str) -> set[str]:
    # "100,000" and "100000" are one number; a trailing ".0" is not a different one.
    found = set()
    for number in _NUMBER.findall(text):
        number = number.replace(",", "")
        found.add(number[:-2] if number.endswith(".0") else number)
    return found


def values_agree(topic: str, predicted: str | None, label: str | None) -> bool:
    """Exact (case-insensitive) for closed topics; non-contradictory for free text."""
    predicted, label = (predicted or "").casefold().strip(), (label or "").casefold().strip()
    if topic not in FREE_TEXT_TOPICS:
        return predicted == label
    return predicted in label or label in predicted or bool(_numbers(predicted) & _numbers(label))


def is_strict_hit(claim: Record, label: Record) -> bool:
    """Right vendor, topic and polarity on an overlapping quote (strict recall)."""
    return (
        claim["vendor"] == label["vendor"]
        and claim["topic"] == label["topic"]
        and claim["polarity"] == label["polarity"]
        and quotes_overlap(claim["quote"], label["quote"])
    )


def is_fully_right(claim: Record, label: Record) -> bool:
    """A strict hit that also names the same chip (or none) and an agreeing value."""
    return (
        is_strict_hit(claim, label)
        and claim.get("chip") == label.get("chip")
        and values_agree(label["topic"], claim.get("value"), label.get("value"))
    )


def wrong_cause(claim: Record, labels: Iterable[Record]) -> str:
    """Why a claim is not fully right, as the nearest label of its sentence tells it:
    "chip", "value" or "chip and value" (vendor, topic and polarity right), "polarity",
    "topic", "vendor", or "unlabelled sentence" when no label's quote overlaps its own.
    Aggregated per set, it says which kind of fix pays without reading any one miss."""
    same_quote = [x for x in labels if quotes_overlap(claim["quote"], x["quote"])]
    for label in same_quote:
        if is_strict_hit(claim, label):
            wrong_chip = claim.get("chip") != label.get("chip")
            wrong_value = not values_agree(label["topic"], claim.get("value"), label.get("value"))
            if wrong_chip or wrong_value:
                return " and ".join(
                    part for part, wrong in (("chip", wrong_chip), ("value", wrong_value)) if wrong
                )
    same_vendor = [x for x in same_quote if x["vendor"] == claim["vendor"]]
    if any(x["topic"] == claim["topic"] for x in same_vendor):
        return "polarity"
    if same_vendor:
        return "topic"
    return "vendor" if same_quote else "unlabelled sentence"


def labelled_topic(claim: Record, labels: Iterable[Record]) -> str:
    """The topic its sentence's label gives the claim's vendor (the first such label)."""
    for label in labels:
        if label["vendor"] == claim["vendor"] and quotes_overlap(claim["quote"], label["quote"]):
            return label["topic"]
    return ""


def normalise_origin(name: str | None) -> str:
    words = re.findall(r"[^\W_]+", (name or "").casefold())
    return " ".join(word for word in words if word not in ORIGIN_NOISE)


def origins_agree(predicted: str | None, label: str | None) -> bool:
    return normalise_origin(predicted) == normalise_origin(label)


# ---------------------------------------------------------------------------------------
# Figures over a whole set


@dataclass
class Tally:
    """`hits` out of `total`; an empty tally reads as 1.0 (nothing to get wrong)."""

    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.hits += bool(hit)
        self.total += 1

    @property
    def ratio(self) -> float:
        return self.hits / self.total if self.total else 1.0

    def __str__(self) -> str:
        ratio = f"{self.ratio:.2f}" if self.total else "n/a"
        return f"{ratio} ({self.hits}/{self.total})"


@dataclass
class TopicScore:
    precision: Tally = field(default_factory=Tally)  # stored claims of this topic
    recall: Tally = field(default_factory=Tally)  # labels of this topic


@dataclass
class Miss:
    """A line of `--misses`: what was spurious, missed or attributed wrongly, and where."""

    kind: str  # "spurious", "missed", "origin", "conflict"
    article: str
    what: str
    quote: str = ""

    def __str__(self) -> str:
        quote = f" ← {self.quote[:100]!r}" if self.quote else ""
        return f"{self.kind:8} {self.article}: {self.what}{quote}"


@dataclass
class Tagging:
    """Vendors or chips tagged in an article against the labelled ones."""

    precision: Tally = field(default_factory=Tally)  # tags that are labelled
    recall: Tally = field(default_factory=Tally)  # labels that are tagged


@dataclass
class SetScore:
    vendors: Tagging = field(default_factory=Tagging)
    chips: Tagging = field(default_factory=Tagging)
    precision: Tally = field(default_factory=Tally)
    recall: Tally = field(default_factory=Tally)
    origins: Tally = field(default_factory=Tally)
    by_topic: dict[str, TopicScore] = field(default_factory=lambda: defaultdict(TopicScore))
    conflicts_real: Tally = field(default_factory=Tally)
    contradictions_found: Tally = field(default_factory=Tally)
    questions_found: Tally = field(default_factory=Tally)
    wrong_causes: Counter[str] = field(default_factory=Counter)
    # (stored topic, labelled topic) of claims whose only fault is the topic
    topic_confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[Miss] = field(default_factory=list)


def describe(record: Record) -> str:
    return (
        f"{record['vendor']} {record.get('chip')} {record['topic']} "
        f"{record['polarity']} {record.get('value')!r}"
    )


def near_miss(claim: Record, labels: Iterable[Record]) -> str:
    """What a wrong claim got wrong, when a label of its sentence has the same vendor,
    topic and polarity: " [labelled chip 'ascend-910c', value 'SMIC']", else ""."""
    for label in labels:
        if is_strict_hit(claim, label):
            wrong = []
            if claim.get("chip") != label.get("chip"):
                wrong.append(f"chip {label.get('chip')!r}")
            if not values_agree(label["topic"], claim.get("value"), label.get("value")):
                wrong.append(f"value {label.get('value')!r}")
            return f" [labelled {', '.join(wrong)}]"
    return ""


def score_tagging(
    expected_by_article: Mapping[str, Mapping[str, Iterable[str]]],
    tagged_by_article: Mapping[str, Mapping[str, Iterable[str]]],
    score: SetScore | None = None,
) -> SetScore:
    """Vendor and chip tags (slugs under "vendors"/"chips") against the labelled ones."""
    score = score or SetScore()
    for article, expected in expected_by_article.items():
        tagged = tagged_by_article.get(article, {})
        for kind in ("vendors", "chips"):
            want, got = set(expected.get(kind, ())), set(tagged.get(kind, ()))
            tally: Tagging = getattr(score, kind)
            for slug in sorted(got):
                tally.precision.add(slug in want)
                if slug not in want:
                    score.misses.append(Miss("spurious", article, f"{kind[:-1]} tag {slug}"))
            for slug in sorted(want):
                tally.recall.add(slug in got)
                if slug not in got:
                    score.misses.append(Miss("missed", article, f"{kind[:-1]} tag {slug}"))
    return score


def score_claims(
    labels_by_article: Mapping[str, Sequence[Record]],
    claims_by_article: Mapping[str, Sequence[Record]],
    score: SetScore | None = None,
) -> SetScore:
    """Precision, strict recall, origin accuracy and the per-topic breakdown."""
    score = score or SetScore()
    for article in labels_by_article:
        labels, claims = labels_by_article[article], claims_by_article.get(article, ())
        for claim in claims:
            right = [label for label in labels if is_fully_right(claim, label)]
            score.precision.add(bool(right))
            score.by_topic[claim["topic"]].precision.add(bool(right))
            if not right:
                cause = wrong_cause(claim, labels)
                score.wrong_causes[cause] += 1
                if cause == "topic":
                    score.topic_confusions[(claim["topic"], labelled_topic(claim, labels))] += 1
                what = describe(claim) + near_miss(claim, labels)
                score.misses.append(Miss("spurious", article, what, claim["quote"]))
                continue
            with_origin = [label for label in right if "origin" in label]
            if with_origin:
                agrees = any(origins_agree(claim.get("origin"), x["origin"]) for x in with_origin)
                score.origins.add(agrees)
                if not agrees:
                    what = (
                        f"{describe(claim)} origin {claim.get('origin')!r}, "
                        f"labelled {with_origin[0]['origin']!r}"
                    )
                    score.misses.append(Miss("origin", article, what, claim["quote"]))
        for label in labels:
            found = any(is_strict_hit(claim, label) for claim in claims)
            score.recall.add(found)
            score.by_topic[label["topic"]].recall.add(found)
            if not found:
                score.misses.append(Miss("missed", article, describe(label), label["quote"]))
    return score


def conflict_sides(conflict: Record) -> tuple[list[int], list[int]]:
    """Both export formats: a dispute's `side_a`/`side_b` lists, else a pair's two claims."""
    if "side_a" in conflict and "side_b" in conflict:
        return list(conflict["side_a"]), list(conflict["side_b"])
    return [conflict["claim_a"]], [conflict["claim_b"]]


def _question(a: Record, b: Record) -> tuple[Any, ...]:
    values = frozenset((x.get("value") or "").casefold() for x in (a, b))
    return (a["vendor"], a.get("chip"), a["topic"], values)


def _unexpected(
    conflict: Record, claim_by_id: Mapping[int, Record], article_of: Mapping[int, str]
) -> Miss:
    def side(ids: list[int]) -> str:
        claims = [claim_by_id[i] for i in ids if i in claim_by_id]
        values = sorted({f"{c['polarity']} {c.get('value')!r}" for c in claims})
        articles = sorted({article_of[c["id"]] for c in claims})
        return f"{' / '.join(values)} ({', '.join(articles)})"

    side_a, side_b = conflict_sides(conflict)
    what = (
        f"conflict {conflict['id']} {conflict.get('vendor')} {conflict.get('chip')} "
        f"{conflict.get('topic')}: {side(side_a)} vs {side(side_b)}"
    )
    first = next(i for i in side_a + side_b if i in article_of)
    return Miss("spurious", article_of[first], what)


def score_conflicts(
    labels_by_article: Mapping[str, Sequence[Record]],
    claims_by_article: Mapping[str, Sequence[Record]],
    conflicts: Iterable[Record],
    expected_pairs: Sequence[Record],
    score: SetScore | None = None,
) -> SetScore:
    """Stored conflicts that are real, and expected pairs (and questions) found.

    `expected_pairs` are conflicts.json entries: `a` and `b` are [article id, label index].
    Conflicts holding no claim of this set (e.g. between curated claims) are left out.
    """
    score = score or SetScore()
    article_of = {c["id"]: a for a, claims in claims_by_article.items() for c in claims}
    claim_by_id = {c["id"]: c for claims in claims_by_article.values() for c in claims}

    def stands_for(claim_id: int, end: Sequence[Any]) -> bool:
        article, index = end
        claim = claim_by_id.get(claim_id)
        return (
            claim is not None
            and article_of[claim_id] == article
            and is_fully_right(claim, labels_by_article[article][index])
        )

    def covers(conflict: Record, pair: Record) -> bool:
        side_a, side_b = conflict_sides(conflict)
        for one, other in ((side_a, side_b), (side_b, side_a)):
            if any(stands_for(x, pair["a"]) for x in one) and any(
                stands_for(y, pair["b"]) for y in other
            ):
                return True
        return False

    stored = [
        c for c in conflicts if any(i in claim_by_id for side in conflict_sides(c) for i in side)
    ]
    covered = [False] * len(expected_pairs)
    for conflict in stored:
        real = False
        for i, pair in enumerate(expected_pairs):
            if covers(conflict, pair):
                real = covered[i] = True
        score.conflicts_real.add(real)
        if not real:
            score.misses.append(_unexpected(conflict, claim_by_id, article_of))
    questions: dict[tuple[Any, ...], bool] = {}
    for pair, found in zip(expected_pairs, covered, strict=True):
        score.contradictions_found.add(found)
        label_a = labels_by_article[pair["a"][0]][pair["a"][1]]
        label_b = labels_by_article[pair["b"][0]][pair["b"][1]]
        key = _question(label_a, label_b)
        questions[key] = questions.get(key, False) or found
        if not found:
            what = pair.get("why") or f"{describe(label_a)} vs {describe(label_b)}"
            score.misses.append(Miss("conflict", f"{pair['a'][0]}+{pair['b'][0]}", what))
    for found in questions.values():
        score.questions_found.add(found)
    return score
