"""Vendor and chip pages: the vendor index, each page's chips, articles and disputes, and
the timeline of claims (newest first, by month and article, "load more" by keyset)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby

from django import forms
from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from chips.dashboard.common import listed, listed_claims, reader_view, wants_partial
from chips.dashboard.conflicts import (
    open_disputes,
    with_dispute_flags,
)
from chips.dashboard.paging import (
    Cursor,
    FilterForm,
    any_choice,
    page_cursor,
    remember_choices,
)
from chips.dashboard.precompiled import ID_STANDIN, SLUG_STANDIN, Precompiled
from chips.models import (
    Chip,
    ChipMention,
    Claim,
    ClaimQuerySet,
    ClaimStatus,
    Conflict,
    Tally,
    Topic,
    Vendor,
    VendorMention,
)
from chips.names import in_reading_order
from chips.units import PercentField
from newsfeed.models import Article, Source

TIMELINE_PAGE_SIZE = 25


@dataclass(frozen=True)
class TimelineFilters:
    topic: str = ""
    chip: Chip | None = None
    status: str = ""
    min_confidence: float | None = None
    source: Source | None = None

    def apply(self, claims: ClaimQuerySet) -> ClaimQuerySet:
        if self.topic:
            claims = claims.filter(topic=self.topic)
        if self.chip is not None:
            claims = claims.filter(chip=self.chip)
        if self.status:
            claims = claims.filter(status=self.status)
        if self.min_confidence is not None:
            claims = claims.filter(confidence__gte=self.min_confidence)
        if self.source is not None:
            claims = claims.filter(article__source=self.source)
        return claims


@dataclass
class ArticleClaims:
    """Consecutive claims of one article on a timeline."""

    article: Article
    claims: list[Claim]


@dataclass
class MonthGroup:
    month: date
    entries: list[ArticleClaims]
    # True when the previous page already showed this month's heading.
    continued: bool = False


@dataclass
class TimelinePage:
    months: list[MonthGroup]
    next_cursor: str | None
    count: int

    @property
    def is_empty(self) -> bool:
        return not self.months


def _month(moment: datetime) -> date:
    return timezone.localtime(moment).date().replace(day=1)


def group_by_month(claims: list[Claim], continuing: datetime | None = None) -> list[MonthGroup]:
    """Claims (newest first) as months, each a run of articles with their claims."""
    months: list[MonthGroup] = []
    for month, in_month in groupby(claims, key=lambda c: _month(c.claimed_at)):
        entries = [
            ArticleClaims(article=run[0].article, claims=run)
            for run in (list(g) for _, g in groupby(in_month, key=lambda c: c.article_id))
        ]
        months.append(MonthGroup(month=month, entries=entries))
    if months and continuing is not None and _month(continuing) == months[0].month:
        months[0].continued = True
    return months


def _timeline(
    claims: ClaimQuerySet,
    filters: TimelineFilters,
    after: Cursor | None,
    limit: int,
) -> TimelinePage:
    claims = filters.apply(claims)
    if after is not None:
        claims = claims.filter(after.before("claimed_at"))
    rows = list(with_dispute_flags(listed_claims(claims)).latest_first()[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = Cursor(rows[-1].claimed_at, rows[-1].pk).encode() if more else None
    return TimelinePage(
        months=group_by_month(rows, continuing=after.at if after else None),
        next_cursor=next_cursor,
        count=len(rows),
    )


def vendor_timeline(
    vendor: Vendor,
    filters: TimelineFilters,
    after: Cursor | None = None,
    limit: int = TIMELINE_PAGE_SIZE,
) -> TimelinePage:
    """The vendor's claims, newest first, grouped by month and article, each marked
    in_open_dispute (one query)."""
    return _timeline(Claim.objects.filter(vendor=vendor), filters, after, limit)


def chip_timeline(
    chip: Chip,
    filters: TimelineFilters,
    after: Cursor | None = None,
    limit: int = TIMELINE_PAGE_SIZE,
) -> TimelinePage:
    return _timeline(Claim.objects.filter(chip=chip), filters, after, limit)


def _latest_claimed(topic: str) -> Subquery:
    """The newest affirmed, not rejected value claimed about a chip under a topic."""
    return Subquery(
        Claim.objects.filter(chip=OuterRef("pk"), topic=topic, polarity="affirm")
        .exclude(value="")
        .exclude(status=Claim.Status.REJECTED)
        .order_by("-claimed_at", "-pk")
        .values("value")[:1]
    )


def _described_chips(chips: QuerySet[Chip]) -> QuerySet[Chip]:
    """Chips with what the press claims: claimed_process, claimed_memory, claimed_status."""
    return (
        chips.select_related("vendor")
        .annotate(
            claimed_process=_latest_claimed("manufacturing"),
            claimed_memory=_latest_claimed("memory"),
            claimed_status=_latest_claimed("availability"),
            claim_count=Tally.subquery(Tally.Counter.CHIP_CLAIMS),
        )
        .order_by("name")
    )


# The chips a page describes: a vendor's (by its id) or one (by its slug).
DESCRIBED_CHIPS = {
    "vendor_id": Precompiled(
        lambda pk: _described_chips(Chip.objects.filter(vendor_id=pk)), ID_STANDIN
    ),
    "slug": Precompiled(
        lambda slug: _described_chips(Chip.objects.filter(slug=slug)), SLUG_STANDIN
    ),
}


def chips_with_claims(**lookup: int | str) -> list[Chip]:
    """The chips matching one lookup of DESCRIBED_CHIPS (vendor_id=…, slug=…), by name, with
    what the press claims: claimed_process, claimed_memory, claimed_status, claim_count,
    and contested (two queries).

    Rows as the ORM's own query would give them, from SQL compiled once (Precompiled):
    building and compiling its four subqueries cost ~2 ms CPU a vendor or chip page, ten
    times what running it costs (PostgreSQL, 100,000 articles)."""
    ((key, value),) = lookup.items()
    rows = DESCRIBED_CHIPS[key].rows(value)
    contested = contested_attributes(rows)
    for chip in rows:
        chip.contested = contested.get(chip.pk, {})
    return rows


# A chip card's attributes and the topic whose claims speak about each.
CARD_ATTRIBUTES = {"manufacturing": "process", "memory": "memory", "availability": "status"}


def contested_attributes(chips: list[Chip]) -> dict[int, dict[str, Conflict]]:
    """For each chip, its card attributes in an open dispute ("process" → the newest open
    dispute on manufacturing): a card says the attribute is contested instead of setting
    one report's value beside the catalogue's (one query)."""
    disputes = (
        Conflict.objects.filter(
            chip__in=[chip.pk for chip in chips],
            topic__in=list(CARD_ATTRIBUTES),
            status=Conflict.Status.OPEN,
        )
        .only("pk", "chip_id", "topic", "value_a", "value_b", "kind", "detected_at")
        .order_by("-detected_at", "-pk")
    )
    found: dict[int, dict[str, Conflict]] = {}
    for dispute in disputes if chips else ():
        found.setdefault(dispute.chip_id, {}).setdefault(CARD_ATTRIBUTES[dispute.topic], dispute)
    return found


@dataclass
class VendorPage:
    vendor: Vendor
    chips: list[Chip]
    articles: list[Article]
    timeline: TimelinePage
    disputes: list[Conflict] = field(default_factory=list)
    open_dispute_count: int = 0


def get_vendor(slug: str) -> Vendor:
    try:
        return Vendor.objects.get(slug=slug)
    except Vendor.DoesNotExist:
        raise Http404("No such vendor") from None


def get_chip(slug: str) -> Chip:
    try:
        return Chip.objects.select_related("vendor").get(slug=slug)
    except Chip.DoesNotExist:
        raise Http404("No such chip") from None


LATEST_ARTICLES = 8
# With this many articles naming a vendor or chip or more, its newest are found by
# reading articles newest first (a page's worth turns up soon); with fewer, by sorting
# those few. Sorting thousands read through the mentions cost 20 ms on SQLite.
MANY_MENTIONS = 500


def latest_articles(mentions: QuerySet[VendorMention] | QuerySet[ChipMention]) -> list[Article]:
    """The newest articles of these mentions (two queries, whichever way it goes)."""
    few = list(mentions.values_list("article_id", flat=True)[:MANY_MENTIONS])
    if len(few) < MANY_MENTIONS:
        articles = Article.objects.filter(pk__in=few)
    else:
        articles = Article.objects.filter(Exists(mentions.filter(article=OuterRef("pk"))))
    return list(listed(articles).latest_first()[:LATEST_ARTICLES])


def vendor_page(
    vendor: Vendor, filters: TimelineFilters, after: Cursor | None = None
) -> VendorPage:
    disputes, open_count = open_disputes(vendor=vendor)
    return VendorPage(
        vendor=vendor,
        chips=chips_with_claims(vendor_id=vendor.pk),
        articles=latest_articles(VendorMention.objects.filter(vendor=vendor)),
        timeline=vendor_timeline(vendor, filters, after),
        disputes=disputes,
        open_dispute_count=open_count,
    )


@dataclass
class ChipPage:
    chip: Chip
    articles: list[Article]
    timeline: TimelinePage
    disputes: list[Conflict] = field(default_factory=list)
    open_dispute_count: int = 0


def get_described_chip(slug: str) -> Chip:
    """The chip with what the press claims of it (chips_with_claims), in one query."""
    found = chips_with_claims(slug=slug)
    if not found:
        raise Http404("No such chip")
    return found[0]


def chip_page(chip: Chip, filters: TimelineFilters, after: Cursor | None = None) -> ChipPage:
    """A chip's page; chip as get_described_chip reads it."""
    disputes, open_count = open_disputes(chip=chip)
    return ChipPage(
        chip=chip,
        articles=latest_articles(ChipMention.objects.filter(chip=chip)),
        timeline=chip_timeline(chip, filters, after),
        disputes=disputes,
        open_dispute_count=open_count,
    )


