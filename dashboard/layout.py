"""Layout builders: the page, the filter panel, cards, chart cards, evidence panel and table."""

from __future__ import annotations

import datetime as dt
from typing import Any

import plotly.graph_objects as go
from dash import dcc, html

from dashboard import claims_view, ids
from dashboard.data import (
    QUALIFIER_LABELS,
    VIEW_DEFAULTS,
    DataError,
    MetricsSource,
    evidence_parts,
    quick_ranges,
)
from dashboard.figures import format_number, kind_label, period_text, unit_words
from dashboard.parts import grid, link_or_text
from extract.reference import SOURCE_NAME

CBP_SOURCE_URL = "https://www.cbp.gov/newsroom/stats/southwest-land-border-encounters"
QUICK_LABELS = {"all": "All dates", "last12": "Latest 12 months"}
GRAPH_CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def message(text: str, kind: str = "info") -> html.Div:
    """A visible notice (info, empty or error) instead of a blank area or a traceback."""
    return html.Div(text, className=f"notice notice-{kind}", role="alert" if kind == "error" else "status")


def _options(values: list[str], labels: dict[str, str] | None = None) -> list[dict[str, str]]:
    return [{"label": (labels or {}).get(v, v), "value": v} for v in values]


def _dropdown(component_id: str, label: str, values: list[str], labels: dict[str, str] | None = None) -> html.Div:
    return html.Div(className="filter", children=[
        html.Label(label, htmlFor=component_id),
        dcc.Dropdown(id=component_id, options=_options(values, labels), multi=True, placeholder="All",
                     value=[]),
    ])


def filter_panel(facets: dict[str, Any]) -> html.Aside:
    """Date range with quick ranges, and one multi-select per filter."""
    ranges = quick_ranges(facets.get("date_max"), facets.get("years", []))
    date_min, date_max = facets.get("date_min"), facets.get("date_max")
    return html.Aside(className="filters", children=[
        html.H2("Filters"),
        html.Div(className="filter", children=[
            html.Label("Period the figures are about", htmlFor=ids.FILTER_DATES),
            dcc.DatePickerRange(
                id=ids.FILTER_DATES, display_format="YYYY-MM-DD", clearable=True,
                start_date_placeholder_text="from", end_date_placeholder_text="to",
                min_date_allowed=dt.date(1990, 1, 1), max_date_allowed=dt.date(2100, 1, 1),
                initial_visible_month=date_max or date_min,
            ),
            html.Div(className="quick-ranges", children=[
                html.Button(QUICK_LABELS.get(name, name), id={"type": ids.FILTER_QUICK, "index": name},
                            className="chip", n_clicks=0)
                for name in ranges
            ]),
        ]),
        _dropdown(ids.FILTER_KINDS, "Metric kind", facets.get("kinds", []), {k: kind_label(k) for k in
                                                                             facets.get("kinds", [])}),
        _dropdown(ids.FILTER_PUBLISHERS, "Publisher", facets.get("publishers", [])),
        _dropdown(ids.FILTER_SOURCES, "Attributed to", facets.get("sources", [])),
        _dropdown(ids.FILTER_PLACES, "Place", facets.get("places", [])),
        _dropdown(ids.FILTER_QUALIFIERS, "Qualifier", facets.get("qualifiers", []), QUALIFIER_LABELS),
        html.Button("Clear all filters", id=ids.FILTER_RESET, className="button-secondary", n_clicks=0),
    ])


def cards(stats: dict[str, Any], total: dict[str, Any] | None = None) -> list[html.Div]:
    """The four summary cards: metrics, articles, publishers, publication dates."""

    def card(label: str, value: str, note: str = "") -> html.Div:
        size = "card-value card-value-small" if len(value) > 10 else "card-value"
        return html.Div(className="card", children=[
            html.Div(value, className=size), html.Div(label, className="card-label"),
            html.Div(note, className="card-note"),
        ])

    def of(key: str) -> str:
        return f"of {total[key]:,}" if total and total[key] != stats[key] else ""

    first, last = stats.get("first"), stats.get("last")
    span = f"{first:%b %Y} – {last:%b %Y}" if first and last else "–"
    days = f"{(last - first).days + 1:,} days" if first and last else ""
    return [
        card("metrics", f"{stats['metrics']:,}", of("metrics")),
        card("articles", f"{stats['articles']:,}", of("articles")),
        card("publishers", f"{stats['publishers']:,}", of("publishers")),
        card("published", span, days),
    ]


