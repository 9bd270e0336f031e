"""Two trees' pages side by side over the same kept database, taking turns.

    .venv/bin/python bench/pages_paired.py BEFORE_TREE [--backend sqlite|postgresql]
        [--rounds 6] [--batch 5]

On a machine shared with other jobs, two runs of bench/pages.py minutes apart differ by
up to 2x on pages nobody changed. Here two warm processes, one running BEFORE_TREE's
code (a checkout of another commit, say `git worktree add --detach /tmp/before REV`)
and one this tree's, answer the same pages in turns of --batch requests, so a change
in the machine's load falls on both. Prints p50/p95 wall and median CPU ms per page and
the after/before ratios. Uses the kept 100,000-article databases of
`bench/pages.py --articles 100000 --keep` (this tree's var/ and, for PostgreSQL,
DATABASE_URL's server); both trees must read the same schema.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = 100_000


def serve() -> None:
    """Child: answer "label n" lines with n requests' (wall, CPU) ms as JSON."""
    import time

    sys.path.insert(0, os.getcwd())
    import django

    django.setup()
    from django.db.models import Count
    from django.test import Client

    from chips.models import Chip, Claim, Vendor
    from newsfeed.models import Article

    client = Client(SERVER_NAME="localhost")
    busiest = Claim.objects.order_by().values("vendor_id").annotate(n=Count("pk"))
    vendor = Vendor.objects.get(pk=busiest.order_by("-n")[0]["vendor_id"])
    chip = Chip.objects.filter(vendor=vendor).first() or Chip.objects.first()
    claim = Claim.objects.order_by("-pk").first()
    article = Article.objects.order_by("-pk").first()
    first = client.get(f"/vendors/{vendor.slug}/").content.decode()
    cursor = first.split("after=")[1].split('"')[0] if "after=" in first else ""
    htmx = {"HTTP_HX_REQUEST": "true"}
    pages = {
        "/": ("/", {}),
        "/vendors/": ("/vendors/", {}),
        "/vendors/<slug>/": (f"/vendors/{vendor.slug}/", {}),
        "  filtered (htmx)": (f"/vendors/{vendor.slug}/?topic=memory&min_confidence=0.8", htmx),
        "  load more (htmx)": (f"/vendors/{vendor.slug}/?after={cursor}", htmx),
        "/chips/<slug>/": (f"/chips/{chip.slug}/", {}),
        "/conflicts/": ("/conflicts/", {}),
        "  filtered (htmx) ": (f"/conflicts/?vendor={vendor.slug}&status=open", htmx),
        "/claims/<id>/": (f"/claims/{claim.pk}/", {}),
        "/articles/<id>/": (f"/articles/{article.pk}/", {}),
        "/search/?q=Zhaoxin (rare)": ("/search/?q=Zhaoxin", {}),
        "/search/?q=SMIC (common)": ("/search/?q=SMIC", {}),
        "/feeds/": ("/feeds/", {}),
    }
    print(json.dumps(list(pages)), flush=True)
    for line in sys.stdin:
        label, n = line.rstrip("\n").rsplit(" ", 1)
        url, headers = pages[label]
        out = []
        for _ in range(int(n)):
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(url, **headers)
            out.append(((time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000))
            assert response.status_code == 200, (url, response.status_code)
        print(json.dumps(out), flush=True)


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[round(0.95 * (len(values) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", nargs="?", help="the other tree (its code is 'before')")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--batch", type=int, default=5)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve()
        return 0
    if not args.before:
        parser.error("name the tree to compare with")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        FETCH_LOOPBACK_ONLY="1",
        DEBUG="0",
        ALLOWED_HOSTS="localhost",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        CHIPWATCH_VAR_DIR=str(ROOT / "var" / f"bench-pages-{ARTICLES}"),
    )
    if args.backend == "postgresql":
        base = os.environ.get("DATABASE_URL", "")
        if not base.startswith(("postgres://", "postgresql://")):
            parser.error("--backend postgresql needs DATABASE_URL=postgres://…")
        parts = urlsplit(base)
        env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/chipwatch_bench_pages_{ARTICLES}"))
    trees = {"before": Path(args.before).resolve(), "after": ROOT}
    procs = {
        side: subprocess.Popen(
            [sys.executable, "-W", "ignore", str(Path(__file__).resolve()), "--serve"],
            cwd=tree,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for side, tree in trees.items()
    }
    # Each child names its pages first (the same list: it is this file's).
    labels = [json.loads(proc.stdout.readline()) for proc in procs.values()].pop()
    results: dict[str, dict[str, list]] = {side: {label: [] for label in labels} for side in procs}

    def ask(side: str, label: str, n: int) -> list:
        procs[side].stdin.write(f"{label} {n}\n")
        procs[side].stdin.flush()
        return json.loads(procs[side].stdout.readline())

    for label in labels:  # warm both up
        for side in procs:
            ask(side, label, 2)
    for turn in range(args.rounds):
        for label in labels:
            for side in ("before", "after") if turn % 2 == 0 else ("after", "before"):
                results[side][label] += ask(side, label, args.batch)
    for proc in procs.values():
        proc.stdin.close()
        proc.wait()
    n = args.rounds * args.batch
    print(f"{args.backend}: {n} requests per page and tree, in turns of {args.batch}")
    print(f"{'page':<28} {'p50 ms':>15} {'p95 ms':>15} {'CPU ms':>15}  after/before")
    for label in labels:
        cols, ratios = [], []
        for index, stat in ((0, statistics.median), (0, p95), (1, statistics.median)):
            before = stat([r[index] for r in results["before"][label]])
            after = stat([r[index] for r in results["after"][label]])
            cols.append(f"{before:6.1f} → {after:6.1f}")
            ratios.append(f"{after / before:.2f}")
        print(f"{label:<28} {cols[0]:>15} {cols[1]:>15} {cols[2]:>15}  {' '.join(ratios)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
