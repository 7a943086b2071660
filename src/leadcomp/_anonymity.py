"""Which rater groups a score sheet may show, at one competency, under a policy.

A group with raters but fewer than its threshold is withheld, or merged with its merge partners
into the policy's named group. When groups merge, all partners are shown only together, so no
member can be backed out by subtracting the others. Withheld groups are never pooled anywhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from attrs import frozen

from .model._policy import OTHER_GROUPS, ScoringPolicy
from .model._results import MissingScore
from .model._types import RaterGroup

#: How groups are named for people.
LABELS: dict[str, str] = {
    "self": "self",
    "manager": "manager",
    "peer": "peer",
    "direct_report": "direct report",
    "other": "other",
    "all_others": "all others",
}


def label(group: str) -> str:
    """The name of a group as people read it."""
    return LABELS.get(group, group)


@frozen(kw_only=True)
class ShownGroup:
    """A group (or merged group) that met its threshold: its name and raters."""

    name: str
    #: The groups whose raters it holds.
    members: tuple[RaterGroup, ...]
    #: The raters with a score here.
    raters: tuple[str, ...]
    comment_threshold: int


@frozen(kw_only=True)
class Visibility:
    """The groups shown at one competency, and those that are not, with the reason."""

    shown: tuple[ShownGroup, ...]
    missing: tuple[MissingScore, ...]


def withheld_message(group: str, threshold: int) -> str:
    """Why a group is withheld, without figures that could identify anyone."""
    return (
        f"{label(group)} ratings withheld: fewer than {threshold} raters answered enough items"
    )


def merged_message(group: RaterGroup, into: str) -> str:
    """Why a group is shown only within its merged group."""
    return (
        f"{label(group)} ratings shown within {into!r} only, since a group there had fewer "
        "raters than its threshold"
    )


def decide(policy: ScoringPolicy, scored: Mapping[RaterGroup, Sequence[str]]) -> Visibility:
    """The visibility of each group other than self, from the raters scored in each."""
    counts = {group: len(scored.get(group, ())) for group in OTHER_GROUPS}
    thresholds = policy.thresholds
    small = {g for g in OTHER_GROUPS if 0 < counts[g] < thresholds.of(g)}
    merge = policy.merge
    merging = policy.small_groups == "merge" and bool(small.intersection(merge.groups))
    members = tuple(g for g in OTHER_GROUPS if merging and g in merge.groups and counts[g])
    shown: list[ShownGroup] = []
    missing: list[MissingScore] = []
    for group in OTHER_GROUPS:
        if not counts[group]:
            continue
        if group in members:
            missing.append(
                MissingScore(
                    group=group, reason="merged", message=merged_message(group, merge.into)
                )
            )
        elif group in small:
            missing.append(
                MissingScore(
                    group=group,
                    reason="withheld",
                    message=withheld_message(group, thresholds.of(group)),
                )
            )
        else:
            shown.append(
                ShownGroup(
                    name=group,
                    members=(group,),
                    raters=tuple(scored[group]),
                    comment_threshold=policy.comment_threshold(group),
                )
            )
    if members:
        raters = tuple(r for g in members for r in scored[g])
        if len(raters) >= merge.threshold:
            shown.append(
                ShownGroup(
                    name=merge.into,
                    members=members,
                    raters=raters,
                    comment_threshold=policy.merge_comment_threshold,
                )
            )
        else:
            missing.append(
                MissingScore(
                    group=merge.into,
                    reason="withheld",
                    message=withheld_message(merge.into, merge.threshold),
                )
            )
    return Visibility(shown=tuple(shown), missing=tuple(missing))
