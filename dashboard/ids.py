"""Component ids of the dashboard, in one place, prefixed by the area of the page they belong to."""

from __future__ import annotations

# page
URL = "page-url"
URL_WRITTEN = "page-url-written"  # dcc.Store: the query string the page itself last put in the URL
STATUS = "page-status"
TABS = "page-tabs"
TAB_METRICS = "metrics"
TAB_CLAIMS = "claims"

# filters
FILTERS_STATE = "filters-state"
FILTER_DATES = "filter-dates"
FILTER_QUICK = "filter-quick"  # pattern id type: {"type": FILTER_QUICK, "index": range name}
FILTER_PUBLISHERS = "filter-publishers"
FILTER_SOURCES = "filter-sources"
FILTER_KINDS = "filter-kinds"
FILTER_PLACES = "filter-places"
FILTER_QUALIFIERS = "filter-qualifiers"
FILTER_RESET = "filter-reset"

# summary cards
CARDS = "cards-row"

# charts
CHART_KIND = "chart-kind"
CHART_OPTIONS = "chart-options"
CHART_SCALE = "chart-scale"
CHARTS = "chart-list"
CHART_NOTE = "chart-note"
CHART_GRAPH = "chart-graph"  # pattern id type, index = chart key "kind|unit"
CHART_PNG = "chart-png"
CHART_SVG = "chart-svg"
CHART_HTML = "chart-html"
CHART_IMAGE_DONE = "chart-image-done"
CHART_DOWNLOAD = "chart-download"
CHART_SOURCE = "chart-source"
CHART_CLAIM = "chart-claim"  # dcc.Store: the claim bubble last clicked

# evidence panel
EVIDENCE = "evidence-panel"

# table and data downloads
TABLE = "table-grid"
TABLE_SEARCH = "table-search"
TABLE_NOTE = "table-note"
TABLE_CSV = "table-csv"
TABLE_JSONL = "table-jsonl"
TABLE_DOWNLOAD = "table-download"
TABLE_DOWNLOAD_NOTE = "table-download-note"

# claims tab (built in dashboard/claims_view.py)
CLAIMS_TOLERANCE = "claims-tolerance"
CLAIMS_SHOW = "claims-show"
CLAIMS_NOTE = "claims-note"
CLAIMS_GRID = "claims-grid"
CLAIMS_CSV = "claims-csv"
CLAIMS_DOWNLOAD = "claims-download"
CLAIMS_MEMBERS = "claims-members"
