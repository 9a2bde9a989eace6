"""Files, folders, feeds and URLs -> Articles -> the store. Each bad input becomes a reported reason.

Inputs: folders (recursive), .txt/.md, .html/.htm, .json/.jsonl, .csv, RSS/Atom feeds (.xml/.rss/.atom or
sniffed), http(s) URLs of pages or feeds, and '-' for standard input (kind sniffed). Articles are written in batches, one transaction each, so a
crash loses at most the batch in flight and the next run carries on. Which stored article an input is
(and so whether it is new, updated or unchanged) is decided by `extract.store` (URL when present, else id).

The id is a hash of the URL and the text. An "id" field in a JSON or JSON Lines record is not used: exports
number their records (1, 2, 3...), so two files would share ids and the second would overwrite the first
article. Only a CSV column the user maps with `--csv-map COL=id` is taken as the id.
"""

from __future__ import annotations

import csv
import datetime as dt
import email.utils
import io
import json
import math
import os
import re
import stat
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from extract import EXTRACTOR_VERSION, __version__
from extract.commands import rules_error
from extract.models import Article, Metric, Problem, parse_date
from extract.pipeline import extract_metrics
from extract.reader import (
    BINARY_SNIFF_BYTES,
    MAX_ARTICLE_CHARS,
    article_from_record,
    article_id_for,
    clean_text,
    iter_jsonl,
    looks_binary,
    text_article,
    too_long_reason,
)
from extract.rules import RuleError
from extract.store import Store, StoreError

USER_AGENT = f"bordermetrics/{__version__} (border-news metrics; polite single requests)"
MAX_BYTES = 20 * 1024 * 1024  # a page or feed larger than this is not a news article; stop reading
JSON_CAP_FACTOR = 25  # a local .json export holds many articles but is parsed whole: 500 MB at most
TIMEOUT = 20.0  # seconds without a byte before a URL is given up
DEADLINE = 120.0  # seconds for a whole download, so a server that trickles cannot hold the run
BATCH = 200  # articles per transaction: what a crash can lose
FAILED_VERSION = "failed"  # extractor version of an article stored without metrics because extraction failed
MIN_PAGE_WORDS = 15  # fewer words extracted from a web page means a menu, a paywall or an error page

TEXT_SUFFIXES = {".txt", ".md", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES

# Field names used by common exports, in order of preference; the first non-empty value wins.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "webTitle", "heading", "name"),
    "text": ("text", "body", "bodyText", "fields.bodyText", "content", "article", "full_text", "description",
             "summary"),
    "published": ("published", "publishedAt", "published_at", "pubDate", "webPublicationDate", "date",
                  "datetime", "created_at"),
    "url": ("url", "link", "webUrl", "href"),
    "publisher": ("publisher", "source.name", "source", "source_id", "sitename", "site", "outlet"),
}  # no "id": a CSV's row numbers would make rows of different files the same article; map it explicitly
LIST_KEYS = ("articles", "results", "items", "data", "news", "response.results", "response.docs")
_TRUNCATION = re.compile(r"\s*(?:…|\.\.\.)?\s*\[\+\d+ chars\]\s*$")  # NewsAPI cuts `content` like this

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan\\.?|feb\\.?|mar\\.?|apr\\.?|jun\\.?|jul\\.?|aug\\.?|sept?\\.?|oct\\.?|nov\\.?|dec\\.?")
_DATELINE = re.compile(
    rf"\b(?:(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)"
    rf"|(?P<mdy>(?:{_MONTHS})\s+[0-3]?\d,?\s+(?:19|20)\d\d)"
    rf"|(?P<dmy>[0-3]?\d\s+(?:{_MONTHS})\s+(?:19|20)\d\d))(?!\d)",
    re.IGNORECASE,
)
# A dateline sits in the first lines under the title (byline, date line, or the start of the first
# paragraph); dates further on are about the story, not its publication.
DATELINE_LINES = 3
DATELINE_CHARS = 60


