"""Group repeated figures into claims: who reported a figure first, who disagrees, and how it compares with CBP.

A *claim* is one figure as it travels through the news: the same kind, unit and rate (`per`), values within
`value_tolerance` of each other, and periods that overlap. Grouping is a pure function of the metrics frame
(`extract.store.Store.query()` columns), so it is simply recomputed when articles are added or filters change.

Rules (the settings table below holds the numbers):

- Period of a metric: period_start..period_end; a missing end falls back to the other end, and a metric with
  neither falls back to its article's publication date. Metrics with no date at all only group with each other.
- Values: within one (kind, unit, per) the metrics are sorted by value; a claim's value range starts at the
  smallest value v and takes every value up to v * (1 + value_tolerance); the next value starts the next range.
  Each range is then split where the periods stop overlapping (a sweep over periods sorted by start, allowing
  `period_slack_days`). Sorting ties are broken by metric_id, so the result does not depend on row order.
- Identity: claim_id is "c" + the smallest metric_id among the members (the first one stored), so a claim keeps
  its id when later articles repeat it.
- Counting: n_mentions counts every member metric; n_reports counts one report per article (an article restating
  the figure twice, e.g. "almost 170,000" and "169,244", is one report; two ids with the same URL are one report);
  n_articles counts distinct article ids; n_publishers distinct non-empty publishers.
- First reporter: the member with the earliest publication date (then the smallest metric_id); the claim's
  `value` is that first report's value, value_min..value_max the spread of all reports.
- Disagreement: two claims of the same kind, unit, per and place (normalised, see `normalise_place`; both empty
  counts as the same) with overlapping periods conflict when |a - b| / min(|a|, |b|) > conflict_threshold and
  max / min <= conflict_max_ratio (further apart they are different measures, e.g. families vs all encounters),
  unless one article reports both (then it is a breakdown or a comparison, not a disagreement). Totals
  (per none) must cover the same period (within the slack): a month and the quarter around it do not disagree.
  Two claims that each match an official series within the conflict threshold do not disagree either (250,000
  Border Patrol apprehensions and 300,000 CBP encounters for the same month are both right).
- Official record: only for encounters of people with per day, week, month or none, at the southwest border
  (place empty or a name of the whole southwest/southern/U.S.-Mexico border; sectors, cities, states, ports of
  entry, Mexico, the northern border or nationwide figures are left NaN: they are parts of or outside the series).
  per=day compares with the day-weighted mean of CBP's per-day average over the period's months; per=week is
  that times 7; per=month the day-weighted mean of monthly totals; a total (per none) only when its period is
  exactly whole months (the sum of those months) or exactly one fiscal year (the fiscal-year total). Periods
  outside the reference or touching a month without a figure stay NaN. Because news quotes both CBP's total
  encounters and Border Patrol's apprehensions (about 80% of it) without saying which, each claim is compared
  with the closer of the two (official_series "total" or "usbp"; fiscal-year totals exist for "total" only).
  official_ratio = value / official_value; official_flag when |official_ratio - 1| > official_flag_share.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import pandas as pd

from extract.reference import load_cbp_fiscal_years, load_cbp_monthly

CLAIM_COLUMNS = (
    "claim_id", "metric", "value", "value_min", "value_max", "unit", "per", "period_start", "period_end",
    "location", "n_reports", "n_articles", "n_publishers", "n_mentions", "first_publisher", "first_published",
    "first_title", "first_url", "sources", "conflict", "conflict_with", "official_value", "official_ratio",
    "official_flag", "official_series",
)
INPUT_COLUMNS = (
    "metric_id", "article_id", "metric", "value", "unit", "per", "period_start", "period_end", "attributed_to",
    "location", "title", "publisher", "published", "url",
)
_UNDATED = -10_000_000  # days before 1970: a stand-in period for metrics with no date at all
_PAIR_CHUNK = 2_000_000  # candidate disagreement pairs examined at once (bounds memory)


class ClaimSettingsError(ValueError):
    """A claim setting has a bad name or value; the message lists what is allowed."""


# name: (type, help, check of the value, words for the allowed values)
SETTINGS: dict[str, tuple[type, str, Any, str]] = {
    "value_tolerance": (float, "relative spread of values that still count as the same figure",
                        lambda v: 0 <= v < 1, "a number from 0 to below 1 (0.02 = 2%)"),
    "conflict_threshold": (float, "relative difference above which two claims for the same period disagree",
                           lambda v: 0 < v < 10, "a number above 0 and below 10 (0.10 = 10%)"),
    "conflict_max_ratio": (float, "values further apart than this factor are different measures, not a disagreement",
                           lambda v: v > 1, "a number above 1 (2.0 = twice the other value)"),
    "official_flag_share": (float, "relative distance from the CBP figure that flags a claim",
                            lambda v: 0 < v < 10, "a number above 0 and below 10 (0.25 = 25%)"),
    "require_overlap": (bool, "split a figure into separate claims where the periods do not overlap",
                        lambda v: True, "true or false"),
    "period_slack_days": (int, "days of gap between periods still counted as overlapping",
                          lambda v: 0 <= v <= 366, "a whole number from 0 to 366"),
}


@dataclass(frozen=True, slots=True)
class ClaimSettings:
    """How figures are grouped into claims and compared; see SETTINGS for what each one means."""

    value_tolerance: float = 0.02
    conflict_threshold: float = 0.10
    conflict_max_ratio: float = 2.0
    official_flag_share: float = 0.25
    require_overlap: bool = True
    period_slack_days: int = 0

    def __post_init__(self) -> None:
        for f in fields(self):
            kind, _, check, allowed = SETTINGS[f.name]
            value = getattr(self, f.name)
            ok_type = isinstance(value, bool) if kind is bool else (
                isinstance(value, int | float) and not isinstance(value, bool)
                and (kind is float or float(value).is_integer()))
            if not ok_type or not check(value) or (kind is float and not np.isfinite(value)):
                raise ClaimSettingsError(f"claim setting {f.name}={value!r} is not valid: use {allowed}")
            object.__setattr__(self, f.name, kind(value))
        if self.conflict_threshold < self.value_tolerance:
            raise ClaimSettingsError(
                f"conflict_threshold={self.conflict_threshold} is below value_tolerance={self.value_tolerance}: "
                "use a conflict threshold at least as large as the tolerance")

    @classmethod
    def from_dict(cls, values: dict[str, Any] | None) -> ClaimSettings:
        """Settings from a mapping (e.g. dashboard controls); unknown names raise listing the valid ones."""
        values = dict(values or {})
        unknown = sorted(set(values) - set(SETTINGS))
        if unknown:
            raise ClaimSettingsError(f"unknown claim setting(s) {', '.join(unknown)}: valid are {', '.join(SETTINGS)}")
        return cls(**values)


# Names of the whole southwest border as the corpus writes them (after normalise_place).
_SWB = re.compile(r"^(?:(?:us |u s )?(?:southwest|southwestern|southern|south) (?:land )?border(?: crossings)?"
                  r"|(?:us )?mexico (?:land )?border|us mexico (?:land )?border|mexican border|border)$")
_NOT_SWB = re.compile(r"northern|nationwide|national|united states|canada")


def normalise_place(place: Any) -> str:
    """A place name for comparison: lower case, punctuation to spaces, no leading "the", SWB names as one."""
    if place is None or (isinstance(place, float) and np.isnan(place)) or place is pd.NA:
        return ""
    text = re.sub(r"[^a-z0-9]+", " ", str(place).lower().replace("u.s.", "us")).strip()
    text = re.sub(r"^the ", "", text)
    if _SWB.match(text) and not _NOT_SWB.search(text):
        return "southwest border"
    return text


def _places(series: pd.Series) -> pd.Series:
    """normalise_place over a column, computed once per distinct name."""
    codes, names = pd.factorize(series.astype(object), use_na_sentinel=True)
    table = np.array([normalise_place(x) for x in names] + [""], dtype=object)
    return pd.Series(table[codes], index=series.index)


def _days(series: pd.Series) -> np.ndarray:
    """Dates as int64 days since 1970 (NaT -> a large negative sentinel, checked with isnat first)."""
    arr = pd.to_datetime(series, errors="coerce").to_numpy(dtype="datetime64[ns]")
    out = arr.astype("datetime64[D]").astype(np.int64)
    out[np.isnat(arr)] = np.iinfo(np.int64).min
    return out


def _from_days(days: np.ndarray) -> pd.Series:
    """Inverse of _days for periods: the undated sentinel becomes NaT."""
    out = days.astype("datetime64[D]").astype("datetime64[ns]")
    out[days <= _UNDATED] = np.datetime64("NaT")
    return pd.Series(out)


def _text(series: pd.Series) -> pd.Categorical:
    """Strings with missing values as "", as a categorical (sorted categories): sorts and groups run on codes."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    names = [str(u) for u in uniques]
    if "" not in names:
        names.append("")
    codes = np.where(codes < 0, names.index(""), codes)
    order = np.argsort(np.array(names, dtype=object), kind="stable")
    rank = np.empty(len(names), dtype=np.int64)
    rank[order] = np.arange(len(names))
    return pd.Categorical.from_codes(rank[codes], categories=pd.Index(np.array(names, dtype=object)[order]))


