"""Paths and defaults shared by the command line, the store and the dashboard."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
# An installed wheel carries data/sample and data/reference as extract/data/ (see package-dir in
# pyproject.toml); a checkout, editable install included, has no such folder and reads the top-level data/.
INSTALLED_DATA = PACKAGE_DIR / "data"


def bundled_dir() -> Path:
    """The read-only data shipped with the code: extract/data/ of an installed wheel, else data/ of the checkout."""
    return INSTALLED_DATA if INSTALLED_DATA.is_dir() else PROJECT_ROOT / "data"


def data_dir() -> Path:
    """Where the database goes: $BORDERMETRICS_DATA, else data/ of the checkout, else ./data."""
    env = os.environ.get("BORDERMETRICS_DATA")
    if env:
        return Path(env)
    checkout = PROJECT_ROOT / "data"
    # never the installed package's folder: site-packages is no place for a database that grows
    return checkout if not INSTALLED_DATA.is_dir() and checkout.is_dir() else Path("data")


def default_db() -> Path:
    """The embedded database the commands use unless --db says otherwise."""
    env = os.environ.get("BORDERMETRICS_DB")
    return Path(env) if env else data_dir() / "bordermetrics.db"


def sample_corpus() -> Path:
    """The bundled sample articles (the gold corpus, metrics included) that a fresh install serves."""
    return bundled_dir() / "sample" / "border_news.jsonl"


def reference_dir() -> Path:
    """Official CBP reference series shipped with the code."""
    return bundled_dir() / "reference"
