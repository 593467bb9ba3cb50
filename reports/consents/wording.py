"""What the consent forms say, in plain words, apart from their layout.

The release of information carries each element 42 CFR § 2.31 asks of a written
consent; the consent form lays out the parts the client fills or we fill.
"""

from __future__ import annotations

from domain.consents.consent import InformationKind
from domain.settings.agency import AgencyDetails


def agency_contact(agency: AgencyDetails) -> str:
    parts = [agency.name, *agency.address_lines]
    if agency.phone:
        parts.append(f"phone {agency.phone}")
    return ", ".join(parts)


def services_text(agency: AgencyDetails) -> list[tuple[str, str]]:
    name = agency.name
    return [
        (
            "The services",
            f"{name} offers case management: we look at your needs and strengths with you, "
            "make a service plan together, refer you to other organisations and follow up. "
            "Taking part is voluntary. You may refuse any service or any part of the plan.",
        ),
        (
            "How your information is used",
            "We keep what you tell us and what we do together in a confidential case "
            "record. The staff who work on your case and their supervisors use it to provide "
            "and coordinate your services; reports we make from it never name you. We do not "
            "share information that identifies you outside the agency without your written "
            "permission (a release of information), except where the law requires it: to "
            "prevent serious harm to you or to others, to report suspected abuse or neglect "
            "of a child or a vulnerable adult, or when a court orders it.",
        ),
        (
            "How it is protected",
            "Your record is kept in a secure system. Each staff member signs in with their "
            "own account and sees only what their work needs; every view and change is "
            "logged. Paper forms are kept locked and shredded when no longer needed.",
        ),
        (
            "Your right to withdraw",
            "You may withdraw this consent at any time by telling your caseworker or by "
            f"writing to {agency_contact(agency)}. Services then stop from that day; what "
            "was done before is not undone. You may ask for services again later. You may "
            "also see your record, ask us to correct it, and make a complaint without any "
            "effect on your services.",
        ),
    ]


def services_agreement(agency: AgencyDetails) -> str:
    return (
        f"I agree to receive services from {agency.name}. I have read this form, or had it "
        "read to me in a language I understand; my questions were answered, and I was "
        "offered a copy."
    )


def release_rights(agency: AgencyDetails) -> list[tuple[str, str]]:
    return [
        (
            "Your right to revoke",
            "You may revoke this authorization at any time, except to the extent that action "
            "has already been taken in reliance on it. To revoke it, write to or tell "
            f"{agency_contact(agency)}. A revocation given by word of mouth is written down, "
            "dated and signed by the staff member who receives it.",
        ),
        (
            "Signing is your choice",
            f"{agency.name} will not make your treatment, payment, enrollment or eligibility "
            "for services depend on whether you sign this authorization.",
        ),
        (
            "Notice to the recipient",
            "Information disclosed under this authorization may be protected by federal "
            "confidentiality rules (42 CFR part 2), which prohibit you from making any further "
            "disclosure of it unless expressly permitted by the written consent of the person "
            "to whom it pertains or as otherwise permitted by those rules.",
        ),
    ]


def release_agreement(agency: AgencyDetails) -> str:
    return (
        f"I authorize {agency.name} to disclose the information described above to the "
        "recipient named above, for the purpose stated, until this authorization ends or I "
        "revoke it. I have been offered a copy of this form."
    )


# Kinds of information a paper release lists to tick; anything else goes under "Other".
# The kinds a release may cover: the app's list, so paper and screen agree.
INFORMATION_KINDS = tuple((kind.value, kind.label) for kind in InformationKind)
