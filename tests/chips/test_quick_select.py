"""A filter's <select> is written in Python (chips.dashboard.paging.QuickSelect): it must
say what Django's own Select template says, whitespace aside."""

import re

import pytest
from django import forms

from chips.dashboard.paging import FilterForm, QuickSelect
from newsfeed.models import Source


def without_layout(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


class Filters(FilterForm):
    topic = forms.ChoiceField(
        choices=[("", "Any topic"), ("memory", "Memory & HBM"), ('x"<', "Odd <b>")],
        required=False,
    )
    grouped = forms.ChoiceField(
        choices=[("", "Any"), ("Fabs", [("smic", "SMIC"), ("tsmc", "TSMC")])], required=False
    )
    picked = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])


@pytest.mark.parametrize(
    "data",
    [{}, {"topic": "memory", "grouped": "tsmc", "picked": "b"}, {"topic": "nonsense"}],
)
def test_a_filter_select_says_what_djangos_select_says(data):
    form = Filters(data)
    form.is_valid()  # errors add aria-invalid: both must write it
    for name in ("topic", "grouped", "picked"):
        quick = str(form[name])
        assert isinstance(form.fields[name].widget, QuickSelect)
        form.fields[name].widget.__class__ = forms.Select
        assert without_layout(quick) == without_layout(str(form[name]))
        form.fields[name].widget.__class__ = QuickSelect


def test_labels_and_values_are_escaped():
    html = str(Filters({"topic": 'x"<'})["topic"])
    assert "Odd &lt;b&gt;" in html
    assert 'value="x&quot;&lt;" selected' in html


@pytest.mark.django_db
def test_a_filters_model_choices_are_read_in_one_query_not_through_a_cursor(monkeypatch):
    # QuerySet.iterator() is a server-side cursor on PostgreSQL: three round trips.
    from django.db.models.query import QuerySet

    from tests.factories import SourceFactory

    SourceFactory(name="Reuters")

    class Sources(FilterForm):
        source = forms.ModelChoiceField(
            queryset=Source.objects.order_by("name"), required=False, empty_label="Any source"
        )

    def no_cursor(self, *args, **kwargs):
        raise AssertionError("read through QuerySet.iterator()")

    monkeypatch.setattr(QuerySet, "iterator", no_cursor)
    html = str(Sources({})["source"])
    assert '<option value="" selected>Any source</option>' in html and "Reuters" in html
