"""The intake form: filled from the client's record for checking and signing, or
blank, with fillable fields, for intake on paper. Both share one layout."""

from __future__ import annotations

from datetime import date, datetime

from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from domain.assessments.assessment import SCORE_LABELS, Assessment, LifeDomain
from domain.clients.face_sheet import face_sheet
from domain.clients.hmis import RelationshipToHead, label
from domain.common.field_rules import format_date
from domain.printing.intake_packet import IntakePacket
from domain.settings.agency import AgencyDetails
from reports.common.form_parts import (
    BOX_EDGE,
    LINE,
    PADDING,
    Box,
    Line,
    Signer,
    TextField,
    TickBox,
    box_rows,
    cell_text,
    form_title,
    para,
    section,
    signature_lines,
)
from reports.common.page_frame import BODY_WIDTH, RULE, PageFrame, framed_pdf

FORM_TITLE = "Intake form"
BLANK_HOUSEHOLD_ROWS = 5
NOT_ASSESSED = "Not assessed"

_HEAD_SHADE = colors.HexColor("#eef2f4")
_TICK_COLUMN = 0.3 * inch
_DOMAIN_COLUMN = 1.45 * inch
_MEANING_COLUMN = 1.1 * inch
_HOUSEHOLD_COLUMNS = (2.55 * inch, 2.45 * inch, 1.1 * inch, None)

ATTESTATION = (
    "I have reviewed the information on this form. It is true and complete to the best "
    "of my knowledge, and I will tell the agency when it changes."
)


def _client_rows(facts: dict[str, str]) -> tuple[list[list[Box]], list[list[Box]]]:
    """Identity and contact boxes, filled from the face sheet's words."""

    def box(caption: str, span: int, *, lines: int = 1, field: str | None = None) -> Box:
        name = field or caption.lower().replace(" ", "_")
        return Box(caption, f"client_{name}", span, facts.get(caption, ""), lines)

    identity = [
        [box("Name", 8), box("Goes by", 4)],
        [box("Date of birth", 4), box("SSN", 4), box("Sex", 4)],
        [box("Race and ethnicity", 12)],
        [box("Veteran", 4), box("Disabling condition", 4), box("Language", 4)],
    ]
    contact = [
        [box("Phone", 4), box("Email", 8)],
        [box("Address", 12, lines=2)],
        [box("Emergency contact", 12)],
    ]
    return identity, contact


def _intake_rows(packet: IntakePacket | None) -> list[list[Box]]:
    program = case_number = opened = caseworker = ""
    if packet is not None:
        case = packet.case
        program = packet.program.name if packet.program else (case.program_name if case else "")
        if case is not None:
            case_number = case.number
            opened = format_date(case.opened_on)
            caseworker = case.assigned_name or case.status.label
    return [
        [
            Box("Program", "intake_program", 5, program),
            Box("Case no.", "intake_case_number", 2, case_number),
            Box("Intake date", "intake_date", 2, opened),
            Box("Caseworker", "intake_caseworker", 3, caseworker),
        ]
    ]


def _household_table(packet: IntakePacket | None) -> Table:
    widths = list(_HOUSEHOLD_COLUMNS)
    widths[-1] = BODY_WIDTH - sum(width for width in widths if width)
    inner = [width - 2 * PADDING for width in widths]
    header = ["Name", "Relationship to head of household", "Date of birth", "Client no."]
    rows: list[list] = [[Line(text.upper(), "head", bold=True) for text in header]]
    if packet is None:
        keys = ("name", "relationship", "date_of_birth", "client_number")
        for number in range(1, BLANK_HOUSEHOLD_ROWS + 1):
            rows.append(
                [
                    TextField(f"household_{number}_{key}", w, LINE + 2, tooltip=f"{text} {number}")
                    for key, text, w in zip(keys, header, inner, strict=True)
                ]
            )
    elif not packet.household:
        alone = para("No household members recorded: a household of one.", "cell", BODY_WIDTH)
        rows.append([alone, "", "", ""])
        return _ruled(rows, widths, [("SPAN", (0, 1), (-1, 1))])
    else:
        for member in packet.household:
            summary = member.client
            relation = label(RelationshipToHead(member.relationship)) if member.relationship else ""
            values = (
                summary.display_name,
                relation,
                format_date(summary.date_of_birth) if summary.date_of_birth else "",
                summary.number,
            )
            rows.append(
                [cell_text(value, "cell", w) for value, w in zip(values, inner, strict=True)]
            )
    return _ruled(rows, widths)


def _ruled(rows: list[list], widths: list[float], extra: list | None = None) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), _HEAD_SHADE),
                ("BOX", (0, 0), (-1, -1), 0.8, BOX_EDGE),
                ("INNERGRID", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                *(extra or []),
            ]
        )
    )
    return table


