"""The only module that speaks SQL. PLACEHOLDER API: being built under issue 3 (keep these names)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(slots=True)
class Filters:
    """What the dashboard and `export` filter on; empty lists mean no restriction."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    publishers: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    qualifiers: list[str] = field(default_factory=list)
