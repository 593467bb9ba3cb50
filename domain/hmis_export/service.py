"""The HMIS CSV export (HUD FY2026) and its data-quality check: supervisors and
administrators; an administrator, who reads no client records, sees the check's
counts but not the clients behind them. Both are audited with the period and
their counts; the export with the rows of each file.

Cases are enrollments, programs are projects, closed cases are exits. What a
program lacks as a project (its type, CoC code, funder...) stops the export
and is named, rather than made up; answers a client did not give go out as
HUD's "doesn't know", "prefers not to answer" or "data not collected".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from typing import IO

from domain.audit.events import AuditAction
from domain.cases.programs import Program
from domain.common.actor import Actor
from domain.common.clock import local_date
from domain.common.errors import CaseDeskError, ValidationError
from domain.common.guard import Guard
from domain.common.policy import Permission
from domain.common.unit_of_work import UnitOfWork
from domain.hmis_export import codes
from domain.hmis_export.csv_files import HmisZip
from domain.hmis_export.fy2026_columns import CSV_VERSION, FILES, HASHED_LENGTHS
from domain.hmis_export.hashing import hashed_name, hashed_ssn
from domain.hmis_export.options import (
    ExportForm,
    ExportOptions,
    PiiHandling,
    validate_export_form,
)
from domain.hmis_export.project import LABELS, missing_for_export
from domain.hmis_export.quality import (
    ADULT_AGE,
    ProjectReadiness,
    QualityCheck,
    QualityReport,
    age_on,
)
from domain.hmis_export.rows import ClientRow, EnrollmentRow
from domain.settings.office_settings import AGENCY_NAME, AGENCY_PHONE

# Office setting: whether the agency is a victim service provider (2.01, "0"/"1").
VICTIM_SERVICE_PROVIDER = "hmis.victim_service_provider"
SOFTWARE = "CaseDesk"
ORGANIZATION_ID = "1"  # the one agency an office's CaseDesk holds
CHECK_EVERY = 1000  # rows between looks at Cancel and progress reports
RACE_COLUMNS = {
    1: "AmIndAKNative",
    2: "Asian",
    3: "BlackAfAmerican",
    4: "NativeHIPacific",
    5: "White",
    6: "HispanicLatinao",
    7: "MidEastNAfrican",
}
# Files CaseDesk holds nothing for: headers only (see README, HMIS export).
EMPTY_FILES = (
    "Inventory.csv",
    "Affiliation.csv",
    "CEParticipation.csv",
    "IncomeBenefits.csv",
    "HealthAndDV.csv",
    "EmploymentEducation.csv",
    "Disabilities.csv",
    "Services.csv",
    "CurrentLivingSituation.csv",
    "Assessment.csv",
    "AssessmentQuestions.csv",
    "AssessmentResults.csv",
    "Event.csv",
    "YouthEducationStatus.csv",
)

# (rows done, rows in all or 0 while not known, what is being done)
Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]


class ExportCancelled(CaseDeskError):
    def __init__(self) -> None:
        super().__init__("The HMIS export was cancelled; nothing was exported.")


@dataclass(frozen=True)
class HmisOrganization:
    """The agency as Organization.csv names it."""

    name: str  # "" until the agency is named in Settings
    victim_service_provider: int | None  # 2.01; None until said
    version: int  # of the victim-service-provider setting, for its next save


@dataclass(frozen=True)
class ProjectStatus:
    program: Program
    missing: tuple[str, ...]  # the HMIS tab's fields still to set (form names)

    @property
    def missing_labels(self) -> tuple[str, ...]:
        return tuple(LABELS[name] for name in self.missing)


@dataclass(frozen=True)
class ExportSummary:
    export_id: str
    options: ExportOptions
    rows: dict[str, int]  # file name -> data rows written
    quality: QualityReport


def _ignore(*_args) -> None:
    return None


def _never() -> bool:
    return False


def _split_name(display_name: str) -> tuple[str, str]:
    words = display_name.split()
    if len(words) < 2:
        return display_name, ""
    return " ".join(words[:-1]), words[-1]


class HmisExportService:
    def __init__(self, guard: Guard):
        self._guard = guard
        self._uow_factory = guard.uow_factory
        self._clock = guard.clock

    # --- the agency and its programs ----------------------------------------------

    def organization(self, actor: Actor) -> HmisOrganization:
        with self._uow_factory() as uow:
            self._guard.require(uow, actor, Permission.HMIS_EXPORT)
            return self._organization(uow)

    def set_victim_service_provider(
        self, actor: Actor, answer: str, expected_version: int | None
    ) -> HmisOrganization:
        """Organization.csv's VictimServiceProvider: "1" yes, "0" no (administrators)."""
        if answer not in ("0", "1"):
            raise ValidationError(
                {"victim_service_provider": "Say whether the agency is a victim service provider."}
            )
        with self._uow_factory() as uow:
            actor = self._guard.require(uow, actor, Permission.SETTINGS_MANAGE)
            uow.settings.put(
                VICTIM_SERVICE_PROVIDER,
                answer,
                expected_version=expected_version,
                by=actor.username,
                at=self._clock(),
            )
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.SETTINGS_CHANGED,
                    "settings",
                    None,
                    f"{VICTIM_SERVICE_PROVIDER}={answer}",
                )
            )
            uow.commit()
            return self._organization(uow)

    def projects(self, actor: Actor) -> list[ProjectStatus]:
        """Every program (retired ones too), with what its HMIS tab still lacks."""
        with self._uow_factory() as uow:
            self._guard.require(uow, actor, Permission.HMIS_EXPORT)
            programs = uow.programs.list_all()
        return [ProjectStatus(p, tuple(missing_for_export(p.hmis))) for p in programs]

    @staticmethod
    def _organization(uow: UnitOfWork) -> HmisOrganization:
        stored = uow.settings.all()
        answer = stored.get(VICTIM_SERVICE_PROVIDER)
        return HmisOrganization(
            stored.get(AGENCY_NAME, "").strip(),
            int(answer) if answer in ("0", "1") else None,
            uow.settings.versions().get(VICTIM_SERVICE_PROVIDER, 0),
        )

    # --- the data-quality check -------------------------------------------------

    def check(
        self,
        actor: Actor,
        form: ExportForm,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> QualityReport:
        """The pre-check of what an export of ``form`` would send: audited, with its
        counts. Clients to fix are listed only for those who may open records."""
        progress, cancelled = progress or _ignore, cancelled or _never
        with self._uow_factory() as uow:
            actor = self._guard.require(uow, actor, Permission.HMIS_EXPORT)
            uow.allow_long_statements()  # a whole office's records, read in one go
            options = validate_export_form(form, today=local_date(self._clock()))
            chosen = self._chosen(uow, options)
            names = actor.may(Permission.CLIENT_OPEN)
            check = self._quality(chosen, options, names)
            read = 0
            for row in self._enrollments(uow, options, progress, cancelled):
                check.enrollment(row)
                read += 1
            for row in self._clients(uow, options, True, read, progress, cancelled):
                check.client(row)
            report = self._report(uow, check, chosen, options, names)
            problems = sum(element.total for element in report.elements)
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.HMIS_QUALITY_CHECKED,
                    "hmis",
                    None,
                    f"{options.describe()};clients={report.clients};"
                    f"enrollments={report.enrollments};answers_to_fix={problems};"
                    f"names={'shown' if names else 'counts only'}",
                )
            )
            uow.commit()
        return report

    # --- the export --------------------------------------------------------------

    def export(
        self,
        actor: Actor,
        form: ExportForm,
        target: IO[bytes],
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> ExportSummary:
        """Write the FY2026 zip into ``target`` (a binary file open for writing).

        Refused with what is missing when a program is not set up as a project or
        the agency is not named; ``ExportCancelled`` when ``cancelled()`` says so
        (nothing is audited then, and ``target`` holds a partial zip to discard)."""
        progress, cancelled = progress or _ignore, cancelled or _never
        now = self._clock()
        with self._uow_factory() as uow:
            actor = self._guard.require(uow, actor, Permission.HMIS_EXPORT)
            uow.allow_long_statements()  # a whole office's records, read in one go
            options = validate_export_form(form, today=local_date(now))
            chosen = self._chosen(uow, options)
            names = actor.may(Permission.CLIENT_OPEN)
            organization = self._organization(uow)
            blockers = self._blockers(organization, chosen)
            if blockers:
                raise ValidationError({"export": " ".join(blockers)})
            export = _Export(actor, options, chosen, organization, now, uow.settings.all())
            check = self._quality(chosen, options, names)
            enrollments = []
            for row in self._enrollments(uow, options, progress, cancelled):
                check.enrollment(row)
                enrollments.append(row)
            zipped = HmisZip(target, now)
            export.project_files(zipped)
            with_pii = options.pii is not PiiHandling.EXCLUDED
            clients = self._clients(uow, options, with_pii, len(enrollments), progress, cancelled)
            hashed = HASHED_LENGTHS if options.pii is PiiHandling.HASHED else None
            with zipped.file("Client.csv", hashed) as out:
                for row in clients:
                    check.client(row)
                    out.write(export.client(row))
            export.enrollment_files(zipped, enrollments, progress, cancelled)
            for name in EMPTY_FILES:
                zipped.empty(name)
            export.users(zipped, uow.staff.list_all())
            export.export_file(zipped)
            zipped.close()
            written = {name: zipped.counts.get(name, 0) for name in FILES}
            report = self._report(uow, check, chosen, options, names)
            rows = ";".join(f"{name.removesuffix('.csv')}={n}" for name, n in written.items() if n)
            uow.audit.record(
                self._guard.event(
                    actor,
                    AuditAction.HMIS_EXPORTED,
                    "hmis",
                    None,
                    f"{options.describe()};pii={options.pii};{rows}",
                )
            )
            uow.commit()
        return ExportSummary(export.export_id, options, written, report)

    # --- shared by both ------------------------------------------------------------

    @staticmethod
    def _chosen(uow: UnitOfWork, options: ExportOptions) -> dict[int, Program]:
        programs = {p.id: p for p in uow.programs.list_all()}
        unknown = [p for p in options.program_ids if p not in programs]
        if unknown:
            raise ValidationError({"programs": "Choose programs from the list."})
        return {pid: programs[pid] for pid in options.program_ids}

    @staticmethod
    def _quality(chosen: dict[int, Program], options: ExportOptions, names: bool) -> QualityCheck:
        cocs = {pid: p.hmis.coc_code for pid, p in chosen.items()}
        return QualityCheck(options.start, options.end, cocs, names=names)

    @staticmethod
    def _blockers(organization: HmisOrganization, chosen: dict[int, Program]) -> list[str]:
        found = []
        if not organization.name:
            found.append("Name the agency in Settings (Organization.csv needs it).")
        if organization.victim_service_provider is None:
            found.append(
                "Say on the HMIS export page whether the agency is a victim service "
                "provider (an administrator)."
            )
        for program in chosen.values():
            missing = missing_for_export(program.hmis)
            if missing:
                labels = ", ".join(LABELS[name] for name in missing)
                found.append(
                    f"The program {program.name} lacks: {labels}. An administrator sets "
                    "them on the program's HMIS tab (Programs, Change…)."
                )
        return found

    def _report(self, uow, check: QualityCheck, chosen, options, names: bool) -> QualityReport:
        projects = tuple(
            ProjectReadiness(pid, p.name, tuple(missing_for_export(p.hmis)))
            for pid, p in chosen.items()
        )
        blockers = tuple(self._blockers(self._organization(uow), chosen))
        return QualityReport(
            options.start,
            options.end,
            check.clients,
            check.enrollment_count,
            check.leavers,
            check.elements(),
            projects,
            blockers,
            names,
        )

    @staticmethod
    def _enrollments(uow, options, progress: Progress, cancelled: Cancelled):
        progress(0, 0, "Reading cases")
        for n, row in enumerate(
            uow.hmis_export.enrollments(options.start, options.end, options.program_ids), 1
        ):
            if n % CHECK_EVERY == 0:
                if cancelled():
                    raise ExportCancelled()
                progress(n, 0, "Reading cases")
            yield row

    @staticmethod
    def _clients(
        uow, options, with_pii: bool, expected: int, progress: Progress, cancelled: Cancelled
    ) -> Iterator[ClientRow]:
        """Clients, with progress against ``expected`` (about one per case)."""
        progress(0, expected, "Clients")
        rows = uow.hmis_export.clients(
            options.start, options.end, options.program_ids, with_pii=with_pii
        )
        for n, row in enumerate(rows, 1):
            if n % CHECK_EVERY == 0:
                if cancelled():
                    raise ExportCancelled()
                progress(min(n, expected), expected, "Clients")
            yield row
        progress(expected, expected, "Clients")


class _Export:
    """The rows of one export, file by file."""

    def __init__(
        self,
        actor: Actor,
        options: ExportOptions,
        chosen: dict[int, Program],
        organization: HmisOrganization,
        now: datetime,
        settings: dict[str, str],
    ):
        self.actor, self.options, self.chosen = actor, options, chosen
        self.organization, self.now, self.settings = organization, now, settings
        self.export_id = f"CASEDESK{now.astimezone():%Y%m%d%H%M%S}"
        self.user_ids: set[str] = {actor.username}
        # Per client written: date of birth (for the age at entry) and 3.08.
        self.written: dict[int, tuple] = {}
        self.pii = options.pii

    def stamps(self, created: datetime | None, updated: datetime | None, by: str) -> dict:
        user = (by or self.actor.username)[:32]
        self.user_ids.add(user)
        return {
            "DateCreated": created or self.now,
            "DateUpdated": updated or created or self.now,
            "UserID": user,
            "ExportID": self.export_id,
        }

    # --- Export.csv and Organization.csv -------------------------------------------

    def export_file(self, zipped: HmisZip) -> None:
        first, last = _split_name(self.actor.display_name)
        phone = "".join(ch for ch in self.settings.get(AGENCY_PHONE, "") if ch.isdigit())
        cocs = sorted({p.hmis.coc_code for p in self.chosen.values() if p.hmis.coc_code})
        try:
            version = metadata.version("casedesk")
        except metadata.PackageNotFoundError:
            version = ""
        with zipped.file("Export.csv") as out:
            out.write(
                {
                    "ExportID": self.export_id,
                    "SourceType": codes.AGENCY_APPLICATION,
                    "SourceID": ";".join(cocs),
                    "SourceName": self.organization.name,
                    "SourceContactFirst": first,
                    "SourceContactLast": last,
                    "SourceContactPhone": phone[-10:] if len(phone) >= 10 else "",
                    "ExportDate": self.now,
                    "ExportStartDate": self.options.start,
                    "ExportEndDate": self.options.end,
                    "SoftwareName": SOFTWARE,
                    "SoftwareVersion": version,
                    "CSVVersion": CSV_VERSION,
                    "ExportPeriodType": codes.REPORTING_PERIOD,
                    "ExportDirective": codes.FULL_REFRESH,
                    "HashStatus": codes.SHA_256
                    if self.pii is PiiHandling.HASHED
                    else codes.UNHASHED,
                    "ImplementationID": f"{SOFTWARE} {self.organization.name}",
                }
            )

    def project_files(self, zipped: HmisZip) -> None:
        with zipped.file("Organization.csv") as out:
            out.write(
                {
                    "OrganizationID": ORGANIZATION_ID,
                    "OrganizationName": self.organization.name,
                    "VictimServiceProvider": self.organization.victim_service_provider,
                    **self.stamps(None, None, self.actor.username),
                }
            )
        programs = list(self.chosen.values())
        with zipped.file("Project.csv") as out:
            for p in programs:
                h = p.hmis
                out.write(
                    {
                        "ProjectID": p.id,
                        "OrganizationID": ORGANIZATION_ID,
                        "ProjectName": p.name,
                        "OperatingStartDate": h.operating_start,
                        "OperatingEndDate": h.operating_end,
                        "ContinuumProject": h.continuum_project,
                        "ProjectType": h.project_type,
                        "HousingType": h.housing_type,
                        "RRHSubType": h.rrh_subtype,
                        "ResidentialAffiliation": h.residential_affiliation,
                        "TargetPopulation": h.target_population,
                        "HOPWAMedAssistedLivingFac": h.hopwa_facility,
                        **self._program_stamps(p),
                    }
                )
        with zipped.file("Funder.csv") as out:
            for p in programs:
                h = p.hmis
                out.write(
                    {
                        "FunderID": p.id,
                        "ProjectID": p.id,
                        "Funder": h.funder,
                        "OtherFunder": h.other_funder,
                        "GrantID": h.grant_id,
                        "StartDate": h.grant_start,
                        "EndDate": h.grant_end,
                        **self._program_stamps(p),
                    }
                )
        with zipped.file("ProjectCoC.csv") as out:
            for p in programs:
                h = p.hmis
                out.write(
                    {
                        "ProjectCoCID": p.id,
                        "ProjectID": p.id,
                        "CoCCode": h.coc_code,
                        "Geocode": h.geocode,
                        "Address1": h.address,
                        "City": h.city,
                        "State": h.state,
                        "Zip": h.zip,
                        "GeographyType": h.geography_type,
                        **self._program_stamps(p),
                    }
                )
        with zipped.file("HMISParticipation.csv") as out:
            for p in programs:
                h = p.hmis
                out.write(
                    {
                        "HMISParticipationID": p.id,
                        "ProjectID": p.id,
                        "HMISParticipationType": h.participation,
                        "HMISParticipationStatusStartDate": h.participation_start,
                        "HMISParticipationStatusEndDate": h.operating_end,
                        **self._program_stamps(p),
                    }
                )

    def _program_stamps(self, p: Program) -> dict:
        return self.stamps(p.created_at, p.updated_at, p.updated_by)

    # --- Client.csv --------------------------------------------------------------

    def client(self, c: ClientRow) -> dict:
        self.written[c.id] = (c.date_of_birth, c.disabling_condition)
        first, middle, last, ssn = c.first_name, c.middle_name, c.last_name, c.ssn
        if self.pii is PiiHandling.HASHED:
            first, middle, last = hashed_name(first), hashed_name(middle), hashed_name(last)
            ssn = hashed_ssn(ssn)
        race = c.race or frozenset({99})
        given = race - {8, 9, 99}
        row = {
            "PersonalID": c.id,
            "FirstName": first,
            "MiddleName": middle,
            "LastName": last,
            "NameSuffix": c.suffix,
            "NameDataQuality": c.name_quality,
            "SSN": ssn,
            "SSNDataQuality": c.ssn_quality,
            "DOB": c.date_of_birth,
            "DOBDataQuality": c.dob_quality,
            "Sex": c.sex,
            "RaceNone": None if given else min(race),
            "VeteranStatus": c.veteran_status,
            **self.stamps(c.created_at, c.updated_at, c.updated_by),
        }
        for code, column in RACE_COLUMNS.items():
            row[column] = 1 if code in given else 0
        return row

    # --- Enrollment.csv and Exit.csv ----------------------------------------------

    def enrollment_files(
        self,
        zipped: HmisZip,
        enrollments: list[EnrollmentRow],
        progress: Progress,
        cancelled: Cancelled,
    ) -> None:
        kept = [k for k in enrollments if k.client_id in self.written]
        total = len(kept)
        with zipped.file("Enrollment.csv") as out:
            for n, k in enumerate(kept, 1):
                if n % CHECK_EVERY == 0:
                    if cancelled():
                        raise ExportCancelled()
                    progress(n, total, "Enrollments and exits")
                out.write(self._enrollment(k))
        with zipped.file("Exit.csv") as out:
            for k in kept:
                if k.closed_on is not None and k.closed_on <= self.options.end:
                    out.write(self._exit(k))
        progress(total, total, "Enrollments and exits")

    def _enrollment(self, k: EnrollmentRow) -> dict:
        born, disabling = self.written[k.client_id]
        relationship = k.relationship_to_head or 99
        head = relationship == 1
        age = age_on(born, k.opened_on)
        program = self.chosen[k.program_id]
        return {
            "EnrollmentID": k.id,
            "PersonalID": k.client_id,
            "ProjectID": k.program_id,
            "EntryDate": k.opened_on,
            "HouseholdID": f"H{k.household_case_id}",
            "RelationshipToHoH": relationship,
            "EnrollmentCoC": program.hmis.coc_code if head else None,
            # 3.917: CaseDesk does not ask it; said so for heads and adults.
            "LivingSituation": 99 if head or age is None or age >= ADULT_AGE else None,
            "DisablingCondition": disabling,
            **self.stamps(k.created_at, k.updated_at, k.updated_by),
        }

    def _exit(self, k: EnrollmentRow) -> dict:
        return {
            "ExitID": k.id,
            "EnrollmentID": k.id,
            "PersonalID": k.client_id,
            "ExitDate": k.closed_on,
            "Destination": codes.DESTINATION_NOT_COLLECTED
            if k.exit_destination is None
            else k.exit_destination,
            "DestinationSubsidyType": k.exit_destination_subsidy,
            "OtherDestination": k.exit_destination_other,
            **self.stamps(k.updated_at, k.updated_at, k.updated_by),
        }

    # --- User.csv ------------------------------------------------------------------

    def users(self, zipped: HmisZip, staff) -> None:
        known = {member.username: member for member in staff}
        with zipped.file("User.csv") as out:
            for user in sorted(self.user_ids):
                member = known.get(user)
                first, last = _split_name(member.display_name) if member else ("", "")
                created = member.created_at if member else self.now
                out.write(
                    {
                        "UserID": user,
                        "UserFirstName": first,
                        "UserLastName": last,
                        "DateCreated": created,
                        "DateUpdated": created,
                        "ExportID": self.export_id,
                    }
                )
