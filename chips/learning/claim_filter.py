"""The claim filter at run time: score each candidate claim, drop the doubtful ones.

The model is a logistic regression over `chips.learning.features`, fitted by `make
train` and committed as chips/lexicons/claim_filter.json (weights by feature name, the
threshold chosen on held-out folds). Scoring is a pure-Python dot product. The model's
short hash joins the rules' version on every claim ("rules-3+filter-1a2b3c4d") and each
kept claim's confidence basis records its score, so the claim's page can say why it
was kept. Without the file, claims pass unfiltered under the rules' version alone.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from functools import cache
from itertools import repeat
from operator import mul
from pathlib import Path
from typing import Any

from chips.claims import EXTRACTOR_VERSION, Catalogue, ExtractedClaim
from chips.learning.features import article_features

MODEL_PATH = Path(__file__).resolve().parents[1] / "lexicons" / "claim_filter.json"


@dataclass(frozen=True)
class ClaimFilter:
    weights: dict[str, float]
    threshold: float
    version: str  # "filter-" + the first 8 hex digits of the JSON's sha256

    @classmethod
    def from_json(cls, text: str) -> ClaimFilter:
        data: dict[str, Any] = json.loads(text)
        digest = hashlib.sha256(text.encode()).hexdigest()[:8]
        return cls(
            weights={str(k): float(v) for k, v in data["weights"].items()},
            threshold=float(data["threshold"]),
            version=f"filter-{digest}",
        )

    def score(self, features: dict[str, float]) -> float:
        """The probability, per the model, that the claim is fully right."""
        # map() keeps the sum in C, in the features' order: the same float, bit for bit, as
        # summing weight * value name by name (a name the model lacks weighs 0.0).
        weights = map(self.weights.get, features, repeat(0.0))
        z = sum(map(mul, weights, features.values()))
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

    def keep(self, claims: list[ExtractedClaim], catalogue: Catalogue) -> list[ExtractedClaim]:
        """The claims scoring at least the threshold, each with its score in its basis."""
        kept = []
        for claim, features in zip(claims, article_features(claims, catalogue), strict=True):
            score = round(self.score(features), 3)
            if score < self.threshold:
                continue
            claim.basis["filter_score"] = score
            claim.basis["filter_threshold"] = self.threshold
            kept.append(claim)
        return kept


@cache
def load_filter(path: Path = MODEL_PATH) -> ClaimFilter | None:
    """The committed model, read once per process; None when there is none."""
    try:
        return ClaimFilter.from_json(path.read_text())
    except FileNotFoundError:
        return None


def extractor_version() -> str:
    """What found a claim: the rules' version, joined by the filter's when there is one."""
    model = load_filter()
    return f"{EXTRACTOR_VERSION}+{model.version}" if model else EXTRACTOR_VERSION


def filter_claims(claims: list[ExtractedClaim], catalogue: Catalogue) -> list[ExtractedClaim]:
    model = load_filter()
    return model.keep(claims, catalogue) if model else claims
