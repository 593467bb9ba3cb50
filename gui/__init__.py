"""The PySide6 desktop interface. Talks to domain services only, never to storage."""

from gui import qt_refcount_guard

# Before any Qt signal is emitted: see the module for why.
qt_refcount_guard.install()
