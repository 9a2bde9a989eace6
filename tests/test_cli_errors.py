"""Setup errors stop a command once, cleanly: exit code 2, a message naming the cause, no traceback, nothing stored."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from extract import EXTRACTOR_VERSION
from extract.cli import main
from extract.models import Article, Metric
from extract.store import Store

TEXT = "Border Patrol agents recorded 128,900 encounters in February, the agency said."


def _inputs(tmp_path: Path) -> tuple[Path, Path]:
    """Two articles in a JSON Lines file, and a database that already holds one article with one metric."""
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"a-{n}", "title": "T", "published": "2024-03-01",
                                       "text": f"{TEXT} {n}"}) + "\n" for n in (1, 2)))
    db = tmp_path / "db.sqlite"
    with Store(db) as store:
        store.upsert(Article("kept", "Kept", "P", dt.date(2024, 1, 1), "https://k.test", TEXT),
                     [Metric("kept", "encounters", 5, "people")], "older")
    return src, db


# (rule file, its broken content, what the message must name)
BROKEN = [
    ("kinds.yaml", "kinds: [unclosed\n", "not valid YAML"),
    ("kinds.yaml", "kinds: 7\n", "field 'kinds'"),
]
COMMANDS = [
    ["extract", "{src}", "-o", "{out}"],
    ["ingest", "{src}", "--db", "{db}", "--quiet"],
    ["reextract", "--db", "{db}", "--all", "--quiet"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=[c[0] for c in COMMANDS])
@pytest.mark.parametrize(("name", "content", "named"), BROKEN, ids=["yaml", "schema"])
def test_a_broken_rule_file_stops_the_run_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str], argv: list[str], name: str,
                                               content: str, named: str) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / name).write_text(content)
    monkeypatch.setenv("BORDERMETRICS_RULES", str(rules))
    src, db = _inputs(tmp_path)
    out = tmp_path / "out.jsonl"
    assert main([a.format(src=src, db=db, out=out) for a in argv]) == 2
    err = capsys.readouterr().err
    assert err.count("broken rule file") == 1 and name in err and named in err and "Traceback" not in err, err
    assert not out.exists()
    with Store(db) as store:  # nothing stored, nothing replaced
        assert store.counts() == {"articles": 1, "metrics": 1}
        assert store.count_stale(EXTRACTOR_VERSION) == 1


# (argv, what stderr must say); {tmp} is a temporary folder, {db} a database holding one article
BAD_OUTPUTS = [
    (["extract", "{src}", "-o", "{tmp}/nodir/out.jsonl"], "extract: cannot write {tmp}/nodir/out.jsonl: No such file"),
    (["extract", "{src}", "-o", "{tmp}"], "extract: cannot write {tmp}: Is a directory"),
    (["export", "--db", "{db}", "-o", "{tmp}/nodir/x.csv"], "export: cannot write {tmp}/nodir/x.csv: No such file"),
    (["export", "--db", "{db}", "--format", "parquet", "-o", "{tmp}"], "export: cannot write {tmp}: it is a folder"),
    (["export", "--db", "{db}", "--format", "parquet", "-o", "{tmp}/nodir/x.parquet"],
     "export: cannot write {tmp}/nodir/x.parquet"),
    (["export", "--db", "{db}", "--format", "parquet"], "parquet is a binary format; give a file with -o"),
    (["export", "--db", "{db}", "--from", "2024-01-01", "--to", "2023-01-01"],
     "export: --from 2024-01-01 is after --to 2023-01-01"),  # not an output, but the same kind of mistake
]


@pytest.mark.parametrize(("argv", "message"), BAD_OUTPUTS, ids=[" ".join(a[0:1] + a[-2:]) for a, _ in BAD_OUTPUTS])
def test_an_unwritable_output_or_bad_range_is_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
                                           message: str) -> None:
    src, db = _inputs(tmp_path)
    assert main([a.format(src=src, db=db, tmp=tmp_path) for a in argv]) == 2
    err = capsys.readouterr().err
    assert message.format(tmp=tmp_path) in err and "Traceback" not in err, err


@pytest.mark.parametrize("port", ["0", "99999", "-1", "http"])
def test_serve_refuses_a_port_out_of_range(capsys: pytest.CaptureFixture[str], port: str) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["serve", "--port", port, "--no-sample"])
    assert stop.value.code == 2 and "not a port number from 1 to 65535" in capsys.readouterr().err
