"""Filters -> DataFrame through extract.store, the URL <-> filter state, and per-day conversion. No Dash here."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

import numpy as np
import pandas as pd

from extract.models import METRIC_KINDS, QUALIFIERS, parse_date

LIST_KEYS = ("publishers", "sources", "kinds", "places", "qualifiers")
FILTER_KEYS = ("date_from", "date_to", *LIST_KEYS)
# URL parameter name for each filter key (singular, repeated: ?kind=a&kind=b)
URL_NAMES = {
    "date_from": "from", "date_to": "to", "publishers": "publisher", "sources": "source",
    "kinds": "kind", "places": "place", "qualifiers": "qualifier",
}
# The rest of the view, beside the filters: control value when absent from the URL, and the URL name.
TAB_NAMES = ("metrics", "claims")
SCALES = ("reported", "per_day")
CHART_OPTIONS = ("official", "claims", "log")  # CBP line, group repeats into claims, logarithmic value axis
CLAIM_TOLERANCES = (0.0, 0.01, 0.02, 0.05, 0.10)
CLAIM_SHOW = ("repeated", "conflict", "flagged")
VIEW_DEFAULTS: dict[str, Any] = {"tab": "metrics", "chart": "", "scale": "reported",
                                 "options": ["official", "log"], "tolerance": 0.02, "show": []}
# options are one flag each in the URL, written only when they differ from the default: ?cbp=0&claims=1&log=0
OPTION_URL_NAMES = {"official": "cbp", "claims": "claims", "log": "log"}
QUALIFIER_LABELS = {"exact": "exact", "approx": "about", "over": "more than", "under": "fewer than"}
# Days in one rate period; a month and a year are calendar averages.
DAYS_PER = {"day": 1.0, "week": 7.0, "month": 365.25 / 12, "year": 365.25}
# Units that are not amounts of something, so they cannot be spread over days.
NOT_PER_DAY_UNITS = frozenset({"percent", "hours"})
TABLE_ROW_LIMIT = 2000
EXPORT_COLUMNS = (
    "metric_id", "published", "publisher", "title", "url", "metric", "value", "unit", "per",
    "period_start", "period_end", "qualifier", "attributed_to", "location", "evidence", "confidence",
)
_CATEGORY_COLUMNS = ("metric", "unit", "per", "qualifier", "attributed_to", "location", "publisher")


def empty_filters() -> dict[str, Any]:
    """The filter state that restricts nothing."""
    return {"date_from": None, "date_to": None, **{key: [] for key in LIST_KEYS}}


def _as_date(value: Any) -> dt.date | None:
    """An ISO date (YYYY-MM-DD, a datetime string is cut) or None when empty or not a real date."""
    try:
        return parse_date(value if isinstance(value, dt.date) or value is None else str(value))
    except ValueError:
        return None


def allowed_values(facets: dict[str, Any] | None) -> dict[str, set[str] | None]:
    """For each list filter, the values it may take (None: anything, when facets are unknown)."""
    facets = facets or {}
    out: dict[str, set[str] | None] = {}
    for key in LIST_KEYS:
        values = facets.get(key)
        out[key] = None if values is None else {str(v) for v in values}
    out["kinds"] = set(METRIC_KINDS) if out["kinds"] is None else out["kinds"] & set(METRIC_KINDS)
    out["qualifiers"] = set(QUALIFIERS) if out["qualifiers"] is None else out["qualifiers"] & set(QUALIFIERS)
    return out


def validate_filters(raw: dict[str, Any] | None, facets: dict[str, Any] | None = None) -> dict[str, Any]:
    """A clean filter dict: bad dates ignored, unknown values dropped, duplicates removed, order kept."""
    raw = raw or {}
    allowed = allowed_values(facets)
    out = empty_filters()
    start, end = _as_date(raw.get("date_from")), _as_date(raw.get("date_to"))
    if start and end and start > end:
        end = None  # an inverted range is a typo: keep the start, which the user typed first
    out["date_from"] = start.isoformat() if start else None
    out["date_to"] = end.isoformat() if end else None
    for key in LIST_KEYS:
        values = raw.get(key) or []
        if isinstance(values, str):
            values = [values]
        seen: list[str] = []
        for value in values:
            text = str(value)
            ok = allowed[key] is None or text in allowed[key]  # type: ignore[operator]
            if ok and text not in seen:
                seen.append(text)
        out[key] = seen
    return out


def filter_pairs(filters: dict[str, Any]) -> list[tuple[str, str]]:
    """The URL parameters of a filter dict, in a fixed order."""
    pairs: list[tuple[str, str]] = []
    for key in FILTER_KEYS:
        value = filters.get(key)
        if key in LIST_KEYS:
            pairs.extend((URL_NAMES[key], str(v)) for v in value or [])
        elif value:
            pairs.append((URL_NAMES[key], str(value)))
    return pairs


def filters_to_query(filters: dict[str, Any]) -> str:
    """The URL query string ("?kind=encounters&from=2023-01-01", or "" for no filter) of a filter dict."""
    pairs = filter_pairs(filters)
    return "?" + urlencode(pairs) if pairs else ""


def query_to_filters(search: str | None, facets: dict[str, Any] | None = None) -> dict[str, Any]:
    """The validated filter dict that a URL query string asks for (unknown names and values dropped)."""
    params = parse_qs((search or "").lstrip("?"), keep_blank_values=False)
    raw: dict[str, Any] = {}
    for key, name in URL_NAMES.items():
        values = params.get(name, [])
        raw[key] = values if key in LIST_KEYS else (values[0] if values else None)
    return validate_filters(raw, facets)


def validate_view(raw: dict[str, Any] | None, kinds: list[str] | None = None) -> dict[str, Any]:
    """A clean view dict (tab, chart kind, scale, chart options, claim tolerance and shown claims); a value
    that is not allowed falls back to its default."""
    raw = raw or {}
    out = {key: (list(value) if isinstance(value, list) else value) for key, value in VIEW_DEFAULTS.items()}
    allowed_kinds = set(METRIC_KINDS) if kinds is None else set(kinds) & set(METRIC_KINDS)
    if raw.get("tab") in TAB_NAMES:
        out["tab"] = raw["tab"]
    if raw.get("chart") in allowed_kinds:
        out["chart"] = raw["chart"]
    if raw.get("scale") in SCALES:
        out["scale"] = raw["scale"]
    if isinstance(raw.get("options"), list | tuple):
        out["options"] = [o for o in CHART_OPTIONS if o in raw["options"]]
    tolerance = raw.get("tolerance")
    if isinstance(tolerance, int | float) and not isinstance(tolerance, bool):
        out["tolerance"] = next((t for t in CLAIM_TOLERANCES if abs(t - tolerance) < 1e-9), out["tolerance"])
    if isinstance(raw.get("show"), list | tuple):
        out["show"] = [s for s in CLAIM_SHOW if s in raw["show"]]
    return out


def view_to_pairs(view: dict[str, Any]) -> list[tuple[str, str]]:
    """The URL parameters of a (validated) view, leaving out every value that is the default."""
    pairs: list[tuple[str, str]] = []
    for key in ("tab", "chart", "scale"):
        if view.get(key) and view[key] != VIEW_DEFAULTS[key]:
            pairs.append((key, str(view[key])))
    options = set(view.get("options") or [])
    for option, name in OPTION_URL_NAMES.items():
        if (option in options) != (option in VIEW_DEFAULTS["options"]):
            pairs.append((name, "1" if option in options else "0"))
    tolerance = view.get("tolerance")
    if tolerance is not None and abs(float(tolerance) - VIEW_DEFAULTS["tolerance"]) > 1e-9:
        pairs.append(("tol", f"{float(tolerance) * 100:g}"))  # in percent: ?tol=5
    pairs.extend(("show", str(s)) for s in view.get("show") or [])
    return pairs


def query_to_view(search: str | None, kinds: list[str] | None = None) -> dict[str, Any]:
    """The validated view a URL query string asks for (unknown names and bad values fall back to defaults)."""
    params = parse_qs((search or "").lstrip("?"), keep_blank_values=False)

    def first(name: str) -> str | None:
        return params[name][0] if params.get(name) else None

    options = set(VIEW_DEFAULTS["options"])
    for option, name in OPTION_URL_NAMES.items():
        flag = first(name)
        if flag in ("1", "0"):
            (options.add if flag == "1" else options.discard)(option)
    tolerance: float | None = None
    try:
        tolerance = float(first("tol") or "nan") / 100
    except ValueError:
        tolerance = None
    raw = {"tab": first("tab"), "chart": first("chart"), "scale": first("scale"), "options": sorted(options),
           "tolerance": tolerance if tolerance == tolerance else None, "show": params.get("show", [])}
    return validate_view(raw, kinds)


def state_to_query(filters: dict[str, Any], view: dict[str, Any] | None = None) -> str:
    """The whole page state (filters, then the view's non-default values) as a URL query string."""
    pairs = filter_pairs(filters) + view_to_pairs(view or VIEW_DEFAULTS)
    return "?" + urlencode(pairs) if pairs else ""


def quick_ranges(date_max: dt.date | None, years: list[int]) -> dict[str, tuple[str | None, str | None]]:
    """Named date ranges for the quick buttons: all, the latest 12 months of data, and each year present."""
    out: dict[str, tuple[str | None, str | None]] = {"all": (None, None)}
    if date_max:
        start = (pd.Timestamp(date_max) - pd.DateOffset(months=12) + pd.Timedelta(days=1)).date()
        out["last12"] = (start.isoformat(), date_max.isoformat())
    for year in sorted(years):
        out[str(year)] = (f"{year}-01-01", f"{year}-12-31")
    return out


def prepare_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Add the columns the dashboard filters and plots on: ref_start/ref_end, days, per_day and flags."""
    df = df.copy()
    for col in ("period_start", "period_end", "published"):
        df[col] = pd.to_datetime(df[col], errors="coerce")
    for col in _CATEGORY_COLUMNS:
        df[col] = df[col].astype("category")
    # the same dates extract.store filters on: period_start, else period_end, else the publication date
    ref_start = df["period_start"].fillna(df["period_end"]).fillna(df["published"])
    ref_end = df["period_end"].fillna(df["period_start"]).fillna(df["published"])
    swap = ref_end < ref_start
    ref_start, ref_end = ref_start.where(~swap, ref_end), ref_end.where(~swap, ref_start)
    df["ref_start"], df["ref_end"] = ref_start, ref_end
    df["month"] = ref_start.to_numpy(dtype="datetime64[ns]").astype("datetime64[M]").astype("datetime64[ns]")
    days = (ref_end - ref_start).dt.days.add(1).fillna(1).clip(lower=1)
    df["days"] = days.astype("int64")
    per = df["per"].astype("object")
    per_days = per.map(DAYS_PER).astype("float64")
    convertible = ~df["unit"].astype("object").isin(NOT_PER_DAY_UNITS)
    values = df["value"].astype("float64")
    per_day = np.where(per.notna(), values / per_days, values / df["days"])
    df["per_day"] = np.where(convertible, per_day, np.nan)
    is_daily = (per == "day") | (per.isna() & (df["days"] == 1))
    df["converted"] = convertible & ~is_daily
    return df


def filter_frame(df: pd.DataFrame, filters: dict[str, Any]) -> pd.DataFrame:
    """The rows of a prepared frame that pass the filters (periods overlapping the date range)."""
    mask = np.ones(len(df), dtype=bool)
    start, end = _as_date(filters.get("date_from")), _as_date(filters.get("date_to"))
    if start:
        mask &= (df["ref_end"] >= pd.Timestamp(start)).to_numpy()
    if end:
        mask &= (df["ref_start"] <= pd.Timestamp(end)).to_numpy()
    for key, col in (("publishers", "publisher"), ("sources", "attributed_to"), ("kinds", "metric"),
                     ("places", "location"), ("qualifiers", "qualifier")):
        values = filters.get(key) or []
        if values:
            mask &= df[col].isin(values).to_numpy()
    return df if mask.all() else df[mask]


def facets_of(df: pd.DataFrame) -> dict[str, Any]:
    """The values each filter can take in a prepared frame, most frequent first, and the date span."""

    def ranked(col: str) -> list[str]:
        counts = df[col].value_counts(sort=True)
        return [str(v) for v, n in counts.items() if n > 0 and str(v) != ""]

    starts = df["ref_start"].dropna()
    return {
        "publishers": ranked("publisher"), "sources": ranked("attributed_to"), "kinds": ranked("metric"),
        "places": ranked("location"), "qualifiers": ranked("qualifier"),
        "date_min": starts.min().date() if len(starts) else None,
        "date_max": df["ref_end"].dropna().max().date() if len(starts) else None,
        "years": sorted({int(y) for y in df["published"].dropna().dt.year.unique()}),
    }


def summary(df: pd.DataFrame) -> dict[str, Any]:
    """The numbers of the summary cards: metrics, articles, publishers, first and last publication date."""
    published = df["published"].dropna()
    return {
        "metrics": int(len(df)),
        "articles": int(df["article_id"].nunique()),
        "publishers": int(df["publisher"].nunique()),
        "first": published.min().date() if len(published) else None,
        "last": published.max().date() if len(published) else None,
    }


def _iso_column(series: pd.Series) -> pd.Series:
    return series.dt.strftime("%Y-%m-%d").astype("object").where(series.notna(), None)


def export_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The filtered rows as downloaded and shown in the table: plain columns, ISO dates, newest first."""
    out = df.sort_values(["published", "metric_id"], ascending=[False, True], kind="stable")
    out = out.loc[:, list(EXPORT_COLUMNS)].copy()
    for col in ("published", "period_start", "period_end"):
        out[col] = _iso_column(out[col])
    for col in _CATEGORY_COLUMNS:
        out[col] = out[col].astype("object").where(out[col].notna(), None)
    return out.reset_index(drop=True)


def table_rows(df: pd.DataFrame, limit: int = TABLE_ROW_LIMIT) -> list[dict[str, Any]]:
    """The rows of the table (at most `limit`, newest first) as JSON-ready dicts."""
    top = df.nlargest(limit, "published") if len(df) > limit else df
    out = export_frame(top)
    out["per_day"] = top.set_index("metric_id").loc[out["metric_id"], "per_day"].round(1).to_numpy()
    out = out.astype(object).where(out.notna(), None)
    out["row_id"] = out["metric_id"].astype(str)  # AG Grid row ids are strings
    return out.to_dict("records")


class DataError(Exception):
    """The database cannot be read: missing, locked or not a bordermetrics database. Says which and why."""


class MetricsSource:
    """The metrics of one database, loaded once per change of its fingerprint and filtered in memory."""

    def __init__(self, db_path: str | Path, busy_timeout: float | None = None) -> None:
        self.db_path = Path(db_path)
        self.busy_timeout = busy_timeout  # seconds to wait on another process's lock; None: the store's default
        self._lock = threading.Lock()
        self._fingerprint: str | None = None
        self._frame: pd.DataFrame | None = None
        self._facets: dict[str, Any] | None = None

    def frame(self) -> pd.DataFrame:
        """Every stored metric, prepared; raises DataError with a readable reason."""
        from extract.store import BUSY_TIMEOUT, Store, StoreError

        if not self.db_path.is_file():
            raise DataError(f"No database at {self.db_path}. Load articles with `bordermetrics ingest FILES "
                            f"--db {self.db_path}`, or run `bordermetrics serve` to load the bundled sample.")
        with self._lock:
            try:
                wait = BUSY_TIMEOUT if self.busy_timeout is None else self.busy_timeout
                with Store(self.db_path, readonly=True, busy_timeout=wait) as store:
                    fingerprint = store.fingerprint()
                    if fingerprint != self._fingerprint or self._frame is None:
                        self._frame = prepare_frame(store.query(None))
                        self._facets = facets_of(self._frame)
                        self._fingerprint = fingerprint
            except StoreError as exc:
                raise DataError(f"Cannot read the database {self.db_path}: {exc}") from exc
            return self._frame

    def facets(self) -> dict[str, Any]:
        """Filter values and date span of the stored metrics."""
        self.frame()
        assert self._facets is not None
        return self._facets

    def filtered(self, filters: dict[str, Any] | None) -> pd.DataFrame:
        """The stored metrics that pass a filter dict (validated first)."""
        frame = self.frame()
        return filter_frame(frame, validate_filters(filters, self._facets))

    def metrics_or_empty(self, filters: dict[str, Any] | None) -> pd.DataFrame:
        """The filtered metrics shaped like Store.query; no rows when the database cannot be read.

        For views that are not the page's main one (claims): the page already says why the data is missing.
        """
        try:
            return plain_metrics(self.filtered(filters))
        except DataError:
            from extract.store import QUERY_COLUMNS

            return pd.DataFrame(columns=list(QUERY_COLUMNS))


def load_sample_if_empty(db_path: str | Path, sample: str | Path) -> str | None:
    """Create the database and load the sample corpus when it is missing or holds no article.

    Returns a one-line summary of what was done, or None when the database already had data.
    """
    from extract.ingest import ingest
    from extract.store import Store

    path = Path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with Store(path) as store:
        if store.counts().get("articles", 0):
            return None
        ingest([str(sample)], store, progress=False)
        counts = store.counts()
    return f"loaded the sample {sample} into {path}: {counts.get('articles', 0)} articles, " \
           f"{counts.get('metrics', 0)} metrics"


def evidence_parts(evidence: str, value: float | None, start: int = 0, end: int = 0) -> tuple[str, str, str]:
    """The evidence split as (before, figure, after) so the figure can be highlighted as plain text.

    The figure is the number phrase whose value matches the metric (within 1%); failing that, `start`/`end`
    when they lie inside the evidence and cover less than all of it; failing both, nothing is highlighted.
    """
    from extract.numbers import find_numbers

    evidence = evidence or ""
    if value is not None and np.isfinite(value):
        best = None
        for span in find_numbers(evidence):
            if abs(span.value - value) <= 0.01 * max(abs(value), 1e-9):
                best = span
                break
        if best is not None:
            return evidence[: best.start], evidence[best.start: best.end], evidence[best.end:]
    if 0 <= start < end <= len(evidence) and end - start < len(evidence):
        return evidence[:start], evidence[start:end], evidence[end:]
    return evidence, "", ""


def claim_reports(df: pd.DataFrame, claim_id: str, settings: Any = None) -> pd.DataFrame:
    """The rows of a prepared, filtered frame that form one claim (as grouped on the chart), earliest first.

    A claim's id is "c" + its first stored member's metric id, and claims never mix kinds or units, so only
    the rows of that member's kind and unit are grouped.
    """
    from extract.claims import claim_members

    try:
        first = int(str(claim_id).removeprefix("c"))
    except ValueError:
        return df.iloc[0:0]
    seed = df[df["metric_id"] == first]
    if seed.empty or not str(claim_id).startswith("c"):
        return df.iloc[0:0]
    same = df[(df["metric"] == seed["metric"].iloc[0]) & (df["unit"] == seed["unit"].iloc[0])]
    members = claim_members(plain_metrics(same), settings)
    chosen = set(members.loc[members["claim_id"] == claim_id, "metric_id"].tolist())
    return same[same["metric_id"].isin(chosen)].sort_values(["published", "metric_id"], na_position="last")


def plain_metrics(df: pd.DataFrame) -> pd.DataFrame:
    """A prepared frame back in the shape extract.store.Store.query returns (plain object columns)."""
    from extract.store import QUERY_COLUMNS

    out = df.loc[:, [c for c in QUERY_COLUMNS if c in df.columns]].copy()
    for col in _CATEGORY_COLUMNS:
        if col in out.columns:
            out[col] = out[col].astype("object").where(out[col].notna(), None)
    return out
