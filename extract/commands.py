"""`bordermetrics extract` and `export`: read articles or the store, write records out; bad paths are messages."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from extract.models import METRIC_FIELDS, Article, Problem
from extract.output import RecordWriter, spreadsheet_safe
from extract.pipeline import compiled, extract_metrics
from extract.reader import read_articles
from extract.rules import RuleError

if TYPE_CHECKING:
    from extract.store import Filters

# Touches every rule file the pipeline reads (kinds, rates, qualifiers, periods, attribution, places...).
_PROBE = Article(id="rules-check", title="Rules check", publisher="", published=dt.date(2024, 6, 3), url="",
                 text="Border Patrol agents recorded about 1,200 apprehensions a day in May near El Paso, "
                      "up 5% from April, according to CBP.")


# Formats `extract` reads through the readers of `ingest` (one reader per format): web pages, feeds, CSV.
INGEST_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".xml", ".rss", ".atom", ".csv"})


def _one_json_document(path: str) -> bool:
    """True for a .json file holding one JSON document (an array, a pretty-printed object), not JSON Lines."""
    try:
        with open(path, "rb") as fh:
            first = next((line for line in fh if line.strip()), b"")
    except OSError:
        return False  # the reader names the problem
    if first.lstrip(b"\xef\xbb\xbf \t").startswith(b"["):
        return True
    try:
        json.loads(first)
    except ValueError:
        return True  # an object spread over several lines
    return False


def read_inputs(path: str, published: dt.date | None = None, publisher: str = "") -> Iterator[Article | Problem]:
    """Articles from one input of `extract`: JSON Lines and text here, pages, feeds, CSV and JSON arrays as `ingest`
    reads them (main text only, so no markup reaches the evidence)."""
    suffix = Path(path).suffix.lower() if path != "-" else ""
    if suffix in INGEST_SUFFIXES or (suffix == ".json" and _one_json_document(path)):
        from extract.ingest import Options, expand, read_input

        files, problems, _ = expand([path])
        yield from problems
        for file in files:
            yield from read_input(file, Options(published=published, publisher=publisher))
        return
    yield from read_articles(path, published=published, publisher=publisher)


def rules_error() -> str | None:
    """The error of a broken rule file, else None; run first so a bad rule stops a run once, before any write."""
    try:
        compiled()
        extract_metrics(_PROBE)
    except RuleError as exc:
        return str(exc)
    return None


def run_extract(
    inputs: list[str],
    output: str = "-",
    fmt: str | None = None,
    published: dt.date | None = None,
    publisher: str = "",
    quiet: bool = False,
) -> int:
    """Extract metrics from every input; returns 1 when any input was rejected, else 0."""
    if fmt is None:
        fmt = "csv" if output.lower().endswith(".csv") else "jsonl"
    if error := rules_error():
        print(f"extract: broken rule file: {error}", file=sys.stderr)
        return 2
    problems: list[Problem] = []
    articles = undated = 0
    try:
        ctx = nullcontext(sys.stdout) if output == "-" else Path(output).open("w", encoding="utf-8", newline="")
    except OSError as exc:
        print(f"extract: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    with ctx as stream:
        writer = RecordWriter(stream, fmt, METRIC_FIELDS)
        for path in inputs:
            for item in read_inputs(path, published=published, publisher=publisher):
                if isinstance(item, Problem):
                    problems.append(item)
                    if not quiet:
                        print(f"skipped {item}", file=sys.stderr)
                    continue
                articles += 1
                if item.published is None:
                    undated += 1
                for metric in extract_metrics(item):
                    writer.write(metric.to_dict())
    if not quiet:
        note = f"; {undated} without a publication date (periods left empty unless the text dates them)" if undated else ""
        print(f"{articles} articles, {writer.count} metrics, {len(problems)} rejected{note}", file=sys.stderr)
    return 1 if problems else 0


def run_export(db: str | Path, filters: Filters, fmt: str, output: str) -> int:
    """`bordermetrics export`: write the filtered metrics as csv, jsonl or parquet; returns the exit code."""
    from extract.store import DATE_COLUMNS, Store, StoreError  # pandas: only for the commands that use it

    if fmt not in ("csv", "jsonl", "parquet"):
        print(f"export: unknown format {fmt!r}; choose csv, jsonl or parquet", file=sys.stderr)
        return 2
    to_stdout = output in ("-", "")
    if fmt == "parquet" and to_stdout:
        print("export: parquet is a binary format; give a file with -o, e.g. -o metrics.parquet", file=sys.stderr)
        return 2
    if not to_stdout and Path(output).is_dir():
        print(f"export: cannot write {output}: it is a folder; give a file name", file=sys.stderr)
        return 2
    try:
        with Store(db, readonly=True) as store:
            frame = store.query(filters)
    except StoreError as exc:
        print(f"export: {exc}", file=sys.stderr)
        return 2
    try:
        if fmt == "parquet":
            frame.to_parquet(output, index=False)
        else:
            records = frame.copy()
            for column in DATE_COLUMNS:
                records[column] = records[column].dt.strftime("%Y-%m-%d")
            records = records.astype(object).where(records.notna(), None)
            with nullcontext(sys.stdout) if to_stdout else open(output, "w", encoding="utf-8", newline="") as stream:
                if fmt == "csv":
                    spreadsheet_safe(records).to_csv(stream, index=False)
                elif len(records):
                    records.to_json(stream, orient="records", lines=True, force_ascii=False)
    except OSError as exc:
        print(f"export: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"exported {len(frame)} metrics", file=sys.stderr)
    return 0
