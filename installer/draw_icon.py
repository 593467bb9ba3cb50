"""Write installer/casedesk.ico and casedesk-256.png from the icon the windows use.

Run ``python installer/draw_icon.py`` after changing gui/common/app_icon.py and
commit both files: the installer build then needs no display. Needs the project
installed (``pip install -e .``) so that ``gui`` imports.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Before Qt loads: render without a display (build machines, CI).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtGui import QGuiApplication, QImage

from gui.common.app_icon import icon_image

HERE = Path(__file__).resolve().parent
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def pillow_image(size: int) -> Image.Image:
    image = icon_image(size).convertToFormat(QImage.Format.Format_RGBA8888)
    return Image.frombytes("RGBA", (size, size), bytes(image.constBits()))


def write_icons(folder: Path) -> None:
    drawn = {size: pillow_image(size) for size in ICO_SIZES}
    largest = drawn[max(ICO_SIZES)]
    largest.save(folder / "casedesk-256.png")
    # Pillow's ICO writer shrinks the first image to every size it is not also
    # handed: passing each drawing keeps the pixel-snapped small ones.
    largest.save(
        folder / "casedesk.ico",
        format="ICO",
        sizes=[(size, size) for size in ICO_SIZES],
        append_images=[drawn[size] for size in ICO_SIZES if size != max(ICO_SIZES)],
    )


def main() -> None:
    QGuiApplication(sys.argv)
    write_icons(HERE)
    print(f"wrote {HERE / 'casedesk.ico'} and {HERE / 'casedesk-256.png'}")


if __name__ == "__main__":
    main()
