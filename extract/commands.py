"""`bordermetrics extract`: read articles, extract metrics, write them out."""

from __future__ import annotations

import datetime as dt
import sys
from contextlib import nullcontext
from pathlib import Path

from extract.models import METRIC_FIELDS, Article, Problem
from extract.output import RecordWriter
from extract.pipeline import compiled, extract_metrics
from extract.reader import read_articles
from extract.rules import RuleError

# Touches every rule file the pipeline reads (kinds, rates, qualifiers, periods, attribution, places...).
_PROBE = Article(id="rules-check", title="Rules check", publisher="", published=dt.date(2024, 6, 3), url="",
                 text="Border Patrol agents recorded about 1,200 apprehensions a day in May near El Paso, "
                      "up 5% from April, according to CBP.")


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
