"""The number and time layers' fast paths must not change what they find: each cheap test before a pattern must
hold wherever the pattern matches, on the sample corpus and on edge cases."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extract import periods

EDGES = [
    "since \n", "Since\tthe start of ", "Starting in ", "beginning\u00a0in ", "so far in ", "Year-to-date in ",
    "to date in ", "the week ending ", "Week of ", "A YEAR AGO, ", "one year earlier ", "since the rule took effect on ",
]


def _texts(sample: Path) -> list[str]:
    return [json.loads(line)["text"] for line in sample.read_text(encoding="utf-8").splitlines() if line] + EDGES


def _windows(sample: Path, width: int) -> list[str]:
    """The `width` characters before every word of the sample and the edge cases (and each edge case whole)."""
    texts = _texts(sample)
    return EDGES + [text[max(0, m.start() - width) : m.start()] for text in texts for m in re.finditer(r"\b\w", text)]


@pytest.mark.parametrize(("may", "pattern", "width"), [
    (periods._may_since, periods._SINCE_LEAD, 40),
    (periods._may_since_clause, periods._SINCE_CLAUSE, 70),
    (periods._may_sofar, periods._SOFAR_LEAD, 40),
    (periods._may_year_ago, periods._YEAR_AGO_BEFORE, 300),
    (periods._may_week, periods._WEEK_LEAD, 40),
], ids=["since", "since_clause", "sofar", "year_ago", "week"])
def test_period_lead_in_prefilters_never_skip_a_match(sample_corpus: Path, may, pattern: re.Pattern[str],
                                                      width: int) -> None:
    windows = _windows(sample_corpus, width)
    matched = [w for w in windows if pattern.search(w)]
    assert matched  # the corpus exercises the pattern
    assert [w for w in matched if not may(w)] == []
