"""Real databases for the dashboard tests: the gold corpus metrics written through extract.store.Store."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from extract.models import Article, Metric
from extract.store import Store

XSS = "<script>window.__pwned=1</script>"
XSS_ARTICLE = {
    "id": "xss-1",
    "title": f"Crafted title {XSS} <b>bold</b>",
    "publisher": "Untrusted Daily",
    "published": "2023-06-15",
    "url": "javascript:window.__pwned=2",
    "text": f"Agents reported 4,321 encounters {XSS} <b>bold</b> near Yuma on Thursday.",
    "metrics": [{
        "metric": "encounters", "value": 4321, "unit": "people", "per": None,
        "period_start": "2023-06-15", "period_end": "2023-06-15", "qualifier": "exact",
        "attributed_to": "<b>bold</b> agency", "location": "Yuma",
        "evidence": f"Agents reported 4,321 encounters {XSS} <b>bold</b> near Yuma",
    }],
}


def gold_items(corpus: Path, extra: list[dict] | None = None) -> list[tuple[Article, list[Metric]]]:
    """(article, its gold metrics) for every line of the corpus, plus `extra` records of the same shape."""
    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    items = []
    for record in records + list(extra or []):
        article = Article.from_dict(record)
        metrics = []
        for m in record.get("metrics", []):
            metric = Metric.from_dict(m, article.id)
            at = article.text.find(metric.evidence)
            metric.start, metric.end = (at, at + len(metric.evidence)) if at >= 0 else (0, 0)
            metrics.append(metric)
        items.append((article, metrics))
    return items


def fill_db(db: Path, items: list[tuple[Article, list[Metric]]]) -> Path:
    """A new SQLite database at `db` holding `items`."""
    with Store(db) as store:
        store.upsert_many(items, "gold")
    return db


def gold_frame(corpus: Path, extra: list[dict] | None = None) -> pd.DataFrame:
    """The gold metrics as Store.query would return them, from a real temporary database."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        db = fill_db(Path(tmp) / "gold.db", gold_items(corpus, extra))
        with Store(db, readonly=True) as store:
            return store.query(None)
