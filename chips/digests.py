"""Email digests: which period is due, what is new in it, and sending each once.

Period rules (all in UTC, the site's time zone):

- daily: the previous complete calendar day, [D-1 00:00, D 00:00). It is due
  from 00:00 on day D.
- weekly: the previous complete ISO week, Monday 00:00 to the next Monday
  00:00. It is due from Monday 00:00.

The beat runs `send_due_digests` hourly; the first run after a period ends
sends its digests and later runs find them done (a Digest row per subscriber
and period start, unique in the database).

"New" means ingested into ChipWatch (`created_at`, not the publication date:
an old article found today is news to the reader) within the subscriber's
window, which ends at the period's end and starts:

- at the end of the period of their last digest sent (`last_digest_at`), so
  nothing falls between two digests, even across empty or failed periods;
- at the period's start for a new subscriber (they get the last period);
- never more than LOOKBACK_PERIODS periods back, so someone who comes back
  after months is not sent the archive.

Within the window a digest holds: the new claims of the vendors followed (all
vendors when none is chosen) at or above the subscriber's minimum confidence,
grouped by vendor; the conflicts detected in the window that are still open,
both claims side by side; the verdicts editors gave in the window
(`Claim.reviewed_at`); and the new articles that matter most to the
subscriber (mentions of the vendors followed, plus twice the number of the
digest's claims they carry). A digest with none of these is not sent.

Scale: `build_digests` fetches the window's claims, verdicts, conflicts and
articles once per frequency and assembles every subscriber's digest in
Python; subscribers who follow the same vendors with the same settings and
window share one computed digest. The number of queries does not depend on
the number of subscribers.
"""

from __future__ import annotations

import difflib
import smtplib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import make_msgid
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from chips.models import (
    Claim,
    Conflict,
    Digest,
    DigestFrequency,
    DigestStatus,
    Subscription,
    Vendor,
    VendorMention,
)
from newsfeed.models import Article

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

LOOKBACK_PERIODS = 2
TOP_ARTICLES = 5
CLAIMS_PER_VENDOR = 8  # shown in the email; the rest are counted and linked
UNSUBSCRIBE_SALT = "chips.unsubscribe"
# A digest may be read long after it arrives; its unsubscribe link should still work.
UNSUBSCRIBE_MAX_AGE = timedelta(days=400)

_LENGTH = {DigestFrequency.DAILY: timedelta(days=1), DigestFrequency.WEEKLY: timedelta(weeks=1)}


# --- Periods (pure) -----------------------------------------------------------


@dataclass(frozen=True)
class Period:
    frequency: str
    start: datetime
    end: datetime

    @property
    def label(self) -> str:
        """'28 Nov' for a day, 'week of 23 Nov' for a week."""
        day = f"{self.start.day} {self.start:%b}"
        return f"week of {day}" if self.frequency == DigestFrequency.WEEKLY else day

    def following(self) -> Period:
        length = self.end - self.start
        return Period(self.frequency, self.end, self.end + length)


def period_for(frequency: str, now: datetime) -> Period:
    """The last complete period of this frequency at `now` (the one due to be sent)."""
    if frequency not in _LENGTH:
        raise ValueError(f"unknown digest frequency {frequency!r}")
    midnight = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    if frequency == DigestFrequency.DAILY:
        end = midnight
    else:
        end = midnight - timedelta(days=midnight.weekday())  # this week's Monday
    return Period(frequency, end - _LENGTH[frequency], end)


def current_period(frequency: str, now: datetime) -> Period:
    """The period in progress at `now` (today, this week): nothing can be sent for it yet,
    but a preview of it shows a new subscriber what came in so far."""
    return period_for(frequency, now).following()


def window_for(subscription: Subscription, period: Period) -> tuple[datetime, datetime]:
    """[since, until): what counts as new for this subscriber in this period."""
    since = subscription.last_digest_at or period.start
    earliest = period.end - LOOKBACK_PERIODS * (period.end - period.start)
    return max(since, earliest), period.end


def next_period(subscription: Subscription, now: datetime) -> Period:
    """The period of the subscriber's next digest: the due one, or the one in progress."""
    period = period_for(subscription.frequency, now)
    if subscription.last_digest_at and subscription.last_digest_at >= period.end:
        return period.following()
    return period


# --- Content -----------------------------------------------------------------


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


def preview_digest(
    subscription: Subscription, now: datetime, *, current: bool = False
) -> tuple[DigestContent, EmailMultiAlternatives]:
    """The subscriber's next digest as it would go out, without sending or recording anything.

    current=True previews the period in progress instead (what came in so far): on a
    subscriber's first day the next digest covers yesterday, before they arrived.
    """
    period = (
        current_period(subscription.frequency, now) if current else next_period(subscription, now)
    )
    content = build_digest(subscription, period)
    return content, render_digest(subscription, content)


# --- Email -----------------------------------------------------------------------


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


