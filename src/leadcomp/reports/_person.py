"""What a person's report shows, worked out once for the HTML and the Markdown templates.

Everything comes from the GapReport and the ScoreSheet it was made from (and the framework for
names and levels): only the groups, figures and comments the sheet holds are shown; nothing
withheld is reconstructed, and no rater is named.
"""

from __future__ import annotations

import datetime
from typing import Any

from attrs import frozen

import leadcomp.reports._charts as _charts
from leadcomp import __version__
from leadcomp.gaps import compared_score, norm_placements
from leadcomp.model import Assessment, Framework
from leadcomp.model._gaps import QUADRANT_LABELS, GapReport, PlanItem, RequirementGap, status_text
from leadcomp.model._norms import Norms
from leadcomp.model._results import CompetencyScore, OverallScore, Score, ScoreSheet
from leadcomp.reports._behaviours import indicator_figures
from leadcomp.reports._format import (
    FLAG_TEXT,
    STATUS_TEXT,
    day,
    group_name,
    interval,
    label,
    level_text,
    number,
    question_title,
    share,
    who,
)

#: How many priorities (and strengths) the summary lists.
TOP = 3
#: Above this many competencies the profile is drawn as bars instead of a radar.
RADAR_MAX = 12


@frozen(kw_only=True)
class Said:
    """A comment as shown: who (a group, never a rater) and the text."""

    who: str
    group: str
    text: str


@frozen(kw_only=True)
class Priority:
    """A priority in the summary."""

    rank: int
    title: str
    essential: bool
    gap: str


@frozen(kw_only=True)
class Row:
    """A requirement in the gap table."""

    competency: str
    title: str
    essential: bool
    essential_unmet: bool
    required: str
    achieved: str
    ci: str
    n: str
    gap: str
    weighted: str
    status: str
    status_key: str
    symbol: str
    quadrant: str
    flag: str


@frozen(kw_only=True)
class Behaviour:
    """A behavioural indicator of a priority; reverse-keyed ones read as what to avoid."""

    text: str
    avoid: bool


@frozen(kw_only=True)
class PlanEntry:
    """A development priority in full."""

    rank: int
    title: str
    essential: bool
    achieved: str
    required: str
    gap: str
    weighted: str
    next_level: str
    descriptor: str | None
    behaviours: tuple[Behaviour, ...]
    comments: tuple[Said, ...]


@frozen(kw_only=True)
class RadarRow:
    """A competency of the radar's data table."""

    title: str
    own: str
    others: str
    target: str


@frozen(kw_only=True)
class Quadrant:
    """An importance-performance quadrant and the competencies in it."""

    key: str
    name: str
    hint: str
    titles: tuple[str, ...]


@frozen(kw_only=True)
class Flagged:
    """A blind spot or hidden strength."""

    title: str
    kind: str
    key: str
    own: str
    others: str
    difference: str
    side: str


@frozen(kw_only=True)
class Cell:
    """A figure of the rater-group table: the mean and n, or why there is none."""

    value: str
    n: str
    missing: str


@frozen(kw_only=True)
class GroupRow:
    """A competency (or the overall score) by rater group."""

    title: str
    depth: int
    overall: bool
    cells: tuple[Cell, ...]


@frozen(kw_only=True)
class QualityRow:
    """The data quality of one competency."""

    title: str
    depth: int
    coverage: str
    not_observed: str
    raters: str
    agreement: str


@frozen(kw_only=True)
class CommentBlock:
    """The comments shown on one competency."""

    title: str
    comments: tuple[Said, ...]


@frozen(kw_only=True)
class Fact:
    """A line of the provenance list."""

    term: str
    value: str


@frozen(kw_only=True)
class Strength:
    """One of the person's top competencies: the highest achieved levels (share of scale)."""

    title: str
    achieved: str
    required: str
    status: str
    status_key: str


@frozen(kw_only=True)
class RatedBehaviour:
    """An indicator's figure: its text, the shown raters' mean (higher is better) and n."""

    text: str
    mean: str
    n: str
    reverse: bool


