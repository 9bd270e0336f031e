"""What every dashboard page shares: who may read and edit, htmx partial requests, the
400 page, and choice lists in reading order.

A page answers an htmx request with just the partial that changes; a normal
request (a shared link, a reload, htmx restoring history) gets the whole page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from chips.models import Claim
from chips.names import in_reading_order
from newsfeed.models import Article

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


def listed(articles: QuerySet[Article]) -> QuerySet[Article]:
    """Articles as lists of them show each (title, outlet, date): not their text, tens
    of KB each, which the database would otherwise read and sort with them."""
    return articles.select_related("source").only("title", "published_at", "source__name")


# What a list of claims (home's latest, a timeline, search) shows of each: the claim's
# own words and assessment, its vendor's and chip's names and links, its article's title
# and outlet. Not the article's body (its text and fetched HTML, tens of KB each), nor the
# seventy other columns of the four tables: building and reading 78 columns a row was most
# of the latest claims' query's time, and the database's part of it the least.
LISTED_CLAIM_FIELDS = (
    "statement",
    "quote",
    "topic",
    "value",
    "polarity",
    "origin",
    "confidence",
    "status",
    "claimed_at",
    "article__title",
    "article__published_at",
    "article__source__name",
    "vendor__slug",
    "vendor__name",
    "chip__slug",
    "chip__name",
)


def listed_claims(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """Claims as lists show them (LISTED_CLAIM_FIELDS), with vendor, chip, article and
    outlet."""
    return claims.for_display().only(*LISTED_CLAIM_FIELDS)


def can_edit(request: HttpRequest) -> dict[str, bool]:
    return {
        "can_edit_claims": request.user.has_perm(EDIT_CLAIMS),
        "can_edit_conflicts": request.user.has_perm(EDIT_CONFLICTS),
    }


class ReadingOrderChoices(ModelChoiceIterator):
    """A model choice list by name as people read it (chips.names), not by byte order."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in in_reading_order(self.queryset, str):
            yield self.choice(obj)


def in_reading_order_of_names(field: forms.ModelChoiceField) -> None:
    field.iterator = ReadingOrderChoices
    field.widget.choices = field.choices  # the widget copied the old iterator's choices
