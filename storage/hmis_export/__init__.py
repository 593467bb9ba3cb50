"""HMIS CSV export: the rows the export reads, in SQL (PostgreSQL through the
functions of migration 0025), and the `export hmis` command."""