def _plain(values: pd.Series) -> pd.Series:
    """A categorical text column back to plain Python strings (object dtype)."""
    return pd.Series(np.asarray(values.astype(object), dtype=object), index=values.index, dtype=object)


def _prepare(df: pd.DataFrame) -> pd.DataFrame:
    """The columns grouping needs, with periods resolved to int days (see the module rules)."""
    missing = [c for c in ("metric", "value", "unit") if c not in df.columns]
    if missing:
        raise ValueError(f"metrics frame lacks column(s) {', '.join(missing)}: pass Store.query() output")
    n = len(df)
    get = {c: (df[c] if c in df.columns else pd.Series([None] * n, index=df.index)) for c in INPUT_COLUMNS}
    mid = (df["metric_id"].to_numpy(dtype=np.int64) if "metric_id" in df.columns else np.arange(n, dtype=np.int64))
    ps, pe, pub = _days(get["period_start"]), _days(get["period_end"]), _days(get["published"])
    nat = np.iinfo(np.int64).min
    start = np.where(ps != nat, ps, np.where(pe != nat, pe, pub))
    end = np.where(pe != nat, pe, np.where(ps != nat, ps, pub))
    undated = start == nat
    start[undated] = end[undated] = _UNDATED
    start, end = np.minimum(start, end), np.maximum(start, end)
    pub_sort = np.where(pub == nat, np.iinfo(np.int64).max, pub)
    work = pd.DataFrame({
        "mid": mid, "metric": _text(get["metric"]), "unit": _text(get["unit"]),
        "per": _text(get["per"]), "undated": undated,
        "value": pd.to_numeric(get["value"], errors="coerce").to_numpy(dtype=float),
        "ps": start, "pe": end, "pub": pub_sort,
    })
    for c in ("article_id", "publisher", "title", "url", "attributed_to", "location"):
        work[c] = _text(get[c])
    work["published"] = pd.to_datetime(get["published"], errors="coerce").to_numpy(dtype="datetime64[ns]")
    return work[np.isfinite(work["value"].to_numpy())].reset_index(drop=True)


