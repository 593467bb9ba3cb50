"""The use cases the application offers, bundled for the composition root to hand out."""

from __future__ import annotations

from dataclasses import dataclass

from domain.client_service import ClientService


@dataclass(frozen=True)
class Services:
    clients: ClientService
