"""Confidence as people read it: a percentage.

Claims and subscriptions keep confidence as a fraction (0..1) in the database
and in `export`; everything a person reads or types uses percent. Input is
forgiving so old links and habits keep working: "60", "60%" and "60 %" are
60 %, and a number below 1 ("0.6", "0,6") is still read as the fraction it
always was. So "1" means 1 %, not 100 %.
"""

from __future__ import annotations

import math
import re

from django import forms

_NUMBER = re.compile(r"^\s*([0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)\s*(%?)\s*$")


class BadPercent(ValueError):
    """Text that is not a confidence between 0 and 100 %."""


def parse_confidence(text: str) -> float:
    """A confidence typed by a person, as a fraction 0..1.

    >>> parse_confidence("60"), parse_confidence("60 %"), parse_confidence("0.6")
    (0.6, 0.6, 0.6)
    """
    match = _NUMBER.match(str(text))
    if match is None:
        raise BadPercent(f"{text!r} is not a percentage")
    number = float(match.group(1).replace(",", "."))
    if not math.isfinite(number):
        raise BadPercent(f"{text!r} is not a percentage")
    fraction = number / 100 if match.group(2) or number >= 1 else number
    if not 0 <= fraction <= 1:
        raise BadPercent(f"{text!r} is more than 100 %")
    # 57 % must stay 0.57, not 0.5700000000000001, so that it compares as typed.
    return round(fraction, 6)


def as_percent(fraction: float | None) -> str:
    """0.6 → "60"; 0.125 → "12.5": a fraction as the number a person would type."""
    if fraction is None:
        return ""
    value = round(float(fraction) * 100, 1)
    return f"{value:g}"


def percent_label(fraction: float | None) -> str:
    """0.73 → "73 %" for reading (whole percent; confidence is not that precise)."""
    if fraction is None:
        return "—"
    return f"{round(float(fraction) * 100)} %"


class PercentField(forms.Field):
    """A confidence typed in percent (0–100); cleans to a fraction 0..1.

    Shows a stored fraction as percent, and accepts the forms parse_confidence does.
    """

    default_error_messages = {
        "invalid": "Enter a percentage between 0 and 100, e.g. 60.",
    }

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault(
            "widget",
            forms.NumberInput(attrs={"min": "0", "max": "100", "step": "any"}),
        )
        super().__init__(**kwargs)

    def widget_attrs(self, widget) -> dict:
        attrs = super().widget_attrs(widget)
        attrs.setdefault("inputmode", "decimal")
        return attrs

    def prepare_value(self, value):
        # A bound form shows what was typed, in percent; an unbound one its stored fraction.
        if value in (None, ""):
            return ""
        if isinstance(value, int | float):
            return as_percent(value)  # a stored fraction (the initial value)
        try:
            return as_percent(parse_confidence(value))
        except BadPercent:
            return value

    def to_python(self, value) -> float | None:
        if value in self.empty_values:
            return None
        try:
            return parse_confidence(value)
        except BadPercent:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
