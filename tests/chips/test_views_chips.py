"""A chip's page: what is known and claimed, and its own timeline."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ChipFactory, ClaimFactory, ConflictFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def chip(db):
    return ChipFactory(slug="zeta-1", name="Zeta 1", process="TSMC N7")


def test_it_shows_the_chip_its_claimed_facts_and_its_claims(client, chip):
    ClaimFactory(
        vendor=chip.vendor, chip=chip, topic="manufacturing", value="SMIC", statement="On SMIC"
    )
    ClaimFactory(vendor=chip.vendor, statement="Not about the chip")
    page = client.get("/chips/zeta-1/").content.decode()
    assert "Zeta 1" in page and "TSMC N7" in page
    assert "On SMIC" in page and "Not about the chip" not in page


def test_a_chip_timeline_has_no_chip_filter_but_filters_by_topic(client, chip):
    ClaimFactory(vendor=chip.vendor, chip=chip, topic="memory", statement="Memory claim")
    ClaimFactory(vendor=chip.vendor, chip=chip, topic="business", statement="Business claim")
    response = client.get("/chips/zeta-1/?topic=memory", **HTMX)
    page = response.content.decode()
    assert 'name="chip"' not in page
    assert "Memory claim" in page and "Business claim" not in page and "<html" not in page


def test_the_seeded_chip_pages_render(client, seeded):
    assert "Hanguang 800" in client.get("/chips/hanguang-800/").content.decode()


def test_an_unknown_chip_is_not_found(client, db):
    assert client.get("/chips/nope/").status_code == 404


def test_the_chip_page_runs_as_many_queries_with_much_more_data(count_queries, chip):
    ClaimFactory(vendor=chip.vendor, chip=chip)
    few = count_queries("/chips/zeta-1/")
    for _ in range(30):
        ClaimFactory(vendor=chip.vendor, chip=chip, topic="memory", value="HBM3")
    assert count_queries("/chips/zeta-1/") == few


def test_the_chip_page_says_its_process_is_contested(client, chip):
    dispute = ConflictFactory(vendor=chip.vendor, chip=chip, topic="manufacturing")
    page = client.get("/chips/zeta-1/").content.decode()
    facts = page[page.index('id="facts-heading"') :]
    process = facts[facts.index("<dt>Process</dt>") : facts.index("<dt>Memory</dt>")]
    assert f'href="/conflicts/{dispute.pk}/"' in process and "SMIC vs TSMC" in process


def test_also_known_as_leaves_out_the_chips_own_name(client, db):
    ChipFactory(slug="a910c", name="Ascend 910C", aliases=["Ascend 910C", "910C", "昇腾910C"])
    page = client.get("/chips/a910c/").content.decode()
    assert "<dt>Also known as</dt><dd>910C, 昇腾910C</dd>" in page


def test_the_chip_page_reads_its_chip_once(client, chip):
    ClaimFactory(vendor=chip.vendor, chip=chip, topic="memory", value="HBM3")
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/chips/zeta-1/").content.decode()
    assert "HBM3" in page
    sqls = [q["sql"] for q in captured.captured_queries]
    assert len([sql for sql in sqls if sql.startswith('SELECT "chips_chip"')]) == 1


def test_an_unknown_chips_timeline_is_not_found_either(client, db):
    assert client.get("/chips/nope/", HTTP_HX_REQUEST="true").status_code == 404
