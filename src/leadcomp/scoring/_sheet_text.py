"""Score sheets as text people read: one table per subject, then notes and comments.

Figures are rounded to two decimals here, at presentation only; the model and its JSON keep
full precision.
"""

from __future__ import annotations

from collections.abc import Sequence

from leadcomp.model import Framework
from leadcomp.model._results import CompetencyScore, GroupScore, OverallScore, Score, ScoreSheet
from leadcomp.problems import printable
from leadcomp.scoring._anonymity import label

_TITLE_WIDTH = 34
_FLAGS = {"blind_spot": "blind spot", "hidden_strength": "hidden strength"}


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _mean(score: Score | None) -> str:
    return "-" if score is None else _number(score.mean)


def _interval(score: Score | None) -> str:
    if score is None or score.ci is None:
        return "-"
    return f"{score.ci[0]:.2f}-{score.ci[1]:.2f}"


def _title(text: str, depth: int) -> str:
    text = "  " * depth + text
    if len(text) > _TITLE_WIDTH:
        text = text[: _TITLE_WIDTH - 3] + "..."
    return text


def _group_names(sheet: ScoreSheet) -> list[str]:
    names: dict[str, None] = {}
    nodes: list[CompetencyScore | OverallScore] = [sheet.overall, *sheet.competencies]
    for node in nodes:
        for group in node.groups:
            names.setdefault(group.group, None)
    return list(names)


def _row(
    title: str, node: CompetencyScore | OverallScore, groups: Sequence[str]
) -> list[str]:
    by_name: dict[str, GroupScore] = {g.group: g for g in node.groups}
    cells = [title, _mean(node.self), _mean(node.all_others)]
    cells.extend(_mean(by_name[g].score) if g in by_name else "-" for g in groups)
    others = node.all_others
    cells.append("-" if others is None else str(others.n))
    cells.append(_interval(others))
    cells.append(_FLAGS.get(node.flag or "", ""))
    return cells


def render_text(sheet: ScoreSheet, framework: Framework) -> str:
    """A readable table of one score sheet: competency, self, all others, each group shown,
    the all-others n and confidence interval, and flags; then notes, comments and the
    answers to open questions."""
    groups = _group_names(sheet)
    confidence = f"{sheet.policy.confidence * 100:g}% CI"
    header = ["competency", "self", "all others", *(label(g) for g in groups), "n", confidence,
              "flag"]
    depth = {c.id: d for d, c in framework.walk()}
    rows = [header]
    for entry in sheet.competencies:
        competency = framework.get(entry.competency)
        title = competency.title if competency is not None else entry.competency
        rows.append(_row(_title(title, depth.get(entry.competency, 0)), entry, groups))
    rows.append(_row("Overall", sheet.overall, groups))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        f"{sheet.subject}"
        + (f" (assessment {sheet.assessment})" if sheet.assessment else "")
        + f": {sheet.framework}, policy {sheet.policy.id!r}"
    ]
    for row in rows:
        cells = [row[0].ljust(widths[0])]
        cells.extend(cell.rjust(width) for cell, width in zip(row[1:-1], widths[1:-1],
                                                             strict=True))
        cells.append(row[-1])
        lines.append("  ".join(cells).rstrip())
    for note in sheet.notes:
        lines.append(f"note: {note.message}")
    for entry in sheet.competencies:
        for comment in entry.comments:
            lines.append(f"comment on {entry.competency} ({label(comment.group)}): {comment.text}")
    for answers in sheet.open_comments:
        for comment in answers.comments:
            lines.append(f"{answers.question} ({label(comment.group)}): {comment.text}")
    return printable("\n".join(lines)) + "\n"
