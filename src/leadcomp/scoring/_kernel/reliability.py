"""Reliability and agreement of one competency's items, where the data allow them.

Rows are raters, columns the competency's indicators (values on the competency's scale, None
where not validly answered). Alpha needs at least two items and three raters; rwg(j) needs two
raters who answered every item. Figures that cannot be estimated (no variance at all, say) are
left out rather than shown as NaN. Results are the plain data of a ``Statistic``.

The rows come from the scoring kernel, already checked (finite floats or None, one value per
indicator), so the statistics' fast paths run without checking them again. Where every value
is a whole number (answers on the usual scales), sums are exact and each variance is rounded
once; alpha and rwg(j) then share the column variances when every rater answered every item.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from typing import Any

import leadcomp.stats as stats

#: The fewest raters Cronbach's alpha is computed for.
MIN_ALPHA_RATERS = 3
#: The fewest raters (with complete answers) rwg(j) is computed for.
MIN_AGREEMENT_RATERS = 2
#: Whole numbers up to this size (times raters and items) keep every sum here exact.
EXACT_SPAN = 2.0**20

Statistic = dict[str, Any]


def reliability(
    rows: Sequence[Sequence[float | None]], low: float, high: float, levels: int,
    confidence: float, largest: float | None = None,
) -> tuple[Statistic | None, Statistic | None]:
    """Cronbach's alpha (pairwise deletion, with its Feldt interval) of the rows, and the
    rwg(j) of the raters who answered every item against a uniform null over the scale's
    ``levels`` options (values mapped linearly onto 1..levels); None where not estimable.

    ``largest``, when given, says every value is a whole number no larger than it in size.
    """
    n = len(rows)
    if not n or len(rows[0]) < 2:
        return None, None
    columns = list(zip(*rows, strict=True))
    k = len(columns)
    gappy = [j for j, column in enumerate(columns) if None in column]
    complete: Sequence[Sequence[float]] = (
        [row for row in rows if None not in row] if gappy else rows  # type: ignore[misc,assignment]
    )
    whole = exact_sums(largest, n, k)
    variances: list[float] | None = None
    alpha: Statistic | None = None
    try:
        if len(complete) >= MIN_AGREEMENT_RATERS:
            variances = (
                _whole_variances(list(zip(*complete, strict=True)) if gappy else columns)
                if whole
                else stats.item_variances(complete)
            )
        if n >= MIN_ALPHA_RATERS:
            alpha = _alpha(rows, columns, gappy, variances, whole, n, k, confidence)
    except (ValueError, ZeroDivisionError):
        pass
    return alpha, agreement(variances, low, high, levels)


def exact_sums(largest: float | None, n: int, k: int) -> bool:
    """Whether n rows of k whole numbers no larger than ``largest`` in size (None: not all
    whole) keep every sum of the statistics exact."""
    return largest is not None and largest * n * k <= EXACT_SPAN


def agreement(
    variances: Sequence[float] | None, low: float, high: float, levels: int
) -> Statistic | None:
    """rwg(j) from the item variances of complete rows (None: fewer than two) on a scale of
    ``levels`` options from ``low`` to ``high``; None where not estimable."""
    if variances is None or levels < 2:
        return None
    step = (high - low) / (levels - 1)
    squared = step * step
    try:
        # the variance of (v - low) / step + 1, the value on the 1..levels options
        value = stats.rwg_j_value(
            [v / squared for v in variances] if squared != 1.0 else variances, levels
        )
    except (ValueError, ZeroDivisionError):
        return None
    return {"value": value} if math.isfinite(value) else None


def alpha_statistic(
    trace: float, total: float, scale: float, n: int, k: int, confidence: float
) -> Statistic | None:
    """Alpha with its Feldt interval from trace(C), sum(C) and the bound of C's terms; None
    where it is undefined or not finite."""
    try:
        value, lower, upper = stats.alpha_value(trace, total, scale, n, k, confidence)
    except (ValueError, ZeroDivisionError):
        return None
    return _statistic(value, (lower, upper))


def _alpha(
    rows: Sequence[Sequence[float | None]],
    columns: list[tuple[float | None, ...]],
    gappy: list[int],
    variances: list[float] | None,
    whole: bool,
    n: int,
    k: int,
    confidence: float,
) -> Statistic | None:
    """Alpha of the rows (ValueError where it is undefined)."""
    if not whole:
        result = stats.alpha_of_rows(rows, confidence)
        return _statistic(result.value, result.ci)
    if not gappy and variances is not None:
        sds = math.fsum([math.sqrt(v) for v in variances])
        parts = (math.fsum(variances), _whole_total_variance(rows), sds * sds)  # type: ignore[arg-type]
    else:
        present = {g: [v is not None for v in columns[g]] for g in gappy}
        found = stats.whole_parts(columns, present, n, checked=True)
        if found is None:  # a pair of items with fewer than two raters in common
            result = stats.alpha_of_rows(rows, confidence)
            return _statistic(result.value, result.ci)
        parts = found
    return alpha_statistic(*parts, n, k, confidence)


def _whole_variances(columns: Sequence[Sequence[float | None]]) -> list[float]:
    """Exact column variances of whole numbers: n * sum(x^2) - sum(x)^2 is not rounded."""
    n = len(columns[0])
    scale = n * (n - 1)
    mul = operator.mul
    sums: list[float] = list(map(sum, columns))  # type: ignore[arg-type]
    squares: list[float] = [sum(map(mul, column, column)) for column in columns]
    return [(n * q - s * s) / scale for s, q in zip(sums, squares, strict=True)]


def _whole_total_variance(rows: Sequence[Sequence[float]]) -> float:
    totals: list[float] = list(map(sum, rows))
    n = len(totals)
    t = sum(totals)
    squares: float = sum(map(operator.mul, totals, totals))
    return (n * squares - t * t) / (n * (n - 1))


def _statistic(value: float, ci: tuple[float, float] | None) -> Statistic | None:
    if not math.isfinite(value):
        return None
    data: Statistic = {"value": value}
    if ci is not None and math.isfinite(ci[0]) and math.isfinite(ci[1]):
        data["ci"] = [ci[0], ci[1]]
    return data
