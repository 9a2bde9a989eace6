"""Read articles: the one reader of JSON Lines, plain text and binary sniffing, for `extract` and `ingest`.

`read_articles` serves `bordermetrics extract` (JSON Lines in the corpus schema, plain text, or stdin);
`extract.ingest` calls `looks_binary`, `iter_jsonl` and `text_article` with its own record mapping.
Each bad line or file becomes a Problem naming where it was and why; the rest is still read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from extract.models import Article, Problem, parse_date

MAX_ARTICLE_CHARS = 5_000_000  # larger texts are refused with a reason: no border story is that long
STDIN_MAX_CHARS = 4 * MAX_ARTICLE_CHARS  # standard input is held whole; a file is read a line at a time
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Drop control characters (keeping newlines and tabs) and normalise line ends."""
    return _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))


def article_id_for(text: str, url: str = "") -> str:
    """A stable id: a hash of the whitespace-normalised text plus the URL."""
    norm = " ".join(text.split())
    return hashlib.sha256(f"{url}\n{norm}".encode()).hexdigest()[:16]


_TEXT_BYTES = bytes(range(9, 14)) + bytes(range(32, 256))
BINARY_SNIFF_BYTES = 8192  # how much of a file's start `looks_binary` needs


def looks_binary(data: bytes) -> bool:
    """True when the first bytes hold a NUL or more than 5% control bytes (an image, archive, office file)."""
    head = data[:BINARY_SNIFF_BYTES]
    if b"\x00" in head:
        return True
    controls = len(head.translate(None, _TEXT_BYTES))
    return bool(head) and controls / len(head) > 0.05


def article_from_record(record: object, source: str) -> Article | Problem:
    """Validate one decoded JSON record as an article; a Problem says what is wrong with it."""
    if not isinstance(record, dict):
        return Problem(source, f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Problem(source, "article has no text")
    if len(text) > MAX_ARTICLE_CHARS:
        return Problem(source, too_long_reason(len(text)))
    try:
        published = parse_date(record.get("published"))
    except ValueError as exc:
        return Problem(source, f"bad 'published' date: {exc}")
    text = clean_text(text)
    url = str(record.get("url") or "")
    return Article(
        id=str(record.get("id") or article_id_for(text, url)),
        title=clean_text(str(record.get("title") or "")).strip(),
        publisher=str(record.get("publisher") or ""),
        published=published,
        url=url,
        text=text,
    )


def iter_jsonl(stream: Iterable[str], name: str,
               to_article: Callable[[object, str], Article | Problem] = article_from_record) -> Iterator[Article | Problem]:
    """Articles from a JSON Lines stream, each record made one by `to_article`; a bad line is a Problem at `name:line`."""
    for lineno, line in enumerate(stream, 1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Problem(where, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        yield to_article(record, where)


def too_long_reason(n: int) -> str:
    """Why a text of `n` characters is refused."""
    return f"article text is {n:,} characters, over the {MAX_ARTICLE_CHARS:,} limit (not a news article?); skipped"


def text_article(text: str, name: str, published: dt.date | None, publisher: str = "",
                 markdown: bool = False) -> Article | Problem:
    """A plain-text (or Markdown) article: the first non-empty line is the title."""
    if len(text) > MAX_ARTICLE_CHARS:
        return Problem(name, too_long_reason(len(text)))
    text = clean_text(text).lstrip("\ufeff")
    if not text.strip():
        return Problem(name, "file is empty")
    title = next(ln.strip() for ln in text.splitlines() if ln.strip())
    if markdown:
        title = title.lstrip("#").strip()
    return Article(id=article_id_for(text), title=title[:300], publisher=publisher, published=published, url="",
                   text=text)


def read_articles(
    path: str, published: dt.date | None = None, publisher: str = ""
) -> Iterator[Article | Problem]:
    """Articles from a .jsonl file, a .txt file, or '-' (stdin: JSON Lines if it starts with '{', else text)."""
    if path == "-":
        data = sys.stdin.read(STDIN_MAX_CHARS + 1)
        if len(data) > STDIN_MAX_CHARS:
            yield Problem("<stdin>", f"input over {STDIN_MAX_CHARS:,} characters; stopped reading (give a file)")
            return
        if data.lstrip().startswith("{"):
            yield from iter_jsonl(iter(data.splitlines()), "<stdin>")  # type: ignore[arg-type]
        else:
            yield text_article(data, "<stdin>", published, publisher)
        return
    file = Path(path)
    if not file.is_file():
        why = ("is a folder (give the files, or use `bordermetrics ingest` for folders)" if file.is_dir()
               else "not a regular file (a pipe, socket or device)" if file.exists() else "no such file")
        yield Problem(path, why)
        return
    if file.suffix.lower() not in (".jsonl", ".json", ".ndjson") and file.stat().st_size > 4 * MAX_ARTICLE_CHARS:
        yield Problem(path, f"file is {file.stat().st_size:,} bytes, more than {MAX_ARTICLE_CHARS:,} characters "
                            "can take; skipped without reading")
        return
    with file.open("rb") as fh:
        head = fh.read(BINARY_SNIFF_BYTES)
    if looks_binary(head):
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
