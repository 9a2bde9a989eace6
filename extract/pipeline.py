"""extract_metrics(article) -> list[Metric]. PLACEHOLDER: being built under issue 2."""

from __future__ import annotations

from extract.models import Article, Metric


def extract_metrics(article: Article) -> list[Metric]:
    """Every metric in the article, in text order."""
    return []
