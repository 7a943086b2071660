"""Norms: where a person's score stands among a reference group, per competency.

A norm cell holds percentile points of the reference group's scores, never the scores: cells
from fewer than ``min_people`` people (10 by default) hold none, as such cells are unstable and
can expose individuals.
"""

from __future__ import annotations

from attrs import frozen

#: The percentiles a norm cell holds: 5, 10, ..., 95.
PERCENTILES: tuple[int, ...] = tuple(range(5, 100, 5))


@frozen(kw_only=True)
class NormCell:
    """One competency's reference scores: how many people, their mean and SD, and the score
    at each of the percentiles 5, 10, ..., 95 (empty when too few people)."""

    competency: str
    n: int
    mean: float | None = None
    sd: float | None = None
    percentiles: tuple[float, ...] = ()


@frozen(kw_only=True)
class Norms:
    """Reference scores of a cohort, per competency, for one framework and compared score."""

    framework: str
    #: Which score the norms are of: "all_others", "self" or a rater group's name.
    compare: str
    #: The id of the scoring policy the reference sheets were made with.
    policy: str
    people: int
    #: Cells from fewer people than this hold no percentiles.
    min_people: int = 10
    cells: tuple[NormCell, ...] = ()
    leadcomp_version: str


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
