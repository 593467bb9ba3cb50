"""Reading printed forms back: their text, drawn text and fillable fields."""

from __future__ import annotations

import io

from pypdf import PdfReader

from tests.reports.drawn_text import drawn_runs, page_text


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def drawn_pages(pdf: bytes) -> list[str]:
    """Each page's text as drawn (reliable for any script, unlike text extraction)."""
    return [page_text(runs) for runs in drawn_runs(pdf)]


def drawn(pdf: bytes) -> str:
    return "\n".join(drawn_pages(pdf))


def fields(pdf: bytes) -> dict:
    """The AcroForm fields by name; {} when the PDF has none."""
    return reader(pdf).get_fields() or {}


def widgets_on_their_pages(pdf: bytes) -> bool:
    """Whether every widget a page lists names that page as its own (/P)."""
    for page in reader(pdf).pages:
        for annotation in page.get("/Annots", []):
            widget = annotation.get_object()
            kids = widget.get("/Kids")
            if "/P" in widget and widget["/P"].get_object() != page.get_object():
                return False
            assert kids is None
    return True
