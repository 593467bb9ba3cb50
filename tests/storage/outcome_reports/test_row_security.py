"""On a shared server the database itself keeps a caseworker's report to her caseload:
the report's SQL run under her login *without* the domain's caseload filter finds
no more than her own cases (row-level security, migrations 0003-0023)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.outcome_reports.repository import ReportQuery
from storage import postgres_setup
from storage.common.engine import create_database_engine
from storage.outcome_reports.queries import SqlOutcomeQueries
from tests.conftest import TEST_PASSWORD
from tests.storage.outcome_reports.scene import make_scene, postgres_raw

PERIOD = (date(2026, 1, 1), date(2026, 6, 30))


@pytest.mark.postgres
def test_her_login_reads_only_her_caseload_whatever_the_sql_asks(postgres_office, clock):
    scene = make_scene(postgres_office, lambda: postgres_raw(postgres_office))
    ana = scene.ana.actor
    url = postgres_setup.with_options(
        postgres_office.url.set(username=ana.username, password=TEST_PASSWORD),
        search_path=postgres_setup.SCHEMA,
    )
    engine = create_database_engine(url)
    try:
        with engine.connect() as conn:
            everyone = SqlOutcomeQueries(conn)  # no caseload filter: the office's SQL
            office = ReportQuery(*PERIOD, None, None)
            own = ReportQuery(*PERIOD, None, ana.staff_id)
            assert everyone.clients_served(office) == everyone.clients_served(own)
            assert everyone.clients_served(office).served == 2  # One and Two, not Ben's
            assert everyone.case_flow(office) == everyone.case_flow(own)
            assert everyone.referrals(office) == everyone.referrals(own)
            assert everyone.goal_outcomes(office) == everyone.goal_outcomes(own)
            assert everyone.assessment_change(office) == everyone.assessment_change(own)
            days = (date(2026, 3, 31), date(2026, 4, 30))
            assert {line.name for line in everyone.caseloads(office, days).lines} == {"Ana Alvarez"}
            today = clock().date()
            until = today + timedelta(days=30)
            names = {
                c.client_name for c in everyone.consents_expiring(office, today, until).consents
            }
            assert names == {"Olivia One"}
            # Her cases' notes, Sam's on her case among them; none of Ben's.
            authors = {row.staff_id for row in everyone.documentation_lag(office).rows}
            assert authors == {ana.staff_id, scene.supervisor.actor.staff_id}
    finally:
        engine.dispose()
