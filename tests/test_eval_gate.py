"""Quality gate: the extractor scored over each gold set may not fall below the floors pinned for it."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from extract.evaluate import EvalReport, evaluate, read_gold
from extract.pipeline import extract_metrics

HERE = Path(__file__).parent
BASELINE = json.loads((HERE / "eval_baseline.json").read_text(encoding="utf-8"))
OWN_SETS = {name: HERE / "data" / f"{name}.jsonl" for name in ("own_set", "own_set2", "own_set3", "own_set4", "own_set5")}
CASES = [(corpus, name, floor) for corpus, floors in BASELINE.items() if not corpus.startswith("_")
         for name, floor in sorted(floors.items())]


@functools.cache
def _report(path: Path) -> EvalReport:
    items, problems = read_gold(path)
    assert problems == [] and len(items) >= (30 if path in OWN_SETS.values() else 100)
    return evaluate(items, extract_metrics)


@pytest.mark.parametrize(("corpus", "name", "floor"), CASES, ids=[f"{c}-{n}" for c, n, _ in CASES])
def test_score_stays_above_floor(sample_corpus: Path, corpus: str, name: str, floor: float) -> None:
    score = _report(sample_corpus if corpus == "sample" else OWN_SETS[corpus]).scores()[name]
    assert score >= floor, f"{corpus} {name} fell to {score:.3f} (floor {floor}); see `bordermetrics eval --show`"


@pytest.mark.parametrize("corpus", ["sample", *OWN_SETS])
def test_every_evidence_is_an_exact_substring_with_offsets(sample_corpus: Path, corpus: str) -> None:
    items, _ = read_gold(sample_corpus if corpus == "sample" else OWN_SETS[corpus])
    for article, _gold in items:
        for m in extract_metrics(article):
            assert article.text[m.start:m.end] == m.evidence
            assert 0.0 <= m.confidence <= 1.0
