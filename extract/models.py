"""The one data model: Article in, Metric out. Every module uses these definitions."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, fields
from typing import Any

METRIC_KINDS = (
    "encounters",
    "crossings",
    "migrants_transit",
    "economic_loss",
    "trade_value",
    "freight",
    "wait_time",
    "deaths",
    "detention",
    "removals",
    "asylum",
    "seizures",
    "personnel",
    "funding",
)
UNITS = (
    "people", "usd", "rail_cars", "trains", "trucks", "vehicles", "hours", "percent", "pounds", "tons", "other",
)
PERS = ("day", "week", "month", "year")  # None means a total, not a rate
QUALIFIERS = ("exact", "approx", "over", "under")


def parse_date(value: Any) -> dt.date | None:
    """An ISO date string (or date/datetime) as a date; None for empty values. Raises ValueError otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            raise ValueError(f"not an ISO date (YYYY-MM-DD): {value!r}") from None
    raise ValueError(f"not a date: {value!r}")


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(slots=True)
class Article:
    """A news article: the unit that is ingested, stored and extracted from."""

    id: str
    title: str
    publisher: str
    published: dt.date | None
    url: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["published"] = _iso(self.published)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Build from a mapping in the corpus schema; unknown keys are ignored, a bad date raises ValueError."""
        return cls(
            id=str(data.get("id") or ""),
            title=str(data.get("title") or ""),
            publisher=str(data.get("publisher") or ""),
            published=parse_date(data.get("published")),
            url=str(data.get("url") or ""),
            text=str(data.get("text") or ""),
        )


@dataclass(slots=True)
class Metric:
    """One figure found in an article, with the evidence span it came from."""

    article_id: str
    metric: str
    value: float
    unit: str
    per: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    qualifier: str = "exact"
    attributed_to: str | None = None
    location: str | None = None
    evidence: str = ""
    start: int = 0
    end: int = 0
    confidence: float = 1.0
    extra: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict with ISO dates (the output schema); `extra` is not part of it."""
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "extra"}
        out["period_start"] = _iso(self.period_start)
        out["period_end"] = _iso(self.period_end)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any], article_id: str | None = None) -> Metric:
        """Build from a mapping in the output (or gold) schema."""
        return cls(
            article_id=str(data.get("article_id") or article_id or ""),
            metric=str(data["metric"]),
            value=float(data["value"]),
            unit=str(data.get("unit") or "other"),
            per=data.get("per") or None,
            period_start=parse_date(data.get("period_start")),
            period_end=parse_date(data.get("period_end")),
            qualifier=str(data.get("qualifier") or "exact"),
            attributed_to=data.get("attributed_to") or None,
            location=data.get("location") or None,
            evidence=str(data.get("evidence") or ""),
            start=int(data.get("start") or 0),
            end=int(data.get("end") or 0),
            confidence=float(data.get("confidence") if data.get("confidence") is not None else 1.0),
        )


METRIC_FIELDS = tuple(f.name for f in fields(Metric) if f.name != "extra")


@dataclass(slots=True, frozen=True)
class Problem:
    """A rejected input: where it was (file, file:line or URL) and why, in words a user can act on."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"