# --- Sending exactly once ------------------------------------------------------------


@dataclass(frozen=True)
class DigestOutcome:
    email: str
    period: Period
    result: str  # sent, would send, empty, failed, skipped
    content: DigestContent | None = None
    error: str = ""

    def line(self) -> str:
        counts = ""
        if self.content is not None:
            c = self.content
            counts = (
                f" {c.claim_count} claims, {len(c.conflicts)} conflicts,"
                f" {len(c.verdicts)} verdicts, {len(c.articles)} articles"
            )
        error = f" ({self.error})" if self.error else ""
        return (
            f"{self.result:<10} {self.email} {self.period.frequency}"
            f" {self.period.start:%Y-%m-%d}:{counts}{error}"
        )


@dataclass
class SendReport:
    outcomes: list[DigestOutcome] = field(default_factory=list)

    def count(self, result: str) -> int:
        return sum(1 for o in self.outcomes if o.result == result)

    def summary(self) -> str:
        results = ("sent", "would send", "empty", "failed", "skipped")
        return ", ".join(f"{self.count(r)} {r}" for r in results)

    def as_dict(self) -> dict[str, int]:
        return {r: self.count(r) for r in ("sent", "would send", "empty", "failed", "skipped")}


def due_subscriptions(now: datetime) -> list[tuple[Subscription, Period]]:
    """Active subscribers whose digest for the last complete period is not settled yet."""
    subscriptions = list(Subscription.objects.active().order_by("pk"))
    periods = {f: period_for(f, now) for f in DigestFrequency.values}
    rows = _rows_for([(None, p) for p in periods.values()])
    due = []
    for sub in subscriptions:
        period = periods[sub.frequency]
        row = rows.get((sub.pk, period.start))
        # Covered already, e.g. by a daily digest before the switch to weekly.
        covered = sub.last_digest_at is not None and sub.last_digest_at >= period.end
        if not covered and (row is None or not row.is_settled):
            due.append((sub, period))
    return due


def _claim(digest: Digest, now: datetime) -> bool:
    """Take the right to send this digest: only one run's conditional UPDATE matches the row."""
    return bool(
        Digest.objects.filter(
            pk=digest.pk,
            status__in=[DigestStatus.PENDING, DigestStatus.FAILED],
            attempts__lt=Digest.MAX_ATTEMPTS,
        ).update(status=DigestStatus.SENDING, attempts=F("attempts") + 1, claimed_at=now)
    )


def _record_sent(digest: Digest, subscription: Subscription, message_id: str) -> None:
    with transaction.atomic():
        Digest.objects.filter(pk=digest.pk, status=DigestStatus.SENDING).update(
            status=DigestStatus.SENT, sent_at=timezone.now(), message_id=message_id, last_error=""
        )
        # The cursor only moves forward, whatever order runs finish in.
        Subscription.objects.filter(pk=subscription.pk).filter(
            Q(last_digest_at__isnull=True) | Q(last_digest_at__lt=digest.period_end)
        ).update(last_digest_at=digest.period_end, last_sent_period=digest.period_start)


def _rows_for(pairs: list[tuple[Subscription | None, Period]]) -> dict[tuple, Digest]:
    """The Digest rows of these periods, by (subscription id, period start), in one query."""
    starts = {period.start for _, period in pairs}
    return {
        (d.subscription_id, d.period_start): d
        for d in Digest.objects.filter(period_start__in=starts, subscription__is_active=True)
    }


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def preview_current_digests(now: datetime | None = None) -> SendReport:
    """Every active subscriber's digest of the period in progress, so far (sends and
    records nothing: `senddigests --dry-run --period current`)."""
    now = now or timezone.now()
    subscriptions = list(Subscription.objects.active().order_by("pk"))
    periods = {sub.pk: current_period(sub.frequency, now) for sub in subscriptions}
    contents = build_digests(subscriptions, now, followed=followed_vendor_ids(), periods=periods)
    report = SendReport()
    for sub in subscriptions:
        content = contents[sub.pk]
        result = "empty" if content.is_empty else "would send"
        report.outcomes.append(DigestOutcome(sub.email, periods[sub.pk], result, content))
    return report


