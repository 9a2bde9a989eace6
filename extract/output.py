"""Write records (dicts) as JSON Lines or CSV: the one writer behind `extract` and `export`."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from typing import IO, Any

FORMATS = ("jsonl", "csv")


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
            self._csv.writerow({k: ("" if v is None else v) for k, v in record.items()})
        else:
            self.stream.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        self.count += 1
