"""The only module that speaks SQL: schema and migrations, upsert, filtered queries, facets, export.

Identity rule: an article is the same article as a stored one when it has the same URL (non-empty), or
else the same id (for URL-less text the id is a hash of the text, so an edited text is a new article).
A known article whose title, publisher, date or text changed is updated in place, keeps its stored id,
and its metrics are replaced; one whose content and extractor version are unchanged is left untouched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from pandas.api.types import infer_dtype

from extract.models import Article, Metric, parse_date


@dataclass(slots=True)
class Filters:
    """What the dashboard and `export` filter on; empty lists mean no restriction."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    publishers: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    qualifiers: list[str] = field(default_factory=list)


class StoreError(RuntimeError):
    """The database is missing, locked, corrupt or not ours; the message names the file."""


QUERY_COLUMNS = (
    "metric_id", "article_id", "metric", "value", "unit", "per", "period_start", "period_end", "qualifier",
    "attributed_to", "location", "evidence", "start", "end", "confidence", "extractor_version",
    "title", "publisher", "published", "url",
)
DATE_COLUMNS = ("period_start", "period_end", "published")
_METRIC_COLS = (
    "article_id", "metric", "value", "unit", "per", "period_start", "period_end", "qualifier",
    "attributed_to", "location", "evidence", "start", "end", "confidence", "extractor_version",
)
_DTYPES = {"metric_id": "int64", "value": "float64", "start": "int64", "end": "int64", "confidence": "float64"}

# Each step moves the schema from version i to i+1; never edit a released step, append a new one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        url TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        publisher TEXT NOT NULL DEFAULT '',
        published TEXT,
        text TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        extractor_version TEXT,
        ingested_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX articles_url ON articles(url) WHERE url <> '';
    CREATE INDEX articles_publisher ON articles(publisher);
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_extractor ON articles(extractor_version);
    CREATE TABLE metrics (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE ON UPDATE CASCADE,
        metric TEXT NOT NULL,
        value REAL NOT NULL,
        unit TEXT NOT NULL,
        per TEXT,
        period_start TEXT,
        period_end TEXT,
        qualifier TEXT NOT NULL DEFAULT 'exact',
        attributed_to TEXT,
        location TEXT,
        evidence TEXT NOT NULL DEFAULT '',
        start INTEGER NOT NULL DEFAULT 0,
        "end" INTEGER NOT NULL DEFAULT 0,
        confidence REAL NOT NULL DEFAULT 1.0,
        extractor_version TEXT NOT NULL
    );
    CREATE INDEX metrics_article ON metrics(article_id);
    CREATE INDEX metrics_kind ON metrics(metric);
    CREATE INDEX metrics_period ON metrics(period_start, period_end);
    CREATE INDEX metrics_source ON metrics(attributed_to);
    CREATE INDEX metrics_place ON metrics(location);
    CREATE INDEX metrics_qualifier ON metrics(qualifier);
    CREATE TABLE changes (id INTEGER PRIMARY KEY CHECK (id = 1), writes INTEGER NOT NULL);
    INSERT INTO changes (id, writes) VALUES (1, 0);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
_QUOTED = ", ".join(f'"{c}"' for c in _METRIC_COLS)  # "end" is an SQL keyword
_INSERT_METRIC = f"INSERT INTO metrics ({_QUOTED}) VALUES ({', '.join('?' * len(_METRIC_COLS))})"


def content_hash(article: Article) -> str:
    """A hash of everything stored about an article except its id: equal hashes mean nothing changed."""
    norm = " ".join(article.text.split())
    key = "\x1f".join((article.title, article.publisher, str(article.published or ""), article.url, norm))
    return hashlib.sha256(key.encode()).hexdigest()[:24]


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _in(column: str, values: Sequence[str], params: list[Any]) -> str:
    params.extend(values)
    return f"{column} IN ({', '.join('?' * len(values))})"


