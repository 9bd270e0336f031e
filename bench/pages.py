"""Server time per dashboard page on a big database: p50/p95 over N requests.

    .venv/bin/python bench/pages.py                   # the kept 100,000 databases, else 5,000
    .venv/bin/python bench/pages.py --quick           # 5,000 articles, 15,000 claims
    .venv/bin/python bench/pages.py --articles 100000 --keep   # seed 100,000 once, keep it
    .venv/bin/python bench/pages.py --keep --backend postgresql --only conflicts

Seeds a scratch database with bulk_create (a SQLite file in a temporary
CHIPWATCH_VAR_DIR; and, when DATABASE_URL points at PostgreSQL, a dedicated
database `chipwatch_bench_pages` on that server, dropped afterwards), then
requests every page with Django's test Client (without the test environment's
per-template instrumentation, which a server does not run) and prints the server
time and the number of SQL queries of each. Nothing here touches the network beyond
the database on loopback.

With --keep the seeded databases stay (SQLite under var/bench-pages-N/,
PostgreSQL as `chipwatch_bench_pages_N`) and a later --keep run of the same size
migrates and reuses them instead of seeding again (seeding 100,000 articles
takes minutes). Without --articles or --quick (as `make bench` runs it) a database kept
by an earlier 100,000-article run is reused; where there is none, it seeds 5,000
articles in a scratch database, which takes seconds. When a page misses the target
(p95 over TARGET_MS) the bench prints the slowest page's slowest query and its plan.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "chipwatch_bench_pages"
# Issue 13: every page's p95 server time at 100,000 articles.
TARGET_MS = 50.0


# --- Parent: one child process per database ---------------------------------------------


FULL_SIZE = 100_000
QUICK_SIZE = 5_000


def kept_exists(backend: str, articles: int) -> bool:
    """Whether an earlier --keep run left a seeded database of this size."""
    if backend == "sqlite":
        return (ROOT / "var" / f"bench-pages-{articles}" / "chipwatch.sqlite3").exists()
    import psycopg

    admin = postgres_url(os.environ["DATABASE_URL"], "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        name = f"{BENCH_DB}_{articles}"
        return bool(conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone())


def sized(backend: str, args: argparse.Namespace) -> argparse.Namespace:
    """The run's size for one database: as asked, or by default the kept full-size
    database when there is one (seeding it takes minutes), else a quick scratch one."""
    if args.articles is not None:
        return args
    if kept_exists(backend, FULL_SIZE):
        return argparse.Namespace(**{**vars(args), "articles": FULL_SIZE, "keep": True})
    print(
        f"{backend}: no kept {FULL_SIZE:,}-article database; {QUICK_SIZE:,} articles "
        f"(seed the full one once with --articles {FULL_SIZE} --keep)"
    )
    return argparse.Namespace(**{**vars(args), "articles": QUICK_SIZE})


def database_name(args: argparse.Namespace) -> str:
    # A kept database is named by its size, so a --quick run never reuses a big one.
    return f"{BENCH_DB}_{args.articles}" if args.keep else BENCH_DB


def postgres_url(base: str, name: str) -> str:
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{name}"))


def recreate_postgres(base: str, name: str, drop_only: bool = False, keep: bool = False) -> None:
    import psycopg

    parts = urlsplit(base)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if keep and exists:
            return
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        if not drop_only:
            conn.execute(f"CREATE DATABASE {name}")


def run_child(backend: str, args: argparse.Namespace) -> int:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", FETCH_LOOPBACK_ONLY="1", DEBUG="0")
    # The client asks for Host: localhost; no page sends mail, and none could.
    env.update(
        ALLOWED_HOSTS="localhost", EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
    )
    base = os.environ.get("DATABASE_URL", "")
    name = database_name(args)
    cmd = [sys.executable, __file__, "--child", backend, "--requests", str(args.requests)]
    cmd += ["--articles", str(args.articles), *(["--only", args.only] if args.only else [])]
    with contextlib.ExitStack() as stack:
        if args.keep:
            var_dir = ROOT / "var" / f"bench-pages-{args.articles}"
            var_dir.mkdir(parents=True, exist_ok=True)
        else:
            var_dir = stack.enter_context(tempfile.TemporaryDirectory(prefix="chipwatch-bench-"))
        env["CHIPWATCH_VAR_DIR"] = str(var_dir)
        if backend == "postgresql":
            recreate_postgres(base, name, keep=args.keep)
            env["DATABASE_URL"] = postgres_url(base, name)
        try:
            return subprocess.call(cmd, env=env, cwd=ROOT)
        finally:
            if backend == "postgresql" and not args.keep:
                recreate_postgres(base, name, drop_only=True)


# --- Child: seed, then measure ---------------------------------------------------------------

TOPIC_VALUES = {
    "development": [""],
    "workload": ["training", "inference"],
    "manufacturing": ["SMIC", "TSMC", "Samsung", "7nm", "5nm"],
    "supply_chain": ["domestic", "foreign"],
    "memory": ["HBM2E", "HBM3", "HBM3E", "Samsung", "SK hynix"],
    "performance": ["faster than H20", "1 PFLOPS"],
    "software": ["CUDA", "PyTorch", "CANN"],
    "availability": ["testing", "sampling", "shipping"],
    "export_controls": ["banned", "licensed"],
    "business": ["large order", "new investment"],
}
SENTENCES = [
    "{vendor} is said to have taped out the {chip} on {value}.",
    "According to people familiar with the matter, {vendor} will ship the {chip} next quarter.",
    "The {chip} from {vendor} reportedly relies on {value} for its memory.",
    "Analysts expect {vendor} to expand capacity as demand for AI accelerators grows.",
    "{vendor} denied that the {chip} was made by {value}.",
    "Customers are testing the {chip} for inference workloads in data centres.",
    "Export controls could limit sales of the {chip} in China, sources said.",
]


def seed(n_articles: int, claims_per_article: int, rng: random.Random) -> None:
    from django.core.management import call_command

    from chips.models import (
        Chip,
        ChipMention,
        Claim,
        Conflict,
        ConflictClaim,
        Vendor,
        VendorMention,
    )
    from newsfeed.models import Article, Feed, FeedEntry

    call_command("loadseeds", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    vendors = list(Vendor.objects.all())
    chips_by_vendor: dict[int, list[Chip]] = {}
    for chip in Chip.objects.all():
        chips_by_vendor.setdefault(chip.vendor_id, []).append(chip)
    feeds = list(Feed.objects.select_related("source"))
    now = datetime.now(UTC)
    topics = list(TOPIC_VALUES)
    claim_ids_by_key: dict[tuple[int, str], list[int]] = {}
    batch = 5000
    made = 0
    while made < n_articles:
        size = min(batch, n_articles - made)
        articles, picks = [], []
        for i in range(made, made + size):
            vendor = rng.choice(vendors)
            chips = chips_by_vendor.get(vendor.pk) or [None]
            chip = rng.choice(chips)
            feed = rng.choice(feeds)
            fill = {
                "vendor": vendor.name,
                "chip": chip.name if chip else "new accelerator",
                "value": rng.choice(TOPIC_VALUES["manufacturing"]),
            }
            sentences = [s.format(**fill) for s in rng.sample(SENTENCES, 4)]
            if i % 1000 == 0:
                sentences.append("Zhaoxin was mentioned in passing.")  # a rare search term
            published = now - timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60))
            articles.append(
                Article(
                    feed=feed,
                    source=feed.source,
                    url=f"https://bench.example/{i}",
                    entry_id=f"bench-{i}",
                    title=f"{vendor.name} {fill['chip']}: story {i}",
                    summary=sentences[0],
                    text="\n\n".join(sentences),
                    published_at=published,
                    fetched_at=published,
                    # Steady state: fetched and analysed (the feeds page counts both).
                    fetch_state=Article.FetchState.DONE,
                    analysis_state=Article.AnalysisState.DONE,
                )
            )
            picks.append((vendor, chip, sentences))
        Article.objects.bulk_create(articles, batch_size=1000)
        FeedEntry.objects.bulk_create(
            [FeedEntry(feed=a.feed, article=a, entry_id=a.entry_id) for a in articles],
            batch_size=1000,
        )
        VendorMention.objects.bulk_create(
            [
                VendorMention(article=a, vendor=v)
                for a, (v, _, _) in zip(articles, picks, strict=True)
            ],
            batch_size=2000,
        )
        ChipMention.objects.bulk_create(
            [
                ChipMention(article=a, chip=c)
                for a, (_, c, _) in zip(articles, picks, strict=True)
                if c
            ],
            batch_size=2000,
        )
        claims = []
        for article, (vendor, chip, sentences) in zip(articles, picks, strict=True):
            for j in range(claims_per_article):
                topic = rng.choice(topics)
                quote = sentences[j % len(sentences)]
                claims.append(
                    Claim(
                        article=article,
                        vendor=vendor,
                        chip=chip if rng.random() < 0.7 else None,
                        topic=topic,
                        polarity="deny" if rng.random() < 0.1 else "affirm",
                        value=rng.choice(TOPIC_VALUES[topic]),
                        statement=f"{vendor.name}: {quote[:120]}",
                        quote=quote,
                        origin=rng.choice(["", "", "The Wall Street Journal", "Reuters"]),
                        confidence=round(rng.uniform(0.2, 0.95), 2),
                        status=rng.choice(["unverified"] * 6 + ["verified", "disputed"]),
                        claimed_at=article.published_at,
                        fingerprint=hashlib.sha1(
                            f"{article.url}|{j}".encode(), usedforsecurity=False
                        ).hexdigest(),
                    )
                )
        Claim.objects.bulk_create(claims, batch_size=2000)
        for claim in claims:
            claim_ids_by_key.setdefault((claim.vendor_id, claim.topic), []).append(claim.pk)
        made += size
        print(f"  seeded {made:,} articles", file=sys.stderr, end="\r")
    print(file=sys.stderr)

    # Conflicts: pairs of claims about one vendor and topic (1 per 100 claims).
    pairs: set[tuple[int, int, int, str]] = set()
    keys = [k for k, ids in claim_ids_by_key.items() if len(ids) > 1]
    target = max(10, n_articles * claims_per_article // 100)
    while len(pairs) < target:
        vendor_id, topic = rng.choice(keys)
        a, b = sorted(rng.sample(claim_ids_by_key[(vendor_id, topic)], 2))
        pairs.add((a, b, vendor_id, topic))
    # Each pair is a dispute of its own (a synthetic question key), its claims one a side.
    disputes = Conflict.objects.bulk_create(
        [
            Conflict(
                vendor_id=v,
                topic=t,
                value_a="x",
                value_b="y",
                question_key=f"bench/{a}/{b}",
                status=(status := rng.choice(["open", "open", "resolved"])),
                outcome="" if status == "open" else "both_true_in_time",
                detected_at=now - timedelta(minutes=rng.randrange(0, 365 * 24 * 60)),
            )
            for a, b, v, t in pairs
        ],
        batch_size=2000,
    )
    ConflictClaim.objects.bulk_create(
        [
            ConflictClaim(conflict_id=d.pk, claim_id=claim_id, side=side)
            for d, (a, b, _, _) in zip(disputes, pairs, strict=True)
            for claim_id, side in ((a, "a"), (b, "b"))
        ],
        batch_size=2000,
    )


def is_seeded() -> bool:
    """A kept database seeded to the end (the disputes are made last)."""
    from chips.models import Conflict

    return Conflict.objects.filter(question_key__startswith="bench/").exists()


def settle() -> None:
    """Steady state, as autovacuum keeps it: statistics and a visibility map, so counts
    are answered from indexes alone."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def busiest_vendor_id() -> int:
    from django.db.models import Count

    from chips.models import Claim

    row = Claim.objects.order_by().values("vendor_id").annotate(n=Count("pk")).order_by("-n")[0]
    return row["vendor_id"]


