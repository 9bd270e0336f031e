"""The digest as an email: its text and HTML parts (templates/chips/email/digest.txt and
digest.html), headers, and the signed one-click unsubscribe link."""

from __future__ import annotations

from datetime import timedelta
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from chips.digests.content import (
    DigestContent,
)
from chips.models import (
    Subscription,
)

UNSUBSCRIBE_SALT = "chips.unsubscribe"
# A digest may be read long after it arrives; its unsubscribe link should still work.
UNSUBSCRIBE_MAX_AGE = timedelta(days=400)


def site_link(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def unsubscribe_token(subscription: Subscription) -> str:
    return signing.dumps(subscription.pk, salt=UNSUBSCRIBE_SALT)


def subscription_for_token(token: str) -> int:
    """The subscription id a token was made for; signing.BadSignature when tampered or expired."""
    value = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    if not isinstance(value, int):
        raise signing.BadSignature("not an unsubscribe token")
    return value


def unsubscribe(token: str) -> Subscription | None:
    """Stop the digests a token was made for (idempotent). None when it no longer exists."""
    subscription = Subscription.objects.filter(pk=subscription_for_token(token)).first()
    if subscription is not None and subscription.is_active:
        Subscription.objects.filter(pk=subscription.pk).update(is_active=False)
        subscription.is_active = False
    return subscription


def unsubscribe_url(subscription: Subscription) -> str:
    return site_link(reverse("chips:digest_unsubscribe", args=[unsubscribe_token(subscription)]))


def email_context(subscription: Subscription, content: DigestContent) -> dict:
    return {
        "subscription": subscription,
        "content": content,
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe_url(subscription),
        "manage_url": site_link(reverse("chips:digests")),
        "conflicts_url": site_link(reverse("chips:conflict_list")),
    }


def render_digest(subscription: Subscription, content: DigestContent) -> EmailMultiAlternatives:
    """The digest as a multipart email (plain text and HTML) with one-click unsubscribe headers."""
    context = email_context(subscription, content)
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    message = EmailMultiAlternatives(
        subject=content.subject,
        body=render_to_string("chips/email/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.email],
        headers={
            "Message-ID": make_msgid("digest", domain=host),
            # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" to the URL.
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(render_to_string("chips/email/digest.html", context), "text/html")
    return message
