"""The cohort summary over many gap reports, and progress between two rounds (the public
names are listed and documented by ``leadcomp.cohort``)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from attrs import evolve, frozen

from leadcomp import __version__
from leadcomp.gaps import compared_score
from leadcomp.model._cohort import (
    ChangeSummary,
    CohortCompetency,
    CohortReport,
    CompetencyChange,
    CompetencyProgress,
    Distribution,
    HistogramBin,
    PersonProgress,
    ProgressReport,
)
from leadcomp.model._gaps import GapReport
from leadcomp.model._results import Note, ScoreSheet
from leadcomp.problems import InvalidDocument, problem
from leadcomp.stats import mean, mean_sd, reliable_change
from leadcomp.stats._distributions import t_ppf

#: What a round of ``progress`` holds: gap reports or score sheets.
RoundItem = GapReport | ScoreSheet
#: The most histogram bins a competency gets; wider scales get wider (whole-number) bins.
MAX_BINS = 20
#: Gaps are rounded to this many decimals before binning (means of whole numbers are inexact).
_DECIMALS = 9


# --- plain statistics ----------------------------------------------------------------------


def _finite(values: Sequence[float], what: str) -> list[float]:
    out = []
    for index, value in enumerate(values):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"{what}[{index}] must be a number, not {value!r}")
        if not math.isfinite(value):
            raise ValueError(f"{what}[{index}] must be finite, not {value!r}")
        out.append(float(value))
    return out


def borich_mwds(importance: Sequence[float], ability: Sequence[float]) -> float:
    """Borich's mean weighted discrepancy score for one competency.

    Each respondent's discrepancy (importance minus ability) is weighted by the mean importance
    of the competency; the MWDS is the mean of these weighted discrepancies. ValueError when
    the lists differ in length, are empty, or hold anything but finite numbers.

    >>> round(borich_mwds([5, 4, 5], [3, 3, 4]), 4)
    6.2222
    """
    wanted = _finite(importance, "importance")
    able = _finite(ability, "ability")
    if len(wanted) != len(able):
        raise ValueError(
            f"importance and ability need one value per respondent each; got {len(wanted)} "
            f"and {len(able)}"
        )
    if not wanted:
        raise ValueError("borich_mwds needs at least one respondent")
    weight = math.fsum(wanted) / len(wanted)
    return math.fsum((i - a) * weight for i, a in zip(wanted, able, strict=True)) / len(wanted)


def _sd(values: Sequence[float]) -> float | None:
    """Sample standard deviation (``leadcomp.stats.mean_sd``); None for fewer than two."""
    return mean_sd(values)[1] if values else None


def quantile(ordered: Sequence[float], p: float) -> float:
    """The p-quantile of sorted values by linear interpolation (Hyndman & Fan type 7)."""
    h = (len(ordered) - 1) * p
    low = math.floor(h)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (h - low) * (ordered[high] - ordered[low])


def distribution(values: Iterable[float]) -> Distribution | None:
    """Minimum, quartiles and maximum; None for no values."""
    ordered = sorted(values)
    if not ordered:
        return None
    return Distribution(
        min=ordered[0],
        q1=quantile(ordered, 0.25),
        median=quantile(ordered, 0.5),
        q3=quantile(ordered, 0.75),
        max=ordered[-1],
    )


def histogram(values: Iterable[float]) -> tuple[HistogramBin, ...]:
    """Counts in bins ``(low, high]`` with whole-number edges, one scale point wide (wider
    when that would make more than MAX_BINS bins); empty bins between are kept."""
    rounded = [round(v, _DECIMALS) for v in values]
    if not rounded:
        return ()
    first, last = math.ceil(min(rounded)), math.ceil(max(rounded))
    width = max(1, math.ceil((last - first + 1) / MAX_BINS))
    first = width * math.ceil(first / width)
    counts: dict[int, int] = {}
    for value in rounded:
        high = width * math.ceil(value / width)
        counts[high] = counts.get(high, 0) + 1
    last = max(counts)
    return tuple(
        HistogramBin(low=float(high - width), high=float(high), count=counts.get(high, 0))
        for high in range(first, last + 1, width)
    )


def change_summary(
    pairs: Sequence[tuple[float, float]], confidence: float = 0.95
) -> ChangeSummary:
    """Paired change over (baseline, follow-up) pairs: means, mean change, SD of the changes,
    Cohen's d_z and the t-based confidence interval of the mean change."""
    n = len(pairs)
    if not n:
        return ChangeSummary(n=0)
    changes = [after - before for before, after in pairs]
    mean_change = mean(changes)
    sd = _sd(changes)
    effect = None
    ci = None
    if sd is not None:
        if sd > 0:
            effect = mean_change / sd
        half = t_ppf(1 - (1 - confidence) / 2, n - 1) * sd / math.sqrt(n)
        ci = (mean_change - half, mean_change + half)
    return ChangeSummary(
        n=n,
        mean_baseline=mean([before for before, _ in pairs]),
        mean_followup=mean([after for _, after in pairs]),
        mean_change=mean_change,
        sd_change=sd,
        effect_size=effect,
        ci=ci,
    )


