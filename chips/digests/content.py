"""What a digest holds: the window's claims, verdicts, disputes and articles, fetched once
per frequency and assembled per subscriber in Python."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q

from chips.digests.periods import (
    Period,
    next_period,
    window_for,
)
from chips.models import (
    Claim,
    Conflict,
    Subscription,
    Vendor,
    VendorMention,
)
from newsfeed.models import Article

TOP_ARTICLES = 5
CLAIMS_PER_VENDOR = 8  # shown in the email; the rest are counted and linked


@dataclass(frozen=True)
class VendorClaims:
    """A vendor's new claims: the most confident few are shown, all are counted."""

    vendor: Vendor
    claims: tuple[Claim, ...]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.claims)


@dataclass(frozen=True)
class ArticleItem:
    article: Article
    score: int
    vendors: tuple[Vendor, ...]


@dataclass(frozen=True)
class DigestContent:
    period: Period
    since: datetime
    until: datetime
    vendors: tuple[VendorClaims, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    verdicts: tuple[Claim, ...] = ()
    articles: tuple[ArticleItem, ...] = ()

    @property
    def claim_count(self) -> int:
        return sum(group.total for group in self.vendors)

    @property
    def is_empty(self) -> bool:
        return not (self.claim_count or self.conflicts or self.verdicts or self.articles)

    @property
    def subject(self) -> str:
        """'ChipWatch daily digest: 5 new claims, 1 conflict — 28 Nov'.

        Only counts and dates: no text from feeds ever reaches a header.
        """
        parts = []
        for count, noun in (
            (self.claim_count, "new claim"),
            (len(self.conflicts), "conflict"),
            (len(self.verdicts), "verdict"),
        ):
            if count:
                parts.append(f"{count} {noun}{'' if count == 1 else 's'}")
        if not parts:
            count = len(self.articles)
            parts.append(f"{count} new article{'' if count == 1 else 's'}")
        return f"ChipWatch {self.period.frequency} digest: {', '.join(parts)} — {self.period.label}"


@dataclass
class _Snapshot:
    """Everything new in [since, until) for some vendors, fetched in a fixed number of queries."""

    vendors: dict[int, Vendor]
    claims: dict[int, list[Claim]] = field(default_factory=lambda: defaultdict(list))
    verdicts: dict[int, list[Claim]] = field(default_factory=lambda: defaultdict(list))
    conflicts: dict[int, list[Conflict]] = field(default_factory=lambda: defaultdict(list))
    articles: dict[int, Article] = field(default_factory=dict)
    # vendor id -> [(article id, mention count)]
    mentions: dict[int, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))


def _in(window: tuple[datetime, datetime], field_name: str) -> Q:
    return Q(**{f"{field_name}__gte": window[0], f"{field_name}__lt": window[1]})


def _fetch(
    window: tuple[datetime, datetime], vendor_ids: set[int] | None, min_confidence: float
) -> _Snapshot:
    """Six queries, whatever the number of subscribers. vendor_ids None means every vendor."""

    def for_vendors(q: Q, name: str = "vendor_id") -> Q:
        return q if vendor_ids is None else q & Q(**{f"{name}__in": vendor_ids})

    snapshot = _Snapshot(vendors={v.pk: v for v in Vendor.objects.all()})
    claims = (
        Claim.objects.for_display()
        .filter(for_vendors(_in(window, "created_at")), confidence__gte=min_confidence)
        .order_by("-confidence", "created_at", "pk")
    )
    for claim in claims:
        snapshot.claims[claim.vendor_id].append(claim)
    verdicts = (
        Claim.objects.for_display()
        .select_related("reviewed_by")
        .filter(for_vendors(_in(window, "reviewed_at")))
        .exclude(status=Claim.Status.UNVERIFIED)
        .order_by("reviewed_at", "pk")
    )
    for claim in verdicts:
        snapshot.verdicts[claim.vendor_id].append(claim)
    conflicts = (
        Conflict.objects.filter(
            for_vendors(_in(window, "detected_at")), status=Conflict.Status.OPEN
        )
        .for_display()
        .order_by("detected_at", "pk")
    )
    for conflict in conflicts:
        snapshot.conflicts[conflict.vendor_id].append(conflict)
    new_originals = _in(window, "article__created_at") & Q(article__duplicate_of__isnull=True)
    mentions = VendorMention.objects.filter(for_vendors(new_originals)).values_list(
        "vendor_id", "article_id", "count"
    )
    for vendor_id, article_id, count in mentions:
        snapshot.mentions[vendor_id].append((article_id, count))
    articles = (
        Article.objects.originals()
        .filter(_in(window, "created_at"))
        .filter(for_vendors(Q(), "vendor_mentions__vendor_id"))
        .select_related("source")
        .defer("text", "summary")
        .distinct()
    )
    snapshot.articles = {article.pk: article for article in articles}
    return snapshot


def _between(since: datetime, until: datetime, at: datetime | None) -> bool:
    return at is not None and since <= at < until