def chart_card(index: int, key: str, figure: go.Figure, filename: str) -> html.Div:
    """One chart with its download buttons (PNG, SVG through Plotly in the browser; HTML from the server)."""
    config = dict(GRAPH_CONFIG, toImageButtonOptions={"format": "png", "filename": filename, "scale": 2})
    figure.layout.meta = {"filename": filename}  # read by the PNG/SVG buttons in the browser
    return html.Div(className="chart-card", id=f"chart-box-{index}", **{"data-chart": key}, children=[
        html.Div(className="chart-actions", children=[
            html.Span("Download:", className="muted"),
            html.Button("PNG", id={"type": ids.CHART_PNG, "index": key}, className="chip", n_clicks=0,
                        title=f"{filename}.png"),
            html.Button("SVG", id={"type": ids.CHART_SVG, "index": key}, className="chip", n_clicks=0,
                        title=f"{filename}.svg"),
            html.Button("HTML", id={"type": ids.CHART_HTML, "index": key}, className="chip", n_clicks=0,
                        title=f"{filename}.html (interactive)"),
            dcc.Store(id={"type": ids.CHART_IMAGE_DONE, "index": key}),
        ]),
        dcc.Graph(id={"type": ids.CHART_GRAPH, "index": key}, figure=figure, config=config,
                  className="chart", style={"height": "440px"}),
    ])


def evidence_panel(row: dict[str, Any] | None) -> list[Any]:
    """The selected figure: value, article link, and its evidence with the figure highlighted (text only)."""
    if not row:
        return [html.P("Click a point on a chart or a row of the table to see the sentence it came from.",
                       className="muted")]
    before, figure, after = evidence_parts(str(row.get("evidence") or ""), row.get("value"),
                                           int(row.get("start") or 0), int(row.get("end") or 0))
    unit, per = str(row.get("unit") or ""), row.get("per")
    title_node = link_or_text(str(row.get("title") or "(untitled)"), row.get("url"))
    published = row.get("published")
    meta = [str(row.get("publisher") or ""), str(published)[:10] if published else ""]
    facts = [
        ("Figure", f"{format_number(row.get('value'), unit)} {unit_words(unit, per)} "
                   f"({QUALIFIER_LABELS.get(str(row.get('qualifier')), row.get('qualifier'))})"),
        ("Kind", kind_label(str(row.get("metric") or ""))),
        ("Period", period_text(row.get("period_start"), row.get("period_end"))),
        ("Attributed to", str(row.get("attributed_to") or "–")),
        ("Place", str(row.get("location") or "–")),
    ]
    return [
        html.H3(title_node, className="evidence-title"),
        html.Div(" · ".join(m for m in meta if m), className="muted"),
        html.Blockquote([before, html.Mark(figure) if figure else None, after], className="evidence-text"),
        html.Dl(className="facts", children=[x for k, v in facts for x in (html.Dt(k), html.Dd(v))]),
    ]


def claim_evidence_panel(rows: list[dict[str, Any]]) -> list[Any]:
    """A claim picked on the chart: each report of it (article link, date, its sentence with the figure marked)."""
    if not rows:
        return [html.P("This claim no longer matches the filters.", className="muted")]
    first = rows[0]
    unit, per = str(first.get("unit") or ""), first.get("per")
    articles = len({r.get("title") for r in rows})
    head = (f"{format_number(first.get('value'), unit)} {unit_words(unit, per)}: reported {len(rows)} "
            f"time{'s' if len(rows) != 1 else ''} in {articles} article{'s' if articles != 1 else ''}, earliest first")
    items = []
    for row in rows:
        before, figure, after = evidence_parts(str(row.get("evidence") or ""), row.get("value"),
                                               int(row.get("start") or 0), int(row.get("end") or 0))
        title_node = link_or_text(str(row.get("title") or "(untitled)"), row.get("url"))
        meta = " · ".join(m for m in (str(row.get("publisher") or ""), str(row.get("published") or "")[:10],
                                      f"according to {row['attributed_to']}" if row.get("attributed_to") else "")
                          if m)
        items.append(html.Li(className="claim-report", children=[
            html.Div(title_node, className="evidence-title"), html.Div(meta, className="muted"),
            html.Blockquote([before, html.Mark(figure) if figure else None, after], className="evidence-text"),
        ]))
    return [html.H3(head, className="evidence-claim"), html.Ol(items, className="claim-reports")]


COLUMN_DEFS = [
    {"field": "published", "headerName": "Published", "width": 115, "sort": "desc"},
    {"field": "publisher", "headerName": "Publisher", "width": 160},
    {"field": "title", "headerName": "Article", "cellRenderer": "TitleLink", "width": 260, "tooltipField": "title"},
    {"field": "metric", "headerName": "Kind", "width": 125},
    {"field": "value", "headerName": "Value", "type": "rightAligned", "width": 130, "filter": "agNumberColumnFilter",
     "valueFormatter": {"function": "params.value == null ? '' : d3.format(',~f')(params.value)"}},
    {"field": "unit", "headerName": "Unit", "width": 95},
    {"field": "per", "headerName": "Per", "width": 75},
    {"field": "per_day", "headerName": "Per day", "type": "rightAligned", "width": 110,
     "filter": "agNumberColumnFilter", "headerTooltip": "totals divided by the days of their period; rates by 7, 30.44 or 365.25",
     "valueFormatter": {"function": "params.value == null ? '' : d3.format(',~f')(params.value)"}},
    {"field": "period_start", "headerName": "From", "width": 115},
    {"field": "period_end", "headerName": "To", "width": 115},
    {"field": "qualifier", "headerName": "Qualifier", "width": 100},
    {"field": "attributed_to", "headerName": "Attributed to", "width": 170},
    {"field": "location", "headerName": "Place", "width": 140},
    {"field": "evidence", "headerName": "Evidence", "width": 420, "tooltipField": "evidence"},
]


