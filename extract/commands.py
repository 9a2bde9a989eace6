"""`bordermetrics extract`: read articles, extract metrics, write them out."""

from __future__ import annotations

import datetime as dt
import sys
from contextlib import nullcontext
from pathlib import Path

from extract.models import METRIC_FIELDS, Problem
from extract.output import RecordWriter
from extract.pipeline import extract_metrics
from extract.reader import read_articles


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
    problems: list[Problem] = []
    articles = undated = 0
    ctx = nullcontext(sys.stdout) if output == "-" else Path(output).open("w", encoding="utf-8", newline="")
    with ctx as stream:
        writer = RecordWriter(stream, fmt, METRIC_FIELDS)
        for path in inputs:
            for item in read_articles(path, published=published, publisher=publisher):
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
