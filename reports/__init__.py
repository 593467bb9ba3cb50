"""Printable forms: read models in, PDF bytes out (ReportLab, embedded fonts).

Imports domain only: no Qt, no SQLAlchemy (tests/unit/test_layers.py).
"""
