"""Pure DataFrame -> go.Figure functions for the dashboard. No Dash imports; testable without a browser."""

from __future__ import annotations

import html
import re
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.data import DAYS_PER, QUALIFIER_LABELS

MAX_POINTS = 2000  # above this a chart shows monthly aggregates (a few dozen points: SVG, not WebGL)
QUALIFIER_STYLE = {  # marker symbol and color per qualifier
    "exact": ("circle", "#1d4e89"),
    "approx": ("diamond", "#2a9d8f"),
    "over": ("triangle-up", "#d1495b"),
    "under": ("triangle-down", "#8d5a97"),
}
OFFICIAL_COLOR = "#111827"  # near-black and solid: apart from the blue news figures and the qualifier colours
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
KIND_LABELS = {
    "encounters": "Encounters", "crossings": "Crossings", "migrants_transit": "Migrants in transit",
    "economic_loss": "Economic loss", "trade_value": "Trade value", "freight": "Freight",
    "wait_time": "Wait time", "deaths": "Deaths", "detention": "Detention", "removals": "Removals",
    "asylum": "Asylum", "seizures": "Seizures", "personnel": "Personnel", "funding": "Funding",
}
UNIT_LABELS = {
    "people": "people", "usd": "US dollars", "rail_cars": "rail cars", "trains": "trains", "trucks": "trucks",
    "vehicles": "vehicles", "hours": "hours", "percent": "percent", "pounds": "pounds", "tons": "tons",
    "other": "count",
}
EVIDENCE_HOVER_CHARS = 200
# A small template: "plotly_white" is deep-copied into every figure and costs more than the data at 1M rows.
TEMPLATE = go.layout.Template(layout={
    "paper_bgcolor": "white", "plot_bgcolor": "white", "colorway": [c for _, c in QUALIFIER_STYLE.values()],
    "xaxis": {"gridcolor": "#ebf0f8", "linecolor": "#c8d0da", "zerolinecolor": "#ebf0f8", "automargin": True},
    "yaxis": {"gridcolor": "#ebf0f8", "linecolor": "#c8d0da", "zerolinecolor": "#c8d0da", "automargin": True},
    "hovermode": "closest",
})


def kind_label(kind: str) -> str:
    """A metric kind as a chart title word ("migrants_transit" -> "Migrants in transit")."""
    return KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())


def format_number(value: float | None, unit: str | None = None) -> str:
    """A value as people read it: thousands separators, "$" for dollars, "%" for percent, up to 2 decimals."""
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return "n/a"
    text = f"{value:,.0f}" if abs(value) >= 100 or float(value).is_integer() \
        else f"{value:,.2f}".rstrip("0").rstrip(".")
    if unit == "usd":
        return f"${text}"
    if unit == "percent":
        return f"{text}%"
    return text


def unit_words(unit: str, per: str | None = None) -> str:
    """Unit and rate in words: "people a day", "US dollars"."""
    words = UNIT_LABELS.get(unit, unit)
    return f"{words} a {per}" if per else words


def chart_keys(df: pd.DataFrame, kind: str | None = None, per_day: bool = False) -> list[tuple[str, str, int]]:
    """The (kind, unit, number of figures) of each chart to draw, largest first; one kind when given.

    In the per-day view, units that cannot be put per day (percent, hours) get no chart.
    """
    if df.empty:
        return []
    sub = df if not kind else df[df["metric"] == kind]
    if per_day:
        sub = sub[sub["per_day"].notna()]
    counts = sub.groupby(["metric", "unit"], observed=True).size()
    rows = [(str(k), str(u), int(n)) for (k, u), n in counts.items() if n > 0]
    return sorted(rows, key=lambda r: (r[1] == "percent", -r[2], r[0], r[1]))  # changes after amounts


def image_filename(kind: str, unit: str, filters: dict[str, Any] | None, per_day: bool = False) -> str:
    """A download name that says what the chart shows: kind, unit, view and date range."""
    filters = filters or {}
    span = f"{filters.get('date_from') or 'start'}_to_{filters.get('date_to') or 'end'}"
    view = "_per-day" if per_day else ""
    return f"bordermetrics_{kind}_{unit}{view}_{span}"


