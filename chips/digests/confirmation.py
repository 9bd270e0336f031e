"""Digests go only to addresses their owner confirmed.

A signed-in user's digest settings (vendors, frequency, confidence, on/off) are
saved at once, but a new address is not: ChipWatch emails it a signed link
(django.core.signing, valid CONFIRM_MAX_AGE) and moves the digests there only
when the link is opened and confirmed. Until then `Subscription.email` keeps
the address already proven, so `Subscription.email` is always one its owner
can read.

Trusted without a link: the subscription's current address, and the user's
account address when no other subscription holds it (administrators set account
addresses; users cannot change them here).

The settings page answers the same whether or not an address is already
subscribed, so it cannot be used to find out who gets digests. Whoever
confirms an address owns its digests: a subscription another account held for
it moves to the confirming account.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from chips.models import Subscription, Vendor

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

CONFIRM_SALT = "chips.digests.confirm-email"
CONFIRM_MAX_AGE = timedelta(days=3)
SETTINGS_FIELDS = ("frequency", "min_confidence", "is_active")


@dataclass(frozen=True)
class EmailChange:
    """An address waiting for its owner to open the link sent to it."""

    email: str
    token: str

    @property
    def url(self) -> str:
        return f"{settings.SITE_URL}{reverse('chips:digest_confirm', args=[self.token])}"


@dataclass(frozen=True)
class Confirmation:
    """What a valid link asks for: `email` to receive `user`'s digests."""

    user: AbstractBaseUser
    email: str
    settings: dict[str, Any]


def _is_trusted(user: AbstractBaseUser, subscription: Subscription, email: str) -> bool:
    if subscription.pk and email == subscription.email:
        return True
    account = (getattr(user, "email", "") or "").strip().lower()
    if email != account:
        return False
    # The account's own address, unless another subscription has it: taking that
    # over needs the link, like any other address.
    return not Subscription.objects.filter(email=email).exclude(pk=subscription.pk).exists()


def _settings_of(data: dict[str, Any]) -> dict[str, Any]:
    chosen = {name: data[name] for name in SETTINGS_FIELDS if name in data}
    chosen["vendors"] = sorted(v.pk for v in data.get("vendors") or [])
    return chosen


def _apply(subscription: Subscription, chosen: dict[str, Any]) -> None:
    for name in SETTINGS_FIELDS:
        if name in chosen:
            setattr(subscription, name, chosen[name])
    subscription.save()
    subscription.vendors.set(Vendor.objects.filter(pk__in=chosen.get("vendors", [])))


def save_settings(
    user: AbstractBaseUser, subscription: Subscription, data: dict[str, Any]
) -> EmailChange | None:
    """Save the user's digest settings; a new address only gets a link (returned) to confirm.

    `data` is a SubscriptionForm's cleaned_data. A user without a subscription and
    with an address to confirm gets none yet: their settings travel in the link.
    """
    email = data["email"]
    chosen = _settings_of(data)
    trusted = _is_trusted(user, subscription, email)
    with transaction.atomic():
        if subscription.pk or trusted:
            subscription.user = user
            if trusted:
                subscription.email = email
            _apply(subscription, chosen)
    if trusted:
        return None
    token = signing.dumps({"u": user.pk, "e": email, "s": chosen}, salt=CONFIRM_SALT)
    return EmailChange(email=email, token=token)


def read_token(token: str) -> Confirmation:
    """What the link asks for; signing.BadSignature when damaged, expired or for a lost user."""
    data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    try:
        user = get_user_model().objects.get(pk=data["u"], is_active=True)
        return Confirmation(user=user, email=str(data["e"]), settings=dict(data["s"]))
    except (KeyError, TypeError, ValueError, get_user_model().DoesNotExist):
        raise signing.BadSignature("not a confirmation link for an active account") from None


def confirm(token: str) -> Subscription:
    """Send the user's digests to the confirmed address (idempotent)."""
    wanted = read_token(token)
    with transaction.atomic():
        mine = Subscription.objects.select_for_update().filter(user=wanted.user).first()
        holder = Subscription.objects.select_for_update().filter(email=wanted.email).first()
        if holder is not None and holder != mine:
            if mine is None:
                # The address's subscription (made by `subscribe`, or another account's)
                # becomes this user's, with the settings they chose.
                holder.user = wanted.user
                _apply(holder, wanted.settings)
                return holder
            holder.delete()
        if mine is None:
            mine = Subscription(user=wanted.user, email=wanted.email)
            _apply(mine, wanted.settings)
            return mine
        mine.email = wanted.email
        mine.save(update_fields=["email"])
        return mine


def send_link(change: EmailChange, user: AbstractBaseUser) -> None:
    """Email the confirmation link to the new address (raises on an SMTP failure)."""
    context = {
        "url": change.url,
        "username": user.get_username(),
        "days": CONFIRM_MAX_AGE.days,
        "site_url": settings.SITE_URL,
    }
    send_mail(
        subject="Confirm your address for ChipWatch digests",
        message=render_to_string("chips/email/confirm_address.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[change.email],
    )
