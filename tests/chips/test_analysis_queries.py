"""Analysing an article costs a bounded number of queries: not one per claim, and not
more as the corpus grows (issue 13: the cost of an article must not grow with the corpus)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chips.analysis import analyze_article
from chips.models import Claim, Conflict
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

# What one analysis may cost, whatever its claims and the articles before it: mentions,
# proposals, claims with their history, the disputes' sides and the recounts, each in a
# few set-based statements (26 today; 39 before the catalogue was cached and the writes
# became one statement each).
MAX_QUERIES = 30

# Contested chips (ones the seeds hold no dispute about) and what stories say of them.
CHIPS = [("Cambricon", "MLU590"), ("Cambricon", "MLU370"), ("Moore Threads", "MTT S4000")]
FOUNDRIES = ["SMIC", "TSMC", "Samsung"]
SENTENCES = [
    "{vendor}'s {chip} is manufactured by {foundry}, analysts said.",
    "{vendor}'s {chip} is not made by {other}.",
    "The {chip} from {vendor} is fabricated by {foundry}.",
]


def story(n: int, sentences: int) -> str:
    """Article n's text: one foundry makes every chip, another does not (the next article
    says the next foundry), in a few wordings."""
    foundry, other = FOUNDRIES[n % len(FOUNDRIES)], FOUNDRIES[(n + 1) % len(FOUNDRIES)]
    lines = []
    for s in range(sentences):
        vendor, chip = CHIPS[s % len(CHIPS)]
        template = SENTENCES[(s // len(CHIPS)) % len(SENTENCES)]
        lines.append(template.format(vendor=vendor, chip=chip, foundry=foundry, other=other))
    return "\n\n".join(lines)


def analyse(n: int, sentences: int) -> int:
    """Analyse a new article; returns how many queries it took."""
    article = ArticleFactory(text=story(n, sentences))
    with CaptureQueriesContext(connection) as captured:
        analyze_article(article.pk)
    return len(captured)


def test_an_analysis_costs_the_same_few_queries_for_many_claims_and_a_larger_corpus(seeded):
    for n in range(3):  # the disputes these stories take part in open here
        analyse(n, 12)
    assert Conflict.objects.filter(vendor__slug="cambricon").exists()
    few_claims_small_corpus = analyse(3, 3)
    for n in range(4, 14):
        analyse(n, 12)
    claims_before = Claim.objects.count()
    many_claims_large_corpus = analyse(14, 12)
    assert Claim.objects.count() - claims_before >= 9
    assert many_claims_large_corpus <= MAX_QUERIES
    assert many_claims_large_corpus <= few_claims_small_corpus + 2
