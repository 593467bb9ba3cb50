"""Helpers smoke.sh runs with the host's Python 3 (standard library only, so the
smoke test needs no extra Debian package):

    host_tools.py lnk FILE.lnk
        prints the shortcut's target, working folder and arguments, one per line
        ("target=...", "workdir=...", "args=..."), then each argument as Windows
        would split them ("argv=..."): the GUI is started with the shortcut's own command.
    host_tools.py shot XWD_FILE OUT.png [X Y WIDTH HEIGHT]
        writes Xvfb's framebuffer (Xvfb -fbdir keeps it as an XWD file) as a PNG,
        cropped to a window when given, and prints how many colours it holds: a
        window Wine has mapped but not yet painted is one flat colour.
"""

from __future__ import annotations

import struct
import sys
import zlib

# --- Shell links (MS-SHLLINK) ---------------------------------------------------

HAS_ID_LIST, HAS_LINK_INFO, IS_UNICODE = 0x01, 0x02, 0x80
STRING_FLAGS = (  # the StringData entries, in the order the format stores them
    (0x04, "name"),
    (0x08, "relative_path"),
    (0x10, "workdir"),
    (0x20, "args"),
    (0x40, "icon"),
)


def _c_string(data: bytes, start: int, wide: bool) -> str:
    if wide:
        end = start
        while data[end : end + 2] != b"\0\0":
            end += 2
        return data[start:end].decode("utf-16-le")
    return data[start : data.index(b"\0", start)].decode("cp1252")  # ANSI: Western default


def read_shortcut(path: str) -> dict[str, str]:
    with open(path, "rb") as file:
        data = file.read()
    if len(data) < 76 or struct.unpack_from("<I", data, 0)[0] != 0x4C:
        raise ValueError(f"{path} is not a shell link")
    flags = struct.unpack_from("<I", data, 20)[0]
    at = 76
    if flags & HAS_ID_LIST:
        at += 2 + struct.unpack_from("<H", data, at)[0]
    found: dict[str, str] = {}
    if flags & HAS_LINK_INFO:
        size, header, info_flags, _vol, base, _net, suffix = struct.unpack_from("<7I", data, at)
        if info_flags & 1:  # VolumeIDAndLocalBasePath
            if header >= 0x24:  # the Unicode copies follow the header's ANSI offsets
                base_w, suffix_w = struct.unpack_from("<2I", data, at + 28)
                target = _c_string(data, at + base_w, True) + _c_string(data, at + suffix_w, True)
            else:
                target = _c_string(data, at + base, False) + _c_string(data, at + suffix, False)
            found["target"] = target
        at += size
    for bit, key in STRING_FLAGS:
        if flags & bit:
            count = struct.unpack_from("<H", data, at)[0]
            at += 2
            width = 2 if flags & IS_UNICODE else 1
            raw = data[at : at + count * width]
            # Some writers (Wine's among them) count the terminating NUL in the length.
            found[key] = raw.decode("utf-16-le" if width == 2 else "cp1252").rstrip("\0")
            at += count * width
    return found


