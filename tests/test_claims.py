"""Claims: repeats grouped, first reporter, disagreements, comparison with the CBP reference, settings."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from extract.claims import (
    CLAIM_COLUMNS,
    ClaimSettings,
    ClaimSettingsError,
    claim_members,
    group_claims,
    normalise_place,
)
from extract.models import Article, Metric
from extract.store import Store


def row(mid: int, art: str, value: float, *, per: str | None = "day", ps: str | None = "2023-12-18",
        pe: str | None = None, pub: str = "2023-12-19", publisher: str | None = None, kind: str = "encounters",
        unit: str = "people", loc: str | None = "southwest border", src: str | None = "CBP") -> dict:
    """One metric row in Store.query() shape; pe defaults to ps, publisher to 'Outlet <art>'."""
    return {
        "metric_id": mid, "article_id": art, "metric": kind, "value": float(value), "unit": unit, "per": per,
        "period_start": pd.Timestamp(ps) if ps else pd.NaT, "period_end": pd.Timestamp(pe or ps) if (pe or ps) else pd.NaT,
        "qualifier": "exact", "attributed_to": src, "location": loc, "evidence": f"{value:,.0f} people",
        "start": 0, "end": 0, "confidence": 1.0, "extractor_version": "test", "title": f"Story {art}",
        "publisher": publisher or f"Outlet {art}", "published": pd.Timestamp(pub), "url": f"https://news.example/{art}",
    }


def frame(*rows: dict) -> pd.DataFrame:
    """A metrics frame with the store's dtypes."""
    df = pd.DataFrame(list(rows))
    for c in ("period_start", "period_end", "published"):
        df[c] = df[c].astype("datetime64[ns]")
    return df


# A wire story (10,000 a day on 2023-12-18) repeated by five outlets over five days; the first stored (metric 10,
# Outlet 0) is not the first published (Outlet 1, on the 19th).
WIRE = [row(10 + i, f"w{i}", 10_000, pub=f"2023-12-{19 + (i * 3 + 2) % 5}", publisher=f"Outlet {i}")
        for i in range(5)]

GROUPING = [
    # id, rows, expected n_articles per claim (sorted, largest first), expected number of conflicting claims
    ("wire story repeated by five outlets", WIRE, [5], 0),
    ("two outlets disagree on the same day", [row(1, "a", 10_000), row(2, "b", 12_000)], [1, 1], 2),
    ("figure for a different month not merged",
     [row(1, "a", 50_000, per=None, ps="2023-11-01", pe="2023-11-30"),
      row(2, "b", 50_000, per=None, ps="2023-12-01", pe="2023-12-31")], [1, 1], 0),
    ("different per not merged", [row(1, "a", 10_000, per="day"), row(2, "b", 10_000, per="week")], [1, 1], 0),
    ("different kind not merged", [row(1, "a", 10_000), row(2, "b", 10_000, kind="crossings")], [1, 1], 0),
    ("different unit not merged", [row(1, "a", 100, unit="trucks"), row(2, "b", 100, unit="trains")], [1, 1], 0),
    ("within 2% merged", [row(1, "a", 10_000), row(2, "b", 10_150), row(3, "c", 10_200)], [3], 0),
    ("beyond 2% but under 10%: two claims, no conflict", [row(1, "a", 10_000), row(2, "b", 10_500)], [1, 1], 0),
    ("restated twice in one article is one article", [row(1, "a", 170_000), row(2, "a", 169_244)], [1], 0),
    ("breakdown in one article is not a conflict", [row(1, "a", 10_000), row(2, "a", 4_000)], [1, 1], 0),
    ("different places do not conflict", [row(1, "a", 10_000), row(2, "b", 2_000, loc="Mexico")], [1, 1], 0),
    ("southern border and southwest border are one place",
     [row(1, "a", 10_000), row(2, "b", 12_000, loc="the U.S. southern border")], [1, 1], 2),
    ("no place on both sides counts as the same place",
     [row(1, "a", 10_000, loc=None), row(2, "b", 12_000, loc=None)], [1, 1], 2),
    ("no period: publication date, same day merged",
     [row(1, "a", 900, ps=None, pub="2024-01-05"), row(2, "b", 900, ps=None, pub="2024-01-05")], [2], 0),
    ("no period: publication dates a week apart not merged",
     [row(1, "a", 900, ps=None, pub="2024-01-05"), row(2, "b", 900, ps=None, pub="2024-01-12")], [1, 1], 0),
    ("month total and a day inside it overlap and merge",
     [row(1, "a", 7_000, per=None, ps="2023-12-01", pe="2023-12-31"), row(2, "b", 7_000, per=None, ps="2023-12-18")],
     [2], 0),
    ("values more than twice apart are different measures", [row(1, "a", 10_000), row(2, "b", 25_000)], [1, 1], 0),
    ("totals over a month and its quarter do not conflict",
     [row(1, "a", 70_000, per=None, ps="2019-03-01", pe="2019-03-31", loc="Yuma"),
      row(2, "b", 90_000, per=None, ps="2019-01-01", pe="2019-03-31", loc="Yuma")], [1, 1], 0),
    ("totals over the same month conflict",
     [row(1, "a", 70_000, per=None, ps="2019-03-01", pe="2019-03-31", loc="Yuma"),
      row(2, "b", 90_000, per=None, ps="2019-03-01", pe="2019-03-31", loc="Yuma")], [1, 1], 2),
    ("Border Patrol part and CBP total for one month both on record: no conflict",
     [row(1, "a", 250_000, per=None, ps="2023-12-01", pe="2023-12-31"),
      row(2, "b", 300_000, per=None, ps="2023-12-01", pe="2023-12-31")], [1, 1], 0),
    ("empty frame", [], [], 0),
]


