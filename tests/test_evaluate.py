"""The scorer itself: match tolerance, one-to-one matching, name comparison with aliases."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from extract.evaluate import evaluate, match_metrics, read_gold, run_eval, same_name
from extract.models import Article, Metric

DAY = dt.date(2023, 12, 18)


def metric(kind: str = "encounters", value: float = 100.0, per: str | None = None, **kw: object) -> Metric:
    return Metric(article_id="a", metric=kind, value=value, unit="people", per=per, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("predicted", "gold", "pairs"),
    [
        ([metric(value=100)], [metric(value=100)], [(0, 0)]),
        ([metric(value=100.9)], [metric(value=100)], [(0, 0)]),  # within 1%
        ([metric(value=101.5)], [metric(value=100)], []),  # beyond 1%
        ([metric(value=100)], [metric("removals", 100)], []),  # kind differs
        ([metric(value=100, per="day")], [metric(value=100)], []),  # per differs
        ([metric(value=0)], [metric(value=0)], [(0, 0)]),
        # one-to-one: two predictions, one gold -> one match
        ([metric(value=100), metric(value=100)], [metric(value=100)], [(0, 0)]),
        # closest value first: the exact prediction takes the gold record, not the earlier near one
        ([metric(value=100.5), metric(value=100)], [metric(value=100)], [(1, 0)]),
        # greedy by difference: 1000 -> 1000 and 995 -> 990 rather than 995 -> 1000
        ([metric(value=995), metric(value=1000)], [metric(value=1000), metric(value=990)], [(1, 0), (0, 1)]),
    ],
)
def test_match_metrics(predicted: list[Metric], gold: list[Metric], pairs: list[tuple[int, int]]) -> None:
    assert sorted(match_metrics(predicted, gold)) == sorted(pairs)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (None, None, True),
        ("", None, True),
        ("CBP", None, False),
        (None, "CBP", False),
        ("CBP", "U.S. Customs and Border Protection", True),
        ("The Border Patrol", "Border Patrol", True),
        ("USBP", "U.S. Border Patrol", True),
        ("Border Patrol", "USBP", True),
        ("DHS", "Department of Homeland Security", True),
        ("ICE", "U.S. Immigration and Customs Enforcement", True),
        ("INM", "Mexico's National Migration Institute", True),
        ("National Institute of Migration", "INM", True),
        ("Instituto Nacional de Migración", "INM", True),
        ("IOM", "International Organization for Migration", True),
        ("Gov. Greg Abbott", "Greg Abbott", True),  # one contains the other
        ("El Paso Sector", "El Paso", True),
        ("southwest border", "Southwest Border", True),
        ("CBP", "DHS", False),
        ("ICE", "Border Patrol", False),
        ("Mark Morgan", "Kevin McAleenan", False),
        ("Customs and Border Protection data", "CBP", True),
    ],
)
def test_same_name(a: str | None, b: str | None, same: bool) -> None:
    assert same_name(a, b) is same


ARTICLE = Article(id="t-1", title="", publisher="", published=DAY, url="", text="x")


@pytest.mark.parametrize(
    ("predicted", "gold", "expect"),
    [
        # perfect
        ([metric(value=5, attributed_to="CBP", location="El Paso", period_start=DAY, period_end=DAY)],
         [metric(value=5, attributed_to="U.S. Customs and Border Protection", location="El Paso Sector",
                 period_start=DAY, period_end=DAY)],
         {"precision": 1.0, "recall": 1.0, "period": 1.0, "attribution": 1.0, "location": 1.0, "qualifier": 1.0}),
        # one false alarm, one miss; the matched pair has a wrong period end and qualifier
        ([metric(value=5, period_start=DAY, period_end=DAY + dt.timedelta(days=1), qualifier="approx"),
          metric("deaths", 3)],
         [metric(value=5, period_start=DAY, period_end=DAY), metric("removals", 7)],
         {"precision": 0.5, "recall": 0.5, "period": 0.0, "attribution": 1.0, "location": 1.0, "qualifier": 0.0}),
    ],
)
def test_evaluate_scores(predicted: list[Metric], gold: list[Metric], expect: dict[str, float]) -> None:
    report = evaluate([(ARTICLE, gold)], lambda _article: predicted)
    got = {
        "precision": report.overall.precision, "recall": report.overall.recall,
        "period": report.period_accuracy, "attribution": report.attribution_accuracy,
        "location": report.location_accuracy, "qualifier": report.qualifier_accuracy,
    }
    assert got == pytest.approx(expect)
    assert len(report.misses) + report.overall.matched == len(gold)
    assert len(report.false_alarms) + report.overall.matched == len(predicted)


def test_per_kind_counts() -> None:
    report = evaluate([(ARTICLE, [metric(value=1), metric("deaths", 2)])], lambda _a: [metric(value=1)])
    assert report.per_kind["encounters"].f1 == 1.0
    assert report.per_kind["deaths"].recall == 0.0


GOOD = {"id": "g-1", "published": "2023-12-19", "text": "About 10,800 migrants were apprehended on Monday.",
        "metrics": [{"metric": "encounters", "value": 10800, "unit": "people", "per": "day"}]}


@pytest.mark.parametrize(
    ("lines", "n_items", "n_problems"),
    [
        ([json.dumps(GOOD)], 1, 0),
        ([json.dumps(GOOD), "{not json", ""], 1, 1),
        ([json.dumps({**GOOD, "metrics": "x"})], 0, 1),
        ([json.dumps({**GOOD, "text": ""})], 0, 1),
        ([json.dumps({**GOOD, "published": "19/12/2023"})], 0, 1),
        ([json.dumps({**GOOD, "metrics": [{"value": 3}]})], 0, 1),
        (["[1, 2]"], 0, 1),
    ],
)
def test_read_gold_reports_bad_lines(tmp_path: Path, lines: list[str], n_items: int, n_problems: int) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items, problems = read_gold(path)
    assert (len(items), len(problems)) == (n_items, n_problems)
    assert all(str(path) in str(p) for p in problems)


def test_run_eval_show_and_bad_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(GOOD) + "\nnot json\n", encoding="utf-8")
    assert run_eval(str(path), show=5) == 1  # a bad line makes the exit code 1; the rest is scored
    out = capsys.readouterr()
    assert "F1" in out.out and "articles 1" in out.out
    assert f"{path}:2" in out.err


def test_run_eval_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    assert run_eval(str(path), as_json=True) == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["gold"] == 1 and set(scores) >= {"f1", "period_accuracy", "per_kind"}


def test_run_eval_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_eval(str(tmp_path / "nope.jsonl")) == 1
    assert "no such file" in capsys.readouterr().err