# --- cohort gaps ---------------------------------------------------------------------------


def _mixed(message: str) -> InvalidDocument:
    return InvalidDocument([problem("mixed-reports", message)])


class _Tally:
    """What one requirement gathers over the cohort."""

    def __init__(self, title: str, required: int, importance: float, essential: bool) -> None:
        self.title = title
        self.required = required
        self.importance = importance
        self.essential = essential
        self.gaps: list[float] = []
        self.weighted: list[float] = []
        self.achieved: list[float] = []
        self.met = 0
        self.no_evidence = 0

    def finish(self, competency: str) -> CohortCompetency:
        n = len(self.gaps)
        return CohortCompetency(
            competency=competency,
            title=self.title,
            required=self.required,
            importance=self.importance,
            essential=self.essential,
            n=n,
            no_evidence=self.no_evidence,
            met=self.met,
            share_met=self.met / n if n else None,
            mean_gap=mean(self.gaps) if n else None,
            sd_gap=_sd(self.gaps),
            mean_weighted_gap=mean(self.weighted) if n else None,
            gaps=distribution(self.gaps),
            histogram=histogram(self.gaps),
            # Borich (1980): each discrepancy weighted by the competency's mean importance
            # rating, here the role's importance (the same for every person)
            mwds=math.fsum(g * self.importance for g in self.gaps) / n if n else None,
        )


def cohort_gaps(reports: Iterable[GapReport]) -> CohortReport:
    """Cohort figures over gap reports of one role (read once, in a single pass).

    Per requirement: the share of people with evidence meeting it, the mean, SD, quartiles and
    histogram of the gaps, the mean weighted gap, and Borich's MWDS: each person's discrepancy
    (the gap, required minus achieved level) weighted by the competency's importance in the
    role (Borich 1980 weights by importance, not by the level); competencies are ranked by
    MWDS. Overall:
    the distribution of the fit index and how many people meet every requirement.
    InvalidDocument (``mixed-reports``) when the reports are of different roles, frameworks or
    compared scores, and (``empty-cohort``) when there are none.
    """
    first: GapReport | None = None
    tallies: dict[str, _Tally] = {}
    fits: list[float] = []
    frameworks: set[str] = set()
    subjects: dict[str, int] = {}
    all_met = 0
    for index, report in enumerate(reports):
        if first is None:
            first = report
        elif (report.role, report.compare) != (first.role, first.compare) or (
            report.framework.partition("@")[0] != first.framework.partition("@")[0]
        ):
            raise _mixed(
                f"report {index + 1} ({report.subject}) is of role {report.role!r} on "
                f"{report.framework} comparing {report.compare}, but the first is of role "
                f"{first.role!r} on {first.framework} comparing {first.compare}; summarise "
                "one role, framework and compared score at a time"
            )
        frameworks.add(report.framework)
        subjects[report.subject] = subjects.get(report.subject, 0) + 1
        fits.append(report.summary.fit)
        all_met += report.summary.met == report.summary.requirements
        for row in report.requirements:
            tally = tallies.get(row.competency)
            if tally is None:
                tally = tallies[row.competency] = _Tally(
                    row.title, row.required, row.importance, row.essential
                )
            elif (tally.required, tally.importance, tally.essential) != (
                row.required, row.importance, row.essential
            ):
                raise _mixed(
                    f"report {index + 1} ({report.subject}) requires {row.competency!r} "
                    "differently from an earlier report (level, importance or essential): "
                    "the reports were made with different versions of the role"
                )
            if row.achieved is None or row.gap is None:
                tally.no_evidence += 1
                continue
            tally.gaps.append(row.gap)
            tally.weighted.append(row.weighted_gap if row.weighted_gap is not None else 0.0)
            tally.achieved.append(row.achieved)
            tally.met += row.status in ("meets", "exceeds")
    if first is None:
        raise InvalidDocument(
            [problem("empty-cohort", "there are no gap reports to summarise")]
        )
    competencies = [tally.finish(competency) for competency, tally in tallies.items()]
    ranked = sorted(
        (c for c in competencies if c.mwds is not None),
        key=lambda c: (-(c.mwds or 0.0), c.competency),
    )
    ranks = {c.competency: rank for rank, c in enumerate(ranked, start=1)}

    competencies = [evolve(c, borich_rank=ranks.get(c.competency)) for c in competencies]
    notes = []
    twice = sorted(s for s, count in subjects.items() if count > 1)
    if twice:
        notes.append(
            Note(
                code="duplicate-subject",
                message=f"{len(twice)} subject(s) appear more than once and are counted each "
                f"time: {', '.join(twice[:10])}" + (" ..." if len(twice) > 10 else ""),
            )
        )
    for c in competencies:
        if c.no_evidence:
            notes.append(
                Note(
                    code="no-evidence",
                    message=f"{c.title}: {c.no_evidence} of {c.n + c.no_evidence} people have "
                    "no evidence; its figures rest on the others",
                )
            )
    return CohortReport(
        role=first.role,
        role_title=first.role_title,
        frameworks=tuple(sorted(frameworks)),
        compare=first.compare,
        people=len(fits),
        all_met=all_met,
        mean_fit=mean(fits),
        fit=distribution(fits),
        competencies=tuple(competencies),
        borich=tuple(c.competency for c in ranked),
        notes=tuple(notes),
        leadcomp_version=__version__,
    )