@frozen(kw_only=True)
class BehaviourBlock:
    """A competency's highest- and lowest-rated behaviours."""

    title: str
    high: RatedBehaviour
    low: RatedBehaviour


@frozen(kw_only=True)
class NormRow:
    """One competency placed in the norms."""

    title: str
    score: str
    n: str
    percentile: str


@frozen(kw_only=True)
class PersonView:
    """Everything a person's report shows, as text ready to print."""

    title: str
    subject: str
    name: str | None
    role: str
    role_title: str
    facts: tuple[Fact, ...]
    headline: str
    fit: str
    fit_width: float
    met: str
    met_count: int
    requirements: int
    essential_total: int
    essential_unmet: tuple[str, ...]
    compared: str
    confidence: str
    priorities: tuple[Priority, ...]
    strengths: tuple[Strength, ...]
    behaviours_given: bool
    behaviour_blocks: tuple[BehaviourBlock, ...]
    behaviour_note: str
    radar: _charts.Radar | None
    bars: _charts.Bars | None
    radar_text: str
    radar_rows: tuple[RadarRow, ...]
    rows: tuple[Row, ...]
    any_essential: bool
    barrier: str | None
    sequential: bool
    plan: tuple[PlanEntry, ...]
    crosshairs: str
    quadrants: tuple[Quadrant, ...]
    flags: tuple[Flagged, ...]
    group_names: tuple[str, ...]
    group_rows: tuple[GroupRow, ...]
    group_note: str
    comment_blocks: tuple[CommentBlock, ...]
    #: The answers to open questions the sheet shows, one block per question.
    open_blocks: tuple[CommentBlock, ...]
    quality_rows: tuple[QualityRow, ...]
    notes: tuple[str, ...]
    provenance: tuple[Fact, ...]
    version: str
    #: The person's scores placed in a cohort's norms (empty without norms).
    norm_rows: tuple[NormRow, ...] = ()
    norms_caption: str = ""


_HINTS = {
    "concentrate_here": "important to the role, and rated low",
    "keep_up_the_good_work": "important to the role, and rated high",
    "low_priority": "less important, and rated low",
    "possible_overkill": "less important, and rated high",
}


