"""Keep PySide6 6.12 from crashing on CPython 3.11.

PySide6 6.12.0 drops one reference to ``True`` on every signal emitted from
Python and one to ``None`` on many Qt events (a click, a text change). Python
3.12 made these objects immortal, so there the slip is harmless; on 3.11 the
counts run down and the interpreter aborts ("deallocating None") after a few
thousand events, i.e. minutes into a working day. PySide6-Pdf, which we need
for print preview, exists only for 6.12, so instead of pinning an older Qt we
give the three singletons the immortality 3.12 gives them: a reference count
the slip can never exhaust. tests/gui/test_qt_refcount_guard.py proves it.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 48


def install() -> None:
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every CPython object.
        count = ctypes.c_ssize_t.from_address(id(singleton))
        if count.value < _HEADROOM:
            count.value += _HEADROOM
