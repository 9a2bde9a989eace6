"""Store.query speed at 1,000,000 metrics: the read-everything call the dashboard makes once per data change.

Run: .venv/bin/python bench/store_query_speed.py [--metrics 1000000] [--db /tmp/bordermetrics_store_query.db]
Not part of CI. Builds the database once (the dashboard bench's generator, through Store.upsert_many) and
reuses it. Baseline in the same process: the bare SELECT ... fetchall of the same joined rows (what the
plain construction starts from); then the plain construction of the frame (joined rows -> from_records ->
astype -> to_datetime, as query() was built before 2026-11-27 22:00), query(None) and a few filtered queries;
best of --repeat, CPU and wall time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dashboard_speed import build_db  # noqa: E402
from extract.store import DATE_COLUMNS, QUERY_COLUMNS, Filters, Store  # noqa: E402

BARE_SELECT = (
    "SELECT m.id, m.article_id, m.metric, m.value, m.unit, m.per, m.period_start, m.period_end, m.qualifier, "
    "m.attributed_to, m.location, m.evidence, m.start, m.\"end\", m.confidence, m.extractor_version, a.title, "
    "a.publisher, a.published, a.url FROM metrics m JOIN articles a ON a.id = m.article_id "
    "ORDER BY COALESCE(m.period_start, m.period_end, a.published), m.id"
)
FILTERED = {
    "one kind": Filters(kinds=["encounters"]),
    "one year": Filters(date_from=dt.date(2022, 1, 1), date_to=dt.date(2022, 12, 31)),
    "3 publishers + exact": Filters(publishers=["Publisher 001", "Publisher 002", "Publisher 003"],
                                    qualifiers=["exact"]),
}


def plain_frame(raw: sqlite3.Connection) -> pd.DataFrame:
    """The frame of all metrics built the plain way: one joined row per metric, converted per column."""
    frame = pd.DataFrame.from_records(raw.execute(BARE_SELECT).fetchall(), columns=list(QUERY_COLUMNS))
    frame = frame.astype({"metric_id": "int64", "value": "float64", "start": "int64", "end": "int64",
                          "confidence": "float64"})
    for column in DATE_COLUMNS:
        frame[column] = pd.to_datetime(frame[column], format="ISO8601", errors="coerce").astype("datetime64[ns]")
    return frame


def timed(fn, repeat: int) -> tuple[float, float, object]:
    """Best (CPU seconds, wall seconds) of `repeat` calls, and the last result."""
    best_cpu = best_wall = float("inf")
    result = None
    for _ in range(repeat):
        result = None  # let the previous frame go before the next is built
        c0, w0 = time.process_time(), time.perf_counter()
        result = fn()
        best_cpu = min(best_cpu, time.process_time() - c0)
        best_wall = min(best_wall, time.perf_counter() - w0)
    return best_cpu, best_wall, result


def main(argv: list[str] | None = None) -> None:
    """Build the db if needed, then print a table of timings against the bare fetchall."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--metrics", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/bordermetrics_store_query.db"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.db.is_file():
        t0 = time.perf_counter()
        build_db(args.db, args.metrics)
        print(f"built {args.db} in {time.perf_counter() - t0:.0f} s")
    with Store(args.db, readonly=True) as store:
        print(f"{store.counts()['metrics']:,} metrics in {args.db}")
        raw = sqlite3.connect(f"{args.db.resolve().as_uri()}?mode=ro", uri=True)
        base_cpu, base_wall, rows = timed(lambda: raw.execute(BARE_SELECT).fetchall(), args.repeat)
        n = len(rows)
        del rows
        print("| step | rows | CPU | wall | vs baseline |\n| --- | ---: | ---: | ---: | ---: |")
        print(f"| baseline: bare SELECT fetchall | {n:,} | {base_cpu:.2f} s | {base_wall:.2f} s | 1x |")
        cpu, wall, frame = timed(lambda: plain_frame(raw), args.repeat)
        raw.close()
        print(f"| plain construction (the query before) | {len(frame):,} | {cpu:.2f} s | {wall:.2f} s | "
              f"{cpu / base_cpu:.2f}x |")
        del frame
        cpu, wall, frame = timed(lambda: store.query(None), args.repeat)
        print(f"| `query(None)` | {len(frame):,} | {cpu:.2f} s | {wall:.2f} s | {cpu / base_cpu:.2f}x |")
        del frame
        for name, filters in FILTERED.items():
            cpu, wall, frame = timed(lambda f=filters: store.query(f), args.repeat)
            print(f"| `query` {name} | {len(frame):,} | {cpu:.2f} s | {wall:.2f} s | {cpu / base_cpu:.2f}x |")


if __name__ == "__main__":
    main()
