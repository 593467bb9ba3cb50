"""The shape of the house (DESIGN.md and README "For developers"):

- layers point one way: gui -> domain <- storage, reports -> domain, gui -> reports,
  and the demo office uses the domain only;
- no module imports itself back through others (no circle, type-only imports too);
- a module whose name starts with ``_`` is its package's own: only modules of the
  same package import it. Everything else in a feature package is its public face.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("domain", "storage", "gui", "reports", "demo")

FORBIDDEN = {
    "domain": {
        "PySide6",
        "shiboken6",
        "sqlalchemy",
        "alembic",
        "psycopg",
        "reportlab",
        "faker",
        "gui",
        "storage",
        "reports",
        "demo",
        "main",
    },
    "storage": {"PySide6", "shiboken6", "gui", "reports", "demo", "main"},
    "reports": {
        "PySide6",
        "shiboken6",
        "sqlalchemy",
        "alembic",
        "psycopg",
        "storage",
        "gui",
        "demo",
        "main",
    },
    "gui": {"sqlalchemy", "alembic", "psycopg", "storage", "demo", "main"},
    "demo": {"PySide6", "shiboken6", "sqlalchemy", "alembic", "psycopg", "gui", "storage", "main"},
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


def project_modules(root: Path) -> dict[str, Path]:
    """Every module of the layers under ``root`` by dotted name (migrations excepted:
    Alembic loads them by file, and they import nothing of ours but the metadata)."""
    modules = {}
    for layer in LAYERS:
        for path in (root / layer).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def import_edges(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Which project modules each module imports: anywhere in the file (functions,
    TYPE_CHECKING blocks), ``from pkg import mod`` counted as importing ``pkg.mod``."""
    edges = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                targets.add(base)
                targets.update(f"{base}.{alias.name}" for alias in node.names)
        edges[name] = {t for t in targets if t in modules and t != name}
    return edges


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that reach each other (Tarjan's strongly connected
    components of more than one module), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(edges[node]):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def private_reaches(edges: dict[str, set[str]]) -> list[str]:
    """Imports of a ``_module`` from outside the package that holds it."""
    offences = []
    for importer, targets in edges.items():
        for target in targets:
            package, _, leaf = target.rpartition(".")
            if leaf.startswith("_") and importer.rpartition(".")[0] != package:
                offences.append(f"{importer} imports {target}, private to {package}")
    return sorted(offences)


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


def test_no_module_imports_itself_back_through_others():
    assert circles(import_edges(project_modules(ROOT))) == []


def test_no_feature_reaches_into_another_packages_private_modules():
    assert private_reaches(import_edges(project_modules(ROOT))) == []


def write_modules(root: Path, sources: dict[str, str]) -> None:
    for dotted, source in sources.items():
        path = root / (dotted.replace(".", "/") + ".py")
        path.parent.mkdir(parents=True, exist_ok=True)
        for folder in path.relative_to(root).parents:
            (root / folder / "__init__.py").touch()
        path.write_text(source)


def test_the_checks_see_a_circle_even_through_a_type_only_import(tmp_path):
    write_modules(
        tmp_path,
        {
            "domain.common.guard": "from domain.common.unit_of_work import UnitOfWork\n",
            "domain.common.unit_of_work": "from domain.clients import merges\n",
            "domain.clients.merges": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from domain.common.guard import Guard\n"
            ),
            "domain.clients.record": "from .merges import MergeService\n",
        },
    )
    assert circles(import_edges(project_modules(tmp_path))) == [
        ["domain.clients.merges", "domain.common.guard", "domain.common.unit_of_work"]
    ]


def test_the_checks_see_a_private_module_used_by_another_feature(tmp_path):
    write_modules(
        tmp_path,
        {
            "domain.clients._name_matching": "",
            "domain.clients.duplicates": "from domain.clients._name_matching import fold\n",
            "domain.referrals.service": "from domain.clients import _name_matching\n",
            "gui.clients.page": "from domain.clients._name_matching import fold\n",
        },
    )
    assert private_reaches(import_edges(project_modules(tmp_path))) == [
        "domain.referrals.service imports domain.clients._name_matching, private to domain.clients",
        "gui.clients.page imports domain.clients._name_matching, private to domain.clients",
    ]