def send_due_digests(now: datetime | None = None, dry_run: bool = False) -> SendReport:
    """Build and send every digest that is due; safe to run twice, in parallel, or after a crash.

    dry_run builds and reports but sends nothing and records nothing.
    """
    now = now or timezone.now()
    report = SendReport()
    due = due_subscriptions(now)
    if not due:
        return report
    periods = {sub.pk: period for sub, period in due}
    contents = build_digests(
        [sub for sub, _ in due], now, followed=followed_vendor_ids(), periods=periods
    )
    if dry_run:
        for sub, period in due:
            content = contents[sub.pk]
            result = "empty" if content.is_empty else "would send"
            report.outcomes.append(DigestOutcome(sub.email, period, result, content))
        return report

    for batch in _chunks(due, 500):
        Digest.objects.bulk_create(
            [
                Digest(
                    subscription=sub,
                    frequency=period.frequency,
                    period_start=period.start,
                    period_end=period.end,
                    status=DigestStatus.EMPTY
                    if contents[sub.pk].is_empty
                    else DigestStatus.PENDING,
                    claim_count=contents[sub.pk].claim_count,
                    conflict_count=len(contents[sub.pk].conflicts),
                    verdict_count=len(contents[sub.pk].verdicts),
                    article_count=len(contents[sub.pk].articles),
                )
                for sub, period in batch
            ],
            # A parallel run may have inserted the same (subscription, period) first.
            ignore_conflicts=True,
        )
    rows = _rows_for(due)
    connection = get_connection()
    try:
        for sub, period in due:
            content = contents[sub.pk]
            row = rows.get((sub.pk, period.start))
            if row is None:  # unsubscribed while this run was under way
                report.outcomes.append(DigestOutcome(sub.email, period, "skipped", content))
                continue
            if row.status == DigestStatus.EMPTY:
                report.outcomes.append(DigestOutcome(sub.email, period, "empty", content))
                continue
            # Rendered before the claim, so a template error leaves the row pending.
            message = render_digest(sub, content)
            message.connection = connection
            if not _claim(row, now):
                report.outcomes.append(DigestOutcome(sub.email, period, "skipped", content))
                continue
            try:
                message.send()
            except (smtplib.SMTPException, OSError) as error:
                Digest.objects.filter(pk=row.pk, status=DigestStatus.SENDING).update(
                    status=DigestStatus.FAILED, last_error=str(error)[:2000]
                )
                connection.close()  # the next message opens a fresh connection
                report.outcomes.append(
                    DigestOutcome(sub.email, period, "failed", content, str(error))
                )
                continue
            _record_sent(row, sub, message.extra_headers["Message-ID"])
            report.outcomes.append(DigestOutcome(sub.email, period, "sent", content))
    finally:
        connection.close()
    return report


# --- Subscribing --------------------------------------------------------------------------


def closest_vendor(
    typed: str, names: dict[str, str], aliases: dict[str, list[str]] | None = None
) -> str | None:
    """The slug of the vendor `typed` most likely meant ("hauwei" → "huawei"), or None.

    Compares case-insensitively against each vendor's slug, name and aliases.
    """
    spellings: dict[str, str] = {}
    for slug, name in names.items():
        for spelling in (slug, name, *((aliases or {}).get(slug) or [])):
            spellings.setdefault(str(spelling).casefold(), slug)
    match = difflib.get_close_matches(typed.casefold(), list(spellings), n=1, cutoff=0.75)
    return spellings[match[0]] if match else None


def subscribe(
    email: str,
    vendor_slugs: Iterable[str] = (),
    frequency: str | None = None,
    min_confidence: float | None = None,
) -> tuple[Subscription, bool]:
    """Create or update the subscription of an address (re-activating it). No vendors = all.

    Raises ValidationError for a bad address, unknown vendor slugs, a bad
    frequency or a confidence outside 0..1; nothing is saved then.
    """
    email = email.strip().lower()
    validate_email(email)
    slugs = sorted(set(vendor_slugs))
    vendors = list(Vendor.objects.filter(slug__in=slugs))
    unknown = sorted(set(slugs) - {v.slug for v in vendors})
    if unknown:
        rows = Vendor.objects.values_list("slug", "name", "aliases")
        names = {slug: name for slug, name, _ in rows}
        aliases = {slug: spellings for slug, _, spellings in rows}
        described = []
        for slug in unknown:
            guess = closest_vendor(slug, names, aliases)
            described.append(f"{slug} (did you mean {guess}?)" if guess else slug)
        raise ValidationError(f"unknown vendor(s): {', '.join(described)}")
    if frequency is not None and frequency not in DigestFrequency.values:
        raise ValidationError(f"frequency must be daily or weekly, not {frequency!r}")
    if min_confidence is not None and not 0 <= min_confidence <= 1:
        raise ValidationError("min confidence must be between 0 and 1")
    with transaction.atomic():
        subscription, created = Subscription.objects.get_or_create(email=email)
        if frequency is not None:
            subscription.frequency = frequency
        if min_confidence is not None:
            subscription.min_confidence = min_confidence
        subscription.is_active = True
        subscription.save()
        subscription.vendors.set(vendors)
    return subscription, created


def subscription_for_user(user: AbstractBaseUser) -> Subscription:
    """The signed-in user's subscription: theirs, one made for their address, or a new one.

    The new one is not saved until the user submits the form.
    """
    existing = Subscription.objects.filter(user=user).first()
    if existing is None and user.email:
        existing = Subscription.objects.filter(email=user.email.lower(), user__isnull=True).first()
    return existing or Subscription(user=user, email=(user.email or "").strip().lower())