# --- progress ------------------------------------------------------------------------------


@frozen(kw_only=True)
class _Person:
    """One subject's achieved scores in one round."""

    scores: dict[str, float | None]
    fit: float | None
    role: str | None


def _from_item(item: RoundItem, compare: str | None) -> tuple[_Person, str, str]:
    """A round entry as scores, with its compared score and framework id."""
    if isinstance(item, GapReport):
        scores = {row.competency: row.achieved for row in item.requirements}
        person = _Person(scores=scores, fit=item.summary.fit, role=item.role)
        return person, item.compare, item.framework.partition("@")[0]

    wanted = compare or "all_others"
    sheet_scores: dict[str, float | None] = {}
    for entry in item.competencies:
        score = compared_score(entry, wanted)
        sheet_scores[entry.competency] = None if score is None else score.mean
    return _Person(scores=sheet_scores, fit=None, role=None), wanted, item.framework.partition(
        "@"
    )[0]


@frozen
class _Reliable:
    people: list[PersonProgress]
    figures: dict[str, dict[str, float | int]]

    def of(self, competency: str) -> dict[str, float | int]:
        return self.figures.get(competency, {})


def _reliable_changes(
    pairs: dict[str, list[tuple[float, float]]],
    people: list[PersonProgress],
    reliability: float | Mapping[str, float] | None,
) -> _Reliable:
    """Each person's reliable change per competency where a reliability is given and the
    baseline scores vary; the reliability and SD used, and the counts, per competency."""


    if reliability is None:
        return _Reliable(people, {})
    figures: dict[str, dict[str, float | int]] = {}
    for competency, found in pairs.items():
        r = reliability if not isinstance(reliability, Mapping) else reliability.get(competency)
        if r is None or isinstance(r, bool) or not 0.0 <= float(r) < 1.0:
            continue
        sd = _sd([x for x, _ in found])
        if sd is None or sd <= 0.0:
            continue
        figures[competency] = {"reliability": float(r), "sd": sd, "reliable_up": 0,
                               "reliable_down": 0}
    out: list[PersonProgress] = []
    for person in people:
        changes = []
        for change in person.changes:
            used = figures.get(change.competency)
            if used is None or change.baseline is None or change.followup is None:
                changes.append(change)
                continue
            rci = reliable_change(
                change.baseline, change.followup, sd=used["sd"], reliability=used["reliability"]
            )
            if rci.reliable:
                used["reliable_up" if rci.value > 0 else "reliable_down"] += 1
            changes.append(evolve(change, reliable_change=rci.value, reliable=rci.reliable))
        out.append(evolve(person, changes=tuple(changes)))
    return _Reliable(out, figures)


