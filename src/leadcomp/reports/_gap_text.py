"""Gap reports as text people read in a terminal.

Figures are rounded to two decimals here, at presentation only; the report and its JSON keep
full precision.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from leadcomp.gaps import norm_placements
from leadcomp.model import Framework
from leadcomp.model._gaps import (
    QUADRANT_LABELS,
    GapReport,
    PlanItem,
    RequirementGap,
    status_text,
)
from leadcomp.model._norms import Norms
from leadcomp.model._results import ScoreSheet
from leadcomp.problems import printable
from leadcomp.scoring._anonymity import label

WIDTH = 100
_TITLE_WIDTH = 32
#: How many priorities are shown in full; the rest are listed on one line.
TOP = 3


def number(value: float | None) -> str:
    """A figure as shown: two decimals, "-" when missing."""
    return "-" if value is None else f"{value:.2f}"


def short(text: str, width: int = _TITLE_WIDTH) -> str:
    """Text cut to a width, with "..." when cut."""
    return text if len(text) <= width else text[: width - 3] + "..."


def wrap(text: str, indent: str, first: str | None = None) -> list[str]:
    """Text wrapped to the report width, with a hanging indent."""
    return textwrap.wrap(
        text,
        width=WIDTH,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def table(rows: Sequence[Sequence[str]], right: Sequence[bool]) -> list[str]:
    """Rows as aligned columns (right-aligned where asked), two spaces apart."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(width) if align else cell.ljust(width)
            for cell, width, align in zip(row, widths, right, strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def _level(framework: Framework | None, row: RequirementGap, value: int) -> str:
    if framework is not None:
        scale = framework.scale(row.scale)
        level = scale.level(value) if scale is not None else None
        if level is not None:
            return f"{value} {level.label}"
    return str(value)


def _header(report: GapReport) -> list[str]:
    lines = [f"Gap report: {report.subject} against {report.role_title} ({report.role})"]
    made = f"Assessment {report.assessment}" if report.assessment else "Assessment"
    if report.date is not None:
        made += f" of {report.date.isoformat()}"
    compared = label(report.compare)
    counts = sorted({row.n for row in report.requirements if row.n is not None})
    if counts and report.compare != "self":
        raters = f"{counts[0]}" if len(counts) == 1 else f"{counts[0]} to {counts[-1]}"
        compared += f", {raters} rater{'s' if counts[-1] != 1 else ''} per competency"
    lines += wrap(
        f"{made} on {report.framework}; achieved = {compared} (policy {report.policy!r})",
        "    ",
        "",
    )
    summary = report.summary
    essentials = sum(1 for r in report.requirements if r.essential)
    fit = (
        f"Fit {summary.fit:.2f} of 1 (importance-weighted); {summary.met} of "
        f"{summary.requirements} requirements met"
    )
    unmet = len(summary.essential_unmet)
    if unmet:
        fit += f"; {unmet} of {essentials} essential requirements not met"
    elif essentials:
        fit += f"; every essential requirement met ({essentials})"
    lines += ["", fit]
    return lines


def _requirements(report: GapReport, framework: Framework | None) -> list[str]:
    rows = [["competency", "required", "achieved", "gap", "weighted", "status"]]
    for row in report.requirements:
        title = short(row.title) + (" *" if row.essential else "")
        status = status_text(row.status, row.certainty) + (" !" if row.essential_unmet else "")
        rows.append(
            [
                title,
                _level(framework, row, row.required),
                number(row.achieved),
                number(row.gap),
                number(row.weighted_gap),
                status,
            ]
        )
    lines = table(rows, [False, False, True, True, True, False])
    legend = "gap = required - achieved; weighted = importance x gap"
    if any(r.essential for r in report.requirements):
        legend = f"* essential   ! essential and not met   {legend}"
    lines.append(legend)
    return lines


def _quadrants(report: GapReport, framework: Framework | None) -> list[str]:
    marks = report.crosshairs
    where = "means" if marks.mode == "means" else "midpoints"
    if marks.performance is None:
        heading = (
            f"Importance and performance (split at importance {marks.importance:.2f}, the "
            "middle of the role's range, and at each required level: met or not)"
        )
    else:
        performance = f"{marks.performance:.0%} of the way up the scale"
        scales = {row.scale for row in report.requirements}
        if framework is not None and len(scales) == 1:
            scale = framework.scale(scales.pop())
            if scale is not None:
                value = scale.minimum + marks.performance * (scale.maximum - scale.minimum)
                performance = f"{value:.2f}"
        heading = (
            f"Importance and performance (split at the {where}: importance "
            f"{marks.importance:.2f}, achieved {performance})"
        )
    lines = wrap(heading, "    ", "")
    for quadrant, name in QUADRANT_LABELS.items():
        titles = [row.title for row in report.requirements if row.quadrant == quadrant]
        if titles:
            lines += wrap(f"{name[:1].upper()}{name[1:]}: {'; '.join(titles)}", "      ", "  ")
    return lines


_SAID = {
    "self": "Own comment",
    "manager": "The manager said",
    "peer": "A peer said",
    "direct_report": "A direct report said",
    "other": "Another rater said",
}


def _who(group: str) -> str:
    return _SAID.get(group, f"A rater ({label(group)}) said")


def _priority(item: PlanItem, row: RequirementGap, framework: Framework | None) -> list[str]:
    essential = " (essential)" if item.essential else ""
    head = (
        f"{item.rank:>2}. {item.title}{essential}: {number(item.achieved)} now, "
        f"{_level(framework, row, item.required)} required (gap {number(item.gap)}, "
        f"weighted {number(item.weighted_gap)})"
    )
    lines = wrap(head, "    ", "")
    next_up = f"Next level, {item.next_level} {item.next_label}"
    if item.next_descriptor:
        lines += wrap(f"{next_up}: {item.next_descriptor}", "      ", "    ")
    else:
        lines.append(f"    {next_up}.")
    if item.indicators:
        lines.append("    Behaviours that show it:")
        for indicator in item.indicators:
            text = f"avoid: {indicator.text}" if indicator.reverse else indicator.text
            lines += wrap(text, "        ", "      - ")
    for comment in row.comments:
        lines += wrap(f'{_who(comment.group)}: "{comment.text}"', "      ", "    ")
    return lines


def _plan(report: GapReport, framework: Framework | None) -> list[str]:
    if not report.plan:
        return ["Development priorities: none; every requirement with evidence is met."]
    by_id = {row.competency: row for row in report.requirements}
    lines = ["Top priorities (essential first, then by weighted gap)"]
    for number_, item in enumerate(report.plan[:TOP]):
        if number_:
            lines.append("")
        lines += _priority(item, by_id[item.competency], framework)
    rest = report.plan[TOP:]
    if rest:
        listed = "; ".join(f"{item.title} (gap {number(item.gap)})" for item in rest)
        lines += ["", *wrap(f"Also below the required level: {listed}", "    ", "")]
    return lines


def _sequence(report: GapReport) -> list[str]:
    barrier = report.barrier
    if barrier is None:
        return ["Sequence: no barrier found; every element with evidence reaches its threshold."]
    text = (
        f"Sequence: the barrier is {barrier.title} (element {barrier.position}), at "
        f"{number(barrier.achieved)}, under its threshold of {number(barrier.threshold)}. Work "
        "on it before the elements that follow it."
    )
    return wrap(text, "    ", "")


def _flags(report: GapReport) -> list[str]:
    if not report.flags:
        return ["Blind spots and hidden strengths: none (self and all others agree)."]
    lines = ["Blind spots and hidden strengths"]
    for flagged in report.flags:
        what = "Blind spot" if flagged.flag == "blind_spot" else "Hidden strength"
        side = "higher" if flagged.difference > 0 else "lower"
        lines += wrap(
            f"{what}: {flagged.title}: self {number(flagged.self_mean)}, all others "
            f"{number(flagged.others_mean)} (self {number(abs(flagged.difference))} {side})",
            "    ",
            "  ",
        )
    return lines


def render_gap_text(report: GapReport, framework: Framework | None = None) -> str:
    """A readable gap report: the requirement table, the top priorities with what the next
    level looks like, the barrier of a sequence, blind spots and hidden strengths, and the
    data-quality notes. ``framework`` (optional) adds level labels to the table."""
    lines = _header(report)
    lines += ["", *_requirements(report, framework)]
    if report.sequential:
        lines += ["", *_sequence(report)]
    lines += ["", *_plan(report, framework), "", *_quadrants(report, framework)]
    lines += ["", *_flags(report)]
    if report.notes:
        lines += ["", "Data quality"]
        for note in report.notes:
            lines += wrap(note.message, "    ", "  - ")
    return printable("\n".join(lines)) + "\n"


__all__ = ["render_gap_text"]


def gap_text(
    report: GapReport,
    framework: Framework | None = None,
    *,
    norms: Norms | None = None,
    sheet: ScoreSheet | None = None,
) -> str:
    """A gap report as text: requirements, priorities, blind spots and notes; with ``norms``
    and the person's score ``sheet`` (both or neither), also each competency's percentile in
    the norms."""
    text = render_gap_text(report, framework)
    if norms is not None:
        if sheet is None or framework is None:
            raise TypeError("norms need the score sheet and the framework")
        titles = {c.id: c.title for _, c in framework.walk()}
        text += "\n" + printable("\n".join(norms_lines(norms, sheet, titles))) + "\n"
    return text


def norms_lines(norms: Norms, sheet: ScoreSheet, titles: dict[str, str]) -> list[str]:
    """The text section placing one sheet's compared scores in the norms."""
    placed = norm_placements(norms, sheet)
    if placed is None:
        return wrap(
            f"Norms: not shown, they are of {norms.framework}, the sheet of {sheet.framework}",
            "    ",
            "",
        )
    rows = [["competency", "score", "reference n", "percentile"]]
    for row in placed.placements:
        rows.append([
            short(titles.get(row.competency, row.competency)), f"{row.score:.2f}",
            str(row.n),
            f"fewer than {norms.min_people} people: none" if row.text is None else row.text,
        ])
    lines = [f"Against the norms ({norms.people} people, {norms.compare.replace('_', ' ')}, "
             f"policy {norms.policy!r})"]
    lines += table(rows, [False, True, True, False])
    return lines
