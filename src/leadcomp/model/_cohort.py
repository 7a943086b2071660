"""Cohort results: gap figures over many people, and progress between two rounds."""

from __future__ import annotations

from attrs import frozen

from leadcomp.model._results import Note


@frozen(kw_only=True)
class Distribution:
    """Five-number summary of some values: quartiles by linear interpolation (type 7)."""

    min: float
    q1: float
    median: float
    q3: float
    max: float


@frozen(kw_only=True)
class HistogramBin:
    """How many values lie in ``(low, high]``."""

    low: float
    high: float
    count: int


@frozen(kw_only=True)
class CohortCompetency:
    """One requirement over the cohort: who meets it, the gaps, and the Borich need.

    ``mwds`` is Borich's mean weighted discrepancy score: each person's discrepancy (required
    level minus achieved level) times the competency's importance in the role (Borich 1980
    weights by importance), averaged over the people with evidence. ``borich_rank`` orders
    competencies by it, highest need first.
    """

    competency: str
    title: str
    required: int
    importance: float
    essential: bool = False
    #: People with evidence for this requirement.
    n: int
    no_evidence: int = 0
    #: People meeting or exceeding the required level.
    met: int = 0
    #: ``met`` over ``n``; None when nobody has evidence.
    share_met: float | None = None
    mean_gap: float | None = None
    #: Sample standard deviation of the gaps (None for fewer than two people).
    sd_gap: float | None = None
    mean_weighted_gap: float | None = None
    gaps: Distribution | None = None
    #: Gaps in bins one scale point wide, with whole-number edges.
    histogram: tuple[HistogramBin, ...] = ()
    mwds: float | None = None
    borich_rank: int | None = None


@frozen(kw_only=True)
class ChangeSummary:
    """Paired change between two rounds: means, the mean change, its effect size and interval.

    ``effect_size`` is Cohen's d_z (mean change over the standard deviation of the changes);
    ``ci`` is the t-based confidence interval of the mean change. Both need two or more pairs
    (and ``effect_size`` changes that are not all equal).
    """

    n: int
    mean_baseline: float | None = None
    mean_followup: float | None = None
    mean_change: float | None = None
    sd_change: float | None = None
    effect_size: float | None = None
    ci: tuple[float, float] | None = None


@frozen(kw_only=True)
class CompetencyProgress:
    """The cohort's paired change on one competency."""

    competency: str
    title: str | None = None
    change: ChangeSummary
    #: The reliability and the SD (of the baseline scores of the people in both rounds) the
    #: people's reliable change indices use; None where no index was computed.
    reliability: float | None = None
    sd: float | None = None
    #: People whose change is reliable (Jacobson-Truax |RCI| > 1.96), up and down.
    reliable_up: int = 0
    reliable_down: int = 0


@frozen(kw_only=True)
class CompetencyChange:
    """One person's scores on one competency in the two rounds."""

    competency: str
    baseline: float | None = None
    followup: float | None = None
    #: Follow-up minus baseline, when both are there.
    change: float | None = None
    #: The Jacobson-Truax reliable change index, with the competency's reliability and SD.
    reliable_change: float | None = None
    #: Whether |reliable_change| > 1.96.
    reliable: bool | None = None


@frozen(kw_only=True)
class PersonProgress:
    """One person in both rounds: the change per competency (and in fit, from gap reports)."""

    subject: str
    changes: tuple[CompetencyChange, ...]
    fit_baseline: float | None = None
    fit_followup: float | None = None
    fit_change: float | None = None


@frozen(kw_only=True)
class ProgressReport:
    """Change between a baseline and a follow-up round, paired by subject.

    People found in only one round are listed, never silently dropped.
    """

    #: Which score was compared: "all_others", "self" or a rater group's name.
    compare: str
    confidence: float
    #: How many people are in both rounds.
    paired: int
    competencies: tuple[CompetencyProgress, ...]
    #: The change in fit, when both rounds are gap reports.
    fit: ChangeSummary | None = None
    people: tuple[PersonProgress, ...] = ()
    #: Subjects of the baseline with no follow-up.
    missing_followup: tuple[str, ...] = ()
    #: Subjects of the follow-up with no baseline.
    missing_baseline: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()
    leadcomp_version: str


