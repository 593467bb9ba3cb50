"""The referral letter: to the resource, on the agency's letterhead, with only the
client's details that the release of information allows, the reason for the
referral, and who at the agency to contact."""

from __future__ import annotations

from datetime import datetime

from reportlab.platypus import Flowable, Spacer

from domain.common.field_rules import format_date
from domain.referrals.referral import ReferralLetter
from reports.common.form_parts import agency_text, form_title, para, section
from reports.common.page_frame import BODY_WIDTH, PageFrame, framed_pdf

FORM_TITLE = "Referral"


def _lines(pairs: list[tuple[str, str]]) -> list[Flowable]:
    return [para(f"{label}: {value}", "body", BODY_WIDTH) for label, value in pairs if value]


def referral_letter_pdf(letter: ReferralLetter, printed_at: datetime) -> bytes:
    referral, resource, agency = letter.referral, letter.resource, letter.agency
    to = [resource.organisation]
    if resource.service:
        to.append(resource.service)
    to += [line for line in resource.address.split("\n") if line]
    to += [text for text in (resource.phone, resource.email) if text]
    story: list[Flowable] = [
        *form_title(
            f"Referral to {resource.organisation}",
            f"Sent {format_date(referral.sent_on)} by {referral.method.label.lower()} · "
            f"printed {format_date(printed_at.date())}",
        ),
        *section("To", *[para(line, "body", BODY_WIDTH) for line in to]),
    ]
    client = [("Name", letter.client_name), ("Client number", letter.client_number)]
    if letter.contact_lines is not None:
        client += [("Contact", line) for line in letter.contact_lines]
    if letter.date_of_birth is not None:
        client.append(("Date of birth", format_date(letter.date_of_birth)))
    if letter.language:
        client.append(("Language", letter.language))
    story += section("Client", *_lines(client))
    why = [para(referral.reason, "body", BODY_WIDTH)]
    if referral.need is not None:
        why.insert(0, para(f"Need: {referral.need.label}", "body_bold", BODY_WIDTH, bold=True))
    if letter.need_summary:
        why.append(para(letter.need_summary, "body", BODY_WIDTH))
    story += section("Reason for the referral", *why)
    shared = ", ".join(kind.label.lower() for kind in letter.information)
    if letter.overridden:
        basis = (
            "Shared without a release of information in effect, on a supervisor's "
            "decision recorded in the agency's audit trail; limited to the client's "
            "name and contact details."
        )
    else:
        basis = (
            f"Shared under the client's release of information for {resource.organisation}, "
            f"which covers: {shared}. Nothing else about the client is disclosed."
        )
    story += section("Consent", para(basis, "body", BODY_WIDTH))
    contact = [("Caseworker", letter.caseworker_name), ("Agency", agency.name)]
    if agency.address_lines:
        contact.append(("Address", ", ".join(agency.address_lines)))
    contact.append(("Phone", letter.caseworker_phone))
    story += section("Please reply to", *_lines(contact))
    story += [
        Spacer(1, 6),
        *agency_text(
            [
                (
                    "",
                    "Please let us know whether you can accept this referral, and when "
                    "service starts, so that we can close the loop with the client.",
                )
            ]
        ),
    ]
    frame = PageFrame(
        agency=agency,
        form_title=FORM_TITLE,
        client_name=letter.client_name,
        client_number=letter.client_number,
        printed_at=printed_at,
    )
    return framed_pdf(story, frame)