def person_view(
    report: GapReport,
    sheet: ScoreSheet,
    framework: Framework,
    generated: datetime.date,
    *,
    assessment: Assessment | None = None,
    name: str | None = None,
    norms: Norms | None = None,
) -> PersonView:
    """The view of one person's report (the inputs are taken as checked by the caller).

    With the ``assessment`` the sheet was scored from, each competency's highest- and
    lowest-rated behaviours are shown (``_behaviours``: shown groups only); ``name`` is a
    display name the caller vouches for (never taken from the data)."""
    entries = {entry.competency: entry for entry in sheet.competencies}
    summary = report.summary
    essentials = sum(1 for r in report.requirements if r.essential)
    titles = {r.competency: r.title for r in report.requirements}
    compared = _compared(report)
    radar, bars, radar_text, radar_rows = _radar(report, entries, framework)
    group_names, group_rows = _groups(sheet, framework)
    return PersonView(
        title=f"Development report: {name or report.subject}, {report.role_title}",
        subject=report.subject,
        name=name,
        role=report.role,
        role_title=report.role_title,
        facts=_facts(report, framework, compared),
        headline=_headline(report, essentials),
        fit=number(summary.fit),
        fit_width=round(100 * summary.fit, 1),
        met=f"{summary.met} of {summary.requirements}",
        met_count=summary.met,
        requirements=summary.requirements,
        essential_total=essentials,
        essential_unmet=tuple(titles.get(c, c) for c in summary.essential_unmet),
        compared=compared,
        confidence=f"{sheet.policy.confidence * 100:g}% CI",
        priorities=tuple(
            Priority(rank=i.rank, title=i.title, essential=i.essential, gap=number(i.gap))
            for i in report.plan[:TOP]
        ),
        strengths=_strengths(report, framework),
        behaviours_given=assessment is not None,
        behaviour_blocks=(
            () if assessment is None else _behaviour_blocks(report, sheet, framework, assessment)
        ),
        behaviour_note=(
            "Per behaviour, the mean of all others (self excluded) from the rater groups shown "
            "above only; a behaviour is shown when at least "
            f"{sheet.policy.all_others_threshold} of those raters rated it. Statements worded "
            "as what to avoid are counted the other way up, so higher is better throughout."
        ),
        radar=radar,
        bars=bars,
        radar_text=radar_text,
        radar_rows=radar_rows,
        rows=tuple(_row(row, framework) for row in report.requirements),
        any_essential=essentials > 0,
        barrier=_barrier(report),
        sequential=report.sequential,
        plan=tuple(
            _plan_entry(item, report, framework) for item in report.plan
        ),
        crosshairs=_crosshairs(report, framework),
        quadrants=tuple(
            Quadrant(
                key=key,
                name=name[:1].upper() + name[1:],
                hint=_HINTS[key],
                titles=tuple(r.title for r in report.requirements if r.quadrant == key),
            )
            for key, name in QUADRANT_LABELS.items()
        ),
        flags=tuple(
            Flagged(
                title=f.title,
                kind=FLAG_TEXT[f.flag],
                key=f.flag,
                own=number(f.self_mean),
                others=number(f.others_mean),
                difference=number(abs(f.difference)),
                side="higher" if f.difference > 0 else "lower",
            )
            for f in report.flags
        ),
        group_names=group_names,
        group_rows=group_rows,
        group_note=_group_note(sheet),
        comment_blocks=tuple(
            CommentBlock(
                title=_title(framework, entry.competency),
                comments=tuple(_said(c.group, c.text) for c in entry.comments),
            )
            for entry in sheet.competencies
            if entry.comments
        ),
        open_blocks=tuple(
            CommentBlock(
                title=question_title(answers.question),
                comments=tuple(_said(c.group, c.text) for c in answers.comments),
            )
            for answers in sheet.open_comments
        ),
        quality_rows=tuple(_quality(entry, framework) for entry in sheet.competencies),
        notes=tuple(note.message[:1].upper() + note.message[1:] for note in report.notes),
        provenance=_provenance(report, sheet, framework, generated),
        version=__version__,
        **_norms(norms, sheet, framework),
    )


def _said(group: str, text: str) -> Said:
    return Said(who=who(group), group=group_name(group), text=text)


def _title(framework: Framework, competency_id: str) -> str:
    competency = framework.get(competency_id)
    return competency.title if competency is not None else competency_id


def _compared(report: GapReport) -> str:
    compared = label(report.compare)
    counts = sorted({row.n for row in report.requirements if row.n is not None})
    if counts and report.compare != "self":
        raters = f"{counts[0]}" if len(counts) == 1 else f"{counts[0]} to {counts[-1]}"
        compared += f", {raters} rater{'s' if counts[-1] != 1 else ''} per competency"
    return compared


def _headline(report: GapReport, essentials: int) -> str:
    summary = report.summary
    text = (
        f"Fit {summary.fit:.2f} of 1 (importance-weighted); {summary.met} of "
        f"{summary.requirements} requirements met"
    )
    unmet = len(summary.essential_unmet)
    if unmet:
        text += f"; {unmet} of {essentials} essential requirements not met"
    elif essentials:
        text += f"; every essential requirement met ({essentials})"
    return text


def _facts(report: GapReport, framework: Framework, compared: str) -> tuple[Fact, ...]:
    facts = [
        Fact(term="Subject", value=report.subject),
        Fact(term="Target role", value=f"{report.role_title} ({report.role})"),
    ]
    if report.assessment:
        facts.append(Fact(term="Assessment", value=report.assessment))
    if report.date is not None:
        facts.append(Fact(term="Assessed", value=day(report.date)))
    facts.append(Fact(term="Framework", value=f"{framework.title} ({report.framework})"))
    facts.append(Fact(term="Achieved level", value=compared))
    return tuple(facts)


