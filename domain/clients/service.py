"""Use cases for clients: register, read, change, list, search, check for duplicates.

Each method opens its own unit of work, so a failed call leaves nothing behind.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from domain.audit.events import AuditAction
from domain.clients._index import found_under, match_keys, person_keys, search_words
from domain.clients.duplicates import PersonKeys, blocking_keys, score
from domain.clients.record import (
    ClientForm,
    ClientPage,
    ClientRecord,
    ClientSummary,
    validate_client_form,
)
from domain.clients.search import read_query
from domain.clients.ssn import ERASED, clean_ssn, last_four
from domain.common.actor import Actor
from domain.common.clock import local_date
from domain.common.errors import ValidationError
from domain.common.field_rules import FieldProblem, clean_birth_date, clean_text
from domain.common.guard import Guard
from domain.common.policy import Permission, allows
from domain.common.saving import SaveRequest, once_more_if_lost
from domain.common.unit_of_work import UnitOfWork

MAX_PAGE_SIZE = 1000
MAX_SEARCH_RESULTS = 50
MAX_CANDIDATES = 200  # scored per check; blocking keeps the real number far lower
SHOWN_DUPLICATES = 8
# Anything below this is not worth a person's attention at all.
POSSIBLE_MATCH = 0.6


@dataclass(frozen=True)
class DuplicateCandidate:
    client: ClientSummary
    score: float
    reasons: tuple[str, ...]
    likely: bool


class ClientService:
    def __init__(self, guard: Guard):
        self._guard = guard
        self._uow_factory = guard.uow_factory
        self._clock = guard.clock

    @staticmethod
    def _caseload_of(actor: Actor) -> int | None:
        return None if allows(actor.role, Permission.CLIENT_ANY) else actor.staff_id

    def register(
        self,
        actor: Actor,
        form: ClientForm,
        not_a_duplicate_reason: str = "",
        request_id: str | None = None,
    ) -> ClientRecord:
        """Register a new client.

        When the person looks like someone already registered, the caller must
        say why this is a new person anyway; the reason is audited.
        ``request_id``: the form's id for this registration, kept until it is
        confirmed; registering again with it answers with the client it made
        (domain/common/saving.py).
        """
        now = self._clock()
        request = SaveRequest.of(request_id)
        return once_more_if_lost(
            lambda again: self._register(
                actor,
                form,
                not_a_duplicate_reason,
                request.attempt(again),
                now,
            ),
            repeatable=request.given,
        )

    def _register(
        self, actor: Actor, form: ClientForm, reason: str, request: SaveRequest, now: datetime
    ) -> ClientRecord:
        with self._uow_factory() as uow:
            actor = self._guard.require(uow, actor, Permission.CLIENT_REGISTER)
            if request.maybe_made:
                made = uow.clients.for_request(request.id)
                if made is not None:
                    return made
            client = self.register_in(uow, actor, form, reason, now, request=request)
            uow.commit()
        return client

    def register_in(
        self,
        uow: UnitOfWork,
        actor: Actor,
        form: ClientForm,
        not_a_duplicate_reason: str,
        now: datetime,
        request: SaveRequest | None = None,
    ) -> ClientRecord:
        """Register within a larger use case's transaction (the caller checked the role)."""
        values = validate_client_form(form, today=local_date(now))
        likely = [c for c in self._candidates(uow, actor, person_keys(values)) if c.likely]
        reason = ""
        if likely:
            reason = self._override_reason(not_a_duplicate_reason, likely)
        client = uow.clients.add(
            values,
            words=search_words(values),
            keys=match_keys(values),
            by=actor.username,
            at=now,
            request_id=None if request is None else request.id,
        )
        uow.audit.record(self._guard.event(actor, AuditAction.CLIENT_CREATED, "client", client.id))
        if likely:
            numbers = ",".join(c.client.number for c in likely)
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.DUPLICATE_OVERRIDDEN,
                    "client",
                    client.id,
                    f"likely {numbers}; reason: {reason}",
                )
            )
        return client

    def likely_duplicates_in(
        self, uow: UnitOfWork, actor: Actor, keys: PersonKeys
    ) -> list[DuplicateCandidate]:
        return [c for c in self._candidates(uow, actor, keys) if c.likely]

    @staticmethod
    def _override_reason(typed: str, likely: list[DuplicateCandidate]) -> str:
        numbers = ", ".join(c.client.number for c in likely[:3])
        try:
            reason = clean_text(typed, longest=300)
        except FieldProblem as problem:
            raise ValidationError({"duplicate_reason": str(problem)}) from None
        if not reason or len(reason) < 5:
            raise ValidationError(
                {
                    "duplicate_reason": (
                        f"This may be someone already registered ({numbers}). Open that "
                        "record, or say why this is a different person."
                    )
                }
            )
        return reason

    def open(self, actor: Actor, client_id: int) -> ClientRecord:
        """Read one client's record for display; the view is audited."""
        with self._uow_factory() as uow:
            actor, client = self._guard.reach_client(uow, actor, Permission.CLIENT_OPEN, client_id)
            uow.audit.record(
                self._guard.event(actor, AuditAction.CLIENT_VIEWED, "client", client_id)
            )
            uow.commit()
        return client

    def reread(self, actor: Actor, client_id: int) -> ClientRecord:
        """The record again for a window already showing it, after a change elsewhere.

        The window's opening was the audited view; re-reading it while it stays
        open is not a new one. Access is checked again: a case taken away meanwhile
        ends the caseworker's view (PermissionDenied).
        """
        with self._uow_factory() as uow:
            _, client = self._guard.reach_client(uow, actor, Permission.CLIENT_OPEN, client_id)
            names = uow.clients.staff_names([client.updated_by])
        return replace(client, updated_by_name=names.get(client.updated_by, client.updated_by))

    def reveal_ssn(self, actor: Actor, client_id: int) -> str | None:
        """The full SSN, for the roles that may see it; every reveal is audited."""
        with self._uow_factory() as uow:
            actor, _client = self._guard.reach_client(
                uow, actor, Permission.CLIENT_SSN_VIEW, client_id
            )
            ssn = uow.clients.full_ssn(client_id)
            uow.audit.record(
                self._guard.event(actor, AuditAction.CLIENT_SSN_VIEWED, "client", client_id)
            )
            uow.commit()
        return ssn

    def change(
        self, actor: Actor, client_id: int, expected_version: int, form: ClientForm
    ) -> ClientRecord:
        """Save an edited form over the version the person opened.

        Raises ``ConflictError`` if someone saved in between; saving an unchanged
        form changes nothing and keeps the version. A blank SSN keeps the stored one.
        """
        now = self._clock()
        with self._uow_factory() as uow:
            actor, current = self._guard.reach_client(uow, actor, Permission.CLIENT_EDIT, client_id)
            client = self.change_in(uow, actor, current, expected_version, form, now)
            uow.commit()
        return client

    def change_in(
        self,
        uow: UnitOfWork,
        actor: Actor,
        current: ClientRecord,
        expected_version: int,
        form: ClientForm,
        now: datetime,
    ) -> ClientRecord:
        """Change within a larger use case's transaction (the caller reached the client)."""
        values = validate_client_form(form, today=local_date(now))
        if not form.ssn.strip():
            if form.ssn_quality is None:
                # The form never shows the stored number; untouched, it stays.
                values = replace(
                    values, ssn_last4=current.ssn_last4, ssn_quality=current.ssn_quality
                )
            else:
                values = replace(values, ssn=ERASED)  # "refused" now: forget it
        changed = values.changed_from(current.as_fields())
        if not changed and current.version == expected_version:
            return current
        words, keys = found_under(uow.clients, current.id, values)
        client = uow.clients.update(
            current.id,
            expected_version,
            values,
            words=words,
            keys=keys,
            by=actor.username,
            at=now,
        )
        uow.audit.record(
            self._guard.event(
                actor, AuditAction.CLIENT_CHANGED, "client", current.id, ",".join(changed)
            )
        )
        return client

    def list_page(self, actor: Actor, *, offset: int = 0, limit: int = 200) -> ClientPage:
        """A page of the clients this person may see, by last name then first name."""
        offset = max(0, offset)
        limit = min(max(1, limit), MAX_PAGE_SIZE)
        with self._uow_factory() as uow:
            actor = self._guard.require(uow, actor, Permission.CLIENT_LIST)
            caseload_of = self._caseload_of(actor)
            rows = uow.clients.list_page(offset=offset, limit=limit, caseload_of=caseload_of)
            total = uow.clients.count(caseload_of=caseload_of)
        return ClientPage(rows=tuple(rows), total=total)

    def search(
        self, actor: Actor, typed: str, *, limit: int = MAX_SEARCH_RESULTS
    ) -> list[ClientSummary]:
        """Clients matching what was typed (name parts, date, phone, number, SSN
        last four), among those this person may see."""
        query = read_query(typed)
        with self._uow_factory() as uow:
            actor = self._guard.require(uow, actor, Permission.CLIENT_LIST)
            if query.empty:
                return []
            return uow.clients.search(
                query,
                limit=min(max(1, limit), MAX_SEARCH_RESULTS),
                caseload_of=self._caseload_of(actor),
            )

    def possible_duplicates(self, actor: Actor, form: ClientForm) -> list[DuplicateCandidate]:
        """Who the person being typed might already be, best first.

        Works on a half-filled form: whatever is readable so far is compared.
        """
        typed = _readable_keys(form, local_date(self._clock()))
        if not (typed.first_name or typed.last_name or typed.date_of_birth or typed.ssn_last4):
            return []
        with self._uow_factory() as uow:
            actor = self._guard.require(uow, actor, Permission.CLIENT_REGISTER)
            return self._candidates(uow, actor, typed)[:SHOWN_DUPLICATES]

    def _candidates(
        self, uow: UnitOfWork, actor: Actor, typed: PersonKeys
    ) -> list[DuplicateCandidate]:
        found = uow.clients.match_candidates(
            blocking_keys(typed), limit=MAX_CANDIDATES, caseload_of=self._caseload_of(actor)
        )
        ranked = []
        for summary, known in found:
            result = score(typed, known)
            if result.score >= POSSIBLE_MATCH:
                ranked.append(
                    DuplicateCandidate(summary, result.score, result.reasons, result.likely)
                )
        ranked.sort(key=lambda c: (-c.score, c.client.last_name, c.client.id))
        return ranked


def _readable_keys(form: ClientForm, today) -> PersonKeys:
    try:
        born = clean_birth_date(form.date_of_birth, today=today)
    except FieldProblem:
        born = None
    try:
        ssn4 = last_four(clean_ssn(form.ssn))
    except FieldProblem:
        ssn4 = None
    return PersonKeys(form.first_name.strip(), form.last_name.strip(), born, ssn4)
