"""Which rater groups a score sheet may show, at one competency, under a policy.

A group with raters but fewer scored than its threshold (none included, unless the threshold is
1) is withheld, or merged with its merge partners into the policy's named group: whether none
or some of it was scored is itself hidden. When groups merge, all partners are shown only
together, so no member can be backed out by subtracting the others. Withheld groups are never
pooled anywhere, nor rolled up into parents.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import frozen

from leadcomp.model._policy import ScoringPolicy
from leadcomp.model._types import OTHER_GROUPS, RaterGroup

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
    """A group (or merged group) that met its threshold: its name, the groups whose raters it
    holds, its comment threshold and its weight when all others are pooled per group."""

    name: str
    members: tuple[RaterGroup, ...]
    #: The members' positions in OTHER_GROUPS.
    positions: tuple[int, ...]
    comment_threshold: int
    weight: float


@frozen(kw_only=True)
class Visibility:
    """The groups shown at one competency, those that are not (as plain MissingScore data,
    with the reason), the notes that explain them, and the positions (in OTHER_GROUPS) of the
    groups of threshold 1 with raters but nobody scored and no entry here (the sheet lists them
    as missing for low coverage)."""

    shown: tuple[ShownGroup, ...]
    missing: tuple[dict[str, str], ...]
    notes: tuple[tuple[str, str], ...]
    unscored: tuple[int, ...] = ()


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


def missing_entry(group: str, reason: str, message: str) -> dict[str, str]:
    """The plain data of a MissingScore."""
    return {"group": group, "reason": reason, "message": message}


def decide(
    policy: ScoringPolicy, counts: Sequence[int], listed: Sequence[bool] | None = None
) -> Visibility:
    """The visibility of each group other than self, from the number of raters scored in each
    and whether it has raters at all (both in the order of OTHER_GROUPS; by default, the
    groups with raters scored).

    A group with raters is under its threshold where fewer than that many are scored, none
    included: whether none or some of its raters answered enough is what is withheld, so
    both read (and merge) alike. Only a group whose threshold is 1 with nobody scored is not
    under it (nothing of it could be backed out): it is missing for low coverage (``unscored``:
    the sheet says so itself), unless its group merges, when it is a member as any group with
    raters is, so that none and one read alike within a withheld merged group too.
    """
    count = dict(zip(OTHER_GROUPS, counts, strict=True))
    has = dict(zip(OTHER_GROUPS, listed if listed is not None else counts, strict=True))
    thresholds = policy.thresholds
    small = {
        g for g in OTHER_GROUPS
        if has[g] and count[g] < thresholds.of(g) and (count[g] or thresholds.of(g) > 1)
    }
    merge = policy.merge
    merging = policy.small_groups == "merge" and bool(small.intersection(merge.groups))
    members = tuple(g for g in OTHER_GROUPS if merging and g in merge.groups and has[g])
    shown: list[ShownGroup] = []
    missing: list[dict[str, str]] = []
    notes: list[tuple[str, str]] = []
    merged_note = (
        "merged",
        f"{', '.join(label(g) for g in merge.groups)} ratings are shown together as "
        f"{merge.into!r} where a group had fewer raters than its threshold",
    )
    unscored: list[int] = []
    for position, group in enumerate(OTHER_GROUPS):
        if not has[group]:
            continue
        if group in members:
            missing.append(missing_entry(group, "merged", merged_message(group, merge.into)))
            notes.append(merged_note)
        elif group in small:
            missing.append(
                missing_entry(group, "withheld", withheld_message(group, thresholds.of(group)))
            )
            notes.append(withheld_note(group, thresholds.of(group)))
        elif not count[group]:
            unscored.append(position)
        else:
            shown.append(
                ShownGroup(
                    name=group,
                    members=(group,),
                    positions=(OTHER_GROUPS.index(group),),
                    comment_threshold=policy.comment_threshold(group),
                    weight=policy.group_weights.of(group),
                )
            )
    if members:
        if sum(count[g] for g in members) >= merge.threshold:
            shown.append(
                ShownGroup(
                    name=merge.into,
                    members=members,
                    positions=tuple(OTHER_GROUPS.index(g) for g in members),
                    comment_threshold=policy.merge_comment_threshold,
                    weight=merge.weight,
                )
            )
        else:
            missing.append(
                missing_entry(merge.into, "withheld", withheld_message(merge.into, merge.threshold))
            )
            notes.append(withheld_note(merge.into, merge.threshold))
    return Visibility(
        shown=tuple(shown), missing=tuple(missing), notes=tuple(notes), unscored=tuple(unscored)
    )


def withheld_note(group: str, threshold: int) -> tuple[str, str]:
    """The sheet's note on a group withheld under its threshold."""
    return (
        "withheld",
        f"{label(group)} ratings are withheld where fewer than {threshold} raters answered "
        "enough items",
    )


#: The open questions a report names, in the order sheets list them (others follow by id).
OPEN_QUESTIONS = ("strengths", "development")


def open_comment_groups(
    policy: ScoringPolicy, counts: Sequence[int]
) -> tuple[tuple[tuple[str, tuple[RaterGroup, ...]], ...], tuple[tuple[str, int], ...]]:
    """Which groups' answers to open questions a sheet may show, from the number of raters
    each group other than self has in the whole assessment (in the order of OTHER_GROUPS):
    the shown groups (name, members), and the withheld ones (name, the raters it needs).

    Nothing but these counts and the policy decides: not who answered, nor what. A group
    with raters but fewer than its comment threshold (or its threshold, if higher) is
    withheld, or, where the policy merges small groups and it is one of the merge rule's
    groups, all of those groups with raters are shown only together under the merged group's
    name, itself withheld below its comment threshold or threshold (so no member can be
    backed out by subtraction).
    """
    count = dict(zip(OTHER_GROUPS, counts, strict=True))
    # a group's comments need its comment threshold and its threshold both, as item comments
    # do (they show only where the group's figures show)
    needs = {g: max(policy.thresholds.of(g), policy.comment_threshold(g)) for g in OTHER_GROUPS}
    small = {g for g in OTHER_GROUPS if count[g] and count[g] < needs[g]}
    merge = policy.merge
    merged_needs = max(merge.threshold, policy.merge_comment_threshold)
    merging = policy.small_groups == "merge" and bool(small.intersection(merge.groups))
    members = tuple(g for g in OTHER_GROUPS if merging and g in merge.groups and count[g])
    shown: list[tuple[str, tuple[RaterGroup, ...]]] = []
    withheld: list[tuple[str, int]] = []
    for group in OTHER_GROUPS:
        if not count[group] or group in members:
            continue
        if group in small:
            withheld.append((group, needs[group]))
        else:
            shown.append((group, (group,)))
    if members:
        if sum(count[g] for g in members) >= merged_needs:
            shown.append((merge.into, members))
        else:
            withheld.append((merge.into, merged_needs))
    return tuple(shown), tuple(withheld)


def question_order(question: str) -> tuple[int, str]:
    """The sort key of an open question: the named ones first, in their order, then by id."""
    if question in OPEN_QUESTIONS:
        return OPEN_QUESTIONS.index(question), ""
    return len(OPEN_QUESTIONS), question