def _row(row: RequirementGap, framework: Framework) -> Row:
    symbol = STATUS_TEXT[row.status][0]
    status = status_text(row.status, row.certainty)
    return Row(
        competency=row.competency,
        title=row.title,
        essential=row.essential,
        essential_unmet=row.essential_unmet,
        required=level_text(framework, row.scale, row.required),
        achieved=number(row.achieved),
        ci=interval(row.ci),
        n="-" if row.n is None else str(row.n),
        gap=number(row.gap),
        weighted=number(row.weighted_gap),
        status=status,
        status_key=row.status,
        symbol=symbol,
        quadrant="-" if row.quadrant is None else QUADRANT_LABELS[row.quadrant],
        flag="" if row.flag is None else FLAG_TEXT[row.flag],
    )


def _plan_entry(item: PlanItem, report: GapReport, framework: Framework) -> PlanEntry:
    row = next(r for r in report.requirements if r.competency == item.competency)
    return PlanEntry(
        rank=item.rank,
        title=item.title,
        essential=item.essential,
        achieved=number(item.achieved),
        required=level_text(framework, row.scale, item.required),
        gap=number(item.gap),
        weighted=number(item.weighted_gap),
        next_level=f"{item.next_level} {item.next_label}",
        descriptor=item.next_descriptor,
        behaviours=tuple(Behaviour(text=i.text, avoid=i.reverse) for i in item.indicators),
        comments=tuple(_said(c.group, c.text) for c in row.comments),
    )


def _barrier(report: GapReport) -> str | None:
    if not report.sequential:
        return None
    barrier = report.barrier
    if barrier is None:
        return "No barrier found: every element with evidence reaches its threshold."
    return (
        f"The barrier is {barrier.title} (element {barrier.position}), at "
        f"{number(barrier.achieved)}, under its threshold of {number(barrier.threshold)}. "
        "Work on it before the elements that follow it."
    )


def _crosshairs(report: GapReport, framework: Framework) -> str:
    marks = report.crosshairs
    where = "means" if marks.mode == "means" else "midpoints"
    if marks.performance is None:
        return (
            f"Split at importance {marks.importance:.2f} (the middle of the role's range) and, "
            "for each competency, at its required level: met or not, as in the gap table."
        )
    performance = f"{marks.performance:.0%} of the way up the scale"
    scales = {row.scale for row in report.requirements}
    if len(scales) == 1:
        scale = framework.scale(scales.pop())
        if scale is not None:
            value = scale.minimum + marks.performance * (scale.maximum - scale.minimum)
            performance = f"{value:.2f}"
    return (
        f"Split at the {where}: importance {marks.importance:.2f}, achieved level "
        f"{performance}."
    )


def _mean(score: Score | None) -> str:
    return "-" if score is None else number(score.mean)


def _strengths(report: GapReport, framework: Framework) -> tuple[Strength, ...]:
    ranked = []
    for row in report.requirements:
        scale = framework.scale(row.scale)
        if row.achieved is None or scale is None:
            continue
        span = scale.maximum - scale.minimum
        share_ = 1.0 if span == 0 else (row.achieved - scale.minimum) / span
        ranked.append((-share_, row.gap if row.gap is not None else 0.0, row.title, row))
    ranked.sort(key=lambda entry: entry[:3])
    return tuple(
        Strength(
            title=row.title,
            achieved=number(row.achieved),
            required=level_text(framework, row.scale, row.required),
            status=status_text(row.status, row.certainty),
            status_key=row.status,
        )
        for *_, row in ranked[:TOP]
    )


def _behaviour_blocks(
    report: GapReport, sheet: ScoreSheet, framework: Framework, assessment: Assessment
) -> tuple[BehaviourBlock, ...]:

    figures = indicator_figures(assessment, sheet, framework)
    blocks = []
    for row in report.requirements:
        listed = figures.get(row.competency, ())
        if len(listed) < 2:
            continue
        high = max(listed, key=lambda f: f.mean)
        low = min(reversed(listed), key=lambda f: f.mean)
        blocks.append(
            BehaviourBlock(
                title=row.title,
                high=RatedBehaviour(text=high.text, mean=number(high.mean), n=str(high.n),
                                    reverse=high.reverse),
                low=RatedBehaviour(text=low.text, mean=number(low.mean), n=str(low.n),
                                   reverse=low.reverse),
            )
        )
    return tuple(blocks)


