"""Subscribing an address (the subscribe command) and finding a signed-in user's subscription."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from chips.models import (
    DigestFrequency,
    Subscription,
    Vendor,
)


def closest_vendor(
    typed: str, names: dict[str, str], aliases: dict[str, list[str]] | None = None
) -> str | None:
    """The slug of the vendor `typed` most likely meant ("hauwei" → "huawei"), or None.

    Compares case-insensitively against each vendor's slug, name and aliases.
    """
    spellings: dict[str, str] = {}
    for slug, name in names.items():
        for spelling in (slug, name, *((aliases or {}).get(slug) or [])):
            spellings.setdefault(str(spelling).casefold(), slug)
    match = difflib.get_close_matches(typed.casefold(), list(spellings), n=1, cutoff=0.75)
    return spellings[match[0]] if match else None


def subscribe(
    email: str,
    vendor_slugs: Iterable[str] = (),
    frequency: str | None = None,
    min_confidence: float | None = None,
) -> tuple[Subscription, bool]:
    """Create or update the subscription of an address (re-activating it). No vendors = all.

    Raises ValidationError for a bad address, unknown vendor slugs, a bad
    frequency or a confidence outside 0..1; nothing is saved then.
    """
    email = email.strip().lower()
    validate_email(email)
    slugs = sorted(set(vendor_slugs))
    vendors = list(Vendor.objects.filter(slug__in=slugs))
    unknown = sorted(set(slugs) - {v.slug for v in vendors})
    if unknown:
        rows = Vendor.objects.values_list("slug", "name", "aliases")
        names = {slug: name for slug, name, _ in rows}
        aliases = {slug: spellings for slug, _, spellings in rows}
        described = []
        for slug in unknown:
            guess = closest_vendor(slug, names, aliases)
            described.append(f"{slug} (did you mean {guess}?)" if guess else slug)
        raise ValidationError(f"unknown vendor(s): {', '.join(described)}")
    if frequency is not None and frequency not in DigestFrequency.values:
        raise ValidationError(f"frequency must be daily or weekly, not {frequency!r}")
    if min_confidence is not None and not 0 <= min_confidence <= 1:
        raise ValidationError("min confidence must be between 0 and 1")
    with transaction.atomic():
        subscription, created = Subscription.objects.get_or_create(email=email)
        if frequency is not None:
            subscription.frequency = frequency
        if min_confidence is not None:
            subscription.min_confidence = min_confidence
        subscription.is_active = True
        subscription.save()
        subscription.vendors.set(vendors)
    return subscription, created


def subscription_for_user(user: AbstractBaseUser) -> Subscription:
    """The signed-in user's subscription: theirs, one made for their address, or a new one.

    The new one is not saved until the user submits the form.
    """
    existing = Subscription.objects.filter(user=user).first()
    if existing is None and user.email:
        existing = Subscription.objects.filter(email=user.email.lower(), user__isnull=True).first()
    return existing or Subscription(user=user, email=(user.email or "").strip().lower())
