"""Run by smoke.sh with the installed Python (C:\\Program Files\\CaseDesk\\Python\\python.exe):
every dependency imports and does a little real work, and the app's own code builds
an intake form PDF. Prints one line per check; exits 1 if any failed.

Only the standard library and what the installer put in pkgs\\ are used.
"""

from __future__ import annotations

import os
import site
import sys
import time
import traceback
from pathlib import Path

# The way CaseDesk.launch.pyw finds the packages: <install folder>\pkgs.
INSTALL_DIR = Path(sys.executable).resolve().parent.parent
PKGS = INSTALL_DIR / "pkgs"
sys.path.insert(0, str(PKGS))
site.addsitedir(str(PKGS))

# A pipe's encoding is the ANSI code page (cp1252): the names printed below need UTF-8.
sys.stdout.reconfigure(encoding="utf-8", errors="backslashreplace")

failures: list[str] = []


def check(name: str):
    """Runs the decorated function at once, as one named check."""

    def run(function):
        started = time.perf_counter()
        try:
            detail = function()
        except BaseException as error:  # a missing DLL is an ImportError, a bad one may be worse
            failures.append(name)
            print(f"FAIL {name}: {type(error).__name__}: {error}")
            traceback.print_exc(limit=3, file=sys.stdout)
        else:
            took = time.perf_counter() - started
            print(f"ok   {name} ({took:.1f} s){': ' + detail if detail else ''}")
        return function

    return run


def located(module) -> str:
    """Where a module came from: it must be the installed copy, not anything else."""
    path = Path(module.__file__).resolve()
    if INSTALL_DIR not in path.parents:
        raise AssertionError(f"{module.__name__} loaded from {path}, outside {INSTALL_DIR}")
    return str(path.relative_to(INSTALL_DIR))


@check("Python")
def _python():
    assert sys.version_info[:2] == (3, 13), sys.version
    assert sys.maxsize > 2**32, "not a 64-bit Python"
    return f"{sys.version.split()[0]} {sys.executable}"


@check("PySide6 QtWidgets, QtPdf, QtPdfWidgets")
def _qt():
    import PySide6
    from PySide6 import QtPdf, QtPdfWidgets, QtWidgets  # noqa: F401  (each loads its DLLs)

    return f"PySide6 {PySide6.__version__}, Qt {PySide6.QtCore.qVersion()}, {located(PySide6)}"


@check("SQLAlchemy + sqlite3")
def _sqlalchemy():
    import sqlalchemy
    from sqlalchemy import create_engine, text

    with create_engine("sqlite://").connect() as connection:
        assert connection.execute(text("select sqlite_version()")).scalar()
    return f"{sqlalchemy.__version__}, {located(sqlalchemy)}"


@check("alembic")
def _alembic():
    import alembic
    from alembic.config import Config  # noqa: F401

    return alembic.__version__


@check("psycopg with its binary libpq")
def _psycopg():
    import psycopg

    # "binary" is psycopg_binary's bundled libpq; "python" would need a libpq.dll on PATH.
    assert psycopg.pq.__impl__ == "binary", psycopg.pq.__impl__
    return f"{psycopg.__version__}, libpq {psycopg.pq.version()}"


@check("reportlab + rl_accel")
def _reportlab():
    import _rl_accel
    import reportlab
    from reportlab.lib import rl_accel

    # ReportLab falls back to Python silently; its speed-ups must be the C ones.
    assert rl_accel.fp_str.__module__ == "_rl_accel", rl_accel.fp_str.__module__
    return f"{reportlab.Version}, {located(_rl_accel)}"


@check("argon2")
def _argon2():
    from argon2 import PasswordHasher

    hasher = PasswordHasher(time_cost=1, memory_cost=8192)
    assert hasher.verify(hasher.hash("correct horse"), "correct horse")


@check("jellyfish")
def _jellyfish():
    import jellyfish

    assert jellyfish.soundex("Robert") == "R163"
    return f"jaro_winkler={jellyfish.jaro_winkler_similarity('Martha', 'Marhta'):.3f}"


@check("faker")
def _faker():
    from faker import Faker

    return ", ".join(Faker(locale).name() for locale in ("en_US", "vi_VN", "ar_AA"))


