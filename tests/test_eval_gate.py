"""Quality gate: the extractor scored over the bundled gold sample may not fall below the pinned floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.evaluate import EvalReport, evaluate, read_gold
from extract.pipeline import extract_metrics

BASELINE = json.loads((Path(__file__).parent / "eval_baseline.json").read_text(encoding="utf-8"))
FLOORS = {k: v for k, v in BASELINE.items() if not k.startswith("_")}


@pytest.fixture(scope="module")
def report(sample_corpus: Path) -> EvalReport:
    items, problems = read_gold(sample_corpus)
    assert problems == [] and len(items) >= 100
    return evaluate(items, extract_metrics)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_score_stays_above_floor(report: EvalReport, name: str) -> None:
    score = report.scores()[name]
    assert score >= FLOORS[name], f"{name} fell to {score:.3f} (floor {FLOORS[name]}); see `bordermetrics eval --show`"


def test_every_evidence_is_an_exact_substring_with_offsets(sample_corpus: Path) -> None:
    items, _ = read_gold(sample_corpus)
    for article, _gold in items:
        for m in extract_metrics(article):
            assert article.text[m.start:m.end] == m.evidence
            assert 0.0 <= m.confidence <= 1.0
