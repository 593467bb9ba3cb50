"""Forms to JSON-able data and back, for the copies kept on this computer.

A form is a frozen dataclass of plain values (text, numbers, yes/no, dates),
enums, tuples, lists, frozensets, dicts keyed by enums and nested forms. ``to_json``
writes any of them; ``from_json`` reads one back by the form's own type hints,
refusing (ValueError) data that does not fit, so a damaged or foreign copy is
told apart instead of loaded half-way. A field the data lacks keeps its default:
a copy written before a form grew a field still loads.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any


def to_json(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_json(item) for item in value]
    if isinstance(value, frozenset | set):
        return sorted(to_json(item) for item in value)
    if isinstance(value, dict):
        return [[to_json(key), to_json(item)] for key, item in value.items()]
    if value is None or isinstance(value, str | int | float):
        return value
    raise TypeError(f"{type(value).__name__} is not a form value")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_json(kind: Any, data: Any) -> Any:
    """``data`` read as a value of ``kind`` (a type or a type hint)."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(kind)
        if data is None and type(None) in options:
            return None
        for option in options:
            if option is type(None):
                continue
            try:
                return from_json(option, data)
            except (ValueError, TypeError):
                continue
        raise ValueError(f"{data!r} fits none of {kind}")
    if origin is tuple:
        args = typing.get_args(kind)
        items = _list(data)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_json(args[0], item) for item in items)
        if len(args) != len(items):
            raise ValueError("a tuple of the wrong length")
        return tuple(from_json(arg, item) for arg, item in zip(args, items, strict=True))
    if origin is list:
        (arg,) = typing.get_args(kind)
        return [from_json(arg, item) for item in _list(data)]
    if origin is frozenset:
        (arg,) = typing.get_args(kind)
        return frozenset(from_json(arg, item) for item in _list(data))
    if origin is dict:
        key_kind, value_kind = typing.get_args(kind)
        pairs = _list(data)
        if not all(isinstance(pair, list) and len(pair) == 2 for pair in pairs):
            raise ValueError("not a list of pairs")
        return {from_json(key_kind, k): from_json(value_kind, v) for k, v in pairs}
    if kind is Any:
        return data
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        if not isinstance(data, dict):
            raise ValueError(f"{kind.__name__} needs an object")
        hints = _hints(kind)
        values = {
            f.name: from_json(hints[f.name], data[f.name])
            for f in dataclasses.fields(kind)
            if f.init and f.name in data
        }
        return kind(**values)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(data)
    if kind is datetime:
        return datetime.fromisoformat(_text(data))
    if kind is date:
        return date.fromisoformat(_text(data))
    if kind is bool:
        if not isinstance(data, bool):
            raise ValueError("not yes or no")
        return data
    if kind is int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise ValueError("not a whole number")
        return data
    if kind is float:
        if isinstance(data, bool) or not isinstance(data, int | float):
            raise ValueError("not a number")
        return float(data)
    if kind is str:
        return _text(data)
    raise TypeError(f"{kind} is not a form type")


def _list(data: Any) -> list:
    if not isinstance(data, list):
        raise ValueError("not a list")
    return data


def _text(data: Any) -> str:
    if not isinstance(data, str):
        raise ValueError("not text")
    return data
