"""The Claims tab: each figure once, with who reported it first, how often it was repeated, disagreements and CBP;
selecting a claim lists every article that reported it.

claims_layout() builds the tab; register_callbacks(app, get_metrics) wires it to the filters in
dcc.Store(ids.FILTERS_STATE). The row and CSV builders are pure functions, testable without a browser.
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import pandas as pd
from dash import Dash, Input, Output, State, dcc, html, no_update

from dashboard import ids
from dashboard.data import CLAIM_SHOW, CLAIM_TOLERANCES
from dashboard.figures import format_number, iso_day, period_text
from dashboard.parts import grid, link_or_text, safe_url
from extract.claims import ClaimSettings, ClaimSettingsError, claim_members, group_claims
from extract.output import spreadsheet_safe

MAX_ROWS = 5000  # rows sent to the browser; the CSV always has every claim
TOLERANCES = CLAIM_TOLERANCES
SHOW_OPTIONS = dict(zip(CLAIM_SHOW, ("Repeated (2+ articles)", "Disagreements only", "Far from CBP only"),
                        strict=True))
# after the number ("$" and "%" are written by format_number)
UNIT_WORDS = {"people": "", "usd": "", "percent": "", "hours": " hours", "rail_cars": " rail cars",
              "trains": " trains", "trucks": " trucks", "vehicles": " vehicles", "pounds": " lb", "tons": " tons",
              "other": ""}
PER_WORDS = {"day": " a day", "week": " a week", "month": " a month", "year": " a year"}

COLUMN_DEFS = [
    {"field": "first_title", "headerName": "First reported", "cellRenderer": "TitleLink", "flex": 3,
     "minWidth": 240, "tooltipField": "first_title"},
    {"field": "first_publisher", "headerName": "By", "flex": 1, "minWidth": 120},
    {"field": "first_published", "headerName": "On", "width": 115},
    {"field": "metric", "headerName": "Kind", "width": 130},
    {"field": "figure", "headerName": "Figure", "flex": 1, "minWidth": 130},
    {"field": "period", "headerName": "Period", "flex": 1, "minWidth": 150},
    {"field": "n_articles", "headerName": "Articles", "width": 100, "filter": "agNumberColumnFilter"},
    {"field": "n_publishers", "headerName": "Outlets", "width": 100, "filter": "agNumberColumnFilter"},
    {"field": "spread", "headerName": "Spread", "flex": 1, "minWidth": 130},
    {"field": "disagrees", "headerName": "Disagrees with", "flex": 1, "minWidth": 120},
    {"field": "official_ratio", "headerName": "x CBP", "width": 95, "filter": "agNumberColumnFilter"},
    {"field": "official", "headerName": "CBP figure", "flex": 1, "minWidth": 150},
    {"field": "sources", "headerName": "Sources", "flex": 1, "minWidth": 120},
]


def format_value(value: float, unit: str | None, per: str | None = None) -> str:
    """A figure as people read it: "$200,000,000 a day", "10,000 a day", "0.43 hours"; "" when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return format_number(value, unit) + UNIT_WORDS.get(unit or "", f" {unit}") + PER_WORDS.get(per or "", "")


def _official(row: pd.Series) -> tuple[float | None, str]:
    ratio, value = row["official_ratio"], row["official_value"]
    if pd.isna(ratio) or pd.isna(value):
        return None, "no CBP figure for this"
    mark = "far from CBP: " if bool(row["official_flag"]) else ""
    return round(float(ratio), 2), f"{mark}{format_value(value, row['unit'], row['per'])}"


def claim_rows(claims: pd.DataFrame, limit: int = MAX_ROWS) -> list[dict[str, Any]]:
    """JSON-ready grid rows, one per claim (first `limit` in the frame's order); text is plain, never HTML."""
    rows = []
    for _, c in claims.head(limit).iterrows():
        ratio, official = _official(c)
        per = c["per"] if isinstance(c["per"], str) else None
        spread = format_value(c["value_min"], c["unit"])
        if c["value_max"] != c["value_min"]:
            spread += " to " + format_value(c["value_max"], c["unit"])
        rows.append({
            "claim_id": c["claim_id"], "metric": c["metric"], "value": float(c["value"]),
            "figure": format_value(c["value"], c["unit"], per),
            "period": period_text(c["period_start"], c["period_end"]),
            "first_title": str(c["first_title"] or "(untitled)"), "url": safe_url(c["first_url"]),
            "first_publisher": str(c["first_publisher"] or ""), "first_published": iso_day(c["first_published"]),
            "n_articles": int(c["n_articles"]), "n_publishers": int(c["n_publishers"]),
            "n_reports": int(c["n_reports"]), "spread": spread,
            "disagrees": str(c["conflict_with"]).replace(";", ", ") if bool(c["conflict"]) else "",
            "official_ratio": ratio, "official": official, "official_flag": bool(c["official_flag"] is True),
            "sources": str(c["sources"] or ""),
        })
    return rows


