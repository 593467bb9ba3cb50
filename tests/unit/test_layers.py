"""The layers point one way (DESIGN.md): gui -> domain <- storage, reports -> domain."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

FORBIDDEN = {
    "domain": {
        "PySide6",
        "shiboken6",
        "sqlalchemy",
        "alembic",
        "psycopg",
        "reportlab",
        "gui",
        "storage",
        "reports",
        "main",
    },
    "storage": {"PySide6", "shiboken6", "gui", "reports", "main"},
    "reports": {
        "PySide6",
        "shiboken6",
        "sqlalchemy",
        "alembic",
        "psycopg",
        "storage",
        "gui",
        "main",
    },
    "gui": {"sqlalchemy", "alembic", "psycopg", "storage", "main"},
}


def imported_top_level_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_no_layer_imports_what_it_must_not_know(layer):
    offences = []
    for path in sorted((ROOT / layer).rglob("*.py")):
        bad = imported_top_level_names(path) & FORBIDDEN[layer]
        if bad:
            offences.append(f"{path.relative_to(ROOT)} imports {', '.join(sorted(bad))}")
    assert offences == []


def test_the_check_sees_a_forbidden_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom sqlalchemy import select\nimport PySide6.QtCore\n")
    assert imported_top_level_names(sample) == {"os", "sqlalchemy", "PySide6"}
