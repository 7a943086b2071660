"""Gap reports: how far one score sheet is from what a target role requires.

Nothing here can name a rater: achieved levels are the score sheet's aggregates, and comments
carry only their group.
"""

from __future__ import annotations

import datetime
from typing import Literal

from attrs import frozen

from leadcomp.model._results import Comment, Flag, Note
from leadcomp.model._types import Certainty

#: Where an achieved level stands against the required one.
GapStatus = Literal["meets", "exceeds", "below", "no_evidence"]
#: How sure a status is: ``clear`` when the achieved score's interval lies wholly on one side
#: of the required level, ``uncertain`` when it straddles it, ``insufficient`` when there is
#: no interval (no evidence, or a single rater).
#: Importance-performance quadrants (Martilla & James 1977).
Quadrant = Literal[
    "concentrate_here", "keep_up_the_good_work", "low_priority", "possible_overkill"
]
#: Where the importance-performance crosshairs sit. ``attainment`` (for one person against a
#: role): performance splits at each requirement's required level (met or not), importance at
#: the middle of the role's importance range; ``midpoint``: scale midpoints; ``means``: the
#: data's means.
CrosshairMode = Literal["attainment", "midpoint", "means"]

#: The statuses in the order reports list them, and their names for people.
STATUS_LABELS: dict[str, str] = {
    "exceeds": "exceeds",
    "meets": "meets",
    "below": "below",
    "no_evidence": "no evidence",
}


def status_text(status: str, certainty: str) -> str:
    """A status as people read it, with its certainty: "probably below" where the achieved
    score's interval straddles the required level, "meets (no interval)" without one."""
    label = STATUS_LABELS.get(status, status)
    if status == "no_evidence" or certainty == "clear":
        return label
    if certainty == "uncertain":
        return f"probably {label}"
    return f"{label} (no interval)"

#: Differences within this of zero count as zero when levels are compared.


#: The quadrants' names for people.
QUADRANT_LABELS: dict[str, str] = {
    "concentrate_here": "concentrate here",
    "keep_up_the_good_work": "keep up the good work",
    "low_priority": "low priority",
    "possible_overkill": "possible overkill",
}


@frozen(kw_only=True)
class RequirementGap:
    """One requirement of the role against the achieved score.

    ``gap`` is required minus achieved (positive: a development need); ``weighted_gap`` is the
    requirement's importance times the gap. Both are None when there is no evidence.
    """

    competency: str
    title: str
    #: The scale the required and achieved levels are on.
    scale: str
    required: int
    importance: float
    essential: bool = False
    status: GapStatus
    #: How sure the status is, from the achieved score's interval against the required level.
    certainty: Certainty
    #: True for an essential requirement that is not met (below, or without evidence).
    essential_unmet: bool = False
    #: The compared score's mean; None when there is no evidence.
    achieved: float | None = None
    #: How many raters the achieved score rests on.
    n: int | None = None
    #: The confidence interval of the achieved score, where the sheet has one.
    ci: tuple[float, float] | None = None
    #: The share of expected answers that were valid (from the score sheet).
    coverage: float | None = None
    gap: float | None = None
    weighted_gap: float | None = None
    quadrant: Quadrant | None = None
    #: Self against all others, from the score sheet.
    flag: Flag | None = None
    #: Why there is no evidence, for status ``no_evidence``.
    missing: str | None = None
    comments: tuple[Comment, ...] = ()


@frozen(kw_only=True)
class PlanIndicator:
    """A behavioural indicator of a competency; reverse-keyed ones describe what to avoid."""

    id: str
    text: str
    reverse: bool = False


@frozen(kw_only=True)
class PlanItem:
    """One development priority: a requirement below its level, and what the next level is."""

    rank: int
    competency: str
    title: str
    essential: bool = False
    required: int
    achieved: float
    gap: float
    weighted_gap: float
    #: The next level up from the scale level nearest the achieved score, capped at the
    #: required level.
    next_level: int
    next_label: str
    #: What the next level looks like: the framework's descriptor of that level, if it has one.
    next_descriptor: str | None = None
    indicators: tuple[PlanIndicator, ...] = ()