def _cluster(work: pd.DataFrame, settings: ClaimSettings) -> np.ndarray:
    """Claim number per row of `work` (0..k-1), by the value ranges and period sweep of the module rules."""
    n = len(work)
    if n == 0:
        return np.empty(0, dtype=np.int64)
    key = work.groupby(["metric", "unit", "per", "undated"], sort=True, observed=True).ngroup().to_numpy()
    order = np.lexsort((work["mid"].to_numpy(), work["pe"].to_numpy(), work["ps"].to_numpy(),
                        work["value"].to_numpy(), key))
    vals = work["value"].to_numpy()[order].tolist()
    k_sorted = key[order]
    seg_bounds = np.flatnonzero(np.diff(k_sorted)) + 1
    seg_starts = [0, *seg_bounds.tolist()]
    seg_ends = [*seg_bounds.tolist(), n]
    tol = settings.value_tolerance
    range_starts: list[int] = []
    for a, b in zip(seg_starts, seg_ends, strict=True):
        i = a
        while i < b:
            range_starts.append(i)
            v = vals[i]
            # a relative epsilon keeps a value exactly at the tolerance inside the range
            i = bisect.bisect_right(vals, v + abs(v) * tol * (1 + 1e-9), i + 1, b)
    lengths = np.diff(np.append(range_starts, n))
    vrange = np.empty(n, dtype=np.int64)
    vrange[order] = np.repeat(np.arange(len(range_starts)), lengths)
    if not settings.require_overlap:
        return vrange
    ps, pe, mid = work["ps"].to_numpy(), work["pe"].to_numpy(), work["mid"].to_numpy()
    order = np.lexsort((mid, pe, ps, vrange))
    vr, s, e = vrange[order], ps[order], pe[order]
    running_end = pd.Series(e).groupby(vr).cummax().to_numpy()
    new = np.ones(n, dtype=bool)
    new[1:] = (vr[1:] != vr[:-1]) | (s[1:] > running_end[:-1] + settings.period_slack_days)
    claim = np.empty(n, dtype=np.int64)
    claim[order] = np.cumsum(new) - 1
    return claim


