"""Date arithmetic both databases understand: ``add_days(a_date, a_number_of_days)``."""

from __future__ import annotations

from sqlalchemy import Date
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction


class add_days(GenericFunction):
    type = Date()
    inherit_cache = True


@compiles(add_days, "postgresql")
def _postgresql(element, compiler, **kw):
    day, days = list(element.clauses)
    return f"({compiler.process(day, **kw)} + {compiler.process(days, **kw)})"


@compiles(add_days, "sqlite")
def _sqlite(element, compiler, **kw):
    # SQLite keeps dates as YYYY-MM-DD text; date() answers in the same form.
    day, days = list(element.clauses)
    return f"date({compiler.process(day, **kw)}, ({compiler.process(days, **kw)}) || ' days')"