@check("zxcvbn, nicknames, anyascii")
def _text_helpers():
    from anyascii import anyascii
    from nicknames import NickNamer
    from zxcvbn import zxcvbn

    assert zxcvbn("password1")["score"] <= 1
    assert "bill" in NickNamer().nicknames_of("william")
    assert anyascii("Nguyễn") == "Nguyen"


@check("arabic_reshaper + bidi")
def _arabic():
    import arabic_reshaper
    from bidi import get_display

    shown = get_display(arabic_reshaper.reshape("محمد"))
    assert shown and shown != "محمد"


@check("platformdirs")
def _platformdirs():
    import platformdirs

    folder = platformdirs.user_data_dir("CaseDesk", appauthor=False)
    assert folder.lower().endswith(r"appdata\local\casedesk"), folder
    return folder


@check("zoneinfo with tzdata")
def _zoneinfo():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import tzdata

    # Windows has no zone files: every zone must come from the tzdata package.
    summer = datetime(2025, 7, 1, 12, tzinfo=ZoneInfo("America/Los_Angeles"))
    assert summer.utcoffset().total_seconds() == -7 * 3600
    return f"tzdata {tzdata.IANA_VERSION}"


def intake_packet():
    """A client with names in three scripts, so each shipped font gets embedded."""
    from datetime import date

    from domain.clients.hmis import RelationshipToHead
    from domain.clients.households import HouseholdMember
    from domain.clients.record import ClientRecord, ClientSummary
    from domain.consents.consent import Consent, ConsentKind, ConsentMethod
    from domain.printing.intake_packet import IntakePacket

    client = ClientRecord(
        id=42,
        first_name="Nguyễn Thị",
        last_name="Ánh",
        date_of_birth=date(1986, 7, 9),
        phone="(541) 555-0199",
        phone_digits="5415550199",
        emergency_name="محمد عبد الله 王秀英",
        emergency_relationship="Brother",
    )
    head = ClientSummary(
        id=client.id,
        first_name=client.first_name,
        last_name=client.last_name,
        date_of_birth=client.date_of_birth,
        phone=client.phone,
        updated_at=None,
    )
    consent = Consent(
        kind=ConsentKind.SERVICES,
        method=ConsentMethod.PAPER,
        signed_on=date(2025, 3, 10),
        effective_on=date(2025, 3, 10),
        expires_on=None,
        client_id=client.id,
    )
    return IntakePacket(
        client=client,
        household=(HouseholdMember(head, RelationshipToHead.SELF),),
        services_consent=consent,
        staff_name="Tamara Brooks",
    )


def page_count(pdf: bytes) -> int:
    """Page objects in an uncompressed-dictionary PDF as ReportLab writes it."""
    import re

    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@check("intake form PDF (reports.clients.intake_form_pdf)")
def _intake_pdf():
    from datetime import datetime

    from domain.settings.agency import AgencyDetails
    from reports.clients.intake_form_pdf import intake_form_pdf

    agency = AgencyDetails("Riverside Family Services", ("1200 Harbor Avenue",), "(541) 555-0142")
    pdf = intake_form_pdf(intake_packet(), agency, datetime(2025, 3, 14, 9, 41))
    assert pdf.startswith(b"%PDF-"), pdf[:16]
    assert pdf.rstrip().endswith(b"%%EOF"), pdf[-16:]
    pages = page_count(pdf)
    assert pages >= 1, "no /Type /Page object"
    assert b"/FontFile2" in pdf, "no embedded TrueType font"

    # Qt's own PDF engine (pdfium, as the app's preview uses) must read it too.
    from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice
    from PySide6.QtPdf import QPdfDocument

    app = QCoreApplication.instance() or QCoreApplication([])  # noqa: F841
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    assert document.status() == QPdfDocument.Status.Ready, document.status()
    assert document.pageCount() == pages, (document.pageCount(), pages)
    if os.environ.get("SMOKE_PDF_OUT"):
        Path(os.environ["SMOKE_PDF_OUT"]).write_bytes(pdf)
    return f"{len(pdf)} bytes, {pages} pages, QtPdf reads {document.pageCount()}"


print(
    f"{len(failures)} of the checks failed: {', '.join(failures)}"
    if failures
    else "all checks passed"
)
sys.exit(1 if failures else 0)
