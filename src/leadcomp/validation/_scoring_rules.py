"""Domain rules of scoring policies and score sheets: what their schemas cannot say."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from leadcomp.model._converter import unstructure
from leadcomp.model._types import OTHER_GROUPS
from leadcomp.problems import PathParts, Problem, problem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from leadcomp.model._policy import ScoringPolicy
    from leadcomp.model._results import ScoreSheet

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

    return policy_problems(sheet.policy, ("policy",)) + score_problems(unstructure(sheet))


#: ``score_problems``'s rules for the schema acceptor: (schema node, condition on it as ``x``).
SCORE_RULES = (
    (
        "#/$defs/score",
        "x['min'] <= x['mean'] <= x['max'] and ('ci' not in x or x['ci'][0] <= x['ci'][1])",
    ),
)


def score_problems(data: Mapping[str, Any]) -> list[Problem]:
    """The figures of a score sheet's schema-valid plain data that contradict each other."""
    found: list[Problem] = []
    nodes: list[tuple[PathParts, Mapping[str, Any]]] = [(("overall",), data["overall"])]
    nodes.extend((("competencies", i), c) for i, c in enumerate(data["competencies"]))
    for at, node in nodes:
        for name in ("self", "all_others"):
            score = node.get(name)
            if score is not None:
                found.extend(_score_problems(score, (*at, name)))
        for index, group in enumerate(node.get("groups", ())):
            found.extend(_score_problems(group["score"], (*at, "groups", index, "score")))
    return found


def _score_problems(score: Mapping[str, Any], at: PathParts) -> list[Problem]:
    found: list[Problem] = []
    low, mean, high = score["min"], score["mean"], score["max"]
    if not low <= mean <= high:
        found.append(
            problem(
                "inconsistent-score",
                f"the mean {mean} lies outside min {low} and max {high}",
                (*at, "mean"),
            )
        )
    ci = score.get("ci")
    if ci is not None and ci[0] > ci[1]:
        found.append(
            problem(
                "inconsistent-score",
                f"the interval's low end {ci[0]} is above its high end {ci[1]}",
                (*at, "ci"),
            )
        )
    return found