@frozen(kw_only=True)
class Barrier:
    """In a sequential framework, the first element whose achieved score is under its threshold."""

    competency: str
    title: str
    #: Its place in the sequence, from 1.
    position: int
    achieved: float
    #: The scale's proficient level, or else the role's required level.
    threshold: float


@frozen(kw_only=True)
class FlaggedCompetency:
    """A blind spot (self clearly above all others) or hidden strength (clearly below)."""

    competency: str
    title: str
    flag: Flag
    self_mean: float
    others_mean: float
    #: Self minus all others.
    difference: float


@frozen(kw_only=True)
class Crosshairs:
    """Where the importance-performance grid is split.

    ``importance`` is on the role's importance values; ``performance`` is a position on each
    competency's scale, from 0 (its lowest level) to 1 (its highest), or None for
    ``attainment``, where each requirement splits at its own required level.
    """

    mode: CrosshairMode
    importance: float
    performance: float | None = None


@frozen(kw_only=True)
class GapSummary:
    """The overall fit of the person to the role.

    ``fit`` is the importance-weighted mean attainment of the requirements: a requirement met
    attains 1, one without evidence 0, and one below its level the share of the distance from
    the scale's lowest level to the required level that the achieved score covers. It lies in
    [0, 1] and is exactly 1 when, and only when, every requirement is met.
    """

    requirements: int
    #: Requirements met or exceeded.
    met: int
    exceeds: int = 0
    below: int = 0
    no_evidence: int = 0
    #: Requirements whose achieved score's interval straddles the required level.
    uncertain: int = 0
    #: ``met`` over all requirements (those without evidence count as not met).
    share_met: float
    fit: float
    #: Essential requirements not met (below, or without evidence), in framework order.
    essential_unmet: tuple[str, ...] = ()


@frozen(kw_only=True)
class NormPlacement:
    """One competency's compared score placed in a norm cell: the percentile (5 to 95,
    interpolated) and its text, or None when the cell has too few people."""

    competency: str
    score: float
    #: The people of the norm cell.
    n: int
    percentile: float | None = None
    text: str | None = None


@frozen(kw_only=True)
class GapNorms:
    """Where the person's scores stand in a cohort's norms (format 1.1 of gap reports)."""

    #: The score placed: "all_others", "self" or a rater group's name (the norms' own).
    compare: str
    #: The people and policy of the norms.
    people: int
    policy: str
    #: Cells from fewer people than this hold no percentiles.
    min_people: int
    placements: tuple[NormPlacement, ...] = ()


@frozen(kw_only=True)
class GapReport:
    """A score sheet against a target role: per requirement, overall, and a development plan."""

    subject: str
    assessment: str | None = None
    date: datetime.date | None = None
    #: The framework scored against, as ``id@version``.
    framework: str
    role: str
    role_title: str
    #: Which score counts as achieved: "all_others", "self" or a rater group's name.
    compare: str
    #: The id of the scoring policy the score sheet was made with.
    policy: str
    summary: GapSummary
    #: One entry per requirement, in the framework's order.
    requirements: tuple[RequirementGap, ...]
    #: Requirements below their level: essential ones first, then by weighted gap.
    plan: tuple[PlanItem, ...] = ()
    crosshairs: Crosshairs
    #: True when the framework's top-level competencies form a sequence.
    sequential: bool = False
    barrier: Barrier | None = None
    #: Blind spots and hidden strengths of the score sheet, in framework order.
    flags: tuple[FlaggedCompetency, ...] = ()
    #: Data-quality remarks: the score sheet's notes, then the gap analysis's own.
    notes: tuple[Note, ...] = ()
    #: Format 1.1: the person's scores placed in a cohort's norms, where norms were given.
    norms: GapNorms | None = None
    leadcomp_version: str
