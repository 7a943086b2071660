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
