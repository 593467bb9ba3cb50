"""What kind of file an attachment is, told by its content (its first bytes and its
structure), never by its name; and whether it is whole.

CaseDesk attaches PDF, JPEG, PNG and TIFF files. Anything else is refused with a
message that says what the file really is when that can be told (a program
renamed to ``.pdf``, an Office document, an iPhone photo), so that the person
knows what to do instead. A picture whose structure is cut short or damaged (a
scan or copy that stopped half-way) is refused too: it would be kept but never
read. Whether a whole file can also be drawn on screen is the previewer's
question (gui/attachments), asked separately: such a file is kept all the same.
"""

from __future__ import annotations

import struct
import zlib
from enum import StrEnum
from pathlib import PurePath

from domain.common.errors import ValidationError

# The field a file's problems are reported under.
FILE = "file"

ACCEPTED = "CaseDesk attaches PDF files and JPEG, PNG or TIFF pictures."
# Where a PDF may have its "%%EOF" marker: readers look near the end, and some
# writers add a little after it.
PDF_TAIL = 16 * 1024
PDF_HEAD = 1024


class FileType(StrEnum):
    PDF = "application/pdf"
    JPEG = "image/jpeg"
    PNG = "image/png"
    TIFF = "image/tiff"

    @property
    def label(self) -> str:
        return {
            FileType.PDF: "PDF",
            FileType.JPEG: "JPEG picture",
            FileType.PNG: "PNG picture",
            FileType.TIFF: "TIFF picture",
        }[self]

    @property
    def extension(self) -> str:
        """The name ending a copy written to disk gets (whatever the original was called)."""
        return {
            FileType.PDF: ".pdf",
            FileType.JPEG: ".jpg",
            FileType.PNG: ".png",
            FileType.TIFF: ".tif",
        }[self]

    @property
    def is_image(self) -> bool:
        return self is not FileType.PDF


