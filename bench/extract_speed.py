"""Extraction throughput (MB of article text per second, one core) against quantulum3 and dateparser.

Runs the sample corpus repeated to at least 5 MB through extract.pipeline.extract_metrics and through the
number and time layers alone, then quantulum3.parser.parse and dateparser.search.search_dates on a small
slice of the same text (time-boxed, extrapolated to seconds per MB), and prints the ratios.

Each copy of the sample differs from the others ("Copy N." first), so nothing cached per article helps; the caches
kept per distinct word (bounded) are warm after the first copy, as in any long run over news. So the pipeline is
also timed once on text this process has not seen: our own gold sets (tests/data/own_set*.jsonl), read right after
the warm-up, before anything else.

    .venv/bin/python bench/extract_speed.py [--mb 5] [--peer-kb 60] [--peer-seconds 60]
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

from extract.models import Article
from extract.numbers import find_numbers
from extract.periods import find_periods
from extract.pipeline import extract_metrics

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample" / "border_news.jsonl"
UNSEEN = sorted((Path(__file__).resolve().parent.parent / "tests" / "data").glob("own_set*.jsonl"))


def load(mb: float) -> list[Article]:
    """The sample articles repeated to at least `mb` MB; each copy's text differs so no cache can help."""
    base = [Article.from_dict(json.loads(line)) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line]
    out: list[Article] = []
    size = 0
    copy = 0
    while size < mb * 1e6:
        copy += 1
        for a in base:
            text = f"Copy {copy}. {a.text}"
            out.append(Article(f"{a.id}-{copy}", a.title, a.publisher, a.published, a.url, text))
            size += len(text.encode("utf-8"))
    return out


def mb_of(articles: list[Article]) -> float:
    return sum(len(a.text.encode("utf-8")) for a in articles) / 1e6


def timed(articles: list[Article], fn: Callable[[Article], object], budget: float | None = None) -> tuple[float, float]:
    """(CPU seconds of this process, MB processed): runs fn over articles, stopping after `budget` s if given.

    CPU time, not wall time: the figure is per core and does not move when other jobs share the machine.
    """
    done = 0.0
    start = time.process_time()
    for a in articles:
        fn(a)
        done += len(a.text.encode("utf-8"))
        if budget is not None and time.process_time() - start > budget:
            break
    return time.process_time() - start, done / 1e6


def layers(a: Article) -> None:
    find_numbers(a.text)
    find_periods(a.text, a.published)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=5.0, help="MB of text for our extractor (default 5)")
    ap.add_argument("--peer-kb", type=float, default=60.0, help="KB of text for quantulum3/dateparser (default 60)")
    ap.add_argument("--peer-seconds", type=float, default=60.0, help="time box per peer (default 60 s)")
    args = ap.parse_args(argv)

    articles = load(args.mb)
    total = mb_of(articles)
    timed(articles[:50], extract_metrics)  # warm-up: rule files, compiled patterns, lazy imports

    unseen = [Article.from_dict(json.loads(line)) for path in UNSEEN
              for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    first = timed(unseen, extract_metrics) if unseen else None  # before the repeated sample warms the word caches

    rows: list[tuple[str, float, float]] = []
    secs, mb = timed(articles, extract_metrics)
    rows.append(("extract_metrics (pipeline)", secs, mb))
    if first is not None:
        rows.append(("  same, unseen text, first pass", *first))
    secs, mb = timed(articles, layers)
    rows.append(("find_numbers + find_periods", secs, mb))
    secs, mb = timed(articles, lambda a: find_numbers(a.text))
    rows.append(("find_numbers", secs, mb))
    secs, mb = timed(articles, lambda a: find_periods(a.text, a.published))
    rows.append(("find_periods", secs, mb))

    peer_slice: list[Article] = []
    for a in articles:
        if mb_of(peer_slice) * 1000 >= args.peer_kb:
            break
        peer_slice.append(a)
    try:
        from quantulum3 import parser as q3

        q3.parse("warm up 5 km")
        secs, mb = timed(peer_slice, lambda a: q3.parse(a.text), args.peer_seconds)
        rows.append(("quantulum3.parser.parse", secs, mb))
    except ImportError:
        print("quantulum3 not installed (pip install -e '.[bench]'): skipped")
    from dateparser.search import search_dates

    search_dates("warm up on Monday", languages=["en"])
    secs, mb = timed(peer_slice, lambda a: search_dates(a.text, languages=["en"]), args.peer_seconds)
    rows.append(("dateparser.search.search_dates", secs, mb))

    print(f"corpus: {len(articles)} articles, {total:.2f} MB (peers: {mb_of(peer_slice) * 1000:.0f} KB slice, "
          f"time box {args.peer_seconds:.0f} s)")
    ours = rows[0][1] / rows[0][2]
    print(f"{'what (CPU time, one core)':34} {'MB':>7} {'s':>8} {'MB/s':>8} {'s/MB':>9} {'x pipeline':>11}")
    for name, secs, mb in rows:
        print(f"{name:34} {mb:7.3f} {secs:8.2f} {mb / secs:8.3f} {secs / mb:9.2f} {(secs / mb) / ours:11.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