def _members(df: pd.DataFrame, settings: ClaimSettings) -> pd.DataFrame:
    """The prepared rows with their claim number and claim_id, in chronological order within each claim."""
    work = _prepare(df)
    work["claim"] = _cluster(work, settings)
    work = work.sort_values(["claim", "pub", "mid"], kind="stable").reset_index(drop=True)
    ids = np.array(["c" + str(i) for i in work.groupby("claim")["mid"].min().tolist()], dtype=object)
    work["claim_id"] = ids[work["claim"].to_numpy()]
    return work


def claim_members(df: pd.DataFrame, settings: ClaimSettings | None = None) -> pd.DataFrame:
    """metric_id -> claim_id for every metric with a value (for the dashboard's drill-down)."""
    work = _members(df, settings or ClaimSettings())
    return work[["mid", "claim_id"]].rename(columns={"mid": "metric_id"}).sort_values("metric_id").reset_index(
        drop=True)


def _empty_claims() -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series(dtype=object) for c in CLAIM_COLUMNS})
    for c in ("value", "value_min", "value_max", "official_value", "official_ratio"):
        out[c] = out[c].astype(float)
    for c in ("n_reports", "n_articles", "n_publishers", "n_mentions"):
        out[c] = out[c].astype("int64")
    for c in ("period_start", "period_end", "first_published"):
        out[c] = out[c].astype("datetime64[ns]")
    out["conflict"] = out["conflict"].astype(bool)
    out["official_flag"] = out["official_flag"].astype("boolean")
    return out


def _join_runs(keys: np.ndarray, texts: list[str], sep: str) -> pd.Series:
    """For keys already sorted, each run of equal keys -> its texts joined by `sep` (faster than groupby.agg)."""
    if len(keys) == 0:
        return pd.Series(dtype=object)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    ends = np.r_[starts[1:], len(keys)]
    joined = [sep.join(texts[a:b]) for a, b in zip(starts.tolist(), ends.tolist(), strict=True)]
    return pd.Series(joined, index=keys[starts], dtype=object)


def _join_distinct(work: pd.DataFrame, column: str, sep: str) -> pd.Series:
    """Per claim, the distinct non-empty values of `column` in chronological order, joined by `sep`."""
    pairs = work.loc[work[column] != "", ["claim", column]].drop_duplicates()
    return _join_runs(pairs["claim"].to_numpy(), pairs[column].astype(object).tolist(), sep)