def _assemble(
    snapshot: _Snapshot,
    period: Period,
    window: tuple[datetime, datetime],
    followed: frozenset[int],
    min_confidence: float,
) -> DigestContent:
    since, until = window
    if since >= until:
        return DigestContent(period, since, until)
    vendor_ids = followed or frozenset(snapshot.vendors)
    by_name = sorted(
        (snapshot.vendors[v] for v in vendor_ids if v in snapshot.vendors),
        key=lambda v: (v.name.casefold(), v.pk),
    )
    groups, conflicts, verdicts = [], [], []
    claims_per_article: dict[int, int] = defaultdict(int)
    for vendor in by_name:
        claims = tuple(
            c
            for c in snapshot.claims.get(vendor.pk, ())
            if c.confidence >= min_confidence and _between(since, until, c.created_at)
        )
        if claims:
            # Fetched most confident first; an email lists a readable few per vendor.
            groups.append(VendorClaims(vendor, claims[:CLAIMS_PER_VENDOR], len(claims)))
            for claim in claims:
                claims_per_article[claim.article_id] += 1
        conflicts.extend(
            c
            for c in snapshot.conflicts.get(vendor.pk, ())
            if _between(since, until, c.detected_at)
        )
        verdicts.extend(
            c for c in snapshot.verdicts.get(vendor.pk, ()) if _between(since, until, c.reviewed_at)
        )
    scores: dict[int, int] = defaultdict(int)
    mentioned: dict[int, list[Vendor]] = defaultdict(list)
    for vendor in by_name:
        for article_id, count in snapshot.mentions.get(vendor.pk, ()):
            article = snapshot.articles.get(article_id)
            if article is not None and _between(since, until, article.created_at):
                scores[article_id] += count
                mentioned[article_id].append(vendor)
    for article_id, count in claims_per_article.items():
        if article_id in scores:
            scores[article_id] += 2 * count
    ranked = sorted(
        scores,
        key=lambda a: (-scores[a], -snapshot.articles[a].created_at.timestamp(), -a),
    )[:TOP_ARTICLES]
    articles = tuple(
        ArticleItem(snapshot.articles[a], scores[a], tuple(mentioned[a])) for a in ranked
    )
    conflicts.sort(key=lambda c: (c.detected_at, c.pk))
    verdicts.sort(key=lambda c: (c.reviewed_at, c.pk))
    return DigestContent(
        period, since, until, tuple(groups), tuple(conflicts), tuple(verdicts), articles
    )


def followed_vendor_ids(
    subscriptions: Iterable[Subscription] | None = None,
) -> dict[int, frozenset[int]]:
    """subscription id -> ids of the vendors it follows (empty: all), in one query.

    Without an argument it reads every active subscription's choice (no id list,
    so it stays one query for any number of subscribers).
    """
    through = Subscription.vendors.through.objects
    if subscriptions is None:
        rows = through.filter(subscription__is_active=True)
    else:
        rows = through.filter(subscription_id__in=[s.pk for s in subscriptions])
    followed: dict[int, set[int]] = defaultdict(set)
    for subscription_id, vendor_id in rows.values_list("subscription_id", "vendor_id"):
        followed[subscription_id].add(vendor_id)
    return {key: frozenset(value) for key, value in followed.items()}


def build_digests(
    subscriptions: Iterable[Subscription],
    now: datetime,
    followed: dict[int, frozenset[int]] | None = None,
    periods: dict[int, Period] | None = None,
) -> dict[int, DigestContent]:
    """The digests of many subscribers (subscription id -> content), in a bounded number of queries.

    Subscribers are grouped by frequency (one fetch each) and, within it, by
    what they follow, their minimum confidence and their window: each group's
    digest is assembled once and shared.
    """
    subscriptions = list(subscriptions)
    if followed is None:
        followed = followed_vendor_ids(subscriptions)
    periods = periods or {}
    by_frequency: dict[str, list[tuple[Subscription, Period, tuple[datetime, datetime]]]] = (
        defaultdict(list)
    )
    for sub in subscriptions:
        period = periods.get(sub.pk) or next_period(sub, now)
        by_frequency[sub.frequency].append((sub, period, window_for(sub, period)))
    contents: dict[int, DigestContent] = {}
    for members in by_frequency.values():
        live = [m for m in members if m[2][0] < m[2][1]]
        snapshot = None
        if live:
            everyone = any(not followed.get(sub.pk) for sub, _, _ in live)
            vendor_ids = None if everyone else set().union(*(followed[s.pk] for s, _, _ in live))
            window = (min(w[0] for _, _, w in live), max(w[1] for _, _, w in live))
            snapshot = _fetch(window, vendor_ids, min(s.min_confidence for s, _, _ in live))
        shared: dict[tuple, DigestContent] = {}
        for sub, period, window in members:
            key = (followed.get(sub.pk, frozenset()), sub.min_confidence, window, period)
            if key not in shared:
                shared[key] = (
                    _assemble(snapshot, period, window, key[0], sub.min_confidence)
                    if snapshot is not None
                    else DigestContent(period, *window)
                )
            contents[sub.pk] = shared[key]
    return contents


def build_digest(subscription: Subscription, period: Period) -> DigestContent:
    """One subscriber's digest for one period (the preview and tests use it)."""
    return build_digests([subscription], period.end, periods={subscription.pk: period})[
        subscription.pk
    ]
