"""Vendor and chip pages read their chips (chips_with_claims), and they and home their open
disputes (open_disputes), from SQL compiled once per process (Precompiled): the rows must
be what the ORM's own query gives, field for field, converters and select_related objects
included, for whichever vendor or chip a page asks for."""

from datetime import UTC, datetime

import pytest

from chips.dashboard.conflicts import (
    HOME_DISPUTES,
    ConflictFilters,
    _newest_open,
    listed_conflicts,
    open_disputes,
)
from chips.dashboard.timelines import _described_chips, chips_with_claims
from chips.models import Chip, Claim, Conflict
from tests.factories import ChipFactory, ClaimFactory, ConflictFactory, VendorFactory

pytestmark = pytest.mark.django_db


def state(chip: Chip) -> dict:
    """Everything a chip row carries: its columns, annotations and its vendor's columns."""
    fields = {k: v for k, v in vars(chip).items() if not k.startswith("_")}
    vendor = {k: v for k, v in vars(chip.vendor).items() if not k.startswith("_")}
    return {**fields, "vendor": vendor}


@pytest.fixture
def vendor():
    vendor = VendorFactory(name="Vendor <b>&", aliases=["V & Co", "Vé"])
    described = ChipFactory(vendor=vendor, name="B chip", aliases=["B-1", "ß"], year=2024)
    ChipFactory(vendor=vendor, name="A chip")  # nothing claimed of it
    ChipFactory(name="Another vendor's chip")
    at = datetime(2025, 3, 4, 5, 6, tzinfo=UTC)
    for topic, value in [
        ("manufacturing", "SMIC"),
        ("memory", "HBM3"),
        ("availability", "sampling"),
    ]:
        ClaimFactory(vendor=vendor, chip=described, topic=topic, value=value, claimed_at=at)
    rejected = ClaimFactory(vendor=vendor, chip=described, value="TSMC")
    Claim.objects.filter(pk=rejected.pk).update(status=Claim.Status.REJECTED)
    old = datetime(2024, 1, 1, tzinfo=UTC)  # the dispute's reports are older than the rest
    ConflictFactory(
        vendor=vendor,
        chip=described,
        status=Conflict.Status.OPEN,
        claim_a__claimed_at=old,
        claim_b__claimed_at=old,
    )
    return vendor


def test_a_vendors_chips_are_the_orms_rows(vendor, django_assert_num_queries):
    expected = list(_described_chips(Chip.objects.filter(vendor=vendor)))
    with django_assert_num_queries(2):  # the chips, their contested attributes
        rows = chips_with_claims(vendor_id=vendor.pk)
    assert [c.name for c in rows] == ["A chip", "B chip"]
    assert [state(c) | {"contested": None} for c in rows] == [
        state(c) | {"contested": None} for c in expected
    ]
    described = rows[1]
    assert (described.claimed_process, described.claimed_memory) == ("SMIC", "HBM3")
    assert (described.claimed_status, described.claim_count) == ("sampling", 6)
    assert described.aliases == ["B-1", "ß"] and described.vendor.aliases == ["V & Co", "Vé"]
    assert described.created_at.tzinfo is not None
    assert set(described.contested) == {"process"}
    assert rows[0].claim_count == 0 and rows[0].claimed_process is None


def test_a_chip_by_slug_and_a_slug_no_chip_has(vendor):
    chip = Chip.objects.get(name="B chip")
    (row,) = chips_with_claims(slug=chip.slug)
    (expected,) = _described_chips(Chip.objects.filter(slug=chip.slug))
    assert state(row) | {"contested": None} == state(expected) | {"contested": None}
    assert chips_with_claims(slug="no-such-chip") == []
    assert chips_with_claims(vendor_id=VendorFactory().pk) == []


def test_only_the_lookups_it_compiled_for():
    with pytest.raises(KeyError):
        chips_with_claims(name="B chip")


# What side_stats_of adds to the rows read.
STATS = {"side_stats", "shown_a", "shown_b"}


def listed(conflicts) -> list[dict]:
    """What a list of disputes read: its columns, open_count, vendor, chip, ruling editor."""
    return [
        {k: v for k, v in vars(c).items() if not k.startswith("_") and k not in STATS}
        | {"vendor": c.vendor.name}
        | {"chip": c.chip and c.chip.name, "resolved_by": c.resolved_by}
        for c in conflicts
    ]


def test_open_disputes_are_the_orms_rows(vendor, django_assert_num_queries):
    """Home's, a vendor's and a chip's open disputes (compiled once) as the ORM reads them."""
    chip = Chip.objects.get(name="B chip")
    for n in range(6):  # more than a list shows, one of them settled
        ConflictFactory(vendor=vendor, value_b=f"N{n}", status="resolved" if n == 2 else "open")
    ConflictFactory(value_b="elsewhere")
    for kwargs, filters in [
        ({}, ConflictFilters()),
        ({"vendor": vendor}, ConflictFilters(vendor=vendor)),
        ({"chip": chip}, ConflictFilters(chip=chip)),
    ]:
        with django_assert_num_queries(3):
            rows, count = open_disputes(**kwargs)
        expected = listed_conflicts(_newest_open(filters, HOME_DISPUTES))
        assert listed(rows) == listed(expected)
        assert count == filters.apply(Conflict.objects.all()).count()
        assert all(hasattr(row, "shown_a") and row.side_stats for row in rows)
    assert open_disputes(vendor=VendorFactory()) == ([], 0)