def group_claims(df: pd.DataFrame, settings: ClaimSettings | None = None) -> pd.DataFrame:
    """One row per claim (CLAIM_COLUMNS), most-repeated first; see the module docstring for the rules."""
    settings = settings or ClaimSettings()
    work = _members(df, settings)
    if work.empty:
        return _empty_claims()
    g = work.groupby("claim", sort=True)
    first = work.drop_duplicates("claim", keep="first").set_index("claim")
    url_code, art_code = work["url"].cat.codes.to_numpy(), work["article_id"].cat.codes.to_numpy()
    n_urls = len(work["url"].cat.categories)
    report_key = pd.Series(np.where(work["url"].to_numpy() != "", url_code, n_urls + art_code.astype(np.int64)))
    loc = (work.loc[work["location"] != ""].groupby(["claim", "location"], observed=True).size().rename("n")
           .reset_index()
           .sort_values(["claim", "n", "location"], ascending=[True, False, True])
           .drop_duplicates("claim").set_index("claim")["location"])
    claims = pd.DataFrame({
        "claim_id": first["claim_id"],
        "metric": first["metric"],
        "value": first["value"],
        "value_min": g["value"].min(),
        "value_max": g["value"].max(),
        "unit": first["unit"],
        "per": first["per"].astype(object).where(first["per"] != "", None),
        "ps": g["ps"].min(),
        "pe": g["pe"].max(),
        "location": loc.reindex(first.index),
        "n_reports": report_key.groupby(work["claim"]).nunique(),
        "n_articles": g["article_id"].nunique(),
        "n_publishers": work.loc[work["publisher"] != "", ["claim", "publisher"]].drop_duplicates()
        .groupby("claim").size().reindex(
            first.index, fill_value=0),
        "n_mentions": g.size(),
        "first_publisher": first["publisher"],
        "first_published": first["published"],
        "first_title": first["title"],
        "first_url": first["url"],
        "sources": _join_distinct(work, "attributed_to", "; ").reindex(first.index, fill_value=""),
    })
    claims["undated"] = claims["ps"] <= _UNDATED
    claims["period_start"] = _from_days(claims["ps"].to_numpy()).to_numpy()
    claims["period_end"] = _from_days(claims["pe"].to_numpy()).to_numpy()
    for c in ("metric", "unit", "first_publisher", "first_title", "first_url"):
        claims[c] = _plain(claims[c])
    claims["location"] = claims["location"].astype(object).where(claims["location"].notna(), None)
    claims = claims.reset_index(drop=True)
    official, claims["official_series"] = _official(claims)
    claims["official_value"] = official
    claims["official_ratio"] = claims["value"] / official
    flag = (claims["official_ratio"] - 1).abs() > settings.official_flag_share
    claims["official_flag"] = flag.astype("boolean").where(official.notna(), pd.NA)
    conflict_with = _conflicts(claims, work, settings)
    claims["conflict_with"] = conflict_with.reindex(claims.index, fill_value="")
    claims["conflict"] = claims["conflict_with"] != ""
    claims = claims.sort_values(["n_articles", "first_published", "claim_id"], ascending=[False, True, True],
                                na_position="last", kind="stable")
    return claims[list(CLAIM_COLUMNS)].reset_index(drop=True)


