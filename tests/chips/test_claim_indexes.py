"""Claim indexes (issue 13): every index is work on each claim inserted, so an index another
one already serves is dropped (migration 0017_claim_indexes_covered), and every lookup it
served still finds its rows through an index, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from django.utils import timezone

from chips.dashboard.search import run_search
from chips.models import Chip, Claim, Vendor
from newsfeed.models import Article
from tests.migrating import apps_before, migrate

# The lookups the dropped indexes answered, by their leading columns.
LOOKUPS = [("article_id",), ("vendor_id",), ("chip_id",), ("vendor_id", "topic")]
DROPPED = [
    "chips_claim_article_id_cccc754e",
    "chips_claim_vendor_id_c7a33be0",
    "chips_claim_chip_id_cbf11fc9",
    "claim_vendor_topic_idx",
]


def claim_indexes() -> dict[str, list[str]]:
    """Columns of every index (unique constraints included) on chips_claim, by name."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Claim._meta.db_table)
    return {
        name: info["columns"]
        for name, info in found.items()
        if (info["index"] or info["unique"]) and info["columns"]
    }


def test_the_covered_indexes_are_gone(db):
    assert not set(DROPPED) & set(claim_indexes())


@pytest.mark.parametrize("columns", LOOKUPS)
def test_every_lookup_they_served_starts_another_index(db, columns):
    assert any(tuple(indexed[: len(columns)]) == columns for indexed in claim_indexes().values()), (
        columns
    )


def test_no_column_has_two_indexes_that_start_alike(db):
    """An index that is the start of another (same leading columns) is dead weight."""
    indexes = list(claim_indexes().items())
    for name, columns in indexes:
        for other, longer in indexes:
            if other != name and len(longer) > len(columns):
                assert longer[: len(columns)] != columns, (name, other)


@pytest.fixture
def claims(db) -> Iterator[Claim]:
    vendor = Vendor.objects.create(slug="huawei", name="Huawei")
    chip = Chip.objects.create(vendor=vendor, slug="ascend-910c", name="Ascend 910C")
    article = Article.objects.create(url="https://example.com/a", title="A")
    made = Claim.objects.create(
        article=article,
        vendor=vendor,
        chip=chip,
        topic="manufacturing",
        value="SMIC",
        statement="Made by SMIC",
        quote="The chip is made by SMIC.",
        confidence=0.7,
    )
    yield made


def plan(queryset) -> str:
    """The database's plan, sequential scans ruled out on PostgreSQL (a test's few rows
    would rather be read whole): whether an index can answer at all."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset.explain()


@pytest.mark.parametrize(
    "lookup",
    [
        lambda c: {"article_id": c.article_id},
        lambda c: {"vendor_id": c.vendor_id},
        lambda c: {"chip_id": c.chip_id},
        lambda c: {"vendor_id": c.vendor_id, "topic": c.topic},
    ],
    ids=["article", "vendor", "chip", "vendor-topic"],
)
def test_the_lookups_search_an_index(claims, lookup):
    text = plan(Claim.objects.filter(**lookup(claims)).order_by().values_list("pk"))
    if connection.vendor == "sqlite":
        assert "SEARCH chips_claim USING" in text and "INDEX" in text, text
    else:
        assert "Index" in text and "Seq Scan" not in text, text


# --- the migration -----------------------------------------------------------------------


def triggers() -> set[str]:
    """SQLite's triggers on chips_claim (full text, tallies); PostgreSQL's by name."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [Claim._meta.db_table],
            )
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [Claim._meta.db_table],
            )
        return {row[0] for row in cursor.fetchall()}


BEFORE = [("chips", "0016_assertion_outlets")]
AFTER = [("chips", "0017_claim_indexes_covered")]


@pytest.fixture
def old_apps(transactional_db):
    yield from apps_before(BEFORE)


def test_the_migration_keeps_the_table_its_rows_and_its_triggers(old_apps):
    """The indexes go by name: rebuilding chips_claim (what AlterField does on SQLite)
    would drop the full-text and tally triggers with the old table."""
    Vendor_ = old_apps.get_model("chips", "Vendor")
    Claim_ = old_apps.get_model("chips", "Claim")
    Article_ = old_apps.get_model("newsfeed", "Article")
    vendor = Vendor_.objects.create(slug="huawei", name="Huawei")
    article = Article_.objects.create(url="https://example.com/1", title="Story")
    Claim_.objects.create(
        article=article,
        vendor=vendor,
        topic="manufacturing",
        value="SMIC",
        statement="Made by SMIC",
        quote="Kirin chips are made by SMIC.",
        confidence=0.5,
        fingerprint="fp1",
        claimed_at=timezone.now(),
    )
    assert set(DROPPED) <= set(claim_indexes())
    kept = triggers()
    if connection.vendor == "sqlite":
        assert {"chips_claim_fts_ai", "chips_claim_fts_ad"} <= kept

    migrate(AFTER)
    assert not set(DROPPED) & set(claim_indexes())
    assert Claim.objects.count() == 1
    later = Claim.objects.create(
        article_id=article.pk,
        vendor_id=vendor.pk,
        topic="manufacturing",
        value="TSMC",
        statement="Made by TSMC",
        quote="Earlier Kirin chips came from TSMC.",
        confidence=0.5,
        claimed_at=timezone.now(),
    )
    # Search still finds the claims (SQLite: through the FTS table its triggers fill).
    found = {hit.claim.pk for hit in run_search("Kirin").claims}
    assert later.pk in found and len(found) == 2
    assert triggers() == kept

    migrate(BEFORE)
    assert set(DROPPED) <= set(claim_indexes())