@dataclass(slots=True)
class IngestSummary:
    """What one ingest run did."""

    files_read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    metrics: int = 0
    skipped_files: int = 0
    rejected: list[Problem] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return self.new + self.updated + self.unchanged

    def lines(self) -> list[str]:
        """The end-of-run report, one line each."""
        out = [
            f"{self.files_read} inputs read; {self.articles} articles: {self.new} new, {self.updated} updated, "
            f"{self.unchanged} unchanged; {self.metrics} metrics stored; {len(self.rejected)} rejected"
        ]
        if self.skipped_files:
            out.append(f"{self.skipped_files} files in folders skipped (not .txt/.md/.html/.json/.jsonl/.csv/"
                       ".xml/.rss/.atom)")
        out += [f"rejected {p}" for p in self.rejected]
        return out


@dataclass(slots=True)
class Options:
    """Defaults for inputs that carry no date or publisher, and network limits."""

    published: dt.date | None = None
    publisher: str = ""
    csv_map: dict[str, str] = field(default_factory=dict)
    timeout: float = TIMEOUT
    max_bytes: int = MAX_BYTES
    deadline: float = DEADLINE


class InputError(Exception):
    """One input cannot be read; the message is the reason shown to the user."""


# -- small parsers ---------------------------------------------------------------------------------------


def parse_csv_map(spec: str | None) -> dict[str, str]:
    """'headline=title,body=text' -> {'headline': 'title', 'body': 'text'}; ValueError names what is wrong."""
    if not spec:
        return {}
    allowed = ("title", "text", "published", "url", "publisher", "id")
    out: dict[str, str] = {}
    for part in spec.split(","):
        if not part.strip():
            continue
        column, sep, target = part.partition("=")
        column, target = column.strip(), target.strip()
        if not sep or not column or target not in allowed:
            raise ValueError(f"bad --csv-map entry {part.strip()!r}: write COLUMN=FIELD with FIELD one of "
                             f"{', '.join(allowed)}")
        out[column] = target
    return out


def loose_date(value: Any) -> dt.date | None:
    """A date from ISO text, RFC 2822 (feeds, e-mail) or a struct_time; None when there is nothing usable."""
    if isinstance(value, time.struct_time):
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    try:
        return parse_date(value if isinstance(value, (dt.date, type(None))) else str(value))
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(str(value).strip()).date()
    except (TypeError, ValueError, IndexError):
        return None


def dateline_date(text: str) -> dt.date | None:
    """The date in an article's dateline (near the top, after the title), if there is one."""
    lines = [ln for ln in text.strip().splitlines() if ln.strip()][1:DATELINE_LINES + 1]
    match = None
    for line in lines:
        match = _DATELINE.search(line[:DATELINE_CHARS])
        if match:
            break
    if not match:
        return None
    if match["iso"]:
        return loose_date(match["iso"])
    raw = re.sub(r"\s+", " ", (match["mdy"] or match["dmy"]).replace(",", " ").replace(".", "")).strip()
    for fmt in ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y"):
        try:
            return dt.datetime.strptime(raw.replace("Sept ", "Sep "), fmt).date()
        except ValueError:
            continue
    return None


def _lookup(record: dict, dotted: str) -> Any:
    value: Any = record
    for key in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _first(record: dict, name: str) -> Any:
    for alias in FIELD_ALIASES[name]:
        value = _lookup(record, alias)
        if isinstance(value, dict):  # {"source": {"name": ...}} (NewsAPI), {"title": {"rendered": ...}} (WordPress)
            value = value.get("name") or value.get("rendered")
        if value not in (None, "", [], {}):
            return value
    return None


