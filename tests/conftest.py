"""Shared test fixtures: where the bundled data and ../shared live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SAMPLE = DATA / "sample" / "border_news.jsonl"
SHARED = Path(os.environ.get("BORDERMETRICS_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def sample_corpus() -> Path:
    """The gold corpus as bundled with the project (articles with hand-labelled metrics)."""
    return SAMPLE


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared, or a skip saying why it is missing (a user's clone does not have it)."""
    if not SHARED.is_dir():
        pytest.skip(f"../shared is not present at {SHARED}: peer suites live there, not in the project")
    return SHARED