@pytest.mark.parametrize(("rows", "n_articles", "n_conflicts"), [g[1:] for g in GROUPING],
                         ids=[g[0] for g in GROUPING])
def test_grouping(rows: list[dict], n_articles: list[int], n_conflicts: int) -> None:
    claims = group_claims(frame(*rows) if rows else pd.DataFrame(columns=list(row(1, "a", 1))))
    assert list(claims.columns) == list(CLAIM_COLUMNS)
    assert sorted(claims["n_articles"], reverse=True) == n_articles
    assert int(claims["conflict"].sum()) == n_conflicts


CLAIM_FIELDS = [
    # id, rows, field, expected value of the (single or largest) claim
    ("earliest publisher first", WIRE, "first_publisher", "Outlet 1"),
    ("earliest publication date", WIRE, "first_published", pd.Timestamp("2023-12-19")),
    ("earliest title", WIRE, "first_title", "Story w1"),
    ("five publishers", WIRE, "n_publishers", 5),
    ("id from the smallest metric_id", WIRE, "claim_id", "c10"),
    ("value is the first report's", [row(7, "a", 10_150, pub="2023-12-20"), row(3, "b", 10_000, pub="2023-12-21")],
     "value", 10_150),
    ("spread low end", [row(1, "a", 10_000), row(2, "b", 10_150)], "value_min", 10_000),
    ("spread high end", [row(1, "a", 10_000), row(2, "b", 10_150)], "value_max", 10_150),
    ("restatement: one report", [row(1, "a", 170_000), row(2, "a", 169_244)], "n_reports", 1),
    ("restatement: two mentions", [row(1, "a", 170_000), row(2, "a", 169_244)], "n_mentions", 2),
    ("same URL under two ids is one report",
     [row(1, "a", 500), {**row(2, "b", 500), "url": "https://news.example/a"}], "n_reports", 1),
    ("distinct sources in order",
     [row(1, "a", 500, src="CBP", pub="2023-12-19"), row(2, "b", 500, src="DHS", pub="2023-12-20"),
      row(3, "c", 500, src="CBP", pub="2023-12-21"), row(4, "d", 500, src=None)], "sources", "CBP; DHS"),
    ("most common place",
     [row(1, "a", 500, loc="El Paso"), row(2, "b", 500, loc="Juarez"), row(3, "c", 500, loc="Juarez")],
     "location", "Juarez"),
    ("period is the union", [row(1, "a", 5, per=None, ps="2023-12-01", pe="2023-12-10"),
                             row(2, "b", 5, per=None, ps="2023-12-05", pe="2023-12-20")], "period_end",
     pd.Timestamp("2023-12-20")),
    ("rate kept", WIRE, "per", "day"),
    ("total has no rate", [row(1, "a", 5, per=None)], "per", None),
]


@pytest.mark.parametrize(("rows", "column", "expected"), [c[1:] for c in CLAIM_FIELDS],
                         ids=[c[0] for c in CLAIM_FIELDS])
def test_claim_fields(rows: list[dict], column: str, expected: object) -> None:
    claims = group_claims(frame(*rows))
    assert claims.iloc[0][column] == expected


@pytest.mark.parametrize(("value", "series"), [(300_000, "total"), (250_000, "usbp"), (1_000, "usbp")])
def test_official_series_is_the_closer_one(value: float, series: str) -> None:
    claim = group_claims(frame(row(1, "a", value, per=None, ps="2023-12-01", pe="2023-12-31"))).iloc[0]
    assert claim["official_series"] == series


