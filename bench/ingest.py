"""Ingest speed beside a bare loop, every path measured in one run (issue 13's figures).

    .venv/bin/python bench/ingest.py [--quick] [--pages N] [--per-feed N] [--only MODE ...]
    .venv/bin/python bench/ingest.py --memory 10000   # one worker's RSS over 10,000 articles

One loopback HTTP server (tests/httpserver.py) in this process serves N generated article
pages (~60 KB each, most of it markup, dense with claims about a few contested chips) and
their RSS feeds. Each path then runs in its own child process over the same pages:

- bare: one process, no database: GET feed, feedparser, GET page, trafilatura. The floor.
- pollfeeds: `manage.py pollfeeds --all` in one process, SQLite, catalogue from
  `loadseeds`. Each stage's share (fetch, extract, tag, claims, conflicts, DB) is measured
  by wrapping the stage functions with perf counters in that child only (exclusive time:
  SQL issued inside `record_claims` counts as DB, not claims); production code is untouched.
- celery-pg: 2 Celery workers, Redis (our own redis-server on a free loopback port) and
  PostgreSQL (a scratch database on 127.0.0.1:5432, dropped afterwards). Skipped with a
  reason when either is unavailable.
- celery-embedded: 2 Celery workers, the default filesystem broker and SQLite.

For each: articles/s, the ratio to the bare loop, claims and conflict rows stored, the
peak RSS of the process(es) that did the work and (bare, pollfeeds) that process's CPU
seconds, steadier than the rate on a shared machine. Nothing leaves loopback. Absolute times on a
shared machine are noise; the ratios are the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TIMEOUT = float(
    os.environ.get("BENCH_TIMEOUT", 600)
)  # seconds per path: a stuck path reports, not hangs
MODES = ("bare", "pollfeeds", "celery-pg", "celery-embedded")
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")

# A few contested chips, and what stories say (and deny) about them: claim-dense text.
CHIPS = [
    ("Huawei", "Ascend 910C"),
    ("Huawei", "Ascend 910B"),
    ("Nvidia", "H20"),
    ("Cambricon", "MLU590"),
]
FOUNDRIES = ["SMIC", "TSMC", "Samsung"]
SENTENCES = [
    "{vendor}'s {chip} is made by {foundry}, according to people who have seen the wafers.",
    "{vendor}'s {chip} is not made by {other}.",
    "Analysts said the {chip} from {vendor} is manufactured by {foundry} on a 7 nm process.",
    "Reports that {other} manufactured {vendor}'s {chip} are false, the company said.",
    "The {chip} uses HBM3 memory and is fabricated by {foundry}.",
    "{vendor} began mass production of the {chip} this quarter.",
    "The {chip} is banned in China under the latest export rules.",
]


def story(n: int) -> list[str]:
    """Paragraphs of article n: every sentence asserts or denies something about a chip."""
    # A lead of its own: syndication detection hashes an article's first words.
    paragraphs = [f"Dispatch {n} from the chip desk, filed as item {n * 7919 % 100003}."]
    for p in range(6):
        sentences = []
        for s in range(len(SENTENCES)):
            vendor, chip = CHIPS[(n + p + s) % len(CHIPS)]
            foundry = FOUNDRIES[(n + p) % len(FOUNDRIES)]
            other = FOUNDRIES[(n + p + 1) % len(FOUNDRIES)]
            template = SENTENCES[(n + s) % len(SENTENCES)]
            sentences.append(
                template.format(vendor=vendor, chip=chip, foundry=foundry, other=other)
            )
        paragraphs.append(" ".join(sentences))
    return paragraphs


def page(n: int) -> bytes:
    """About 60 KB: a real page's navigation, scripts, styles, related links and footer."""
    nav = "".join(
        f"<li class='nav-item nav-item--{i}'><a class='nav-link' href='/section/{i}' "
        f"data-track='nav-{i}'>Section {i}</a></li>"
        for i in range(60)
    )
    related = "".join(
        f"<aside class='related card card--small'><a href='/news/r{n}-{i}'><img src='/img/{i}.jpg'"
        f" alt='' width='120' height='80' loading='lazy'><span class='headline'>Related headline"
        f" {i} about memory prices and foundry capacity</span></a></aside>"
        for i in range(80)
    )
    script = "<script>" + "window.dataLayer=window.dataLayer||[];" * 300 + "</script>"
    style = "<style>" + "".join(f".c{i}{{margin:{i}px;padding:0}}" for i in range(600)) + "</style>"
    body = "".join(f"<p>{text}</p>" for text in story(n))
    footer = "".join(f"<a href='/about/{i}'>Footer link {i}</a>" for i in range(120))
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Chip story {n}</title>{style}{script}</head><body><header><nav><ul>{nav}"
        f"</ul></nav></header><main><article><h1>Chip story {n}</h1>"
        f"<p class='byline'>By A. Reporter</p>{body}</article>{related}</main>"
        f"<footer>{footer}</footer></body></html>"
    ).encode()


