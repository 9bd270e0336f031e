"""Benchmark: build (and send) the digests of many subscribers.

    .venv/bin/python bench/digests.py            # 10,000 subscribers, 8 days of news
    .venv/bin/python bench/digests.py --quick    # 1,000 subscribers

Runs on a throw-away database next to the test one (SQLite file under var/,
or bench_<name> on PostgreSQL when DATABASE_URL points there) and prints the
number of queries and the time to build every due digest, then to send them
through the dummy mail backend. Connects to nothing but the database.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

# A Sunday morning: the daily digest due is Saturday's, the weekly one the week before.
NOW = datetime(2026, 11, 29, 6, 0, tzinfo=UTC)
DAYS = 15  # news ingested over the two weeks before NOW
ARTICLES_PER_DAY = 150  # a busy AI-chip news day over ~100 feeds
VENDORS = 40


@contextmanager
def bench_database():
    """A fresh database created and destroyed like the test one, never the real one."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        db["TEST"]["NAME"] = str(Path(settings.VAR_DIR) / "bench-digests.sqlite3")
    else:
        db["TEST"]["NAME"] = f"bench_{db['NAME']}"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


class QueryCounter:
    """Counts queries without keeping them (CaptureQueriesContext stops at 9,000)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


@contextmanager
def counting_queries():
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        yield counter


@contextmanager
def ingestion_times(*models):
    """Let bulk_create keep the created_at we give (it is auto_now_add on the models)."""
    fields = [m._meta.get_field("created_at") for m in models]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f in fields:
            f.auto_now_add = True


def populate(subscribers: int, rng: random.Random) -> dict[str, int]:
    from chips.models import Claim, Conflict, ConflictClaim, Subscription, Vendor, VendorMention
    from newsfeed.models import Article, Source

    vendors = Vendor.objects.bulk_create(
        Vendor(slug=f"vendor-{i}", name=f"Vendor {i:02d}") for i in range(VENDORS)
    )
    # A few vendors get most of the news (and most of the followers): Zipf-like weights.
    weights = [1 / (i + 1) for i in range(VENDORS)]
    sources = Source.objects.bulk_create(
        Source(name=f"Outlet {i}", domain=f"outlet{i}.example") for i in range(60)
    )
    start = NOW - timedelta(days=DAYS)
    articles = []
    for n in range(DAYS * ARTICLES_PER_DAY):
        at = start + timedelta(seconds=rng.uniform(0, DAYS * 86400))
        articles.append(
            Article(
                source=rng.choice(sources),
                url=f"https://news.example/{n}",
                title=f"Story {n}: chips, fabs and export rules",
                text="",
                published_at=at,
                created_at=at,
            )
        )
    claims, mentions = [], []
    with ingestion_times(Article, Claim):
        articles = Article.objects.bulk_create(articles, batch_size=2000)
        for article in articles:
            named = set(rng.choices(vendors, weights, k=rng.randint(1, 3)))
            for vendor in named:
                mentions.append(
                    VendorMention(article=article, vendor=vendor, count=rng.randint(1, 6))
                )
                for k in range(rng.randint(0, 2)):
                    claims.append(
                        Claim(
                            article=article,
                            vendor=vendor,
                            topic=rng.choice(["manufacturing", "availability", "business"]),
                            value=rng.choice(["TSMC", "SMIC", "shipping", ""]),
                            statement=f"{vendor.name} claim {len(claims)}",
                            quote=f"A sentence of article {article.pk} about {vendor.name}, {k}.",
                            confidence=round(rng.uniform(0.2, 0.95), 2),
                            fingerprint=f"{vendor.pk}-{k}",
                            claimed_at=article.created_at,
                            created_at=article.created_at,
                        )
                    )
        VendorMention.objects.bulk_create(mentions, batch_size=2000)
        claims = Claim.objects.bulk_create(claims, batch_size=2000)
    by_vendor: dict[int, list[Claim]] = {}
    for claim in claims:
        by_vendor.setdefault(claim.vendor_id, []).append(claim)
    conflicts, members, seen = [], [], set()
    for _ in range(DAYS * 20):
        pool = by_vendor[rng.choices(vendors, weights)[0].pk]
        a, b = sorted(rng.sample(pool, 2), key=lambda c: c.pk)
        if (a.pk, b.pk) in seen:
            continue
        seen.add((a.pk, b.pk))
        later = max(a.created_at, b.created_at)
        conflicts.append(
            Conflict(
                vendor_id=a.vendor_id,
                topic=a.topic,
                value_a="x",
                value_b="y",
                question_key=f"bench/{a.pk}/{b.pk}",
                detected_at=later,
            )
        )
        members.append((a, b))
    conflicts = Conflict.objects.bulk_create(conflicts)
    ConflictClaim.objects.bulk_create(
        [
            ConflictClaim(conflict=conflict, claim=claim, side=side)
            for conflict, (a, b) in zip(conflicts, members, strict=True)
            for claim, side in ((a, "a"), (b, "b"))
        ]
    )
    reviewed = rng.sample(claims, min(len(claims), DAYS * 40))
    for claim in reviewed:
        claim.status = rng.choice(["verified", "disputed", "rejected"])
        claim.reviewed_at = claim.created_at + timedelta(hours=rng.uniform(1, 48))
    Claim.objects.bulk_update(reviewed, ["status", "reviewed_at"], batch_size=2000)

    subs = Subscription.objects.bulk_create(
        (
            Subscription(
                email=f"reader{i}@example.com",
                frequency="weekly" if rng.random() < 0.3 else "daily",
                min_confidence=rng.choice([0, 0, 0.3, 0.5, 0.7]),
                # Some got yesterday's digest a day late, so their window is longer.
                last_digest_at=(NOW - timedelta(days=2)).replace(hour=0)
                if rng.random() < 0.2
                else None,
            )
            for i in range(subscribers)
        ),
        batch_size=2000,
    )
    through = Subscription.vendors.through
    links = []
    for sub in subs:
        if rng.random() < 0.1:
            continue  # follows every vendor
        for vendor in set(rng.choices(vendors, weights, k=rng.randint(1, 4))):
            links.append(through(subscription_id=sub.pk, vendor_id=vendor.pk))
    through.objects.bulk_create(links, batch_size=5000)
    return {
        "articles": len(articles),
        "claims": len(claims),
        "conflicts": Conflict.objects.count(),
        "verdicts": len(reviewed),
        "subscribers": len(subs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 subscribers")
    parser.add_argument("--subscribers", type=int)
    parser.add_argument(
        "--send",
        type=int,
        metavar="N",
        help="really send (dummy backend) the digests of the first N subscribers "
        "(default 1,000; 200 with --quick)",
    )
    args = parser.parse_args()
    subscribers = args.subscribers or (1_000 if args.quick else 10_000)
    send = args.send if args.send is not None else (200 if args.quick else 1_000)
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"

    from chips.digests.content import build_digests, followed_vendor_ids
    from chips.digests.periods import period_for
    from chips.digests.sending import send_due_digests
    from chips.models import Digest, Subscription

    with bench_database():
        t0 = time.perf_counter()
        sizes = populate(subscribers, random.Random(6))
        print(
            "data: "
            + ", ".join(f"{v:,} {k}" for k, v in sizes.items())
            + f" over {DAYS} days ({time.perf_counter() - t0:.1f} s to load)"
        )

        periods = {f: period_for(f, NOW) for f in ("daily", "weekly")}
        with counting_queries() as captured:
            t0 = time.perf_counter()
            subs = list(Subscription.objects.active())
            followed = followed_vendor_ids()
            contents = build_digests(
                subs, NOW, followed=followed, periods={s.pk: periods[s.frequency] for s in subs}
            )
            build_s = time.perf_counter() - t0
        distinct = len({id(c) for c in contents.values()})
        non_empty = sum(1 for c in contents.values() if not c.is_empty)
        claims = sum(c.claim_count for c in contents.values())
        print(
            f"build: {len(contents):,} digests ({distinct:,} distinct, {non_empty:,} not empty, "
            f"{claims / max(non_empty, 1):.1f} new claims each) in {build_s:.2f} s "
            f"with {captured.count} queries"
        )

        with counting_queries() as captured:
            t0 = time.perf_counter()
            report = send_due_digests(NOW, dry_run=True)
            dry_s = time.perf_counter() - t0
        print(
            f"senddigests --dry-run: {report.summary()} in {dry_s:.2f} s, {captured.count} queries"
        )

        # Sending is one row claim and one record per digest, plus rendering: measured
        # on a sample so `make bench` stays short; the rest are left inactive.
        keep = list(Subscription.objects.order_by("pk").values_list("pk", flat=True)[:send])
        Subscription.objects.exclude(pk__in=keep).update(is_active=False)
        with counting_queries() as queries:
            t0 = time.perf_counter()
            report = send_due_digests(NOW)
            send_s = time.perf_counter() - t0
        sent = report.count("sent")
        print(
            f"send {len(keep):,} (render + dummy backend): {report.summary()} in {send_s:.2f} s "
            f"({1000 * send_s / max(sent, 1):.1f} ms per digest sent), {queries.count:,} queries "
            f"({queries.count / max(sent, 1):.2f} per digest sent)"
        )
        t0 = time.perf_counter()
        again = send_due_digests(NOW)
        print(
            f"second run: {again.summary() if again.outcomes else 'nothing due'} "
            f"in {time.perf_counter() - t0:.2f} s; {Digest.objects.count():,} digest rows"
        )


if __name__ == "__main__":
    main()
