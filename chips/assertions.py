"""What claims assert, summarised per article: the rows disputes and corroborations read.

An Assertion is one thing claims assert (vendor, the claim's chip, topic, polarity and the
case-folded value: `conflicts.corroboration_key`); an AssertionReport says that one article
asserts it, with how many live (not rejected) claims, the article's story (the original of
a syndicated copy) and its outlet. A question's sides, its rival values and a key's
independent sources are read from these few narrow rows by index, where they used to be
grouped from every claim of the article's vendors and topics, a cost that grew with the
corpus on a hot story.

An article's reports are rewritten from its own claims (`sync_articles`), so keeping them
costs the same whatever else is stored: the analysis does it once after storing the
article's claims; any other save or delete of a claim (an editor's verdict, an edit, a
claim added by hand) does it through the signals below.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Greatest
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from chips.models import Assertion, AssertionReport, Claim, ClaimStatus
from chips.rows import insert as insert_rows
from chips.rows import upsert_ids
from newsfeed.models import Article

Key = tuple[int, int | None, str, str, str]  # vendor, chip, topic, polarity, folded value

_KEY_LENGTH = 500
_paused: ContextVar[bool] = ContextVar("chips_assertions_paused", default=False)


def key_text(key: Key) -> str:
    """Assertion.key for a (vendor, chip, topic, polarity, folded value) key."""
    vendor_id, chip_id, topic, polarity, value = key
    text = f"{vendor_id}/{chip_id or '-'}/{topic}/{polarity}/{value}"
    if len(text) > _KEY_LENGTH:
        digest = hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()
        text = f"{text[: _KEY_LENGTH - 41]}#{digest}"
    return text


def key_of(vendor_id: int, chip_id: int | None, topic: str, polarity: str, value: str) -> Key:
    """What a claim asserts, as disputes, corroboration and these summaries compare it:
    values differing only in case are the same value."""
    return (vendor_id, chip_id, topic, polarity, value.casefold())


@contextmanager
def paused() -> Iterator[None]:
    """Claims saved or deleted inside do not rewrite their article's reports: the caller
    calls `sync_articles` once when it is done (the analysis, for a whole article)."""
    reset = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(reset)


def ensure(keys: dict[Key, str]) -> dict[Key, int]:
    """Assertion ids for these keys (with their first spelling), created where missing, in
    one statement that also holds each row until the transaction ends (PostgreSQL locks
    the rows an upsert inserts or updates): the counts below move under that lock."""
    if not keys:
        return {}
    texts = {key_text(key): key for key in keys}
    # In key order: two workers taking the same assertions lock them in one order. Written
    # as tuples in one statement (bulk_create's model instances and per-value preparation
    # were a third of keeping the summaries).
    ids = upsert_ids(
        Assertion,
        ["key", "vendor", "chip", "topic", "polarity", "value", "outlets", "sourceless", "mixed"],
        [
            (text, key[0], key[1], key[2], key[3], keys[key][:200], 0, 0, False)
            for text, key in sorted(texts.items())
        ],
        unique="key",
    )
    return {texts[text]: pk for text, pk in ids.items()}


def sync_articles(article_ids: Iterable[int], *, forget_counts: bool = False) -> set[Key]:
    """Rewrite these articles' reports from their live claims; returns the keys whose
    reports changed. `forget_counts`: those keys' stored corroborations become unknown
    (a claim changed outside an analysis, which recounts them itself)."""
    ids = set(article_ids)
    if not ids:
        return set()
    articles = {
        pk: (duplicate_of or pk, source_id)
        for pk, duplicate_of, source_id in Article.objects.filter(pk__in=ids).values_list(
            "pk", "duplicate_of_id", "source_id"
        )
    }
    rows = (
        Claim.objects.filter(article_id__in=articles)
        .exclude(status=ClaimStatus.REJECTED)
        .values_list("article_id", "vendor_id", "chip_id", "topic", "polarity", "value")
    )
    changed = _sync(ids, articles, rows)
    if forget_counts and changed:
        Assertion.objects.filter(key__in=[key_text(key) for key in changed]).update(
            corroborations=None
        )
    return changed


def sync_article(article: Article, claims: Iterable[Claim]) -> set[Key]:
    """`sync_articles` for one article whose claims are at hand (the analysis')."""
    story = (article.duplicate_of_id or article.pk, article.source_id)
    rows = [
        (article.pk, c.vendor_id, c.chip_id, c.topic, c.polarity, c.value)
        for c in claims
        if c.status != ClaimStatus.REJECTED
    ]
    return _sync({article.pk}, {article.pk: story}, rows)


class NewReport(NamedTuple):
    """An AssertionReport to store: its fields in order (a row written as it is)."""

    assertion: int
    article: int
    story_id: int
    source_id: int | None
    claims: int

    @property
    def assertion_id(self) -> int:
        return self.assertion

    @property
    def article_id(self) -> int:
        return self.article


Report = AssertionReport | NewReport


# savepoint=False: inside an analysis this adds no query; a claim saved in autocommit (an
# editor's verdict) gets the transaction its assertion locks need.
@transaction.atomic(savepoint=False)
def _sync(
    ids: set[int],
    articles: dict[int, tuple[int, int | None]],
    rows: Iterable[tuple[int, int, int | None, str, str, str]],
) -> set[Key]:
    wanted: Counter[tuple[int, Key]] = Counter()
    spelling: dict[Key, str] = {}
    for article_id, vendor_id, chip_id, topic, polarity, value in rows:
        key = key_of(vendor_id, chip_id, topic, polarity, value)
        wanted[(article_id, key)] += 1
        spelling.setdefault(key, value)
    held = {
        (report.article_id, report.assertion_id): report
        for report in AssertionReport.objects.filter(article_id__in=ids).select_related("assertion")
    }
    assertion_ids = ensure(spelling)
    changed: set[Key] = set()
    keep: set[int] = set()
    recounted: dict[int, int] = {}  # report id -> its new claim count (same story, outlet)
    fresh: list[NewReport] = []
    for (article_id, key), count in wanted.items():
        story, source = articles[article_id]
        report = held.get((article_id, assertion_ids[key]))
        if report and (report.story_id, report.source_id) == (story, source):
            keep.add(report.pk)
            if report.claims != count:
                recounted[report.pk] = count
                changed.add(key)
            continue
        changed.add(key)
        fresh.append(NewReport(assertion_ids[key], article_id, story, source, count))
    stale = [report for report in held.values() if report.pk not in keep]
    for report in stale:
        a = report.assertion
        changed.add(key_of(a.vendor_id, a.chip_id, a.topic, a.polarity, a.value))
    for pk, count in recounted.items():
        AssertionReport.objects.filter(pk=pk).update(claims=count)
    # ensure() holds the assertions the article asserts; those it no longer does too.
    lock({r.assertion_id for r in stale} - set(assertion_ids.values()))
    # Article by article: each one's reports share a story and an outlet.
    for group in _by_article(stale):
        AssertionReport.objects.filter(pk__in=[report.pk for report in group]).delete()
        _count_leaving(group)
    for group in _by_article(fresh):
        _count_joining(group)
        insert_rows(AssertionReport, NewReport._fields, group)
    return changed


# --- Independent sources, counted as reports come and go ----------------------------------
#
# count_independent's connected components are the distinct outlets plus the outlet-less
# stories, unless a story has reports from more than one outlet (a syndicated copy in
# another outlet): each assertion keeps those two counts, and `mixed` once that happened
# (then conflicts._recount counts its reports exactly). Each report that comes or goes
# moves them by an index probe or two, so a recount costs the same however many reports
# an assertion has.


def lock(assertion_ids: set[int]) -> None:
    """Hold the assertions whose counts move until the transaction ends, in one order
    (by key): a worker's probes then see every report another one committed, and two
    workers never lock the same two in opposite orders."""
    if assertion_ids and connection.features.has_select_for_update:
        list(
            Assertion.objects.filter(pk__in=assertion_ids)
            .order_by("key")
            .select_for_update()
            .values_list("pk", flat=True)
        )


def _others(report: Report) -> QuerySet[AssertionReport]:
    """The assertion's reports from other articles."""
    return AssertionReport.objects.filter(assertion=OuterRef("pk")).exclude(
        article_id=report.article_id
    )


def _same_outlet(report: Report) -> Q:
    """Another report counted with this one: the same outlet, or for an outlet-less report
    the same story without an outlet."""
    if report.source_id is None:
        return Q(story_id=report.story_id, source_id__isnull=True)
    return Q(source_id=report.source_id)


def _count_leaving(reports: list[Report]) -> None:
    """After one article's reports were deleted: its outlet (or outlet-less story) leaves
    the count of each assertion no other report keeps it in."""
    probe = reports[0]
    field = "outlets" if probe.source_id is not None else "sourceless"
    (
        Assertion.objects.filter(pk__in=[r.assertion_id for r in reports])
        .annotate(kept=Exists(_others(probe).filter(_same_outlet(probe))))
        .filter(kept=False)
        .update(**{field: Greatest(F(field) - 1, Value(0))})
    )


def _count_joining(reports: list[Report]) -> None:
    """Before one article's reports are stored: its outlet (or outlet-less story) adds one
    to each assertion it is new to; a story that already has a report from another outlet
    (or none) mixes the assertion."""
    probe = reports[0]
    # Written out rather than built by the ORM (building its two EXISTS took most of the
    # time): `counted` as _others(probe).filter(_same_outlet(probe)); `mixes`: a report of
    # the same story from another outlet (or from none, for an outlet-less one).
    if probe.source_id is None:
        same_outlet, other_outlet = (
            "r.story_id = %s AND r.source_id IS NULL",
            "r.source_id IS NOT NULL",
        )
        same_params, other_params = [probe.story_id], []
    else:
        same_outlet, other_outlet = "r.source_id = %s", "(r.source_id IS NULL OR r.source_id <> %s)"
        same_params, other_params = [probe.source_id], [probe.source_id]
    ids = [r.assertion_id for r in reports]
    quote = connection.ops.quote_name
    others = (
        f"SELECT 1 FROM {quote(AssertionReport._meta.db_table)} r "  # noqa: S608
        f"WHERE r.assertion_id = a.id AND r.article_id <> %s"
    )
    sql = (
        f"SELECT a.id, EXISTS({others} AND {same_outlet}), "  # noqa: S608
        f"EXISTS({others} AND r.story_id = %s AND {other_outlet}) "
        f"FROM {quote(Assertion._meta.db_table)} a WHERE a.id IN ({', '.join(['%s'] * len(ids))})"
    )
    params = [probe.article_id, *same_params, probe.article_id, probe.story_id, *other_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *ids])
        rows = cursor.fetchall()
    new, mixed = [], []
    for pk, counted, mixes in rows:
        if not counted:
            new.append(pk)
        if mixes:
            mixed.append(pk)
    field = "outlets" if probe.source_id is not None else "sourceless"
    if new:
        Assertion.objects.filter(pk__in=new).update(**{field: F(field) + 1})
    if mixed:
        Assertion.objects.filter(pk__in=mixed).update(mixed=True)


def _by_article(reports: Iterable[Report]) -> list[list[Report]]:
    groups: dict[int, list[Report]] = {}
    for report in reports:
        groups.setdefault(report.article_id, []).append(report)
    return list(groups.values())


@receiver(post_save, sender=Claim)
@receiver(post_delete, sender=Claim)
def _claim_changed(sender, instance: Claim, **kwargs) -> None:
    """A claim saved or deleted outside an analysis (an editor's verdict or edit, a claim
    added by hand): its article's reports follow at once."""
    if _paused.get():
        return
    sync_articles([instance.article_id], forget_counts=True)