def _esc(value: Any, limit: int | None = None) -> str:
    """Untrusted text made safe for Plotly hover labels (which understand a few HTML tags)."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return ""
    text = str(value)
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return html.escape(text, quote=True)


def iso_day(value: Any) -> str:
    """A date-like value as an ISO day, or "" when it is missing or not a date."""
    try:
        stamp = pd.Timestamp(value) if value is not None and value != "" else pd.NaT
    except (TypeError, ValueError):
        return ""
    return "" if pd.isna(stamp) else stamp.date().isoformat()


def period_text(start: Any, end: Any) -> str:
    """ "2023-12-18", "2023-12-01 to 2023-12-31", or "undated"."""
    a, b = iso_day(start), iso_day(end)
    if not a:
        return "undated"
    return a if a == b or not b else f"{a} to {b}"


def conversion_text(value: float, unit: str, per: str | None, days: int, per_day: float) -> str:
    """How a figure became a daily figure, in words ("302,000 over 31 days = 9,742 a day")."""
    if per and per != "day":
        return f"{format_number(value, unit)} a {per} ÷ {DAYS_PER[per]:.4g} days = {format_number(per_day, unit)} a day"
    return f"{format_number(value, unit)} over {days} days = {format_number(per_day, unit)} a day"


def _esc_series(series: pd.Series, limit: int | None = None) -> list[str]:
    """`_esc` for a whole column (hover labels for thousands of points)."""
    return [_esc(value, limit) for value in series.astype("object")]


_WRAP = re.compile(r"(.{1,70})(?:\s+|$)")


def _dates(series: pd.Series) -> pd.Series:
    return series.dt.strftime("%Y-%m-%d").astype("object").where(series.notna(), "unknown")


def hover_texts(df: pd.DataFrame, per_day: bool) -> list[str]:
    """One escaped hover label per row: value, rate, period, publisher, source, evidence."""
    if df.empty:
        return []
    units = df["unit"].astype("object").astype(str)
    pers = df["per"].astype("object")
    quals = df["qualifier"].astype("object").map(lambda q: QUALIFIER_LABELS.get(str(q), str(q)))
    heads = [f"<b>{_esc(format_number(v, u))} {_esc(unit_words(u, None if pd.isna(p) else str(p)))}</b> ({_esc(q)})"
             for v, u, p, q in zip(df["value"], units, pers, quals, strict=True)]
    starts, ends = _dates(df["ref_start"]), _dates(df["ref_end"])
    periods = starts.where(starts == ends, starts + " to " + ends)
    published = _dates(df["published"])
    publishers = [f"{p}, {d}" for p, d in zip(_esc_series(df["publisher"], 80), published, strict=True)]
    sources = _esc_series(df["attributed_to"], 80)
    places = _esc_series(df["location"], 80)
    evidence = [_WRAP.sub("\\1<br>", e).removesuffix("<br>") for e in _esc_series(df["evidence"], EVIDENCE_HOVER_CHARS)]
    converted = df["converted"].to_numpy() if per_day else np.zeros(len(df), dtype=bool)
    out = []
    for i, (head, period, pub, src, place, ev) in enumerate(zip(heads, periods, publishers, sources, places,
                                                                 evidence, strict=True)):
        lines = [head]
        if converted[i]:
            row = df.iloc[i]
            per = None if pd.isna(row["per"]) else str(row["per"])
            lines.append("Converted: " + _esc(conversion_text(row["value"], str(row["unit"]), per, int(row["days"]),
                                                              row["per_day"])))
        lines.append(f"Period: {period}")
        lines.append(f"Publisher: {pub}")
        if src:
            lines.append(f"Source: {src}")
        if place:
            lines.append(f"Place: {place}")
        if ev:
            lines.append(f"“{ev}”")
        out.append("<br>".join(lines))
    return out


def empty_figure(message: str, title: str = "") -> go.Figure:
    """A blank chart that says why it is blank."""
    fig = go.Figure()
    fig.update_layout(
        template=TEMPLATE, title=title, height=320, font={"family": FONT},
        xaxis={"visible": False}, yaxis={"visible": False},
        annotations=[{"text": html.escape(message), "showarrow": False, "font": {"size": 15, "color": "#555"},
                      "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5}],
    )
    return fig


def _segments(start: pd.Series, end: pd.Series, y: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """x (ISO days) and y of horizontal segments separated by gaps, one per period longer than a day."""
    n = len(start)
    xs = np.full(3 * n, np.datetime64("NaT"), dtype="datetime64[ns]")
    ys = np.full(3 * n, np.nan)
    xs[0::3] = start.to_numpy(dtype="datetime64[ns]")
    xs[1::3] = (end + pd.Timedelta(days=1)).to_numpy(dtype="datetime64[ns]")
    ys[0::3] = ys[1::3] = y.to_numpy(dtype=float)
    days = np.datetime_as_string(xs, unit="D").astype(object)
    days[np.isnat(xs)] = None  # null breaks the line in Plotly
    return days, ys


def _official_trace(official: pd.DataFrame, per_day: bool, x_range: tuple[Any, Any] | None) -> go.Scatter | None:
    """The CBP monthly series as a step line over each month."""
    col = "per_day" if per_day else "total_encounters"
    data = official.dropna(subset=[col]).sort_values("month_start")
    if x_range:
        lo, hi = x_range
        data = data[(data["month_end"] >= lo) & (data["month_start"] <= hi)]
    if data.empty:
        return None
    x = list(data["month_start"]) + [data["month_end"].iloc[-1] + pd.Timedelta(days=1)]
    y = list(data[col]) + [data[col].iloc[-1]]
    text = [
        f"<b>CBP official, {m:%b %Y}</b><br>{t:,.0f} southwest border encounters<br>{d:,.0f} a day"
        for m, t, d in zip(data["month_start"], data["total_encounters"], data["per_day"], strict=True)
    ]
    return go.Scatter(
        x=x, y=y, mode="lines", line={"shape": "hv", "color": OFFICIAL_COLOR, "width": 2.5},
        name="CBP official monthly" + (" (per day)" if per_day else " total"),
        hovertext=text + [text[-1]], hoverinfo="text", legendrank=1,
    )


def _aggregate_traces(df: pd.DataFrame, ycol: str) -> list[Any]:
    """Monthly median with a 10th-90th percentile band, for charts with too many points to draw."""
    grouped = df.groupby("month")[ycol]
    agg = grouped.quantile([0.1, 0.5, 0.9]).unstack()
    agg.columns = ["p10", "median", "p90"]
    agg["n"] = grouped.size()
    agg = agg.reset_index(names="month")
    band = go.Scatter(
        x=list(agg["month"]) + list(agg["month"][::-1]), y=list(agg["p90"]) + list(agg["p10"][::-1]),
        fill="toself", fillcolor="rgba(29,78,137,0.15)", line={"width": 0}, hoverinfo="skip",
        name="10th-90th percentile",
    )
    text = [f"<b>{m:%b %Y}</b><br>median {v:,.0f}<br>{n:,} figures" for m, v, n in
            zip(agg["month"], agg["median"], agg["n"], strict=True)]
    line = go.Scatter(
        x=agg["month"], y=agg["median"], mode="lines+markers", name="monthly median",
        line={"color": QUALIFIER_STYLE["exact"][1]}, hovertext=text, hoverinfo="text",
    )
    return [band, line]


def _claim_traces(claims: pd.DataFrame, per_day: bool) -> list[Any]:
    """One bubble per claim, sized by the number of articles that repeat it."""
    c = claims.copy()
    c["period_start"] = pd.to_datetime(c["period_start"], errors="coerce")
    c["period_end"] = pd.to_datetime(c["period_end"], errors="coerce").fillna(c["period_start"])
    c = c.dropna(subset=["period_start"])
    if c.empty:
        return []
    days = ((c["period_end"] - c["period_start"]).dt.days + 1).clip(lower=1)
    per = c["per"].astype("object")
    y = c["value"].astype(float)
    if per_day:
        y = pd.Series(np.where(per.notna(), y / per.map(DAYS_PER).astype(float), y / days), index=c.index)
    mid = c["period_start"] + (c["period_end"] - c["period_start"]) / 2
    n_articles = c["n_articles"].fillna(1).astype(float)
    text = []
    for row, value in zip(c.itertuples(index=False), y, strict=True):
        unit = str(row.unit)
        rate = unit_words(unit, None if per_day or pd.isna(row.per) else str(row.per)) + (" a day" if per_day else "")
        parts = [f"<b>{_esc(format_number(value, unit))} {_esc(rate)}</b>",
                 f"Period: {period_text(row.period_start, row.period_end)}",
                 f"Reported {int(row.n_reports)} times in {int(row.n_articles)} articles by "
                 f"{int(row.n_publishers)} publishers",
                 f"First: {_esc(row.first_publisher, 80)}: {_esc(row.first_title, 90)}"]
        if bool(row.conflict):
            parts.append("<b>Conflicts with another claim</b>")
        text.append("<br>".join(parts))
    return [go.Scatter(
        x=mid, y=y, mode="markers", name="claim (size: articles)",
        marker={"size": 8 + 6 * np.sqrt(n_articles), "color": "rgba(29,78,137,0.55)",
                "line": {"color": "#1d4e89", "width": 1}},
        hovertext=text, hoverinfo="text", customdata=c["claim_id"].astype(str).tolist(),  # a click lists its reports
    )]


def readable_span(starts: pd.Series, ends: pd.Series, share: float = 0.01
                  ) -> tuple[pd.Timestamp, pd.Timestamp, int] | None:
    """(from, to, figures left out) of an x axis over the 1st-99th percentile of the periods, padded, when
    that leaves some figure out (one story about 2000 must not squeeze ten years of news); else None."""
    mids = (starts + (ends - starts) / 2).dropna()  # a ten-year span is cut at the edge, not a reason to widen
    if len(mids) < 20:
        return None
    lo, hi = mids.quantile(share, interpolation="higher"), mids.quantile(1 - share, interpolation="lower")
    outside = int(((mids < lo) | (mids > hi)).sum())
    if not outside or hi <= lo:
        return None
    pad = max((hi - lo) * 0.03, pd.Timedelta(days=15))
    return (lo - pad).normalize(), (hi + pad).normalize(), outside


def metric_figure(
    df: pd.DataFrame, kind: str, unit: str, *, per_day: bool = False, official: pd.DataFrame | None = None,
    claims: pd.DataFrame | None = None, x_range: tuple[Any, Any] | None = None,
    axis_range: tuple[Any, Any] | None = None, log_y: bool = False,
) -> go.Figure:
    """The figures of one kind and unit over time: a point for a day, a segment for a longer period.

    Qualifiers are marker symbols; in the per-day view converted figures are hollow; `official` (the CBP
    monthly series) is drawn as a step line; `claims` (grouped repeats) replaces the single figures.
    `x_range` clips the official series; `axis_range` fixes the x axis (the filtered dates); without it, the
    axis spans the 1st-99th percentile of the periods and says how many figures lie outside. `log_y` asks for
    a logarithmic value axis, used only when every value is above zero and not a percentage.
    """
    title = f"{kind_label(kind)} ({unit_words(unit)}{' a day' if per_day else ''})"
    ycol = "per_day" if per_day else "value"
    mask = ((df["metric"] == kind) & (df["unit"] == unit) & df["ref_start"].notna()).to_numpy()
    if per_day:
        mask = mask & df["per_day"].notna().to_numpy()
    if claims is None and mask.sum() > MAX_POINTS:
        sub = df.loc[mask, ["ref_start", "ref_end", "month", ycol]]  # copying the text columns would cost more than drawing
    else:
        sub = df.loc[mask]
    if sub.empty and (official is None or (kind, unit) != ("encounters", "people")):
        why = "cannot be shown per day" if per_day and unit in ("percent", "hours") else "no figures match"
        return empty_figure(f"{kind_label(kind)} in {unit_words(unit)}: {why}", title)
    traces: list[Any] = []
    if claims is not None:
        traces.extend(_claim_traces(claims[(claims["metric"] == kind) & (claims["unit"] == unit)], per_day))
    elif len(sub) > MAX_POINTS:
        traces.extend(_aggregate_traces(sub, ycol))
    else:
        long = sub[sub["days"] > 1]
        if len(long):
            xs, ys = _segments(long["ref_start"], long["ref_end"], long[ycol])
            traces.append(go.Scatter(
                x=xs, y=ys, mode="lines", line={"color": "rgba(29,78,137,0.45)", "width": 3},
                name="period covered", hoverinfo="skip", legendrank=900,
            ))
        mid = sub["ref_start"] + (sub["ref_end"] - sub["ref_start"]) / 2
        groups = sub.groupby(["qualifier", "converted"] if per_day else ["qualifier"], observed=True)
        for key, part in groups:
            qual, converted = (key[0], bool(key[1])) if per_day else (key[0], False)
            symbol, color = QUALIFIER_STYLE.get(str(qual), ("circle", "#666"))
            name = QUALIFIER_LABELS.get(str(qual), str(qual))
            traces.append(go.Scatter(
                x=mid.loc[part.index].to_numpy(), y=part[ycol].to_numpy(), mode="markers",
                name=name + (" (converted to a day)" if converted else ""), legendgroup=name,
                showlegend=not converted,  # one legend entry per qualifier; hollow markers are explained once
                marker={"symbol": symbol + ("-open" if converted else ""), "color": color, "size": 10,
                        "line": {"width": 2 if converted else 1, "color": color if converted else "white"}},
                # a list, not a numpy array: a typed array does not reach the callback's clickData
                customdata=part["metric_id"].astype(int).tolist(),
                hovertext=np.array(hover_texts(part, per_day), dtype=object), hoverinfo="text",
            ))
        if per_day and sub["converted"].any():
            traces.append(go.Scatter(
                x=[None], y=[None], mode="markers", name="hollow: converted to a day", hoverinfo="skip",
                marker={"symbol": "circle-open", "color": "#555", "size": 10, "line": {"width": 2}},
                legendrank=950,
            ))
    clip = None if axis_range else readable_span(sub["ref_start"], sub["ref_end"])
    if official is not None and kind == "encounters" and unit == "people":
        rng = x_range
        if rng is None and clip:
            rng = clip[0], clip[1]
        elif rng is None and len(sub):
            rng = (sub["ref_start"].min() - pd.Timedelta(days=45), sub["ref_end"].max() + pd.Timedelta(days=45))
        trace = _official_trace(official, per_day, rng)
        if trace is not None:
            traces.append(trace)
    yaxis_title = unit_words(unit) + (" a day" if per_day else " (as reported)")
    values = sub[ycol].dropna()
    # zero or a fall cannot sit on a log axis; under tenfold apart a linear axis reads better
    log = bool(log_y and unit != "percent" and len(values) and values.min() > 0 and values.max() >= 10 * values.min())
    x_axis: dict[str, Any] = {}
    annotations = []
    if axis_range:
        x_axis["range"] = [pd.Timestamp(axis_range[0]).isoformat(), pd.Timestamp(axis_range[1]).isoformat()]
    elif clip:
        x_axis["range"] = [clip[0].isoformat(), clip[1].isoformat()]
        annotations.append({
            "text": f"{clip[2]:,} figure{'s' if clip[2] != 1 else ''} off the axis: double-click for all",
            "xref": "paper", "yref": "paper", "x": 0, "y": 1.0, "xanchor": "left", "yanchor": "bottom",
            "showarrow": False, "font": {"size": 11, "color": "#616e7c"}})
    layout = dict(
        template=TEMPLATE, title={"text": title, "x": 0.01, "font": {"size": 17}},
        font={"family": FONT, "size": 13}, height=440, margin={"l": 70, "r": 20, "t": 50, "b": 40},
        hoverlabel={"align": "left", "bgcolor": "white", "font": {"size": 12}},
        legend={"orientation": "h", "y": -0.16, "yanchor": "top", "x": 0, "font": {"size": 12}},
        clickmode="event",
        xaxis={"title": {"text": "period the figure is about", "standoff": 4}, "showgrid": True, **x_axis},
        yaxis={"title": yaxis_title + (", log scale" if log else ""), "tickformat": ",~r",
               "tickprefix": "$" if unit == "usd" else "", "ticksuffix": "%" if unit == "percent" else "",
               "separatethousands": True, **({"type": "log", "dtick": 1} if log else {"rangemode": "tozero"})},  # log: a tick per power of ten
        annotations=annotations,
    )
    # one construction instead of add_trace/update_layout: Plotly's incremental updates cost more than the data
    return go.Figure(data=traces, layout=layout)
