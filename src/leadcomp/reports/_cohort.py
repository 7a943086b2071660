"""What a cohort report shows, worked out once for the HTML and the Markdown templates.

People appear only by their pseudonymous subject ids, and only through their gaps: no comment,
group or rater of any assessment is shown. The psychometrics sections (items across people,
ICC(1) per rater group) show only figures pooled over the cohort, made from what each person's
score sheet shows.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING

from attrs import frozen

import leadcomp.reports._charts as _charts
from leadcomp import __version__
from leadcomp.model import Framework
from leadcomp.model._cohort import ChangeSummary, CohortReport, CompetencyProgress, ProgressReport
from leadcomp.model._gaps import GapReport
from leadcomp.reports._env import HeatmapOrder
from leadcomp.reports._format import day, interval, label, number, share, signed
from leadcomp.reports._person import Fact
from leadcomp.scoring._anonymity import label as group_label

if TYPE_CHECKING:
    from leadcomp.cohort._items import GroupComparison, GroupReliability, ItemReport

#: The item analysis (None: not made), the rater reliability and the rater-group comparison
#: of a cohort.
Psychometrics = tuple[
    "ItemReport | None", "Sequence[GroupReliability]", "Sequence[GroupComparison]"
]

_EPSILON = 1e-9
#: How many needs the summary lists.
TOP = 3


@frozen(kw_only=True)
class CompetencyRow:
    """A requirement over the cohort."""

    title: str
    essential: bool
    required: str
    n: str
    no_evidence: str
    met: str
    mean_gap: str
    sd_gap: str
    median: str
    middle: str
    mwds: str
    rank: str
    bands: str


@frozen(kw_only=True)
class Need:
    """A training need of the summary (Borich ranking)."""

    rank: int
    title: str
    mwds: str
    met: str


@frozen(kw_only=True)
class PersonRow:
    """A person in the heatmap's data table: their gaps and fit."""

    subject: str
    gaps: tuple[str, ...]
    fit: str


@frozen(kw_only=True)
class ChangeRow:
    """A competency (or the fit) in the progress table."""

    title: str
    n: str
    baseline: str
    followup: str
    change: str
    effect: str
    ci: str
    #: People whose change is reliable (Jacobson-Truax), up and down, with the reliability
    #: and SD used; "-" where none was computed.
    reliable: str = "-"


@frozen(kw_only=True)
class ProgressView:
    """The progress section."""

    paired: int
    compared: str
    confidence: str
    rows: tuple[ChangeRow, ...]
    fit: ChangeRow | None
    chart: _charts.Forest | None
    text: str
    missing_followup: tuple[str, ...]
    missing_baseline: tuple[str, ...]


@frozen(kw_only=True)
class ItemRow:
    """One indicator across people (the cohort report's item analysis)."""

    competency: str
    text: str
    people: str
    mean: str
    sd: str
    r_drop: str
    alpha_if_deleted: str
    not_observed: str
    floor: str
    ceiling: str
    flags: str


@frozen(kw_only=True)
class ItemBlock:
    """A competency's alpha across people and its indicators."""

    title: str
    alpha: str
    rows: tuple[ItemRow, ...]


@frozen(kw_only=True)
class ReliabilityRow:
    """ICC(1) of one rater group at one competency, and the raters needed."""

    group: str
    title: str
    people: str
    raters: str
    icc1: str
    raters_70: str
    raters_80: str


@frozen(kw_only=True)
class ComparisonRow:
    """One rater group at one competency across the cohort."""

    group: str
    title: str
    people: str
    mean: str
    difference: str


