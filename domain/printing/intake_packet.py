"""What a client's intake and consent packet prints: the record and what came
with it at intake. A read model, gathered by whoever may read it, for reports/."""

from __future__ import annotations

from dataclasses import dataclass

from domain.assessments.assessment import Assessment
from domain.cases.case import CaseSummary
from domain.cases.programs import Program
from domain.clients.households import HouseholdMember
from domain.clients.record import ClientRecord
from domain.consents.consent import Consent


@dataclass(frozen=True)
class IntakePacket:
    client: ClientRecord
    household: tuple[HouseholdMember, ...] = ()  # head first, the client among them
    assessment: Assessment | None = None  # the initial assessment
    program: Program | None = None
    case: CaseSummary | None = None
    services_consent: Consent | None = None  # None: not yet signed, print it for signing
    releases: tuple[Consent, ...] = ()  # releases of information to print with it
    staff_name: str = ""  # who does the intake, printed under the staff signature line
    # Signatures drawn on screen for the consents printed (domain/signatures).
    signatures: tuple = ()

    def signatures_of(self, consent: Consent | None) -> tuple:
        """Those of one printed consent: each form draws its own."""
        if consent is None:
            return ()
        return tuple(s for s in self.signatures if s.consent_id == consent.id)
