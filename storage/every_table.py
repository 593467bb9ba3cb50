"""Every feature's tables on the one MetaData: what migrations are checked against."""

from __future__ import annotations

from storage.assessments import tables as assessments
from storage.attachments import tables as attachments
from storage.audit import tables as audit
from storage.cases import tables as cases
from storage.clients import tables as clients
from storage.common.metadata import metadata
from storage.consents import tables as consents
from storage.notes import tables as notes
from storage.plans import tables as plans
from storage.referrals import tables as referrals
from storage.settings import tables as settings
from storage.signatures import tables as signatures
from storage.staff import tables as staff

# Importing a feature's tables puts them on the metadata; these names say which.
FEATURE_TABLES = (
    assessments,
    attachments,
    audit,
    cases,
    clients,
    consents,
    notes,
    plans,
    referrals,
    settings,
    signatures,
    staff,
)

__all__ = ["FEATURE_TABLES", "metadata"]
