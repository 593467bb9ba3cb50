"""Two saves of one plan draft compared goal by goal: which goals are listed, the
pick offered first, and the draft the picks make."""

from __future__ import annotations

from dataclasses import replace

from domain.common.compare import MINE, THEIRS
from domain.plans.draft_compare import combined_goals, goal_differences
from domain.plans.plan import GoalForm, StepForm

LEASE = GoalForm("Sign a lease", "housing", "06/30/2026", goal_id=1)
JOB = GoalForm("Start a job", "employment", "09/30/2026", goal_id=2)
FOOD = GoalForm("Food every week", "food", "03/31/2026", goal_id=3)


def listed(found) -> dict[str, tuple[str, bool]]:
    return {d.name: (d.suggested, d.both_changed) for d in found}


def test_goals_alike_on_both_sides_are_not_listed_and_one_changed_by_them_is_theirs():
    theirs = (replace(LEASE, target_date="07/31/2026"), JOB)
    found = goal_differences((LEASE, JOB), (LEASE, JOB), theirs)
    assert listed(found) == {"goal.1": (THEIRS, False)}
    assert combined_goals((LEASE, JOB), theirs, {"goal.1": THEIRS}) == theirs


def test_a_goal_both_changed_offers_mine_and_says_so():
    mine = (replace(LEASE, steps=(StepForm("Apply for three apartments"),)), JOB)
    theirs = (replace(LEASE, status="in_progress"), JOB)
    [difference] = goal_differences((LEASE, JOB), mine, theirs)
    assert (difference.name, difference.suggested, difference.both_changed) == (
        "goal.1",
        MINE,
        True,
    )
    assert difference.mine == mine[0] and difference.theirs == theirs[0]


def test_goals_added_or_removed_on_either_side_are_listed_with_the_side_that_acted():
    new_mine = GoalForm("Open a bank account", "income", "05/31/2026")
    new_theirs = replace(FOOD, goal_id=9)
    mine = (LEASE, new_mine)  # I removed the job goal and added a new one
    theirs = (LEASE, JOB, new_theirs)  # they removed food and added a goal
    found = goal_differences((LEASE, JOB, FOOD), mine, theirs)
    assert listed(found) == {
        "new.1": (MINE, False),  # mine alone: I added it
        "goal.2": (MINE, False),  # I removed it, they kept it as it was
        "goal.9": (THEIRS, False),  # theirs alone: they added it
    }
    # Food is gone from both: nothing to choose.
    picks = {d.name: d.suggested for d in found}
    assert combined_goals(mine, theirs, picks) == (LEASE, new_mine, new_theirs)
    # Taking theirs for the job goal keeps it, after my goals.
    picks["goal.2"] = THEIRS
    assert combined_goals(mine, theirs, picks) == (LEASE, new_mine, JOB, new_theirs)


def test_a_goal_they_removed_that_i_keep_is_saved_again_as_a_new_goal():
    mine = (LEASE, replace(JOB, description="Start a job near the bus line"))
    theirs = (LEASE,)
    [difference] = goal_differences((LEASE, JOB), mine, theirs)
    assert (difference.name, difference.suggested, difference.theirs) == ("goal.2", MINE, None)
    assert difference.both_changed
    kept = combined_goals(mine, theirs, {"goal.2": MINE})
    assert kept == (LEASE, replace(mine[1], goal_id=None))
    assert combined_goals(mine, theirs, {"goal.2": THEIRS}) == (LEASE,)


def test_two_first_versions_written_at_once_keep_both_sets_of_goals_by_default():
    mine = (replace(LEASE, goal_id=None),)
    theirs = (replace(JOB, goal_id=5),)
    found = goal_differences((), mine, theirs)
    assert listed(found) == {"new.0": (MINE, False), "goal.5": (THEIRS, False)}
    picks = {d.name: d.suggested for d in found}
    assert combined_goals(mine, theirs, picks) == mine + theirs
