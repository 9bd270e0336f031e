"""The labelled development set: articles with their expected mentions, claims, conflicts.

`articles/*.json` are short news stories written for this set (varied outlets,
vendors, topics, denials, hedges, syndicated copies, a ban lifted…); the seed
article joins them with its twelve curated claims from `seeds/`. Used by the tests
(tests/chips/test_devset.py) and by `bench/claims.py`, which prints the figures.

What the pipeline stores is read back through the export contract and scored by the
pure functions of `scoring.py` (precision, strict recall, origin accuracy, conflicts).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from tests.chips.devset import scoring

HERE = Path(__file__).parent
REPO = HERE.parents[2]
# The held-out set: same format, written apart from the lexicon's tuning (no seed article).
HOLDOUT = HERE.parent / "holdout"
# Written after the rules were tuned on the holdout, measured and never tuned on: the
# honest estimate of how the rules generalise (see tests/chips/fresh/__init__.py).
FRESH = HERE.parent / "fresh"
# Written blind to the rules for tuning them (tests/chips/tuning/__init__.py).
TUNING = HERE.parent / "tuning"
# Written blind to the rules and never tuned on: it only measures (may not exist yet).
BLIND = HERE.parent / "blind"
# A second tuning set, written blind to the rules (tests/chips/tuning2/__init__.py).
TUNING2 = HERE.parent / "tuning2"
# A third, labelled to docs/vocabulary.md's conventions (tests/chips/tuning3/__init__.py).
TUNING3 = HERE.parent / "tuning3"
# A fourth, in real outlets' styles, labelled blind to the rules (tests/chips/tuning4/__init__.py).
TUNING4 = HERE.parent / "tuning4"
# A fifth, favouring Chinese designers, China parts and HBM makers (tuning5/__init__.py).
TUNING5 = HERE.parent / "tuning5"
# A sixth, in real outlets' styles, labelled blind to the rules (tests/chips/tuning6/__init__.py).
TUNING6 = HERE.parent / "tuning6"
# A seventh, labelled blind to the rules and to the conventions (tests/chips/tuning7/__init__.py).
TUNING7 = HERE.parent / "tuning7"
# An eighth, real outlets' styles, labelled from DESIGN.md alone (tests/chips/tuning8/__init__.py).
TUNING8 = HERE.parent / "tuning8"
SETS = {
    "devset": HERE,
    "holdout": HOLDOUT,
    "fresh": FRESH,
    "tuning": TUNING,
    "tuning2": TUNING2,
    "tuning3": TUNING3,
    "tuning4": TUNING4,
    "tuning5": TUNING5,
    "tuning6": TUNING6,
    "tuning7": TUNING7,
    "tuning8": TUNING8,
    "blind": BLIND,
}
# Labelled by readers of DESIGN.md alone, not to docs/vocabulary.md's conventions: they show
# how an outside labeller reads the extractor's work, so no convention check holds them.
OUTSIDE_READINGS = ("tuning7", "tuning8", "blind")
# Every other set is labelled to the conventions' one reading.
CONVENTION_SETS = tuple(name for name in SETS if name not in OUTSIDE_READINGS)


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


def exported(pks: dict[str, int]) -> tuple[dict, dict, list]:
    """What the contract exports for these articles: tags, claims, conflicts.

    Read through `chips.exporting` (the records `manage.py export articles|claims|
    conflicts` prints), keyed by the labelled article's id.
    """
    from chips import exporting
    from newsfeed.models import Article

    names = {pk: name for name, pk in pks.items()}
    ids = {
        url: names[pk] for pk, url in Article.objects.filter(pk__in=names).values_list("pk", "url")
    }
    tags = {
        ids[record["url"]]: {"vendors": record["vendors"], "chips": record["chips"]}
        for record in exporting.article_records()
        if record["url"] in ids
    }
    claims: dict[str, list[dict[str, Any]]] = {name: [] for name in pks}
    for record in exporting.claim_records():
        if record["article_url"] in ids:
            claims[ids[record["article_url"]]].append(record)
    return tags, claims, list(exporting.conflict_records())


def evaluate(
    articles: list[dict[str, Any]], pks: dict[str, int], directory: Path = HERE
) -> scoring.SetScore:
    """Score what the pipeline stored for a set's articles (see scoring.py for the rules)."""
    tags, claims, conflicts = exported(pks)
    labels = {entry["id"]: entry["expected"]["claims"] for entry in articles}
    for name, found in claims.items():
        # Sets labelled before headlines made claims of their own (no label carries a
        # "headline" field) labelled a headline only now and then: there, a headline's
        # claim counts when it is right and is not held against the extractor otherwise.
        own = labels.get(name)
        if own and all("headline" not in label for label in own):
            claims[name] = [
                claim
                for claim in found
                if not claim.get("headline")
                or any(scoring.is_fully_right(claim, label) for label in own)
            ]
    score = scoring.score_tagging({e["id"]: e["expected"] for e in articles}, tags)
    scoring.score_claims(labels, claims, score)
    scoring.score_conflicts(labels, claims, conflicts, load_conflicts(directory), score)
    return score
