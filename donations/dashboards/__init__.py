"""Dashboards for the fundraising team and member organisations, read from the kept
per-day aggregates (``donations.models.aggregates``) and the plans table, and the
streaming CSV/XLSX exports offered from them."""
