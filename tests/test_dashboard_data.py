"""dashboard.data: URL <-> filters, validation, per-day conversion, filtering and the database source."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from dashboard import data
from extract.store import Filters, Store
from tests.browser.dbfill import fill_db, gold_frame, gold_items

FACETS = {"publishers": ["Fortune", "AP News"], "sources": ["CBP"], "kinds": ["encounters", "deaths"],
          "places": ["El Paso"], "qualifiers": ["exact", "approx"]}


@pytest.fixture(scope="module")
def gold(sample_corpus: Path) -> pd.DataFrame:
    return data.prepare_frame(gold_frame(sample_corpus))


@pytest.mark.parametrize("filters", [
    data.empty_filters(),
    {**data.empty_filters(), "kinds": ["encounters", "deaths"], "date_from": "2023-01-01"},
    {**data.empty_filters(), "publishers": ["AP News"], "date_to": "2024-02-29", "qualifiers": ["approx"]},
    {**data.empty_filters(), "places": ["El Paso"], "sources": ["CBP"], "publishers": ["Fortune", "AP News"]},
])
def test_url_round_trip(filters: dict) -> None:
    assert data.query_to_filters(data.filters_to_query(filters), FACETS) == filters


@pytest.mark.parametrize(("query", "expected"), [
    ("", {}),
    ("?kind=encounters&kind=nope", {"kinds": ["encounters"]}),
    ("?kind=encounters&kind=encounters", {"kinds": ["encounters"]}),
    ("?from=2023-02-30&to=2023-12-31", {"date_to": "2023-12-31"}),
    ("?from=yesterday", {}),
    ("?from=2024-01-01&to=2023-01-01", {"date_from": "2024-01-01"}),
    ("?publisher=AP%20News&publisher=%3Cscript%3E", {"publishers": ["AP News"]}),
    ("?qualifier=over", {}),  # a real qualifier that no stored metric has
    ("?unknown=1&place=El+Paso", {"places": ["El Paso"]}),
    ("?from=2023-05-01T10:00:00", {"date_from": "2023-05-01"}),
])
def test_url_values_are_validated(query: str, expected: dict) -> None:
    assert data.query_to_filters(query, FACETS) == {**data.empty_filters(), **expected}


@pytest.mark.parametrize(("value", "per", "start", "end", "unit", "per_day", "converted"), [
    (302_000, None, "2023-12-01", "2023-12-31", "people", 302_000 / 31, True),  # a monthly total
    (10_800, None, "2023-12-18", "2023-12-18", "people", 10_800, False),  # one day's total
    (10_000, "day", "2023-12-18", "2023-12-18", "people", 10_000, False),  # already a daily rate
    (7_000, "week", "2023-12-18", "2023-12-18", "people", 1_000, True),
    (36_525, "year", "2023-01-01", "2023-12-31", "people", 100, True),
    (304_375, "month", "2023-06-01", "2023-06-01", "people", 10_000, True),
    (2_475_669, None, "2022-10-01", "2023-09-30", "people", 2_475_669 / 365, True),  # a fiscal year
    (1.3e9, None, "2019-01-01", "2019-12-31", "usd", 1.3e9 / 365, True),
    (42, None, "2023-01-01", "2023-12-31", "percent", None, False),  # a change cannot be spread over days
    (5, None, "2023-01-01", "2023-01-31", "hours", None, False),
])
def test_per_day_conversion(value: float, per: str | None, start: str, end: str, unit: str,
                            per_day: float | None, converted: bool) -> None:
    frame = pd.DataFrame([{"metric_id": 1, "article_id": "a", "metric": "encounters", "value": value, "unit": unit,
                           "per": per, "period_start": start, "period_end": end, "qualifier": "exact",
                           "attributed_to": None, "location": None, "publisher": "P", "published": end}])
    row = data.prepare_frame(frame).iloc[0]
    assert (pd.isna(row["per_day"]) if per_day is None else row["per_day"] == pytest.approx(per_day))
    assert bool(row["converted"]) is converted


@pytest.mark.parametrize("filters", [
    Filters(),
    Filters(kinds=["encounters"]),
    Filters(date_from=dt.date(2023, 1, 1), date_to=dt.date(2023, 12, 31)),
    Filters(date_from=dt.date(2021, 3, 1)),
    Filters(publishers=["Fortune"], qualifiers=["exact"]),
    Filters(kinds=["deaths", "removals"], date_to=dt.date(2022, 6, 30)),
])
def test_filtering_in_memory_matches_the_store(tmp_path: Path, sample_corpus: Path, filters: Filters) -> None:
    db = fill_db(tmp_path / "g.db", gold_items(sample_corpus))
    with Store(db, readonly=True) as store:
        expected = sorted(store.query(filters)["metric_id"])
    source = data.MetricsSource(db)
    as_dict = {"date_from": filters.date_from and filters.date_from.isoformat(),
               "date_to": filters.date_to and filters.date_to.isoformat(), "publishers": filters.publishers,
               "sources": filters.sources, "kinds": filters.kinds, "places": filters.places,
               "qualifiers": filters.qualifiers}
    assert sorted(source.filtered(as_dict)["metric_id"]) == expected


@pytest.mark.parametrize(("make", "words"), [
    (lambda p: p / "missing.db", "No database at"),
    (lambda p: (p / "junk.db").write_bytes(b"this is not sqlite" * 100) and p / "junk.db", "Cannot read"),
])
def test_unreadable_database_raises_a_readable_error(tmp_path: Path, make, words: str) -> None:
    source = data.MetricsSource(make(tmp_path))
    with pytest.raises(data.DataError, match=words):
        source.frame()
    assert source.metrics_or_empty({}).empty


def test_source_reloads_when_the_database_changes(tmp_path: Path, sample_corpus: Path) -> None:
    items = gold_items(sample_corpus)
    db = fill_db(tmp_path / "g.db", items[:10])
    source = data.MetricsSource(db)
    before = len(source.frame())
    with Store(db) as store:
        store.upsert_many(items[10:20], "gold")
    assert len(source.frame()) == before + sum(len(m) for _, m in items[10:20])


@pytest.mark.parametrize(("evidence", "value", "start", "end", "figure"), [
    ("Agents apprehended around 10,800 migrants on Monday", 10_800, 0, 0, "around 10,800"),
    ("Their package sets aside $1.3 billion for border security", 1.3e9, 0, 0, "$1.3 billion"),
    ("In 2023 there were 2,475,669 encounters", 2_475_669, 0, 0, "2,475,669"),
    ("Some 42 people were found", 43, 5, 7, "42"),  # no value match: the offsets decide
    ("No figure here", 5, 0, 14, ""),  # offsets covering everything are the evidence's own span
    ("", 5, 0, 0, ""),
])
def test_evidence_highlight(evidence: str, value: float, start: int, end: int, figure: str) -> None:
    before, found, after = data.evidence_parts(evidence, value, start, end)
    assert found == figure
    assert before + found + after == evidence


def test_table_rows_and_export_keep_every_column(gold: pd.DataFrame) -> None:
    rows = data.table_rows(gold, limit=50)
    assert len(rows) == 50
    assert rows[0]["published"] >= rows[-1]["published"]
    assert set(data.EXPORT_COLUMNS) <= set(rows[0])
    assert len(data.export_frame(gold)) == len(gold)


@pytest.mark.parametrize(("date_max", "years", "expected"), [
    (None, [], {"all": (None, None)}),
    (dt.date(2025, 12, 5), [2024, 2025], {"all": (None, None), "last12": ("2024-12-06", "2025-12-05"),
                                          "2024": ("2024-01-01", "2024-12-31"), "2025": ("2025-01-01", "2025-12-31")}),
])
def test_quick_ranges(date_max: dt.date | None, years: list[int], expected: dict) -> None:
    assert data.quick_ranges(date_max, years) == expected


def test_facets_and_summary_of_an_empty_frame(gold: pd.DataFrame) -> None:
    empty = gold.iloc[0:0]
    assert data.facets_of(empty)["date_min"] is None
    assert data.summary(empty) == {"metrics": 0, "articles": 0, "publishers": 0, "first": None, "last": None}


def test_locked_database_gives_a_readable_error(tmp_path: Path, sample_corpus: Path) -> None:
    """Another connection holding an exclusive lock: after the busy timeout (0.2 s here), a message, no hang."""
    import sqlite3

    db = fill_db(tmp_path / "locked.db", gold_items(sample_corpus)[:3])
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("PRAGMA locking_mode = EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("UPDATE articles SET title = title")
        with pytest.raises(data.DataError, match="locked"):
            data.MetricsSource(db, busy_timeout=0.2).frame()
    finally:
        holder.close()


VIEW = data.VIEW_DEFAULTS


@pytest.mark.parametrize(("view", "query"), [
    (VIEW, ""),
    ({**VIEW, "tab": "claims"}, "?tab=claims"),
    ({**VIEW, "chart": "encounters", "scale": "per_day"}, "?chart=encounters&scale=per_day"),
    ({**VIEW, "options": ["log"]}, "?cbp=0"),
    ({**VIEW, "options": []}, "?cbp=0&log=0"),
    ({**VIEW, "options": ["official", "claims", "log"]}, "?claims=1"),
    ({**VIEW, "options": ["claims"], "tolerance": 0.05, "show": ["repeated", "conflict"]},
     "?cbp=0&claims=1&log=0&tol=5&show=repeated&show=conflict"),
    ({**VIEW, "tolerance": 0.0}, "?tol=0"),
])
def test_view_round_trip_omits_defaults(view: dict, query: str) -> None:
    assert data.state_to_query(data.empty_filters(), view) == query
    assert data.query_to_view(query, FACETS["kinds"]) == view


@pytest.mark.parametrize(("query", "expected"), [
    ("?tab=nope&chart=deaths", {"chart": "deaths"}),
    ("?chart=removals", {}),  # a kind the database does not hold
    ("?chart=<script>", {}),
    ("?scale=weekly&cbp=maybe&claims=yes&log=1", {}),
    ("?log=0&log=1", {"options": ["official"]}),  # the first value counts
    ("?tol=3", {}),  # not one of the dropdown's tolerances
    ("?tol=abc&tol=5", {}),  # the first value counts
    ("?tol=nan", {}),
    ("?tol=10&show=flagged&show=x&show=flagged", {"tolerance": 0.10, "show": ["flagged"]}),
])
def test_view_values_are_validated(query: str, expected: dict) -> None:
    assert data.query_to_view(query, FACETS["kinds"]) == {**VIEW, **expected}


def test_filters_and_view_share_one_query() -> None:
    filters = {**data.empty_filters(), "kinds": ["deaths"], "date_from": "2023-01-01"}
    query = data.state_to_query(filters, {**VIEW, "tab": "claims"})
    assert query == "?from=2023-01-01&kind=deaths&tab=claims"
    assert (data.query_to_filters(query, FACETS), data.query_to_view(query, FACETS["kinds"])["tab"]) == (
        filters, "claims")


def test_view_defaults_match_the_controls() -> None:
    from extract.claims import ClaimSettings

    assert data.VIEW_DEFAULTS["tolerance"] == ClaimSettings().value_tolerance
    assert data.VIEW_DEFAULTS["tolerance"] in data.CLAIM_TOLERANCES


def _claim_frame() -> pd.DataFrame:
    base = {"metric": "encounters", "unit": "people", "per": "day", "qualifier": "exact", "attributed_to": None,
            "location": None, "start": 0, "end": 0, "title": "T", "url": "https://x", "confidence": 1.0,
            "period_start": "2023-12-18", "period_end": "2023-12-18"}
    rows = [(1, "a", "AP", "2023-12-20", 10_000), (2, "b", "KTSM", "2023-12-19", 10_050),
            (3, "c", "Fox", "2023-12-21", 12_000), (4, "d", "AP", "2023-12-22", 10_000)]
    frame = pd.DataFrame([{**base, "metric_id": m, "article_id": a, "publisher": p, "published": d, "value": v,
                           "evidence": f"{v:,} a day"} for m, a, p, d, v in rows])
    frame.loc[3, "metric"] = "deaths"  # same figure, another kind: never the same claim
    return data.prepare_frame(frame)


@pytest.mark.parametrize(("claim_id", "metric_ids"), [
    ("c1", [2, 1]),  # both within 2%, earliest published first
    ("c3", [3]),
    ("c4", [4]),
    ("c2", []),  # not a claim's id: its first member is 1
    ("c99", []),
    ("x1", []),
    ("c", []),
])
def test_claim_reports_are_the_members_of_the_clicked_claim(claim_id: str, metric_ids: list[int]) -> None:
    assert data.claim_reports(_claim_frame(), claim_id)["metric_id"].tolist() == metric_ids
