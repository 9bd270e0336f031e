"""Fixtures for chips tests: the seed catalogue as a pure (database-free) extractor,
users by role and query counting for the dashboard's views."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chips.claims import Catalogue, ClaimExtractor
from chips.tagging import MentionTagger, Target
from tests.factories import UserFactory

EDITOR_PERMISSIONS = ["chips.change_claim", "chips.change_conflict"]
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
        vendor_kinds={v["slug"]: v.get("kind", "designer") for v in vendors},
        vendor_countries={v["slug"]: v["country"] for v in vendors if v.get("country")},
    )


@pytest.fixture(scope="session")
def extractor() -> ClaimExtractor:
    return ClaimExtractor(seed_catalogue())


@pytest.fixture
def viewer(db):
    return UserFactory(username="viewer")


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", permissions=EDITOR_PERMISSIONS)


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def count_queries(client) -> Callable[..., int]:
    """Requests a page (asserting 200) and returns how many SQL queries it ran."""
    from chips.dashboard.paging import forget_choices

    def count(url: str, **headers) -> int:
        # The worst case: no filter option list kept from an earlier request.
        forget_choices()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, **headers)
        assert response.status_code == 200, response.content[:500]
        return len(captured)

    return count
