"""dashboard.figures: traces for day, month and fiscal-year periods, per-day view, escaping, empty frames."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import data, figures
from extract.reference import load_cbp_monthly


def frame(*rows: dict) -> pd.DataFrame:
    base = {"article_id": "a", "metric": "encounters", "unit": "people", "per": None, "qualifier": "exact",
            "attributed_to": "CBP", "location": "El Paso", "evidence": "about 10,800 migrants", "start": 0,
            "end": 0, "publisher": "P", "published": "2023-12-19", "title": "T", "url": "https://x"}
    return data.prepare_frame(pd.DataFrame([{**base, "metric_id": i + 1, **row} for i, row in enumerate(rows)]))


def marker_traces(fig) -> list:
    return [t for t in fig.data if t.mode == "markers"]


@pytest.mark.parametrize(("start", "end", "segments"), [
    ("2023-12-18", "2023-12-18", 0),  # a day: a point only
    ("2023-12-01", "2023-12-31", 1),  # a month: a point and a horizontal segment
    ("2022-10-01", "2023-09-30", 1),  # a fiscal year
])
def test_periods_are_points_or_segments(start: str, end: str, segments: int) -> None:
    fig = figures.metric_figure(frame({"value": 10_800, "period_start": start, "period_end": end}),
                                "encounters", "people")
    lines = [t for t in fig.data if t.mode == "lines"]
    assert len(lines) == segments
    if segments:
        assert pd.Timestamp(lines[0].x[0]) == pd.Timestamp(start)
        assert pd.Timestamp(lines[0].x[1]) == pd.Timestamp(end) + pd.Timedelta(days=1)
        assert pd.isna(lines[0].x[2]) and pd.isna(lines[0].y[2])  # a gap before the next segment
    (points,) = marker_traces(fig)
    mid = pd.Timestamp(start) + (pd.Timestamp(end) - pd.Timestamp(start)) / 2
    assert pd.Timestamp(points.x[0]) == mid
    assert list(points.customdata) == [1]


@pytest.mark.parametrize(("qualifier", "symbol", "name"), [
    ("exact", "circle", "exact"), ("approx", "diamond", "about"), ("over", "triangle-up", "more than"),
    ("under", "triangle-down", "fewer than"),
])
def test_qualifier_is_the_marker_symbol(qualifier: str, symbol: str, name: str) -> None:
    fig = figures.metric_figure(frame({"value": 5, "qualifier": qualifier, "period_start": "2023-01-01",
                                       "period_end": "2023-01-01"}), "encounters", "people")
    (points,) = marker_traces(fig)
    assert (points.marker.symbol, points.name) == (symbol, name)


def test_per_day_view_converts_and_marks_converted_figures() -> None:
    df = frame({"value": 302_000, "period_start": "2023-12-01", "period_end": "2023-12-31"},
               {"value": 10_000, "per": "day", "period_start": "2023-12-18", "period_end": "2023-12-18"})
    fig = figures.metric_figure(df, "encounters", "people", per_day=True)
    by_name = {t.name: t for t in marker_traces(fig) if t.x[0] is not None}
    assert by_name["exact (converted to a day)"].y[0] == pytest.approx(302_000 / 31)
    assert by_name["exact (converted to a day)"].marker.symbol == "circle-open"
    assert by_name["exact"].y[0] == 10_000
    assert "302,000 over 31 days = 9,742 a day" in by_name["exact (converted to a day)"].hovertext[0]
    assert fig.layout.yaxis.title.text == "people a day"


@pytest.mark.parametrize(("per_day", "column"), [(False, "total_encounters"), (True, "per_day")])
def test_official_series_is_a_step_line_on_encounters(per_day: bool, column: str) -> None:
    official = load_cbp_monthly()
    df = frame({"value": 302_000, "period_start": "2023-12-01", "period_end": "2023-12-31"})
    fig = figures.metric_figure(df, "encounters", "people", per_day=per_day, official=official)
    (line,) = [t for t in fig.data if t.name and t.name.startswith("CBP official")]
    december = official[official["month_start"] == "2023-12-01"][column].iloc[0]
    assert december in list(line.y)
    assert line.line.shape == "hv"
    other = figures.metric_figure(frame({"value": 3, "metric": "deaths", "period_start": "2023-12-01",
                                         "period_end": "2023-12-01"}), "deaths", "people", official=official)
    assert not [t for t in other.data if t.name and t.name.startswith("CBP official")]


@pytest.mark.parametrize("text", ["<script>window.__pwned=1</script>", "<b>bold</b>", "<img src=x onerror=alert(1)>"])
def test_hover_text_escapes_untrusted_text(text: str) -> None:
    df = frame({"value": 4, "period_start": "2023-01-01", "period_end": "2023-01-01", "evidence": text,
                "publisher": text, "attributed_to": text})
    (points,) = marker_traces(figures.metric_figure(df, "encounters", "people"))
    assert "<script" not in points.hovertext[0] and "<img" not in points.hovertext[0]
    assert "bold</b>" not in points.hovertext[0] or "&lt;b&gt;" in points.hovertext[0]
    assert "&lt;" in points.hovertext[0]


def test_long_evidence_is_cut_in_the_hover() -> None:
    df = frame({"value": 4, "period_start": "2023-01-01", "period_end": "2023-01-01", "evidence": "word " * 200})
    (points,) = marker_traces(figures.metric_figure(df, "encounters", "people"))
    assert len(points.hovertext[0]) < figures.EVIDENCE_HOVER_CHARS + 400


@pytest.mark.parametrize(("per_day", "unit", "words"), [
    (False, "people", "no figures match"),
    (True, "percent", "cannot be shown per day"),
])
def test_empty_charts_say_why(per_day: bool, unit: str, words: str) -> None:
    df = frame({"value": 4, "unit": unit, "period_start": "2023-01-01", "period_end": "2023-01-31"})
    df = df.iloc[0:0] if unit == "people" else df
    fig = figures.metric_figure(df, "encounters", unit, per_day=per_day)
    assert words in fig.layout.annotations[0].text


def test_many_points_are_aggregated_by_month() -> None:
    n = figures.MAX_POINTS + 1
    days = pd.date_range("2023-01-01", periods=n, freq="h").strftime("%Y-%m-%d")
    df = frame(*[{"value": i, "period_start": d, "period_end": d} for i, d in enumerate(days)])
    fig = figures.metric_figure(df, "encounters", "people")
    assert [t.name for t in fig.data] == ["10th-90th percentile", "monthly median"]
    assert len(fig.data[-1].x) == days.str[:7].nunique()


@pytest.mark.parametrize(("value", "unit", "text"), [
    (302000, "people", "302,000"), (1.3e9, "usd", "$1,300,000,000"), (42, "percent", "42%"), (2.5, "hours", "2.5"),
    (0.43, "hours", "0.43"), (6.001, "people", "6"), (-3.25, "percent", "-3.25%"), (None, "people", "n/a"),
])
def test_format_number(value: float | None, unit: str, text: str) -> None:
    assert figures.format_number(value, unit) == text


@pytest.mark.parametrize(("start", "end", "text"), [
    (pd.Timestamp("2023-12-18"), pd.Timestamp("2023-12-18"), "2023-12-18"),
    (pd.Timestamp("2023-12-01"), pd.Timestamp("2023-12-31"), "2023-12-01 to 2023-12-31"),
    ("2023-12-01", None, "2023-12-01"),
    (pd.NaT, pd.NaT, "undated"),
    ("not a date", "2023-12-31", "undated"),
])
def test_period_text(start: object, end: object, text: str) -> None:
    assert figures.period_text(start, end) == text


def test_chart_keys_and_file_names() -> None:
    df = frame({"value": 1, "period_start": "2023-01-01", "period_end": "2023-01-01"},
               {"value": 2, "period_start": "2023-01-01", "period_end": "2023-01-01"},
               {"value": 3, "unit": "percent", "period_start": "2023-01-01", "period_end": "2023-01-01"})
    assert figures.chart_keys(df) == [("encounters", "people", 2), ("encounters", "percent", 1)]
    assert figures.chart_keys(df, per_day=True) == [("encounters", "people", 2)]
    assert figures.chart_keys(df.iloc[0:0]) == []
    name = figures.image_filename("encounters", "people", {"date_from": "2023-01-01", "date_to": None}, True)
    assert name == "bordermetrics_encounters_people_per-day_2023-01-01_to_end"


def test_claims_are_bubbles_sized_by_the_number_of_articles() -> None:
    from extract.claims import group_claims

    same = {"value": 302_000, "period_start": "2023-12-01", "period_end": "2023-12-31"}
    df = frame({**same, "article_id": "a", "publisher": "P1"}, {**same, "article_id": "b", "publisher": "P2"},
               {**same, "article_id": "c", "publisher": "P3"},
               {"value": 10, "period_start": "2020-01-01", "period_end": "2020-01-01", "article_id": "d"})
    claims = group_claims(data.plain_metrics(df))
    (bubbles,) = figures.metric_figure(df, "encounters", "people", claims=claims).data
    assert len(bubbles.x) == len(claims) == 2
    sizes = dict(zip(bubbles.y, bubbles.marker.size, strict=True))
    assert sizes[302_000] > sizes[10]
    assert "3 articles" in " ".join(bubbles.hovertext)
    assert sorted(bubbles.customdata) == sorted(claims["claim_id"])  # a click on a bubble names its claim


@pytest.mark.parametrize(("axis_range", "expected"), [
    (None, None),
    (("2023-01-01", "2024-01-01"), ("2023-01-01T00:00:00", "2024-01-01T00:00:00")),
])
def test_date_filter_fixes_the_x_axis(axis_range: tuple | None, expected: tuple | None) -> None:
    df = frame({"value": 1, "period_start": "2021-01-01", "period_end": "2023-06-30"})
    fig = figures.metric_figure(df, "encounters", "people", axis_range=axis_range)
    assert (tuple(fig.layout.xaxis.range) if fig.layout.xaxis.range else None) == expected


def _days(*pairs: tuple[str, str]) -> tuple[pd.Series, pd.Series]:
    return pd.Series(pd.to_datetime([a for a, _ in pairs])), pd.Series(pd.to_datetime([b for _, b in pairs]))


MONTHS = [(f"2023-{m:02d}-01", f"2023-{m:02d}-28") for m in range(1, 13)] * 3  # 36 figures in 2023


@pytest.mark.parametrize(("pairs", "expected"), [
    (MONTHS, None),  # nothing far out: the axis fits everything
    (MONTHS + [("2000-06-01", "2000-06-01")], ("2022-12", "2023-12", 1)),  # one story about 2000
    (MONTHS + [("2031-01-01", "2031-12-31")], ("2022-12", "2023-12", 1)),
    (MONTHS[:10] + [("2000-06-01", "2000-06-01")], None),  # too few figures to call one an outlier
])
def test_x_axis_spans_the_1st_to_99th_percentile_of_periods(pairs: list, expected: tuple | None) -> None:
    span = figures.readable_span(*_days(*pairs))
    assert (None if span is None else (f"{span[0]:%Y-%m}", f"{span[1]:%Y-%m}", span[2])) == expected


def test_an_outlier_period_is_off_the_axis_with_a_note() -> None:
    rows = [{"value": 1000 + i, "period_start": a, "period_end": b} for i, (a, b) in enumerate(MONTHS)]
    fig = figures.metric_figure(frame(*rows, {"value": 5, "period_start": "2000-06-01", "period_end": "2000-06-01"}),
                                "encounters", "people")
    assert fig.layout.xaxis.range[0].startswith("2022-12")
    assert "1 figure off the axis" in fig.layout.annotations[0].text


@pytest.mark.parametrize(("unit", "values", "log"), [
    ("people", [10, 5_000, 2_000_000], True),  # a day, a month and a fiscal year on one axis
    ("people", [9_000, 12_000], False),  # under tenfold apart: linear reads better
    ("people", [0, 5_000, 2_000_000], False),  # zero cannot sit on a log axis
    ("percent", [5, 50, 500], False),  # changes can be negative: never log
])
def test_log_scale_only_where_it_can_show_every_value(unit: str, values: list, log: bool) -> None:
    df = frame(*[{"value": v, "unit": unit, "period_start": "2023-01-01", "period_end": "2023-01-01"} for v in values])
    fig = figures.metric_figure(df, "encounters", unit, log_y=True)
    assert (fig.layout.yaxis.type == "log") is log
