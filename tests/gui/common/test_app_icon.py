"""The CaseDesk icon: on every window, sharp at every size, and the same in the installer."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from gui.app import application
from gui.common.app_icon import ICON_SIZES, app_icon, icon_image

INSTALLER_ICON = Path(__file__).resolve().parents[3] / "installer" / "casedesk.ico"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def pixels(image: QImage) -> list[tuple[int, int, int, int]]:
    return [
        image.pixelColor(x, y).getRgb() for y in range(image.height()) for x in range(image.width())
    ]


def as_pillow(image: QImage) -> Image.Image:
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    return Image.frombytes("RGBA", (rgba.width(), rgba.height()), bytes(rgba.constBits()))


def test_the_icon_comes_in_every_size_windows_asks_for(qapp):
    assert app_icon().availableSizes() == [QSize(size, size) for size in ICON_SIZES]


@pytest.mark.parametrize("size", ICON_SIZES)
def test_each_size_is_a_visible_picture(qapp, size):
    image = app_icon().pixmap(size, size).toImage()
    assert image.size() == QSize(size, size)
    seen = pixels(image)
    opaque = [colour for colour in seen if colour[3] == 255]
    assert len(opaque) > 0.4 * len(seen)
    assert len(set(opaque)) >= 2


@pytest.mark.parametrize("size", [16, 20, 24])
def test_small_sizes_are_crisp_white_on_teal_without_grey_fringes(qapp, size):
    opaque = [colour for colour in pixels(icon_image(size)) if colour[3] == 255]
    white = [colour for colour in opaque if colour[:3] == (255, 255, 255)]
    fringe = [colour for colour in opaque if 80 < colour[0] < 230]
    assert len(white) >= size
    assert fringe == []


def test_the_installer_icon_holds_each_size_as_drawn(qapp):
    with Image.open(INSTALLER_ICON) as ico:
        assert sorted(ico.info["sizes"]) == [(size, size) for size in ICO_SIZES]
        for size in ICO_SIZES:
            frame = ico.ico.getimage((size, size)).convert("RGBA")
            difference = ImageChops.difference(frame, as_pillow(icon_image(size)))
            # Not a shrunken 256 px image, and not stale: rerun installer/draw_icon.py.
            assert max(ImageStat.Stat(difference).mean) < 1, f"{size} px differs"


def test_after_start_up_every_window_shows_the_icon(qtbot, qapp):
    before = qapp.windowIcon(), qapp.quitOnLastWindowClosed()
    try:
        assert application() is qapp
        window = QWidget()
        qtbot.addWidget(window)
        assert not window.windowIcon().isNull()
        assert QSize(16, 16) in window.windowIcon().availableSizes()
    finally:
        qapp.setWindowIcon(before[0])
        qapp.setQuitOnLastWindowClosed(before[1])
