"""Dashboard pages: parse the request, call one function of chips.dashboard, render.

A page answers an htmx request with just the partial that changes; a normal
request (a shared link, a reload, htmx restoring history) gets the whole page.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from chips import confidence, conflicts, dashboard, digests, email_confirmation
from chips.dashboard import Cursor
from chips.forms import (
    REOPEN,
    ConflictFilterForm,
    FilterForm,
    ResolveConflictForm,
    SearchForm,
    SubscriptionForm,
    TimelineFilterForm,
    VerdictForm,
)
from chips.models import Claim, Subscription

log = logging.getLogger(__name__)

EDIT_CLAIMS = "chips.change_claim"
EDIT_CONFLICTS = "chips.change_conflict"


def reader_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A read-only dashboard page: GET/HEAD only, varies on HX-Request, and asks
    for a sign-in when DASHBOARD_REQUIRE_LOGIN is set (checked per request)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if settings.DASHBOARD_REQUIRE_LOGIN and not request.user.is_authenticated:
            if request.htmx:
                # A fragment request (say the feeds table polling after the
                # session ended) must not swap the login form into the page.
                return HttpResponseClientRedirect(redirect_to_login(request.get_full_path()).url)
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return require_safe(vary_on_headers("HX-Request")(wrapped))


def wants_partial(request: HttpRequest) -> bool:
    """htmx swapping part of the page (not restoring a page missing from its history cache)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


class BadInput(BadRequest):
    """A request a page cannot answer; its message is shown to the user as it is."""


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: the message in the site's layout, or alone for htmx to swap in."""
    if isinstance(exception, BadInput):
        message = str(exception)
    else:
        message = "ChipWatch could not make sense of this request."
    context = {"message": message}
    # Middleware that failed early (a bad Host header) may have left no request.htmx.
    htmx = getattr(request, "htmx", None)
    template = "400.html#message" if htmx and not htmx.history_restore_request else "400.html"
    return render(request, template, context, status=400)


def page_cursor(form: FilterForm) -> Cursor | None:
    """Where "load more" continues; a broken link gets a 400 rather than a wrong page."""
    form.is_valid()
    if "after" in form.errors:
        raise BadInput(" ".join(form.errors["after"]))
    return form.cursor()


def _can(request: HttpRequest) -> dict[str, bool]:
    return {
        "can_edit_claims": request.user.has_perm(EDIT_CLAIMS),
        "can_edit_conflicts": request.user.has_perm(EDIT_CONFLICTS),
    }


@reader_view
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "chips/home.html", {"summary": dashboard.home_summary()})


@reader_view
def vendor_list(request: HttpRequest) -> HttpResponse:
    return render(request, "chips/vendor_list.html", {"vendors": dashboard.vendor_index()})


@reader_view
def vendor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    vendor = dashboard.get_vendor(slug)
    form = TimelineFilterForm(request.GET, vendor=vendor)
    cursor = page_cursor(form)
    context = {"vendor": vendor, "form": form, "timeline_url": vendor.get_absolute_url()}
    if wants_partial(request):
        context["timeline"] = dashboard.vendor_timeline(vendor, form.filters(), cursor)
        return render(request, _timeline_partial(form), context)
    page = dashboard.vendor_page(vendor, form.filters(), cursor)
    context.update(page=page, timeline=page.timeline)
    return render(request, "chips/vendor_detail.html", context)


@reader_view
def chip_detail(request: HttpRequest, slug: str) -> HttpResponse:
    chip = dashboard.get_chip(slug)
    form = TimelineFilterForm(request.GET)
    cursor = page_cursor(form)
    context = {"chip": chip, "form": form, "timeline_url": chip.get_absolute_url()}
    if wants_partial(request):
        context["timeline"] = dashboard.chip_timeline(chip, form.filters(), cursor)
        return render(request, _timeline_partial(form), context)
    page = dashboard.chip_page(chip, form.filters(), cursor)
    context.update(page=page, timeline=page.timeline)
    return render(request, "chips/chip_detail.html", context)


def _timeline_partial(form: TimelineFilterForm) -> str:
    # "Load more" appends the next page; a filter change replaces the whole list.
    name = "timeline-page" if form.cursor() else "timeline"
    return f"chips/vendor_detail.html#{name}"


@reader_view
def conflict_list(request: HttpRequest) -> HttpResponse:
    form = ConflictFilterForm(request.GET)
    board = dashboard.conflict_board(form.filters(), page_cursor(form))
    context = {"form": form, "board": board, **_can(request)}
    if wants_partial(request):
        name = "conflict-page" if form.cursor() else "board"
        return render(request, f"chips/conflicts.html#{name}", context)
    return render(request, "chips/conflicts.html", context)


