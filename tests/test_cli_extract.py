"""`bordermetrics extract`: JSON Lines, text files, stdin and CSV out; bad input is reported and skipped."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extract.cli import main
from extract.models import METRIC_FIELDS

GOOD = {"id": "ok-1", "published": "2024-05-15", "publisher": "Test Wire",
        "text": "Border Patrol agents apprehended about 4,100 migrants in the Tucson Sector on Monday."}
TEXT = "Border crossings\n\nAgents recorded 128,900 encounters along the southwest border in April, CBP said.\n"


def _jsonl(path: Path, records: list[object]) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_sample_corpus_through_the_installed_command(sample_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "metrics.jsonl"
    proc = subprocess.run([sys.executable, "-m", "extract", "extract", str(sample_corpus), "-o", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    rows = _read_jsonl(out)
    assert len(rows) > 400 and set(rows[0]) == set(METRIC_FIELDS)
    assert "124 articles" in proc.stderr and "0 rejected" in proc.stderr


def test_stdin_text_with_published_date() -> None:
    proc = subprocess.run([sys.executable, "-m", "extract", "extract", "-", "--published", "2024-05-15", "--quiet"],
                          input=TEXT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stderr == ""
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [(r["metric"], r["value"], r["period_start"], r["attributed_to"]) for r in rows] == [
        ("encounters", 128900, "2024-04-01", "CBP")]


def test_txt_file_with_published_and_publisher(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    txt = tmp_path / "story.txt"
    txt.write_text(TEXT, encoding="utf-8")
    assert main(["extract", str(txt), "--published", "2024-05-15", "--publisher", "Wire"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 1 and rows[0]["period_end"] == "2024-04-30" and rows[0]["article_id"]


@pytest.mark.parametrize("as_flag", [True, False])
def test_csv_output_reads_back(tmp_path: Path, as_flag: bool) -> None:
    src = _jsonl(tmp_path / "in.jsonl", [GOOD])
    out = tmp_path / ("out.txt" if as_flag else "out.csv")
    args = ["extract", str(src), "-o", str(out), "--quiet"] + (["--format", "csv"] if as_flag else [])
    assert main(args) == 0
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == list(METRIC_FIELDS)
    assert (rows[0]["metric"], float(rows[0]["value"]), rows[0]["per"], rows[0]["location"]) == (
        "encounters", 4100.0, "day", "Tucson Sector")


BAD_LINES = [
    (["{not json"], "in.jsonl:2", "not valid JSON"),
    ([{"id": "x", "published": "2024-01-01"}], "in.jsonl:2", "no text"),
    ([{"id": "x", "text": "   "}], "in.jsonl:2", "no text"),
    ([{"id": "x", "text": "5 migrants", "published": "yesterday"}], "in.jsonl:2", "bad 'published' date"),
    (["[1, 2, 3]"], "in.jsonl:2", "expected a JSON object"),
    ([{"id": "big", "text": "a" * 10_000_001}], "in.jsonl:2", "over the 5,000,000 limit"),
]


@pytest.mark.parametrize(("bad", "where", "reason"), BAD_LINES)
def test_bad_line_is_reported_and_the_rest_processed(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    bad: list[object], where: str, reason: str) -> None:
    src = _jsonl(tmp_path / "in.jsonl", [GOOD, *bad, {**GOOD, "id": "ok-2"}])
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(src), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert where in err and reason in err and "1 rejected" in err
    assert {r["article_id"] for r in _read_jsonl(out)} == {"ok-1", "ok-2"}


def test_article_without_date_still_yields_metrics(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    undated = {"id": "nodate", "text": "Agents apprehended 2,300 migrants in April, the agency said."}
    src = _jsonl(tmp_path / "in.jsonl", [undated])
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(src), "-o", str(out)]) == 0
    assert "1 without a publication date" in capsys.readouterr().err
    rows = _read_jsonl(out)
    assert [(r["value"], r["period_start"], r["period_end"]) for r in rows] == [(2300, None, None)]


def test_control_characters_are_cleaned(tmp_path: Path) -> None:
    dirty = {**GOOD, "id": "ctl", "text": "Agents\x00 apprehended\x07 about 4,100\x1b migrants on Monday."}
    src = _jsonl(tmp_path / "in.jsonl", [dirty])
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(src), "-o", str(out), "--quiet"]) == 0
    rows = _read_jsonl(out)
    assert [r["value"] for r in rows] == [4100] and all(ch >= " " for ch in rows[0]["evidence"])


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p.write_bytes(b"\x00\x01binary"), "binary file"),
        (lambda p: p.write_bytes(b"\x1b\x02\x03\x04 no NUL byte" * 50), "binary file"),  # same sniff as `ingest`
        (lambda p: p.write_text("", encoding="utf-8"), "file is empty"),
        (lambda p: None, "no such file"),
        (lambda p: p.mkdir(), "is a folder"),
        (lambda p: os.mkfifo(p), "not a regular file"),
        (lambda p: p.write_text("x" * 10_000_001, encoding="utf-8"), "over the 5,000,000 limit"),
    ],
)
def test_bad_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str], make, reason: str) -> None:
    bad = tmp_path / "bad.txt"
    make(bad)
    good = _jsonl(tmp_path / "good.jsonl", [GOOD])
    assert main(["extract", str(bad), str(good), "-o", str(tmp_path / "out.jsonl")]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and reason in err
    assert len(_read_jsonl(tmp_path / "out.jsonl")) == 1


PAGE = ("<!doctype html><html><head><title>Border crossings</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>Border crossings</h1><p>{GOOD['text']}</p><p>Officials expect more arrivals in the "
        "summer months, the agency said in a statement on Tuesday.</p></article></body></html>")
FEED = ("<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title><item><title>One</title>"
        "<link>https://w.test/1</link><pubDate>Wed, 15 May 2024 10:00:00 GMT</pubDate>"
        f"<description>&lt;p&gt;{GOOD['text']}&lt;/p&gt;</description></item></channel></rss>")
# (file name, content, articles read): every format `ingest` reads, through the same readers
FORMATS = [
    ("page.html", PAGE, 1),
    ("page.htm", PAGE, 1),
    ("feed.xml", FEED, 1),
    ("rows.csv", f'title,text,date\nT,"{GOOD["text"]}",2024-05-15\n', 1),
    ("array.json", json.dumps([GOOD, {**GOOD, "text": GOOD["text"] + " Again."}]), 2),
    ("pretty.json", json.dumps(GOOD, indent=2), 1),
    ("lines.json", json.dumps(GOOD) + "\n" + json.dumps({**GOOD, "text": GOOD["text"] + " Again."}) + "\n", 2),
]


@pytest.mark.parametrize(("name", "content", "articles"), FORMATS, ids=[f[0] for f in FORMATS])
def test_every_ingest_format_is_read_without_markup(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
                                                    content: str, articles: int) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    assert main(["extract", str(tmp_path / name), "--published", "2024-05-15"]) == 0
    out, err = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines()]
    assert f"{articles} articles" in err and len(rows) == articles, err
    assert all(r["value"] == 4100 and "<" not in r["evidence"] and "&lt;" not in r["evidence"] for r in rows), rows


@pytest.mark.parametrize(("padding", "code", "said"), [
    (0, 0, "1 articles"),
    (20_000_000, 1, "<stdin>: input over 20,000,000 characters; stopped reading"),  # a cap like files have
])
def test_stdin_has_a_size_cap(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], padding: int,
                              code: int, said: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(TEXT + " " * padding))
    assert main(["extract", "-", "--published", "2024-05-15"]) == code
    assert said in capsys.readouterr().err
