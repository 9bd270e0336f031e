"""The conflicts board and a dispute's page: the queries (one list of disputes with their
claims, newest first), the filter and ruling forms, and the views; also the open disputes
other pages list."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django import forms
from django.contrib.auth.decorators import permission_required
from django.db.models import BooleanField, F, Func, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from chips.conflicts import MEMBER_ROW, attach_side_stats
from chips.dashboard.common import (
    EDIT_CONFLICTS,
    can_edit,
    in_reading_order_of_names,
    reader_view,
    wants_partial,
)
from chips.dashboard.paging import (
    Cursor,
    FilterForm,
    any_choice,
    page_cursor,
    remember_choices,
)
from chips.dashboard.precompiled import ID_STANDIN, Precompiled
from chips.models import (
    Chip,
    Claim,
    Conflict,
    ConflictClaim,
    ConflictOutcome,
    ConflictSide,
    ConflictStatus,
    Topic,
    Vendor,
)

CONFLICT_PAGE_SIZE = 20
# Open disputes shown on home, vendor and chip pages.
HOME_DISPUTES = 5
# Reports shown per side: on a card of the board, and in a list of disputes.
CARD_REPORTS = 3
MINI_REPORTS = 1
ALL_STATUSES = "all"


@dataclass(frozen=True)
class ConflictFilters:
    vendor: Vendor | None = None
    topic: str = ""
    # Open disputes unless another status (or "all") is asked for.
    status: str = Conflict.Status.OPEN
    chip: Chip | None = None

    def apply(self, conflicts: QuerySet[Conflict]) -> QuerySet[Conflict]:
        if self.vendor is not None:
            conflicts = conflicts.filter(vendor=self.vendor)
        if self.chip is not None:
            conflicts = conflicts.filter(chip=self.chip)
        if self.topic:
            conflicts = conflicts.filter(topic=self.topic)
        if self.status and self.status != ALL_STATUSES:
            conflicts = conflicts.filter(status=self.status)
        return conflicts


@dataclass
class ConflictPage:
    conflicts: list[Conflict]
    next_cursor: str | None


# What a list of disputes (the board's cards, the short lists) reads of each: the dispute's
# own columns but its question key, and of its vendor, chip and ruling editor the names and
# links; not the thirty other columns of those three tables (aliases, catalogue, account).
LISTED_CONFLICT_FIELDS = (
    "topic",
    "value_a",
    "value_b",
    "kind",
    "status",
    "outcome",
    "note",
    "resolved_at",
    "detected_at",
    "vendor__slug",
    "vendor__name",
    "chip__slug",
    "chip__name",
    "resolved_by__username",
)


def with_side_stats(conflicts: QuerySet[Conflict], per_side: int) -> list[Conflict]:
    """Disputes as a list shows them: each with side_stats (reports and independent
    sources a side) and its first `per_side` reports a side, earliest first (three
    queries: the disputes, every member's light row, the reports shown).

    Picking the first few in Python from light rows, not with a sliced prefetch: its
    window-function query cost more to build in the ORM than to run. One query of
    members serves both the statistics and the picking (a round trip each cost more
    than the join).
    """
    return side_stats_of(listed_conflicts(conflicts), per_side)


def listed_conflicts(conflicts: QuerySet[Conflict]) -> list[Conflict]:
    """Disputes with the columns a list shows (LISTED_CONFLICT_FIELDS)."""
    return list(
        conflicts.select_related("vendor", "chip", "resolved_by").only(*LISTED_CONFLICT_FIELDS)
    )


def side_stats_of(rows: list[Conflict], per_side: int) -> list[Conflict]:
    """with_side_stats for disputes already read (two queries)."""
    members = list(
        ConflictClaim.objects.filter(conflict__in=[c.pk for c in rows])
        .order_by("conflict_id", "side", "claim__claimed_at", "claim_id")
        .values_list("pk", "claim_id", *MEMBER_ROW)
    )
    attach_side_stats(rows, (member[2:] for member in members))
    first: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    for pk, claim_id, conflict_id, side, *_ in members:
        if len(shown := first[conflict_id, side]) < per_side:
            shown.append((pk, claim_id))
    wanted = [claim_id for shown in first.values() for _, claim_id in shown]
    claims = Claim.objects.select_related("article__source").only(*LISTED_CLAIM_FIELDS)
    by_id = claims.in_bulk(wanted)
    for conflict in rows:
        for side in ConflictSide.values:
            shown = []
            for pk, claim_id in first[conflict.pk, side]:
                member = ConflictClaim(pk=pk, conflict=conflict, claim_id=claim_id, side=side)
                member.claim = by_id[claim_id]
                shown.append(member)
            setattr(conflict, f"shown_{side}", shown)
    return rows


# What a list of disputes (chips/includes/disputes.html, the board's cards) reads of each
# report it shows: not the article's text (tens of KB each).
LISTED_CLAIM_FIELDS = [
    "statement",
    "quote",
    "origin",
    "claimed_at",
    "confidence",
    "status",
    "verdict_note",
    "article__source__name",
]


def conflict_board(
    filters: ConflictFilters, after: Cursor | None = None, limit: int = CONFLICT_PAGE_SIZE
) -> ConflictPage:
    """Disputes, newest first, each with every claim on each side and its evidence
    (two queries: the disputes, then their members)."""
    conflicts = filters.apply(Conflict.objects.all())
    if after is not None:
        conflicts = conflicts.filter(after.before("detected_at"))
    rows = with_side_stats(conflicts.order_by("-detected_at", "-pk")[: limit + 1], CARD_REPORTS)
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = Cursor(rows[-1].detected_at, rows[-1].pk).encode() if more else None
    return ConflictPage(conflicts=rows, next_cursor=cursor)


def get_conflict(pk: int) -> Conflict:
    try:
        return Conflict.objects.for_display().get(pk=pk)
    except Conflict.DoesNotExist:
        raise Http404("No such conflict") from None


def open_disputes(
    vendor: Vendor | None = None, chip: Chip | None = None
) -> tuple[list[Conflict], int]:
    """The newest open disputes (of a vendor or chip, or all), and how many are open
    (three queries: the count rides on the disputes' query as a subquery the database
    runs once, rather than a round trip of its own)."""
    if vendor is not None and chip is not None:  # no page asks for both
        raise ValueError("open disputes of a vendor or of a chip, not both")
    if chip is not None:
        rows = NEWEST_OPEN["chip"].rows(chip.pk)
    else:
        rows = NEWEST_OPEN["vendor" if vendor else "all"].rows(vendor.pk if vendor else None)
    rows = side_stats_of(rows, MINI_REPORTS)
    # No row listed means none open (HOME_DISPUTES is at least one).
    return rows, rows[0].open_count if rows else 0


def _newest_open(filters: ConflictFilters, limit: int) -> QuerySet[Conflict]:
    matching = filters.apply(Conflict.objects.all())
    newest = matching.annotate(open_count=count_of(matching)).order_by("-detected_at", "-pk")
    return newest[:limit]


def _newest_open_listed(filters: ConflictFilters) -> QuerySet[Conflict]:
    return (
        _newest_open(filters, HOME_DISPUTES)
        .select_related("vendor", "chip", "resolved_by")
        .only(*LISTED_CONFLICT_FIELDS)
    )


# Home's, a vendor's (by id) and a chip's (by id) newest open disputes, as listed_conflicts
# reads them, from SQL compiled once: building and compiling the query with its count cost
# more CPU than the database spends on it.
NEWEST_OPEN = {
    "all": Precompiled(lambda _: _newest_open_listed(ConflictFilters())),
    "vendor": Precompiled(
        lambda pk: _newest_open_listed(ConflictFilters(vendor=Vendor(pk=pk))), ID_STANDIN
    ),
    "chip": Precompiled(
        lambda pk: _newest_open_listed(ConflictFilters(chip=Chip(pk=pk))), ID_STANDIN
    ),
}


def count_of(rows: QuerySet) -> Subquery:
    """How many rows there are, as a scalar subquery to annotate another query with (it
    does not refer to the outer row, so the database computes it once)."""
    return Subquery(rows.order_by().values(n=Func(F("pk"), function="COUNT")))


def with_dispute_flags(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """The claims, each annotated in_open_dispute, in the claims' own query (no round trip
    of its own).

    A scalar subquery that stops at the first open dispute found, not an EXISTS: PostgreSQL
    plans an EXISTS in the select list as a hashed subplan over every open dispute's
    members (a cost that grows with the disputes), while a scalar subquery is run per row
    listed (an index probe each) and, under ORDER BY ... LIMIT, only for the rows kept.
    """
    member = ConflictClaim.objects.filter(
        claim=OuterRef("pk"), conflict__status=Conflict.Status.OPEN
    ).values(flag=Value(True))[:1]
    return claims.annotate(
        in_open_dispute=Coalesce(Subquery(member, output_field=BooleanField()), Value(False))
    )


class ConflictFilterForm(FilterForm):
    vendor = forms.ModelChoiceField(
        queryset=Vendor.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="Any vendor",
    )
    chip = forms.ModelChoiceField(
        queryset=Chip.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="Any chip",
    )
    topic = forms.ChoiceField(choices=any_choice("Any topic", Topic.choices), required=False)
    # Open disputes unless asked otherwise (?status=all for every one).
    status = forms.ChoiceField(
        choices=[*ConflictStatus.choices, (ALL_STATUSES, "Any status")], required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        in_reading_order_of_names(self.fields["vendor"])
        in_reading_order_of_names(self.fields["chip"])
        remember_choices(self.fields["vendor"], "vendors in reading order")
        remember_choices(self.fields["chip"], "chips in reading order")

    def filters(self) -> ConflictFilters:
        data = self.valid_data()
        return ConflictFilters(
            vendor=data.get("vendor"),
            chip=data.get("chip"),
            topic=data.get("topic") or "",
            status=data.get("status") or ConflictStatus.OPEN,
        )


REOPEN = "reopen"


class ResolveConflictForm(forms.Form):
    outcome = forms.ChoiceField(choices=[*ConflictOutcome.choices, (REOPEN, "Reopen")])
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=4000
    )


@reader_view
def conflict_list(request: HttpRequest) -> HttpResponse:
    form = ConflictFilterForm(request.GET)
    board = conflict_board(form.filters(), page_cursor(form))
    context = {"form": form, "board": board, **can_edit(request)}
    if wants_partial(request):
        name = "conflict-page" if form.cursor() else "board"
        return render(request, f"chips/conflicts.html#{name}", context)
    return render(request, "chips/conflicts.html", context)


@reader_view
def conflict_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A dispute's own page: every report on each side."""
    context = {"conflict": get_conflict(pk), "full": True, **can_edit(request)}
    return render(request, "chips/conflict_detail.html", context)


@require_POST
@permission_required(EDIT_CONFLICTS, raise_exception=True)
def conflict_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    conflict = get_conflict(pk)
    form = ResolveConflictForm(request.POST)
    status = 200
    if form.is_valid():
        outcome, note = form.cleaned_data["outcome"], form.cleaned_data["note"]
        if outcome == REOPEN:
            conflict.reopen()
        else:
            conflict.resolve(outcome, note, request.user)
        # The ruling set its claims' verdicts: show them as they are now.
        conflict = get_conflict(pk)
    else:
        status = 400
    context = {
        "conflict": conflict,
        "resolve_form": form,
        "full": bool(request.POST.get("full")),
        **can_edit(request),
    }
    return render(request, "chips/conflicts.html#resolved", context, status=status)
