"""The Reports page: outcome reports with their tables, charts, PDF and spreadsheets."""
