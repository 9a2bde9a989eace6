"""Components both tabs build the same way: a link to an article (http(s) only) and a data grid."""

from __future__ import annotations

from typing import Any

import dash_ag_grid as dag
from dash import html


def safe_url(url: Any) -> str:
    """The URL when it is http(s), else "" (so no javascript: or data: link is ever made clickable)."""
    text = str(url or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else ""


def link_or_text(text: str, url: Any) -> html.A | html.Span:
    """An article title: a link opening in a new tab when its URL is http(s), else plain text."""
    href = safe_url(url)
    if href:
        return html.A(text, href=href, target="_blank", rel="noopener noreferrer")
    return html.Span(text)


def grid(grid_id: str, column_defs: list[dict[str, Any]], row_id_field: str) -> dag.AgGrid:
    """A sortable, filterable grid with single-row selection and 50 rows a page; rows are set by a callback."""
    return dag.AgGrid(
        id=grid_id, columnDefs=column_defs, rowData=[],
        defaultColDef={"sortable": True, "filter": True, "resizable": True},
        getRowId=f"params.data.{row_id_field}",
        dashGridOptions={"rowSelection": {"mode": "singleRow", "checkboxes": False, "enableClickSelection": True},
                         "pagination": True, "paginationPageSize": 50, "tooltipShowDelay": 300,
                         "animateRows": False},
        className="ag-theme-quartz", style={"height": "560px", "width": "100%"},
    )