# Files people try to attach that are none of the four, by their first bytes:
# what each is, and what to do instead.
_NOT_ACCEPTED: tuple[tuple[bytes, int, str], ...] = (
    (b"MZ", 0, "a Windows program"),
    (b"\x7fELF", 0, "a Linux program"),
    (b"\xfe\xed\xfa\xce", 0, "a Mac program"),
    (b"\xfe\xed\xfa\xcf", 0, "a Mac program"),
    (b"\xce\xfa\xed\xfe", 0, "a Mac program"),
    (b"\xcf\xfa\xed\xfe", 0, "a Mac program"),
    (b"\xca\xfe\xba\xbe", 0, "a Mac or Java program"),
    (b"#!", 0, "a script (a program in text)"),
    (b"PK\x03\x04", 0, "a ZIP archive or an Office document (Word, Excel)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "an older Office document (Word, Excel) or installer"),
    (b"Rar!", 0, "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "a 7-Zip archive"),
    (b"{\\rtf", 0, "a Rich Text document"),
    (b"GIF8", 0, "a GIF picture"),
    (b"BM", 0, "a BMP picture"),
    (b"ftypheic", 4, "an iPhone (HEIC) photo"),
    (b"ftypheix", 4, "an iPhone (HEIC) photo"),
    (b"ftypmif1", 4, "an iPhone (HEIC) photo"),
)
_PROGRAMS = ("program", "script")
_PICTURES = ("picture", "photo")


def _last_part(name: str) -> PurePath:
    """The file's own name, from a path of any system (a Windows one included)."""
    return PurePath(PurePath(name.replace("\\", "/")).name)


def _named(name: str) -> str:
    shown = _last_part(name).name if name else ""
    return f"“{shown}”" if shown else "This file"


def _claimed(name: str) -> FileType | None:
    suffix = _last_part(name).suffix.lower()
    return {
        ".pdf": FileType.PDF,
        ".jpg": FileType.JPEG,
        ".jpeg": FileType.JPEG,
        ".png": FileType.PNG,
        ".tif": FileType.TIFF,
        ".tiff": FileType.TIFF,
    }.get(suffix)


def _refuse(message: str) -> ValidationError:
    return ValidationError({FILE: message})


def identify(content: bytes, name: str = "") -> FileType:
    """The file's type by its content; ``ValidationError`` (field ``file``) with a
    message a person can act on when it is empty or none of the four.

    ``name`` is only for the message: a name that claims another type is said.
    """
    named = _named(name)
    if not content:
        raise _refuse(f"{named} is empty (0 bytes): there is nothing in it to attach.")
    found = _by_signature(content)
    if found is not None:
        return found
    claimed = _claimed(name)
    what = _what_it_is(content)
    if what is None:
        if claimed is not None:
            raise _refuse(
                f"{named} is named like a {claimed.label} but its content is not one "
                f"(CaseDesk cannot tell what it is). {ACCEPTED}"
            )
        raise _refuse(f"CaseDesk cannot tell what kind of file {named} is. {ACCEPTED}")
    suffix = _last_part(name).suffix
    not_what_it_says = f" is not a {claimed.label}: it" if claimed else ""
    if any(word in what for word in _PROGRAMS):
        renamed = f", renamed to end in {suffix}" if claimed else ""
        raise _refuse(
            f"{named}{not_what_it_says} is {what}{renamed}. CaseDesk never attaches "
            "programs; it attaches PDF files and JPEG, PNG or TIFF pictures."
        )
    advice = (
        "Save or export it as JPEG or PNG first."
        if any(word in what for word in _PICTURES)
        else "Save or print it as a PDF first."
    )
    raise _refuse(f"{named}{not_what_it_says} is {what}. {ACCEPTED} {advice}")


def _by_signature(content: bytes) -> FileType | None:
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileType.PNG
    if content.startswith(b"\xff\xd8\xff"):
        return FileType.JPEG
    if content[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return FileType.TIFF
    if b"%PDF-" in content[:PDF_HEAD]:
        return FileType.PDF
    return None


def _what_it_is(content: bytes) -> str | None:
    for signature, at, what in _NOT_ACCEPTED:
        if content[at : at + len(signature)] == signature:
            return what
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "a WebP picture"
    head = content[:4096]
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if text and all(char.isprintable() or char in "\t\r\n" for char in text):
        return "a text file"
    return None


# --- whole or damaged ---------------------------------------------------------


def check_whole(content: bytes, kind: FileType, name: str = "") -> None:
    """``ValidationError`` when the file stops short or its structure is damaged."""
    problem = {
        FileType.PDF: _pdf_problem,
        FileType.PNG: _png_problem,
        FileType.JPEG: _jpeg_problem,
        FileType.TIFF: _tiff_problem,
    }[kind](content)
    if problem:
        what = "picture" if kind.is_image else "PDF"
        raise _refuse(
            f"{_named(name)} is a damaged or incomplete {what}: {problem}. It was not "
            "attached: scan or copy it again and attach the new file."
        )


def inspect(content: bytes, name: str = "") -> FileType:
    """``identify`` and ``check_whole`` together: what every new attachment passes."""
    kind = identify(content, name)
    check_whole(content, kind, name)
    return kind


def _pdf_problem(content: bytes) -> str:
    if b"%%EOF" not in content[-PDF_TAIL:]:
        return "its end is missing (the file was cut off)"
    return ""


def _png_problem(content: bytes) -> str:
    at = 8
    first = True
    while True:
        if at + 8 > len(content):
            return "the file ends before the picture does"
        length, kind = struct.unpack(">I4s", content[at : at + 8])
        end = at + 8 + length + 4
        if end > len(content):
            return "the file ends before the picture does"
        if first and (kind != b"IHDR" or length != 13):
            return "its header is missing"
        data = content[at + 4 : at + 8 + length]
        (stored,) = struct.unpack(">I", content[at + 8 + length : end])
        if zlib.crc32(data) & 0xFFFFFFFF != stored:
            return "part of it does not match its check value"
        if first:
            width, height = struct.unpack(">II", content[at + 8 : at + 16])
            if width == 0 or height == 0:
                return "it has no pixels"
        if kind == b"IEND":
            return ""
        first = False
        at = end


_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg_problem(content: bytes) -> str:
    at = 2
    frame = False
    while True:
        # Markers may be padded with any number of 0xFF bytes.
        while at < len(content) and content[at] == 0xFF:
            at += 1
        if at >= len(content):
            return "the file ends before the picture does"
        marker = content[at]
        at += 1
        if marker == 0xD9:
            return "the file holds no picture"
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue
        if at + 2 > len(content):
            return "the file ends before the picture does"
        (length,) = struct.unpack(">H", content[at : at + 2])
        if length < 2 or at + length > len(content):
            return "the file ends before the picture does"
        if marker in _SOF:
            frame = True
            if length >= 7:
                (width,) = struct.unpack(">H", content[at + 5 : at + 7])
                if width == 0:
                    return "it has no pixels"
        if marker == 0xDA:  # start of the picture's data: it must end somewhere after
            if not frame:
                return "its header is missing"
            # Inside the data a 0xFF is always followed by 0x00 or a restart marker,
            # so the first FF D9 is the end of the picture (a camera may add more after).
            if content.find(b"\xff\xd9", at + length) < 0:
                return "the file ends before the picture does"
            return ""
        at += length


_TIFF_TYPES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8}
_OFFSETS_AND_COUNTS = ((273, 279), (324, 325))  # strips, tiles
_LONGEST_CHAIN = 10_000


def tiff_pages(content: bytes) -> int:
    """How many pages (images) a whole TIFF holds."""
    order = "<" if content[:2] == b"II" else ">"
    if content[2:4] in (b"+\x00", b"\x00+"):
        return 1  # BigTIFF: not walked here
    pages, seen = 0, set()
    (offset,) = struct.unpack(order + "I", content[4:8])
    while offset and offset not in seen and pages < _LONGEST_CHAIN:
        seen.add(offset)
        if offset + 2 > len(content):
            break
        (count,) = struct.unpack(order + "H", content[offset : offset + 2])
        end = offset + 2 + 12 * count
        if end + 4 > len(content):
            break
        pages += 1
        (offset,) = struct.unpack(order + "I", content[end : end + 4])
    return max(pages, 1)


def _tiff_problem(content: bytes) -> str:
    if content[2:4] in (b"+\x00", b"\x00+"):
        return "" if len(content) >= 16 else "the file ends before the picture does"
    order = "<" if content[:2] == b"II" else ">"
    if len(content) < 8:
        return "the file ends before the picture does"
    (offset,) = struct.unpack(order + "I", content[4:8])
    if offset < 8 or offset + 2 > len(content):
        return "the file ends before the picture does"
    (count,) = struct.unpack(order + "H", content[offset : offset + 2])
    if count == 0:
        return "its header is missing"
    if offset + 2 + 12 * count + 4 > len(content):
        return "the file ends before the picture does"
    tags: dict[int, tuple[int, ...]] = {}
    for index in range(count):
        at = offset + 2 + 12 * index
        tag, kind, number = struct.unpack(order + "HHI", content[at : at + 8])
        size = _TIFF_TYPES.get(kind)
        if size is None or tag not in (256, 257, 273, 279, 324, 325) or kind not in (3, 4):
            tags.setdefault(tag, ())
            continue
        width = size * number
        if width <= 4:
            raw = content[at + 8 : at + 8 + width]
        else:
            (where,) = struct.unpack(order + "I", content[at + 8 : at + 12])
            if where + width > len(content):
                return "the file ends before the picture does"
            raw = content[where : where + width]
        letter = "H" if kind == 3 else "I"
        tags[tag] = struct.unpack(order + letter * number, raw)
    if not tags.get(256) or not tags.get(257) or not tags[256][0] or not tags[257][0]:
        return "it has no pixels"
    for offsets_tag, counts_tag in _OFFSETS_AND_COUNTS:
        if offsets_tag not in tags:
            continue
        offsets, counts = tags[offsets_tag], tags.get(counts_tag, ())
        if offsets and counts and len(offsets) == len(counts):
            end = max(o + c for o, c in zip(offsets, counts, strict=True))
            return "the file ends before the picture does" if end > len(content) else ""
        return ""
    return "it holds no picture data"