DOWNLOAD_HINT = ("The downloads hold every row that matches the filters on the left, with evidence and source "
                 "URL; the quick search and the column filters only narrow the table on screen.")


def table_section() -> html.Section:
    """The filtered metrics in a sortable, filterable grid, with quick search and data downloads."""
    return html.Section(className="panel", children=[
        html.Div(className="panel-head", children=[
            html.H2("Metrics table"),
            dcc.Input(id=ids.TABLE_SEARCH, type="search", placeholder="Quick search…", debounce=False,
                      className="search"),
            html.Button("Download CSV", id=ids.TABLE_CSV, className="button", n_clicks=0, title=DOWNLOAD_HINT),
            html.Button("Download JSON Lines", id=ids.TABLE_JSONL, className="button", n_clicks=0,
                        title=DOWNLOAD_HINT),
            dcc.Download(id=ids.TABLE_DOWNLOAD),
        ]),
        html.Div(id=ids.TABLE_NOTE, className="muted"),
        html.Div(DOWNLOAD_HINT, id=ids.TABLE_DOWNLOAD_NOTE, className="muted download-note"),
        grid(ids.TABLE, COLUMN_DEFS, "row_id"),
    ])


def page(source: MetricsSource) -> html.Div:
    """The whole page; facets come from the database at page load, a readable notice if it cannot be read."""
    status: list[Any] = []
    facets: dict[str, Any] = {}
    try:
        facets = source.facets()
        if not source.frame().shape[0]:
            status.append(message(f"The database {source.db_path} holds no metrics yet. Load articles with "
                                  "`bordermetrics ingest FILES`.", "empty"))
    except DataError as exc:
        status.append(message(str(exc), "error"))
    return skeleton(facets, status)


def skeleton(facets: dict[str, Any] | None = None, status: list[Any] | None = None) -> html.Div:
    """The page for given filter values; with none, the shape Dash validates callbacks against (no data read)."""
    facets = facets or {}
    kinds = facets.get("kinds", [])
    return html.Div(className="app", children=[
        dcc.Location(id=ids.URL, refresh=False),
        dcc.Store(id=ids.URL_WRITTEN),
        dcc.Store(id=ids.FILTERS_STATE),
        dcc.Store(id=ids.CHART_CLAIM),
        dcc.Download(id=ids.CHART_DOWNLOAD),
        html.Header(className="topbar", children=[
            html.H1("bordermetrics"),
            html.Span("Figures from U.S.-Mexico border news: dated, sourced, next to the official count",
                      className="tagline"),
        ]),
        html.Div(id=ids.STATUS, children=status or []),
        html.Div(className="body", children=[
            filter_panel(facets),
            html.Main(className="main", children=[
                html.Div(id=ids.CARDS, className="cards"),
                dcc.Tabs(id=ids.TABS, value=ids.TAB_METRICS, className="tabs", children=[
                    dcc.Tab(label="Metrics over time", value=ids.TAB_METRICS, children=[
                        html.Div(className="chart-controls", children=[
                            html.Div(className="control", children=[
                                html.Label("Charts", htmlFor=ids.CHART_KIND),
                                dcc.Dropdown(id=ids.CHART_KIND, clearable=False, value="",
                                             options=[{"label": "One chart per kind", "value": ""}]
                                             + [{"label": kind_label(k), "value": k} for k in kinds]),
                            ]),
                            dcc.RadioItems(id=ids.CHART_SCALE, value="reported", inline=True, className="radio",
                                           options=[{"label": "As reported", "value": "reported"},
                                                    {"label": "Per day (converted)", "value": "per_day"}]),
                            dcc.Checklist(id=ids.CHART_OPTIONS, value=list(VIEW_DEFAULTS["options"]), inline=True,
                                          className="radio",
                                          options=[{"label": "Official CBP monthly encounters", "value": "official"},
                                                   {"label": "Group repeats into claims", "value": "claims"},
                                                   {"label": "Log scale", "value": "log"}]),
                        ]),
                        html.Div(id=ids.CHART_NOTE, className="chart-note"),
                        html.Div(id=ids.CHARTS, className="charts"),
                        html.Section(className="panel", children=[
                            html.H2("Evidence"),
                            html.Div(id=ids.EVIDENCE, children=evidence_panel(None)),
                        ]),
                        table_section(),
                    ]),
                    dcc.Tab(label="Claims", value=ids.TAB_CLAIMS, children=claims_view.claims_layout()),
                ]),
                html.Footer(className="footer", children=[
                    "Official series: ",
                    html.A(SOURCE_NAME, href=CBP_SOURCE_URL, target="_blank", rel="noopener noreferrer",
                           id=ids.CHART_SOURCE),
                    " (monthly totals, bundled in data/reference with a source per month). News figures are "
                    "as extracted from the articles; check the evidence before quoting one.",
                ]),
            ]),
        ]),
    ])

