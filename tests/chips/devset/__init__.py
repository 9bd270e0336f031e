"""The labelled development set: articles with their expected mentions, claims, conflicts.

`articles/*.json` are short news stories written for this set (varied outlets,
vendors, topics, denials, hedges, syndicated copies, a ban lifted…); the seed
article joins them with its twelve curated claims from `seeds/`. Used by the tests
(tests/chips/test_devset.py) and by `bench/claims.py`, which prints the figures.

A predicted claim matches a label when vendor, topic and polarity agree, the value
agrees (for topics with fixed values; free-text values of performance, business and
development are not compared), the chips do not disagree (a label or prediction
without a chip matches either), and the quotes overlap (one contains the other).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
REPO = HERE.parents[2]
# The held-out set: same format, written apart from the lexicon's tuning (no seed article).
HOLDOUT = HERE.parent / "holdout"
# Written after the rules were tuned on the holdout, measured and never tuned on: the
# honest estimate of how the rules generalise (see tests/chips/fresh/__init__.py).
FRESH = HERE.parent / "fresh"
SETS = {"devset": HERE, "holdout": HOLDOUT, "fresh": FRESH}
FREE_TEXT_TOPICS = {"performance", "business", "development"}


def load_articles(directory: Path = HERE) -> list[dict[str, Any]]:
    """The labelled articles of a set folder (`articles/*.json`), in publication order."""
    paths = sorted((directory / "articles").glob("*.json"))
    articles = [json.loads(path.read_text()) for path in paths]
    if directory == HERE:
        articles.append(seed_article())
    return sorted(articles, key=lambda a: a["published_at"])


def seed_article() -> dict[str, Any]:
    meta = json.loads((REPO / "seeds" / "articles.json").read_text())[0]
    text = (REPO / "seeds" / meta["text_file"]).read_text()
    claims = json.loads((REPO / "seeds" / "claims.json").read_text())
    body = text.partition("\n")[2]
    return {
        "id": "seed",
        "url": meta["url"],
        "source": {"name": meta["source"], "domain": meta["source_domain"], "reliability": 0.7},
        "published_at": meta["published_at"],
        "title": meta["title"],
        "text": body.strip(),
        "expected": {
            "vendors": ["alibaba", "nvidia", "huawei", "cambricon", "metax", "smic"],
            # The RTX 6000D is named only in a link to another story.
            "chips": [],
            "claims": [
                {key: claim[key] for key in ("vendor", "chip", "topic", "polarity", "value")}
                | {"quote": claim["quote"], "hedged": claim["ref"] in {1, 2, 4, 5, 7}}
                for claim in claims
                # claims.json also holds curated claims from other seeded reports.
                if claim["article_url"] == meta["url"]
            ],
        },
    }


def load_conflicts(directory: Path = HERE) -> list[dict[str, Any]]:
    return json.loads((directory / "conflicts.json").read_text())


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).casefold()


def claim_matches(predicted: dict[str, Any], label: dict[str, Any]) -> bool:
    if (predicted["vendor"], predicted["topic"], predicted["polarity"]) != (
        label["vendor"],
        label["topic"],
        label["polarity"],
    ):
        return False
    same_value = (predicted["value"] or "").casefold() == (label["value"] or "").casefold()
    if label["topic"] not in FREE_TEXT_TOPICS and not same_value:
        return False
    if label.get("chip") and predicted.get("chip") and label["chip"] != predicted["chip"]:
        return False
    quote, expected = _norm(predicted["quote"]), _norm(label["quote"])
    return expected in quote or quote in expected


# ---------------------------------------------------------------------------------------
# Running the pipeline over the set (needs a database holding the vendor/chip catalogue)


def ingest(articles: list[dict[str, Any]]) -> dict[str, int]:
    """Store the articles and analyse them in publication order; returns id → article pk."""
    from chips.analysis import analyze_article
    from newsfeed.models import Article, Source

    pks: dict[str, int] = {}
    for entry in articles:
        source, _ = Source.objects.get_or_create(
            domain=entry["source"]["domain"],
            defaults={
                "name": entry["source"]["name"],
                "reliability": entry["source"]["reliability"],
            },
        )
        article, _ = Article.objects.update_or_create(
            url=entry["url"],
            defaults={
                "source": source,
                "title": entry["title"],
                "text": entry["text"],
                "published_at": datetime.fromisoformat(entry["published_at"]),
                "duplicate_of_id": pks.get(entry.get("duplicate_of") or ""),
            },
        )
        pks[entry["id"]] = article.pk
        analyze_article(article.pk)
    return pks


def predicted_claims(pks: dict[str, int]) -> dict[str, list[dict[str, Any]]]:
    from chips.exporting import claim_record
    from chips.models import Claim

    by_article: dict[int, list[dict[str, Any]]] = defaultdict(list)
    claims = Claim.objects.filter(article_id__in=pks.values()).select_related(
        "vendor", "chip", "article"
    )
    for claim in claims.order_by("pk"):
        by_article[claim.article_id].append(claim_record(claim))
    return {name: by_article[pk] for name, pk in pks.items()}


def predicted_mentions(pks: dict[str, int]) -> dict[str, tuple[set[str], set[str]]]:
    from chips.models import ChipMention, VendorMention

    found: dict[str, tuple[set[str], set[str]]] = {}
    for name, pk in pks.items():
        vendors = set(
            VendorMention.objects.filter(article_id=pk).values_list("vendor__slug", flat=True)
        )
        chips = set(ChipMention.objects.filter(article_id=pk).values_list("chip__slug", flat=True))
        found[name] = (vendors, chips)
    return found


@dataclass
class Counts:
    true_positives: int = 0
    predicted: int = 0
    expected: int = 0
    found: int = 0  # labels matched by at least one prediction

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0


@dataclass
class Report:
    vendors: Counts = field(default_factory=Counts)
    chips: Counts = field(default_factory=Counts)
    claims: Counts = field(default_factory=Counts)
    by_topic: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    conflicts: Counts = field(default_factory=Counts)
    # Labels with an "origin" that were found: how many predictions name the same origin.
    origins: Counts = field(default_factory=Counts)
    misses: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)  # predictions matching no label


def _score_sets(counts: Counts, predicted: set[str], expected: set[str]) -> None:
    counts.true_positives += len(predicted & expected)
    counts.found += len(predicted & expected)
    counts.predicted += len(predicted)
    counts.expected += len(expected)


def evaluate(articles: list[dict[str, Any]], pks: dict[str, int], directory: Path = HERE) -> Report:
    from chips.models import ConflictClaim

    report = Report()
    mentions = predicted_mentions(pks)
    predictions = predicted_claims(pks)
    for entry in articles:
        name = entry["id"]
        expected = entry["expected"]
        _score_sets(report.vendors, mentions[name][0], set(expected["vendors"]))
        _score_sets(report.chips, mentions[name][1], set(expected["chips"]))
        labels = expected["claims"]
        for predicted in predictions[name]:
            topic = report.by_topic[predicted["topic"]]
            hit = any(claim_matches(predicted, label) for label in labels)
            for counts in (report.claims, topic):
                counts.predicted += 1
                counts.true_positives += hit
            if not hit:
                report.spurious.append(
                    f"{name}: {predicted['vendor']} {predicted['chip']} {predicted['topic']} "
                    f"{predicted['polarity']} {predicted['value']!r} ← {predicted['quote'][:90]!r}"
                )
        for label in labels:
            topic = report.by_topic[label["topic"]]
            matches = [p for p in predictions[name] if claim_matches(p, label)]
            hit = bool(matches)
            for counts in (report.claims, topic):
                counts.expected += 1
                counts.found += hit
            if matches and "origin" in label:
                want = (label["origin"] or "").casefold()
                report.origins.expected += 1
                same = any((p["origin"] or "").casefold() == want for p in matches)
                report.origins.found += same
                if not same:
                    report.misses.append(
                        f"origin: {name}: {label['origin']!r} labelled, "
                        f"{matches[0]['origin']!r} found ← {label['quote'][:50]!r}"
                    )
            if not hit:
                report.misses.append(
                    f"{name}: {label['vendor']} {label['chip']} {label['topic']} "
                    f"{label['polarity']} {label['value']!r} ← {label['quote'][:60]!r}"
                )
    # Conflicts: an expected pair is found when a stored dispute holds a claim matching
    # one label on one side and a claim matching the other on the other side.
    by_id = {claim["id"]: (name, claim) for name, claims in predictions.items() for claim in claims}
    members: dict[int, dict[str, list]] = {}
    for conflict_id, side, claim_id in ConflictClaim.objects.values_list(
        "conflict_id", "side", "claim_id"
    ):
        if claim_id in by_id:
            members.setdefault(conflict_id, {"a": [], "b": []})[side].append(by_id[claim_id])
    stored = [(x, y) for sides in members.values() for x in sides["a"] for y in sides["b"]]
    disputes = [sides for sides in members.values() if sides["a"] and sides["b"]]
    report.conflicts.predicted = len(disputes)
    articles_by_id = {entry["id"]: entry for entry in articles}
    for pair in load_conflicts(directory):
        report.conflicts.expected += 1
        (name_a, index_a), (name_b, index_b) = pair["a"], pair["b"]
        label_a = articles_by_id[name_a]["expected"]["claims"][index_a]
        label_b = articles_by_id[name_b]["expected"]["claims"][index_b]
        for (article_x, x), (article_y, y) in stored:
            if (
                article_x == name_a
                and article_y == name_b
                and claim_matches(x, label_a)
                and claim_matches(y, label_b)
            ) or (
                article_x == name_b
                and article_y == name_a
                and claim_matches(x, label_b)
                and claim_matches(y, label_a)
            ):
                report.conflicts.found += 1
                report.conflicts.true_positives += 1
                break
        else:
            report.misses.append(f"conflict: {pair['why']}")
    return report
