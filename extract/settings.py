"""Paths and defaults shared by the command line, the store and the dashboard."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The project's data/ folder: $BORDERMETRICS_DATA, else data/ of the checkout, else ./data."""
    env = os.environ.get("BORDERMETRICS_DATA")
    if env:
        return Path(env)
    bundled = PROJECT_ROOT / "data"
    return bundled if bundled.is_dir() else Path("data")


def default_db() -> Path:
    """The embedded database the commands use unless --db says otherwise."""
    env = os.environ.get("BORDERMETRICS_DB")
    return Path(env) if env else data_dir() / "bordermetrics.db"


def sample_corpus() -> Path:
    """The bundled sample articles (the gold corpus, metrics included) that a fresh install serves."""
    return data_dir() / "sample" / "border_news.jsonl"


def reference_dir() -> Path:
    """Official CBP reference series copied into the project."""
    return data_dir() / "reference"
