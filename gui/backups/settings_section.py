"""The Settings page's Backups section (administrators, embedded database): the
last good backup's date and place, the backup folder, and "Back up now"."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from domain.backups.copies import BackupCopy
from domain.backups.folder_setting import BACKUP_FOLDER, LONGEST_FOLDER
from domain.backups.retention import KEEP_DAILY, KEEP_WEEKLY
from domain.backups.service import BackupOverview, BackupService
from domain.common.actor import Actor
from domain.common.errors import ConflictError
from gui.common.form_fields import ERROR_COLOUR, FormFields
from gui.common.runner import BackgroundRunner
from gui.settings.status_line import StatusLine


def describe_copy(copy: BackupCopy) -> str:
    size = f"{copy.size_bytes / (1 << 20):.1f} MB"
    return f"{copy.taken_at.astimezone():%A %d %B %Y, %H:%M} · {copy.location} ({size})"


class BackupSettings(QWidget):
    def __init__(
        self,
        runner: BackgroundRunner,
        service: BackupService,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        copier: BackgroundRunner | None = None,
    ):
        """``copier`` makes copies, so that a long one never holds up ``runner``."""
        super().__init__(parent)
        self._runner, self._copier = runner, copier or runner
        self._service, self._actor = service, actor
        self._version = 0  # of the folder shown; the save carries it
        heading = QLabel(f"<b>{self.tr('Backups')}</b>", self)
        explanation = QLabel(
            self.tr(
                "CaseDesk copies the database at the first sign-in of each day and before "
                "every upgrade, and checks each copy. It keeps {0} daily and {1} weekly "
                "copies and every copy made before an upgrade. Choose a folder on a USB or "
                "network drive to keep them off this computer."
            ).format(KEEP_DAILY, KEEP_WEEKLY),
            self,
        )
        explanation.setWordWrap(True)
        self.last_good = QLabel(self)
        self.last_good.setObjectName("last_good_backup")
        self.last_good.setWordWrap(True)
        self.warning = QLabel(self)
        self.warning.setObjectName("backup_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.warning.hide()

        self.fields = FormFields(self)
        self.folder = self.fields.add_line_edit(
            BACKUP_FOLDER, self.tr("Backup &folder"), max_length=LONGEST_FOLDER
        )
        self.folder.returnPressed.connect(self.save_folder)
        self.browse_button = QPushButton(self.tr("B&rowse…"), self)
        self.browse_button.setAutoDefault(False)
        self.browse_button.clicked.connect(self.browse)
        self.save_button = QPushButton(self.tr("Save f&older"), self)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save_folder)
        self.back_up_button = QPushButton(self.tr("Back up no&w"), self)
        self.back_up_button.setAutoDefault(False)
        self.back_up_button.clicked.connect(self.back_up_now)
        self.confirmation = StatusLine("backup_confirmation", self)
        for widget in (self.folder, self.browse_button, self.save_button, self.back_up_button):
            widget.setEnabled(False)  # until the overview has been read

        row = QHBoxLayout()
        for button in (self.browse_button, self.save_button, self.back_up_button):
            row.addWidget(button)
        row.addWidget(self.confirmation, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(explanation)
        layout.addWidget(self.last_good)
        layout.addWidget(self.warning)
        layout.addLayout(self.fields.layout)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        self._runner.submit(
            self._service.overview, self._actor, on_success=self.show_overview, owner=self
        )

    def show_overview(self, overview: BackupOverview) -> None:
        self.overview = overview
        if not overview.available:
            self.last_good.setText(overview.problem)
            self.folder.setEnabled(False)
            for button in (self.browse_button, self.save_button, self.back_up_button):
                button.setEnabled(False)
            return
        for widget in (self.folder, self.browse_button, self.save_button, self.back_up_button):
            widget.setEnabled(True)
        self._version = overview.folder_version
        self.folder.setText(overview.chosen_folder)
        self.folder.setPlaceholderText(
            self.tr("{0} (on this computer)").format(overview.default_folder)
        )
        if overview.newest is not None:
            self.last_good.setText(
                self.tr("Last good backup: {0}").format(describe_copy(overview.newest))
            )
        elif overview.reachable:
            self.last_good.setText(
                self.tr("Last good backup: none yet in {0}").format(overview.folder)
            )
        else:
            self.last_good.setText(self.tr("Last good backup: unknown"))
        self.warning.setText(overview.warning or "")
        self.warning.setVisible(bool(overview.warning))

    def browse(self) -> None:
        start = self.folder.text() or self.folder.placeholderText()
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Backup folder"), start)
        if chosen:
            self.folder.setText(chosen)

    def save_folder(self) -> None:
        self.save_button.setEnabled(False)
        self.confirmation.clear()
        self._runner.submit(
            self._service.set_folder,
            self._actor,
            self.folder.text(),
            self._version,
            on_success=self._folder_saved,
            on_error=self._not_saved,
            owner=self,
        )

    def _folder_saved(self, overview: BackupOverview) -> None:
        self.save_button.setEnabled(True)
        self.fields.clear_messages()
        self.show_overview(overview)
        self.confirmation.saved(self.tr("Saved: copies now go to {0}.").format(overview.folder))

    def _not_saved(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, ConflictError):
            # One office PC: two administrators at once are rare enough to say it
            # and show what is stored now, without a compare dialog.
            who = error.changed_by or self.tr("Someone else")
            self.confirmation.setStyleSheet(f"color: {ERROR_COLOUR};")
            self.confirmation.setText(
                self.tr(
                    "Not saved: {0} changed the backup folder after you opened it; it "
                    "shows their folder now."
                ).format(who)
            )
            self.refresh()
            return
        self.fields.present(error)

    def back_up_now(self) -> None:
        self.back_up_button.setEnabled(False)
        self.confirmation.saved(self.tr("Copying the database…"))
        self._copier.submit(
            self._service.back_up_now,
            self._actor,
            on_success=self._backed_up,
            on_error=self._backup_failed,
            owner=self,
        )

    def _backed_up(self, copy: BackupCopy) -> None:
        self.back_up_button.setEnabled(True)
        self.confirmation.saved(self.tr("Backed up and checked: {0}").format(copy.location))
        self.refresh()

    def _backup_failed(self, error: BaseException) -> None:
        self.back_up_button.setEnabled(True)
        self.confirmation.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.confirmation.setText(str(error))
        self.refresh()
