"""Read articles for `bordermetrics extract`: JSON Lines in the corpus schema, plain text, or stdin.

Each bad line or file becomes a Problem naming where it was and why; the rest is still read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from extract.models import Article, Problem, parse_date

MAX_ARTICLE_CHARS = 5_000_000  # larger texts are cut (and reported): no border story is that long
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Drop control characters (keeping newlines and tabs) and normalise line ends."""
    return _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))


def article_id_for(text: str, url: str = "") -> str:
    """A stable id: a hash of the whitespace-normalised text plus the URL."""
    norm = " ".join(text.split())
    return hashlib.sha256(f"{url}\n{norm}".encode()).hexdigest()[:16]


def _looks_binary(sample: bytes) -> bool:
    return b"\x00" in sample[:4096]


def article_from_record(record: object, source: str) -> Article | Problem:
    """Validate one decoded JSON record as an article; a Problem says what is wrong with it."""
    if not isinstance(record, dict):
        return Problem(source, f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Problem(source, "article has no text")
    try:
        published = parse_date(record.get("published"))
    except ValueError as exc:
        return Problem(source, f"bad 'published' date: {exc}")
    text = clean_text(text)
    if len(text) > MAX_ARTICLE_CHARS:
        text = text[:MAX_ARTICLE_CHARS]
    url = str(record.get("url") or "")
    return Article(
        id=str(record.get("id") or article_id_for(text, url)),
        title=clean_text(str(record.get("title") or "")).strip(),
        publisher=str(record.get("publisher") or ""),
        published=published,
        url=url,
        text=text,
    )


def iter_jsonl(stream: IO[str], name: str) -> Iterator[Article | Problem]:
    """Articles from a JSON Lines stream; each unreadable line is a Problem naming `name:line`."""
    for lineno, line in enumerate(stream, 1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Problem(where, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if isinstance(record, dict) and isinstance(record.get("text"), str) and len(record["text"]) > MAX_ARTICLE_CHARS:
            yield Problem(where, _too_long(len(record["text"])))
            continue
        yield article_from_record(record, where)


def _too_long(n: int) -> str:
    return f"article text is {n:,} characters, over the {MAX_ARTICLE_CHARS:,} limit (not a news article?); skipped"


def text_article(text: str, name: str, published: dt.date | None, publisher: str = "") -> Article | Problem:
    """A plain-text article: the first non-empty line is the title."""
    if len(text) > MAX_ARTICLE_CHARS:
        return Problem(name, _too_long(len(text)))
    text = clean_text(text)
    if not text.strip():
        return Problem(name, "file is empty")
    title = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return Article(
        id=article_id_for(text),
        title=title[:300],
        publisher=publisher,
        published=published,
        url="",
        text=text[:MAX_ARTICLE_CHARS],
    )


def read_articles(
    path: str, published: dt.date | None = None, publisher: str = ""
) -> Iterator[Article | Problem]:
    """Articles from a .jsonl file, a .txt file, or '-' (stdin: JSON Lines if it starts with '{', else text)."""
    if path == "-":
        data = sys.stdin.read()
        if data.lstrip().startswith("{"):
            yield from iter_jsonl(iter(data.splitlines()), "<stdin>")  # type: ignore[arg-type]
        else:
            yield text_article(data, "<stdin>", published, publisher)
        return
    file = Path(path)
    if not file.is_file():
        yield Problem(path, "no such file")
        return
    with file.open("rb") as fh:
        head = fh.read(4096)
    if _looks_binary(head):
        yield Problem(path, "binary file, not text")
        return
    if file.suffix.lower() in (".jsonl", ".json", ".ndjson"):
        with file.open(encoding="utf-8", errors="replace") as fh:
            yield from iter_jsonl(fh, path)
    else:
        raw = file.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("utf-8", errors="replace")
        yield text_article(text, path, published, publisher)
