"""SQL both databases understand for the reports: days between two dates, the
office's calendar day of a UTC moment, and medians and other percentiles
(PostgreSQL's ``percentile_cont``; on SQLite the same interpolation, by window
functions)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from sqlalchemy import Date, Float, Integer, Select, case, cast, func, literal, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import GenericFunction
from sqlalchemy.sql.selectable import CTE, Subquery


class days_between(GenericFunction):
    """``days_between(later, earlier)``: whole days from one date to the other."""

    type = Integer()
    inherit_cache = True


@compiles(days_between, "postgresql")
def _days_postgresql(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return f"({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)})"


@compiles(days_between, "sqlite")
def _days_sqlite(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return (
        f"CAST(julianday({compiler.process(later, **kw)}) - "
        f"julianday({compiler.process(earlier, **kw)}) AS INTEGER)"
    )


class local_day(GenericFunction):
    """``local_day(utc_timestamp, offset_minutes)``: the calendar day at that moment
    where the clock is ``offset_minutes`` ahead of UTC."""

    type = Date()
    inherit_cache = True


@compiles(local_day, "postgresql")
def _local_postgresql(element, compiler, **kw):
    moment, minutes = list(element.clauses)
    return (
        f"CAST(({compiler.process(moment, **kw)} AT TIME ZONE 'UTC') + "
        f"make_interval(mins => {compiler.process(minutes, **kw)}) AS DATE)"
    )


@compiles(local_day, "sqlite")
def _local_sqlite(element, compiler, **kw):
    # SQLite keeps timestamps as UTC text; date() with a modifier answers YYYY-MM-DD.
    moment, minutes = list(element.clauses)
    return (
        f"date({compiler.process(moment, **kw)}, ({compiler.process(minutes, **kw)}) || ' minutes')"
    )


def percentiles(
    source: Subquery | CTE,
    keys: Sequence[str],
    value: str,
    fractions: Sequence[float],
    dialect: str,
    *,
    also: Mapping[str, Callable[[ColumnElement], ColumnElement]] | None = None,
) -> Select:
    """``SELECT keys..., rows, n, p0, p1, ..., also... FROM source GROUP BY keys``: for
    each group, its rows, how many of them have a value (NULLs are left out of the
    percentiles), each fraction's percentile with linear interpolation between the two
    nearest values (``percentile_cont``), and ``also``'s aggregates of the value."""
    groups = [source.c[key] for key in keys]
    also = also or {}
    if dialect == "postgresql":
        v = cast(source.c[value], Float)
        return select(
            *groups,
            func.count().label("rows"),
            func.count(v).label("n"),
            *(
                func.percentile_cont(literal(fraction, Float)).within_group(v).label(f"p{i}")
                for i, fraction in enumerate(fractions)
            ),
            *(aggregate(v).label(name) for name, aggregate in also.items()),
        ).group_by(*groups)
    v = cast(source.c[value], Float)
    ranked = select(
        *groups,
        v.label("v"),
        # Values first, in order; the rows without one after them, unranked in effect.
        (func.row_number().over(partition_by=groups or None, order_by=(v.is_(None), v)) - 1).label(
            "i"
        ),
        func.count(v).over(partition_by=groups or None).label("n"),
    ).subquery()
    kept = [ranked.c[key] for key in keys]
    columns: list[ColumnElement] = []
    for i, fraction in enumerate(fractions):
        position = literal(fraction, Float) * (ranked.c.n - 1)
        lower = cast(position, Integer)  # positions are never negative: CAST floors them
        low = func.max(case((ranked.c.i == lower, ranked.c.v)))
        high = func.coalesce(func.max(case((ranked.c.i == lower + 1, ranked.c.v))), low)
        columns.append((low + func.max(position - lower) * (high - low)).label(f"p{i}"))
    return select(
        *kept,
        func.count().label("rows"),
        func.coalesce(func.max(ranked.c.n), 0).label("n"),
        *columns,
        *(aggregate(ranked.c.v).label(name) for name, aggregate in also.items()),
    ).group_by(*kept)