Result = tuple[str, str, dict, float, float, int, float, float]


def server_client():
    """A test Client as a server would answer it. setup_test_environment() is not run: it
    makes every template render (each {% include %}) copy its whole context for
    assertions, a cost that grows with the includes and that no server pays."""
    from django.test import Client

    return Client(SERVER_NAME="localhost")


def measure(requests: int, vendor_id: int, only: str = "") -> list[Result]:
    from django.core import signals
    from django.db import close_old_connections, connection
    from django.test.utils import CaptureQueriesContext

    from chips.models import Chip, Claim, Vendor
    from newsfeed.models import Article

    client = server_client()
    vendor = Vendor.objects.get(pk=vendor_id)
    chip = Chip.objects.filter(vendor=vendor).first() or Chip.objects.first()
    claim = Claim.objects.order_by("-pk").first()
    article = Article.objects.order_by("-pk").first()
    first = client.get(f"/vendors/{vendor.slug}/").content.decode()
    cursor = first.split("after=")[1].split('"')[0] if "after=" in first else ""
    htmx = {"HTTP_HX_REQUEST": "true"}
    pages = [
        ("/", "/", {}),
        ("/vendors/", "/vendors/", {}),
        ("/vendors/<slug>/", f"/vendors/{vendor.slug}/", {}),
        ("  filtered (htmx)", f"/vendors/{vendor.slug}/?topic=memory&min_confidence=0.8", htmx),
        ("  load more (htmx)", f"/vendors/{vendor.slug}/?after={cursor}", htmx),
        ("/chips/<slug>/", f"/chips/{chip.slug}/", {}),
        ("/conflicts/", "/conflicts/", {}),
        ("  filtered (htmx)", f"/conflicts/?vendor={vendor.slug}&status=open", htmx),
        ("/claims/<id>/", f"/claims/{claim.pk}/", {}),
        ("/articles/<id>/", f"/articles/{article.pk}/", {}),
        ("/search/?q=Zhaoxin (rare)", "/search/?q=Zhaoxin", {}),
        ("/search/?q=SMIC (common)", "/search/?q=SMIC", {}),
        ("/feeds/", "/feeds/", {}),
    ]
    results = []
    for label, url, headers in pages:
        if only and only not in label and only not in url:
            continue
        # Count on one connection kept open (as pytest-django does): closing
        # it at the end of the request would lose the captured queries.
        signals.request_finished.disconnect(close_old_connections)
        try:
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url, **headers)
        finally:
            signals.request_finished.connect(close_old_connections)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)  # now: the next request clears the log it reads
        # The SQL's share of that request (as the driver waited for it), to tell the
        # database's time from rendering's.
        sql_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000
        timings, cpu = [], []
        for _ in range(requests):
            started, cpu_started = time.perf_counter(), time.process_time()
            client.get(url, **headers)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
        # CPU time of this process (rendering, the ORM, the driver; not the database
        # server's): on a shared machine wall time also counts waiting for a core.
        cpu_ms = statistics.median(cpu)
        results.append(
            (label, url, headers, statistics.median(timings), p95, queries, sql_ms, cpu_ms)
        )
    return results


