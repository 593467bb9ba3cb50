"""Storage: SQLAlchemy tables, repositories, the unit of work, engines and migrations.

Knows the domain (it implements its ports); never imports Qt, the GUI or reports.
"""
