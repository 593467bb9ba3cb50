"""CaseDesk's domain: entities, validation, access rules and use cases.

Pure Python. Nothing here imports Qt, SQLAlchemy, ReportLab, or the outer layers
(gui, storage, reports); tests/unit/test_layers.py keeps it so.
"""