class _TextOfHtml(HTMLParser):
    """Collects the visible text of an HTML fragment; block elements start a new line."""

    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article"}
    HIDDEN = {"script", "style", "noscript", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment (feed summaries, API bodies), paragraphs on their own lines."""
    if "<" not in fragment and "&" not in fragment:
        return fragment
    parser = _TextOfHtml()
    parser.feed(fragment)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


# -- inputs -> articles -------------------------------------------------------------------------------


def record_to_article(record: object, where: str, opts: Options, trust_id: bool = False) -> Article | Problem:
    """An article from a JSON/CSV record in our schema or a common news-API shape.

    The record's "id" becomes the article's id only with `trust_id` (a CSV column mapped with --csv-map
    COL=id); otherwise the id is the hash of URL and text, as export ids of different files collide.
    """
    if not isinstance(record, dict):
        return Problem(where, f"expected a JSON object with article fields, got {type(record).__name__}")
    text = _first(record, "text")
    if isinstance(text, str):
        text = _TRUNCATION.sub("", text)
        if "<" in text and re.search(r"</?(p|div|br|span|a)\b", text):
            text = html_to_text(text)
    if not isinstance(text, str) or not text.strip():
        keys = ", ".join(sorted(map(str, record))[:8])
        return Problem(where, f"no article text (looked for text, body, content, description; found keys: {keys})")
    raw_date = _first(record, "published")
    published = loose_date(raw_date)
    if raw_date not in (None, "") and published is None:
        return Problem(where, f"bad publication date {raw_date!r} (expected ISO 8601 or RFC 2822)")
    url = normalise_url(str(_first(record, "url") or ""))
    mapped = {
        "id": record.get("id") if trust_id and isinstance(record.get("id"), str) and record.get("id") else "",
        "title": str(_first(record, "title") or ""),
        "publisher": str(_first(record, "publisher") or opts.publisher),
        "published": published or opts.published,
        "url": url,
        "text": text,
    }
    return article_from_record(mapped, where)


def text_to_article(text: str, where: str, opts: Options, markdown: bool = False) -> Article | Problem:
    """A plain-text (or Markdown) article: first line is the title, the dateline (if any) the date."""
    article = text_article(text, where, opts.published, opts.publisher, markdown=markdown)
    if isinstance(article, Article):
        article.published = dateline_date(article.text) or opts.published
    return article


_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|ocid|cmpid|_ga|ref_src|taid)$", re.I)


def normalise_url(url: str) -> str:
    """A URL as an identity: scheme and host lower-cased, fragment and tracking parameters (utm_*...) dropped."""
    url = url.strip()
    if not re.match(r"https?://", url, re.IGNORECASE):
        return url
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.urlencode([(k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
                                    if not _TRACKING.match(k)])
    return urllib.parse.urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))


def _canonical(url: str | None) -> str:
    """A page's declared canonical URL when it names an article; sites that point every page at their
    home page would otherwise merge all their articles into one."""
    match = re.match(r"https?://[^/?#]+(/[^?#]*)?", url or "", re.IGNORECASE)
    if not match or (match.group(1) or "/").strip("/") == "":
        return ""
    return url or ""


def _host(url: str) -> str:
    return (urllib.parse.urlsplit(url).hostname or "").lower()


def html_to_article(data: bytes, where: str, opts: Options, url: str = "") -> Article | Problem:
    """The main text of a web page, with its title, site name and date, via trafilatura."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(data, with_metadata=True, include_tables=False)
    except Exception as exc:  # noqa: BLE001 - a hostile page may trip the parser anywhere; the run goes on
        return Problem(where, f"the page could not be parsed ({type(exc).__name__}: {exc})")
    text = clean_text(doc.text or "") if doc is not None else ""
    if len(text) > MAX_ARTICLE_CHARS:
        return Problem(where, too_long_reason(len(text)))
    if len(text.split()) < MIN_PAGE_WORDS:
        return Problem(where, "no article text found in the page (navigation, scripts or an empty body only)")
    published = loose_date(doc.date) or opts.published
    canonical = _canonical(doc.url)
    if url and canonical and _host(canonical) != _host(url):
        canonical = ""  # a page may not speak for another site: it would replace that site's stored article
    page_url = normalise_url(canonical or url)
    return Article(id=article_id_for(text, page_url), title=(doc.title or "").strip()[:300],
                   publisher=(doc.sitename or opts.publisher or "").strip(), published=published,
                   url=page_url, text=text)


def feed_to_articles(data: bytes, where: str, opts: Options) -> Iterator[Article | Problem]:
    """Articles from the entries of an RSS or Atom feed (their content, else their summary)."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.get("version"):
        why = f" ({parsed.bozo_exception})" if parsed.get("bozo") and parsed.get("bozo_exception") else ""
        yield Problem(where, f"not an RSS or Atom feed{why}")
        return
    publisher = parsed.feed.get("title", "") or opts.publisher
    for n, entry in enumerate(parsed.entries, 1):
        content = entry.get("content") or []
        body = max((c.get("value", "") for c in content), key=len, default="") or entry.get("summary", "")
        record = {
            "title": entry.get("title", ""),
            "text": html_to_text(body),
            "url": entry.get("link", ""),
            "published": loose_date(entry.get("published_parsed") or entry.get("updated_parsed")),
            "publisher": publisher,
        }
        yield record_to_article(record, f"{where} entry {n}", opts)


def json_to_articles(data: bytes, where: str, opts: Options) -> Iterator[Article | Problem]:
    """Articles from a JSON document: one article, a list of them, or {"articles": [...]}-style exports."""
    try:
        doc = json.loads(_decode(data))
    except json.JSONDecodeError as exc:
        yield Problem(where, f"not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})")
        return
    except RecursionError:
        yield Problem(where, "JSON nested too deeply to be an article export")
        return
    records: Any = None
    if isinstance(doc, list):
        records = doc
    elif isinstance(doc, dict):
        for key in LIST_KEYS:
            if isinstance(_lookup(doc, key), list):
                records = _lookup(doc, key)
                break
        else:
            if _first(doc, "text") is not None:
                records = [doc]
    if records is None or not all(isinstance(r, dict) for r in records):
        shape = type(doc).__name__ if not isinstance(doc, dict) else "object with keys " + ", ".join(list(doc)[:6])
        yield Problem(where, f"JSON of an unexpected shape ({shape}); expected an article object, a list of "
                             f"them, or {{\"articles\": [...]}}")
        return
    for n, record in enumerate(records, 1):
        yield record_to_article(record, f"{where} item {n}", opts)


def jsonl_to_articles(stream: Iterable[str], where: str, opts: Options) -> Iterator[Article | Problem]:
    """Articles from JSON Lines, one record a line; a bad line is a Problem naming it."""
    return iter_jsonl(stream, where, lambda record, at: record_to_article(record, at, opts))


def csv_to_articles(stream: Iterable[str], where: str, opts: Options) -> Iterator[Article | Problem]:
    """Articles from CSV rows; columns found by --csv-map, else by common names (title, text/body, date...)."""
    csv.field_size_limit(MAX_ARTICLE_CHARS)
    reader = csv.DictReader(stream)
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        yield Problem(where, f"not a readable CSV file ({exc})")
        return
    mapping = dict(opts.csv_map)
    missing = [c for c in mapping if c not in header]
    if missing:
        yield Problem(where, f"--csv-map names columns not in the file: {', '.join(missing)} "
                             f"(columns: {', '.join(header)})")
        return
    lower = {h.lower().strip(): h for h in header}
    for name, aliases in FIELD_ALIASES.items():  # fields the map leaves out are found by their usual names
        if name in mapping.values():
            continue
        for alias in aliases:
            if alias.lower() in lower and lower[alias.lower()] not in mapping:
                mapping[lower[alias.lower()]] = name
                break
    if "text" not in mapping.values():
        yield Problem(where, f"no text column (columns: {', '.join(header)}); name it with --csv-map COLUMN=text")
        return
    try:
        for row in reader:
            record = {target: row.get(column) for column, target in mapping.items()}
            yield record_to_article(record, f"{where}:{reader.line_num}", opts, trust_id=True)
    except csv.Error as exc:
        yield Problem(f"{where}:{reader.line_num}", f"CSV error ({exc}); rest of the file skipped")


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                         "save it as UTF-8") from None


def sniff(data: bytes) -> str:
    """Guess a document kind from its first bytes: feed, html, json or text."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"{", b"[")):
        return "json"
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head or b"<body" in head:
        return "html"
    if head.startswith(b"<?xml"):
        return "feed"
    return "text"


def kind_for(name: str, data: bytes | None = None, content_type: str = "") -> str:
    """The parser for a file name / content type: text, markdown, html, feed, json, jsonl or csv."""
    suffix = Path(name.split("?")[0]).suffix.lower()
    ctype = content_type.split(";")[0].strip().lower()
    if ctype:
        if "html" in ctype:
            return "html"
        if any(k in ctype for k in ("rss", "atom", "xml")):
            return "feed"
        if "json" in ctype:
            return "jsonl" if "ndjson" in ctype or "jsonl" in ctype else "json"
        if "csv" in ctype:
            return "csv"
    for kind, suffixes in (("markdown", {".md"}), ("text", TEXT_SUFFIXES), ("html", HTML_SUFFIXES),
                           ("feed", FEED_SUFFIXES), ("json", JSON_SUFFIXES), ("jsonl", JSONL_SUFFIXES),
                           ("csv", CSV_SUFFIXES)):
        if suffix in suffixes:
            return kind
    return sniff(data or b"")


def parse_document(data: bytes, where: str, kind: str, opts: Options, url: str = "") -> Iterator[Article | Problem]:
    """Articles from one document's bytes, whatever its kind; a document that cannot be read is one Problem."""
    try:
        if not data.strip():
            yield Problem(where, "empty response" if url else "file is empty" if where != "<stdin>" else "no input")
            return
        if looks_binary(data):
            yield Problem(where, "binary data, not text (an image, archive or office file?)")
            return
        if kind == "html":
            yield html_to_article(data, where, opts, url)
        elif kind == "feed":
            yield from feed_to_articles(data, where, opts)
        elif kind == "json":
            yield from json_to_articles(data, where, opts)
        elif kind == "jsonl":
            yield from jsonl_to_articles(io.StringIO(_decode(data)), where, opts)
        elif kind == "csv":
            yield from csv_to_articles(io.StringIO(_decode(data), newline=""), where, opts)
        else:
            article = text_to_article(_decode(data), where, opts, markdown=kind == "markdown")
            if isinstance(article, Article) and url:
                article = Article(id=article_id_for(article.text, url), title=article.title,
                                  publisher=article.publisher, published=article.published, url=url,
                                  text=article.text)
            yield article
    except InputError as exc:
        yield Problem(where, str(exc))


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http(s) URLs only; urllib's default also follows them to ftp://."""

    def http_error_302(self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any) -> Any:
        target = headers.get("Location") or headers.get("URI") or ""
        scheme = urllib.parse.urlsplit(urllib.parse.urljoin(req.full_url, target)).scheme.lower()
        if scheme not in ("http", "https"):
            raise InputError(f"redirected to a {scheme}: URL ({target[:100]}); only http(s) is followed")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


_OPENER = urllib.request.build_opener(_HttpOnlyRedirects)


def fetch(url: str, opts: Options) -> tuple[bytes, str, str]:
    """(body, content type, final URL) of an http(s) URL; InputError says why it could not be had."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    started = time.monotonic()
    cap_mb = opts.max_bytes / 1024 / 1024
    try:
        with _OPENER.open(request, timeout=opts.timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > opts.max_bytes:
                raise InputError(f"response too large ({int(length):,} bytes announced; the cap is {cap_mb:g} MB)")
            chunks: list[bytes] = []
            size = 0
            while chunk := response.read(64 * 1024):
                size += len(chunk)
                if size > opts.max_bytes:
                    raise InputError(f"response too large (more than {cap_mb:g} MB; stopped reading)")
                if time.monotonic() - started > opts.deadline:
                    raise InputError(f"download took longer than {opts.deadline:g} s; gave up")
                chunks.append(chunk)
            return b"".join(chunks), response.headers.get("Content-Type", ""), response.geturl()
    except urllib.error.HTTPError as exc:
        raise InputError(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise InputError(f"timed out after {opts.timeout:g} s") from None
        raise InputError(f"cannot reach the server ({exc.reason})") from None
    except TimeoutError:
        raise InputError(f"timed out after {opts.timeout:g} s") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"download failed ({exc})") from None


def _not_regular(path: str) -> Problem | None:
    """A Problem when `path` is a pipe, socket or device: reading one could wait forever."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # gone or unreadable: the reader reports it
    if stat.S_ISREG(mode):
        return None
    return Problem(path, "not a regular file (a pipe, socket or device); skipped")


def expand(inputs: list[str]) -> tuple[list[str], list[Problem], int]:
    """Inputs as a list of files and URLs (folders walked in name order), missing paths, skipped files."""
    out: list[str] = []
    problems: list[Problem] = []
    skipped = 0
    for item in inputs:
        if re.match(r"https?://", item, re.IGNORECASE) or item == "-":
            out.append(item)
            continue
        path = Path(item)
        if path.is_dir():
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))  # hidden folders are not articles
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    if os.path.splitext(name)[1].lower() not in KNOWN_SUFFIXES:
                        skipped += 1
                    elif odd := _not_regular(os.path.join(folder, name)):
                        problems.append(odd)
                    else:
                        out.append(os.path.join(folder, name))
        elif path.is_file():
            out.append(item)
        elif path.exists():
            problems.append(_not_regular(item) or Problem(item, "cannot read"))
        else:
            problems.append(Problem(item, "no such file, folder or URL"))
    return out, problems, skipped


def read_input(source: str, opts: Options) -> Iterator[Article | Problem]:
    """Every article (or Problem) from one file or URL."""
    if re.match(r"https?://", source, re.IGNORECASE):
        try:
            data, ctype, final = fetch(source, opts)
        except InputError as exc:
            yield Problem(source, str(exc))
            return
        kind = kind_for(final, data, ctype)
        charset = re.search(r"charset=[\"']?([\w.:-]+)", ctype, re.IGNORECASE)
        if charset and kind != "html" and charset[1].lower().replace("_", "-") not in ("utf-8", "utf8"):
            try:  # the server said how its text is encoded; everything below reads UTF-8
                data = data.decode(charset[1]).encode("utf-8")
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong label: let the UTF-8 check report the bytes
        yield from parse_document(data, source, kind, opts, url=final)
        return
    if source == "-":
        data = sys.stdin.buffer.read(opts.max_bytes + 1)
        if len(data) > opts.max_bytes:
            yield Problem("<stdin>", f"input too large (more than {opts.max_bytes / 1024 / 1024:g} MB; "
                                     "stopped reading)")
            return
        kind = sniff(data)
        lines = [ln for ln in data.splitlines() if ln.strip()]
        if kind == "json" and len(lines) > 1 and all(ln.lstrip().startswith(b"{") for ln in lines[:50]):
            kind = "jsonl"
        yield from parse_document(data, "<stdin>", kind, opts)
        return
    if odd := _not_regular(source):  # a file swapped for a pipe after `expand` looked at it
        yield odd
        return
    path = Path(source)
    kind = kind_for(source)
    if kind in ("jsonl", "csv") and path.suffix.lower() in KNOWN_SUFFIXES:
        yield from _stream_records(path, source, kind, opts)
        return
    cap = opts.max_bytes * (JSON_CAP_FACTOR if kind == "json" else 1)
    try:
        size = path.stat().st_size
        if size > cap:
            yield Problem(source, f"file too large ({size:,} bytes; the cap is {cap / 1024 / 1024:g} MB)")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Problem(source, f"cannot read ({exc.strerror or exc})")
        return
    yield from parse_document(data, source, kind_for(source, data), opts)


def _stream_records(path: Path, source: str, kind: str, opts: Options) -> Iterator[Article | Problem]:
    """JSON Lines or CSV read a line at a time, so a file of any size holds one article in memory at a time."""
    try:
        with path.open("rb") as fh:
            head = fh.read(BINARY_SNIFF_BYTES)
        if not head.strip():
            yield Problem(source, "file is empty")
            return
        if looks_binary(head):
            yield Problem(source, "binary data, not text (an image, archive or office file?)")
            return
        with path.open(encoding="utf-8-sig", newline="" if kind == "csv" else None) as fh:
            if kind == "csv":
                yield from csv_to_articles(fh, source, opts)
            else:
                yield from jsonl_to_articles(fh, source, opts)
    except UnicodeDecodeError as exc:
        yield Problem(source, f"not valid UTF-8 text (byte 0x{exc.object[exc.start]:02x}); save it as UTF-8 "
                              "(articles before it were read, the rest of the file was skipped)")
    except OSError as exc:
        yield Problem(source, f"cannot read ({exc.strerror or exc})")


# -- the runs ---------------------------------------------------------------------------------------------


def _progress(total: int, enabled: bool, unit: str) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit=unit, file=sys.stderr, disable=not (enabled and sys.stderr.isatty()),
                dynamic_ncols=True, leave=False)


