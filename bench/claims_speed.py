"""Time group_claims on 1,000,000 generated metrics against a plain sort + groupby of the same frame.

Run: .venv/bin/python bench/claims_speed.py [n_metrics] [repeats]
The frame looks like a big store: 14 kinds, values that cluster around a few thousand figures reported again
and again (with small rewordings), one-off figures, periods over six years, 200 publishers.
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

from extract.claims import claim_members, group_claims
from extract.models import METRIC_KINDS

PERS = np.array(["day", "", "month", "week"], dtype=object)


def make_metrics(n: int, n_figures: int = 3000, seed: int = 5) -> pd.DataFrame:
    """n metrics in Store.query() shape: 70% repeats of n_figures figures, 30% one-off values."""
    rng = np.random.default_rng(seed)
    day0 = np.datetime64("2019-10-01")
    fig_kind = rng.integers(0, len(METRIC_KINDS), n_figures)
    fig_per = rng.choice(PERS, n_figures, p=[0.4, 0.45, 0.1, 0.05])
    fig_value = np.round(10 ** rng.uniform(0, 7, n_figures), -1) + 1
    fig_day = rng.integers(0, 6 * 365, n_figures)
    fig_len = np.where(fig_per == "", rng.choice([0, 29, 364], n_figures), 0)
    repeat = rng.random(n) < 0.7
    fig = np.minimum(rng.zipf(1.3, n) - 1, n_figures - 1)  # a few figures travel very far
    kind = np.where(repeat, fig_kind[fig], rng.integers(0, len(METRIC_KINDS), n))
    per = np.where(repeat, fig_per[fig], rng.choice(PERS, n))
    value = np.where(repeat, fig_value[fig] * np.where(rng.random(n) < 0.8, 1, rng.uniform(0.99, 1.01, n)),
                     np.round(10 ** rng.uniform(0, 7, n)))
    start = np.where(repeat, fig_day[fig], rng.integers(0, 6 * 365, n))
    length = np.where(repeat, fig_len[fig], 0)
    published = start + length + rng.integers(0, 10, n)
    article = rng.integers(0, n // 8, n)
    publisher = rng.integers(0, 200, n)
    no_period = rng.random(n) < 0.05
    ps = (day0 + start).astype("datetime64[ns]")
    pe = (day0 + start + length).astype("datetime64[ns]")
    ps[no_period] = pe[no_period] = np.datetime64("NaT")
    kinds = np.array(METRIC_KINDS, dtype=object)
    return pd.DataFrame({
        "metric_id": np.arange(1, n + 1), "article_id": pd.Series(article).map("a{}".format),
        "metric": kinds[kind], "value": value, "unit": np.where(kind == 3, "usd", "people"),
        "per": pd.Series(per).replace("", None), "period_start": ps, "period_end": pe, "qualifier": "exact",
        "attributed_to": np.where(rng.random(n) < 0.5, "CBP", None), "location": np.where(
            rng.random(n) < 0.6, "southwest border", None),
        "evidence": "", "start": 0, "end": 0, "confidence": 1.0, "extractor_version": "bench",
        "title": pd.Series(article).map("Story {}".format), "publisher": pd.Series(publisher).map("Outlet {}".format),
        "published": (day0 + published).astype("datetime64[ns]"), "url": pd.Series(article).map(
            "https://example.org/{}".format),
    })


def timed(fn, *args, repeat: int = 1) -> tuple[float, object]:
    """Best wall time of `repeat` runs (the machine is shared: the best run is the least disturbed) and the result."""
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn(*args)
        best = min(best, time.perf_counter() - t0)
    return best, out


def baseline(df: pd.DataFrame) -> pd.DataFrame:
    """The least any grouping must do: sort by key and value, count rows per (kind, unit, per, value)."""
    return df.sort_values(["metric", "unit", "per", "value"]).groupby(
        ["metric", "unit", "per", "value"], dropna=False).size().reset_index()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    t_make, df = timed(make_metrics, n)
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    t_base, _ = timed(baseline, df, repeat=repeat)
    t_claims, claims = timed(group_claims, df, repeat=repeat)
    t_members, _ = timed(claim_members, df, repeat=repeat)
    print(f"metrics: {n:,} (generated in {t_make:.2f} s); best of {repeat} runs each")
    print(f"baseline sort+groupby:  {t_base:.2f} s")
    print(f"group_claims:           {t_claims:.2f} s  ({t_claims / t_base:.1f}x baseline)")
    print(f"claim_members:          {t_members:.2f} s  ({t_members / t_base:.1f}x baseline)")
    print(f"claims: {len(claims):,}; with >1 article: {(claims['n_articles'] > 1).sum():,}; "
          f"largest: {claims['n_articles'].max():,} articles; conflicts: {claims['conflict'].sum():,}; "
          f"with an official figure: {claims['official_value'].notna().sum():,}")


if __name__ == "__main__":
    main()
