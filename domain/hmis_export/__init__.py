"""HMIS CSV export (HUD FY2026): the format as data, the program as a project, the
destination at exit, the data-quality check and the export use case."""