def _extract(article: Article, where: str = "") -> list[Metric] | Problem:
    """The article's metrics, or a Problem when the extractor fails or returns a value SQLite cannot hold."""
    where = f"{where} ({article.title[:60] or article.id})" if where else (article.url or article.title or article.id)
    try:
        metrics = extract_metrics(article)
    except RuleError:
        raise  # a broken rule file is the run's problem, not this article's: stop, store nothing for it
    except Exception as exc:  # noqa: BLE001 - one article the extractor trips on must not stop the run
        return Problem(where, f"extractor failed: {type(exc).__name__}: {exc}")
    bad = [m for m in metrics if not isinstance(m.value, int | float) or not math.isfinite(m.value)]
    if bad:
        return Problem(where, f"extractor returned a non-finite value ({bad[0].value!r} for {bad[0].metric!r})")
    return metrics


def _flush(store: Store, pending: list[tuple[Article, str]], summary: IngestSummary, version: str) -> None:
    statuses = store.classify([article for article, _ in pending], version)
    items: list[tuple[Article, list[Metric]]] = []
    failed: list[tuple[Article, list[Metric]]] = []
    for (article, source), status in zip(pending, statuses, strict=True):
        if status == "unchanged":
            summary.unchanged += 1
            continue
        metrics = _extract(article, source)
        if isinstance(metrics, Problem):
            # The source may be gone tomorrow (a URL, a feed entry): keep the text, let reextract retry.
            summary.rejected.append(Problem(metrics.source, f"{metrics.reason}; stored without metrics for "
                                                            "`bordermetrics reextract` to retry"))
            failed.append((article, []))
            continue
        items.append((article, metrics))
    for group, group_version in ((items, version), (failed, FAILED_VERSION)):
        if group:
            counts = store.upsert_many(group, group_version, batch_size=len(group))
            summary.new += counts["new"]
            summary.updated += counts["updated"]
            summary.unchanged += counts["unchanged"]
            summary.metrics += counts["metrics"]
    pending.clear()