def _radar(
    report: GapReport, entries: dict[str, CompetencyScore], framework: Framework
) -> tuple[_charts.Radar | None, _charts.Bars | None, str, tuple[RadarRow, ...]]:
    rows = report.requirements
    selfs = [compared_score(entries.get(r.competency), "self") for r in rows]
    others = [compared_score(entries.get(r.competency), "all_others") for r in rows]
    table = tuple(
        RadarRow(title=r.title, own=_mean(s), others=_mean(o), target=str(r.required))
        for r, s, o in zip(rows, selfs, others, strict=True)
    )
    scales = []
    for r in rows:
        scale = framework.scale(r.scale)
        if scale is None:  # a checked report's scales are in its framework
            raise AssertionError(f"scale {r.scale!r} is not in the framework")
        scales.append((scale, _charts.AxisScale(values=scale.values)))
    text = _radar_text(report, selfs, others, len({s.id for s, _ in scales}) > 1)
    if len(rows) < 3:
        return None, None, text, table
    if len(rows) > RADAR_MAX:
        profile = _charts.bars(
            [r.title for r in rows],
            [axis for _, axis in scales],
            [
                ("target", [float(r.required) for r in rows]),
                ("others", [None if o is None else o.mean for o in others]),
                ("self", [None if s is None else s.mean for s in selfs]),
            ],
        )
        return None, profile, text, table
    first = scales[0][0]
    chart = _charts.radar(
        [r.title for r in rows],
        [axis for _, axis in scales],
        [
            ("target", "Required level", "diamond", [float(r.required) for r in rows]),
            ("others", "All others", "circle", [None if o is None else o.mean for o in others]),
            ("self", "Self", "square", [None if s is None else s.mean for s in selfs]),
        ],
        ring_labels=[f"{level.value} {level.label}" for level in first.levels],
    )
    return chart, None, text, table


def _radar_text(
    report: GapReport,
    selfs: list[Score | None],
    others: list[Score | None],
    mixed: bool,
) -> str:
    rows = report.requirements
    count = len(rows)
    parts = [
        f"Ratings on {count} competenc{'y' if count == 1 else 'ies'} required by the role: "
        "self, all others and the required level."
    ]
    if count < 3:
        parts.append("A radar needs three or more competencies, so the table shows them.")
    elif count > RADAR_MAX:
        parts.append(
            "With so many competencies, bars show them: the bar is all others, the square "
            "self and the diamond the required level, each row on its own scale."
        )
    scored = [(r.title, o.mean) for r, o in zip(rows, others, strict=True) if o is not None]
    if scored:
        low = min(scored, key=lambda pair: pair[1])
        high = max(scored, key=lambda pair: pair[1])
        parts.append(
            f"All others rate {high[0]} highest ({number(high[1])}) and {low[0]} lowest "
            f"({number(low[1])})."
        )
    pairs = [
        (s.mean, o.mean)
        for s, o in zip(selfs, others, strict=True)
        if s is not None and o is not None
    ]
    if pairs:
        above = sum(1 for s, o in pairs if s > o)
        parts.append(
            f"Self-ratings are above all others on {above} of {len(pairs)} competencies."
        )
    summary = report.summary
    parts.append(f"{summary.met} of {summary.requirements} required levels are met.")
    if mixed:
        parts.append("Each axis runs from the centre to the top of its own scale.")
    return " ".join(parts)


def _cell(node: CompetencyScore | OverallScore, group: str) -> Cell:
    score: Score | None
    if group == "self":
        score = node.self
    elif group == "all_others":
        score = node.all_others
    else:
        score = next((g.score for g in node.groups if g.group == group), None)
    if score is not None:
        return Cell(value=number(score.mean), n="" if group == "self" else str(score.n),
                    missing="")
    for missing in node.missing:
        if missing.group == group:
            return Cell(value="-", n="", missing=missing.reason.replace("-", " "))
    return Cell(value="-", n="", missing="")


