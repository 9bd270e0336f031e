"""The digest pages: a user's digest settings (a new address confirmed by a link first),
the confirmation and unsubscribe links, and the preview of a subscriber's next digest."""

from __future__ import annotations

import logging
import smtplib

from django import forms
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from chips.dashboard.common import in_reading_order_of_names
from chips.digests import confirmation, mail, sending, subscriptions
from chips.models import (
    Subscription,
)
from chips.units import PercentField

log = logging.getLogger(__name__)


class SubscriptionForm(forms.ModelForm):
    # Not the model's field: a new address is confirmed by a link before digests go
    # there (chips.digests.confirmation), and the form must not say whether another
    # subscription has it, as a uniqueness check would.
    email = forms.EmailField(
        help_text="A new address gets a link to confirm first; digests go there once it is opened."
    )
    min_confidence = PercentField(
        label="Min. confidence (%)",
        initial=0,
        help_text="0–100 %: leave out claims asserted less firmly than this.",
    )

    class Meta:
        model = Subscription
        fields = ["vendors", "frequency", "min_confidence", "is_active"]
        widgets = {"vendors": forms.CheckboxSelectMultiple}
        labels = {"is_active": "Send me digests"}
        help_texts = {"vendors": "Leave all unticked to hear about every vendor."}

    field_order = ["email", "vendors", "frequency", "min_confidence", "is_active"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        in_reading_order_of_names(self.fields["vendors"])
        self.fields["email"].initial = self.instance.email

    def clean_email(self) -> str:
        # Addresses are stored lower-case, so the uniqueness check must compare them so.
        return self.cleaned_data["email"].strip().lower()


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def digest_settings(request: HttpRequest) -> HttpResponse:
    """A signed-in user manages their own digest subscription; a new address is confirmed
    by a link first, and the page says the same whether or not it is subscribed already."""
    subscription = subscriptions.subscription_for_user(request.user)
    form = SubscriptionForm(
        request.POST if request.method == "POST" else None, instance=subscription
    )
    if request.method == "POST" and form.is_valid():
        change = confirmation.save_settings(request.user, subscription, form.cleaned_data)
        if change is None:
            return redirect(f"{request.path}?saved=1")
        try:
            confirmation.send_link(change, request.user)
        except (smtplib.SMTPException, OSError):
            log.exception("could not send a confirmation link")
            form.add_error("email", "The link to confirm it could not be sent; try again later.")
        else:
            return redirect(f"{request.path}?sent=1")
    context = {
        "form": form,
        "subscription": subscription,
        "saved": "saved" in request.GET,
        "sent": "sent" in request.GET,
        "confirm_days": confirmation.CONFIRM_MAX_AGE.days,
    }
    return render(request, "chips/digests.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def digest_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (mail scanners open links); POST moves the digests to the confirmed address."""
    try:
        wanted = confirmation.read_token(token)
    except signing.BadSignature:
        return render(request, "chips/digest_confirm.html", {"invalid": True}, status=400)
    if request.method == "POST":
        subscription = confirmation.confirm(token)
        return render(
            request, "chips/digest_confirm.html", {"done": True, "subscription": subscription}
        )
    return render(request, "chips/digest_confirm.html", {"wanted": wanted})


def can_preview_digests(user) -> bool:
    return user.is_active and (user.is_staff or user.has_perm("chips.view_subscription"))


@login_required
@require_safe
def digest_preview(request: HttpRequest, subscription_id: int) -> HttpResponse:
    """Editors see a subscriber's next digest as it would be sent (?period=current: the
    period in progress so far); a subscriber sees their own.

    ?part=text or ?part=html answer with that part of the email alone; the page
    shows the HTML part in an iframe loading ?part=html.
    """
    subscription = get_object_or_404(Subscription, pk=subscription_id)
    # Subscribers see their own too, so that a new one can see what a digest looks like.
    if not (can_preview_digests(request.user) or subscription.user_id == request.user.pk):
        raise PermissionDenied
    current = request.GET.get("period") == "current"
    content, message = sending.preview_digest(subscription, timezone.now(), current=current)
    part = request.GET.get("part")
    if part == "text":
        return HttpResponse(message.body, content_type="text/plain; charset=utf-8")
    if part == "html":
        return email_html_response(message.alternatives[0].content)
    context = {
        "subscription": subscription,
        "content": content,
        "message": message,
        "headers": sorted(message.extra_headers.items()),
        "current": current,
        # The other parts of the same preview keep its period.
        "period_query": "&period=current" if current else "",
    }
    return render(request, "chips/digest_preview.html", context)


# The email as its own sandboxed document: no scripts, an opaque origin (no cookies, no
# same-origin requests), nothing loaded from anywhere, styles inline as in mail clients.
# Links open in a new tab ("allow-popups"): inside the frame they would hit X-Frame-Options.
EMAIL_PREVIEW_CSP = (
    "sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'; "
    "style-src 'unsafe-inline'; frame-ancestors 'self'; form-action 'none'"
)


def email_html_response(html: str) -> HttpResponse:
    """The HTML part, framable by the preview page only, links opening outside the frame."""
    # One <base> for the preview: the sent email is left exactly as it is.
    html = html.replace("<head>", '<head>\n<base target="_blank">', 1)
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = EMAIL_PREVIEW_CSP
    # The site's X-Frame-Options middleware keeps a header that is already set.
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response


# Safe without a CSRF token: the signed token in the URL is the credential,
# and RFC 8058 one-click POSTs from mail clients carry no cookie or token.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def digest_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for confirmation (no change); POST unsubscribes, also as RFC 8058 one-click."""
    try:
        subscription_id = mail.subscription_for_token(token)
    except signing.BadSignature:
        return render(request, "chips/digest_unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        subscription = mail.unsubscribe(token)
        return render(
            request, "chips/digest_unsubscribe.html", {"done": True, "subscription": subscription}
        )
    subscription = Subscription.objects.filter(pk=subscription_id).first()
    return render(request, "chips/digest_unsubscribe.html", {"subscription": subscription})