def ingest(inputs: list[str], store: Store, *, published: dt.date | None = None, publisher: str = "",
           csv_map: dict[str, str] | str | None = None, progress: bool = False, timeout: float = TIMEOUT,
           max_bytes: int = MAX_BYTES, batch_size: int = BATCH,
           summary: IngestSummary | None = None) -> IngestSummary:
    """Read every input into `store`, a transaction per batch; bad inputs are listed in the summary.

    Pass `summary` to keep the counts of what was committed when the run is cut short (Ctrl-C, StoreError).
    """
    opts = Options(published=published, publisher=publisher,
                   csv_map=parse_csv_map(csv_map) if isinstance(csv_map, str) or csv_map is None else csv_map,
                   timeout=timeout, max_bytes=max_bytes)
    sources, missing, skipped = expand(inputs)
    summary = summary if summary is not None else IngestSummary()
    summary.skipped_files += skipped
    summary.rejected.extend(missing)
    pending: list[tuple[Article, str]] = []
    with _progress(len(sources), progress, "input") as bar:
        for source in sources:
            bar.set_postfix_str(Path(source).name[-40:], refresh=False)
            read_any, failed = False, False
            for item in read_input(source, opts):
                if isinstance(item, Problem):
                    summary.rejected.append(item)
                    failed = True
                    continue
                read_any = True
                pending.append((item, source))
                if len(pending) >= batch_size:
                    _flush(store, pending, summary, EXTRACTOR_VERSION)
            summary.files_read += read_any or not failed  # an empty feed was read; a broken file was not
            bar.update(1)
        if pending:
            _flush(store, pending, summary, EXTRACTOR_VERSION)
    return summary


