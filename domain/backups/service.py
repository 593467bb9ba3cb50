"""Backups of the embedded database: today's copy at the first sign-in, the
administrator's overview and folder, and "back up now".

A copy takes as long as the database is big, so it is made outside any unit of
work: the app's own reads and writes go on meanwhile (storage copies a
snapshot). On a shared server there is no store: the IT person backs up the
server with `db backup --admin-url`, and these use cases say so.

Backup events are written outside the person's own permissions, as sign-ins
are: the copy is the office's, made because someone signed in. They are not
among the kinds a staff login may write on a shared server (domain/audit/kinds.py).
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import tzinfo

from domain.audit.events import AuditAction, AuditEvent
from domain.backups.copies import BackupCopy, BackupFailed, BackupFolderUnreachable, BackupKind
from domain.backups.folder_setting import BACKUP_FOLDER, validate_backup_folder
from domain.backups.health import backup_warning, daily_copy_due, newest_copy
from domain.backups.repository import BackupStore
from domain.backups.retention import copies_to_remove
from domain.common.actor import Actor
from domain.common.errors import ValidationError
from domain.common.guard import Guard
from domain.common.policy import Permission

SHARED_SERVER = (
    "On a shared server the office's IT person backs up the database with "
    "`db backup --admin-url ...` (see the README); CaseDesk makes no copies itself."
)


@dataclass(frozen=True)
class SignInBackup:
    """What the sign-in's backup did."""

    made: BackupCopy | None = None
    problem: str = ""  # why no copy was made although one was due
    warning: str | None = None  # for an administrator: backups need attention


@dataclass(frozen=True)
class BackupOverview:
    """The Settings page's Backups section."""

    available: bool  # False on a shared server
    folder: str = ""  # where copies go now
    chosen_folder: str = ""  # as stored; "" is the default
    default_folder: str = ""
    folder_version: int = 0
    reachable: bool = False
    problem: str = ""
    newest: BackupCopy | None = None
    copies: int = 0
    warning: str | None = None


