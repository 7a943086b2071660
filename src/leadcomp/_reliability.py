"""Reliability and agreement of one competency's items, where the data allow them.

Rows are raters, columns the competency's indicators (values on the competency's scale, None
where not validly answered). Alpha needs at least two items and three raters; rwg(j) needs two
raters who answered every item. Figures that cannot be estimated (no variance at all, say) are
left out rather than shown as NaN.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .model._results import Statistic

#: The fewest raters Cronbach's alpha is computed for.
MIN_ALPHA_RATERS = 3
#: The fewest raters (with complete answers) rwg(j) is computed for.
MIN_AGREEMENT_RATERS = 2


def alpha(rows: Sequence[Sequence[float | None]], confidence: float) -> Statistic | None:
    """Cronbach's alpha (pairwise deletion) with its Feldt interval, or None."""
    if len(rows) < MIN_ALPHA_RATERS or min((len(r) for r in rows), default=0) < 2:
        return None
    from . import stats

    try:
        result = stats.cronbach_alpha(
            [list(row) for row in rows], missing="pairwise", ci=confidence
        )
    except (ValueError, ZeroDivisionError):
        return None
    return _statistic(result.value, result.ci)


def agreement(
    rows: Sequence[Sequence[float | None]], low: float, high: float, levels: int
) -> Statistic | None:
    """rwg(j) of the raters who answered every item, against a uniform null over the scale's
    ``levels`` options (values mapped onto 1..levels), or None."""
    complete = [list(row) for row in rows if row and all(v is not None for v in row)]
    if len(complete) < MIN_AGREEMENT_RATERS or levels < 2:
        return None
    from . import stats

    step = (high - low) / (levels - 1)
    options = [[(v - low) / step + 1.0 for v in row if v is not None] for row in complete]
    try:
        result = stats.rwg_j(options, levels)
    except (ValueError, ZeroDivisionError):
        return None
    return _statistic(result.value, None)


def _statistic(value: float, ci: tuple[float, float] | None) -> Statistic | None:
    if not math.isfinite(value):
        return None
    if ci is not None and not all(math.isfinite(end) for end in ci):
        ci = None
    return Statistic(value=value, ci=None if ci is None else (float(ci[0]), float(ci[1])))
