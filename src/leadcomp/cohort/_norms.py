"""Norms: build reference percentiles from a cohort's score sheets, and place a person in them.

``build_norms(sheets)`` takes the compared score (all others by default) of every competency
on each sheet: only what a sheet shows, so nothing of a withheld group can reach a norm. A cell
from fewer than ``min_people`` people keeps its count but no percentiles, mean or SD.
``percentile_rank(cell, score)`` is the share of the reference group below a score,
interpolated between the stored percentiles, and bounded to "under 5" and "over 95".
"""

from __future__ import annotations

from collections.abc import Iterable

from leadcomp import __version__
from leadcomp.cohort import quantile
from leadcomp.gaps import compared_score
from leadcomp.model._norms import PERCENTILES, NormCell, Norms
from leadcomp.model._results import ScoreSheet
from leadcomp.problems import InvalidDocument, problem
from leadcomp.stats import mean_sd

#: Norm cells from fewer people hold no percentiles (unstable, and can expose individuals).
MIN_PEOPLE = 10


def build_norms(
    sheets: Iterable[ScoreSheet], *, compare: str = "all_others", min_people: int = MIN_PEOPLE
) -> Norms:
    """The norms of a cohort's score sheets (one framework, one policy).

    InvalidDocument (``mixed-reports``) when the sheets are of different frameworks or
    policies, (``empty-cohort``) when there are none, (``invalid-value``) for ``min_people``
    under 2.
    """
    if isinstance(min_people, bool) or not isinstance(min_people, int) or min_people < 2:
        raise InvalidDocument(
            [
                problem(
                    "invalid-value", f"min_people must be a whole number >= 2, not {min_people!r}"
                )
            ]
        )
    scores: dict[str, list[float]] = {}
    order: dict[str, None] = {}
    frameworks: set[str] = set()
    policies: set[str] = set()
    people = 0
    for sheet in sheets:
        people += 1
        frameworks.add(sheet.framework)
        policies.add(sheet.policy.id)
        for entry in sheet.competencies:
            order.setdefault(entry.competency, None)
            score = compared_score(entry, compare)
            if score is not None:
                scores.setdefault(entry.competency, []).append(score.mean)
    if not people:
        raise InvalidDocument([problem("empty-cohort", "no score sheets to build norms from")])
    if len(frameworks) > 1 or len(policies) > 1:
        raise InvalidDocument(
            [
                problem(
                    "mixed-reports",
                    "norms need sheets of one framework and one policy, not "
                    f"{', '.join(sorted(frameworks))} / {', '.join(sorted(policies))}",
                )
            ]
        )
    cells = []
    for competency in order:
        values = sorted(scores.get(competency, []))
        if len(values) < min_people:
            cells.append(NormCell(competency=competency, n=len(values)))
            continue
        mean, sd = mean_sd(values)
        cells.append(
            NormCell(
                competency=competency,
                n=len(values),
                mean=mean,
                sd=sd,
                percentiles=tuple(quantile(values, p / 100) for p in PERCENTILES),
            )
        )
    return Norms(
        framework=frameworks.pop(),
        compare=compare,
        policy=policies.pop(),
        people=people,
        min_people=min_people,
        cells=tuple(cells),
        leadcomp_version=__version__,
    )


def percentile_rank(cell: NormCell, score: float) -> tuple[float, str] | None:
    """Where a score stands in a norm cell: the percentile (5 to 95, interpolated between the
    stored points) and its text ("under 5th", "62nd", "over 95th"); None for a cell without
    percentiles."""
    points = cell.percentiles
    if len(points) != len(PERCENTILES):
        return None
    if score < points[0]:
        return 5.0, "under the 5th"
    if score > points[-1]:
        return 95.0, "over the 95th"
    for index in range(len(points) - 1):
        low, high = points[index], points[index + 1]
        if low <= score <= high:
            share = 0.5 if high == low else (score - low) / (high - low)
            value = PERCENTILES[index] + share * (PERCENTILES[index + 1] - PERCENTILES[index])
            return value, _ordinal(round(value))
    return 95.0, "the 95th"  # pragma: no cover - score equals the last point


def _ordinal(value: int) -> str:
    suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(
        value % 10, "th"
    )
    return f"the {value}{suffix}"


def norms_lines(norms: Norms, sheet: ScoreSheet, titles: dict[str, str]) -> list[str]:
    """The text section placing one sheet's compared scores in the norms."""
    from leadcomp.reports._gap_text import short, table, wrap

    if norms.framework != sheet.framework:
        return wrap(
            f"Norms: not shown, they are of {norms.framework}, the sheet of {sheet.framework}",
            "    ",
            "",
        )
    cells = {c.competency: c for c in norms.cells}
    rows = [["competency", "score", "reference n", "percentile"]]
    for entry in sheet.competencies:
        cell = cells.get(entry.competency)
        score = compared_score(entry, norms.compare)
        if cell is None or score is None:
            continue
        placed = percentile_rank(cell, score.mean)
        rows.append([
            short(titles.get(entry.competency, entry.competency)), f"{score.mean:.2f}",
            str(cell.n),
            f"fewer than {norms.min_people} people: none" if placed is None else placed[1],
        ])
    lines = [f"Against the norms ({norms.people} people, {norms.compare.replace('_', ' ')}, "
             f"policy {norms.policy!r})"]
    lines += table(rows, [False, True, True, False])
    return lines
