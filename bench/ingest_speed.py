"""Ingest speed: 10,000 generated .txt articles into a fresh SQLite store, then the same folder again.

Run: .venv/bin/python bench/ingest_speed.py [n_articles]
Baselines in the same process: reading + hashing the same files (the least any ingest must do), and the
extractor alone over the same articles (so the store's and the reader's share is visible). One core.
"""

from __future__ import annotations

import hashlib
import random
import sys
import tempfile
import time
from pathlib import Path

from extract.ingest import Options, ingest, text_to_article
from extract.pipeline import extract_metrics
from extract.store import Store

PLACES = ["El Paso", "Eagle Pass", "Laredo", "Nogales", "San Diego", "Tucson", "Del Rio", "Yuma", "Brownsville"]
SOURCES = ["U.S. Customs and Border Protection", "the Border Patrol", "DHS officials", "the mayor's office",
           "Texas DPS", "ICE"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
SENTENCES = [
    "Agents recorded {n:,} encounters with migrants in {month}, {src} said.",
    "About {n:,} people crossed near {place} last week, according to {src}.",
    "Commercial trucks waited up to {h} hours at the {place} port of entry on {weekday}.",
    "The closure cost businesses an estimated ${m} million a day, {src} said.",
    "More than {n:,} migrants were removed in fiscal year {year}.",
    "Officers seized {p:,} pounds of methamphetamine at {place} in {month} {year}.",
    "The state has spent ${b} billion on the operation since March {year}.",
    "{src} reported {d} deaths in the {place} sector over the past 12 months.",
    "Nearly {n:,} asylum seekers were waiting in {place} as of {month} {day}.",
    "Residents said the line of vehicles stretched for miles along the bridge.",
    "The agency did not respond to a request for comment.",
    "Local shelters said they were at capacity and asked for more federal funding.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def make_article(i: int, rng: random.Random) -> str:
    """A short news story: title, dateline, 4-12 sentences with figures, places and dates."""
    year = rng.randint(2019, 2025)
    month = rng.randrange(12)
    place = rng.choice(PLACES)
    lines = [f"{rng.choice(['Border', 'Crossings', 'Migrant', 'Trade', 'Port'])} report {i} from {place}",
             f"{place.upper()} — {MONTHS[month]} {rng.randint(1, 28)}, {year} —"]
    body = []
    for _ in range(rng.randint(4, 12)):
        body.append(rng.choice(SENTENCES).format(
            n=rng.randint(50, 250_000), month=MONTHS[rng.randrange(12)], src=rng.choice(SOURCES), place=place,
            h=rng.randint(1, 12), weekday=rng.choice(WEEKDAYS), m=rng.randint(1, 900), year=year,
            p=rng.randint(10, 5000), b=round(rng.uniform(0.5, 12), 1), d=rng.randint(1, 300),
            day=rng.randint(1, 28)))
    lines.append(" ".join(body))
    return "\n".join(lines) + "\n"


def timed(fn, *args, **kwargs) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds of this process, result): CPU time stays honest when other jobs share the box."""
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn(*args, **kwargs)
    return time.perf_counter() - w0, time.process_time() - c0, out


def read_and_hash(files: list[Path]) -> int:
    """Baseline: read every file and hash it."""
    return sum(len(hashlib.sha256(f.read_bytes()).digest()) for f in files)


def extract_only(files: list[Path]) -> int:
    """Baseline: read, build the article, run the extractor; no store."""
    opts = Options()
    n = 0
    for f in files:
        article = text_to_article(f.read_text(encoding="utf-8"), str(f), opts)
        n += len(extract_metrics(article))
    return n


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    sample = min(n, 1000)  # the extractor alone is timed on a sample to keep the bench short
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        t_make, _, _ = timed(lambda: [(folder / f"{i:05d}.txt").write_text(make_article(i, rng)) for i in range(n)])
        files = sorted(folder.iterdir())
        read_and_hash(files)  # warm the page cache so every run below reads from memory
        w_hash, c_hash, _ = timed(read_and_hash, files)
        w_ext, c_ext, n_metrics = timed(extract_only, files[:sample])
        w_ext, c_ext = w_ext * n / sample, c_ext * n / sample
        with Store(Path(tmp) / "bench.db") as store:
            w_first, c_first, first = timed(ingest, [str(folder)], store)
            w_again, c_again, again = timed(ingest, [str(folder)], store)
            counts = store.counts()
            w_query, c_query, frame = timed(store.query)
            w_facets, c_facets, _ = timed(store.facets)
        size_mb = (Path(tmp) / "bench.db").stat().st_size / 1e6
    print(f"articles: {n:,} .txt files (generated in {t_make:.1f} s); {counts['metrics']:,} metrics stored; "
          f"db {size_mb:.1f} MB (+WAL). Seconds: wall / CPU of this process; rates from CPU time.")
    rows = [
        ("baseline read+sha256", w_hash, c_hash, ""),
        (f"read+extract, no store (x{n // sample} of {sample:,})", w_ext, c_ext, f"{c_ext / c_hash:.0f}x baseline"),
        ("ingest into a fresh db", w_first, c_first,
         f"{c_first / c_hash:.0f}x baseline, {c_first / c_ext:.2f}x read+extract"),
        ("re-ingest, all unchanged", w_again, c_again,
         f"{c_again / c_first:.1%} of the first ingest, {c_again / c_hash:.1f}x baseline"),
    ]
    for name, wall, cpu, note in rows:
        print(f"{name:<40} {wall:7.2f} / {cpu:7.2f} s  {n / cpu:9,.0f} articles/s  {note}")
    print(f"Store.query() of all {len(frame):,} metrics: {w_query:.2f} / {c_query:.2f} s; "
          f"facets(): {w_facets:.2f} / {c_facets:.2f} s")
    assert first.new == n and again.unchanged == n, (first, again)


if __name__ == "__main__":
    main()
