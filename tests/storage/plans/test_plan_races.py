"""Two desks writing the same version of a case's plan at once, on both databases:
the second is told who wrote it first, never shown an SQL error."""

from __future__ import annotations

from datetime import date

import pytest

from domain.cases.programs import ProgramForm
from domain.common.errors import ConflictError, DatabaseUnavailable
from domain.common.policy import Role
from domain.plans.plan import GoalForm, validate_goals
from storage.plans.repository import SqlPlanRepository
from tests.storage.cases.test_tasks_and_my_day import assign, intake_case

HOUSING = GoalForm("Sign a lease", "housing", "03/31/2027")
INCOME = GoalForm("Pay the arrears", "income", "01/31/2027")


@pytest.fixture
def desks(services, admin, make_staff, actor):
    """A supervisor and the case's caseworker, both reaching one case without a plan."""
    supervisor = make_staff(Role.SUPERVISOR, "dlee", "Dana Lee")
    maria = make_staff(Role.CASEWORKER, "mgarcia", "Maria Garcia")
    program = services.programs.create(admin, ProgramForm("Family support", "", "30"))
    case_id = intake_case(services, actor, program, "Amara")
    assign(services, supervisor, case_id, maria.staff_id)
    return supervisor, maria, case_id


def test_the_second_first_version_is_a_conflict_naming_the_first_writer(engine, clock, desks):
    _supervisor, _maria, case_id = desks
    goals = validate_goals((HOUSING,))
    with engine.connect() as first, engine.connect() as second:
        first.begin()
        second.begin()
        SqlPlanRepository(first).add_version(
            case_id, 1, goals, drafted_on=date(2026, 11, 23), by="dlee", at=clock()
        )
        first.commit()
        with pytest.raises(ConflictError) as raised:
            SqlPlanRepository(second).add_version(
                case_id, 1, goals, drafted_on=date(2026, 11, 23), by="mgarcia", at=clock()
            )
        assert (raised.value.changed_by, raised.value.changed_at) == ("dlee", clock())
        # The transaction is still usable (PostgreSQL would refuse it after a raw error).
        assert SqlPlanRepository(second).latest(case_id).drafted_by == "dlee"


def test_desks_saving_a_first_plan_at_the_same_instant(services, desks, backend, monkeypatch):
    supervisor, maria, case_id = desks
    add_version = SqlPlanRepository.add_version
    raced = []

    def the_other_desk_gets_there_first(self, *args, **kwargs):
        if not raced:
            raced.append(True)
            # Maria's transaction has found no plan; the supervisor's save commits now.
            services.plans.save_draft(supervisor, case_id, 0, (INCOME,))
        return add_version(self, *args, **kwargs)

    monkeypatch.setattr(SqlPlanRepository, "add_version", the_other_desk_gets_there_first)
    if backend == "sqlite":
        # SQLite lets one writer at a time on a fresh snapshot: "try again", and the
        # try names the winner.
        with pytest.raises(DatabaseUnavailable, match="try again"):
            services.plans.save_draft(maria, case_id, 0, (HOUSING,))
    with pytest.raises(ConflictError, match="changed by dlee") as raised:
        services.plans.save_draft(maria, case_id, 0, (HOUSING,))
    assert "after you opened it" in str(raised.value)
    plan = services.plans.current(maria, case_id)
    assert (plan.number, [g.description for g in plan.goals]) == (1, ["Pay the arrears"])