# Stories ten minutes apart, newest first, all before the run: ingest drops a future date.
LATEST = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=10)
REPORTERS = ["A. Reporter", "B. Writer", "C. Correspondent", "D. Analyst", "E. Editor"]


def rss(base: str, numbers: range, feed: int) -> bytes:
    """Each item dated and signed, as real feeds' are (RFC 822 pubDate, dc:creator)."""
    items = "".join(
        f"<item><title>Chip story {n}</title><link>{base}/news/{n}</link>"
        f"<guid>{base}/news/{n}</guid><description>Summary {n}.</description>"
        f"<pubDate>{format_datetime(LATEST - timedelta(minutes=10 * n), usegmt=True)}</pubDate>"
        f"<dc:creator>{REPORTERS[n % len(REPORTERS)]}</dc:creator></item>"
        for n in numbers
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'"
        " xmlns:dc='http://purl.org/dc/elements/1.1/'><channel>"
        f"<title>Bench feed {feed}</title><link>{base}/</link><description>bench</description>"
        f"{items}</channel></rss>"
    ).encode()


def serve(pages: int, per_feed: int, lazy: bool = False):
    """The pages and feeds on a loopback server; `lazy` makes each page when it is asked
    for (10,000 pages held at once would be 600 MB of this process)."""
    from tests.httpserver import LoopbackServer, Response

    server = LoopbackServer().start()
    base = server.url("").rstrip("/")
    html = {"Content-Type": "text/html; charset=utf-8"}
    size = 0
    for n in range(pages):
        if lazy:
            server.route(f"/news/{n}", handler=lambda _, n=n: Response(200, page(n), html))
            size += len(page(0)) if n == 0 else 0
            continue
        body = page(n)
        size += len(body)
        server.route(f"/news/{n}", body=body, headers=html)
    feeds = []
    for i in range((pages + per_feed - 1) // per_feed):
        path = f"/feeds/{i}.xml"
        numbers = range(i * per_feed, min(pages, (i + 1) * per_feed))
        server.route(
            path, body=rss(base, numbers, i), headers={"Content-Type": "application/rss+xml"}
        )
        feeds.append(server.url(path))
    return server, feeds, size / (1 if lazy else pages)


# ---------------------------------------------------------------- child: the bare loop


def run_bare(feeds: list[str]) -> dict:
    import feedparser
    import httpx
    import trafilatura

    started, cpu = time.perf_counter(), time.process_time()
    count = 0
    with httpx.Client() as client:
        for url in feeds:
            parsed = feedparser.parse(client.get(url).content)
            for entry in parsed.entries:
                response = client.get(entry.link)
                if trafilatura.extract(response.text, url=entry.link):
                    count += 1
    return {
        "elapsed": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "articles": count,
        "rss": own_rss(),
    }


# ---------------------------------------------------------------- child: ChipWatch paths


def own_rss() -> float:
    """Peak resident memory of this process, MB (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def process_rss(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a live process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # utime and stime are the 14th and 15th fields (the 12th and 13th after the name).
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# A worker under cProfile (`--profile`): celery's own entry point, profiled until the
# worker's warm shutdown returns; solo pool, so every task runs in this one process.
WORKER_PROFILED = """
import cProfile, sys
from celery.__main__ import main
profiler = cProfile.Profile()
sys.argv = ["celery", *sys.argv[2:]]
profiler.enable()
try:
    main()
finally:
    profiler.disable()
    profiler.dump_stats(PROFILE_FILE)
"""


class Stages:
    """Exclusive wall time per stage: entering a stage pauses the one it is called from."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = {}
        self.stack: list[list] = []  # [stage, started]

    def enter(self, stage: str) -> None:
        now = time.perf_counter()
        if self.stack:
            outer = self.stack[-1]
            self.totals[outer[0]] = self.totals.get(outer[0], 0.0) + now - outer[1]
        self.stack.append([stage, now])

    def leave(self) -> None:
        now = time.perf_counter()
        stage, started = self.stack.pop()
        self.totals[stage] = self.totals.get(stage, 0.0) + now - started
        if self.stack:
            self.stack[-1][1] = now

    def wrap(self, stage: str, function):
        def timed(*args, **kwargs):
            self.enter(stage)
            try:
                return function(*args, **kwargs)
            finally:
                self.leave()

        return timed

    def patch_function(self, stage: str, module: str, name: str) -> None:
        """Replace the function wherever it is bound (its module and every importer)."""
        original = getattr(sys.modules[module], name)
        timed = self.wrap(stage, original)
        for loaded in list(sys.modules.values()):
            if getattr(loaded, name, None) is original:
                setattr(loaded, name, timed)

    def patch_method(self, stage: str, cls, name: str) -> None:
        setattr(cls, name, self.wrap(stage, getattr(cls, name)))

    def sql(self, execute, sql, params, many, context):
        self.enter("DB")
        try:
            return execute(sql, params, many, context)
        finally:
            self.leave()


def instrument() -> Stages:
    import importlib

    for module in (
        "newsfeed.ingest",
        "newsfeed.analysing",
        "newsfeed.parsing",
        "newsfeed.extraction",
        "chips.analysis",
        "chips.assertions",
        "chips.proposals",
        "chips.tasks",
    ):
        importlib.import_module(module)
    from chips.conflicts import ConflictDetector
    from chips.tagging import MentionTagger
    from newsfeed.fetching import Fetcher

    stages = Stages()
    stages.patch_method("fetch", Fetcher, "get")
    stages.patch_function("extract", "newsfeed.parsing", "parse_feed")
    stages.patch_function("extract", "newsfeed.extraction", "extract_page")
    stages.patch_method("tag", MentionTagger, "tag")
    stages.patch_function("tag", "chips.proposals", "find_unknown_chips")
    stages.patch_function("claims", "chips.analysis", "extract_claims")
    stages.patch_function("claims", "chips.analysis", "record_claims")
    stages.patch_method("conflicts", ConflictDetector, "check")
    stages.patch_method("conflicts", ConflictDetector, "check_many")
    for name in ("prune", "update_corroborations", "disputes_of_story"):
        stages.patch_function("conflicts", "chips.analysis", name)
    stages.patch_function("conflicts", "chips.assertions", "sync_article")
    # A commit writes the transaction's pages (SQLite's WAL): database time that no
    # execute wrapper sees, counted as "other" before (a fifth of it).
    from django.db.backends.base.base import BaseDatabaseWrapper

    stages.patch_method("DB", BaseDatabaseWrapper, "commit")
    return stages


def setup_django(scratch: Path) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from config.local import ensure_var_dir

    # As manage.py does: the embedded broker's folders exist before the first publish (a
    # message sent before a slow worker made them was lost, and no beat runs here).
    ensure_var_dir()

    call_command("migrate", verbosity=0)
    call_command("loadseeds", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    from newsfeed.models import Feed

    # The catalogue is what we want; the seed feeds point off loopback and would only be
    # refused (and take poll slots from the bench feeds).
    Feed.objects.update(is_active=False)


def add_feeds(feeds: list[str]) -> None:
    """The bench's feeds, each its own outlet, as `add_feed` gives every real feed a
    Source (by domain). Without one, every article counted as an independent source, so
    each new article raised the corroborations of every claim asserting the same thing
    before it: a cost growing with the corpus that no real feed list has."""
    from newsfeed.models import Feed, Source

    for index, url in enumerate(feeds):
        source = Source.objects.create(domain=f"outlet{index}.example", name=f"Outlet {index}")
        Feed.objects.create(url=url, source=source)


def counts(before: dict | None = None) -> dict:
    """Articles, analyses, claims and conflict rows, less those `before` (the seeds')."""
    from django.db.models import Count

    from chips.models import Claim, ConflictClaim
    from newsfeed.models import Article

    states = dict(Article.objects.values_list("analysis_state").annotate(n=Count("pk")).order_by())
    now = {
        "stored": Article.objects.count(),
        "analysed": states.get("done", 0),
        "claims": Claim.objects.count(),
        "conflict_rows": ConflictClaim.objects.count(),
    }
    return {key: value - (before or {}).get(key, 0) for key, value in now.items()}


def run_pollfeeds(feeds: list[str], scratch: Path, profile: str | None) -> dict:
    setup_django(scratch)
    from django.core.management import call_command
    from django.db import connection

    add_feeds(feeds)
    before = counts()
    stages = instrument()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile(time.process_time)  # CPU: the machine is shared
        profiler.enable()
    started, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(stages.sql):
        call_command("pollfeeds", all=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    totals = dict(stages.totals)
    totals["other"] = max(0.0, elapsed - sum(totals.values()))
    return {"elapsed": elapsed, "cpu": cpu, "stages": totals, "rss": own_rss(), **counts(before)}


def start_workers(
    count: int, env: dict[str, str], logdir: Path, profile: str | None = None
) -> list[subprocess.Popen]:
    workers = []
    for i in range(count):
        log = open(logdir / f"worker{i}.log", "w")  # noqa: SIM115 - closed with the process
        if profile:
            code = WORKER_PROFILED.replace("PROFILE_FILE", repr(f"{profile}.worker{i}"))
            entry = [sys.executable, "-c", code, "celery"]
        else:
            entry = [sys.executable, "-m", "celery"]
        workers.append(
            subprocess.Popen(
                [
                    *entry,
                    "-A",
                    "config",
                    "worker",
                    "--pool=solo",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "-n",
                    f"bench{i}@%h",
                    "--loglevel=WARNING",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    return workers


def stop(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        worker.terminate()
    for worker in workers:
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def settle(workers: list[subprocess.Popen], at_least: float = 3.0, limit: float = 60.0) -> float:
    """Wait until the workers' CPU stops climbing (at least `at_least` seconds, at most
    `limit`); returns their CPU seconds then."""
    started = time.perf_counter()
    last = -1.0
    while True:
        time.sleep(0.5)
        cpu = sum(process_cpu(w.pid) for w in workers)
        waited = time.perf_counter() - started
        if (waited >= at_least and cpu - last < 0.05) or waited >= limit:
            return cpu
        last = cpu


def run_celery(
    feeds: list[str], scratch: Path, pages: int, workers_n: int, profile: str | None = None
) -> dict:
    setup_django(scratch)
    from django.db import transaction

    from newsfeed.models import Article
    from newsfeed.tasks import poll_due_feeds

    add_feeds(feeds)
    before = counts()
    workers = start_workers(workers_n, dict(os.environ), scratch, profile)
    peak = 0.0
    samples: list[tuple[int, int]] = []
    sample_every = max(1, pages // 10)
    next_sample = sample_every
    try:
        # The clock starts once the workers are up and idle (connected to the broker, warm:
        # config/celery.py), and their CPU is counted from there: the work, not the start.
        cpu_at_start = settle(workers)
        started = time.perf_counter()
        with transaction.atomic():
            poll_due_feeds(limit=len(feeds))
        ours = Article.objects.filter(feed__url__in=feeds)
        unsettled = ours.exclude(analysis_state__in=["done", "failed", "skipped"])
        timed_out = True
        last, changed = None, time.perf_counter()
        while time.perf_counter() - started < TIMEOUT:
            rss = max(process_rss(w.pid) for w in workers)
            peak = max(peak, rss)
            now = time.perf_counter()
            state = (ours.count(), unsettled.count())
            if state != last:
                last, changed = state, now
                # The workers' RSS as the articles go by: a leak shows as a climb.
                settled = state[0] - state[1]
                if settled >= next_sample:
                    samples.append((settled, round(rss)))
                    next_sample += sample_every
            # Done when every page is analysed, or nothing moved for 10 s with nothing
            # left to analyse (an entry the pipeline legitimately dropped).
            if state[0] and not state[1] and (state[0] >= pages or now - changed > 10):
                timed_out = False
                break
            if any(w.poll() is not None for w in workers):
                raise SystemExit(f"a worker died; see {scratch}/worker*.log")
            time.sleep(0.2)
        elapsed = changed - started
        cpu = sum(process_cpu(w.pid) for w in workers) - cpu_at_start
    finally:
        stop(workers)
    return {
        "elapsed": elapsed,
        "timed_out": timed_out,
        "cpu": cpu,
        "rss": peak,
        "rss_samples": samples,
        **counts(before),
    }


def child(args) -> None:
    feeds = json.loads(Path(args.feeds_file).read_text())
    scratch = Path(args.scratch)
    if args.child == "bare":
        result = run_bare(feeds)
    elif args.child == "pollfeeds":
        result = run_pollfeeds(feeds, scratch, args.profile)
    else:
        result = run_celery(feeds, scratch, args.pages, args.workers, args.profile)
    print("RESULT " + json.dumps(result))


# ---------------------------------------------------------------- parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Services:
    """Our own redis-server and a scratch PostgreSQL database, or the reason there are none."""

    def __init__(self, scratch: Path) -> None:
        self.redis = None
        self.db = f"chipwatch_bench_{os.getpid()}"
        self.reason = ""
        self.env: dict[str, str] = {}
        redis = shutil.which("redis-server")
        psql = shutil.which("psql")
        if not redis or not psql:
            self.reason = "redis-server or psql not installed"
            return
        if not self.psql(f"CREATE DATABASE {self.db}"):
            self.reason = f"PostgreSQL at {PG_URL} unavailable"
            return
        port = free_port()
        self.redis = subprocess.Popen(
            [
                redis,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(scratch),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.5)
        self.env = {
            "DATABASE_URL": f"{PG_URL}/{self.db}",
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{port}/0",
        }

    def psql(self, command: str) -> bool:
        done = subprocess.run(
            ["psql", f"{PG_URL}/postgres", "-q", "-c", command], capture_output=True, timeout=30
        )
        return done.returncode == 0

    def close(self) -> None:
        if self.redis:
            self.redis.terminate()
            self.redis.wait(timeout=10)
            self.psql(f"DROP DATABASE IF EXISTS {self.db}")


def run_child(mode: str, args, feeds_file: Path, scratch: Path, extra: dict[str, str]) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    env.update(
        CHIPWATCH_VAR_DIR=str(scratch),
        FETCH_ALLOW_PRIVATE="1",
        FETCH_LOOPBACK_ONLY="1",
        DJANGO_SETTINGS_MODULE="config.settings",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
        **extra,
    )
    command = [
        sys.executable,
        __file__,
        "--child",
        mode,
        "--feeds-file",
        str(feeds_file),
        "--scratch",
        str(scratch),
        "--pages",
        str(args.pages),
        "--workers",
        str(args.workers),
    ]
    if args.profile:
        # pollfeeds: FILE; each worker of a Celery path: FILE-<mode>.worker<i>.
        suffix = "" if mode == "pollfeeds" else f"-{mode}"
        command += ["--profile", args.profile + suffix]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=TIMEOUT + 120)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    return {"error": (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]}


def report(pages: int, size: float, feeds: int, results: dict[str, dict], workers: int = 2) -> None:
    print(f"{pages} article pages ({size / 1024:.0f} KB average, mostly markup) in {feeds} feeds")
    bare = results.get("bare", {})
    bare_rate = bare.get("articles", 0) / bare["elapsed"] if bare.get("elapsed") else 0.0
    plural = "worker" if workers == 1 else "workers"
    labels = {
        "bare": "bare loop (GET feed, feedparser, GET page, trafilatura)",
        "pollfeeds": "pollfeeds --all, 1 process, SQLite, catalogue",
        "celery-pg": f"{workers} Celery {plural}, Redis + PostgreSQL, catalogue",
        "celery-embedded": f"{workers} Celery {plural}, filesystem broker + SQLite",
    }
    print(
        f"{'path':52} {'done':>5} {'art/s':>7} {'× bare':>7} {'claims':>7} {'confl.':>7} "
        f"{'RSS MB':>7} {'CPU s':>6}"
    )
    for mode, result in results.items():
        label = labels[mode]
        if "skipped" in result or "error" in result:
            print(f"{label:52} {result.get('skipped') or result['error']}")
            continue
        done = result.get("analysed", result.get("articles", 0))
        rate = done / result["elapsed"] if result["elapsed"] else 0.0
        ratio = rate / bare_rate if bare_rate else 0.0
        note = "  TIMED OUT" if result.get("timed_out") else ""
        ratio_text = f"{ratio:6.2f}×" if bare_rate else f"{'-':>7}"
        # The working processes' CPU (bare, pollfeeds: the one process; Celery: the
        # workers' own, from the first task on, not the database's or the broker's): on a
        # shared machine a steadier figure than the wall-clock rate.
        cpu_text = f"{result['cpu']:6.2f}" if "cpu" in result else f"{'-':>6}"
        print(
            f"{label:52} {done:5} {rate:7.2f} {ratio_text} {result.get('claims', '-'):>7} "
            f"{result.get('conflict_rows', '-'):>7} {result['rss']:7.0f} {cpu_text}{note}"
        )
    for mode, result in results.items():
        if result.get("rss_samples"):
            trail = ", ".join(f"{n}: {mb}" for n, mb in result["rss_samples"])
            print(f"{labels[mode]}: worker RSS MB after N articles: {trail}")
    stages = results.get("pollfeeds", {}).get("stages")
    if stages:
        total = sum(stages.values())
        shares = ", ".join(
            f"{name} {value / total:.0%}"
            for name, value in sorted(stages.items(), key=lambda item: -item[1])
        )
        print(f"pollfeeds stage shares (exclusive wall time): {shares}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="20 pages")
    parser.add_argument("--pages", type=int, default=None, help="default 60")
    parser.add_argument("--per-feed", type=int, default=25)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", nargs="+", choices=MODES, default=list(MODES))
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="cProfile pollfeeds into FILE, each Celery worker into FILE-<mode>.worker<i>",
    )
    parser.add_argument(
        "--memory",
        type=int,
        metavar="N",
        help="instead: one worker on the embedded default over N articles (issue 13: "
        "10000), its RSS printed as they go; hours at today's speed",
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--feeds-file", help=argparse.SUPPRESS)
    parser.add_argument("--scratch", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    if args.memory:
        global TIMEOUT
        # One worker takes every article: a leak in the worker has nowhere to hide.
        args.pages, args.only, args.workers = args.memory, ["celery-embedded"], 1
        if "BENCH_TIMEOUT" not in os.environ:
            TIMEOUT = 12 * 3600.0
            os.environ["BENCH_TIMEOUT"] = str(TIMEOUT)
    args.pages = args.pages or (20 if args.quick else 60)
    if args.profile:
        args.profile = str(Path(args.profile).resolve())

    scratch = Path(tempfile.mkdtemp(prefix="chipwatch-bench-ingest-"))
    server, feeds, size = serve(args.pages, args.per_feed, lazy=bool(args.memory))
    services = Services(scratch) if "celery-pg" in args.only else None
    results: dict[str, dict] = {}
    try:
        feeds_file = scratch / "feeds.json"
        feeds_file.write_text(json.dumps(feeds))
        for mode in MODES:
            if mode not in args.only:
                continue
            if mode == "celery-pg" and services.reason:
                results[mode] = {"skipped": f"skipped: {services.reason}"}
                continue
            workdir = scratch / mode
            workdir.mkdir()
            extra = services.env if mode == "celery-pg" else {}
            results[mode] = run_child(mode, args, feeds_file, workdir, extra)
    finally:
        server.stop()
        if services:
            services.close()
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    report(args.pages, size, len(feeds), results, args.workers)


if __name__ == "__main__":
    main()
