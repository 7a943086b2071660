"""Item analysis of a cohort: how each behavioural indicator works across people.

``item_report(pairs, framework)`` takes (assessment, score sheet) pairs of one framework and
gives, per indicator, its mean and SD across people, the corrected item-total correlation and
the alpha of its competency without it, the share of "not observed" answers, the floor and
ceiling shares, and flags for weak items; per competency, Cronbach's alpha across people.

Anonymity: a person's score on an indicator is the mean of the answers of that person's raters
in the groups the score sheet shows at the indicator's competency (a merged group's raters
included), self left out. Nothing said by a group withheld there is read, so no figure here
can depend on it. The not-observed, floor and ceiling shares count the same raters' answers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from leadcomp.model import Assessment, Competency, Framework, ScoreSheet
from leadcomp.model._cohort import (  # the figures' classes, named here as before
    CompetencyItems as CompetencyItems,
    GroupComparison as GroupComparison,
    GroupReliability as GroupReliability,
    IndicatorFigures as IndicatorFigures,
    ItemReport as ItemReport,
)
from leadcomp.model._types import OTHER_GROUPS
from leadcomp.stats import (
    ItemAnalysis,
    icc_oneway_from_summaries,
    item_analysis,
    mean,
    mean_sd,
    raters_needed,
)

#: An item whose corrected item-total correlation is under this is flagged.
WEAK_R_DROP = 0.3


def shown_raters(
    assessment: Assessment, sheet: ScoreSheet, competency: str
) -> frozenset[str]:
    """The raters (self left out) of the groups the sheet shows at a competency."""
    entry = sheet.competency(competency) if _has(sheet, competency) else None
    if entry is None:
        return frozenset()
    shown = {g.group for g in entry.groups}
    merged = {m.group for m in entry.missing if m.reason == "merged"}
    groups: set[str] = set()
    for name in shown:
        if name in OTHER_GROUPS:
            groups.add(name)
        if name == sheet.policy.merge.into:
            groups.update(merged)
    return frozenset(r.id for r in assessment.raters if r.group in groups)


def _has(sheet: ScoreSheet, competency: str) -> bool:
    return any(entry.competency == competency for entry in sheet.competencies)


class _Tally:
    def __init__(self) -> None:
        self.answered = 0
        self.not_observed = 0
        self.valid = 0
        self.floor = 0
        self.ceiling = 0


def item_report(
    pairs: Iterable[tuple[Assessment, ScoreSheet]], framework: Framework
) -> ItemReport:
    """Item figures over (assessment, score sheet) pairs of ``framework`` (see the module)."""
    with_items = [c for _, c in framework.walk() if c.indicators]
    scores: dict[str, list[float | None]] = {
        i.id: [] for c in with_items for i in c.indicators
    }
    tallies = {i.id: _Tally() for c in with_items for i in c.indicators}
    people = 0
    policy = ""
    for assessment, sheet in pairs:
        people += 1
        policy = sheet.policy.id
        answers: dict[tuple[str, str], int | None] = {
            (r.rater, r.item): r.value for r in assessment.ratings
        }
        for competency in with_items:
            raters = sorted(shown_raters(assessment, sheet, competency.id))
            for indicator in competency.indicators:
                scale = framework.scale_of_item(indicator.id)
                if scale is None:  # a checked framework gives every item a scale
                    raise AssertionError(f"indicator {indicator.id!r} has no scale")
                tally = tallies[indicator.id]
                values: list[float] = []
                for rater in raters:
                    key = (rater, indicator.id)
                    if key not in answers:
                        continue
                    tally.answered += 1
                    value = answers[key]
                    if value is None:
                        tally.not_observed += 1
                        continue
                    tally.valid += 1
                    tally.floor += value == scale.minimum
                    tally.ceiling += value == scale.maximum
                    own = scale.minimum + scale.maximum - value if indicator.reverse else value
                    values.append(float(own))
                scores[indicator.id].append(mean(values) if values else None)
    competencies: list[CompetencyItems] = []
    figures: list[IndicatorFigures] = []
    for competency in with_items:
        found, analysis = _analyse(competency, scores)
        competencies.append(found)
        for position, indicator in enumerate(competency.indicators):
            column = [v for v in scores[indicator.id] if v is not None]
            tally = tallies[indicator.id]
            r_drop = alpha_if_deleted = None
            if analysis is not None:
                item = analysis.items[position]
                r_drop, alpha_if_deleted = item.r_drop, item.alpha_if_deleted
            flags: list[str] = []
            if r_drop is not None and r_drop < WEAK_R_DROP:
                flags.append("low_r_drop")
            if (
                alpha_if_deleted is not None
                and found.alpha is not None
                and alpha_if_deleted > found.alpha
            ):
                flags.append("alpha_rises_when_dropped")
            figures.append(
                IndicatorFigures(
                    indicator=indicator.id,
                    competency=competency.id,
                    text=indicator.text,
                    reverse=indicator.reverse,
                    people=len(column),
                    mean=mean(column) if column else None,
                    sd=_sd(column),
                    r_drop=r_drop,
                    alpha_if_deleted=alpha_if_deleted,
                    not_observed=tally.not_observed / tally.answered if tally.answered else None,
                    floor=tally.floor / tally.valid if tally.valid else None,
                    ceiling=tally.ceiling / tally.valid if tally.valid else None,
                    flags=tuple(flags),
                )
            )
    return ItemReport(
        framework=framework.ref,
        policy=policy,
        people=people,
        competencies=tuple(competencies),
        indicators=tuple(figures),
    )


def _sd(values: Sequence[float]) -> float | None:
    """Sample standard deviation (``leadcomp.stats.mean_sd``); None for fewer than two."""
    return mean_sd(values)[1] if values else None


def _analyse(
    competency: Competency, scores: dict[str, list[float | None]]
) -> tuple[CompetencyItems, ItemAnalysis | None]:

    ids = [i.id for i in competency.indicators]
    rows = [list(row) for row in zip(*(scores[i] for i in ids), strict=True)]
    complete = [row for row in rows if None not in row]

    def found(reason: str | None, alpha: float | None = None) -> CompetencyItems:
        return CompetencyItems(
            competency=competency.id, title=competency.title, items=len(ids),
            people=len(complete), alpha=alpha, reason=reason,
        )

    if len(ids) < 2:
        return found("one indicator: no alpha"), None
    if len(complete) < 2:
        return found("fewer than 2 people with a score on every indicator"), None
    try:
        analysis = item_analysis(complete)
    except ValueError:
        return found("the total score does not vary across people"), None
    return found(None, analysis.alpha), analysis


#: The reliability targets for which the raters needed are given.
TARGETS = (0.70, 0.80)


class ReliabilityTally:
    """Gathers, sheet by sheet, each shown group's (n, mean, SD) per competency: the figures
    a score sheet shows, so nothing of a withheld group can reach the ICCs."""

    def __init__(self) -> None:
        self.summaries: dict[tuple[str, str], list[tuple[int, float, float]]] = {}
        self.groups: dict[str, None] = {"all_others": None}
        #: Per (group, competency): each person's shown score and all-others score (or None).
        self.means: dict[tuple[str, str], list[tuple[float, float | None]]] = {}

    def add(self, sheet: ScoreSheet) -> None:
        pooled = sheet.policy.pooling == "rater"  # SD and mean of the same raters
        for entry in sheet.competencies:
            others = None if entry.all_others is None else entry.all_others.mean
            compared = [("self", entry.self)] + [(g.group, g.score) for g in entry.groups]
            for name, score in compared:
                if score is not None:
                    key = (name, entry.competency)
                    self.means.setdefault(key, []).append((score.mean, others))
            scores = [("all_others", entry.all_others)] if pooled else []
            scores += [(g.group, g.score) for g in entry.groups]
            for name, score in scores:
                self.groups.setdefault(name, None)
                if score is None or score.n < 2 or score.sd is None:
                    continue
                key = (name, entry.competency)
                self.summaries.setdefault(key, []).append((score.n, score.mean, score.sd))

    def finish(self, framework: Framework) -> tuple[GroupReliability, ...]:
        order = [g for g in ("all_others", *OTHER_GROUPS) if g in self.groups]
        order += [g for g in self.groups if g not in order]
        found: list[GroupReliability] = []
        for group in order:
            listed = any(key[0] == group for key in self.summaries)
            for _, competency in framework.walk():
                summaries = self.summaries.get((group, competency.id), [])

                def row(
                    reason: str | None,
                    icc1: float | None = None,
                    icc2: float | None = None,
                    needed: tuple[int | None, int | None] = (None, None),
                    group: str = group,
                    competency: Competency = competency,
                    summaries: list[tuple[int, float, float]] = summaries,
                ) -> GroupReliability:
                    return GroupReliability(
                        group=group, competency=competency.id, title=competency.title,
                        people=len(summaries), raters=sum(n for n, _, _ in summaries),
                        icc1=icc1,
                        # -inf where the people's means do not differ at all: not a figure
                        icc2=icc2 if icc2 is not None and math.isfinite(icc2) else None,
                        raters_70=needed[0], raters_80=needed[1],
                        reason=reason,
                    )

                if len(summaries) < 2:
                    if listed:
                        found.append(
                            row("fewer than 2 people with 2 or more raters of this group")
                        )
                    continue
                try:
                    icc = icc_oneway_from_summaries(summaries)
                except ValueError as error:
                    found.append(row(str(error)))
                    continue
                if icc.icc1 <= 0.0:
                    found.append(row(
                        "ICC(1) <= 0: raters of a person agree no more than raters of "
                        "different people", icc.icc1, icc.icc2,
                    ))
                    continue
                found.append(row(
                    None, icc.icc1, icc.icc2,
                    (raters_needed(icc.icc1, TARGETS[0]), raters_needed(icc.icc1, TARGETS[1])),
                ))
        return tuple(found)


def group_comparison(
    tally: ReliabilityTally, framework: Framework
) -> tuple[GroupComparison, ...]:
    """Each rater group's mean per competency across the cohort, and its mean difference from
    the same people's all-others scores (self first, then the groups in their usual order)."""
    names = list(dict.fromkeys(name for name, _ in tally.means))
    order: list[str] = [g for g in ("self", *OTHER_GROUPS) if g in names]
    order += [g for g in names if g not in order]
    found: list[GroupComparison] = []
    for group in order:
        for _, competency in framework.walk():
            pairs = tally.means.get((group, competency.id))
            if not pairs:
                continue
            differences = [own - others for own, others in pairs if others is not None]
            found.append(
                GroupComparison(
                    group=group,
                    competency=competency.id,
                    title=competency.title,
                    people=len(pairs),
                    mean=mean([own for own, _ in pairs]),
                    paired=len(differences),
                    difference=mean(differences) if differences else None,
                )
            )
    return tuple(found)