# Per metric: its id, its article's rowid (an int is cheaper to fetch than the id text) and its own columns;
# the article columns are read once per article and joined by position.
_ROW_COLS = ("metric_id", "article_rowid", *_METRIC_COLS[1:])
_ROW_SQL = ", ".join(("m.id", "a.rowid", *(f'm."{c}"' for c in _METRIC_COLS[1:])))
_ARTICLE_COLS = ("article_id", "title", "publisher", "published", "url")


def _dates(values: np.ndarray) -> np.ndarray:
    """ISO date strings (None or junk -> NaT) as datetime64[ns]; each distinct string is parsed once."""
    codes, uniques = pd.factorize(values)
    parsed = pd.to_datetime(pd.Series(uniques, dtype=object), format="ISO8601", errors="coerce")
    table = np.append(parsed.to_numpy(dtype="datetime64[ns]"), np.datetime64("NaT", "ns"))
    return table[codes]  # code -1 (missing) picks the NaT appended last


_STR = pd.Series(["x"]).dtype  # the dtype pandas infers for text ("str", Arrow-backed when pyarrow is there)


def _texts(values: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """A column of SQLite text as pandas infers it from the objects, without its slower general path."""
    if infer_dtype(values, skipna=True) != "string":
        return pd.Series(values).array  # all missing (or mixed): whatever the general inference makes
    if getattr(_STR, "storage", "") == "pyarrow":  # straight to Arrow: pd.array re-checks every value first
        arrow = pa.array(np.ascontiguousarray(values), type=pa.large_string(), from_pandas=True)
        return pd.arrays.ArrowStringArray(arrow, dtype=_STR)
    return pd.array(values, dtype=_STR)


def _frame(rows: list[tuple], articles: list[tuple]) -> pd.DataFrame:
    """The query frame from metric rows (_ROW_COLS, in query order) and rows (rowid, _ARTICLE_COLS) of their
    articles."""
    if not rows:
        frame = pd.DataFrame.from_records([], columns=list(QUERY_COLUMNS)).astype(_DTYPES)
        for column in DATE_COLUMNS:
            frame[column] = frame[column].astype("datetime64[ns]")
        return frame
    table = np.array(rows, dtype=object)  # one C pass; transposing the tuples with zip took twice as long
    col = {name: table[:, i] for i, name in enumerate(_ROW_COLS)}
    arts = np.array(articles, dtype=object).reshape(len(articles), 1 + len(_ARTICLE_COLS))
    at = pd.Index(arts[:, 0].astype("int64")).get_indexer(col["article_rowid"].astype("int64"))
    if (at < 0).any():  # cannot happen in one snapshot under the foreign key; a wrong join must never pass silently
        raise LookupError("a metric's article was not found while reading; the database may be corrupt")
    data: dict[str, Any] = {}
    for name in QUERY_COLUMNS:
        if name in _DTYPES:
            data[name] = col[name].astype(_DTYPES[name])
        elif name == "published":
            data[name] = _dates(arts[:, 1 + _ARTICLE_COLS.index(name)])[at]
        elif name in DATE_COLUMNS:
            data[name] = _dates(col[name])
        elif name in _ARTICLE_COLS:
            data[name] = _texts(arts[:, 1 + _ARTICLE_COLS.index(name)]).take(at)
        else:
            data[name] = _texts(col[name])
    return pd.DataFrame(data)


BUSY_TIMEOUT = 10.0  # seconds a read or write waits on another process's lock before "database is locked"


class Store:
    """A bordermetrics SQLite database (WAL mode, foreign keys on); safe to share between threads."""

    def __init__(self, path: str | Path, readonly: bool = False, busy_timeout: float = BUSY_TIMEOUT) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._lock = threading.RLock()
        if readonly and self.path.is_dir():
            raise StoreError(f"{self.path}: is a folder, not a database file")
        if readonly and not self.path.is_file():
            raise StoreError(f"{self.path}: no such database file (run `bordermetrics ingest` to create one)")
        try:
            if readonly:
                uri = f"{self.path.resolve().as_uri()}?mode=ro"
                self._db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False,
                                           timeout=busy_timeout)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                           timeout=busy_timeout)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"{self.path}: cannot open database ({exc})") from exc
        try:
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            version = self._schema_version()
            if version == 0 and (readonly or self._db.execute("SELECT 1 FROM sqlite_master").fetchone()):
                raise StoreError(f"{self.path}: not a bordermetrics database (no schema_version table)")
            self._refuse_newer(version)
            if not readonly:
                self._db.execute("PRAGMA journal_mode = WAL")
                self._db.execute("PRAGMA synchronous = NORMAL")
                if version < SCHEMA_VERSION:  # only then take the write lock: opening must not wait on writers
                    self._migrate()
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise StoreError(f"{self.path}: {self._describe(exc)}") from exc
        except StoreError:
            self._db.close()
            raise

    # -- plumbing ---------------------------------------------------------------------------------------

    @staticmethod
    def _describe(exc: sqlite3.Error) -> str:
        text = str(exc)
        if "locked" in text or "busy" in text:
            return f"database is locked by another process ({text})"
        if "not a database" in text or "malformed" in text:
            return f"not a SQLite database or corrupt ({text})"
        return text

    def _schema_version(self) -> int:
        row = self._db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").fetchone()
        if row is None:
            return 0
        row = self._db.execute("SELECT MAX(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    def _refuse_newer(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: schema version {version} is newer than this program understands "
                             f"({SCHEMA_VERSION}); upgrade bordermetrics")

    def _migrate(self) -> None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, "
                                 "applied_at TEXT NOT NULL)")
                version = self._schema_version()  # again, under the lock: another process may have migrated
                self._refuse_newer(version)
                for number, script in enumerate(MIGRATIONS[version:], version + 1):
                    for statement in script.split(";"):
                        if statement.strip():
                            self._db.execute(statement)
                    self._db.execute("INSERT INTO schema_version VALUES (?, ?)", (number, _now()))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._db.execute(sql, params).fetchall()
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"{self.path}: {self._describe(exc)}") from exc

    def _writing(self) -> _Transaction:
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only")
        return _Transaction(self)

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------------------------------

    def _find(self, article: Article) -> tuple[str, str, str | None] | None:
        """(stored id, content hash, extractor version) of the stored twin of `article`, if any."""
        row = None
        if article.url:
            row = self._db.execute("SELECT id, content_hash, extractor_version FROM articles WHERE url = ?",
                                   (article.url,)).fetchone()
        if row is None:
            row = self._db.execute("SELECT id, content_hash, extractor_version FROM articles WHERE id = ?",
                                   (article.id,)).fetchone()
        return row

    def classify(self, articles: Sequence[Article], extractor_version: str) -> list[str]:
        """What `upsert` would do with each article ("new", "updated", "unchanged"), without writing."""
        out = []
        with self._lock:
            for article in articles:
                row = self._find(article)
                if row is None:
                    out.append("new")
                elif row[1] == content_hash(article) and row[2] == extractor_version:
                    out.append("unchanged")
                else:
                    out.append("updated")
        return out

    def _upsert(self, article: Article, metrics: list[Metric], version: str) -> str:
        digest = content_hash(article)
        row = self._find(article)
        now = _now()
        values = (article.url, article.title, article.publisher, _iso(article.published), article.text, digest,
                  version, now)
        if row is None:
            self._db.execute(
                "INSERT INTO articles (url, title, publisher, published, text, content_hash, extractor_version, "
                "updated_at, id, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, article.id, now))
            status, stored_id = "new", article.id
        elif row[1] == digest and row[2] == version:
            return "unchanged"
        else:
            stored_id = row[0]
            self._db.execute(
                "UPDATE articles SET url = ?, title = ?, publisher = ?, published = ?, text = ?, content_hash = ?, "
                "extractor_version = ?, updated_at = ? WHERE id = ?", (*values, stored_id))
            self._db.execute("DELETE FROM metrics WHERE article_id = ?", (stored_id,))
            status = "updated"
        self._insert_metrics(stored_id, metrics, version)
        return status

    def _insert_metrics(self, article_id: str, metrics: list[Metric], version: str) -> None:
        self._db.executemany(_INSERT_METRIC,
            [(article_id, m.metric, float(m.value), m.unit, m.per, _iso(m.period_start), _iso(m.period_end),
              m.qualifier, m.attributed_to, m.location, m.evidence, int(m.start), int(m.end),
              float(m.confidence), version) for m in metrics])

    def upsert(self, article: Article, metrics: list[Metric], extractor_version: str) -> str:
        """Store one article and its metrics in one transaction: "new", "updated" or "unchanged"."""
        with self._writing() as tx:
            status = self._upsert(article, metrics, extractor_version)
            tx.changed = status != "unchanged"
        return status

    def upsert_many(self, items: Iterable[tuple[Article, list[Metric]]], extractor_version: str,
                    batch_size: int = 200) -> Counter:
        """Store many articles, one transaction per `batch_size`; counts of new/updated/unchanged/metrics."""
        counts: Counter = Counter()
        batch: list[tuple[Article, list[Metric]]] = []
        for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                counts += self._write_batch(batch, extractor_version)
                batch = []
        if batch:
            counts += self._write_batch(batch, extractor_version)
        return counts

    def _write_batch(self, batch: list[tuple[Article, list[Metric]]], version: str) -> Counter:
        counts: Counter = Counter()
        with self._writing() as tx:
            for article, metrics in batch:
                status = self._upsert(article, metrics, version)
                counts[status] += 1
                if status != "unchanged":
                    counts["metrics"] += len(metrics)
            tx.changed = bool(counts["new"] or counts["updated"])
        return counts

    def replace_metrics(self, items: Iterable[tuple[str, list[Metric]]], extractor_version: str) -> int:
        """Replace the metrics of stored articles (by id) in one transaction; returns metrics written."""
        written = 0
        with self._writing() as tx:
            for article_id, metrics in items:
                self._db.execute("DELETE FROM metrics WHERE article_id = ?", (article_id,))
                self._insert_metrics(article_id, metrics, extractor_version)
                self._db.execute("UPDATE articles SET extractor_version = ?, updated_at = ? WHERE id = ?",
                                 (extractor_version, _now(), article_id))
                written += len(metrics)
                tx.changed = True
        return written

    # -- reading ----------------------------------------------------------------------------------------

    def query(self, filters: Filters | None = None, limit: int | None = None) -> pd.DataFrame:
        """One row per metric matching `filters` (joined with its article), ordered by period then id."""
        f = filters or Filters()
        where: list[str] = []
        params: list[Any] = []
        start = "COALESCE(m.period_start, m.period_end, a.published)"
        end = "COALESCE(m.period_end, m.period_start, a.published)"
        if f.date_from:
            where.append(f"{end} >= ?")
            params.append(f.date_from.isoformat())
        if f.date_to:
            where.append(f"{start} <= ?")
            params.append(f.date_to.isoformat())
        for column, values in (("a.publisher", f.publishers), ("m.attributed_to", f.sources),
                               ("m.metric", f.kinds), ("m.location", f.places), ("m.qualifier", f.qualifiers)):
            if values:
                where.append(_in(column, list(values), params))
        base = "FROM metrics m JOIN articles a ON a.id = m.article_id"
        if where:
            base += " WHERE " + " AND ".join(where)
        order = f" ORDER BY {start}, m.id"
        if limit is not None:
            order += " LIMIT ?"
            params.append(int(limit))
        articles_sql = "SELECT rowid, id, title, publisher, published, url FROM articles"
        with self._lock:
            try:
                own = not self._db.in_transaction
                if own:
                    self._db.execute("BEGIN")  # one snapshot for both reads, so every metric finds its article
                try:
                    rows = self._db.execute(f"SELECT {_ROW_SQL} {base}{order}", params).fetchall()
                    if not rows:
                        articles = []
                    elif where or limit is not None:  # only the articles of these rows, named in one parameter
                        rowids = json.dumps(sorted({row[1] for row in rows}))
                        articles = self._db.execute(
                            f"{articles_sql} WHERE rowid IN (SELECT value FROM json_each(?))", (rowids,)).fetchall()
                    else:
                        articles = self._db.execute(articles_sql).fetchall()
                finally:
                    if own:
                        self._db.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"{self.path}: {self._describe(exc)}") from exc
        try:
            return _frame(rows, articles)
        except LookupError as exc:
            raise StoreError(f"{self.path}: {exc}") from exc

    def facets(self) -> dict:
        """The distinct values each filter can take, sorted, and the overall date range."""

        def distinct(sql: str) -> list[str]:
            return [r[0] for r in self._read(sql)]

        low, high = self._read(
            "SELECT MIN(COALESCE(m.period_start, m.period_end, a.published)), "
            "MAX(COALESCE(m.period_end, m.period_start, a.published)) "
            "FROM metrics m JOIN articles a ON a.id = m.article_id")[0]
        return {
            "publishers": distinct("SELECT DISTINCT publisher FROM articles WHERE publisher <> '' ORDER BY 1"),
            "sources": distinct("SELECT DISTINCT attributed_to FROM metrics WHERE attributed_to <> '' ORDER BY 1"),
            "kinds": distinct("SELECT DISTINCT metric FROM metrics ORDER BY 1"),
            "places": distinct("SELECT DISTINCT location FROM metrics WHERE location <> '' ORDER BY 1"),
            "qualifiers": distinct("SELECT DISTINCT qualifier FROM metrics ORDER BY 1"),
            "date_min": parse_date(low),
            "date_max": parse_date(high),
        }

    def counts(self) -> dict:
        """Number of stored articles and metrics."""
        articles = self._read("SELECT COUNT(*) FROM articles")[0][0]
        metrics = self._read("SELECT COUNT(*) FROM metrics")[0][0]
        return {"articles": int(articles), "metrics": int(metrics)}

    def fingerprint(self) -> str:
        """A short string that changes whenever the stored data changes (a write counter)."""
        return f"{SCHEMA_VERSION}.{self._read('SELECT writes FROM changes WHERE id = 1')[0][0]}"

    def articles(self, stale_for: str | None = None) -> Iterator[Article]:
        """Every stored article in id order; with `stale_for`, only those extracted by another version."""
        sql = "SELECT id, title, publisher, published, url, text FROM articles"
        params: tuple = ()
        if stale_for is not None:
            sql += " WHERE extractor_version IS NOT ?"
            params = (stale_for,)
        last = ""
        # Pages of ids keep memory flat and let writers commit between pages.
        while True:
            rows = self._read(f"{sql} {'AND' if params else 'WHERE'} id > ? ORDER BY id LIMIT 500",
                              (*params, last))
            if not rows:
                return
            for row in rows:
                yield Article(id=row[0], title=row[1], publisher=row[2], published=parse_date(row[3]),
                              url=row[4], text=row[5])
            last = rows[-1][0]

    def count_stale(self, extractor_version: str) -> int:
        """How many articles have metrics from an extractor version other than `extractor_version`."""
        return int(self._read("SELECT COUNT(*) FROM articles WHERE extractor_version IS NOT ?",
                              (extractor_version,))[0][0])

    def integrity(self) -> str:
        """SQLite's integrity check result ("ok" when healthy)."""
        return "; ".join(r[0] for r in self._read("PRAGMA integrity_check"))


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, bumping the write counter when something changed; rolls back on error."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.changed = False

    def __enter__(self) -> _Transaction:
        self.store._lock.acquire()
        try:
            self.store._db.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            self.store._lock.release()
            raise StoreError(f"{self.store.path}: {Store._describe(exc)}") from exc
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        db = self.store._db
        try:
            if exc_type is None:
                if self.changed:
                    db.execute("UPDATE changes SET writes = writes + 1 WHERE id = 1")
                db.execute("COMMIT")
            else:
                db.execute("ROLLBACK")
        except sqlite3.DatabaseError as err:
            if exc_type is None:
                raise StoreError(f"{self.store.path}: {Store._describe(err)}") from err
        finally:
            self.store._lock.release()
        if isinstance(exc, sqlite3.DatabaseError):
            raise StoreError(f"{self.store.path}: {Store._describe(exc)}") from exc

