"""A claim's page (its evidence, disputes, history and verdict controls), an editor's
inline verdict, and an article's page with the sentences its claims quote marked."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from chips import confidence, conflicts
from chips.dashboard.common import EDIT_CLAIMS, can_edit, reader_view
from chips.dashboard.conflicts import (
    MINI_REPORTS,
    with_side_stats,
)
from chips.highlighting import (
    ClaimRef,
    article_html,
    find_quote,
)
from chips.models import (
    Chip,
    ChipMention,
    Claim,
    ClaimStatus,
    Conflict,
    Vendor,
    VendorMention,
)
from newsfeed.models import Article


@dataclass
class ClaimPage:
    claim: Claim
    conflicts: list[Conflict]
    history: list
    siblings: list[Claim]


def get_claim(pk: int) -> Claim:
    try:
        claims = Claim.objects.for_display().select_related("reviewed_by")
        # The page shows its article's title, link and outlet, never its body (text and
        # fetched HTML, tens of KB each): the article page does.
        return claims.defer("article__text", "article__html", "article__summary").get(pk=pk)
    except Claim.DoesNotExist:
        raise Http404("No such claim") from None


def claim_history(claim: Claim) -> list:
    """The claim's recorded changes, newest first, when change history is kept."""
    history = getattr(claim, "history", None)
    if history is None:
        return []
    return list(history.select_related("history_user").order_by("-history_date")[:50])


def claim_page(pk: int) -> ClaimPage:
    claim = get_claim(pk)
    conflicts = Conflict.objects.of_claim(claim)
    siblings = (
        Claim.objects.filter(article_id=claim.article_id)
        .exclude(pk=claim.pk)
        .select_related("vendor", "chip")
        # A sibling is a line: its statement, vendor, chip and topic, not the ~50 columns
        # of three tables, which cost more to build than the rest of its query.
        .only("statement", "topic", "vendor__name", "chip__name")
        .order_by("pk")[:20]
    )
    return ClaimPage(
        claim=claim,
        conflicts=with_side_stats(conflicts.order_by("-detected_at", "-pk"), MINI_REPORTS),
        history=claim_history(claim),
        siblings=list(siblings),
    )


@dataclass
class ArticlePage:
    article: Article
    text_html: SafeString
    claims: list[Claim]
    unplaced_claims: list[Claim]
    vendors: list[Vendor]
    chips: list[Chip]
    # Claims made by the headline (quoted from the title, not the text).
    headline_claims: list[Claim] = field(default_factory=list)

    @property
    def summary_only(self) -> bool:
        """Only the feed's summary could be had: the page failed, is pending or was skipped."""
        return not self.article.text and bool(self.article.summary)


def article_page(pk: int) -> ArticlePage:
    """The article's text as paragraphs, the sentences its claims quote marked and linked
    to those claims, the title left out when the text repeats it (four queries)."""
    try:
        article = Article.objects.select_related("source", "feed").get(pk=pk)
    except Article.DoesNotExist:
        raise Http404("No such article") from None
    claims = list(
        Claim.objects.filter(article=article).select_related("vendor", "chip").order_by("pk")
    )
    text = article.body
    quoted, unplaced, headline = [], [], []
    for number, claim in enumerate(claims, 1):
        where = find_quote(text, claim.quote)
        if where is not None:
            ref = ClaimRef(number, claim.get_absolute_url(), claim.statement)
            quoted.append((where, ref))
        elif claim.headline or find_quote(article.title, claim.quote) is not None:
            headline.append(claim)
        else:
            unplaced.append(claim)
    html, in_title = article_html(text, article.title, quoted)
    headline.extend(claims[n - 1] for n in sorted(in_title))
    vendors = Vendor.objects.filter(
        pk__in=VendorMention.objects.filter(article=article).values("vendor")
    ).order_by("name")
    chips = Chip.objects.filter(
        pk__in=ChipMention.objects.filter(article=article).values("chip")
    ).order_by("name")
    return ArticlePage(
        article=article,
        text_html=html,
        claims=claims,
        unplaced_claims=unplaced,
        vendors=list(vendors),
        chips=list(chips),
        headline_claims=headline,
    )


class VerdictForm(forms.Form):
    status = forms.ChoiceField(choices=ClaimStatus.choices)
    note = forms.CharField(label="Why (optional)", required=False, max_length=2000, strip=True)
    # Verifying a claim that contradicts a verified one takes a second, explicit click.
    confirm = forms.BooleanField(required=False)


@reader_view
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = claim_page(pk)
    claim = page.claim
    context = {
        "page": page,
        "claim": claim,
        "explanation": confidence.explain(claim),
        "sources": confidence.independent_sources(claim, confidence.corroborating(claim)),
        **can_edit(request),
    }
    return render(request, "chips/claim_detail.html", context)


@require_POST
@permission_required(EDIT_CLAIMS, raise_exception=True)
def claim_verdict(request: HttpRequest, pk: int) -> HttpResponse:
    """An inline verdict. Answers out of band, so every copy of the claim on the page
    updates; verifying a claim that contradicts a verified one asks to confirm first."""
    claim = get_claim(pk)
    form = VerdictForm(request.POST)
    context = {"claim": claim, "verdict_form": form, **can_edit(request)}
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
        context.update(with_history=True, history=claim_history(claim))
    return render(request, "chips/claim_detail.html#verdict-response", context, status=status)


@reader_view
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "chips/article_detail.html", {"page": article_page(pk)})
