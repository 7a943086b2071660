"""Domain rules of scoring policies and score sheets: what their schemas cannot say."""

from __future__ import annotations

from ..model._policy import OTHER_GROUPS, ScoringPolicy
from ..model._results import Score, ScoreSheet
from ._problem import PathParts, Problem, problem

_RESERVED = frozenset({"self", "all_others", *OTHER_GROUPS})


def policy_problems(policy: ScoringPolicy, at: PathParts = ()) -> list[Problem]:
    """Domain-rule problems of a scoring policy (``at``: where it sits in a larger document)."""
    found: list[Problem] = []
    merge = policy.merge
    if merge.into in _RESERVED:
        found.append(
            problem(
                "invalid-value",
                f"the merged group cannot be called {merge.into!r}, a name results already "
                "use; choose another, such as 'colleagues'",
                (*at, "merge", "into"),
            )
        )
    seen: set[str] = set()
    for index, group in enumerate(merge.groups):
        if group in seen:
            found.append(
                problem(
                    "duplicate-group",
                    f"{group!r} is listed twice in the groups to merge; list it once",
                    (*at, "merge", "groups", index),
                )
            )
        seen.add(group)
    if policy.blind_spot.unit == "range_fraction" and policy.blind_spot.threshold > 1:
        found.append(
            problem(
                "out-of-range",
                f"a blind-spot threshold in 'range_fraction' is a share of the scale's range, "
                f"at most 1; found {policy.blind_spot.threshold}",
                (*at, "blind_spot", "threshold"),
            )
        )
    return found


def scoresheet_problems(sheet: ScoreSheet) -> list[Problem]:
    """Domain-rule problems of a score sheet: its policy, and figures that contradict each
    other (a mean outside its min and max, an interval the wrong way round)."""
    found = policy_problems(sheet.policy, ("policy",))
    nodes: list[tuple[PathParts, object]] = [(("overall",), sheet.overall)]
    nodes.extend((("competencies", i), c) for i, c in enumerate(sheet.competencies))
    for at, node in nodes:
        for name in ("self", "all_others"):
            score = getattr(node, name)
            if score is not None:
                found.extend(_score_problems(score, (*at, name)))
        for index, group in enumerate(getattr(node, "groups", ())):
            found.extend(_score_problems(group.score, (*at, "groups", index, "score")))
    return found


def _score_problems(score: Score, at: PathParts) -> list[Problem]:
    found: list[Problem] = []
    if not score.min <= score.mean <= score.max:
        found.append(
            problem(
                "inconsistent-score",
                f"the mean {score.mean} lies outside min {score.min} and max {score.max}",
                (*at, "mean"),
            )
        )
    if score.ci is not None and score.ci[0] > score.ci[1]:
        found.append(
            problem(
                "inconsistent-score",
                f"the interval's low end {score.ci[0]} is above its high end {score.ci[1]}",
                (*at, "ci"),
            )
        )
    return found