@frozen(kw_only=True)
class IndicatorFigures:
    """One indicator across the cohort."""

    indicator: str
    competency: str
    text: str
    reverse: bool = False
    #: People with a score on it (a shown rater answered it validly).
    people: int
    mean: float | None = None
    sd: float | None = None
    #: Correlation with the total of the competency's other indicators (psych's r.drop).
    r_drop: float | None = None
    #: Alpha of the competency's other indicators (psych's alpha.drop).
    alpha_if_deleted: float | None = None
    #: The share of the shown raters' answers that were "not observed".
    not_observed: float | None = None
    #: The shares of the shown raters' valid answers at the scale's lowest and highest level.
    floor: float | None = None
    ceiling: float | None = None
    #: ``low_r_drop`` (under 0.3) and ``alpha_rises_when_dropped``.
    flags: tuple[str, ...] = ()


@frozen(kw_only=True)
class CompetencyItems:
    """Cronbach's alpha of a competency's indicators across people (those with a score on
    every indicator), or why there is none."""

    competency: str
    title: str
    items: int
    people: int
    alpha: float | None = None
    reason: str | None = None


@frozen(kw_only=True)
class ItemReport:
    """Item figures of a cohort against one framework under one policy."""

    framework: str
    policy: str
    people: int
    competencies: tuple[CompetencyItems, ...]
    indicators: tuple[IndicatorFigures, ...]


@frozen(kw_only=True)
class GroupReliability:
    """ICC(1) of one rater group at one competency across a cohort (raters nested in people),
    and how many raters of that group reach 0.70 and 0.80 (Spearman-Brown); None with the
    reason where it cannot be estimated."""

    group: str
    competency: str
    title: str
    #: People with at least 2 raters of the group shown at the competency.
    people: int
    raters: int
    icc1: float | None = None
    #: None where it is not a number (-inf when the people's means do not differ at all).
    icc2: float | None = None
    raters_70: int | None = None
    raters_80: int | None = None
    reason: str | None = None


@frozen(kw_only=True)
class GroupComparison:
    """One rater group at one competency across the cohort: the mean of its (shown) scores
    over the people where it is shown, and the mean of each such person's difference between
    that score and their all-others score (positive: the group rates higher)."""

    group: str
    competency: str
    title: str
    people: int
    mean: float
    #: People with both this group's score and an all-others score.
    paired: int = 0
    difference: float | None = None


@frozen(kw_only=True)
class CohortReport:
    """Gap figures over a cohort against one role, with the Borich ranking of needs."""

    role: str
    role_title: str
    #: The framework versions the reports were made against, as ``id@version``.
    frameworks: tuple[str, ...]
    compare: str
    #: How many gap reports (people) the figures rest on.
    people: int
    #: People meeting every requirement.
    all_met: int = 0
    mean_fit: float | None = None
    fit: Distribution | None = None
    #: One entry per requirement, in the framework's order.
    competencies: tuple[CohortCompetency, ...] = ()
    #: Competency ids by Borich MWDS, highest need first (ties by id).
    borich: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()
    #: Change since a baseline round, when one was given.
    progress: ProgressReport | None = None
    #: Format 1.1: the item analysis across people, where it was made (``--items``).
    items: ItemReport | None = None
    #: Format 1.1: ICC(1) per rater group and competency, and the raters needed for 0.70 and
    #: 0.80.
    reliability: tuple[GroupReliability, ...] = ()
    #: Format 1.1: each rater group's mean per competency and its difference from all others.
    comparison: tuple[GroupComparison, ...] = ()
    leadcomp_version: str