def _assessment_table(assessment: Assessment | None, *, blank: bool) -> Table:
    """The 13 life domains, a tick box per score, the score's meaning and a note."""
    note_width = BODY_WIDTH - _DOMAIN_COLUMN - 5 * _TICK_COLUMN - _MEANING_COLUMN
    widths = [_DOMAIN_COLUMN, *[_TICK_COLUMN] * 5, _MEANING_COLUMN, note_width]
    if blank:  # the ticks say what the score means: the note takes the meaning's room
        note_width += _MEANING_COLUMN
    scored = {
        domain: (score, note) for domain, score, note in (assessment.scores if assessment else ())
    }
    header = [
        Line("LIFE DOMAIN", "head", bold=True),
        *[Line(str(score), "head", bold=True, centre=True) for score in SCORE_LABELS],
        *(
            [Line("NOTE", "head", bold=True), ""]
            if blank
            else [Line("MEANING", "head", bold=True), Line("NOTE", "head", bold=True)]
        ),
    ]
    rows: list[list] = [header]
    for domain in LifeDomain:
        score, note = scored.get(domain, (None, ""))
        ticks: list[Flowable] = [
            TickBox(
                ticked=score == value,
                group=f"score_{domain.value}" if blank else None,
                value=str(value),
                tooltip=f"{domain.label}: {value} {meaning}",
            )
            for value, meaning in SCORE_LABELS.items()
        ]
        if blank:
            note_field = TextField(
                f"note_{domain.value}",
                note_width - 2 * PADDING,
                LINE + 2,
                tooltip=f"{domain.label}: note",
            )
            cells = [note_field, ""]  # spanned over the meaning's column
        else:
            meaning = Line(
                SCORE_LABELS[score] if score else NOT_ASSESSED,
                "cell_bold" if score == 1 else "cell",
                bold=score == 1,
            )
            cells = [meaning, cell_text(note, "cell", note_width - 2 * PADDING)]
        rows.append([Line(domain.label, "cell"), *ticks, *cells])
    layout = [("ALIGN", (1, 0), (5, -1), "CENTER"), ("LEFTPADDING", (1, 0), (5, -1), 0)]
    layout += [("RIGHTPADDING", (1, 0), (5, -1), 0)]
    if blank:
        layout += [("SPAN", (6, row), (7, row)) for row in range(len(rows))]
    return _ruled(rows, widths, layout)


def _legend() -> Flowable:
    text = "Score each domain: " + " · ".join(f"{s} {m}" for s, m in SCORE_LABELS.items())
    return para(text, "small", BODY_WIDTH)


def _assessment_title(assessment: Assessment | None, *, blank: bool) -> str:
    if blank or assessment is None:
        return "5 · Initial assessment" + ("" if blank else " — not yet recorded")
    by = f", recorded by {assessment.recorded_by}" if assessment.recorded_by else ""
    return f"5 · Initial assessment — {format_date(assessment.assessed_on)}{by}"


def _stories(assessment: Assessment | None, *, blank: bool) -> Table:
    strengths = assessment.strengths if assessment else ""
    needs = assessment.needs if assessment else ""
    return box_rows(
        [
            [
                Box("Strengths: what is going well, who helps", "strengths", 6, strengths, 4),
                Box("Needs: what the client wants help with", "needs", 6, needs, 4),
            ]
        ],
        blank=blank,
    )


def intake_form_story(packet: IntakePacket | None, today: date) -> list[Flowable]:
    """The form's body; ``packet`` None is the blank form."""
    blank = packet is None
    facts: dict[str, str] = {}
    if packet is not None:
        sheet = face_sheet(packet.client, today)
        facts = {label_: value for _, pairs in sheet.facts for label_, value in pairs}
    identity, contact = _client_rows(facts)
    assessment = packet.assessment if packet else None
    if blank:
        lead = (
            "Print clearly, or fill in on screen. Staff enter this form in CaseDesk; "
            "the client keeps a copy."
        )
    else:
        lead = (
            f"From the client record on {format_date(today)}. Go through it with the client; "
            "correct anything wrong on the form and initial the change."
        )
    staff = packet.staff_name if packet else ""
    client_name = facts.get("Name", "")
    return [
        *form_title(FORM_TITLE, lead),
        *section("1 · Intake", box_rows(_intake_rows(packet), blank=blank)),
        *section("2 · Client", box_rows(identity, blank=blank)),
        *section("3 · Contact", box_rows(contact, blank=blank)),
        *section("4 · Household", _household_table(packet)),
        *section(
            _assessment_title(assessment, blank=blank),
            _legend(),
            Spacer(1, 3),
            _assessment_table(assessment, blank=blank),
        ),
        *section("6 · Strengths and needs", _stories(assessment, blank=blank)),
        *section(
            "7 · Signatures",
            para(ATTESTATION, "body", BODY_WIDTH),
            Spacer(1, 4),
            signature_lines(
                [
                    Signer("Client", "signature_client", client_name),
                    Signer("Staff member", "signature_staff", staff),
                ],
                blank=blank,
            ),
        ),
    ]


def intake_form_frame(
    packet: IntakePacket | None, agency: AgencyDetails, printed_at: datetime
) -> PageFrame:
    client = packet.client if packet else None
    return PageFrame(
        agency=agency,
        form_title=FORM_TITLE,
        client_name=client.display_name if client else "",
        client_number=client.number if client else "",
        printed_at=printed_at,
    )


def intake_form_pdf(packet: IntakePacket, agency: AgencyDetails, printed_at: datetime) -> bytes:
    """The intake form filled from ``packet``, ages as of the print date."""
    story = intake_form_story(packet, printed_at.date())
    return framed_pdf(story, intake_form_frame(packet, agency, printed_at))


def blank_intake_form_pdf(agency: AgencyDetails, printed_at: datetime) -> bytes:
    """The intake form for paper, every value a box with a fillable field."""
    story = intake_form_story(None, printed_at.date())
    return framed_pdf(story, intake_form_frame(None, agency, printed_at))