def test_conflict_lists_the_other_claim() -> None:
    claims = group_claims(frame(row(1, "a", 10_000), row(2, "b", 12_000))).set_index("claim_id")
    assert claims["conflict_with"].to_dict() == {"c1": "c2", "c2": "c1"}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_row_order_does_not_matter(seed: int) -> None:
    rows = [*WIRE, row(1, "a", 10_100), row(2, "b", 12_000), row(3, "c", 10_210), row(4, "d", 9_990, ps="2023-12-19")]
    df = frame(*rows)
    expected = claim_members(df).sort_values("metric_id").reset_index(drop=True)
    shuffled = df.sample(frac=1, random_state=seed).reset_index(drop=True)
    pd.testing.assert_frame_equal(claim_members(shuffled), expected)


def test_claim_keeps_its_id_when_repeated_later() -> None:
    before = group_claims(frame(*WIRE))
    after = group_claims(frame(*WIRE, row(99, "late", 10_000, pub="2023-12-30")))
    assert (before.loc[0, "claim_id"], after.loc[0, "claim_id"], after.loc[0, "n_articles"]) == ("c10", "c10", 6)


SETTINGS_EFFECT = [
    # id, settings, rows, expected number of claims
    ("wider tolerance merges", {"value_tolerance": 0.05}, [row(1, "a", 10_000), row(2, "b", 10_400)], 1),
    ("zero tolerance splits", {"value_tolerance": 0.0}, [row(1, "a", 10_000), row(2, "b", 10_001)], 2),
    ("periods ignored merges months", {"require_overlap": False},
     [row(1, "a", 5, ps="2023-11-02"), row(2, "b", 5, ps="2023-12-02")], 1),
    ("one day of slack joins next days", {"period_slack_days": 1},
     [row(1, "a", 5, ps="2023-12-01"), row(2, "b", 5, ps="2023-12-02")], 1),
    ("no slack keeps next days apart", {}, [row(1, "a", 5, ps="2023-12-01"), row(2, "b", 5, ps="2023-12-02")], 2),
]


@pytest.mark.parametrize(("values", "rows", "n_claims"), [s[1:] for s in SETTINGS_EFFECT],
                         ids=[s[0] for s in SETTINGS_EFFECT])
def test_settings_change_grouping(values: dict, rows: list[dict], n_claims: int) -> None:
    assert len(group_claims(frame(*rows), ClaimSettings.from_dict(values))) == n_claims


BAD_SETTINGS = [
    ({"value_tolerance": -0.1}, "value_tolerance=-0.1 is not valid: use a number from 0 to below 1"),
    ({"value_tolerance": "2%"}, "value_tolerance='2%' is not valid"),
    ({"conflict_threshold": 0.01}, "conflict_threshold=0.01 is below value_tolerance=0.02"),
    ({"official_flag_share": 0}, "official_flag_share=0 is not valid: use a number above 0"),
    ({"official_flag_share": float("nan")}, "official_flag_share=nan is not valid"),
    ({"require_overlap": "yes"}, "require_overlap='yes' is not valid: use true or false"),
    ({"period_slack_days": 1.5}, "period_slack_days=1.5 is not valid: use a whole number"),
    ({"tolerance": 0.02}, "unknown claim setting(s) tolerance: valid are value_tolerance, conflict_threshold"),
]


@pytest.mark.parametrize(("values", "message"), BAD_SETTINGS, ids=[str(v) for v, _ in BAD_SETTINGS])
def test_bad_settings_name_what_is_allowed(values: dict, message: str) -> None:
    with pytest.raises(ClaimSettingsError) as err:
        ClaimSettings.from_dict(values)
    assert message in str(err.value)


DEC_2023_PER_DAY = 301_981 / 31
JAN_2024_PER_DAY = 176_205 / 31
OFFICIAL = [
    # id, metric row, expected official value (None: NaN), expected flag (None: NA)
    ("monthly total, whole month", row(1, "a", 242_407, per=None, ps="2023-11-01", pe="2023-11-30"), 242_407, False),
    ("per day on one day", row(1, "a", 10_000, ps="2023-12-18"), DEC_2023_PER_DAY, False),
    ("per day far above CBP is flagged", row(1, "a", 20_000, ps="2023-12-18"), DEC_2023_PER_DAY, True),
    ("per day across two months, day-weighted", row(1, "a", 8_000, ps="2023-12-25", pe="2024-01-05"),
     (7 * DEC_2023_PER_DAY + 5 * JAN_2024_PER_DAY) / 12, False),
    ("per week", row(1, "a", 68_000, per="week", ps="2023-12-11", pe="2023-12-17"), DEC_2023_PER_DAY * 7, False),
    ("per month", row(1, "a", 300_000, per="month", ps="2023-12-01", pe="2023-12-31"), 301_981, False),
    ("total over three whole months is the sum",
     row(1, "a", 785_000, per=None, ps="2023-10-01", pe="2023-12-31"), 240_981 + 242_407 + 301_981, False),
    ("fiscal-year total from the FY file", row(1, "a", 2_475_669, per=None, ps="2022-10-01", pe="2023-09-30"),
     2_475_669, False),
    ("Border Patrol apprehensions matched to the USBP series",
     row(1, "a", 140_644, per=None, ps="2024-02-01", pe="2024-02-29"), 140_641, False),
    ("month without a USBP figure uses the total", row(1, "a", 170_000, per=None, ps="2023-11-01", pe="2023-11-30"),
     242_407, True),
    ("total on a partial month: none", row(1, "a", 9_000, per=None, ps="2023-12-18"), None, None),
    ("Mexico: none", row(1, "a", 10_000, loc="Mexico"), None, None),
    ("nationwide: none", row(1, "a", 10_000, loc="nationwide"), None, None),
    ("a sector is only part of the border: none", row(1, "a", 2_000, loc="El Paso Sector"), None, None),
    ("no place: compared", row(1, "a", 10_000, loc=None), DEC_2023_PER_DAY, False),
    ("month without a CBP total: none", row(1, "a", 5_000, ps="2024-06-10"), None, None),
    ("before the reference starts: none", row(1, "a", 5_000, ps="2018-06-10"), None, None),
    ("not encounters: none", row(1, "a", 10_000, kind="crossings"), None, None),
]