def select_claims(claims: pd.DataFrame, show: list[str] | None) -> pd.DataFrame:
    """The claims the "show" checkboxes keep (all boxes must hold)."""
    keep = pd.Series(True, index=claims.index)
    show = show or []
    if "repeated" in show:
        keep &= claims["n_articles"] >= 2
    if "conflict" in show:
        keep &= claims["conflict"].astype(bool)
    if "flagged" in show:
        keep &= claims["official_flag"].fillna(False).astype(bool)
    return claims[keep]


def settings_from_controls(tolerance: Any) -> ClaimSettings:
    """Claim settings from the tolerance control (a share, e.g. 0.02); a bad value raises ClaimSettingsError."""
    if tolerance is None:
        return ClaimSettings()
    try:
        share = float(tolerance)
    except (TypeError, ValueError):
        raise ClaimSettingsError(f"claim setting value_tolerance={tolerance!r} is not a number") from None
    # keep the conflict threshold at least as wide as the merge tolerance
    return ClaimSettings(value_tolerance=share, conflict_threshold=max(ClaimSettings().conflict_threshold, share))


def member_rows(metrics: pd.DataFrame, claim_id: str, settings: ClaimSettings) -> list[dict[str, Any]]:
    """Every report of one claim, earliest first: date, publisher, title, safe URL, value as written, evidence."""
    members = claim_members(metrics, settings)
    ids = set(members.loc[members["claim_id"] == claim_id, "metric_id"].tolist())
    chosen = metrics[metrics["metric_id"].isin(ids)].sort_values(["published", "metric_id"], na_position="last")
    return [{
        "published": iso_day(m["published"]), "publisher": str(m["publisher"] or ""),
        "title": str(m["title"] or "(untitled)"), "url": safe_url(m["url"]),
        "figure": format_value(m["value"], m["unit"], m["per"] if isinstance(m["per"], str) else None),
        "attributed_to": str(m["attributed_to"]) if isinstance(m["attributed_to"], str) else "",
        "evidence": str(m["evidence"] or ""),
    } for _, m in chosen.iterrows()]


def members_panel(rows: list[dict[str, Any]]) -> list[Any]:
    """The reports of the selected claim as plain components (text is never parsed as HTML)."""
    if not rows:
        return [html.P("Select a claim to see every article that reported it.", className="claims-hint")]
    items = []
    for r in rows:
        source = f" (according to {r['attributed_to']})" if r["attributed_to"] else ""
        items.append(html.Li([html.Strong(f"{r['published']} {r['publisher']}: "), link_or_text(r["title"], r["url"]),
                              html.Span(f" - {r['figure']}{source}"), html.Blockquote(r["evidence"])]))
    return [html.H4(f"Reported {len(rows)} time{'s' if len(rows) != 1 else ''}"), html.Ol(items)]


def claims_csv(claims: pd.DataFrame) -> str:
    """Every claim as CSV text (ISO dates, raw numbers, no text a spreadsheet would run as a formula)."""
    out = claims.copy()
    for col in ("period_start", "period_end", "first_published"):
        out[col] = out[col].map(iso_day)
    return spreadsheet_safe(out).to_csv(index=False)


def summary(claims: pd.DataFrame, shown: pd.DataFrame, n_metrics: int) -> str:
    """One line above the grid: how many figures became how many claims, disagreements, far from CBP."""
    text = (f"{n_metrics:,} figures form {len(claims):,} claims; {int((claims['n_articles'] >= 2).sum()):,} "
            f"repeated by 2+ articles, {int(claims['conflict'].sum()):,} in disagreement, "
            f"{int(claims['official_flag'].fillna(False).astype(bool).sum()):,} far from the CBP figure.")
    if len(shown) > MAX_ROWS:
        text += f" Showing the {MAX_ROWS:,} most repeated of {len(shown):,}; the CSV has all."
    elif len(shown) != len(claims):
        text += f" Showing {len(shown):,}."
    return text


def claims_layout() -> html.Section:
    """The Claims tab: settings, a one-line summary, the claims grid and the CSV download."""
    return html.Section(className="claims", children=[
        html.Div(className="claims-controls", children=[
            html.Label(["Same figure when within ",
                        dcc.Dropdown(id=ids.CLAIMS_TOLERANCE, value=ClaimSettings().value_tolerance, clearable=False,
                                     options=[{"label": f"{t:.0%}", "value": t} for t in TOLERANCES],
                                     style={"width": "90px", "display": "inline-block"})]),
            dcc.Checklist(id=ids.CLAIMS_SHOW, value=[], inline=True,
                          options=[{"label": label, "value": key} for key, label in SHOW_OPTIONS.items()]),
            html.Button("Download claims CSV", id=ids.CLAIMS_CSV, n_clicks=0, className="button",
                        title="Every claim that the filters and the boxes above keep, not only the grid's page"),
            dcc.Download(id=ids.CLAIMS_DOWNLOAD),
        ]),
        html.P(id=ids.CLAIMS_NOTE, className="claims-note"),
        grid(ids.CLAIMS_GRID, COLUMN_DEFS, "claim_id"),
        html.Div(id=ids.CLAIMS_MEMBERS, className="claims-members", children=members_panel([])),
    ])


