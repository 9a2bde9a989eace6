"""Write records (dicts) as JSON Lines or CSV: the one writer behind `extract` and `export`.

Article text is untrusted: a CSV cell that begins with = + - @ (or a tab or CR) may run as a formula in a
spreadsheet, so such text cells get a leading "'" in every CSV we write (JSON Lines stays as it is).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Sequence
from typing import IO, Any

import pandas as pd

FORMATS = ("jsonl", "csv")
_FORMULA_CELL = r"^[=+\-@\t\r]"
_FORMULA_START = re.compile(_FORMULA_CELL)


def _is_number_text(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def safe_cell(value: Any) -> Any:
    """One CSV cell: text that a spreadsheet would run as a formula gets a leading "'"; anything else as is."""
    if isinstance(value, str) and _FORMULA_START.match(value) and not _is_number_text(value):
        return "'" + value
    return value


def spreadsheet_safe(df: pd.DataFrame) -> pd.DataFrame:
    """A copy for CSV output: text cells that begin with = + - @ (or a tab or CR) get a leading "'", so a
    spreadsheet shows them instead of running them; numbers, and text that is a plain number ("-5"), are kept."""
    out = df.copy()
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series):
            continue
        text = series.astype("object").where(series.notna(), None).astype("string")
        risky = text.str.contains(_FORMULA_CELL, regex=True).fillna(False).astype(bool)
        risky &= pd.to_numeric(text.where(risky), errors="coerce").isna()
        if risky.any():
            out[col] = series.astype("object")
            out.loc[risky, col] = "'" + text[risky].astype(str)
    return out


class RecordWriter:
    """Streams dicts to a text stream in one of FORMATS; CSV columns are fixed by `columns`."""

    def __init__(self, stream: IO[str], fmt: str, columns: Sequence[str]) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
        self.stream = stream
        self.fmt = fmt
        self.count = 0
        self._csv = None
        if fmt == "csv":
            self._csv = csv.DictWriter(stream, fieldnames=list(columns), extrasaction="ignore")
            self._csv.writeheader()

    def write(self, record: dict[str, Any]) -> None:
        if self._csv is not None:
            self._csv.writerow({k: ("" if v is None else safe_cell(v)) for k, v in record.items()})
        else:
            self.stream.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        self.count += 1
