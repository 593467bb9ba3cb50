"""HMIS CSV export: the export page, its data-quality check, and the program
editor's HMIS tab."""
