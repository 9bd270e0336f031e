"""The tags' dates (chipwatch._day) read as the date filter's "j M Y" wrote them, in
every month and in the active language."""

from datetime import UTC, datetime

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import translation

from chips.templatetags.chipwatch import _day


@pytest.mark.parametrize("language", ["en-us", "fr", "de"])
def test_every_month_reads_as_the_date_filter_wrote_it(language):
    with translation.override(language):
        for month in range(1, 13):
            moment = datetime(2026, month, 4 if month % 2 else 28, 23, 30, tzinfo=UTC)
            assert _day(moment) == date_filter(moment, "j M Y")
