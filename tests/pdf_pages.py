"""PDFs as a person sees them: their text in reading order, and their pages as
pictures, through poppler's pdftotext and pdftoppm (Debian's poppler-utils).

.ci/run installs poppler-utils; without it CI fails, elsewhere the test skips and
says so, as the PostgreSQL tests do."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} is missing: install poppler-utils (apt-get install poppler-utils)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {message}; the PDF tests must run in CI.", pytrace=False)
    pytest.skip(message)


def pdf_text(path: Path, *, first: int | None = None, last: int | None = None) -> str:
    """The text of the PDF (or of pages first..last, counted from 1), in reading order."""
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    command = [_tool("pdftotext"), *pages, str(path), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def pdf_pictures(path: Path, prefix: Path, *, dpi: int = 70) -> list[Path]:
    """Each page as a PNG named ``prefix-N.png``, in page order (pdftoppm pads N)."""
    command = [_tool("pdftoppm"), "-png", "-r", str(dpi), str(path), str(prefix)]
    subprocess.run(command, check=True)
    return sorted(prefix.parent.glob(f"{prefix.name}*.png"))