def explain_slowest(results: list[Result]) -> None:
    """The slowest page's slowest query and the database's plan for it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    label, url, headers, _, p95, _, _, _ = max(results, key=lambda r: r[4])
    with CaptureQueriesContext(connection) as captured:
        server_client().get(url, **headers)
    query = max(captured.captured_queries, key=lambda q: float(q["time"]))
    print(f"\nslowest page: {label.strip()} ({url}), p95 {p95:.1f} ms > {TARGET_MS:.0f} ms")
    print(f"its slowest query ({float(query['time']) * 1000:.1f} ms):\n  {query['sql']}")
    analyze = "EXPLAIN ANALYZE" if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN"
    with connection.cursor() as cursor:
        # The logged SQL has its parameters inlined, as the database ran it.
        cursor.execute(f"{analyze} {query['sql']}")
        for row in cursor.fetchall():
            print("  " + " ".join(str(col) for col in row))


def child(backend: str, n_articles: int, requests: int, only: str) -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    reused = is_seeded()
    if not reused:
        seed(n_articles, 3, random.Random(5))
    settle()
    seeded_in = time.perf_counter() - started
    from chips.models import Claim
    from newsfeed.models import Article

    how = "reused, migrated" if reused else "seeded"
    print(
        f"{backend}: {Article.objects.count():,} articles, {Claim.objects.count():,} claims "
        f"({how} in {seeded_in:.0f} s); {requests} requests per page"
    )
    print(f"{'page':<30} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'SQL ms':>8} {'CPU ms':>8}")
    results = measure(requests, busiest_vendor_id(), only)
    for label, _, _, p50, p95, queries, sql_ms, cpu_ms in results:
        print(f"{label:<30} {p50:>8.1f} {p95:>8.1f} {queries:>8} {sql_ms:>8.1f} {cpu_ms:>8.1f}")
    if results and max(r[4] for r in results) > TARGET_MS:
        explain_slowest(results)
    sys.stdout.flush()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5,000 articles / 15,000 claims")
    parser.add_argument(
        "--articles",
        type=int,
        default=None,
        help=f"articles (3 claims each); default: a kept {FULL_SIZE:,}, else {QUICK_SIZE:,}",
    )
    parser.add_argument("--requests", type=int, default=10, help="requests per page")
    parser.add_argument(
        "--backend",
        choices=["sqlite", "postgresql"],
        action="append",
        help="only this database (repeatable); PostgreSQL needs DATABASE_URL",
    )
    parser.add_argument("--keep", action="store_true", help="keep the databases, reuse them")
    parser.add_argument("--only", default="", help="only pages whose label or URL has this")
    parser.add_argument("--child", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick and args.articles is None:
        args.articles = QUICK_SIZE
    if args.child:
        child(args.child, args.articles, args.requests, args.only)
        return 0
    backends = args.backend or ["sqlite", "postgresql"]
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        if "postgresql" in (args.backend or []):
            parser.error("--backend postgresql needs DATABASE_URL=postgres://…")
        backends = [b for b in backends if b != "postgresql"]
    status = 0
    for backend in backends:
        status |= run_child(backend, sized(backend, args))
        print()
    return status


if __name__ == "__main__":
    sys.exit(main())
