"""dashboard.callbacks.next_state: which of the URL and the controls sets the page after a change."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dashboard import ids
from dashboard.callbacks import next_state
from dashboard.data import VIEW_DEFAULTS, empty_filters, state_to_query

FACETS = {"publishers": ["Fortune"], "sources": ["CBP"], "kinds": ["encounters", "deaths"], "places": [],
          "qualifiers": ["exact", "approx"], "date_max": dt.date(2024, 12, 31), "years": [2023, 2024]}
QUICK_2023 = {"type": ids.FILTER_QUICK, "index": "2023"}


def controls(**changed: Any) -> dict[str, Any]:
    """What the controls show: the page's defaults with `changed` values."""
    return {**empty_filters(), **VIEW_DEFAULTS, **changed}


# (case, URL search, query the page last wrote, triggering ids, controls shown,
#  the URL query the page ends on, whether the view controls are set)
CASES = [
    ("page load takes the link", "?kind=deaths&scale=per_day", None, [], controls(),
     "?kind=deaths&scale=per_day", True),
    ("a click is taken", "?scale=per_day", "?scale=per_day", [ids.CHART_OPTIONS],
     controls(scale="per_day", options=["official"]), "?scale=per_day&log=0", False),
    ("the page's own URL coming back late does not undo a newer click", "?scale=per_day", "?scale=per_day",
     [ids.URL], controls(scale="per_day", options=["official"]), "?scale=per_day&log=0", False),
    ("same, arriving together with the click", "?scale=per_day", "?scale=per_day", [ids.URL, ids.CHART_OPTIONS],
     controls(scale="per_day", options=["official"]), "?scale=per_day&log=0", False),
    ("back/forward sets the controls", "?kind=deaths", "?kind=deaths&scale=per_day", [ids.URL],
     controls(kinds=["deaths"], scale="per_day"), "?kind=deaths", True),
    ("back to the bare page", "", "?scale=per_day", [ids.URL], controls(scale="per_day"), "", True),
    ("clicks before the link is taken in go on top of it", "?kind=deaths&log=0", None, [ids.CHART_OPTIONS],
     controls(scale="per_day", options=["official", "log", "claims"]), "?kind=deaths&scale=per_day&claims=1&log=0",
     True),
    ("a filter picked before the link is taken in adds to it", "?kind=deaths", None, [ids.FILTER_KINDS],
     controls(kinds=["encounters"]), "?kind=deaths&kind=encounters", True),
    ("unknown values picked are dropped", "", "", [ids.FILTER_KINDS], controls(kinds=["deaths", "nope"]),
     "?kind=deaths", False),
    ("quick range", "?kind=deaths", "?kind=deaths", [QUICK_2023], controls(kinds=["deaths"]),
     "?from=2023-01-01&to=2023-12-31&kind=deaths", False),
    ("clear all filters keeps the view", "?kind=deaths&log=0", "?kind=deaths&log=0", [ids.FILTER_RESET],
     controls(kinds=["deaths"], options=["official"]), "?log=0", False),
]


@pytest.mark.parametrize(("case", "search", "written", "triggers", "shown", "query", "set_view"), CASES,
                         ids=[c[0] for c in CASES])
def test_next_state(case: str, search: str, written: str | None, triggers: list, shown: dict, query: str,
                    set_view: bool) -> None:
    filters, view, sets = next_state(search, written, triggers, shown, FACETS)
    assert (state_to_query(filters, view), sets) == (query, set_view)