class BackupService:
    def __init__(self, guard: Guard, store: BackupStore | None, zone: tzinfo | None = None):
        self._guard = guard
        self._uow_factory = guard.uow_factory
        self._clock = guard.clock
        self._store = store
        self._zone = zone  # None: this computer's time zone decides what "today" is

    @property
    def available(self) -> bool:
        return self._store is not None

    def at_sign_in(self, actor: Actor) -> SignInBackup:
        """Today's copy if none was made yet; for an administrator, any warning."""
        if self._store is None:
            return SignInBackup()
        actor, chosen, _version = self._folder_setting(actor)
        folder = chosen or self._store.default_folder()
        made: BackupCopy | None = None
        problem = ""
        copies: list[BackupCopy] | None
        try:
            copies = self._store.copies(folder)
            if daily_copy_due(copies, self._clock(), self._zone):
                made = self._store.make_copy(folder, BackupKind.DAILY, self._clock())
                copies = self._prune([*copies, made])
        except BackupFolderUnreachable as error:
            copies, problem = None, str(error)
        except BackupFailed as error:
            problem = str(error)
        if made is not None or problem:
            self._record(actor, made, BackupKind.DAILY, problem)
        warning = None
        if actor.may(Permission.SETTINGS_MANAGE):
            warning = backup_warning(folder, copies, self._clock(), problem)
            if warning is None and problem:
                warning = f"Today's backup could not be made: {problem}"
        return SignInBackup(made, problem, warning)

    def back_up_now(self, actor: Actor) -> BackupCopy:
        """An administrator's copy, made at once; ``BackupFailed`` says why not."""
        actor, chosen, _version = self._folder_setting(actor, Permission.SETTINGS_MANAGE)
        if self._store is None:
            raise BackupFailed(SHARED_SERVER)
        folder = chosen or self._store.default_folder()
        try:
            made = self._store.make_copy(folder, BackupKind.MANUAL, self._clock())
        except (BackupFolderUnreachable, BackupFailed) as error:
            self._record(actor, None, BackupKind.MANUAL, str(error))
            raise BackupFailed(str(error)) from None
        # The copy is made and checked; if the folder went away since, old ones go next time.
        with suppress(BackupFolderUnreachable):
            self._prune(self._store.copies(folder))
        self._record(actor, made, BackupKind.MANUAL)
        return made

    def overview(self, actor: Actor) -> BackupOverview:
        if self._store is None:
            self._folder_setting(actor, Permission.SETTINGS_MANAGE)
            return BackupOverview(available=False, problem=SHARED_SERVER)
        actor, chosen, version = self._folder_setting(actor, Permission.SETTINGS_MANAGE)
        default = self._store.default_folder()
        folder = chosen or default
        try:
            copies: list[BackupCopy] | None = self._store.copies(folder)
            problem = ""
        except BackupFolderUnreachable as error:
            copies, problem = None, str(error)
        return BackupOverview(
            available=True,
            folder=folder,
            chosen_folder=chosen,
            default_folder=default,
            folder_version=version,
            reachable=copies is not None,
            problem=problem,
            newest=newest_copy(copies or []),
            copies=len(copies or []),
            warning=backup_warning(folder, copies, self._clock(), problem),
        )

    def set_folder(self, actor: Actor, raw: str, expected_version: int | None) -> BackupOverview:
        """Where copies go from now on ("" : the data folder's backups/). The folder
        must be writable now; copies already made stay where they are."""
        with self._uow_factory() as uow:
            actor = self._guard.require(uow, actor, Permission.SETTINGS_MANAGE)
            if self._store is None:  # the permission first: a refusal tells nothing more
                raise ValidationError({BACKUP_FOLDER: SHARED_SERVER})
            folder = validate_backup_folder(raw)
            if folder:
                try:
                    self._store.check_folder(folder)
                except BackupFolderUnreachable as error:
                    raise ValidationError({BACKUP_FOLDER: str(error)}) from None
            uow.settings.put(
                BACKUP_FOLDER,
                folder,
                expected_version=expected_version,
                by=actor.username,
                at=self._clock(),
            )
            uow.audit.record(
                self._guard.event(
                    actor, AuditAction.SETTINGS_CHANGED, "settings", None, BACKUP_FOLDER
                )
            )
            uow.commit()
        return self.overview(actor)

    def stop(self) -> None:
        """CaseDesk is closing: a copy under way is abandoned (the next sign-in makes one)."""
        if self._store is not None:
            self._store.stop()

    # --- helpers ---------------------------------------------------------------

    def _folder_setting(
        self, actor: Actor, permission: Permission | None = None
    ) -> tuple[Actor, str, int]:
        with self._uow_factory() as uow:
            if permission is None:
                actor = self._guard.current(uow, actor)
            else:
                actor = self._guard.require(uow, actor, permission)
            chosen = uow.settings.all().get(BACKUP_FOLDER, "")
            return actor, chosen, uow.settings.versions().get(BACKUP_FOLDER, 0)

    def _prune(self, copies: list[BackupCopy]) -> list[BackupCopy]:
        """Apply the retention rule; the copies that remain."""
        assert self._store is not None
        gone = copies_to_remove(copies, self._zone)
        for copy in gone:
            self._store.remove(copy)
        return [c for c in copies if c not in gone]

    def _record(
        self, actor: Actor, made: BackupCopy | None, kind: BackupKind, problem: str = ""
    ) -> None:
        if made is not None:
            action = AuditAction.BACKUP_MADE
            detail = (
                f"{kind};file={made.location};tables={len(made.row_counts)};rows={made.rows};"
                f"bytes={made.size_bytes};checked=ok"
            )
        else:
            action, detail = AuditAction.BACKUP_FAILED, f"{kind};{problem}"
        event = AuditEvent(
            occurred_at=self._clock(),
            actor=actor.username,
            workstation=actor.workstation,
            action=action,
            entity_type="backup",
            entity_id=None,
            detail=detail,
        )
        with self._uow_factory() as uow:
            uow.audit.record(event)
            uow.commit()
