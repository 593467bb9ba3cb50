"""The FY2026 format as data, and HUD's hashing of names and SSNs."""

from __future__ import annotations

import hashlib

import pytest

from domain.hmis_export.fy2026_columns import FILES, header
from domain.hmis_export.hashing import hashed_name, hashed_ssn, soundex

# FY2026's changes from FY2024, as HUD's specification lists them.
FY2026_CLIENT_START = (
    "PersonalID",
    "FirstName",
    "MiddleName",
    "LastName",
    "NameSuffix",
    "NameDataQuality",
    "SSN",
    "SSNDataQuality",
    "DOB",
    "DOBDataQuality",
    "Sex",
    "AmIndAKNative",
    "Asian",
    "BlackAfAmerican",
    "HispanicLatinao",
    "MidEastNAfrican",
    "NativeHIPacific",
    "White",
    "RaceNone",
    "AdditionalRaceEthnicity",
    "VeteranStatus",
)
GENDER_COLUMNS = {
    "Woman",
    "Man",
    "NonBinary",
    "CulturallySpecific",
    "Transgender",
    "Questioning",
    "DifferentIdentity",
    "GenderNone",
    "DifferentIdentityText",
}


def test_the_format_has_hud_s_24_files_each_keyed_by_its_first_column():
    assert len(FILES) == 24
    keys = {
        "Services.csv": "ServicesID",
        "Disabilities.csv": "DisabilitiesID",
        "IncomeBenefits.csv": "IncomeBenefitsID",
        "CurrentLivingSituation.csv": "CurrentLivingSitID",
        "AssessmentQuestions.csv": "AssessmentQuestionID",
        "AssessmentResults.csv": "AssessmentResultID",
        "ProjectCoC.csv": "ProjectCoCID",
        "HealthAndDV.csv": "HealthAndDVID",
        "Client.csv": "PersonalID",
        "Exit.csv": "ExitID",
    }
    for name in FILES:
        columns = header(name)
        assert len(columns) == len(set(columns)), name
        assert columns[0] == keys.get(name, name.removesuffix(".csv") + "ID"), name
        if name not in ("Export.csv",):
            assert columns[-2:] == ("DateDeleted", "ExportID"), name


def test_fy2026_client_has_sex_and_no_gender_and_enrollment_the_v10_consultation():
    assert header("Client.csv")[: len(FY2026_CLIENT_START)] == FY2026_CLIENT_START
    assert not GENDER_COLUMNS & set(header("Client.csv"))
    enrollment = header("Enrollment.csv")
    assert enrollment[-6:] == (
        "MentalHealthConsultation",
        "DateCreated",
        "DateUpdated",
        "UserID",
        "DateDeleted",
        "ExportID",
    )
    assert "SexualOrientation" not in enrollment
    assert header("HMISParticipation.csv")[:3] == (
        "HMISParticipationID",
        "ProjectID",
        "HMISParticipationType",
    )


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Robert", "R163"),
        ("Rupert", "R163"),
        ("Rubin", "R150"),
        ("Ashcraft", "A261"),
        ("Tymczak", "T522"),
        ("Pfister", "P236"),
        ("Honeyman", "H555"),
        ("Lee", "L000"),
        ("José", "J200"),
        ("O'Brien", "O165"),
        ("王秀英", ""),
    ],
)
def test_soundex(name, code):
    assert soundex(name) == code


def test_hashed_names_are_the_sha256_of_their_soundex():
    digest = hashlib.sha256(b"R163").hexdigest()
    assert hashed_name("Robert") == hashed_name("Rupert") == digest
    assert hashed_name("") is None and hashed_name(None) is None
    assert hashed_name("김민준") is None  # no Soundex for a name in another script


def test_a_hashed_ssn_keeps_its_last_four_before_the_digest_of_all_nine():
    assert hashed_ssn("123456789") == "6789" + hashlib.sha256(b"123456789").hexdigest()
    assert hashed_ssn("xxxxx6789") == "6789" + hashlib.sha256(b"xxxxx6789").hexdigest()
    assert len(hashed_ssn("123456789")) == 68 and hashed_ssn(None) is None
