"""The fonts shipped in reports/common/fonts: licensed, embeddable, installed with the package."""

from __future__ import annotations

import re
import tomllib
from fnmatch import fnmatch
from importlib.resources import files
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[3]
FONTS = files("reports.common") / "fonts"
FONT_FILES = sorted(entry.name for entry in FONTS.iterdir() if entry.name.endswith(".ttf"))


def test_the_fonts_are_there():
    # Latin, Arabic and Hebrew in two weights; CJK, emoji, two of symbols, mathematics.
    assert len(FONT_FILES) == 11


@pytest.mark.parametrize("name", FONT_FILES)
def test_each_font_is_named_in_the_readme_with_a_licence_file_that_is_shipped(name):
    readme = (FONTS / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if name in line)
    licence = re.search(r"`(LICENSE[^`]+)`", row)
    assert licence and (FONTS / licence.group(1)).is_file()


@pytest.mark.parametrize("name", FONT_FILES)
def test_each_font_has_truetype_outlines_that_reportlab_can_embed(name):
    with (FONTS / name).open("rb") as stream:
        font = TTFont(stream, lazy=True)
        assert "glyf" in font and "CFF " not in font


def test_every_font_file_is_package_data():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["reports.common"]
    for entry in FONTS.iterdir():
        assert any(fnmatch(f"fonts/{entry.name}", pattern) for pattern in patterns), entry.name
