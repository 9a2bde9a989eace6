"""Callbacks: URL <-> filters, filters -> cards/charts/table, selection -> evidence, downloads."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
from dash import ALL, MATCH, Dash, Input, Output, Patch, State, ctx, dcc, no_update
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.data import (
    FILTER_KEYS,
    VIEW_DEFAULTS,
    DataError,
    MetricsSource,
    claim_reports,
    empty_filters,
    export_frame,
    plain_metrics,
    query_to_filters,
    query_to_view,
    quick_ranges,
    state_to_query,
    summary,
    table_rows,
    validate_filters,
    validate_view,
)
from dashboard.figures import chart_keys, empty_figure, image_filename, metric_figure
from dashboard.layout import cards, chart_card, claim_evidence_panel, evidence_panel, message
from extract.claims import group_claims
from extract.output import spreadsheet_safe

MAX_CHARTS = 12
LIST_INPUTS = {
    "kinds": ids.FILTER_KINDS, "publishers": ids.FILTER_PUBLISHERS, "sources": ids.FILTER_SOURCES,
    "places": ids.FILTER_PLACES, "qualifiers": ids.FILTER_QUALIFIERS,
}
# the rest of the view that the URL holds: key of dashboard.data.VIEW_DEFAULTS -> (component id, property)
VIEW_INPUTS = {
    "tab": (ids.TABS, "value"), "chart": (ids.CHART_KIND, "value"), "scale": (ids.CHART_SCALE, "value"),
    "options": (ids.CHART_OPTIONS, "value"), "tolerance": (ids.CLAIMS_TOLERANCE, "value"),
    "show": (ids.CLAIMS_SHOW, "value"),
}


def _official() -> pd.DataFrame | None:
    from extract.reference import load_cbp_monthly

    try:
        return load_cbp_monthly()
    except (OSError, ValueError, KeyError):
        return None  # the page still works without the reference series; the footer names its source


def build_charts(df: pd.DataFrame, filters: dict[str, Any], kind: str, scale: str, options: list[str]
                 ) -> list[tuple[str, go.Figure, str]]:
    """(key, figure, download file name) of each chart for the filtered frame and the chart controls."""
    per_day = scale == "per_day"
    official = _official() if "official" in (options or []) else None
    claims = None
    if "claims" in (options or []) and len(df):
        claims = group_claims(plain_metrics(df[df["metric"] == kind] if kind else df))
    x_range = None
    if filters.get("date_from") or filters.get("date_to"):
        x_range = (pd.Timestamp(filters.get("date_from") or "1900-01-01"),
                   pd.Timestamp(filters.get("date_to") or "2100-01-01"))
    axis_range = None
    if filters.get("date_from") and filters.get("date_to"):  # both ends chosen: show exactly that span
        axis_range = (pd.Timestamp(filters["date_from"]), pd.Timestamp(filters["date_to"]) + pd.Timedelta(days=1))
    out = []
    for metric, unit, _n in chart_keys(df, kind or None, per_day)[:MAX_CHARTS]:
        fig = metric_figure(df, metric, unit, per_day=per_day, official=official, claims=claims, x_range=x_range,
                            axis_range=axis_range, log_y="log" in (options or []))
        out.append((f"{metric}|{unit}", fig, image_filename(metric, unit, filters, per_day)))
    return out


def _chart_note(df: pd.DataFrame, kind: str, scale: str, shown: int) -> list[Any]:
    notes: list[Any] = []
    total = len(chart_keys(df, kind or None, scale == "per_day"))
    if total > shown:
        notes.append(f"Showing the {shown} largest of {total} charts; pick a kind above to see another. ")
    if scale == "per_day":
        converted = int(df["converted"].sum())
        dropped = int(df["per_day"].isna().sum())
        notes.append(
            f"Per-day view: {converted:,} of {len(df):,} figures were converted (hollow markers): totals divided "
            "by the days of their period, weekly, monthly and yearly rates by 7, 30.44 and 365.25. "
            + (f"{dropped:,} percentages and hours cannot be put per day and are left out." if dropped else ""))
    return notes


def register(app: Dash, source: MetricsSource) -> None:
    """Attach every callback of the metrics tab to `app`."""

    @app.callback(
        Output(ids.FILTER_DATES, "start_date"), Output(ids.FILTER_DATES, "end_date"),
        *[Output(cid, "value") for cid in LIST_INPUTS.values()],
        *[Output(cid, prop) for cid, prop in VIEW_INPUTS.values()],
        Output(ids.FILTERS_STATE, "data"), Output(ids.URL, "search"), Output(ids.URL_WRITTEN, "data"),
        Input(ids.URL, "search"), Input(ids.FILTER_DATES, "start_date"), Input(ids.FILTER_DATES, "end_date"),
        *[Input(cid, "value") for cid in LIST_INPUTS.values()],
        *[Input(cid, prop) for cid, prop in VIEW_INPUTS.values()],
        Input({"type": ids.FILTER_QUICK, "index": ALL}, "n_clicks"), Input(ids.FILTER_RESET, "n_clicks"),
        State(ids.URL_WRITTEN, "data"), State(ids.FILTERS_STATE, "data"),
    )
    def sync_state(search: str | None, start: str | None, end: str | None, *rest: Any) -> tuple:
        """One place keeps the URL, the controls (filters and view) and the filter state in step (no loops)."""
        shown = {"date_from": start or None, "date_to": end or None,
                 **dict(zip([*LIST_INPUTS, *VIEW_INPUTS], rest[: len(LIST_INPUTS) + len(VIEW_INPUTS)], strict=True))}
        written, shown_filters = rest[-2], rest[-1]
        try:
            facets = source.facets()
        except DataError:
            facets = None
        filters, view, set_view = next_state(search, written, list(ctx.triggered_prop_ids.values()), shown, facets)
        query = state_to_query(filters, view)
        # a control is written only when its value is not the one shown: a rewrite redraws it and re-runs the
        # callbacks that read it, for nothing
        controls = (_changed(shown["date_from"], filters["date_from"]), _changed(shown["date_to"], filters["date_to"]),
                    *[_changed(shown[key] or [], filters[key]) for key in LIST_INPUTS])
        # view controls are written only when the URL set them: a click must not be echoed back while typing
        view_out = tuple(_changed(shown[key], view[key]) if set_view else no_update for key in VIEW_INPUTS)
        return (*controls, *view_out, _changed(shown_filters, filters), _changed(search or "", query),
                _changed(written, query))

    @app.callback(
        Output(ids.CARDS, "children"), Output(ids.CHARTS, "children"), Output(ids.CHART_NOTE, "children"),
        Output(ids.TABLE, "rowData"), Output(ids.TABLE_NOTE, "children"), Output(ids.STATUS, "children"),
        Input(ids.FILTERS_STATE, "data"), Input(ids.CHART_KIND, "value"), Input(ids.CHART_SCALE, "value"),
        Input(ids.CHART_OPTIONS, "value"),
    )
    def update_view(filters: dict | None, kind: str | None, scale: str, options: list[str]) -> tuple:
        """Cards, charts and table for the current filters; a notice at the top when there is nothing."""
        if filters is None:
            raise PreventUpdate
        try:
            everything = source.frame()
            df = source.filtered(filters)
        except DataError as exc:
            return [], [], [], [], "", [message(str(exc), "error")]
        if everything.empty:
            notice = message(f"The database {source.db_path} holds no metrics yet. Load articles with "
                             "`bordermetrics ingest FILES`.", "empty")
            return cards(summary(everything)), [], [], [], "", [notice]
        stats = cards(summary(df), summary(everything))
        if df.empty:
            return stats, [message("No metric matches these filters. Widen the date range or clear a filter.",
                                   "empty")], [], [], "0 rows", []
        charts = build_charts(df, filters, kind or "", scale, options)
        if not charts:
            charts_children = [chart_card(0, "none", empty_figure("No figures of this kind match."), "empty")]
        else:
            charts_children = [chart_card(i, key, fig, name) for i, (key, fig, name) in enumerate(charts)]
        rows = table_rows(df)
        note = f"{len(df):,} rows" if len(rows) == len(df) else \
            f"Showing the newest {len(rows):,} of {len(df):,} rows; the downloads hold all of them."
        return stats, charts_children, _chart_note(df, kind or "", scale, len(charts)), rows, note, []

    @app.callback(Output(ids.TABLE, "dashGridOptions"), Input(ids.TABLE_SEARCH, "value"),
                  prevent_initial_call=True)
    def quick_search(text: str | None) -> Patch:
        """The table's quick search box."""
        patch = Patch()
        patch["quickFilterText"] = text or ""
        return patch

    @app.callback(
        Output(ids.TABLE, "selectedRows"), Output(ids.TABLE, "scrollTo"), Output(ids.CHART_CLAIM, "data"),
        Input({"type": ids.CHART_GRAPH, "index": ALL}, "clickData"), prevent_initial_call=True,
    )
    def select_from_chart(clicks: list[dict | None]) -> tuple:
        """A click on a chart point selects its row in the table; a click on a claim bubble picks the claim."""
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not ctx.triggered or not ctx.triggered[0].get("value"):
            raise PreventUpdate
        points = ctx.triggered[0]["value"].get("points") or []
        picked = [p.get("customdata") for p in points if p.get("customdata") is not None]
        if not picked:
            raise PreventUpdate
        first = picked[0][0] if isinstance(picked[0], list) else picked[0]
        if isinstance(first, str) and first.startswith("c"):
            return no_update, no_update, {"claim_id": first}
        row_id = str(int(first))
        return {"ids": [row_id]}, {"rowId": row_id}, None

    @app.callback(Output(ids.EVIDENCE, "children"), Input(ids.TABLE, "selectedRows"),
                  Input(ids.CHART_CLAIM, "data"), State(ids.FILTERS_STATE, "data"))
    def show_evidence(selected: Any, claim: dict | None, filters: dict | None) -> list[Any]:
        """The selected metric's sentence with the figure highlighted, or every report of the picked claim."""
        try:
            frame = source.frame()
            if ctx.triggered_id == ids.CHART_CLAIM and claim:
                reports = claim_reports(source.filtered(filters or {}), str(claim.get("claim_id")))
                return claim_evidence_panel(_evidence_rows(reports))
        except DataError as exc:
            return [message(str(exc), "error")]
        metric_id = _selected_id(selected)
        match = frame[frame["metric_id"] == metric_id] if metric_id is not None else frame.iloc[0:0]
        if match.empty:
            return evidence_panel(None)
        return evidence_panel(_evidence_rows(match)[0])

    @app.callback(
        Output(ids.TABLE_DOWNLOAD, "data"), Input(ids.TABLE_CSV, "n_clicks"), Input(ids.TABLE_JSONL, "n_clicks"),
        State(ids.FILTERS_STATE, "data"), prevent_initial_call=True,
    )
    def download_table(_csv: int, _jsonl: int, filters: dict | None) -> dict:
        """The filtered rows (all of them, same columns as the table) as CSV or JSON Lines."""
        if not ctx.triggered or not ctx.triggered[0].get("value"):
            raise PreventUpdate
        try:
            out = export_frame(source.filtered(filters or {}))
        except DataError:
            raise PreventUpdate from None
        name = "bordermetrics_" + _span_name(filters or {})
        if ctx.triggered_id == ids.TABLE_JSONL:
            return dcc.send_string(out.to_json(orient="records", lines=True, force_ascii=False), f"{name}.jsonl")
        return dcc.send_data_frame(spreadsheet_safe(out).to_csv, f"{name}.csv", index=False)

    @app.callback(
        Output(ids.CHART_DOWNLOAD, "data"), Input({"type": ids.CHART_HTML, "index": ALL}, "n_clicks"),
        State(ids.FILTERS_STATE, "data"), State(ids.CHART_KIND, "value"), State(ids.CHART_SCALE, "value"),
        State(ids.CHART_OPTIONS, "value"), prevent_initial_call=True,
    )
    def download_chart_html(_clicks: list, filters: dict | None, kind: str, scale: str, options: list) -> dict:
        """One chart as a self-contained interactive HTML file (plotly.js embedded: works offline)."""
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not ctx.triggered or not ctx.triggered[0].get("value"):
            raise PreventUpdate
        try:
            df = source.filtered(filters or {})
        except DataError:
            raise PreventUpdate from None
        for key, fig, name in build_charts(df, filters or {}, kind or "", scale, options):
            if key == trigger.get("index"):
                page = fig.to_html(include_plotlyjs=True, full_html=True, config={"displaylogo": False})
                return dcc.send_string(page, f"{name}.html")
        raise PreventUpdate

    app.clientside_callback(
        """
        function(png, svg) {
            const t = dash_clientside.callback_context.triggered;
            if (!t || !t.length || !t[0].value) { return dash_clientside.no_update; }
            const id = JSON.parse(t[0].prop_id.slice(0, t[0].prop_id.lastIndexOf('.')));
            const box = document.querySelector('[data-chart="' + CSS.escape(id.index) + '"] .js-plotly-plot');
            if (!box || !window.Plotly) { return dash_clientside.no_update; }
            const format = id.type === '""" + ids.CHART_SVG + """' ? 'svg' : 'png';
            const name = (box.layout && box.layout.meta && box.layout.meta.filename) || 'bordermetrics_chart';
            window.Plotly.downloadImage(box, {format: format, filename: name, width: 1100, height: 500});
            return Date.now();
        }
        """,
        Output({"type": ids.CHART_IMAGE_DONE, "index": MATCH}, "data"),
        Input({"type": ids.CHART_PNG, "index": MATCH}, "n_clicks"),
        Input({"type": ids.CHART_SVG, "index": MATCH}, "n_clicks"),
        prevent_initial_call=True,
    )


