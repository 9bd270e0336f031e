"""Small display helpers for the dashboard templates."""

from __future__ import annotations

from django import template

from chips.names import fold
from chips.units import percent_label
from newsfeed.problems import explain

register = template.Library()


@register.filter
def corroborations(claim) -> str:
    """How many independent sources back the claim, or a dash while that is not counted."""
    value = getattr(claim, "corroborations", None)
    return "—" if value is None else str(value)


@register.filter
def percent(value) -> str:
    """0.73 → "73 %"; confidence reads better as a percentage (chips.units)."""
    try:
        return percent_label(float(value))
    except (TypeError, ValueError):
        return "—"


@register.filter
def http_url(value) -> str:
    """The URL if it is http(s), else "": a feed's link must never become javascript: or file:."""
    url = str(value or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else ""


@register.filter
def fetch_problem(message) -> str:
    """A stored fetch error in words ("name not found: …" rather than "[Errno -2] …")."""
    return explain(str(message or "")).text


@register.filter
def other_names(obj) -> list[str]:
    """A vendor's or chip's aliases without its own name and without repeats that differ
    only in case or accents ("Huawei", "Hisilicon" beside "HiSilicon")."""
    seen = {fold(obj.name)}
    names = []
    for alias in obj.aliases or []:
        key = fold(str(alias))
        if key and key not in seen:
            seen.add(key)
            names.append(str(alias))
    return names


@register.simple_tag
def next_page_url(base: str, form, cursor: str) -> str:
    """Where "load more" leads: every list's next-page URL is built by FilterForm.page_url."""
    return form.page_url(base, cursor)
