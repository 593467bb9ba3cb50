"""The resource directory in SQL."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, func, insert, or_, select, update

from domain.common.errors import ConflictError, NotFound
from domain.referrals.resources import Resource, ResourceCategory, ResourceValues
from storage.common.timestamps import as_utc
from storage.referrals.tables import resources

R = resources.c
_COLUMNS = (
    R.id,
    R.version,
    R.organisation,
    R.service,
    R.categories,
    R.address,
    R.phone,
    R.email,
    R.website,
    R.hours,
    R.eligibility,
    R.intake_notes,
    R.languages,
    R.active,
)


def _listed(values) -> str:
    """ ",a,b," so that LIKE '%,a,%' finds one item exactly."""
    return "," + ",".join(values) + "," if values else ""


def _items(stored: str) -> list[str]:
    return [item for item in stored.split(",") if item]


def _resource(row) -> Resource:
    return Resource(
        id=row.id,
        version=row.version,
        organisation=row.organisation,
        service=row.service,
        categories=tuple(ResourceCategory(code) for code in _items(row.categories)),
        address=row.address,
        phone=row.phone,
        email=row.email,
        website=row.website,
        hours=row.hours,
        eligibility=row.eligibility,
        intake_notes=row.intake_notes,
        # Stored as typed, between commas (case-folded matching happens in SQL).
        languages=tuple(_items(row.languages)),
        active=row.active,
    )


def _row(values: ResourceValues) -> dict:
    return {
        "organisation": values.organisation,
        "service": values.service,
        "categories": _listed(c.value for c in values.categories),
        "address": values.address,
        "phone": values.phone,
        "email": values.email,
        "website": values.website,
        "hours": values.hours,
        "eligibility": values.eligibility,
        "intake_notes": values.intake_notes,
        "languages": _listed(values.languages),
        "active": values.active,
    }


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class SqlResourceRepository:
    def __init__(self, connection: Connection):
        self._conn = connection

    def search(
        self,
        *,
        text: str = "",
        category: ResourceCategory | None = None,
        language: str = "",
        include_inactive: bool = False,
    ) -> list[Resource]:
        """Every word of ``text`` in the organisation or service; with the category and
        the language (any case) when given; by organisation and service."""
        query = select(*_COLUMNS)
        if not include_inactive:
            query = query.where(R.active.is_(True))
        for word in text.split():
            pattern = f"%{_escaped(word.casefold())}%"
            query = query.where(
                or_(
                    func.lower(R.organisation).like(pattern, escape="\\"),
                    func.lower(R.service).like(pattern, escape="\\"),
                )
            )
        if category is not None:
            query = query.where(R.categories.like(f"%,{category.value},%"))
        if language.strip():
            pattern = f"%,{_escaped(language.strip().casefold())},%"
            query = query.where(func.lower(R.languages).like(pattern, escape="\\"))
        query = query.order_by(func.lower(R.organisation), func.lower(R.service), R.id)
        return [_resource(row) for row in self._conn.execute(query)]

    def languages(self) -> list[str]:
        """Every language some active resource offers, for the filter's choices."""
        seen: dict[str, str] = {}
        for stored in self._conn.execute(select(R.languages).where(R.active.is_(True))).scalars():
            for language in _items(stored):
                seen.setdefault(language.casefold(), language)
        return sorted(seen.values(), key=str.casefold)

    def get(self, resource_id: int) -> Resource | None:
        row = self._conn.execute(select(*_COLUMNS).where(R.id == resource_id)).one_or_none()
        return None if row is None else _resource(row)

    def add(self, values: ResourceValues, *, by: str, at: datetime) -> Resource:
        at = as_utc(at)
        row = self._conn.execute(
            insert(resources)
            .values(
                **_row(values),
                version=1,
                created_at=at,
                created_by=by,
                updated_at=at,
                updated_by=by,
            )
            .returning(*_COLUMNS)
        ).one()
        return _resource(row)

    def update(
        self,
        resource_id: int,
        expected_version: int | None,
        values: ResourceValues,
        *,
        by: str,
        at: datetime,
    ) -> Resource:
        """``expected_version`` None: whatever the version (an import replaces rows)."""
        where = [R.id == resource_id]
        if expected_version is not None:
            where.append(R.version == expected_version)
        row = self._conn.execute(
            update(resources)
            .where(*where)
            .values(**_row(values), version=R.version + 1, updated_at=as_utc(at), updated_by=by)
            .returning(*_COLUMNS)
        ).one_or_none()
        if row is not None:
            return _resource(row)
        current = self._conn.execute(
            select(R.organisation, R.updated_by, R.updated_at).where(R.id == resource_id)
        ).one_or_none()
        if current is None:
            raise NotFound("That resource does not exist.")
        raise ConflictError(
            f"The resource {current.organisation}", current.updated_by, as_utc(current.updated_at)
        )