SIGNATURE_COLUMNS = ("metric_id", "article_id", "metric", "value", "unit", "per", "period_start", "period_end",
                     "location", "attributed_to", "title", "publisher", "published", "url")


class ClaimsCache:
    """group_claims remembered for the last few (metrics content, settings); one per app, thread-safe."""

    def __init__(self, size: int = 8) -> None:
        self.size = size
        self._items: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def signature(metrics: pd.DataFrame) -> str:
        """A digest of the columns grouping reads (about 0.3 s for a million metrics)."""
        cols = [c for c in SIGNATURE_COLUMNS if c in metrics.columns]
        hashed = pd.util.hash_pandas_object(metrics[cols], index=False).to_numpy()
        return hashlib.blake2b(hashed.tobytes(), digest_size=16).hexdigest()

    def claims(self, metrics: pd.DataFrame, settings: ClaimSettings) -> pd.DataFrame:
        """The claims of `metrics`; callers must not modify the returned frame."""
        key = (len(metrics), self.signature(metrics), settings)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        claims = group_claims(metrics, settings)
        with self._lock:
            self._items[key] = claims
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return claims


def compute(get_metrics: Callable[[dict], pd.DataFrame], filters: dict | None, tolerance: Any,
            show: list[str] | None, cache: ClaimsCache | None = None) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """(all claims, the shown ones, the summary line) for the current filters and controls."""
    settings = settings_from_controls(tolerance)
    metrics = get_metrics(filters or {})
    claims = cache.claims(metrics, settings) if cache else group_claims(metrics, settings)
    shown = select_claims(claims, show)
    return claims, shown, summary(claims, shown, len(metrics))


def register_callbacks(app: Dash, get_metrics: Callable[[dict], pd.DataFrame]) -> None:
    """Wire the filters and controls to the grid, the summary line and the CSV download."""
    cache = ClaimsCache()

    @app.callback(Output(ids.CLAIMS_GRID, "rowData"), Output(ids.CLAIMS_NOTE, "children"),
                  Input(ids.FILTERS_STATE, "data"), Input(ids.CLAIMS_TOLERANCE, "value"), Input(ids.CLAIMS_SHOW, "value"),
                  Input(ids.TABS, "value"))
    def _rows(filters: dict | None, tolerance: Any, show: list[str] | None, tab: str | None) -> tuple:
        if tab != ids.TAB_CLAIMS:
            return no_update, no_update  # grouping is most of a filter change's time: only for the open tab
        try:
            _, shown, note = compute(get_metrics, filters, tolerance, show, cache)
        except (ClaimSettingsError, ValueError, OSError) as exc:
            return [], f"Claims cannot be shown: {exc}"
        return claim_rows(shown), note

    @app.callback(Output(ids.CLAIMS_DOWNLOAD, "data"), Input(ids.CLAIMS_CSV, "n_clicks"),
                  State(ids.FILTERS_STATE, "data"), State(ids.CLAIMS_TOLERANCE, "value"), State(ids.CLAIMS_SHOW, "value"),
                  prevent_initial_call=True)
    def _download(n_clicks: int, filters: dict | None, tolerance: Any, show: list[str] | None) -> Any:
        if not n_clicks:
            return no_update
        try:
            _, shown, _ = compute(get_metrics, filters, tolerance, show, cache)
        except (ClaimSettingsError, ValueError, OSError):
            return no_update  # the summary line already says why the claims cannot be shown
        return dcc.send_string(claims_csv(shown), "claims.csv")

    @app.callback(Output(ids.CLAIMS_MEMBERS, "children"), Input(ids.CLAIMS_GRID, "selectedRows"),
                  State(ids.FILTERS_STATE, "data"), State(ids.CLAIMS_TOLERANCE, "value"), prevent_initial_call=True)
    def _members(selected: list[dict] | None, filters: dict | None, tolerance: Any) -> list[Any]:
        if not selected:
            return members_panel([])
        try:
            rows = member_rows(get_metrics(filters or {}), str(selected[0].get("claim_id")),
                               settings_from_controls(tolerance))
        except (ClaimSettingsError, ValueError, OSError) as exc:
            return [html.P(f"Reports cannot be shown: {exc}")]
        return members_panel(rows)
