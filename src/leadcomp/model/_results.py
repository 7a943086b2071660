"""Score sheets: the scores of one assessment, with their uncertainty and what was withheld.

Nothing here can name a rater: scores are aggregates, and comments carry only their group.
"""

from __future__ import annotations

import datetime
from typing import Literal

from attrs import field, frozen

from leadcomp.model._policy import ScoringPolicy

#: Why a score is not shown.
MissingReason = Literal["low-coverage", "withheld", "merged"]
#: Self against all others: rated clearly higher (blind spot) or clearly lower (hidden strength).
Flag = Literal["blind_spot", "hidden_strength"]


@frozen(kw_only=True)
class Score:
    """Summary of the raters' scores on one competency: n raters, their mean and spread.

    ``sd`` (sample standard deviation), ``se`` and ``ci`` (the confidence interval of the mean,
    truncated to the scale) are None when they cannot be estimated, as for a single rater.
    """

    n: int
    mean: float
    sd: float | None = None
    se: float | None = None
    ci: tuple[float, float] | None = None
    min: float
    max: float


@frozen(kw_only=True)
class MissingScore:
    """A score that is not shown, and why (no figures that could identify raters)."""

    #: "self", "all_others" or the name of a rater group or merged group.
    group: str
    reason: MissingReason
    message: str


@frozen(kw_only=True)
class GroupScore:
    """The score of one rater group (or merged group) that met its anonymity threshold."""

    group: str
    score: Score


@frozen(kw_only=True)
class Comment:
    """A comment kept in the results: its text and the group it came from, never the rater."""

    group: str
    text: str


@frozen(kw_only=True)
class OpenComments:
    """The answers shown to one open question (not tied to an item), by group, never by rater:
    self's, then each shown group's, each group's sorted by text."""

    #: The open question's id, such as ``strengths`` or ``development``.
    question: str
    comments: tuple[Comment, ...]


@frozen(kw_only=True)
class Statistic:
    """A reliability or agreement figure, with its confidence interval where one is defined."""

    value: float
    ci: tuple[float, float] | None = None


@frozen(kw_only=True)
class CompetencyScore:
    """The scores of one competency: self, all others, each shown group, and data quality."""

    competency: str
    #: The scale every figure of this competency is on.
    scale: str
    #: The subject's own score (``self_`` when constructing).
    self: Score | None = field(default=None, alias="self_")
    all_others: Score | None = None
    groups: tuple[GroupScore, ...] = ()
    #: Scores not shown, with the reason (a withheld group, too few items answered...).
    missing: tuple[MissingScore, ...] = ()
    #: The share of expected answers that were valid, over the raters shown.
    coverage: float | None = None
    #: How many "not observed" answers the raters shown gave on this competency's items.
    not_observed: int = 0
    flag: Flag | None = None
    #: Rater consistency across items: Cronbach's alpha of the competency's items over this
    #: person's all-others raters. It measures halo (raters differing consistently across the
    #: items), not reliability; only where the policy asks for it (``rater_consistency``).
    rater_consistency: Statistic | None = None
    #: Inter-rater agreement rwg(j) of the all-others raters.
    agreement: Statistic | None = None
    comments: tuple[Comment, ...] = ()


@frozen(kw_only=True)
class OverallScore:
    """The overall scores: each rater's weighted mean over the top-level competencies."""

    scale: str
    #: The subject's own score (``self_`` when constructing).
    self: Score | None = field(default=None, alias="self_")
    all_others: Score | None = None
    groups: tuple[GroupScore, ...] = ()
    missing: tuple[MissingScore, ...] = ()
    coverage: float | None = None
    not_observed: int = 0
    flag: Flag | None = None


@frozen(kw_only=True)
class Note:
    """A remark on the data behind a score sheet (withheld groups, coverage), without figures."""

    code: str
    message: str


@frozen(kw_only=True)
class ScoreSheet:
    """The scores of one assessment against one framework under one policy."""

    subject: str
    #: The id of the assessment scored, where it has one.
    assessment: str | None = None
    #: The framework scored against, as ``id@version``.
    framework: str
    date: datetime.date | None = None
    #: The whole policy used, so that the sheet can be reproduced.
    policy: ScoringPolicy
    overall: OverallScore
    #: One entry per competency, in the framework's order (depth first).
    competencies: tuple[CompetencyScore, ...]
    #: The answers to open questions that anonymity allows, by question (format 1.1).
    open_comments: tuple[OpenComments, ...] = ()
    notes: tuple[Note, ...] = ()
    #: The version of leadcomp that made the sheet.
    leadcomp_version: str

    def competency(self, competency_id: str) -> CompetencyScore:
        """The scores of one competency; KeyError when the sheet has none."""
        for entry in self.competencies:
            if entry.competency == competency_id:
                return entry
        raise KeyError(competency_id)
