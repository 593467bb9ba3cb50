"""The project's own promises: the README commands, CI running them, clean code."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^    (python .+)$", text, flags=re.MULTILINE)


def test_the_readme_opens_with_the_run_and_test_commands():
    run, test = readme_commands()[:2]
    assert "main.py --demo" in run
    assert "pytest" in test and "[test]" in test


def test_ci_runs_exactly_the_readme_test_command():
    test_command = readme_commands()[1]
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci_lines


def test_the_code_passes_ruff():
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff is part of the test extra; install with '.[test]'")
    for args in (["check", "."], ["format", "--check", "."]):
        result = subprocess.run(
            [ruff, *args], cwd=ROOT, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stdout + result.stderr
