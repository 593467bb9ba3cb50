"""Is this new person someone we already know? Scores a typed person against
existing clients, and says why, so a person decides with the reasons in view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.clients._name_matching import (
    canonical_forms,
    fold,
    given_name_similarity,
    name_similarity,
    similarity,
    sound,
)

LIKELY_MATCH = 0.78


@dataclass(frozen=True)
class PersonKeys:
    """What duplicate detection compares."""

    first_name: str
    last_name: str
    date_of_birth: date | None = None
    ssn_last4: str | None = None


@dataclass(frozen=True)
class MatchScore:
    score: float
    reasons: tuple[str, ...]

    @property
    def likely(self) -> bool:
        return self.score >= LIKELY_MATCH


def _swapped(day: date) -> date | None:
    try:
        return date(day.year, day.day, day.month)
    except ValueError:
        return None


def _one_digit_apart(a: date, b: date) -> bool:
    x, y = a.strftime("%Y%m%d"), b.strftime("%Y%m%d")
    return sum(1 for p, q in zip(x, y, strict=True) if p != q) == 1


def birth_date_evidence(a: date | None, b: date | None) -> tuple[float, str | None]:
    """An adjustment to the name score, and its reason."""
    if a is None or b is None:
        return 0.0, None
    if a == b:
        return 0.25, "same date of birth"
    if _swapped(a) == b:
        return 0.18, "date of birth with day and month swapped"
    if _one_digit_apart(a, b):
        return 0.1, "date of birth one digit apart"
    return -0.45, None


# While only one name is typed, a match on it can be "possible", never "likely".
_ONE_NAME_ONLY = 0.8


def _one_name(person: PersonKeys) -> str:
    """The name of a person who has only one (folded), else ""."""
    first, last = fold(person.first_name), fold(person.last_name)
    return (first or last) if bool(first) != bool(last) else ""


def _names(typed: PersonKeys, known: PersonKeys) -> float:
    first, last = fold(typed.first_name), fold(typed.last_name)
    typed_one, known_one = _one_name(typed), _one_name(known)
    if typed_one and known_one:
        # That one name is the whole of it; one worker types it as the first
        # name, another as the last.
        given = given_name_similarity(typed_one.split()[0], known_one.split()[0])
        return max(similarity(typed_one, known_one), given)
    if first and last:
        return name_similarity(typed.first_name, typed.last_name, known.first_name, known.last_name)
    if last:
        known_words = fold(known.last_name).split() or [""]
        return _ONE_NAME_ONLY * max(similarity(last, word) for word in known_words)
    if first:
        known_first = (fold(known.first_name).split() or [""])[0]
        return _ONE_NAME_ONLY * given_name_similarity(first.split()[0], known_first)
    return 0.0


def score(typed: PersonKeys, known: PersonKeys) -> MatchScore:
    names = _names(typed, known)
    reasons = []
    if names >= 0.99:
        reasons.append("same name")
    elif names >= 0.85:
        reasons.append("similar name")
    total = names * 0.75
    adjustment, why = birth_date_evidence(typed.date_of_birth, known.date_of_birth)
    total += adjustment
    if why:
        reasons.append(why)
    if typed.ssn_last4 and known.ssn_last4:
        if typed.ssn_last4 == known.ssn_last4:
            total += 0.2
            reasons.append("same SSN last four")
        else:
            total -= 0.3
    return MatchScore(score=round(max(0.0, min(1.0, total)), 3), reasons=tuple(reasons))


def blocking_keys(person: PersonKeys) -> set[str]:
    """Cheap keys that any likely duplicate shares with ``person``; storage finds
    the candidates by them, then ``score`` ranks the candidates."""
    keys: set[str] = set()
    first = fold(person.first_name).split()
    last = fold(person.last_name).split()
    if person.date_of_birth:
        keys.add(f"dob:{person.date_of_birth.isoformat()}")
        swapped = _swapped(person.date_of_birth)
        if swapped:
            keys.add(f"dob:{swapped.isoformat()}")
    if person.ssn_last4:
        keys.add(f"ssn4:{person.ssn_last4}")
    for word in last:
        keys.add(f"last:{sound(word)}")
    if first:
        for form in canonical_forms(first[0]):
            keys.add(f"first:{sound(form.split()[0])}")
    return keys


def stored_keys(person: PersonKeys) -> set[str]:
    """The keys a registered client is stored under: ``blocking_keys``, and for
    a person with one name, that name's keys as a first and as a last name,
    whichever field it is typed in next time."""
    one = _one_name(person)
    if not one:
        return blocking_keys(person)
    return blocking_keys(PersonKeys(one, one, person.date_of_birth, person.ssn_last4))
