"""Case notes on paper: a case's signed notes in a date range, each with what it
records, who signed it, its addenda in order and whether its text is intact; or
a blank note with fillable fields for a contact written by hand."""

from __future__ import annotations

from datetime import datetime

from reportlab.platypus import Flowable, KeepTogether, Spacer

from domain.common.field_rules import format_date
from domain.notes.document import NotesDocument
from domain.notes.note import Note
from domain.settings.agency import AgencyDetails
from reports.common.form_parts import (
    Box,
    Signer,
    box_rows,
    form_title,
    notice_band,
    para,
    section,
    section_bar,
    signature_lines,
)
from reports.common.page_frame import BODY_WIDTH, client_frame, framed_pdf

TITLE = "Case notes"
BLANK_TITLE = "Case note"
BLANK_LEAD = "Write the contact as it happened; enter it in CaseDesk the same day."


def _range(document: NotesDocument) -> str:
    start = format_date(document.from_on) or "the first note"
    end = format_date(document.to_on) or "the last"
    count = len(document.notes)
    plural = "note" if count == 1 else "notes"
    return (
        f"Case {document.case_number}"
        + (f", {document.program_name}" if document.program_name else "")
        + f": {count} signed {plural}, from {start} to {end}."
    )


def _heading(note: Note) -> str:
    v = note.values
    when = format_date(v.contact_on) + (f" {v.contact_at:%H:%M}" if v.contact_at else "")
    parts = [when, v.contact_type.label]
    if v.duration_minutes:
        parts.append(f"{v.duration_minutes} min")
    if v.location:
        parts.append(v.location)
    return " · ".join(parts)


def _signed_line(note: Note) -> str:
    signed = f"Signed by {note.signed_by or note.author}"
    if note.signed_at:
        signed += f" on {note.signed_at.astimezone():%m/%d/%Y %H:%M}"
    if note.cosigned_by:
        signed += f"; co-signed by {note.cosigned_by}"
    elif note.awaiting_cosign:
        signed += "; awaiting a supervisor's co-signature"
    return signed + f". Fingerprint {note.fingerprint[:16]}."


def _note(note: Note, goals: dict[int, str]) -> list[Flowable]:
    head = [section_bar(_heading(note))]
    if note.values.confidential:
        head += notice_band("CONFIDENTIAL: for the author and supervisors only.")
    if not note.intact:
        head += notice_band("ALTERED: this note's text no longer matches its signature.")
    body: list[Flowable] = [
        Spacer(1, 3),
        para(note.values.narrative, "body", BODY_WIDTH),
    ]
    linked = [goals[g] for g in note.values.goal_ids if g in goals]
    if linked:
        body.append(para("Plan goals: " + "; ".join(linked), "small", BODY_WIDTH))
    body.append(para(_signed_line(note), "small", BODY_WIDTH))
    for addendum in note.addenda:
        body += [
            Spacer(1, 4),
            para(
                f"Addendum {addendum.sequence} by {addendum.author}, "
                f"{addendum.created_at.astimezone():%m/%d/%Y %H:%M}",
                "body_bold",
                BODY_WIDTH,
                bold=True,
            ),
            para(addendum.text, "body", BODY_WIDTH),
        ]
    body.append(Spacer(1, 10))
    # The heading never ends a page alone; a long narrative may still flow on.
    return [KeepTogether([*head, *body[:2]]), *body[2:]]


def case_notes_pdf(document: NotesDocument, agency: AgencyDetails, printed_at: datetime) -> bytes:
    story: list[Flowable] = [*form_title(TITLE, _range(document))]
    for note in document.notes:
        story.extend(_note(note, document.goals))
    return framed_pdf(story, client_frame(TITLE, document.client, agency, printed_at))


def blank_case_note_pdf(agency: AgencyDetails, printed_at: datetime) -> bytes:
    rows = [
        [
            Box("Client name", "client_name", 6),
            Box("Client no.", "client_number", 3),
            Box("Case no.", "case_number", 3),
        ],
        [
            Box("Contact date", "contact_date", 3),
            Box("Time", "contact_time", 2),
            Box("Type of contact", "type", 5),
            Box("Minutes", "duration_minutes", 2),
        ],
        [Box("Location", "location", 12)],
        [Box("What happened", "narrative", 12, lines=22)],
    ]
    story: list[Flowable] = [
        *form_title(
            BLANK_TITLE, "Write the contact as it happened; enter it in CaseDesk the same day."
        ),
        *section("Contact", box_rows(rows, blank=True)),
        *section(
            "Signature", signature_lines([Signer("Staff member", "signature_staff")], blank=True)
        ),
    ]
    return framed_pdf(story, client_frame(BLANK_TITLE, None, agency, printed_at))