@reader_view
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = dashboard.claim_page(pk)
    claim = page.claim
    context = {
        "page": page,
        "claim": claim,
        "explanation": confidence.explain(claim),
        "sources": confidence.independent_sources(claim, confidence.corroborating(claim)),
        **_can(request),
    }
    return render(request, "chips/claim_detail.html", context)


@reader_view
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "chips/article_detail.html", {"page": dashboard.article_page(pk)})


@reader_view
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    try:
        results = dashboard.search(q)
    except dashboard.UnreadableQuery as exc:
        raise BadInput(str(exc)) from exc
    context = {"form": form, "results": results}
    if wants_partial(request):
        return render(request, "chips/search.html#results", context)
    return render(request, "chips/search.html", context)


@reader_view
def feed_list(request: HttpRequest) -> HttpResponse:
    feeds = dashboard.feed_health()
    context = {"feeds": feeds, "feed_problem": dashboard.feed_problem(feeds)}
    if wants_partial(request):
        return render(request, "chips/feeds.html#feed-table", context)
    return render(request, "chips/feeds.html", context)


# --- Editors' changes: htmx POSTs that answer with the updated fragment -----------------


@reader_view
def conflict_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A dispute's own page: every report on each side."""
    context = {"conflict": dashboard.get_conflict(pk), "full": True, **_can(request)}
    return render(request, "chips/conflict_detail.html", context)


@require_POST
@permission_required(EDIT_CLAIMS, raise_exception=True)
def claim_verdict(request: HttpRequest, pk: int) -> HttpResponse:
    """An inline verdict. Answers out of band, so every copy of the claim on the page
    updates; verifying a claim that contradicts a verified one asks to confirm first."""
    claim = dashboard.get_claim(pk)
    form = VerdictForm(request.POST)
    context = {"claim": claim, "verdict_form": form, **_can(request)}
    status = 200
    if request.POST.get("cancel"):
        pass
    elif form.is_valid():
        verdict = form.cleaned_data["status"]
        clashes = []
        if verdict == Claim.Status.VERIFIED and not form.cleaned_data["confirm"]:
            clashes = conflicts.contradicting_verified(claim)
        if clashes:
            context["clashes"] = clashes
        else:
            claim.give_verdict(verdict, request.user, form.cleaned_data["note"])
    else:
        status = 400
    if request.POST.get("with_history"):
        # Given on the claim's own page: its history list is swapped in out of band.
        context.update(with_history=True, history=dashboard.claim_history(claim))
    return render(request, "chips/claim_detail.html#verdict-response", context, status=status)


@require_POST
@permission_required(EDIT_CONFLICTS, raise_exception=True)
def conflict_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    conflict = dashboard.get_conflict(pk)
    form = ResolveConflictForm(request.POST)
    status = 200
    if form.is_valid():
        outcome, note = form.cleaned_data["outcome"], form.cleaned_data["note"]
        if outcome == REOPEN:
            conflict.reopen()
        else:
            conflict.resolve(outcome, note, request.user)
        # The ruling set its claims' verdicts: show them as they are now.
        conflict = dashboard.get_conflict(pk)
    else:
        status = 400
    context = {
        "conflict": conflict,
        "resolve_form": form,
        "full": bool(request.POST.get("full")),
        **_can(request),
    }
    return render(request, "chips/conflicts.html#resolved", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def digest_settings(request: HttpRequest) -> HttpResponse:
    """A signed-in user manages their own digest subscription; a new address is confirmed
    by a link first, and the page says the same whether or not it is subscribed already."""
    subscription = digests.subscription_for_user(request.user)
    form = SubscriptionForm(
        request.POST if request.method == "POST" else None, instance=subscription
    )
    if request.method == "POST" and form.is_valid():
        change = email_confirmation.save_settings(request.user, subscription, form.cleaned_data)
        if change is None:
            return redirect(f"{request.path}?saved=1")
        try:
            email_confirmation.send_link(change, request.user)
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
        "confirm_days": email_confirmation.CONFIRM_MAX_AGE.days,
    }
    return render(request, "chips/digests.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def digest_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (mail scanners open links); POST moves the digests to the confirmed address."""
    try:
        wanted = email_confirmation.read_token(token)
    except signing.BadSignature:
        return render(request, "chips/digest_confirm.html", {"invalid": True}, status=400)
    if request.method == "POST":
        subscription = email_confirmation.confirm(token)
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
    content, message = digests.preview_digest(subscription, timezone.now(), current=current)
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
