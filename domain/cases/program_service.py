"""Use cases for programs: everyone reads the catalogue, administrators keep it."""

from __future__ import annotations

from domain.audit.events import AuditAction
from domain.cases.programs import Program, ProgramForm, validate_program_form
from domain.common.actor import Actor
from domain.common.errors import NotFound, ValidationError
from domain.common.guard import Guard
from domain.common.policy import Permission


class ProgramService:
    def __init__(self, guard: Guard):
        self._guard = guard
        self._uow_factory = guard.uow_factory
        self._clock = guard.clock

    def list(self, actor: Actor, *, include_inactive: bool = False) -> list[Program]:
        """Programs by name; anyone signed in may read them (intake offers them)."""
        with self._uow_factory() as uow:
            self._guard.current(uow, actor)
            programs = uow.programs.list_all()
        return [p for p in programs if p.active or include_inactive]

    def get(self, actor: Actor, program_id: int) -> Program:
        """One program as stored now (its dialog re-reads it after a conflict)."""
        with self._uow_factory() as uow:
            self._guard.current(uow, actor)
            program = uow.programs.get(program_id)
        if program is None:
            raise NotFound("That program does not exist.")
        return program

    def create(self, actor: Actor, form: ProgramForm) -> Program:
        now = self._clock()
        values = validate_program_form(form)
        with self._uow_factory() as uow:
            actor = self._guard.require(uow, actor, Permission.PROGRAM_MANAGE)
            self._refuse_same_name(uow, values.name, None)
            program = uow.programs.add(values, by=actor.username, at=now)
            uow.audit.record(
                self._guard.event(actor, AuditAction.PROGRAM_CREATED, "program", program.id)
            )
            uow.commit()
        return program

    def change(
        self, actor: Actor, program_id: int, expected_version: int, form: ProgramForm
    ) -> Program:
        now = self._clock()
        values = validate_program_form(form)
        with self._uow_factory() as uow:
            actor = self._guard.require(uow, actor, Permission.PROGRAM_MANAGE)
            self._refuse_same_name(uow, values.name, program_id)
            program = uow.programs.update(
                program_id, expected_version, values, by=actor.username, at=now
            )
            uow.audit.record(
                self._guard.event(actor, AuditAction.PROGRAM_CHANGED, "program", program_id)
            )
            uow.commit()
        return program

    @staticmethod
    def _refuse_same_name(uow, name: str, program_id: int | None) -> None:
        for other in uow.programs.list_all():
            if other.name.casefold() == name.casefold() and other.id != program_id:
                raise ValidationError({"name": "Another program already has this name."})