def _conflicts(claims: pd.DataFrame, work: pd.DataFrame, settings: ClaimSettings) -> pd.Series:
    """Per claim row, the ";"-joined ids of claims that disagree with it (see the module rules)."""
    place = _places(claims["location"])
    key = pd.DataFrame({"m": claims["metric"], "u": claims["unit"], "p": claims["per"].fillna(""), "l": place,
                        "d": claims["undated"]}).groupby(["m", "u", "p", "l", "d"], sort=True).ngroup().to_numpy()
    s, e = claims["ps"].to_numpy(np.int64), claims["pe"].to_numpy(np.int64)
    order = np.lexsort((e, s, key))
    base = s.min()
    span = int(max(e.max() - base, 0)) + settings.period_slack_days + 2
    comp_start = key[order].astype(np.int64) * span + (s[order] - base)
    comp_reach = key[order].astype(np.int64) * span + (e[order] - base) + settings.period_slack_days
    hi = np.searchsorted(comp_start, comp_reach, side="right")
    counts = np.maximum(hi - np.arange(len(order)) - 1, 0)
    values = claims["value"].to_numpy(float)[order]
    starts, ends, slack = s[order], e[order], settings.period_slack_days
    totals = claims["per"].isna().to_numpy()[order]
    on_record = ((claims["official_ratio"] - 1).abs() <= settings.conflict_threshold).to_numpy()[order]
    found_i: list[np.ndarray] = []
    found_j: list[np.ndarray] = []
    cum = np.cumsum(counts)
    lo = 0
    while lo < len(order):
        # take rows until the chunk holds about _PAIR_CHUNK candidate pairs
        stop = int(np.searchsorted(cum, (cum[lo - 1] if lo else 0) + _PAIR_CHUNK, side="right"))
        hi_row = max(stop, lo + 1)
        c = counts[lo:hi_row]
        i = np.repeat(np.arange(lo, hi_row), c)
        offs = np.arange(c.sum()) - np.repeat(np.cumsum(c) - c, c)
        j = i + 1 + offs
        a, b = np.abs(values[i]), np.abs(values[j])
        small = np.minimum(a, b)
        with np.errstate(divide="ignore", invalid="ignore"):
            diff = np.abs(values[i] - values[j]) / small
        keep = np.where(small > 0, diff > settings.conflict_threshold, np.maximum(a, b) > 0)
        keep &= np.maximum(a, b) <= settings.conflict_max_ratio * small
        # totals only disagree over the same period: a month and the quarter around it are different figures
        same_period = (np.abs(starts[i] - starts[j]) <= slack) & (np.abs(ends[i] - ends[j]) <= slack)
        keep &= ~totals[i] | same_period
        # both match an official series (e.g. CBP's total and Border Patrol's part): two true figures
        keep &= ~(on_record[i] & on_record[j])
        found_i.append(order[i[keep]])
        found_j.append(order[j[keep]])
        lo = hi_row
    pi = np.concatenate(found_i) if found_i else np.empty(0, np.int64)
    pj = np.concatenate(found_j) if found_j else np.empty(0, np.int64)
    if len(pi) == 0:
        return pd.Series(dtype=object)
    pairs = pd.DataFrame({"a": np.minimum(pi, pj), "b": np.maximum(pi, pj)})
    # claims reported together by one article are a breakdown or comparison, not a disagreement
    involved = np.unique(np.concatenate([pairs["a"], pairs["b"]]))
    # claims rows are still in claim-number order here, so a member's claim number is its claim's row
    arts = pd.DataFrame({"row": work["claim"].to_numpy(), "article_id": work["article_id"].cat.codes.to_numpy()})
    arts = arts[np.isin(arts["row"].to_numpy(), involved)].drop_duplicates()
    both = arts.merge(arts, on="article_id")
    both = both.loc[both["row_x"] < both["row_y"], ["row_x", "row_y"]].drop_duplicates()
    both.columns = ["a", "b"]
    pairs = pairs.merge(both, on=["a", "b"], how="left", indicator=True)
    pairs = pairs.loc[pairs["_merge"] == "left_only", ["a", "b"]]
    ids = claims["claim_id"].to_numpy()
    links = pd.DataFrame({"row": np.concatenate([pairs["a"], pairs["b"]]),
                          "other": np.concatenate([ids[pairs["b"]], ids[pairs["a"]]])})
    links = links.sort_values(["row", "other"])
    return _join_runs(links["row"].to_numpy(), links["other"].astype(object).tolist(), ";")


OFFICIAL_SERIES = {"total": "total_encounters", "usbp": "usbp_apprehensions"}


