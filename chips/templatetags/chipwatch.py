"""Small display helpers for the dashboard templates."""

from __future__ import annotations

from urllib.parse import quote

from django import template
from django.urls import get_script_prefix, reverse

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


# A route's URL split around its one argument, per (route, script prefix): a page links to
# a hundred claims and articles, and reverse() matching each one cost more than the rest
# of its row. The mark fits the int and slug converters and no route's own text.
_URL_MARK = "8123456789"
_url_parts: dict[tuple[str, str], tuple[str, str]] = {}


@register.filter
def detail_url(value, route: str) -> str:
    """{{ claim.pk|detail_url:"chips:claim_detail" }}: reverse(route, args=[value]), the
    route matched once per process rather than once per link."""
    key = (route, get_script_prefix())
    if (parts := _url_parts.get(key)) is None:
        head, _, tail = reverse(route, args=[_URL_MARK]).partition(_URL_MARK)
        parts = _url_parts[key] = (head, tail)
    return f"{parts[0]}{quote(str(value), safe='')}{parts[1]}"
