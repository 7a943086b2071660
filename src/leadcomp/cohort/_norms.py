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
from leadcomp.cohort._summary import quantile
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