def _groups(
    sheet: ScoreSheet, framework: Framework
) -> tuple[tuple[str, ...], tuple[GroupRow, ...]]:
    names: dict[str, None] = {}
    nodes: list[CompetencyScore | OverallScore] = [*sheet.competencies, sheet.overall]
    for node in nodes:
        names.update(dict.fromkeys(g.group for g in node.groups))
    columns = ["self", "all_others", *names]
    depth = {c.id: d for d, c in framework.walk()}
    rows = [
        GroupRow(
            title=_title(framework, entry.competency),
            depth=depth.get(entry.competency, 0),
            overall=False,
            cells=tuple(_cell(entry, g) for g in columns),
        )
        for entry in sheet.competencies
    ]
    rows.append(
        GroupRow(title="Overall", depth=0, overall=True,
                 cells=tuple(_cell(sheet.overall, g) for g in columns))
    )
    return tuple(group_name(g) for g in columns), tuple(rows)


def _group_note(sheet: ScoreSheet) -> str:
    policy = sheet.policy
    thresholds = policy.thresholds
    text = (
        "A group's figures are shown only where enough of its raters answered: at least "
        f"{thresholds.manager} manager, {thresholds.peer} peers, {thresholds.direct_report} "
        f"direct reports and {thresholds.other} other, and {policy.all_others_threshold} "
        f"raters for all others (policy {policy.id!r}). \"Withheld\" marks a group below its "
        "threshold; no figure of a withheld group is shown or used for another group."
    )
    if policy.small_groups == "merge":
        text += (
            f" Small groups are shown together as {policy.merge.into!r} (\"merged\") when "
            "that keeps their raters anonymous."
        )
    return text


def _quality(entry: CompetencyScore, framework: Framework) -> QualityRow:
    depth = {c.id: d for d, c in framework.walk()}
    return QualityRow(
        title=_title(framework, entry.competency),
        depth=depth.get(entry.competency, 0),
        coverage=share(entry.coverage),
        not_observed=str(entry.not_observed),
        raters="-" if entry.all_others is None else str(entry.all_others.n),
        agreement="-" if entry.agreement is None else number(entry.agreement.value),
    )


def _norms(norms: Norms | None, sheet: ScoreSheet, framework: Framework) -> dict[str, Any]:
    """The norms rows and caption of a report (none without norms of the sheet's framework)."""
    if norms is None:
        return {}
    placed = norm_placements(norms, sheet)
    if placed is None:
        return {}
    rows = tuple(
        NormRow(
            title=_title(framework, p.competency),
            score=number(p.score),
            n=str(p.n),
            percentile=f"none: fewer than {norms.min_people} people" if p.text is None else p.text,
        )
        for p in placed.placements
    )
    caption = (
        f"Each score ({label(norms.compare)}) against a reference group of {norms.people} "
        f"people (policy {norms.policy!r}): the percentile is the share of that group scoring "
        f"lower, interpolated between the 5th, 10th, ..., 95th. Competencies with fewer than "
        f"{norms.min_people} people in the reference group have no percentile."
    )
    return {"norm_rows": rows, "norms_caption": caption}


def _provenance(
    report: GapReport, sheet: ScoreSheet, framework: Framework, generated: datetime.date
) -> tuple[Fact, ...]:
    facts = [Fact(term="Framework", value=f"{framework.title}, {report.framework}")]
    source = framework.provenance
    if source is not None:
        facts.append(Fact(term="Source", value=source.source))
        if source.unofficial:
            facts.append(
                Fact(term="Status", value="Unofficial rendering, in leadcomp's own words")
            )
        if source.note:
            facts.append(Fact(term="Note", value=source.note))
        if source.licence:
            facts.append(Fact(term="Licence", value=source.licence))
    made = f"leadcomp {__version__}"
    if {sheet.leadcomp_version, report.leadcomp_version} != {__version__}:
        made += (
            f" (scored with leadcomp {sheet.leadcomp_version}, gap analysis by leadcomp "
            f"{report.leadcomp_version})"
        )
    facts += [
        Fact(term="Target role", value=f"{report.role_title} ({report.role})"),
        Fact(term="Scoring policy", value=f"{sheet.policy.title} ({sheet.policy.id})"),
        Fact(term="Achieved level", value=label(report.compare)),
        Fact(term="Made with", value=made),
        Fact(term="Report date", value=day(generated)),
    ]
    return tuple(facts)