def run_ingest(inputs: list[str], db: str | Path, published: dt.date | None = None, publisher: str = "",
               csv_map: str | None = None, quiet: bool = False) -> int:
    """`bordermetrics ingest`: 0 when every input was read, 1 when any was rejected, 2 on a setup error."""
    try:
        mapping = parse_csv_map(csv_map)
    except ValueError as exc:
        print(f"ingest: {exc}", file=sys.stderr)
        return 2
    if error := rules_error():
        print(f"ingest: broken rule file: {error}", file=sys.stderr)
        return 2
    summary = IngestSummary()
    try:
        with Store(db) as store:
            ingest(inputs, store, published=published, publisher=publisher, csv_map=mapping,
                   progress=not quiet, summary=summary)
    except StoreError as exc:
        _report(summary, f"ingest stopped: {exc}")
        return 2
    except RuleError as exc:
        _report(summary, f"ingest stopped: broken rule file: {exc}")
        return 2
    except KeyboardInterrupt:
        _report(summary, "interrupted: the counts above are committed, the batch in flight is not; "
                         "run the same command again to continue")
        return 130
    _report(summary)
    return 1 if summary.rejected else 0


def _report(summary: IngestSummary, last: str = "") -> None:
    for line in summary.lines() + ([last] if last else []):
        print(line, file=sys.stderr)


