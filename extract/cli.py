"""Command line: argument parsing only; every command calls plain functions in the package."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from extract import __version__
from extract.rules import RuleError
from extract.settings import default_db

EPILOG = """examples:
  bordermetrics extract data/sample/border_news.jsonl -o metrics.jsonl
  bordermetrics eval data/sample/border_news.jsonl --show 10
  bordermetrics ingest saved_pages/ feeds.xml --db data/bordermetrics.db
  bordermetrics serve            # dashboard at http://127.0.0.1:8050
"""


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {value!r}") from None


def _port(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number from 1 to 65535: {value!r}")
    return int(value)


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", type=Path, default=None, help=f"SQLite database file (default: {default_db()})")


def _add_filters(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("filters (repeat a flag to allow several values)")
    g.add_argument("--from", dest="date_from", type=_date, help="keep figures whose period ends on/after this date")
    g.add_argument("--to", dest="date_to", type=_date, help="keep figures whose period starts on/before this date")
    g.add_argument("--publisher", dest="publishers", action="append", default=[], help="publisher name")
    g.add_argument("--source", dest="sources", action="append", default=[], help="attributed source")
    g.add_argument("--kind", dest="kinds", action="append", default=[], help="metric kind, e.g. encounters")
    g.add_argument("--place", dest="places", action="append", default=[], help="place the figure is about")
    g.add_argument("--qualifier", dest="qualifiers", action="append", default=[],
                   choices=["exact", "approx", "over", "under"], help="qualifier")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bordermetrics",
        description="Turn U.S.-Mexico border news into time-stamped, evidence-backed metrics.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"bordermetrics {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("extract", help="extract metrics from articles (JSON Lines, .txt, pages, feeds, CSV, or -)")
    p.add_argument("articles", nargs="+", help="a .jsonl file in the corpus schema, a .txt file, or - for stdin; "
                                               ".html, .xml/.rss/.atom, .csv and .json are read as `ingest` reads them")
    p.add_argument("-o", "--output", default="-", help="output file (default: standard output)")
    p.add_argument("--format", choices=["jsonl", "csv"], default=None,
                   help="output format (default: from the output file's suffix, else jsonl)")
    p.add_argument("--published", type=_date, help="publication date for .txt input (YYYY-MM-DD)")
    p.add_argument("--publisher", default="", help="publisher name for .txt input")
    p.add_argument("--quiet", action="store_true", help="no progress or summary on stderr")

    p = sub.add_parser("eval", help="score the extractor against a gold JSON Lines file")
    p.add_argument("gold", help="gold file in the corpus schema (articles with 'metrics')")
    p.add_argument("--show", type=int, default=0, metavar="N", help="list up to N misses and N false alarms")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")

    p = sub.add_parser("ingest", help="read files, folders, feeds or URLs into the database")
    p.add_argument("inputs", nargs="+", metavar="PATH_OR_URL")
    _add_db(p)
    p.add_argument("--published", type=_date, help="publication date for inputs that carry none")
    p.add_argument("--publisher", default="", help="publisher for inputs that carry none")
    p.add_argument("--csv-map", default=None, metavar="COL=FIELD,...",
                   help="CSV column map, e.g. headline=title,body=text,date=published")
    p.add_argument("--quiet", action="store_true", help="no progress bar")

    p = sub.add_parser("reextract", help="re-run extraction over stored articles after the rules change")
    _add_db(p)
    p.add_argument("--all", action="store_true", help="re-extract every article, not only stale ones")
    p.add_argument("--quiet", action="store_true", help="no progress bar")

    p = sub.add_parser("export", help="export the stored metrics (filtered) as CSV, JSON Lines or Parquet")
    _add_db(p)
    p.add_argument("--format", choices=["csv", "jsonl", "parquet"], default="csv")
    p.add_argument("-o", "--output", default="-", help="output file (default: standard output; not for parquet)")
    _add_filters(p)

    p = sub.add_parser("serve", help="serve the dashboard (loads the bundled sample into an empty database)")
    _add_db(p)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    p.add_argument("--port", type=_port, default=8050, help="port (default: 8050)")
    p.add_argument("--debug", action="store_true", help="Dash debug mode (never on a shared host)")
    p.add_argument("--no-sample", action="store_true", help="do not load the sample data into an empty database")
    return parser


def _cmd_extract(args: argparse.Namespace) -> int:
    from extract.commands import run_extract

    return run_extract(args.articles, args.output, args.format, args.published, args.publisher, args.quiet)


def _cmd_eval(args: argparse.Namespace) -> int:
    from extract.evaluate import run_eval

    return run_eval(args.gold, show=args.show, as_json=args.json)


def _cmd_ingest(args: argparse.Namespace) -> int:
    from extract.ingest import run_ingest

    return run_ingest(args.inputs, db=args.db or default_db(), published=args.published,
                      publisher=args.publisher, csv_map=args.csv_map, quiet=args.quiet)


def _cmd_reextract(args: argparse.Namespace) -> int:
    from extract.ingest import run_reextract

    return run_reextract(db=args.db or default_db(), everything=args.all, quiet=args.quiet)


def _cmd_export(args: argparse.Namespace) -> int:
    from extract.commands import run_export
    from extract.store import Filters

    if args.date_from and args.date_to and args.date_from > args.date_to:
        print(f"export: --from {args.date_from} is after --to {args.date_to}", file=sys.stderr)
        return 2
    filters = Filters(date_from=args.date_from, date_to=args.date_to, publishers=args.publishers,
                      sources=args.sources, kinds=args.kinds, places=args.places, qualifiers=args.qualifiers)
    return run_export(args.db or default_db(), filters, args.format, args.output)


def _cmd_serve(args: argparse.Namespace) -> int:
    from dashboard.app import serve

    return serve(db=args.db or default_db(), host=args.host, port=args.port, debug=args.debug,
                 load_sample=not args.no_sample)


COMMANDS = {
    "extract": _cmd_extract,
    "eval": _cmd_eval,
    "ingest": _cmd_ingest,
    "reextract": _cmd_reextract,
    "export": _cmd_export,
    "serve": _cmd_serve,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `bordermetrics` command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except RuleError as exc:  # the commands check the rules first; this catches the ones that do not (eval)
        print(f"{args.command}: broken rule file: {exc}", file=sys.stderr)
        return 2
