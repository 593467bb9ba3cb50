"""Files people attach, made on the spot: small and large PDFs, pictures of each
accepted type, and the bad ones (a program renamed to .pdf, cut-off scans, a
PDF behind a password, a TIFF no previewer can draw)."""

from __future__ import annotations

import io
import os
import struct
import zlib

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas


def pdf(pages: int = 1, text: str = "Proof of income") -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=letter)
    for number in range(1, pages + 1):
        page.setFont("Helvetica", 28)
        page.drawString(72, 680, f"{text} — page {number}")
        page.rect(72, 200, 450, 420)
        page.showPage()
    page.save()
    return out.getvalue()


def scanned_pdf(byte_size: int) -> bytes:
    """A one-page PDF of about ``byte_size`` bytes: a page-sized picture of noise, as
    an uncompressed scan is (random bytes, so no database compresses it either)."""
    side = max(8, int((byte_size / 3) ** 0.5))
    pixels = os.urandom(side * side * 3)
    content = b"q 540 0 0 700 36 46 cm /Scan Do Q"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /XObject << /Scan 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
        b"/BitsPerComponent 8 /Length %d >>\nstream\n"
        % (side, side, len(pixels))
        + pixels
        + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png(width: int = 64, height: int = 48, colour: tuple[int, int, int] = (40, 120, 200)) -> bytes:
    row = b"\x00" + bytes(colour) * width
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + _chunk(b"IDAT", zlib.compress(row * height))
        + _chunk(b"IEND", b"")
    )


def _qt_image(kind: str, width: int, height: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(200, 80, 40))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, kind), f"Qt could not write {kind}"
    buffer.close()
    return bytes(data.data())


def jpeg(width: int = 80, height: int = 60) -> bytes:
    return _qt_image("JPEG", width, height)


def tiff(width: int = 80, height: int = 60) -> bytes:
    return _qt_image("TIFF", width, height)


def undrawable_tiff() -> bytes:
    """A whole, well-formed TIFF whose pixels are in a compression (JPEG 2000, 34712)
    that no previewer here decodes: an allowed type that cannot be shown."""
    width = height = 16
    data = os.urandom(200)
    entries = [
        (256, 3, 1, width),  # ImageWidth
        (257, 3, 1, height),  # ImageLength
        (258, 3, 1, 8),  # BitsPerSample
        (259, 3, 1, 34712),  # Compression: JPEG 2000
        (262, 3, 1, 1),  # Photometric: black is zero
        (273, 4, 1, 0),  # StripOffsets (filled in below)
        (277, 3, 1, 1),  # SamplesPerPixel
        (278, 3, 1, height),  # RowsPerStrip
        (279, 4, 1, len(data)),  # StripByteCounts
    ]
    ifd_at = 8
    data_at = ifd_at + 2 + 12 * len(entries) + 4
    out = bytearray(b"II*\x00" + struct.pack("<I", ifd_at))
    out += struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        if tag == 273:
            value = data_at
        if kind == 3:
            out += struct.pack("<HHIHH", tag, kind, count, value, 0)
        else:
            out += struct.pack("<HHII", tag, kind, count, value)
    out += struct.pack("<I", 0)
    out += data
    return bytes(out)


def password_pdf() -> bytes:
    """A whole PDF that opens only with its password (so it cannot be previewed)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf(1, "Bank statement"))).pages:
        writer.add_page(page)
    writer.encrypt(user_password="letmein", owner_password="owner-secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def windows_program() -> bytes:
    """The first bytes of a Windows .exe (enough for anyone to tell what it is)."""
    header = bytearray(512)
    header[0:2] = b"MZ"
    header[0x3C:0x40] = struct.pack("<I", 0x80)
    header[0x4E : 0x4E + 39] = b"This program cannot be run in DOS mode."
    header[0x80:0x84] = b"PE\x00\x00"
    return bytes(header) + os.urandom(4096)


def cut_off(content: bytes, keep: float = 0.6) -> bytes:
    """What a copy that stopped part of the way leaves behind."""
    return content[: max(1, int(len(content) * keep))]
