"""CSV output of untrusted article text: formulas are neutralised in every CSV we write, numbers are kept."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from extract.cli import main
from extract.output import RecordWriter, safe_cell, spreadsheet_safe

CELLS = [
    ("=1+1", "'=1+1"),
    ("+SUM(A1:A9)", "'+SUM(A1:A9)"),
    ("-2+3", "'-2+3"),
    ("@cmd", "'@cmd"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("-5", "-5"),  # text that is a plain number cannot run anything: kept as typed
    ("+1.5", "+1.5"),
    ("a = b", "a = b"),
    ("", ""),
]


@pytest.mark.parametrize(("cell", "written"), CELLS + [(None, None)])
def test_spreadsheet_safe_neutralises_formulas_only_in_text(cell: str | None, written: str | None) -> None:
    frame = pd.DataFrame({"title": [cell, "plain"], "value": [-5.0, 7.0], "n": [-5, 1]})
    out = spreadsheet_safe(frame)
    title, before = (None if pd.isna(x) else x for x in (out["title"].iloc[0], frame["title"].iloc[0]))
    assert (title, out["value"].tolist(), out["n"].tolist()) == (written, [-5.0, 7.0], [-5, 1])
    assert before == cell  # the input frame is left as it was


@pytest.mark.parametrize(("cell", "written"), CELLS + [(-5.0, -5.0), (3, 3)])
def test_safe_cell_matches_the_frame_version(cell: object, written: object) -> None:
    assert safe_cell(cell) == written


@pytest.mark.parametrize(("fmt", "evidence_read_back"), [("csv", "'=HYPERLINK(1)"), ("jsonl", "=HYPERLINK(1)")])
def test_record_writer_guards_csv_only(fmt: str, evidence_read_back: str) -> None:
    stream = io.StringIO()
    RecordWriter(stream, fmt, ["evidence", "value"]).write({"evidence": "=HYPERLINK(1)", "value": -3})
    stream.seek(0)
    if fmt == "csv":
        row = pd.read_csv(stream).iloc[0]
        assert (row["evidence"], row["value"]) == (evidence_read_back, -3)
    else:
        assert json.loads(stream.getvalue()) == {"evidence": evidence_read_back, "value": -3}


def test_export_csv_neutralises_an_article_written_to_run(tmp_path: Path) -> None:
    article = {"id": "x", "title": "=cmd|' /C calc'!A0", "publisher": "@evil", "published": "2024-05-01",
               "url": "https://example.org/a", "text": "Agents apprehended 1,200 migrants in April, CBP said."}
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps(article) + "\n", encoding="utf-8")
    db, out = tmp_path / "x.db", tmp_path / "out.csv"
    assert main(["ingest", str(src), "--db", str(db), "--quiet"]) == 0
    assert main(["export", "--db", str(db), "--format", "csv", "-o", str(out)]) == 0
    frame = pd.read_csv(out)
    assert frame["title"].tolist() == ["'=cmd|' /C calc'!A0"]
    assert frame["publisher"].tolist() == ["'@evil"]
    assert frame["value"].tolist() == [1200]