def vendor_index() -> list[Vendor]:
    """Every vendor with its counts and chips (two queries), by name as people read it
    ("d-Matrix" among the Ds, "Éta" among the Es: case and accents ignored)."""
    # The table shows a vendor's name, link, country and kind and its chips' names and
    # links: not the other columns of either table (aliases, catalogue, chip specs).
    chips = Prefetch("chips", queryset=Chip.objects.only("slug", "name", "vendor_id"))
    vendors = Vendor.objects.with_counts().only("slug", "name", "country", "kind")
    return in_reading_order(vendors.prefetch_related(chips), lambda vendor: vendor.name)


class TimelineFilterForm(FilterForm):
    topic = forms.ChoiceField(choices=any_choice("Any topic", Topic.choices), required=False)
    chip = forms.ModelChoiceField(
        queryset=Chip.objects.none(), to_field_name="slug", required=False, empty_label="Any chip"
    )
    status = forms.ChoiceField(
        choices=any_choice("Any status", ClaimStatus.choices), required=False
    )
    min_confidence = PercentField(label="Min. confidence (%)", required=False)
    source = forms.ModelChoiceField(
        queryset=Source.objects.order_by("name"), required=False, empty_label="Any source"
    )

    def __init__(self, *args, vendor: Vendor | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if vendor is None:
            # A chip's own timeline has no chip filter.
            del self.fields["chip"]
        else:
            self.fields["chip"].queryset = vendor.chips.order_by("name")
        self.fields["min_confidence"].widget.attrs.update(placeholder="0–100")
        remember_choices(self.fields["source"], "outlets by name")

    def offer_chips(self, chips: list[Chip]) -> None:
        """The chip filter's options from these chips (the vendor's, by name, which its
        page has read already) rather than a query of their own."""
        if "chip" in self.fields:
            field = self.fields["chip"]
            field.widget.choices = [("", field.empty_label), *((c.slug, str(c)) for c in chips)]

    def filters(self) -> TimelineFilters:
        data = self.valid_data()
        return TimelineFilters(
            topic=data.get("topic") or "",
            chip=data.get("chip"),
            status=data.get("status") or "",
            min_confidence=data.get("min_confidence"),
            source=data.get("source"),
        )


@reader_view
def vendor_list(request: HttpRequest) -> HttpResponse:
    return render(request, "chips/vendor_list.html", {"vendors": vendor_index()})


@reader_view
def vendor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    vendor = get_vendor(slug)
    form = TimelineFilterForm(request.GET, vendor=vendor)
    return _subject_detail(request, vendor, form, vendor_timeline, vendor_page)


@reader_view
def chip_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # A chip's own timeline has no chip filter (the form without vendor=).
    form = TimelineFilterForm(request.GET)
    # The whole page reads the chip with its card's claims in one query (it read the chip,
    # then again with them); a timeline fragment needs only the chip.
    chip = get_chip(slug) if wants_partial(request) else get_described_chip(slug)
    return _subject_detail(request, chip, form, chip_timeline, chip_page)


def _subject_detail(
    request: HttpRequest,
    subject: Vendor | Chip,
    form: TimelineFilterForm,
    timeline: Callable[..., TimelinePage],
    page: Callable[..., VendorPage | ChipPage],
) -> HttpResponse:
    """A vendor's or chip's page, or (htmx: a filter change, "load more") its timeline."""
    cursor = page_cursor(form)
    name = subject._meta.model_name  # "vendor" or "chip": the page's template and context
    context = {
        name: subject,
        "subject": subject,
        "form": form,
        "timeline_url": subject.get_absolute_url(),
    }
    if wants_partial(request):
        context["timeline"] = timeline(subject, form.filters(), cursor)
        return render(request, _timeline_partial(form), context)
    whole = page(subject, form.filters(), cursor)
    if isinstance(whole, VendorPage):
        form.offer_chips(whole.chips)
    context.update(page=whole, timeline=whole.timeline)
    return render(request, f"chips/{name}_detail.html", context)


def _timeline_partial(form: TimelineFilterForm) -> str:
    # "Load more" appends the next page; a filter change replaces the whole list.
    name = "timeline-page" if form.cursor() else "timeline"
    return f"chips/includes/timeline.html#{name}"
