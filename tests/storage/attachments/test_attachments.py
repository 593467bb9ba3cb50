"""Attachments on a client's record, on both databases: known by their content, kept
within the office's limit, listed without their bytes, every view, download and print
audited, and removed only by a supervisor, leaving a tombstone."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import func, select

from domain.attachments.attachment import (
    MEGABYTE,
    AttachmentForm,
    AttachmentUse,
    DocumentType,
    Link,
    LinkKind,
    Upload,
    check_size,
)
from domain.attachments.file_types import FileType
from domain.audit.events import AuditAction, AuditFilter
from domain.cases.programs import ProgramForm
from domain.clients.record import ClientForm
from domain.common.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from domain.common.policy import Role
from domain.consents.consent import ConsentForm
from domain.settings.office_settings import AgencyForm
from storage.attachments.tables import attachment_contents, attachments
from tests import attachment_files as files

ID_CARD = AttachmentForm("Driver's licence", DocumentType.ID_DOCUMENT.value)


@pytest.fixture
def office(services, admin, make_staff):
    services.settings.set_agency_details(admin, AgencyForm("Riverside Family Services"))
    supervisor = make_staff(Role.SUPERVISOR, "dlee", "Dana Lee")
    worker = make_staff(Role.CASEWORKER, "mgarcia", "María García")
    colleague = make_staff(Role.CASEWORKER, "jchen", "Jo Chen")
    frontdesk = make_staff(Role.FRONTDESK, "tbrooks", "Toni Brooks")
    program = services.programs.create(admin, ProgramForm("Family support", "", "90")).id
    mine = services.clients.register(frontdesk, ClientForm(first_name="Amara", last_name="Okafor"))
    theirs = services.clients.register(frontdesk, ClientForm(first_name="Ben", last_name="Moss"))
    my_case = services.cases.open_case(supervisor, mine.id, worker.staff_id, program_id=program)
    their_case = services.cases.open_case(
        supervisor, theirs.id, colleague.staff_id, program_id=program
    )
    return {
        "admin": admin,
        "supervisor": supervisor,
        "worker": worker,
        "colleague": colleague,
        "frontdesk": frontdesk,
        "mine": mine.id,
        "theirs": theirs.id,
        "my_case": my_case,
        "their_case": their_case,
    }


def add(services, who, client_id, content, name="scan.pdf", form=ID_CARD, **upload):
    return services.attachments.add(who, client_id, form, Upload(name, content, **upload))


def audited(services, office, action: AuditAction) -> list[str]:
    entries = services.audit.query(office["admin"], AuditFilter(action=str(action)))
    return [entry.detail for entry in entries]


def test_a_file_is_known_by_its_content_not_by_its_name(services, office):
    worker, client = office["worker"], office["mine"]
    picture = add(services, worker, client, files.png(), name="passport scan.pdf")
    assert picture.file_type is FileType.PNG
    assert picture.file_name == "passport scan.pdf"
    assert picture.sha256 == hashlib.sha256(files.png()).hexdigest()
    with pytest.raises(ValidationError) as refused:
        add(services, worker, client, files.windows_program(), name="passport.pdf")
    message = refused.value.errors["file"]
    assert "not a PDF" in message and "Windows program" in message and "never" in message
    with pytest.raises(ValidationError, match="text file"):
        add(services, worker, client, b"Dear Ms Okafor, your rent is due.", name="letter.pdf")
    assert [a.id for a in services.attachments.for_client(worker, client)] == [picture.id]


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("empty.png", b"", "is empty (0 bytes)"),
        ("scan.png", files.cut_off(files.png(300, 300)), "damaged or incomplete picture"),
        ("photo.jpg", files.cut_off(files.jpeg(300, 200)), "damaged or incomplete picture"),
        ("page.tif", files.cut_off(files.tiff(300, 200)), "damaged or incomplete picture"),
        ("statement.pdf", files.cut_off(files.pdf(3)), "damaged or incomplete PDF"),
    ],
)
def test_an_empty_or_cut_off_file_says_so_and_is_not_kept(services, office, name, content, words):
    with pytest.raises(ValidationError) as refused:
        add(services, office["worker"], office["mine"], content, name=name)
    assert words in refused.value.errors["file"]
    assert services.attachments.for_client(office["worker"], office["mine"]) == []


def test_a_file_that_cannot_be_previewed_is_kept_and_says_why(services, office):
    why = "This PDF is protected by a password, so CaseDesk cannot show it."
    kept = add(
        services, office["worker"], office["mine"], files.password_pdf(), preview_problem=why
    )
    assert kept.preview_problem == why and not kept.previewable and not kept.has_thumbnail
    assert services.attachments.open(office["worker"], kept.id).content.startswith(b"%PDF-")


def test_the_limit_is_the_administrators_and_is_checked_before_anything_is_read(services, office):
    admin, worker = office["admin"], office["worker"]
    limit = services.attachments.size_limit(worker)
    assert (limit.megabytes, limit.version) == (25, 0)
    # The desk asks of the size on disk, before reading a byte.
    check_size(25 * MEGABYTE, limit.largest, "scan.pdf")
    with pytest.raises(ValidationError, match=r"“big.pdf” is 25.0 MB; .* at most 1 MB"):
        check_size(25 * MEGABYTE, 1 * MEGABYTE, "big.pdf")
    with pytest.raises(PermissionDenied):
        services.attachments.set_size_limit(worker, "50", 0)
    with pytest.raises(ValidationError, match="from 1 to 100"):
        services.attachments.set_size_limit(admin, "500", 0)
    lowered = services.attachments.set_size_limit(admin, "1", 0)
    assert (lowered.megabytes, lowered.largest) == (1, MEGABYTE)
    with pytest.raises(ConflictError):
        services.attachments.set_size_limit(admin, "2", 0)  # someone saved since
    # The service refuses what arrives too, whatever the desk checked.
    with pytest.raises(ValidationError, match="at most 1 MB"):
        add(services, worker, office["mine"], files.scanned_pdf(int(1.5 * MEGABYTE)))
    assert services.attachments.size_limit(worker).megabytes == 1
    assert "attachment_max_mb=1" in audited(services, office, AuditAction.SETTINGS_CHANGED)


def test_lists_carry_no_bytes_and_every_view_download_and_print_is_audited(
    services, office, engine
):
    worker, client = office["worker"], office["mine"]
    scan = files.pdf(2)
    thumb = files.png(12, 16)
    first = add(services, worker, client, scan, thumbnail=thumb, pages=2)
    second = add(services, worker, client, files.jpeg(), name="payslip.jpg")
    listed = services.attachments.for_client(worker, client)
    assert [a.id for a in listed] == [second.id, first.id]  # newest first
    assert not hasattr(listed[0], "content")
    assert (listed[1].pages, listed[1].has_thumbnail, listed[0].has_thumbnail) == (2, True, False)
    assert listed[1].added_by == worker.username and listed[1].added_by_name == "María García"
    assert services.attachments.thumbnails(worker, client, [first.id, second.id]) == {
        first.id: thumb
    }
    assert services.attachments.open(worker, first.id).content == scan
    services.attachments.record_use(worker, first.id, AttachmentUse.PRINTED)
    downloaded = services.attachments.open(worker, second.id, AttachmentUse.DOWNLOADED)
    assert downloaded.content == files.jpeg()
    detail = f"attachment={first.id}"
    assert audited(services, office, AuditAction.ATTACHMENT_VIEWED) == [detail]
    assert audited(services, office, AuditAction.ATTACHMENT_PRINTED) == [detail]
    assert audited(services, office, AuditAction.ATTACHMENT_DOWNLOADED) == [
        f"attachment={second.id}"
    ]
    added = audited(services, office, AuditAction.ATTACHMENT_ADDED)
    assert f"attachment={first.id};type=id_document;file=pdf" in added
    # The record's history names the client, never the title.
    assert all("licence" not in d for d in added)
    with engine.connect() as connection:
        sizes = dict(
            connection.execute(
                select(attachments.c.id, attachments.c.byte_size).order_by(attachments.c.id)
            ).all()
        )
    assert sizes == {first.id: len(scan), second.id: len(files.jpeg())}


def test_the_same_file_twice_on_one_record_is_refused_by_name(services, office):
    worker, client = office["worker"], office["mine"]
    add(services, worker, client, files.png())
    with pytest.raises(ValidationError, match=r"already on the record as “Driver's licence”"):
        add(services, worker, client, files.png(), form=AttachmentForm("Again", "other"))


def test_an_attachment_links_to_the_clients_own_case_or_consent_only(services, office):
    worker, supervisor, client = office["worker"], office["supervisor"], office["mine"]
    consent = services.consents.record(
        worker,
        client,
        ConsentForm(kind="services", method="paper", signed_on="11/20/2026"),
    )
    targets = {t.link: t.label for t in services.attachments.link_targets(worker, client)}
    case_link, consent_link = (
        Link(LinkKind.CASE, office["my_case"]),
        Link(LinkKind.CONSENT, consent.id),
    )
    assert targets[case_link].startswith("Case K") and "Family support" in targets[case_link]
    assert consent_link in targets
    form = AttachmentForm("Signed consent", "signed_consent", consent_link.code)
    linked = add(services, worker, client, files.pdf(1, "Consent"), form=form)
    assert linked.link == consent_link and linked.link_label == targets[consent_link]
    wrong = AttachmentForm("Letter", "letter", Link(LinkKind.CASE, office["their_case"]).code)
    with pytest.raises(ValidationError) as refused:
        add(services, supervisor, client, files.pdf(1, "Letter"), form=wrong)
    assert "not one of this client's" in refused.value.errors["link"]


def test_a_caseworker_reaches_only_her_caseloads_attachments(services, office):
    theirs = add(services, office["colleague"], office["theirs"], files.png())
    worker = office["worker"]
    for call in (
        lambda: services.attachments.for_client(worker, office["theirs"]),
        lambda: services.attachments.open(worker, theirs.id),
        lambda: services.attachments.thumbnails(worker, office["theirs"], [theirs.id]),
        lambda: add(services, worker, office["theirs"], files.jpeg()),
        lambda: services.attachments.open(worker, 999_999),  # missing looks the same
    ):
        with pytest.raises(PermissionDenied, match="not on your caseload"):
            call()
    # The front desk works on every record; the administrator on none.
    assert services.attachments.open(office["frontdesk"], theirs.id).content == files.png()
    with pytest.raises(PermissionDenied):
        services.attachments.for_client(office["admin"], office["theirs"])


def test_removal_is_a_supervisors_with_a_reason_and_leaves_a_tombstone(services, office, engine):
    worker, supervisor, client = office["worker"], office["supervisor"], office["mine"]
    wrong = add(services, worker, client, files.png(), thumbnail=files.png(8, 8))
    with pytest.raises(PermissionDenied, match="Only a supervisor"):
        services.attachments.remove(worker, wrong.id, wrong.version, "wrong client")
    with pytest.raises(ValidationError, match="Say why"):
        services.attachments.remove(supervisor, wrong.id, wrong.version, "   ")
    gone = services.attachments.remove(
        supervisor, wrong.id, wrong.version, "Scanned on the wrong client"
    )
    assert gone.removed and gone.removed_by == supervisor.username
    assert (gone.removed_by_name, gone.removal_reason) == (
        "Dana Lee",
        "Scanned on the wrong client",
    )
    [tombstone] = services.attachments.for_client(worker, client)
    assert (tombstone.title, tombstone.sha256, tombstone.removed) == (
        wrong.title,
        wrong.sha256,
        True,
    )
    with engine.connect() as connection:
        kept = connection.execute(select(func.count()).select_from(attachment_contents)).scalar()
    assert kept == 0  # the bytes (and the thumbnail) are gone
    with pytest.raises(NotFound, match="removed by Dana Lee"):
        services.attachments.open(worker, wrong.id)
    with pytest.raises(NotFound):
        services.attachments.remove(supervisor, wrong.id, gone.version, "again")
    assert audited(services, office, AuditAction.ATTACHMENT_REMOVED) == [f"attachment={wrong.id}"]
    # The same file may be attached again, properly, once the wrong one is gone.
    add(services, worker, client, files.png())


def test_a_stale_removal_is_a_conflict(services, office):
    supervisor = office["supervisor"]
    kept = add(services, office["worker"], office["mine"], files.png())
    services.attachments.remove(supervisor, kept.id, kept.version, "Duplicate scan")
    with pytest.raises(NotFound):
        services.attachments.remove(supervisor, kept.id, kept.version, "Duplicate scan")


def test_a_merge_carries_the_attachments_and_undo_brings_them_back(services, office):
    supervisor, frontdesk = office["supervisor"], office["frontdesk"]
    twin = services.clients.register(
        frontdesk, ClientForm(first_name="Amara", last_name="Okafor"), "Not sure it is her"
    )
    scan = add(services, frontdesk, twin.id, files.jpeg())
    plan = services.merges.plan(supervisor, office["mine"], twin.id)
    assert ("Attachments (scanned documents and letters)", 1) in plan.moving
    merge = services.merges.merge(supervisor, office["mine"], twin.id, "Same person")
    assert [a.id for a in services.attachments.for_client(supervisor, office["mine"])] == [scan.id]
    services.merges.undo(supervisor, merge.id)
    assert [a.id for a in services.attachments.for_client(supervisor, twin.id)] == [scan.id]
