"""What a file is, told by its bytes; whether it is whole; and the rules of the form
and the office's size limit. Pure domain: no database, no Qt."""

from __future__ import annotations

import struct

import pytest

from domain.attachments.attachment import (
    MEGABYTE,
    AttachmentForm,
    Link,
    LinkKind,
    check_size,
    clean_file_name,
    suggested_title,
    validate_form,
    validate_reason,
)
from domain.attachments.file_types import FileType, identify, inspect, tiff_pages
from domain.attachments.size_limit import SizeLimit, parse_max_mb
from domain.common.errors import ValidationError
from tests import attachment_files as files


def jpeg(trailer: bytes = b"") -> bytes:
    """A structurally whole baseline JPEG (start, frame, scan, data, end)."""

    def segment(marker: int, body: bytes) -> bytes:
        return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body

    frame = bytes([8]) + struct.pack(">HH", 16, 16) + bytes([1, 1, 0x11, 0])
    scan = bytes([1, 1, 0x00, 0, 63, 0])
    data = b"\x12\x34\xff\x00\x56" * 20  # 0xFF in the data is always stuffed with 0x00
    return (
        b"\xff\xd8"
        + segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
        + segment(0xC0, frame)
        + segment(0xDA, scan)
        + data
        + b"\xff\xd9"
        + trailer
    )


def refusal(content: bytes, name: str) -> str:
    with pytest.raises(ValidationError) as refused:
        inspect(content, name)
    return refused.value.errors["file"]


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (files.pdf(2), FileType.PDF),
        (files.png(), FileType.PNG),
        (jpeg(), FileType.JPEG),
        (files.undrawable_tiff(), FileType.TIFF),
    ],
)
@pytest.mark.parametrize("name", ["scan.pdf", "photo.jpg", "no-ending", "image.tif"])
def test_each_accepted_type_is_known_by_its_content_whatever_its_name(content, kind, name):
    assert inspect(content, name) is kind


def test_a_program_renamed_to_pdf_is_refused_for_what_it_is():
    message = refusal(files.windows_program(), "Passport scan.pdf")
    assert message == (
        "“Passport scan.pdf” is not a PDF: it is a Windows program, renamed to end in .pdf. "
        "CaseDesk never attaches programs; it attaches PDF files and JPEG, PNG or TIFF "
        "pictures."
    )
    assert "Linux program" in refusal(b"\x7fELF\x02\x01\x01" + bytes(64), "id.png")
    assert "script" in refusal(b"#!/bin/sh\nrm -rf ~\n", "letter.pdf")


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (b"PK\x03\x04" + bytes(60), "lease.docx", "Office document (Word, Excel)"),
        (b"\x00\x00\x00\x18ftypheic" + bytes(40), "IMG_0042.HEIC", "iPhone (HEIC) photo"),
        (b"GIF89a" + bytes(40), "scan.gif", "GIF picture"),
        (b"Rent is due on the first.\n", "note.pdf", "not a PDF: it is a text file"),
        (b"\x01\x02\x03garbage\xff\xfe", "x.png", "named like a PNG picture"),
        (b"\x01\x02\x03garbage\xff\xfe", "", "cannot tell what kind of file"),
    ],
)
def test_other_files_are_refused_with_what_to_do(content, name, words):
    message = refusal(content, name)
    assert words in message
    assert "CaseDesk attaches PDF files and JPEG, PNG or TIFF pictures" in message


def test_an_empty_file_says_so():
    assert refusal(b"", "scan.png") == (
        "“scan.png” is empty (0 bytes): there is nothing in it to attach."
    )


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (files.cut_off(files.png(200, 100)), "scan.png"),
        (files.cut_off(jpeg()), "photo.jpg"),
        (jpeg()[:-2], "no-end.jpg"),
        (files.cut_off(files.undrawable_tiff(), 0.5), "page.tif"),
        (files.cut_off(files.pdf(3), 0.8), "statement.pdf"),
    ],
)
def test_a_file_cut_off_part_of_the_way_is_refused(content, name):
    message = refusal(content, name)
    assert "damaged or incomplete" in message and "scan or copy it again" in message


def test_a_picture_whose_check_value_fails_is_damaged():
    damaged = bytearray(files.png(20, 20))
    damaged[40] ^= 0xFF  # inside the pixel data
    assert "does not match its check value" in refusal(bytes(damaged), "scan.png")


def test_a_camera_may_add_data_after_the_picture():
    assert inspect(jpeg(trailer=b"motion photo video" * 100), "PXL_2026.jpg") is FileType.JPEG


def test_identify_alone_does_not_look_at_the_whole_file():
    assert identify(files.cut_off(files.png(100, 100)), "x") is FileType.PNG
    assert tiff_pages(files.undrawable_tiff()) == 1


def test_the_size_is_checked_against_the_limit_in_words():
    check_size(25 * MEGABYTE, 25 * MEGABYTE, "scan.pdf")
    with pytest.raises(ValidationError) as refused:
        check_size(25 * MEGABYTE + 1, 25 * MEGABYTE, r"C:\Scans\big scan.pdf")
    assert refused.value.errors["file"].startswith(
        "“big scan.pdf” is just over 25 MB; an attachment may be at most 25 MB (your "
        "administrator sets the limit)."
    )
    with pytest.raises(ValidationError, match=r"“x\.pdf” is 31\.5 MB; .* at most 25 MB"):
        check_size(int(31.5 * MEGABYTE), 25 * MEGABYTE, "x.pdf")


def test_the_stored_limit_is_kept_in_range():
    assert SizeLimit.from_stored({}, {}) == SizeLimit(25, 0)
    assert SizeLimit.from_stored({"attachment_max_mb": "8"}, {"attachment_max_mb": 3}) == (
        SizeLimit(8, 3)
    )
    assert SizeLimit.from_stored({"attachment_max_mb": "5000"}, {}).megabytes == 100
    assert SizeLimit.from_stored({"attachment_max_mb": "lots"}, {}).megabytes == 25
    assert parse_max_mb(" 40 ") == 40
    for typed in ("0", "101", "2.5", "", "ten"):
        with pytest.raises(ValidationError, match="from 1 to 100"):
            parse_max_mb(typed)


def test_the_form_says_each_problem_by_its_field():
    with pytest.raises(ValidationError) as refused:
        validate_form(AttachmentForm(" ", "passport", "case:twelve"))
    assert set(refused.value.errors) == {"title", "document_type", "link"}
    title, kind, link = validate_form(
        AttachmentForm("  Driver's   licence ", "id_document", "case:12")
    )
    assert (title, kind.label, link) == ("Driver's licence", "ID", Link(LinkKind.CASE, 12))
    assert validate_form(AttachmentForm("Letter", "letter"))[2] is None


def test_a_removal_needs_a_reason():
    assert validate_reason("  Scanned on the   wrong client ") == "Scanned on the wrong client"
    for typed in ("", "   ", "x" * 501):
        with pytest.raises(ValidationError) as refused:
            validate_reason(typed)
        assert "reason" in refused.value.errors


def test_names_from_the_desk_become_titles():
    assert clean_file_name(r"C:\Users\mrivera\Scans\ID_card front.JPG") == "ID_card front.JPG"
    assert suggested_title("/home/x/Pay_stub__March.pdf") == "Pay stub March"