@pytest.mark.parametrize(("metric", "official", "flag"), [o[1:] for o in OFFICIAL], ids=[o[0] for o in OFFICIAL])
def test_official_comparison(metric: dict, official: float | None, flag: bool | None) -> None:
    claim = group_claims(frame(metric)).iloc[0]
    if official is None:
        assert (math.isnan(claim["official_value"]), math.isnan(claim["official_ratio"]),
                claim["official_flag"] is pd.NA) == (True, True, True)
    else:
        assert claim["official_value"] == pytest.approx(official)
        assert claim["official_ratio"] == pytest.approx(claim["value"] / official)
        assert bool(claim["official_flag"]) is flag


@pytest.mark.parametrize(("place", "expected"), [
    ("Southwest border", "southwest border"), ("U.S.-Mexico border", "southwest border"),
    ("the border", "southwest border"), ("U.S. southwestern border", "southwest border"),
    ("northern and southwest borders", "northern and southwest borders"), ("El Paso Sector", "el paso sector"),
    (None, ""), ("Mexico", "mexico"),
])
def test_normalise_place(place: str | None, expected: str) -> None:
    assert normalise_place(place) == expected


def test_through_the_real_store(tmp_path) -> None:
    store = Store(tmp_path / "claims.sqlite")
    day = dt.date(2023, 12, 18)
    for i, (publisher, value) in enumerate([("AP", 10_000), ("Reuters", 10_000), ("KTSM", 10_100), ("Fox", 12_000)]):
        article = Article(id=f"s{i}", title=f"Border story {i}", publisher=publisher,
                          published=day + dt.timedelta(days=1 + i), url=f"https://news.example/s{i}", text="...")
        metric = Metric(article_id=article.id, metric="encounters", value=value, unit="people", per="day",
                        period_start=day, period_end=day, attributed_to="CBP", location="southwest border")
        store.upsert(article, [metric], extractor_version="test")
    claims = group_claims(store.query())
    store.close()
    assert [(c.first_publisher, c.n_articles, c.value_min, c.value_max, c.conflict) for c in claims.itertuples()] == [
        ("AP", 3, 10_000, 10_100, True), ("Fox", 1, 12_000, 12_000, True)]


GOLD_CLAIMS = [
    # value of a figure the bundled sample repeats -> (articles, first publisher, CBP series, ratio to CBP)
    (140_644, (3, "Center for Immigration Studies", "usbp", 1.0)),
    (250_000, (2, "The Associated Press (via KRDO)", "usbp", 1.001)),
    (302_034, (2, "SmartHER News", "total", 1.0002)),
    (144_266, (3, "Fronteras Desk (KJZZ)", None, None)),  # Mexico's count for May 2019: before the CBP series
]


@pytest.fixture(scope="module")
def gold_claims(sample_corpus) -> pd.DataFrame:
    """The bundled sample's hand-labelled metrics written through a real SQLite store, grouped."""
    from tests.browser.dbfill import gold_frame

    return group_claims(gold_frame(sample_corpus))


@pytest.mark.parametrize(("value", "expected"), GOLD_CLAIMS, ids=[str(v) for v, _ in GOLD_CLAIMS])
def test_bundled_sample_claims(gold_claims: pd.DataFrame, value: float, expected: tuple) -> None:
    claim = gold_claims[gold_claims["value"] == value].iloc[0]
    ratio = None if pd.isna(claim["official_ratio"]) else round(claim["official_ratio"], 4)
    assert (claim["n_articles"], claim["first_publisher"], claim["official_series"], ratio) == expected
