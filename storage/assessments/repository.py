"""Assessments and their life-domain scores in SQL."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import Connection, insert, select

from domain.assessments.assessment import Assessment, AssessmentKind, AssessmentValues, LifeDomain
from storage.assessments.tables import assessment_scores, assessments
from storage.common.save_requests import made_once
from storage.common.timestamps import as_utc

_ORDER = {domain: index for index, domain in enumerate(LifeDomain)}


class SqlAssessmentRepository:
    def __init__(self, connection: Connection):
        self._conn = connection

    def add(
        self,
        client_id: int,
        case_id: int | None,
        values: AssessmentValues,
        *,
        by: str,
        at: datetime,
        request_id: str | None = None,
    ) -> int:
        at = as_utc(at)
        with made_once():
            assessment_id = self._insert_head(client_id, case_id, values, by, at, request_id)
        self._conn.execute(
            insert(assessment_scores),
            [
                {
                    "assessment_id": assessment_id,
                    "domain": domain.value,
                    "score": score,
                    "note": note,
                }
                for domain, score, note in values.scores
            ],
        )
        return assessment_id

    def for_request(self, request_id: str) -> Assessment | None:
        found = self._conn.execute(
            select(assessments.c.id, assessments.c.client_id).where(
                assessments.c.request_id == request_id
            )
        ).one_or_none()
        if found is None:
            return None
        return next((a for a in self.for_client(found.client_id) if a.id == found.id), None)

    def _insert_head(
        self,
        client_id: int,
        case_id: int | None,
        values: AssessmentValues,
        by: str,
        at: datetime,
        request_id: str | None,
    ) -> int:
        return self._conn.execute(
            insert(assessments)
            .values(
                client_id=client_id,
                case_id=case_id,
                kind=values.kind.value,
                assessed_on=values.assessed_on,
                strengths=values.strengths,
                needs=values.needs,
                version=1,
                created_at=at,
                created_by=by,
                updated_at=at,
                updated_by=by,
                request_id=request_id,
            )
            .returning(assessments.c.id)
        ).scalar_one()

    def for_client(self, client_id: int) -> list[Assessment]:
        """Newest first."""
        heads = self._conn.execute(
            select(assessments)
            .where(assessments.c.client_id == client_id)
            .order_by(assessments.c.assessed_on.desc(), assessments.c.id.desc())
        ).all()
        if not heads:
            return []
        scores = defaultdict(list)
        for row in self._conn.execute(
            select(assessment_scores).where(
                assessment_scores.c.assessment_id.in_([h.id for h in heads])
            )
        ):
            scores[row.assessment_id].append((LifeDomain(row.domain), row.score, row.note))
        return [
            Assessment(
                assessed_on=h.assessed_on,
                kind=AssessmentKind(h.kind),
                scores=tuple(sorted(scores[h.id], key=lambda s: _ORDER[s[0]])),
                strengths=h.strengths,
                needs=h.needs,
                id=h.id,
                version=h.version,
                client_id=h.client_id,
                case_id=h.case_id,
                recorded_by=h.created_by,
                recorded_at=as_utc(h.created_at),
            )
            for h in heads
        ]