@frozen(kw_only=True)
class CohortView:
    """Everything a cohort report shows, as text ready to print."""

    title: str
    role: str
    role_title: str
    facts: tuple[Fact, ...]
    people: int
    mean_fit: str
    fit_width: float
    fit_spread: str
    all_met: str
    needs: tuple[Need, ...]
    needs_note: str
    rows: tuple[CompetencyRow, ...]
    titles: tuple[str, ...]
    any_essential: bool
    distribution: _charts.BoxPlot | None
    distribution_text: str
    heatmap: _charts.Heatmap | None
    heatmap_text: str
    people_rows: tuple[PersonRow, ...]
    progress: ProgressView | None
    notes: tuple[str, ...]
    provenance: tuple[Fact, ...]
    version: str
    #: Item analysis across people, per competency (empty without it).
    items: tuple[ItemBlock, ...] = ()
    #: ICC(1) per rater group and competency (empty without it).
    reliability: tuple[ReliabilityRow, ...] = ()
    #: Each rater group's mean and difference from all others (empty without it).
    comparison: tuple[ComparisonRow, ...] = ()


def _psychometrics(
    psychometrics: Psychometrics | None,
) -> tuple[tuple[ItemBlock, ...], tuple[ReliabilityRow, ...], tuple[ComparisonRow, ...]]:
    if psychometrics is None:
        return (), (), ()

    items, reliability, comparison = psychometrics
    blocks: list[ItemBlock] = []
    if items is not None:
        for c in items.competencies:
            blocks.append(
                ItemBlock(
                    title=c.title,
                    alpha=(
                        f"alpha {c.alpha:.2f} across {c.people} people"
                        if c.alpha is not None else f"no alpha: {c.reason}"
                    ),
                    rows=tuple(
                        ItemRow(
                            competency=f.competency,
                            text=f.text + (" (reverse-keyed)" if f.reverse else ""),
                            people=str(f.people),
                            mean=number(f.mean),
                            sd=number(f.sd),
                            r_drop=number(f.r_drop),
                            alpha_if_deleted=number(f.alpha_if_deleted),
                            not_observed=share(f.not_observed),
                            floor=share(f.floor),
                            ceiling=share(f.ceiling),
                            flags="; ".join(_ITEM_FLAGS[x] for x in f.flags),
                        )
                        for f in items.indicators
                        if f.competency == c.competency
                    ),
                )
            )
    rows = tuple(
        ReliabilityRow(
            group=group_label(r.group),
            title=r.title,
            people=str(r.people),
            raters=str(r.raters),
            icc1=number(r.icc1),
            raters_70="-" if r.raters_70 is None else str(r.raters_70),
            raters_80="-" if r.raters_80 is None else str(r.raters_80),
        )
        for r in reliability
    )
    compared = tuple(
        ComparisonRow(
            group=group_label(c.group),
            title=c.title,
            people=str(c.people),
            mean=number(c.mean),
            difference=signed(c.difference),
        )
        for c in comparison
    )
    return tuple(blocks), rows, compared


_ITEM_FLAGS = {
    "low_r_drop": "item-total r under 0.3",
    "alpha_rises_when_dropped": "alpha rises without it",
}


