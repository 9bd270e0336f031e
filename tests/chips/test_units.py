"""Confidence in percent for people, as a fraction 0..1 in the database."""

import pytest
from django import forms

from chips.units import BadPercent, PercentField, as_percent, parse_confidence, percent_label


@pytest.mark.parametrize(
    ("typed", "fraction"),
    [
        ("60", 0.6),
        ("60%", 0.6),
        (" 60 % ", 0.6),
        ("57", 0.57),
        ("12.5", 0.125),
        ("100", 1.0),
        ("0", 0.0),
        ("1", 0.01),  # a person typing 1 means 1 %
        # What people typed before percent: a fraction below 1 is still that fraction.
        ("0.6", 0.6),
        ("0,6", 0.6),
        (".6", 0.6),
        ("0.6%", 0.006),
    ],
)
def test_a_typed_confidence_becomes_a_fraction(typed, fraction):
    assert parse_confidence(typed) == fraction


@pytest.mark.parametrize("typed", ["", "lots", "-5", "101", "150 %", "nan", "inf", "6 0", "1e3"])
def test_anything_else_is_refused(typed):
    with pytest.raises(BadPercent):
        parse_confidence(typed)


def test_fractions_are_shown_as_percent():
    assert as_percent(0.6) == "60"
    assert as_percent(0.125) == "12.5"
    assert as_percent(1.0) == "100"
    assert percent_label(0.734) == "73 %"
    assert percent_label(None) == "—"


class Form(forms.Form):
    confidence = PercentField(required=False)


def test_the_form_field_cleans_percent_to_a_fraction_and_explains_a_bad_value():
    def cleaned(typed: str):
        form = Form({"confidence": typed})
        assert form.is_valid()
        return form.cleaned_data["confidence"]

    assert cleaned("60") == 0.6
    assert cleaned("") is None
    bad = Form({"confidence": "200"})
    assert not bad.is_valid()
    assert bad.errors["confidence"] == ["Enter a percentage between 0 and 100, e.g. 60."]


def test_the_form_field_shows_a_stored_fraction_and_an_old_typed_fraction_in_percent():
    assert 'value="60"' in str(Form(initial={"confidence": 0.6})["confidence"])
    assert 'value="100"' in str(Form(initial={"confidence": 1.0})["confidence"])
    assert 'value="60"' in str(Form({"confidence": "0.6"})["confidence"])
    assert 'value="nonsense"' in str(Form({"confidence": "nonsense"})["confidence"])
