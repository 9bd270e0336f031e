from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from chips import digests
from chips.dashboard import home_summary
from chips.forms import SubscriptionForm
from chips.models import Subscription


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "chips/home.html", {"summary": home_summary()})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def digest_settings(request: HttpRequest) -> HttpResponse:
    """A signed-in user manages their own digest subscription."""
    subscription = digests.subscription_for_user(request.user)
    form = SubscriptionForm(
        request.POST if request.method == "POST" else None, instance=subscription
    )
    if request.method == "POST" and form.is_valid():
        form.instance.user = request.user
        form.save()
        return redirect(f"{request.path}?saved=1")
    context = {"form": form, "subscription": subscription, "saved": "saved" in request.GET}
    return render(request, "chips/digests.html", context)


def can_preview_digests(user) -> bool:
    return user.is_active and (user.is_staff or user.has_perm("chips.view_subscription"))


@login_required
@require_safe
def digest_preview(request: HttpRequest, subscription_id: int) -> HttpResponse:
    """Editors see a subscriber's next digest as it would be sent.

    ?part=text or ?part=html answer with that part of the email alone.
    """
    if not can_preview_digests(request.user):
        raise PermissionDenied
    subscription = get_object_or_404(Subscription, pk=subscription_id)
    content, message = digests.preview_digest(subscription, timezone.now())
    html = message.alternatives[0].content
    part = request.GET.get("part")
    if part == "text":
        return HttpResponse(message.body, content_type="text/plain; charset=utf-8")
    if part == "html":
        return HttpResponse(html)
    context = {
        "subscription": subscription,
        "content": content,
        "message": message,
        "headers": sorted(message.extra_headers.items()),
        "html": html,
    }
    return render(request, "chips/digest_preview.html", context)


# Safe without a CSRF token: the signed token in the URL is the credential,
# and RFC 8058 one-click POSTs from mail clients carry no cookie or token.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def digest_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for confirmation (no change); POST unsubscribes, also as RFC 8058 one-click."""
    try:
        subscription_id = digests.subscription_for_token(token)
    except signing.BadSignature:
        return render(request, "chips/digest_unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        subscription = digests.unsubscribe(token)
        return render(
            request, "chips/digest_unsubscribe.html", {"done": True, "subscription": subscription}
        )
    subscription = Subscription.objects.filter(pk=subscription_id).first()
    return render(request, "chips/digest_unsubscribe.html", {"subscription": subscription})
