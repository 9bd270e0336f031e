"""Extraction quality and speed against the ground truth of ../shared/corpus/articles.

    .venv/bin/python bench/extraction.py [--quick] [--corpus DIR] [--source NAME]

Per source: full-text pages are scored by precision/recall/F1 of word tokens (bags of words,
case-insensitive) against the expected text; snippet pages count a `with` passage found as a
true positive and a `without` passage found as a false positive. Pages where extract_page()
returns None count as empty text (the caller would fall back to the feed summary).
Speed is the wall time of extract_page() (decoding, parsing, metadata, sanitised HTML).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "articles"
if not DEFAULT_CORPUS.is_dir():
    DEFAULT_CORPUS = Path("/work/shared/corpus/articles")

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> Counter:
    return Counter(_TOKEN_RE.findall(text.lower()))


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def score_full_text(extracted: str, expected: str) -> tuple[float, float, float]:
    got, want = tokens(extracted), tokens(expected)
    overlap = sum((got & want).values())
    precision = overlap / sum(got.values()) if got else 0.0
    recall = overlap / sum(want.values()) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score_snippets(extracted: str, truth: dict) -> tuple[int, int, int]:
    text = collapse(extracted)
    tp = sum(1 for s in truth.get("with", []) if collapse(s) in text)
    fn = len(truth.get("with", [])) - tp
    fp = sum(1 for s in truth.get("without", []) if collapse(s) in text)
    return tp, fn, fp


def pages(corpus: Path, source: str | None, quick: bool) -> list[dict]:
    with (corpus / "INDEX.tsv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    if source:
        rows = [r for r in rows if r["source"] == source]
    if quick:  # a fixed sample: every 4th page of each source
        per_source: dict[str, list[dict]] = {}
        for row in rows:
            per_source.setdefault(row["source"], []).append(row)
        rows = [r for group in per_source.values() for r in group[::4]]
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="every 4th page only")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--source", help="only this source folder")
    args = parser.parse_args()
    if not (args.corpus / "INDEX.tsv").is_file():
        print(f"no corpus at {args.corpus}; skipping")
        return 0

    import django

    django.setup()
    from newsfeed.extraction import decode_html, extract_page
    from newsfeed.sanitize import html_to_text

    # Warm up (imports, trafilatura's lazy tables) so the first page is not an outlier.
    extract_page(b"<html><body><p>" + b"warm up " * 40 + b"</p></body></html>", "")
    results: dict[str, dict] = {}
    for row in pages(args.corpus, args.source, args.quick):
        folder = args.corpus / row["source"]
        raw = (folder / f"{row['name']}.html").read_bytes()
        truth = json.loads((folder / f"{row['name']}.json").read_text(encoding="utf-8"))
        charset = None
        content_type = truth.get("http_content_type") or ""
        if "charset=" in content_type:
            charset = content_type.split("charset=", 1)[1]
        started = time.perf_counter()
        page = extract_page(raw, truth.get("url") or "", charset=charset)
        elapsed_ms = (time.perf_counter() - started) * 1000
        text = page.text if page else ""
        if page is None and "http_content_type" in truth:
            # Charset test pages are too short to be articles: score their decoding instead.
            text = html_to_text(decode_html(raw, charset))
        entry = results.setdefault(
            row["source"], {"ms": [], "prf": [], "tp": 0, "fn": 0, "fp": 0, "none": 0, "n": 0}
        )
        entry["n"] += 1
        entry["ms"].append(elapsed_ms)
        entry["none"] += page is None
        if truth["ground_truth"] == "full_text":
            entry["prf"].append(score_full_text(text, truth.get("text", "")))
        else:
            tp, fn, fp = score_snippets(text, truth)
            entry["tp"] += tp
            entry["fn"] += fn
            entry["fp"] += fp

    header = (
        f"{'source':<22}{'pages':>6}{'none':>6}{'prec':>7}{'recall':>8}{'F1':>7}"
        f"{'med ms':>8}{'p95 ms':>8}{'pages/s':>9}"
    )
    print(header)
    print("-" * len(header))
    all_ms: list[float] = []
    for source, entry in sorted(results.items()):
        if entry["prf"]:
            precision = statistics.fmean(p for p, _, _ in entry["prf"])
            recall = statistics.fmean(r for _, r, _ in entry["prf"])
            f1 = statistics.fmean(f for _, _, f in entry["prf"])
        else:  # snippets: precision over found passages, recall over expected ones
            tp, fn, fp = entry["tp"], entry["fn"], entry["fp"]
            precision = tp / (tp + fp) if tp + fp else 0.0
            recall = tp / (tp + fn) if tp + fn else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        ms = sorted(entry["ms"])
        all_ms.extend(ms)
        print(
            f"{source:<22}{entry['n']:>6}{entry['none']:>6}{precision:>7.3f}{recall:>8.3f}"
            f"{f1:>7.3f}{statistics.median(ms):>8.1f}{percentile(ms, 95):>8.1f}"
            f"{1000 * len(ms) / sum(ms):>9.1f}"
        )
    if all_ms:
        all_ms.sort()
        print("-" * len(header))
        print(
            f"{'all':<22}{len(all_ms):>6}{'':>6}{'':>7}{'':>8}{'':>7}"
            f"{statistics.median(all_ms):>8.1f}{percentile(all_ms, 95):>8.1f}"
            f"{1000 * len(all_ms) / sum(all_ms):>9.1f}"
        )
    print("(F1 for full-text sources is the mean per-page token F1; 'none' = no usable text;")
    print(" miniflux-charset pages are too short for articles: their decoded text is scored)")
    return 0


def percentile(sorted_values: list[float], pct: float) -> float:
    index = min(len(sorted_values) - 1, round(pct / 100 * (len(sorted_values) - 1)))
    return sorted_values[index]


if __name__ == "__main__":
    sys.exit(main())
