"""The SQLite store: schema, identity rule, filters, facets, fingerprint, errors, export read back."""

from __future__ import annotations

import datetime as dt
import io
import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from extract.cli import main
from extract.commands import run_export
from extract.models import Article, Metric
from extract.store import QUERY_COLUMNS, SCHEMA_VERSION, Filters, Store, StoreError

D = dt.date
MARCH_5 = D(2024, 3, 5)


def _article(aid: str, url: str = "", text: str = "Some border text.", publisher: str = "El Paso Times",
             published: dt.date | None = MARCH_5) -> Article:
    return Article(id=aid, title=f"Title {aid}", publisher=publisher, published=published, url=url, text=text)


def _metric(aid: str, kind: str = "encounters", value: float = 100, **kw: object) -> Metric:
    return Metric(article_id=aid, metric=kind, value=value, unit=kw.pop("unit", "people"), **kw)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A store with three articles and five metrics covering every filter."""
    s = Store(tmp_path / "t.db")
    s.upsert(_article("a1", "https://x.test/1"), [
        _metric("a1", "encounters", 128900, period_start=D(2024, 2, 1), period_end=D(2024, 2, 29),
                attributed_to="CBP", location="El Paso", qualifier="exact"),
        _metric("a1", "deaths", 3, attributed_to="Border Patrol", location="Tucson", qualifier="over"),
    ], "1")
    s.upsert(_article("a2", publisher="KTAR News", published=D(2023, 12, 1)), [
        _metric("a2", "funding", 2e9, unit="usd", period_start=D(2023, 10, 1), period_end=D(2024, 9, 30),
                qualifier="approx", location="Arizona"),
        _metric("a2", "crossings", 500, per="day", attributed_to="CBP"),
    ], "1")
    s.upsert(_article("a3", publisher="Reuters", published=None), [_metric("a3", "seizures", 10, unit="pounds")], "1")
    yield s
    s.close()


@pytest.mark.parametrize(("filters", "expected"), [
    (Filters(), {"encounters", "deaths", "funding", "crossings", "seizures"}),
    (Filters(kinds=["encounters", "deaths"]), {"encounters", "deaths"}),
    (Filters(publishers=["KTAR News"]), {"funding", "crossings"}),
    (Filters(sources=["CBP"]), {"encounters", "crossings"}),
    (Filters(places=["El Paso", "Arizona"]), {"encounters", "funding"}),
    (Filters(qualifiers=["approx", "over"]), {"funding", "deaths"}),
    # period overlap: Feb 2024 metric, FY2024 funding; metrics without a period fall back to the article date
    (Filters(date_from=D(2024, 2, 15), date_to=D(2024, 2, 20)), {"encounters", "funding"}),
    (Filters(date_from=D(2024, 3, 1)), {"deaths", "funding"}),
    (Filters(date_to=D(2023, 12, 31)), {"funding", "crossings"}),
    (Filters(date_from=D(2023, 12, 1), date_to=D(2023, 12, 1)), {"funding", "crossings"}),
    (Filters(kinds=["encounters"], sources=["Border Patrol"]), set()),
    (Filters(kinds=["x' OR '1'='1"]), set()),  # values reach SQL only as parameters
    (Filters(places=["El Paso'); DROP TABLE metrics; --"]), set()),
])
def test_query_filters(store: Store, filters: Filters, expected: set[str]) -> None:
    frame = store.query(filters)
    assert set(frame["metric"]) == expected
    assert list(frame.columns) == list(QUERY_COLUMNS)
    assert store.counts() == {"articles": 3, "metrics": 5}


def test_query_types_and_limit(store: Store) -> None:
    frame = store.query(limit=2)
    assert len(frame) == 2
    for column in ("period_start", "period_end", "published"):
        assert pd.api.types.is_datetime64_any_dtype(frame[column])
    full = store.query()
    assert full["metric_id"].dtype == "int64" and full["value"].dtype == "float64"
    assert full.loc[full["metric"] == "seizures", "published"].isna().all()
    row = full[full["metric"] == "encounters"].iloc[0]
    assert (row["period_start"], row["title"], row["url"]) == (pd.Timestamp("2024-02-01"), "Title a1",
                                                               "https://x.test/1")


def test_empty_result_keeps_columns(tmp_path: Path) -> None:
    with Store(tmp_path / "e.db") as s:
        frame = s.query(Filters(kinds=["nothing"]))
        assert frame.empty and list(frame.columns) == list(QUERY_COLUMNS)
        assert pd.api.types.is_datetime64_any_dtype(frame["published"])
        assert s.facets()["date_min"] is None


def _reference_query(path: Path, where: str = "", params: tuple = (), limit: int | None = None) -> pd.DataFrame:
    """The query frame built the plain way: one joined row per metric, sorted in SQL, converted per column."""
    sql = ("SELECT m.id, m.article_id, m.metric, m.value, m.unit, m.per, m.period_start, m.period_end, m.qualifier, "
           "m.attributed_to, m.location, m.evidence, m.start, m.\"end\", m.confidence, m.extractor_version, "
           "a.title, a.publisher, a.published, a.url FROM metrics m JOIN articles a ON a.id = m.article_id "
           f"{where} ORDER BY COALESCE(m.period_start, m.period_end, a.published), m.id")
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    with sqlite3.connect(path) as db:
        rows = db.execute(sql, params).fetchall()
    frame = pd.DataFrame.from_records(rows, columns=list(QUERY_COLUMNS))
    frame = frame.astype({"metric_id": "int64", "value": "float64", "start": "int64", "end": "int64",
                          "confidence": "float64"})
    for column in ("period_start", "period_end", "published"):
        frame[column] = pd.to_datetime(frame[column], format="ISO8601", errors="coerce").astype("datetime64[ns]")
    return frame


@pytest.fixture
def odd_store(store: Store) -> Store:
    """The store plus rows that test the ordering and conversions: ties, junk and empty dates, no period at all,
    a date-less article, non-ASCII text, a column that is None throughout a filtered result."""
    store.upsert(_article("a4", "https://x.test/4", published=None, text="Autre texte."), [
        _metric("a4", "removals", 1.5, evidence="Ciudad Juárez, 1,5 millón"),
        _metric("a4", "removals", 2, period_start=D(2024, 2, 1)),  # ties with a1's encounters on the key
        _metric("a4", "encounters", 3, period_end=D(2022, 1, 31)),  # end only
    ], "2")
    store.upsert(_article("a5", "https://x.test/5", published=D(2024, 2, 1)),
                 [_metric("a5", "deaths", 4, confidence=0.5, start=3, end=9)], "1")
    with sqlite3.connect(store.path) as db:  # what a hand-edited or older database may hold
        db.execute("UPDATE metrics SET period_start = 'sometime', period_end = '' WHERE metric = 'seizures'")
        db.execute("UPDATE metrics SET period_start = '2024-02-01T00:00:00' WHERE value = 4")
    return store


@pytest.mark.parametrize(("filters", "where", "params", "limit"), [
    (None, "", (), None),
    (Filters(), "", (), 3),
    (Filters(kinds=["removals", "seizures"]), "WHERE m.metric IN (?, ?)", ("removals", "seizures"), None),
    (Filters(kinds=["removals"]), "WHERE m.metric IN (?)", ("removals",), 2),  # per and location all None
    (Filters(publishers=["Reuters"]), "WHERE a.publisher IN (?)", ("Reuters",), None),
    (Filters(kinds=["nothing"]), "WHERE m.metric IN (?)", ("nothing",), None),
    (Filters(date_from=D(2024, 2, 1)), "WHERE COALESCE(m.period_end, m.period_start, a.published) >= ?",
     ("2024-02-01",), None),
])
def test_query_equals_row_by_row_reference(odd_store: Store, filters: Filters | None, where: str, params: tuple,
                                           limit: int | None) -> None:
    expected = _reference_query(odd_store.path, where, params, limit)
    got = odd_store.query(filters, limit)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert len(got) == len(expected)


def test_facets(store: Store) -> None:
    assert store.facets() == {
        "publishers": ["El Paso Times", "KTAR News", "Reuters"],
        "sources": ["Border Patrol", "CBP"],
        "kinds": ["crossings", "deaths", "encounters", "funding", "seizures"],
        "places": ["Arizona", "El Paso", "Tucson"],
        "qualifiers": ["approx", "exact", "over"],
        "date_min": D(2023, 10, 1),
        "date_max": D(2024, 9, 30),
    }


# (article to upsert after a1 is stored, version, expected status, articles, metrics of a1's row)
@pytest.mark.parametrize(("article", "version", "status", "articles"), [
    (_article("a1", "https://x.test/1"), "1", "unchanged", 3),
    (replace(_article("a1", "https://x.test/1"), id="other-id"), "1", "unchanged", 3),  # same URL and content
    (_article("a1", "https://x.test/1", text="Edited text."), "1", "updated", 3),
    (_article("new-id", "https://x.test/1", text="Edited text."), "1", "updated", 3),  # URL is the identity
    (_article("a1", "https://x.test/1"), "2", "updated", 3),  # another extractor version
    (_article("a4", "https://x.test/4"), "1", "new", 4),
])
def test_upsert_identity(store: Store, article: Article, version: str, status: str, articles: int) -> None:
    before = store.fingerprint()
    metrics = [_metric(article.id, "removals", 7)]
    assert store.upsert(article, metrics, version) == status
    assert store.counts()["articles"] == articles
    stored = store.query(Filters(publishers=["El Paso Times"]))
    kinds = set(stored.loc[stored["url"] == article.url, "metric"])
    if status == "unchanged":
        assert kinds == {"encounters", "deaths"} and store.fingerprint() == before
    else:
        assert kinds == {"removals"} and store.fingerprint() != before
        assert set(stored.loc[stored["metric"] == "removals", "article_id"]) == (
            {"a1"} if article.url == "https://x.test/1" else {article.id})


def test_upsert_many_counts_and_batches(tmp_path: Path) -> None:
    items = [(_article(f"b{i}", f"https://x.test/b{i}"), [_metric(f"b{i}")]) for i in range(25)]
    with Store(tmp_path / "m.db") as s:
        assert s.upsert_many(items, "1", batch_size=10) == {"new": 25, "metrics": 25}
        assert s.upsert_many(items + items[:3], "1", batch_size=10) == {"unchanged": 28}
        assert s.counts() == {"articles": 25, "metrics": 25}
        assert [a.id for a in s.articles()] == sorted(f"b{i}" for i in range(25))


def test_schema_wal_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store(path).close()
    with Store(path) as again:  # a second open must not re-run migrations
        assert again.counts() == {"articles": 0, "metrics": 0}
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"metrics_kind", "metrics_period", "articles_publisher", "metrics_source", "metrics_place"} <= names
    con.close()


@pytest.mark.parametrize(("content", "readonly", "message"), [
    (None, True, "no such database file"),
    (b"this is not a database at all" * 100, False, "not a SQLite database or corrupt"),
    (b"this is not a database at all" * 100, True, "not a SQLite database or corrupt"),
    (b"", True, "not a bordermetrics database"),
    (b"other app", False, "not a bordermetrics database"),  # never add our tables to someone else's database
    (b"other app", True, "not a bordermetrics database"),
])
def test_open_errors_name_the_file(tmp_path: Path, content: bytes | None, readonly: bool, message: str) -> None:
    path = tmp_path / "bad.db"
    if content == b"other app":
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE notes (body TEXT)")
        con.close()
    elif content is not None:
        path.write_bytes(content)
    with pytest.raises(StoreError, match=message) as info:
        Store(path, readonly=readonly)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("readonly", [False, True])
def test_newer_schema_is_refused(tmp_path: Path, readonly: bool) -> None:
    path = tmp_path / "future.db"
    Store(path).close()
    con = sqlite3.connect(path)
    con.execute("INSERT INTO schema_version VALUES (?, 'later')", (SCHEMA_VERSION + 1,))
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="newer than this program"):
        Store(path, readonly=readonly)


def test_readonly_refuses_writes(store: Store) -> None:
    with Store(store.path, readonly=True) as ro:
        assert ro.counts()["metrics"] == 5
        with pytest.raises(StoreError, match="read-only"):
            ro.upsert(_article("z"), [], "1")


@pytest.mark.parametrize("readonly", [False, True])
def test_locked_database_is_reported(store: Store, readonly: bool) -> None:
    blocker = sqlite3.connect(store.path, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked"):  # waits 0.3 s, not the default 10 s
            with Store(store.path, readonly=readonly, busy_timeout=0.3) as other:
                other.upsert(_article("z", "https://x.test/z"), [], "1")
    finally:
        blocker.rollback()
        blocker.close()
    assert store.counts()["articles"] == 3


def test_readers_are_not_blocked_by_a_writer(store: Store) -> None:
    with store._writing() as tx:  # a batch in flight in the ingesting process
        store._upsert(_article("w", "https://x.test/w"), [_metric("w")], "1")
        tx.changed = True
        with Store(store.path, readonly=True) as dashboard:  # WAL: the reader sees the last commit
            assert dashboard.counts() == {"articles": 3, "metrics": 5}
            before = dashboard.fingerprint()
    with Store(store.path, readonly=True) as dashboard:
        assert dashboard.counts() == {"articles": 4, "metrics": 6} and dashboard.fingerprint() != before


def test_fingerprint_changes_only_with_data(store: Store) -> None:
    first = store.fingerprint()
    store.query()
    assert store.fingerprint() == first
    store.replace_metrics([("a3", [])], "2")
    assert store.fingerprint() != first
    with Store(store.path, readonly=True) as other:  # another connection sees the same value
        assert other.fingerprint() == store.fingerprint()


def _read_back(path: Path, fmt: str) -> pd.DataFrame:
    if fmt == "csv":
        return pd.read_csv(path)
    if fmt == "jsonl":
        return pd.DataFrame([json.loads(line) for line in path.read_text().splitlines()])
    return pd.read_parquet(path)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
@pytest.mark.parametrize(("filters", "rows"), [(Filters(), 5), (Filters(sources=["CBP"]), 2)])
def test_export_reads_back(store: Store, tmp_path: Path, fmt: str, filters: Filters, rows: int) -> None:
    out = tmp_path / f"out.{fmt}"
    assert run_export(store.path, filters, fmt, str(out)) == 0
    frame = _read_back(out, fmt)
    assert len(frame) == rows and list(frame.columns) == list(QUERY_COLUMNS)
    enc = frame[frame["metric"] == "encounters"]
    if len(enc):
        assert str(enc.iloc[0]["period_start"])[:10] == "2024-02-01" and enc.iloc[0]["value"] == 128900


@pytest.mark.parametrize(("args", "rows"), [
    (["--format", "jsonl"], 5),
    (["--format", "jsonl", "--kind", "encounters", "--kind", "deaths"], 2),
    (["--format", "jsonl", "--from", "2024-03-01", "--publisher", "El Paso Times"], 1),
    (["--format", "csv", "--source", "CBP", "--qualifier", "exact"], 2),
])
def test_export_cli_to_stdout(store: Store, capsys: pytest.CaptureFixture[str], args: list[str], rows: int) -> None:
    assert main(["export", "--db", str(store.path), *args]) == 0
    out = capsys.readouterr().out
    frame = pd.read_csv(io.StringIO(out)) if "csv" in args else pd.read_json(io.StringIO(out), lines=True)
    assert len(frame) == rows and list(frame.columns) == list(QUERY_COLUMNS)


@pytest.mark.parametrize(("fmt", "output", "db_name", "message"), [
    ("parquet", "-", "t.db", "give a file with -o"),
    ("csv", "out.csv", "missing.db", "no such database file"),
    ("csv", "out.csv", ".", "is a folder, not a database file"),
    ("xml", "out.xml", "t.db", "unknown format"),
])
def test_export_errors(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, output: str,
                       db_name: str, message: str) -> None:
    target = output if output == "-" else str(tmp_path / output)
    assert run_export(tmp_path / db_name, Filters(), fmt, target) == 2
    assert message in capsys.readouterr().err