def _evidence_rows(rows: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of the prepared frame as the evidence panels read them (ISO dates, evidence offsets)."""
    offsets = rows.set_index("metric_id")[["start", "end"]]
    out = export_frame(rows).sort_values(["published", "metric_id"], na_position="last", kind="stable")
    out = out.join(offsets, on="metric_id")  # export_frame re-sorts: the offsets follow by metric id
    return out.astype(object).where(out.notna(), None).to_dict("records")


def url_is_news(search: str | None, written: str | None, triggers: list[Any]) -> bool:
    """Whether the URL asks for a view the page did not put there itself: the page load, back/forward, a link
    opened. The page's own URL coming back (a stale round trip) must not set the controls to an older view."""
    if not triggers:  # the page's first call
        return True
    return ids.URL in triggers and (search or "") != written


def next_state(search: str | None, written: str | None, triggers: list[Any], shown: dict[str, Any],
               facets: dict[str, Any] | None) -> tuple[dict[str, Any], dict[str, Any], bool]:
    """(filters, view, whether the view controls must be set) after the `triggers` (component ids) changed.

    `shown` holds what the controls show (filter and view keys); `written` is the query the page last put in
    the URL, None until the page has taken its URL in. A URL the page did not write sets everything. Otherwise
    the controls do; before the URL is taken in (clicks on a shared link still loading), the controls the user
    moved from their defaults (each item of a list) go on top of the URL's view instead of replacing it."""
    kinds = None if facets is None else facets.get("kinds")
    if url_is_news(search, written, triggers):
        return query_to_filters(search, facets), query_to_view(search, kinds), True
    start = {**empty_filters(), **VIEW_DEFAULTS}  # what the controls show when the page is built
    now = {key: (shown.get(key) or []) if isinstance(default, list) else shown.get(key)
           for key, default in start.items()}
    if written is None:
        from_link = {**query_to_filters(search, facets), **query_to_view(search, kinds)}
        now = {key: _on_top(from_link[key], value, start[key]) for key, value in now.items()}
    view = validate_view({key: now[key] for key in VIEW_INPUTS}, kinds)
    raw = {key: now[key] for key in FILTER_KEYS}
    trigger = next((t for t in triggers if t != ids.URL), None)  # None: only the page's own URL came back
    if trigger == ids.FILTER_RESET:
        raw = {}
    elif isinstance(trigger, dict) and trigger.get("type") == ids.FILTER_QUICK:
        ranges = quick_ranges((facets or {}).get("date_max"), (facets or {}).get("years", []))
        raw["date_from"], raw["date_to"] = ranges.get(str(trigger.get("index")), (None, None))
    return validate_filters(raw, facets), view, written is None


def _on_top(base: Any, value: Any, default: Any) -> Any:
    """`base` with the user's change from `default` to `value` made on it (for a list: the items added and
    removed; else the value, when it is not the default)."""
    if isinstance(default, list):
        removed = [item for item in default if item not in value]
        return [item for item in base if item not in removed] + [item for item in value
                                                                 if item not in default and item not in base]
    return value if value != default else base


def _changed(shown: Any, wanted: Any) -> Any:
    """`wanted` when it differs from what is shown, else no_update."""
    return no_update if shown == wanted else wanted


def _selected_id(selected: Any) -> int | None:
    """The metric id of the grid's selection, given as rows or as {"ids": [...]}."""
    if isinstance(selected, dict):
        values = selected.get("ids") or []
    elif isinstance(selected, list):
        values = [row.get("metric_id") for row in selected if isinstance(row, dict)]
    else:
        return None
    try:
        return int(values[0]) if values else None
    except (TypeError, ValueError):
        return None


def _span_name(filters: dict[str, Any]) -> str:
    kinds = "-".join(filters.get("kinds") or []) or "all"
    start = filters.get("date_from") or "start"
    end = filters.get("date_to") or "end"
    return f"{kinds}_{start}_to_{end}".replace("/", "-")

