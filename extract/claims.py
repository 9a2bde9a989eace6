"""Group repeated figures into claims. PLACEHOLDER: being built under issue 5 (contract in the docstring).

group_claims(metrics_df, settings=None) -> DataFrame, one row per claim, columns:
  claim_id, metric, value, value_min, value_max, unit, per, period_start, period_end, location,
  n_reports, n_articles, n_publishers, first_publisher, first_published, first_title, first_url,
  sources, conflict, conflict_with, official_value, official_ratio, official_flag
"""
