"""The outcome reports in SQL: each figure is counted, averaged or ranked by the
database, a few statements per figure, whatever the size of the office
(tests/benchmarks/outcome_reports_speed.py times them at 100,000 clients).

Every statement starts from the cases in scope: the program's, and for a
caseworker those assigned to her. On a shared server the person's own login
runs them, so row-level security holds the same line; the filters here make the
embedded file agree with it, and keep a caseworker's figures the same on both.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    BigInteger,
    Connection,
    Date,
    Integer,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    null,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.sql.elements import ColumnElement

from domain.assessments.assessment import LifeDomain
from domain.cases.case import CloseReason
from domain.clients.record import shown_name
from domain.consents.consent import ConsentKind
from domain.hmis_export.exit_destination import destination_label
from domain.outcome_reports.figures import (
    ANSWERED,
    LATE_NOTE_DAYS,
    REFERRAL_OUTCOMES,
    CaseFlow,
    CaseloadLine,
    CaseloadSeries,
    ClientsServed,
    ConsentsExpiring,
    Count,
    DocumentationLag,
    DomainChange,
    ExpiringConsent,
    GoalCounts,
    GoalOutcomes,
    LagRow,
    ReferralFigures,
    ResourceTimes,
)
from domain.outcome_reports.repository import ReportQuery
from domain.plans.plan import GoalStatus
from domain.referrals.referral import ReferralStatus
from storage.assessments.tables import assessment_scores, assessments
from storage.cases.tables import case_assignments, cases
from storage.clients.tables import clients
from storage.consents.tables import consents
from storage.notes.tables import case_notes
from storage.outcome_reports.sql_functions import days_between, local_day, percentiles
from storage.plans.tables import plan_goals, service_plans
from storage.referrals.tables import referral_status_changes, referrals, resources
from storage.staff.tables import staff

C = cases.c
ACTIVE = ("intake", "open", "on_hold")
# The documentation table's last line: every note counted above it.
TOTAL_LABEL = "All notes"


# Days are counted from here when scores are packed with their day (assessment_change).
EPOCH = date(2000, 1, 1)
PACKED_ID_LIMIT = 1_000_000_000


def _count_if(condition) -> ColumnElement:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _in_scope(query: ReportQuery) -> ColumnElement:
    """The cases the report is about: the program's, the caseworker's."""
    conditions = []
    if query.program_id is not None:
        conditions.append(C.program_id == query.program_id)
    if query.staff_id is not None:
        conditions.append(C.assigned_staff_id == query.staff_id)
    return and_(true(), *conditions)


def _scoped(query: ReportQuery) -> bool:
    """Whether the cases in scope are fewer than all of them (a program, a caseload)."""
    return query.program_id is not None or query.staff_id is not None


def _open_during(query: ReportQuery) -> ColumnElement:
    """Open (or waiting for a caseworker) on at least one day of the period."""
    return and_(C.opened_on <= query.end, or_(C.closed_on.is_(None), C.closed_on >= query.start))


def _within(column, query: ReportQuery) -> ColumnElement:
    return and_(column >= query.start, column <= query.end)


def _float(value) -> float | None:
    return None if value is None else float(value)


class SqlOutcomeQueries:
    def __init__(self, connection: Connection):
        self._conn = connection
        self._dialect = connection.dialect.name

    # --- clients and cases -------------------------------------------------------------

    def clients_served(self, query: ReportQuery) -> ClientsServed:
        opened_now = _within(C.opened_on, query)
        per_client = (
            select(
                C.client_id,
                func.min(C.opened_on).label("first_opened"),
                func.max(case((opened_now, 1), else_=0)).label("opened_now"),
                func.max(case((_open_during(query), 1), else_=0)).label("served"),
            )
            .where(_in_scope(query), C.opened_on <= query.end)
            .group_by(C.client_id)
            .subquery()
        )
        served = per_client.c.served == 1
        row = self._conn.execute(
            select(
                _count_if(served).label("served"),
                _count_if(and_(served, per_client.c.first_opened >= query.start)).label(
                    "first_time"
                ),
                _count_if(
                    and_(
                        served,
                        per_client.c.first_opened < query.start,
                        per_client.c.opened_now == 1,
                    )
                ).label("came_back"),
            )
        ).one()
        served_count, new, returning = int(row.served), int(row.first_time), int(row.came_back)
        return ClientsServed(served_count, new, returning, served_count - new - returning)

    def case_flow(self, query: ReportQuery) -> CaseFlow:
        row = self._conn.execute(
            select(
                _count_if(_within(C.opened_on, query)).label("opened"),
                _count_if(_within(C.closed_on, query)).label("closed"),
            ).where(_in_scope(query), C.opened_on <= query.end)
        ).one()
        closed_now = and_(_in_scope(query), _within(C.closed_on, query))
        reasons = dict(
            self._conn.execute(
                select(C.close_reason, func.count()).where(closed_now).group_by(C.close_reason)
            ).all()
        )
        by_reason = tuple(
            Count(reason.value, reason.label, int(reasons.get(reason.value, 0)))
            for reason in CloseReason
        )
        if None in reasons:  # closed before reasons were asked
            by_reason += (Count("", "Not recorded", int(reasons[None])),)
        rows = self._conn.execute(
            select(C.exit_destination, func.count().label("cases"))
            .where(closed_now)
            .group_by(C.exit_destination)
        )
        by_destination = tuple(
            sorted(
                (
                    Count("" if code is None else str(code), destination_label(code), int(n))
                    for code, n in rows
                ),
                key=lambda c: (-c.count, c.code == "", c.label),
            )
        )
        return CaseFlow(int(row.opened), int(row.closed), by_reason, by_destination)

    # --- assessments and goals -----------------------------------------------------------

    def assessment_change(self, query: ReportQuery) -> tuple[DomainChange, ...]:
        """Each client's first assessment (of the cases in scope) against their latest,
        domain by domain where both scored it. The two are found without sorting: an
        assessment's day and id are packed into one number ordered as (day, id), so a
        client's smallest is the first and the largest the latest (ids stay below
        PACKED_ID_LIMIT); then only those two assessments' scores are read."""
        a, s = assessments.c, assessment_scores.c
        day = cast(days_between(a.assessed_on, literal(EPOCH, Date)), BigInteger)
        packed = day * PACKED_ID_LIMIT + a.id
        ends = (
            select(
                a.client_id,
                func.min(packed).label("first"),
                func.max(packed).label("latest"),
            )
            .select_from(assessments.join(cases, C.id == a.case_id))
            .where(_in_scope(query), _open_during(query), a.assessed_on <= query.end)
            .group_by(a.client_id)
            .subquery()
        )
        # Assessed twice at least (the first and the latest differ), the latest in the
        # period: its packed number is at least that of the period's first day.
        pairs = (
            select(
                ends.c.client_id,
                (ends.c.first % PACKED_ID_LIMIT).label("first_id"),
                (ends.c.latest % PACKED_ID_LIMIT).label("latest_id"),
            )
            .where(
                ends.c.first != ends.c.latest,
                ends.c.latest >= (query.start - EPOCH).days * PACKED_ID_LIMIT,
            )
            .cte("pairs")
        )
        scores = union_all(
            select(
                pairs.c.client_id,
                s.domain,
                s.score.label("first_score"),
                cast(null(), Integer).label("latest_score"),
            ).select_from(pairs.join(assessment_scores, s.assessment_id == pairs.c.first_id)),
            select(pairs.c.client_id, s.domain, cast(null(), Integer), s.score).select_from(
                pairs.join(assessment_scores, s.assessment_id == pairs.c.latest_id)
            ),
        ).subquery()
        both = (
            select(
                scores.c.client_id,
                scores.c.domain,
                func.max(scores.c.first_score).label("first"),
                func.max(scores.c.latest_score).label("latest"),
            )
            .group_by(scores.c.client_id, scores.c.domain)
            .subquery()
        )
        first, latest = both.c.first, both.c.latest
        rows = self._conn.execute(
            select(
                both.c.domain,
                func.count().label("clients"),
                func.avg(first).label("mean_first"),
                func.avg(latest).label("mean_latest"),
                _count_if(latest > first).label("improved"),
                _count_if(latest < first).label("worsened"),
                _count_if(latest == first).label("unchanged"),
            )
            .where(first.is_not(None), latest.is_not(None))
            .group_by(both.c.domain)
        )
        found = {row.domain: row for row in rows}
        return tuple(
            DomainChange(
                domain,
                int(row.clients),
                float(row.mean_first),
                float(row.mean_latest),
                int(row.improved),
                int(row.worsened),
                int(row.unchanged),
            )
            for domain in LifeDomain
            if (row := found.get(domain.value)) is not None
        )

    def goal_outcomes(self, query: ReportQuery) -> GoalOutcomes:
        p, g = service_plans.c, plan_goals.c
        later = service_plans.alias("later")
        newest = ~exists().where(later.c.case_id == p.case_id, later.c.number > p.number)
        rows = self._conn.execute(
            select(g.domain, g.status, func.count().label("goals"))
            .select_from(
                plan_goals.join(service_plans, p.id == g.plan_id).join(cases, C.id == p.case_id)
            )
            .where(_in_scope(query), _open_during(query), newest)
            .group_by(g.domain, g.status)
        )
        counts: dict[str, dict[str, int]] = {}
        for row in rows:
            counts.setdefault(row.domain, {})[row.status] = int(row.goals)

        def line(domain: LifeDomain | None, by_status: dict[str, int]) -> GoalCounts:
            return GoalCounts(
                domain,
                by_status.get(GoalStatus.ACHIEVED.value, 0),
                by_status.get(GoalStatus.NOT_ACHIEVED.value, 0),
                by_status.get(GoalStatus.IN_PROGRESS.value, 0),
                by_status.get(GoalStatus.NOT_STARTED.value, 0),
                by_status.get(GoalStatus.DISCONTINUED.value, 0),
            )

        by_domain = tuple(line(d, counts[d.value]) for d in LifeDomain if d.value in counts)
        every = {
            status.value: sum(c.get(status.value, 0) for c in counts.values())
            for status in GoalStatus
        }
        return GoalOutcomes(by_domain, line(None, every))

    # --- referrals -----------------------------------------------------------------------

    def referrals(self, query: ReportQuery) -> ReferralFigures:
        r, sc = referrals.c, referral_status_changes.c
        sent = referrals.join(cases, C.id == r.case_id)
        in_period = and_(_in_scope(query), _within(r.sent_on, query))
        statuses = dict(
            self._conn.execute(
                select(r.status, func.count()).select_from(sent).where(in_period).group_by(r.status)
            ).all()
        )
        by_status = tuple(
            Count(status.value, status.label, int(statuses.get(status.value, 0)))
            for status in ReferralStatus
        )
        by_outcome = tuple(
            Count(code, label, sum(int(statuses.get(status, 0)) for status in codes))
            for code, (label, codes) in REFERRAL_OUTCOMES.items()
        )
        # Each referral of the period with the days to its first answer and to its
        # completion (NULL: not yet), then both measures in one column, for one pass.
        steps = (
            select(
                sc.referral_id,
                func.min(case((sc.status.in_(ANSWERED), sc.changed_on))).label("answered_on"),
                func.min(case((sc.status == "completed", sc.changed_on))).label("completed_on"),
            )
            .select_from(
                referral_status_changes.join(referrals, r.id == sc.referral_id).join(
                    cases, C.id == r.case_id
                )
            )
            .where(in_period)
            .group_by(sc.referral_id)
            .subquery()
        )
        timed = (
            select(
                r.resource_id,
                days_between(steps.c.answered_on, r.sent_on).label("to_answer"),
                days_between(steps.c.completed_on, r.sent_on).label("to_complete"),
            )
            .select_from(sent.outerjoin(steps, steps.c.referral_id == r.id))
            .where(in_period)
            .cte("timed")
        )
        measures = union_all(
            select(
                timed.c.resource_id,
                literal("answer").label("measure"),
                timed.c.to_answer.label("days"),
            ),
            select(timed.c.resource_id, literal("complete"), timed.c.to_complete),
        ).subquery()
        figures: dict[int, dict[str, tuple[int, int, float | None]]] = {}
        for row in self._conn.execute(
            percentiles(measures, ["resource_id", "measure"], "days", [0.5], self._dialect)
        ):
            figures.setdefault(row.resource_id, {})[row.measure] = (
                int(row.rows),
                int(row.n),
                _float(row.p0),
            )
        names = (
            {
                row.id: " — ".join(part for part in (row.organisation, row.service) if part)
                for row in self._conn.execute(
                    select(resources.c.id, resources.c.organisation, resources.c.service).where(
                        resources.c.id.in_(sorted(figures))
                    )
                )
            }
            if figures
            else {}
        )
        by_resource = []
        for resource_id, measured in figures.items():
            referrals_made, answered, to_answer = measured["answer"]
            _, completed, to_complete = measured["complete"]
            by_resource.append(
                ResourceTimes(
                    resource_id,
                    names.get(resource_id, ""),
                    referrals_made,
                    answered,
                    to_answer,
                    completed,
                    to_complete,
                )
            )
        by_resource.sort(key=lambda t: (-t.referrals, t.resource_name.casefold(), t.resource_id))
        return ReferralFigures(sum(statuses.values()), by_status, by_outcome, tuple(by_resource))

    # --- documentation ---------------------------------------------------------------------

    def documentation_lag(self, query: ReportQuery) -> DocumentationLag:
        """Every author's figures and everyone's in one statement: one pass over the notes."""
        n = case_notes.c
        mine = [] if query.staff_id is None else [n.author_staff_id == query.staff_id]
        signed_on = local_day(n.signed_at, query.utc_offset_minutes)
        lags = (
            select(
                n.author_staff_id.label("author"),
                # NULL for a draft: counted as one, left out of the days.
                case(
                    (n.signed_at.is_not(None), days_between(signed_on, n.contact_on)),
                ).label("lag"),
            )
            # Every note has a case: the office's report for every program needs no join.
            .select_from(
                case_notes.join(cases, C.id == n.case_id) if _scoped(query) else case_notes
            )
            .where(_in_scope(query), _within(n.contact_on, query), *mine)
            .cte("lags")
        )
        also = {"late": lambda days: _count_if(days > LATE_NOTE_DAYS)}
        per_author = percentiles(lags, ["author"], "lag", [0.5, 0.9], self._dialect, also=also)
        everyone = percentiles(lags, [], "lag", [0.5, 0.9], self._dialect, also=also).subquery()
        rows = self._conn.execute(
            union_all(per_author, select(null().label("author"), *everyone.c))
        ).all()
        total_row = next((row for row in rows if row.author is None), None)
        names = self._staff_names({row.author for row in rows if row.author is not None})

        def line(row, staff_id: int | None, name: str) -> LagRow:
            if row is None:
                return LagRow(staff_id, name, 0, None, None, 0, 0)
            return LagRow(
                staff_id,
                name,
                int(row.n),
                _float(row.p0),
                _float(row.p1),
                int(row.late or 0),
                int(row.rows) - int(row.n),
            )

        authors = sorted(
            (
                line(row, row.author, names.get(row.author, ""))
                for row in rows
                if row.author is not None
            ),
            key=lambda lag: (lag.name.casefold(), lag.staff_id),
        )
        return DocumentationLag(tuple(authors), line(total_row, None, TOTAL_LABEL))

    def _staff_names(self, ids) -> dict[int, str]:
        if not ids:
            return {}
        return dict(
            self._conn.execute(
                select(staff.c.id, staff.c.display_name).where(staff.c.id.in_(sorted(ids)))
            ).all()
        )

    # --- caseloads ------------------------------------------------------------------------

    def caseloads(self, query: ReportQuery, days: tuple[date, ...]) -> CaseloadSeries:
        if not days:
            return CaseloadSeries((), ())
        a = case_assignments.c
        scope = and_(_in_scope(query), _open_during(query))
        since = local_day(a.created_at, query.utc_offset_minutes)
        held = union_all(
            # Who had each case from when: its assignment history...
            select(
                a.case_id,
                a.staff_id,
                since.label("from_day"),
                func.lead(since)
                .over(partition_by=a.case_id, order_by=(a.created_at, a.id))
                .label("to_day"),
                C.opened_on,
                C.closed_on,
            )
            .select_from(case_assignments.join(cases, C.id == a.case_id))
            .where(scope),
            # ...or, for a case assigned before histories were kept, its caseworker now.
            select(
                C.id,
                C.assigned_staff_id,
                func.coalesce(C.assigned_on, C.opened_on),
                cast(null(), Date),
                C.opened_on,
                C.closed_on,
            ).where(
                scope,
                C.assigned_staff_id.is_not(None),
                ~exists().where(a.case_id == C.id),
            ),
        ).subquery()
        points = union_all(*(select(literal(day, Date).label("day")) for day in days)).subquery()
        had = and_(
            held.c.from_day <= points.c.day,
            or_(held.c.to_day.is_(None), held.c.to_day > points.c.day),
            held.c.opened_on <= points.c.day,
            or_(held.c.closed_on.is_(None), held.c.closed_on > points.c.day),
        )
        mine = [] if query.staff_id is None else [held.c.staff_id == query.staff_id]
        rows = self._conn.execute(
            select(points.c.day, held.c.staff_id, func.count().label("cases"))
            .select_from(held.join(points, had))
            .where(held.c.staff_id.is_not(None), *mine)
            .group_by(points.c.day, held.c.staff_id)
        )
        index = {day: n for n, day in enumerate(days)}
        counts: dict[int, list[int]] = {}
        for row in rows:
            day = row.day if isinstance(row.day, date) else date.fromisoformat(str(row.day))
            counts.setdefault(row.staff_id, [0] * len(days))[index[day]] = int(row.cases)
        names = self._staff_names(set(counts))
        lines = sorted(
            (CaseloadLine(sid, names.get(sid, ""), tuple(c)) for sid, c in counts.items()),
            key=lambda line: (line.name.casefold(), line.staff_id),
        )
        return CaseloadSeries(days, tuple(lines))

    # --- consents -------------------------------------------------------------------------

    def consents_expiring(self, query: ReportQuery, today: date, until: date) -> ConsentsExpiring:
        k = consents.c
        later = consents.alias("later")
        renewed = exists().where(
            later.c.client_id == k.client_id,
            later.c.kind == k.kind,
            or_(
                later.c.kind != "release", func.lower(later.c.recipient) == func.lower(k.recipient)
            ),
            or_(
                later.c.signed_on > k.signed_on,
                and_(later.c.signed_on == k.signed_on, later.c.id > k.id),
            ),
        )
        covered = (
            select(
                k.id.label("consent_id"),
                func.min(C.assigned_staff_id).label("staff_id"),
            )
            .select_from(
                consents.join(
                    cases,
                    and_(
                        C.client_id == k.client_id,
                        or_(k.case_id.is_(None), k.case_id == C.id),
                    ),
                )
            )
            .where(
                _in_scope(query),
                C.status.in_(ACTIVE),
                k.revoked_on.is_(None),
                k.expires_on >= today,
                k.expires_on <= until,
                ~renewed,
            )
            .group_by(k.id)
            .subquery()
        )
        rows = self._conn.execute(
            select(
                k.id,
                k.client_id,
                k.kind,
                k.recipient,
                k.expires_on,
                clients.c.first_name,
                clients.c.last_name,
                clients.c.name_order,
                staff.c.display_name,
            )
            .select_from(
                covered.join(consents, k.id == covered.c.consent_id)
                .join(clients, clients.c.id == k.client_id)
                .outerjoin(staff, staff.c.id == covered.c.staff_id)
            )
            .order_by(k.expires_on, clients.c.last_name, clients.c.first_name, k.id)
        )
        found = tuple(
            ExpiringConsent(
                row.id,
                row.client_id,
                shown_name(
                    row.first_name or "", row.last_name or "", row.client_id, row.name_order
                ),
                ConsentKind(row.kind),
                row.recipient or "",
                row.expires_on,
                row.display_name or "",
            )
            for row in rows
        )
        return ConsentsExpiring(today, until, found)
