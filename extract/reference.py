"""Official CBP southwest-border encounter series (monthly and fiscal-year), as bundled in data/reference/.

An installed wheel carries that folder as extract/data/reference/; settings.reference_dir() finds either.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from extract.settings import reference_dir

MONTHLY_FILE = "cbp_southwest_encounters_monthly.csv"
FY_FILE = "cbp_southwest_encounters_fy.csv"
SOURCE_NAME = "U.S. Customs and Border Protection, Southwest Land Border Encounters"


@functools.cache
def load_cbp_monthly(folder: Path | None = None) -> pd.DataFrame:
    """One row per month: month_start, month_end, total_encounters, usbp_apprehensions, per_day, source_url, note.

    Months whose total was not found keep NaN in total_encounters and per_day.
    """
    path = (folder or reference_dir()) / MONTHLY_FILE
    df = pd.read_csv(path, dtype={"month": str})
    df["month_start"] = pd.to_datetime(df["month"] + "-01")
    df["month_end"] = df["month_start"] + pd.offsets.MonthEnd(0)
    df["total_encounters"] = pd.to_numeric(df["total_encounters"], errors="coerce")
    df["usbp_apprehensions"] = pd.to_numeric(df["usbp_apprehensions"], errors="coerce")
    df["per_day"] = df["total_encounters"] / df["month_start"].dt.days_in_month
    return df


@functools.cache
def load_cbp_fiscal_years(folder: Path | None = None) -> pd.DataFrame:
    """Official fiscal-year totals: fiscal_year (e.g. 'FY2023'), start, end, total_encounters, source_url, note."""
    path = (folder or reference_dir()) / FY_FILE
    df = pd.read_csv(path, dtype={"fiscal_year": str})
    year = df["fiscal_year"].str.extract(r"(\d{4})")[0].astype(int)
    df["start"] = pd.to_datetime((year - 1).astype(str) + "-10-01")
    df["end"] = pd.to_datetime(year.astype(str) + "-09-30")
    df["total_encounters"] = pd.to_numeric(df["total_encounters"], errors="coerce")
    return df
