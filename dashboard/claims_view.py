"""The claims tab of the dashboard. PLACEHOLDER: being built under issue 5.

claims_layout() -> Dash component tree for the "claims" tab.
register_callbacks(app, get_metrics) -> None, where get_metrics(filters: dict) -> DataFrame of metrics.
"""
