"""HMIS universal data elements: the answer lists, as the HUD HMIS Data Standards
(FY2026) define them. Codes are HUD's, so exports map one to one."""

from __future__ import annotations

from enum import IntEnum


class NameQuality(IntEnum):
    FULL = 1
    PARTIAL = 2  # partial, street name or code name
    DOESNT_KNOW = 8
    PREFERS_NOT = 9
    NOT_COLLECTED = 99


class SsnQuality(IntEnum):
    FULL = 1
    PARTIAL = 2  # approximate or partial SSN
    DOESNT_KNOW = 8
    PREFERS_NOT = 9
    NOT_COLLECTED = 99


class DobQuality(IntEnum):
    FULL = 1
    PARTIAL = 2  # approximate or partial date of birth
    DOESNT_KNOW = 8
    PREFERS_NOT = 9
    NOT_COLLECTED = 99


class YesNo(IntEnum):
    """Veteran status, disabling condition and other yes/no elements."""

    NO = 0
    YES = 1
    DOESNT_KNOW = 8
    PREFERS_NOT = 9
    NOT_COLLECTED = 99


class Sex(IntEnum):
    FEMALE = 0
    MALE = 1
    DOESNT_KNOW = 8
    PREFERS_NOT = 9
    NOT_COLLECTED = 99


class RaceEthnicity(IntEnum):
    """Race and ethnicity, one multi-select since FY2024."""

    AMERICAN_INDIAN = 1
    ASIAN = 2
    BLACK = 3
    NATIVE_HAWAIIAN = 4
    WHITE = 5
    HISPANIC_LATINE = 6
    MIDDLE_EASTERN = 7
    DOESNT_KNOW = 8
    PREFERS_NOT = 9
    NOT_COLLECTED = 99


# The answers that mean "no answer": they stand alone, never beside a real one.
NO_ANSWER = {8, 9, 99}

LABELS: dict[type[IntEnum], dict[int, str]] = {
    NameQuality: {
        1: "Full name reported",
        2: "Partial, street name, or code name",
        8: "Client doesn't know",
        9: "Client prefers not to answer",
        99: "Data not collected",
    },
    SsnQuality: {
        1: "Full SSN reported",
        2: "Approximate or partial SSN",
        8: "Client doesn't know",
        9: "Client prefers not to answer",
        99: "Data not collected",
    },
    DobQuality: {
        1: "Full date of birth reported",
        2: "Approximate or partial date of birth",
        8: "Client doesn't know",
        9: "Client prefers not to answer",
        99: "Data not collected",
    },
    YesNo: {
        0: "No",
        1: "Yes",
        8: "Client doesn't know",
        9: "Client prefers not to answer",
        99: "Data not collected",
    },
    Sex: {
        0: "Female",
        1: "Male",
        8: "Client doesn't know",
        9: "Client prefers not to answer",
        99: "Data not collected",
    },
    RaceEthnicity: {
        1: "American Indian, Alaska Native, or Indigenous",
        2: "Asian or Asian American",
        3: "Black, African American, or African",
        4: "Native Hawaiian or Pacific Islander",
        5: "White",
        6: "Hispanic/Latina/e/o",
        7: "Middle Eastern or North African",
        8: "Client doesn't know",
        9: "Client prefers not to answer",
        99: "Data not collected",
    },
}


def label(value: IntEnum) -> str:
    return LABELS[type(value)][int(value)]


def choices(kind: type[IntEnum]) -> list[tuple[int, str]]:
    """(code, label) pairs in HUD's order, for combo boxes and check lists."""
    return list(LABELS[kind].items())


class RelationshipToHead(IntEnum):
    """HMIS 3.15, relationship to the head of household."""

    SELF = 1
    CHILD = 2
    SPOUSE_OR_PARTNER = 3
    OTHER_RELATIVE = 4
    NON_RELATIVE = 5


LABELS[RelationshipToHead] = {
    1: "Self (head of household)",
    2: "Head of household's child",
    3: "Head of household's spouse or partner",
    4: "Head of household's other relation",
    5: "Other: non-relation member",
}