def cohort_view(
    report: CohortReport,
    people: Sequence[GapReport],
    progress: ProgressReport | None,
    framework: Framework | None,
    generated: datetime.date,
    sort: HeatmapOrder = "input",
    psychometrics: Psychometrics | None = None,
) -> CohortView:
    """The view of a cohort report (with the people's gap reports for the heatmap, in input
    order or, with ``sort="fit"``, from the lowest fit up)."""
    progress = progress if progress is not None else report.progress
    if framework is not None and report.frameworks != (framework.ref,):
        framework = None
    competencies = report.competencies
    titles = tuple(c.title for c in competencies)
    rows = tuple(
        CompetencyRow(
            title=c.title,
            essential=c.essential,
            required=str(c.required),
            n=str(c.n),
            no_evidence=str(c.no_evidence),
            met=share(c.share_met),
            mean_gap=number(c.mean_gap),
            sd_gap=number(c.sd_gap),
            median=number(None if c.gaps is None else c.gaps.median),
            middle="-" if c.gaps is None else f"{c.gaps.q1:.2f} to {c.gaps.q3:.2f}",
            mwds=number(c.mwds),
            rank="-" if c.borich_rank is None else str(c.borich_rank),
            bands="; ".join(f"{b.low:g} to {b.high:g}: {b.count}" for b in c.histogram) or "-",
        )
        for c in competencies
    )
    by_id = {c.competency: c for c in competencies}
    needing = [
        competency for competency in report.borich
        if (by_id[competency].mwds or 0.0) > _EPSILON
    ]
    needs = tuple(
        Need(
            rank=rank,
            title=by_id[competency].title,
            mwds=number(by_id[competency].mwds),
            met=share(by_id[competency].share_met),
        )
        for rank, competency in enumerate(needing[:TOP], start=1)
    )
    distribution = (
        _charts.box_plot(
            [
                (
                    c.title,
                    None if c.gaps is None
                    else (c.gaps.min, c.gaps.q1, c.gaps.median, c.gaps.q3, c.gaps.max),
                    c.share_met,
                    share(c.share_met),
                )
                for c in competencies
            ]
        )
        if competencies
        else None
    )
    if sort == "fit":
        people = sorted(people, key=lambda p: (p.summary.fit, p.subject))
    heat, heat_text, people_rows = _heatmap(report, people, sort)
    notes = [note.message for note in report.notes]
    if progress is not None:
        notes += [note.message for note in progress.notes]
    notes = [note[:1].upper() + note[1:] for note in notes]
    fit = report.fit
    item_blocks, reliability_rows, comparison_rows = _psychometrics(psychometrics)
    return CohortView(
        items=item_blocks,
        reliability=reliability_rows,
        comparison=comparison_rows,
        title=f"Cohort report: {report.role_title}",
        role=report.role,
        role_title=report.role_title,
        facts=_facts(report, framework),
        people=report.people,
        mean_fit=number(report.mean_fit),
        fit_width=0.0 if report.mean_fit is None else round(100 * report.mean_fit, 1),
        fit_spread="-" if fit is None else (
            f"median {fit.median:.2f}, middle half {fit.q1:.2f} to {fit.q3:.2f}, range "
            f"{fit.min:.2f} to {fit.max:.2f}"
        ),
        all_met=f"{report.all_met} of {report.people}",
        needs=needs,
        needs_note=(
            "No competency has evidence." if not any(c.n for c in competencies) else
            "None: no competency has a mean weighted discrepancy above 0 (every need is met)."
        ),
        rows=rows,
        titles=titles,
        any_essential=any(c.essential for c in competencies),
        distribution=distribution,
        distribution_text=_distribution_text(report),
        heatmap=heat,
        heatmap_text=heat_text,
        people_rows=people_rows,
        progress=None if progress is None else _progress(progress),
        notes=tuple(notes),
        provenance=_provenance(report, framework, generated),
        version=__version__,
    )


def _facts(report: CohortReport, framework: Framework | None) -> tuple[Fact, ...]:
    frameworks = ", ".join(report.frameworks)
    if framework is not None and report.frameworks == (framework.ref,):
        frameworks = f"{framework.title} ({framework.ref})"
    return (
        Fact(term="Target role", value=f"{report.role_title} ({report.role})"),
        Fact(term="People", value=str(report.people)),
        Fact(term="Framework", value=frameworks),
        Fact(term="Achieved level", value=label(report.compare)),
    )


def _distribution_text(report: CohortReport) -> str:
    parts = [
        f"Gaps of {report.people} people on {len(report.competencies)} competencies: a gap is "
        "the required level minus the achieved level, so a positive gap falls short of the "
        "role. Each box spans the middle half of the people, the line in it is the median "
        "and the whiskers reach the smallest and largest gaps; the bars show the share of "
        "people with evidence who meet the required level."
    ]
    shared = [c for c in report.competencies if c.share_met is not None]
    if shared:
        low = min(shared, key=lambda c: (c.share_met or 0.0, c.competency))
        high = max(shared, key=lambda c: (c.share_met or 0.0, c.competency))
        parts.append(
            f"Fewest meet {low.title} ({share(low.share_met)}); most meet {high.title} "
            f"({share(high.share_met)})."
        )
    return " ".join(parts)


