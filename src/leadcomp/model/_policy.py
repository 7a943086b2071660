"""Scoring policies: how ratings become scores, and what stays hidden to keep raters anonymous."""

from __future__ import annotations

from typing import Literal

from attrs import field, frozen

from leadcomp.model._types import Extensions, RaterGroup, extensions_key

#: How the "all others" composite pools the non-self raters.
Pooling = Literal["rater", "group"]
#: What happens to a rater group with fewer raters than its threshold.
SmallGroups = Literal["suppress", "merge"]
#: The unit of the blind-spot threshold: scale points, or a fraction of the scale's range.
BlindSpotUnit = Literal["points", "range_fraction"]


@frozen(kw_only=True)
class GroupThresholds:
    """The least number of raters, per group, whose answers may be shown.

    Raters count when they gave enough valid answers to be scored. The defaults are the Center
    for Creative Leadership's minimums.
    """

    manager: int = 1
    peer: int = 3
    direct_report: int = 3
    other: int = 1

    def of(self, group: str) -> int:
        """The threshold of one group other than self."""
        threshold: int = getattr(self, group)
        return threshold


@frozen(kw_only=True)
class GroupWeights:
    """Weights of the group means when all others are pooled per group."""

    manager: float = 1.0
    peer: float = 1.0
    direct_report: float = 1.0
    other: float = 1.0

    def of(self, group: str) -> float:
        """The weight of one group other than self."""
        weight: float = getattr(self, group)
        return weight


@frozen(kw_only=True)
class MergeRule:
    """Where groups under their threshold go when small groups are merged.

    When any of ``groups`` has raters but fewer than its threshold, all of ``groups`` are shown
    only together, as the group named ``into`` (so no member can be backed out by subtraction);
    the merged group is itself withheld below ``threshold``.
    """

    into: str = "colleagues"
    groups: tuple[RaterGroup, ...] = ("peer", "direct_report", "other")
    threshold: int = 3
    #: The comment threshold of the merged group; None means ``threshold``.
    comment_threshold: int | None = None
    #: The merged group's weight when all others are pooled per group.
    weight: float = 1.0


@frozen(kw_only=True)
class BlindSpotRule:
    """How far self must sit above (blind spot) or below (hidden strength) all others."""

    threshold: float = 1.0
    unit: BlindSpotUnit = "points"


@frozen(kw_only=True)
class ScoringPolicy:
    """How ratings become scores: coverage, anonymity thresholds, pooling and flags.

    A policy is a document of its own (kind ``policy``) and every ScoreSheet records the one
    it was made with.
    """

    id: str
    title: str
    description: str | None = None
    #: "rater": all others is the mean of every shown rater; "group": the weighted mean of the
    #: shown groups' means, so that a large group does not dominate.
    pooling: Pooling = "rater"
    #: The least share of a competency's items (or of a parent's parts, by weight) a rater must
    #: answer validly to be scored on it.
    min_coverage: float = 0.75
    thresholds: GroupThresholds = GroupThresholds()
    #: The least number of raters the all-others composite needs to be shown.
    all_others_threshold: int = 4
    #: Thresholds for showing a group's comments; None means ``thresholds``.
    comment_thresholds: GroupThresholds | None = None
    small_groups: SmallGroups = "suppress"
    #: Used when ``small_groups`` is "merge".
    merge: MergeRule = MergeRule()
    #: Whether an assessment without a self rater is refused.
    require_self: bool = False
    blind_spot: BlindSpotRule = BlindSpotRule()
    #: The confidence level of the intervals.
    confidence: float = 0.95
    #: Group weights for ``pooling="group"``.
    group_weights: GroupWeights = GroupWeights()
    #: Whether to report Cronbach's alpha and rwg(j) agreement per competency, where the data
    #: allow them (about a quarter of the time of scoring a 360 assessment; a policy file with
    #: ``"reliability": false`` turns them off).
    reliability: bool = True
    #: Whether to report, per competency, Cronbach's alpha of its items across this person's
    #: all-others raters, labelled ``rater_consistency``. It measures how consistently raters
    #: differ across the items (halo), not the reliability of the items, which is estimated
    #: across people (``leadcomp items``); off by default.
    rater_consistency: bool = False
    extensions: Extensions = field(factory=dict, hash=False, eq=extensions_key)

    def comment_threshold(self, group: RaterGroup) -> int:
        """The least number of raters a group needs for its comments to be shown."""
        return (self.comment_thresholds or self.thresholds).of(group)

    @property
    def merge_comment_threshold(self) -> int:
        """The comment threshold of the merged group."""
        if self.merge.comment_threshold is None:
            return self.merge.threshold
        return self.merge.comment_threshold