def split_command_line(line: str) -> list[str]:
    """CommandLineToArgvW's rules: quotes group, 2n backslashes before a quote give n."""
    argv: list[str] = []
    current: list[str] = []
    in_quotes = have_arg = False
    i = 0
    while i < len(line):
        char = line[i]
        if char == "\\":
            run = 0
            while i < len(line) and line[i] == "\\":
                run += 1
                i += 1
            if i < len(line) and line[i] == '"':
                current.append("\\" * (run // 2))
                if run % 2:
                    current.append('"')
                    i += 1
            else:
                current.append("\\" * run)
            have_arg = True
            continue
        if char == '"':
            in_quotes = not in_quotes
            have_arg = True
        elif char in " \t" and not in_quotes:
            if have_arg:
                argv.append("".join(current))
                current, have_arg = [], False
        else:
            current.append(char)
            have_arg = True
        i += 1
    if have_arg:
        argv.append("".join(current))
    return argv


def lnk_command(path: str) -> int:
    link = read_shortcut(path)
    if "target" not in link:
        print(f"{path}: the shortcut names no local target", file=sys.stderr)
        return 1
    for key in ("target", "workdir", "args", "icon"):
        print(f"{key}={link.get(key, '')}")
    for arg in split_command_line(link.get("args", "")):
        print(f"argv={arg}")
    return 0


# --- Screenshots ---------------------------------------------------------------


def _mask_shift(mask: int) -> tuple[int, int]:
    shift = (mask & -mask).bit_length() - 1 if mask else 0
    return shift, (mask >> shift) if mask else 0


def read_xwd(path: str):
    """(width, height, RGB rows) of an XWD file as Xvfb's -fbdir writes it."""
    with open(path, "rb") as file:
        data = file.read()
    # The header's byte order is the writer's; its first field (its own size) tells.
    order = ">" if struct.unpack_from(">I", data, 0)[0] < 0x10000 else "<"
    fields = struct.unpack_from(order + "25I", data, 0)
    header_size, _version, pixmap_format, depth, width, height = fields[:6]
    byte_order, bits_per_pixel, bytes_per_line = fields[7], fields[11], fields[12]
    masks = fields[14:17]
    ncolors = fields[19]
    if pixmap_format != 2 or bits_per_pixel not in (24, 32) or depth < 24:
        raise ValueError(
            f"unsupported XWD: format {pixmap_format}, depth {depth}, {bits_per_pixel} bpp"
        )
    pixels = header_size + ncolors * 12
    step = bits_per_pixel // 8
    pixel_order = "little" if byte_order == 0 else "big"
    shifts = [_mask_shift(m) for m in masks]
    rows = []
    for y in range(height):
        line = data[pixels + y * bytes_per_line : pixels + y * bytes_per_line + width * step]
        rows.append(_rgb_row(line, width, step, pixel_order, masks, shifts))
    return width, height, rows


def _rgb_row(line, width, step, pixel_order, masks, shifts) -> bytes:
    # Xvfb's usual layout (32 bpp, 8-bit masks) is sliced at once; anything else goes per pixel.
    standard = masks == (0xFF0000, 0xFF00, 0xFF) and step == 4
    if standard:
        out = bytearray(width * 3)
        if pixel_order == "little":  # bytes B G R x
            out[0::3], out[1::3], out[2::3] = line[2::4], line[1::4], line[0::4]
        else:  # bytes x R G B
            out[0::3], out[1::3], out[2::3] = line[1::4], line[2::4], line[3::4]
        return bytes(out)
    out = bytearray()
    for x in range(width):
        value = int.from_bytes(line[x * step : (x + 1) * step], pixel_order)
        for mask, (shift, top) in zip(masks, shifts, strict=True):
            out.append(((value & mask) >> shift) * 255 // top if top else 0)
    return bytes(out)


def write_png(path: str, width: int, height: int, rows: list[bytes]) -> None:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    raw = b"".join(b"\0" + row for row in rows)  # filter type 0 on every row
    with open(path, "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n")
        out.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        out.write(chunk(b"IDAT", zlib.compress(raw, 6)))
        out.write(chunk(b"IEND", b""))


def shot_command(xwd: str, png: str, box: list[str]) -> int:
    width, height, rows = read_xwd(xwd)
    if box:
        x, y, w, h = (int(v) for v in box)
        x0, y0 = max(x, 0), max(y, 0)
        x1, y1 = min(x + w, width), min(y + h, height)
        if x1 <= x0 or y1 <= y0:
            print(f"the box {box} lies off the {width}x{height} screen", file=sys.stderr)
            return 1
        rows = [row[x0 * 3 : x1 * 3] for row in rows[y0:y1]]
        width, height = x1 - x0, y1 - y0
    write_png(png, width, height, rows)
    colours = {row[i : i + 3] for row in rows for i in range(0, len(row), 3)}
    print(f"{width}x{height} {len(colours)} colours")
    return 0


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "lnk":
        return lnk_command(argv[1])
    if len(argv) in (3, 7) and argv[0] == "shot":
        return shot_command(argv[1], argv[2], argv[3:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
