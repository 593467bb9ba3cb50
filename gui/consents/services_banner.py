"""The warning every screen where services go on shows (a note, a plan, a
referral): the client's consent to services is missing, has expired or was
withdrawn. It warns, it does not stop the work: the note of a phone call that
happened must still be written."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QWidget

from domain.common.actor import Actor
from domain.consents.services_consent import ServicesConsentCheck
from gui.common.runner import BackgroundRunner

WARNING_STYLE = (
    "background: #fdecea; color: #7f1d1d; border: 1px solid #f5a3a3; border-radius: 4px;"
    "padding: 6px 10px;"
)


class ServicesConsentBanner(QLabel):
    """Hidden while the consent holds; otherwise what is wrong and what to do."""

    checked = Signal(object)  # the ServicesConsentCheck that fails, or None when all hold

    def __init__(self, runner: BackgroundRunner, consents_service, actor: Actor, parent: QWidget):
        super().__init__(parent)
        self._runner, self._service, self._actor = runner, consents_service, actor
        self.setObjectName("services_consent_banner")
        self.setWordWrap(True)
        self.setStyleSheet(WARNING_STYLE)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._asked: tuple[int, ...] = ()
        self.hide()

    def watch(self, case_ids: Sequence[int]) -> None:
        """Check these cases' consent to services (the first that fails is shown)."""
        self._asked = tuple(case_ids)
        if not self._asked:
            self.show_check(None)
            return
        service, actor, asked = self._service, self._actor, self._asked

        def check() -> ServicesConsentCheck | None:
            found = (service.services_check(actor, case_id) for case_id in asked)
            return next((c for c in found if not c.holds), None)

        # Advisory: if the check itself fails, the work it would warn about reports it.
        self._runner.submit(
            check,
            on_success=lambda found: self._answered(asked, found),
            on_error=lambda _error: self._answered(asked, None),
            owner=self,
        )

    def recheck(self) -> None:
        """Again for the same cases: a consent was recorded or revoked since."""
        self.watch(self._asked)

    def _answered(self, asked: tuple[int, ...], found: ServicesConsentCheck | None) -> None:
        if asked == self._asked:  # not overtaken by another case chosen since
            self.show_check(found)

    def show_check(self, check: ServicesConsentCheck | None) -> None:
        failing = check is not None and not check.holds
        self.setText(self.tr(check.message) if failing else "")
        self.setVisible(failing)
        self.checked.emit(check if failing else None)
