"""Helpers shared by the extractor's spec tests: a body's claims and how to compare them."""

from __future__ import annotations

from collections.abc import Iterable

from chips.claims import ClaimExtractor, ExtractedClaim


def body(extractor: ClaimExtractor, text: str, title: str = "A chip story") -> list[ExtractedClaim]:
    """The claims of an article's body (its headline's claims left out)."""
    return [c for c in extractor.extract(title, text, 0.7) if not c.headline]


def keys(claims: Iterable[ExtractedClaim]) -> set[tuple[str, str | None, str, str, str]]:
    """Each claim as (vendor, chip, topic, polarity, value)."""
    return {(c.vendor, c.chip, c.topic, c.polarity, c.value) for c in claims}


def topics(claims: Iterable[ExtractedClaim]) -> set[str]:
    return {c.topic for c in claims}


def business(claims: Iterable[ExtractedClaim]) -> set[tuple[str, str, str]]:
    """The business claims as (vendor, polarity, value)."""
    return {(c.vendor, c.polarity, c.value) for c in claims if c.topic == "business"}