def _heatmap(
    report: CohortReport, people: Sequence[GapReport], sort: HeatmapOrder = "input"
) -> tuple[_charts.Heatmap | None, str, tuple[PersonRow, ...]]:
    order = [c.competency for c in report.competencies]
    rows = []
    drawn = []
    below = 0
    for person in people:
        gaps = {r.competency: r.gap for r in person.requirements}
        values = [gaps.get(c) for c in order]
        texts = tuple("-" if v is None else number(v) for v in values)
        below += sum(1 for v in values if v is not None and v > 1e-9)
        rows.append(PersonRow(subject=person.subject, gaps=texts, fit=number(person.summary.fit)))
        drawn.append(
            (person.subject, [(v, "n/e" if v is None else t) for v, t in
                              zip(values, texts, strict=True)])
        )
    if not people or not order:
        return None, "", tuple(rows)
    text = (
        f"Gap heatmap of {len(people)} people (rows, by pseudonymous id"
        + (", from the lowest fit up" if sort == "fit" else "")
        + f") on {len(order)} "
        "competencies (columns). Each cell holds the gap, required minus achieved: orange "
        "cells fall short of the required level (darker is further), purple cells meet or "
        f"exceed it, and hatched cells marked n/e have no evidence. {below} of "
        f"{len(people) * len(order)} cells fall short."
    )
    return _charts.heatmap([c.title for c in report.competencies], drawn), text, tuple(rows)


def _change_row(
    title: str, change: ChangeSummary, progress: CompetencyProgress | None = None
) -> ChangeRow:
    reliable = "-"
    if progress is not None and progress.reliability is not None and progress.sd is not None:
        reliable = (
            f"{progress.reliable_up} up, {progress.reliable_down} down (reliability "
            f"{progress.reliability:.2f}, SD {progress.sd:.2f})"
        )
    return ChangeRow(
        reliable=reliable,
        title=title,
        n=str(change.n),
        baseline=number(change.mean_baseline),
        followup=number(change.mean_followup),
        change=signed(change.mean_change),
        effect=number(change.effect_size),
        ci=interval(change.ci, sign=True),
    )


def _progress(report: ProgressReport) -> ProgressView:
    confidence = f"{report.confidence * 100:g}%"
    named = [(c.title or c.competency, c.change) for c in report.competencies]
    rows = tuple(
        _change_row(c.title or c.competency, c.change, c) for c in report.competencies
    )
    chart = None
    if named:
        chart = _charts.forest(
            [
                (
                    title,
                    change.mean_change,
                    change.ci,
                    f"{signed(change.mean_change)} ({interval(change.ci, sign=True)})"
                    if change.ci is not None
                    else signed(change.mean_change),
                )
                for title, change in named
            ]
        )
    improved = [
        title for title, change in named
        if change.ci is not None and change.ci[0] > 0
    ]
    text = (
        f"Mean change per competency between the baseline and the follow-up for the "
        f"{report.paired} people in both rounds, with {confidence} confidence intervals; "
        "right of the zero line is a rise. "
    )
    if named:
        text += (
            f"The interval lies wholly above zero for {len(improved)} of {len(named)} "
            "competencies."
        )
    return ProgressView(
        paired=report.paired,
        compared=label(report.compare),
        confidence=confidence,
        rows=rows,
        fit=None if report.fit is None else _change_row("Fit", report.fit),
        chart=chart,
        text=text,
        missing_followup=report.missing_followup,
        missing_baseline=report.missing_baseline,
    )


def _provenance(
    report: CohortReport, framework: Framework | None, generated: datetime.date
) -> tuple[Fact, ...]:
    facts = [Fact(term="Frameworks", value=", ".join(report.frameworks))]
    if framework is not None and framework.provenance is not None:
        source = framework.provenance
        facts.append(Fact(term="Source", value=source.source))
        if source.unofficial:
            facts.append(
                Fact(term="Status", value="Unofficial rendering, in leadcomp's own words")
            )
    facts += [
        Fact(term="Target role", value=f"{report.role_title} ({report.role})"),
        Fact(term="Achieved level", value=label(report.compare)),
        Fact(term="Made with", value=f"leadcomp {__version__}"),
        Fact(term="Report date", value=day(generated)),
    ]
    return tuple(facts)