def progress(
    baseline: Iterable[RoundItem],
    followup: Iterable[RoundItem],
    *,
    compare: str | None = None,
    confidence: float = 0.95,
    reliability: float | Mapping[str, float] | None = None,
) -> ProgressReport:
    """Change between two rounds of gap reports or score sheets, paired by subject.

    Gap reports give their achieved levels (and fit); score sheets give the ``compare`` score
    (default all others) of every competency. Per person and competency: baseline, follow-up
    and change. Per competency over the people in both rounds: the mean change, Cohen's d_z
    and a t-based ``confidence`` interval. People in only one round are listed in
    ``missing_followup`` / ``missing_baseline``. With ``reliability`` (one value, or one per
    competency id), each person's change also gets its Jacobson-Truax reliable change index,
    with SD the sample SD of the baseline scores of the people in both rounds; each
    competency states the reliability and SD used and counts the reliable changes up and
    down. InvalidDocument when a subject appears twice
    in a round (``duplicate-subject``) or the rounds mix frameworks or compared scores
    (``mixed-reports``).
    """
    if not (isinstance(confidence, float) and 0.0 < confidence < 1.0):
        raise InvalidDocument(
            [
                problem(
                    "invalid-value",
                    f"confidence must be a number between 0 and 1, such as 0.95, not "
                    f"{confidence!r}",
                )
            ]
        )
    order: dict[str, None] = {}
    titles: dict[str, str] = {}
    compares: set[str] = set()
    frameworks: set[str] = set()
    rounds: list[dict[str, _Person]] = []
    for name, items in (("baseline", baseline), ("follow-up", followup)):
        people: dict[str, _Person] = {}
        for item in items:
            if item.subject in people:
                raise InvalidDocument(
                    [
                        problem(
                            "duplicate-subject",
                            f"subject {item.subject!r} appears more than once in the {name} "
                            "round, so the rounds cannot be paired; keep one entry per person",
                        )
                    ]
                )
            person, used, framework_id = _from_item(item, compare)
            compares.add(used)
            frameworks.add(framework_id)
            if isinstance(item, GapReport):
                titles.update((row.competency, row.title) for row in item.requirements)
            order.update(dict.fromkeys(person.scores))
            people[item.subject] = person
        rounds.append(people)
    if len(compares) > 1 or len(frameworks) > 1:
        raise _mixed(
            "the rounds mix frameworks or compared scores "
            f"({', '.join(sorted(frameworks))}; {', '.join(sorted(compares))}); compare like "
            "with like"
        )
    before, after = rounds
    paired = sorted(set(before) & set(after))
    people_out: list[PersonProgress] = []
    pairs: dict[str, list[tuple[float, float]]] = {c: [] for c in order}
    fit_pairs: list[tuple[float, float]] = []
    for subject in paired:
        b, a = before[subject], after[subject]
        changes = []
        for competency in order:
            x, y = b.scores.get(competency), a.scores.get(competency)
            if x is not None and y is not None:
                pairs[competency].append((x, y))
            changes.append(
                CompetencyChange(
                    competency=competency,
                    baseline=x,
                    followup=y,
                    change=None if x is None or y is None else y - x,
                )
            )
        same_role = b.role is not None and b.role == a.role
        if same_role and b.fit is not None and a.fit is not None:
            fit_pairs.append((b.fit, a.fit))
        people_out.append(
            PersonProgress(
                subject=subject,
                changes=tuple(changes),
                fit_baseline=b.fit if same_role else None,
                fit_followup=a.fit if same_role else None,
                fit_change=a.fit - b.fit
                if same_role and a.fit is not None and b.fit is not None
                else None,
            )
        )
    missing_followup = tuple(sorted(set(before) - set(after)))
    missing_baseline = tuple(sorted(set(after) - set(before)))
    notes = []
    if missing_followup or missing_baseline:
        notes.append(
            Note(
                code="unpaired",
                message=f"{len(missing_followup)} people have no follow-up and "
                f"{len(missing_baseline)} no baseline; they are listed and left out of the "
                "change figures",
            )
        )
    (compare_used,) = compares or {compare or "all_others"}
    rci = _reliable_changes(pairs, people_out, reliability)
    people_out = rci.people
    return ProgressReport(
        compare=compare_used,
        confidence=confidence,
        paired=len(paired),
        competencies=tuple(
            CompetencyProgress(
                competency=c,
                title=titles.get(c),
                change=change_summary(pairs[c], confidence),
                **rci.of(c),  # type: ignore[arg-type]
            )
            for c in order
        ),
        fit=change_summary(fit_pairs, confidence) if fit_pairs else None,
        people=tuple(people_out),
        missing_followup=missing_followup,
        missing_baseline=missing_baseline,
        notes=tuple(notes),
        leadcomp_version=__version__,
    )


__all__ = [
    "MAX_BINS",
    "borich_mwds",
    "change_summary",
    "cohort_gaps",
    "distribution",
    "histogram",
    "progress",
    "quantile",
]
