"""A filter's <select> is written in Python (chips.dashboard.paging.QuickSelect): it must
say what Django's own Select template says, whitespace aside."""

import re

import pytest
from django import forms

from chips.dashboard.paging import FilterForm, QuickSelect


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