def reextract(store: Store, *, everything: bool = False, progress: bool = False, batch_size: int = BATCH,
              summary: IngestSummary | None = None) -> IngestSummary:
    """Re-run the extractor over stored articles made by another extractor version (or all of them).

    Articles are re-read from the store, not from their sources; a transaction per batch of articles.
    """
    version = EXTRACTOR_VERSION
    total = store.counts()["articles"] if everything else store.count_stale(version)
    summary = summary if summary is not None else IngestSummary()
    batch: list[tuple[str, list[Metric]]] = []
    with _progress(total, progress, "article") as bar:
        for article in store.articles(stale_for=None if everything else version):
            metrics = _extract(article)
            if isinstance(metrics, Problem):
                summary.rejected.append(metrics)
            else:
                batch.append((article.id, metrics))
            if len(batch) >= batch_size:
                summary.metrics += store.replace_metrics(batch, version)
                summary.updated += len(batch)
                batch = []
            bar.update(1)
        if batch:
            summary.metrics += store.replace_metrics(batch, version)
            summary.updated += len(batch)
    return summary


def run_reextract(db: str | Path, everything: bool = False, quiet: bool = False) -> int:
    """`bordermetrics reextract`: 0 when every article was re-extracted, 1 when any failed, 2 on a setup error."""
    if not Path(db).is_file():
        print(f"reextract: {db}: no such database file (run `bordermetrics ingest` to create one)", file=sys.stderr)
        return 2
    if error := rules_error():
        print(f"reextract: broken rule file: {error}", file=sys.stderr)
        return 2
    summary = IngestSummary()
    code = 1
    last = ""
    try:
        with Store(db) as store:
            reextract(store, everything=everything, progress=not quiet, summary=summary)
        code = 0
    except StoreError as exc:
        code, last = 2, f"reextract stopped: {exc}"
    except RuleError as exc:
        code, last = 2, f"reextract stopped: broken rule file: {exc}"
    except KeyboardInterrupt:
        code, last = 130, "interrupted: the counts above are committed; run `bordermetrics reextract` to continue"
    print(f"{summary.updated} articles re-extracted with extractor version {EXTRACTOR_VERSION}; "
          f"{summary.metrics} metrics stored; {len(summary.rejected)} failed", file=sys.stderr)
    for problem in summary.rejected:
        print(f"failed {problem}", file=sys.stderr)
    if last:
        print(last, file=sys.stderr)
    return code or (1 if summary.rejected else 0)
