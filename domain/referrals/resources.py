"""The community resource directory: organisations and the services they offer,
kept by administrators and supervisors, searched by everyone who refers clients.

A resource is never deleted: referrals keep pointing at it, so it is marked
inactive instead and disappears from the finder.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.assessments.assessment import LifeDomain
from domain.common.errors import ValidationError
from domain.common.field_rules import (
    FieldProblem,
    clean_email,
    clean_phone,
    clean_text,
    normalize_text,
    reject_invisible_characters,
)

LONGEST_NAME = 150
LONGEST_ADDRESS_LINE = 100
MAX_ADDRESS_LINES = 3
LONGEST_WEBSITE = 300
LONGEST_HOURS = 200
LONGEST_NOTES = 2000
LONGEST_LANGUAGE = 40
MAX_LANGUAGES = 12


class ResourceCategory(StrEnum):
    HOUSING = "housing"
    FOOD = "food"
    HEALTH = "health"
    MENTAL_HEALTH = "mental_health"
    SUBSTANCE_USE = "substance_use"
    EMPLOYMENT = "employment"
    EDUCATION = "education"
    CHILDCARE = "childcare"
    TRANSPORTATION = "transportation"
    LEGAL = "legal"
    BENEFITS = "benefits"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @classmethod
    def parse(cls, text: str) -> ResourceCategory:
        """A code or a label, as a spreadsheet may hold either ("Mental health")."""
        key = "_".join(text.strip().casefold().replace("-", " ").split())
        return cls(key)


# What each life domain of an assessment is usually met by: offered first when a
# referral starts from a need.
NEED_CATEGORIES: dict[LifeDomain, tuple[ResourceCategory, ...]] = {
    LifeDomain.HOUSING: (ResourceCategory.HOUSING, ResourceCategory.BENEFITS),
    LifeDomain.INCOME: (ResourceCategory.BENEFITS, ResourceCategory.EMPLOYMENT),
    LifeDomain.EMPLOYMENT: (ResourceCategory.EMPLOYMENT, ResourceCategory.EDUCATION),
    LifeDomain.FOOD: (ResourceCategory.FOOD, ResourceCategory.BENEFITS),
    LifeDomain.HEALTH: (ResourceCategory.HEALTH,),
    LifeDomain.MENTAL_HEALTH: (ResourceCategory.MENTAL_HEALTH, ResourceCategory.HEALTH),
    LifeDomain.SUBSTANCE_USE: (ResourceCategory.SUBSTANCE_USE, ResourceCategory.MENTAL_HEALTH),
    LifeDomain.CHILDCARE: (ResourceCategory.CHILDCARE,),
    LifeDomain.TRANSPORTATION: (ResourceCategory.TRANSPORTATION,),
    LifeDomain.LEGAL: (ResourceCategory.LEGAL,),
    LifeDomain.SAFETY: (ResourceCategory.LEGAL, ResourceCategory.HOUSING),
    LifeDomain.EDUCATION: (ResourceCategory.EDUCATION,),
    LifeDomain.SUPPORT_NETWORK: (ResourceCategory.MENTAL_HEALTH, ResourceCategory.OTHER),
}


def categories_for_need(need: LifeDomain | None) -> tuple[ResourceCategory, ...]:
    return NEED_CATEGORIES.get(need, ()) if need is not None else ()


@dataclass(frozen=True)
class ResourceForm:
    """As typed (or read from a spreadsheet row)."""

    organisation: str = ""
    service: str = ""
    categories: tuple[str, ...] = ()
    address: str = ""  # one line per address line
    phone: str = ""
    email: str = ""
    website: str = ""
    hours: str = ""
    eligibility: str = ""
    intake_notes: str = ""
    languages: str = ""  # comma-separated: "English, Spanish"
    active: bool = True


@dataclass(frozen=True)
class ResourceValues:
    organisation: str
    service: str
    categories: tuple[ResourceCategory, ...]
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    hours: str = ""
    eligibility: str = ""
    intake_notes: str = ""
    languages: tuple[str, ...] = ()
    active: bool = True

    @property
    def name(self) -> str:
        """What a list shows: "Organisation — service", or the organisation alone."""
        return f"{self.organisation} — {self.service}" if self.service else self.organisation

    @property
    def key(self) -> tuple[str, str]:
        """One resource per organisation and service, whatever the case or spacing."""
        return (
            " ".join(self.organisation.casefold().split()),
            " ".join(self.service.casefold().split()),
        )

    def to_form(self) -> ResourceForm:
        return ResourceForm(
            organisation=self.organisation,
            service=self.service,
            categories=tuple(c.value for c in self.categories),
            address=self.address,
            phone=self.phone,
            email=self.email,
            website=self.website,
            hours=self.hours,
            eligibility=self.eligibility,
            intake_notes=self.intake_notes,
            languages=", ".join(self.languages),
            active=self.active,
        )


@dataclass(frozen=True)
class Resource(ResourceValues):
    id: int = 0
    version: int = 1

    def speaks(self, language: str) -> bool:
        wanted = language.strip().casefold()
        return not wanted or any(lang.casefold() == wanted for lang in self.languages)


def _notes(raw: str, longest: int) -> str:
    reject_invisible_characters(raw.replace("\n", "").replace("\r", "").replace("\t", ""))
    lines = [normalize_text(line) for line in raw.replace("\r\n", "\n").split("\n")]
    text = "\n".join(lines).strip()
    if len(text) > longest:
        raise FieldProblem(f"Use at most {longest} characters (this has {len(text)}).")
    return text


def _website(raw: str) -> str:
    text = clean_text(raw, longest=LONGEST_WEBSITE) or ""
    if not text:
        return ""
    if " " in text or "." not in text:
        raise FieldProblem("Enter a web address such as www.example.org.")
    lowered = text.casefold()
    if "://" in lowered and not lowered.startswith(("http://", "https://")):
        raise FieldProblem("A web address starts with http:// or https://.")
    return text


def _languages(raw: str) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for part in raw.replace(";", ",").split(","):
        language = clean_text(part, longest=LONGEST_LANGUAGE)
        if language:
            seen.setdefault(language.casefold(), language[0].upper() + language[1:])
    if len(seen) > MAX_LANGUAGES:
        raise FieldProblem(f"List at most {MAX_LANGUAGES} languages.")
    return tuple(seen.values())


def _categories(raw: tuple[str, ...]) -> tuple[ResourceCategory, ...]:
    chosen: list[ResourceCategory] = []
    for text in raw:
        if not text.strip():
            continue
        try:
            category = ResourceCategory.parse(text)
        except ValueError:
            known = ", ".join(c.label.lower() for c in ResourceCategory)
            raise FieldProblem(f"“{text.strip()}” is not a category; use {known}.") from None
        if category not in chosen:
            chosen.append(category)
    if not chosen:
        raise FieldProblem("Choose at least one category.")
    return tuple(c for c in ResourceCategory if c in chosen)


def validate_resource(form: ResourceForm) -> ResourceValues:
    """Every field checked; all problems reported at once, by field."""
    errors: dict[str, str] = {}
    values: dict[str, object] = {}

    def check(name: str, clean) -> None:
        try:
            values[name] = clean()
        except FieldProblem as problem:
            errors[name] = str(problem)

    check("organisation", lambda: clean_text(form.organisation, longest=LONGEST_NAME) or "")
    if "organisation" not in errors and not values["organisation"]:
        errors["organisation"] = "Give the organisation's name."
    check("service", lambda: clean_text(form.service, longest=LONGEST_NAME) or "")
    check("categories", lambda: _categories(form.categories))

    def address() -> str:
        lines = [line for line in form.address.replace("\r\n", "\n").split("\n") if line.strip()]
        if len(lines) > MAX_ADDRESS_LINES:
            raise FieldProblem(f"Use at most {MAX_ADDRESS_LINES} lines.")
        return "\n".join(clean_text(line, longest=LONGEST_ADDRESS_LINE) or "" for line in lines)

    check("address", address)
    check("phone", lambda: (clean_phone(form.phone) or ("",))[0])
    check("email", lambda: clean_email(form.email) or "")
    check("website", lambda: _website(form.website))
    check("hours", lambda: clean_text(form.hours, longest=LONGEST_HOURS) or "")
    check("eligibility", lambda: _notes(form.eligibility, LONGEST_NOTES))
    check("intake_notes", lambda: _notes(form.intake_notes, LONGEST_NOTES))
    check("languages", lambda: _languages(form.languages))
    if errors:
        raise ValidationError(errors)
    return ResourceValues(active=bool(form.active), **values)  # type: ignore[arg-type]


def matches(resource: Resource, text: str) -> bool:
    """Every word typed appears in the name or the service (the finder's filter)."""
    haystack = f"{resource.organisation} {resource.service}".casefold()
    return all(word in haystack for word in text.casefold().split())


def ordered_for_need(resources: list[Resource], need: LifeDomain | None) -> list[Resource]:
    """Resources whose categories meet the need first, in the need's order; the rest after."""
    wanted = categories_for_need(need)

    def rank(resource: Resource) -> tuple[int, str]:
        for position, category in enumerate(wanted):
            if category in resource.categories:
                return (position, resource.name.casefold())
        return (len(wanted), resource.name.casefold())

    return sorted(resources, key=rank)
