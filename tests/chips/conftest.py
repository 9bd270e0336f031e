"""Fixtures for chips tests: the seed catalogue as a pure (database-free) extractor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chips.claims import Catalogue, ClaimExtractor
from chips.tagging import MentionTagger, Target

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed_catalogue() -> Catalogue:
    vendors = json.loads((SEEDS / "vendors.json").read_text())
    chips = json.loads((SEEDS / "chips.json").read_text())
    entries = [
        (Target("vendor", v["slug"], v["slug"]), [v["name"], *v["aliases"]]) for v in vendors
    ]
    entries += [(Target("chip", c["slug"], c["vendor"]), [c["name"], *c["aliases"]]) for c in chips]
    return Catalogue(
        MentionTagger(entries),
        vendor_names={v["slug"]: v["name"] for v in vendors},
        chip_names={c["slug"]: c["name"] for c in chips},
        chip_vendors={c["slug"]: c["vendor"] for c in chips},
    )


@pytest.fixture(scope="session")
def extractor() -> ClaimExtractor:
    return ClaimExtractor(seed_catalogue())
