"""Fictional clients for the demo database and for benchmarks.

Every person here is made up by Faker; phone numbers use the 555 exchange that
North American numbering keeps for fiction.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from faker import Faker

from domain.actor import Actor
from domain.client_service import ClientService
from domain.clients import ClientForm
from domain.errors import ValidationError

# Mostly English and Spanish names, as in a typical US office, with enough other
# scripts that the demo shows CaseDesk handling them.
_LOCALE_WEIGHTS = {
    "en_US": 60,
    "es_MX": 20,
    "vi_VN": 5,
    "ru_RU": 4,
    "ar_AA": 4,
    "zh_CN": 3,
    "ko_KR": 2,
    "el_GR": 2,
}


def fictional_client_forms(count: int, *, seed: int = 2026) -> Iterator[ClientForm]:
    rng = random.Random(seed)
    fake = Faker(list(_LOCALE_WEIGHTS))
    fake.seed_instance(seed)
    locales = list(_LOCALE_WEIGHTS)
    weights = list(_LOCALE_WEIGHTS.values())
    for _ in range(count):
        person = fake[rng.choices(locales, weights)[0]]
        born = date.today() - timedelta(days=rng.randint(30, 90 * 365))
        phone = ""
        if rng.random() > 0.15:
            phone = f"(555) {rng.randint(200, 999)}-{rng.randint(0, 9999):04d}"
        yield ClientForm(
            first_name=person.first_name(),
            last_name=person.last_name(),
            date_of_birth="" if rng.random() < 0.05 else born.isoformat(),
            phone=phone,
        )


def seed_demo_clients(service: ClientService, actor: Actor, count: int = 250) -> int:
    """Register ``count`` fictional clients through the normal use case; returns how many."""
    saved = 0
    for form in fictional_client_forms(count):
        try:
            service.register(actor, form)
        except ValidationError:
            continue  # a generated name our rules refuse is simply left out
        saved += 1
    return saved
