"""Filter forms keep whole-table option lists (vendors, chips, outlets) per process
(chips.dashboard.paging.remember_choices): read once, read again when this process
changes the table or after CHOICES_TTL seconds (another process's change)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chips.dashboard import paging
from chips.models import Vendor
from tests.factories import ChipFactory, SourceFactory, VendorFactory

pytestmark = pytest.mark.django_db


def vendor_options(page: str) -> str:
    return page[page.index('<select name="vendor"') : page.index('<select name="chip"')]


def test_a_second_board_view_reads_no_vendor_or_chip_list(client, db):
    ChipFactory()

    def queries() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/conflicts/").status_code == 200
        return [q["sql"] for q in captured.captured_queries]

    first, second = queries(), queries()
    assert len(second) == len(first) - 2
    assert not any('FROM "chips_vendor"' in sql or 'FROM "chips_chip"' in sql for sql in second)


def test_a_vendor_saved_here_shows_at_once(client, db):
    VendorFactory(name="Acme")
    assert "Newco" not in vendor_options(client.get("/conflicts/").content.decode())
    VendorFactory(name="Newco")
    assert "Newco" in vendor_options(client.get("/conflicts/").content.decode())
    Vendor.objects.get(name="Newco").delete()
    assert "Newco" not in vendor_options(client.get("/conflicts/").content.decode())


def test_a_change_no_signal_tells_shows_after_the_ttl(client, db, monkeypatch):
    vendor = VendorFactory(name="Acme")
    client.get("/conflicts/")
    Vendor.objects.filter(pk=vendor.pk).update(name="Renamed")  # as another process would
    assert "Renamed" not in vendor_options(client.get("/conflicts/").content.decode())
    monkeypatch.setattr(paging, "CHOICES_TTL", -1.0)
    assert "Renamed" in vendor_options(client.get("/conflicts/").content.decode())


def test_the_selected_option_is_marked_in_a_kept_list(client, db):
    vendor = VendorFactory(name="Acme", slug="acme")
    client.get("/conflicts/")
    page = client.get("/conflicts/?vendor=acme").content.decode()
    assert f'<option value="{vendor.slug}" selected>Acme</option>' in page


def test_the_timelines_outlet_list_is_kept_too(client, db):
    vendor = VendorFactory(slug="acme")
    SourceFactory(name="Reuters")
    assert "Reuters" in client.get("/vendors/acme/").content.decode()
    SourceFactory(name="Nikkei")
    page = client.get(f"/vendors/{vendor.slug}/").content.decode()
    assert "Reuters" in page and "Nikkei" in page
