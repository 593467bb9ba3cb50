"""Two saves of one plan draft, goal by goal: what a caseworker picks from when
someone else saved the draft after she opened it.

A goal, with its steps, is the unit compared: steps have no identity of their
own in a draft (they are rewritten whole on every save), so matching them one
by one would guess; goals keep their id from save to save. A goal only one
side has is listed too: one side added it, or the other removed it. The pick
offered first follows ``domain.common.compare``: mine where I changed the goal
(or added or removed it), theirs where only they did.
"""

from __future__ import annotations

from dataclasses import replace

from domain.common.compare import MINE, THEIRS, FieldDifference
from domain.plans.plan import GoalForm


def goal_key(position: int, goal: GoalForm) -> str:
    """A goal's name in the comparison: its id, or (a goal not saved yet) its place."""
    return f"goal.{goal.goal_id}" if goal.goal_id is not None else f"new.{position}"


def _keyed(goals: tuple[GoalForm, ...]) -> dict[str, GoalForm]:
    return {goal_key(position, goal): goal for position, goal in enumerate(goals)}


def goal_differences(
    original: tuple[GoalForm, ...], mine: tuple[GoalForm, ...], theirs: tuple[GoalForm, ...]
) -> list[FieldDifference]:
    """Each goal that differs between my draft and theirs; None on a side that lacks it."""
    before, ours, others = _keyed(original), _keyed(mine), _keyed(theirs)
    # My goals in my order, then the ones only they have, in theirs.
    keys = list(ours) + [key for key in others if key not in ours]
    found = []
    for key in keys:
        was, my_goal, their_goal = before.get(key), ours.get(key), others.get(key)
        if my_goal == their_goal:
            continue
        i_changed = my_goal != was
        found.append(
            FieldDifference(
                key,
                my_goal,
                their_goal,
                MINE if i_changed else THEIRS,
                both_changed=i_changed and their_goal != was,
            )
        )
    return found


def combined_goals(
    mine: tuple[GoalForm, ...], theirs: tuple[GoalForm, ...], picks: dict[str, str]
) -> tuple[GoalForm, ...]:
    """My goals in my order, each as picked; then the goals only they have that were
    picked as theirs. A goal not listed is the same on both sides."""
    others = _keyed(theirs)
    result: list[GoalForm] = []
    placed: set[str] = set()
    for key, goal in _keyed(mine).items():
        placed.add(key)
        if picks.get(key) == THEIRS:
            if key in others:  # theirs removed it otherwise: it goes
                result.append(others[key])
        elif key in others or goal.goal_id is None:
            result.append(goal)
        else:
            # They removed a goal I keep: it is saved again as a new goal.
            result.append(replace(goal, goal_id=None))
    result += [
        goal for key, goal in others.items() if key not in placed and picks.get(key) == THEIRS
    ]
    return tuple(result)