def _official_days(column: str) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """One CBP monthly column by day: first day, cumsums of the per-day rate, of the month's total, of gaps."""
    monthly = load_cbp_monthly().sort_values("month_start")
    first = int(_days(monthly["month_start"].iloc[:1])[0])
    starts = _days(monthly["month_start"]) - first
    ends = _days(monthly["month_end"]) - first + 1
    per_day = np.full(int(ends[-1]), np.nan)
    month_total = np.full(int(ends[-1]), np.nan)
    for a, b, total in zip(starts.tolist(), ends.tolist(), monthly[column].tolist(), strict=True):
        per_day[a:b] = total / (b - a)
        month_total[a:b] = total

    def cum(x: np.ndarray) -> np.ndarray:
        return np.concatenate([[0.0], np.cumsum(np.nan_to_num(x))])

    return first, cum(per_day), cum(month_total), np.concatenate([[0], np.cumsum(np.isnan(per_day))])


def _official_in(rows: pd.DataFrame, column: str) -> np.ndarray:
    """For eligible claim rows, the figure of one CBP column in each claim's own rate; NaN where none applies."""
    first, cum_day, cum_month, cum_missing = _official_days(column)
    last = len(cum_day) - 1
    a = rows["ps"].to_numpy(np.int64) - first
    b = rows["pe"].to_numpy(np.int64) - first + 1
    a_c, b_c = np.clip(a, 0, last), np.clip(b, 0, last)
    covered = (a >= 0) & (b <= last) & (cum_missing[b_c] - cum_missing[a_c] == 0) & (b_c > a_c)
    n_days = np.maximum(b_c - a_c, 1)
    total = cum_day[b_c] - cum_day[a_c]  # the per-day rate summed over whole months is the months' total
    mean_month = (cum_month[b_c] - cum_month[a_c]) / n_days
    start, end = pd.DatetimeIndex(rows["period_start"]), pd.DatetimeIndex(rows["period_end"])
    whole_months = np.asarray((start.day == 1) & end.is_month_end)
    per = rows["per"].fillna("").to_numpy()
    value = np.select([per == "day", per == "week", per == "month", (per == "") & whole_months],
                      [total / n_days, total / n_days * 7, mean_month, total], default=np.nan)
    value = np.where(covered, value, np.nan)
    if column == OFFICIAL_SERIES["total"]:
        fy = load_cbp_fiscal_years()
        fy_total = pd.Series(fy["total_encounters"].to_numpy(dtype=float),
                             index=pd.MultiIndex.from_arrays([_days(fy["start"]), _days(fy["end"])]))
        fy_match = fy_total.reindex(pd.MultiIndex.from_arrays([a + first, b + first - 1])).to_numpy(dtype=float)
        value = np.where((per == "") & ~np.isnan(fy_match), fy_match, value)
    return value


def _official(claims: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The CBP figure each claim is compared with and its series ("total" or "usbp"); NaN/None where none applies.

    News quotes both CBP's total encounters and Border Patrol's apprehensions (a part of it, about 80%), and a
    figure does not say which, so each claim is compared with whichever of the two it is closer to.
    """
    value = pd.Series(np.nan, index=claims.index)
    series = pd.Series(None, index=claims.index, dtype=object)
    place_ok = _places(claims["location"]).isin(["", "southwest border"])
    eligible = ((claims["metric"] == "encounters") & (claims["unit"] == "people") & ~claims["undated"]
                & claims["per"].fillna("").isin(["", "day", "week", "month"]) & place_ok)
    if not eligible.any():
        return value, series
    rows = claims.loc[eligible]
    total = _official_in(rows, OFFICIAL_SERIES["total"])
    usbp = _official_in(rows, OFFICIAL_SERIES["usbp"])
    claimed = rows["value"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        far_total = np.abs(np.log(claimed / total))
        far_usbp = np.abs(np.log(claimed / usbp))
    use_usbp = ~np.isnan(usbp) & (np.isnan(total) | (far_usbp < far_total))
    value.loc[eligible] = np.where(use_usbp, usbp, total)
    series.loc[eligible] = np.where(use_usbp, "usbp", np.where(np.isnan(total), "", "total"))
    return value, series.where(series.notna() & (series != ""), None)
