"""Reliability and agreement statistics on plain rows of numbers.

Every function takes plain sequences (``rows`` are subjects x items, or
targets x raters; ``None`` marks a missing value) and returns a small frozen
result with the figure as ``.value``.  Bad input raises ``ValueError`` with a
message that says what is expected.  Numbers must be finite reals; NaN is not
accepted as "missing" (use ``None``).

Figures match pingouin 0.7 (``cronbach_alpha``, ``intraclass_corr``) and the
R package multilevel (``rwg``, ``rwg.j``, ``rwg.j.lindell``).
"""

from __future__ import annotations

import itertools
import math
import numbers
import operator
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Literal

import attrs

from leadcomp.stats._distributions import f_isf as _f_isf_uncached, f_sf

#: F quantiles, memoised: a cohort asks for the same few (p, df1, df2) again and again.
f_isf = lru_cache(maxsize=4096)(_f_isf_uncached)

__all__ = [
    "AgreementResult",
    "AlphaResult",
    "IccResult",
    "ItemAnalysis",
    "ItemStatistics",
    "OmegaResult",
    "OnewayIcc",
    "ReliableChange",
    "cronbach_alpha",
    "icc",
    "icc_oneway",
    "icc_oneway_from_summaries",
    "item_analysis",
    "mean",
    "mean_sd",
    "omega_total",
    "raters_needed",
    "reliable_change",
    "rwg",
    "rwg_j",
    "rwg_j_lindell",
    "spearman_brown",
]

_EPS = 2.220446049250313e-16
#: The relative size under which a denominator of an interval's end counts as zero.
_POLE = 1e-9
#: Sums of whole numbers below this are exact in floating point.
_EXACT = 2.0**53


@attrs.frozen
class AlphaResult:
    """Cronbach's alpha with its Feldt confidence interval.

    ``n`` is the number of subjects the interval is based on, ``k`` the number of items.
    """

    value: float
    ci: tuple[float, float]
    n: int
    k: int


@attrs.frozen
class OmegaResult:
    """McDonald's omega total."""

    value: float


@attrs.frozen
class IccResult:
    """One intraclass correlation with its F test (F, df1, df2, p) and confidence interval."""

    value: float
    f: float
    df1: int
    df2: int
    p: float
    ci: tuple[float, float]


@attrs.frozen
class AgreementResult:
    """A within-group agreement index (rwg family).

    ``n`` raters and ``j`` items were used; ``observed_variance`` is the observed
    (mean item) variance before any capping, ``expected_variance`` the variance
    of the uniform null distribution, (A^2 - 1) / 12.
    """

    value: float
    n: int
    j: int
    observed_variance: float
    expected_variance: float


# ---------------------------------------------------------------------------
# input checking


def _cell(value: object, where: str) -> float | None:
    if value is None:
        return None
    if not isinstance(value, numbers.Real):
        raise ValueError(f"{where} is {value!r}; expected a finite number or None for missing")
    out = float(value)
    if not math.isfinite(out):
        raise ValueError(f"{where} is {out!r}; expected a finite number (use None for missing)")
    return out


def _sequence(obj: object, what: str) -> list[object]:
    if isinstance(obj, (str, bytes, bytearray)) or not isinstance(obj, Iterable):
        raise ValueError(f"{what} must be a sequence, got {type(obj).__name__}")
    return list(obj)


def _matrix(rows: object, row_word: str, col_word: str) -> list[list[float | None]]:
    """Rows as lists of floats or None; checks shape and values."""
    raw = _sequence(rows, "rows")
    out: list[list[float | None]] = []
    width = -1
    for i, row in enumerate(raw):
        cells = _sequence(row, f"row {i}")
        if width < 0:
            width = len(cells)
        elif len(cells) != width:
            raise ValueError(
                f"ragged rows: row {i} has {len(cells)} values but row 0 has {width}; "
                f"every {row_word} needs one value (or None) per {col_word}"
            )
        out.append([_cell(v, f"row {i}, column {j}") for j, v in enumerate(cells)])
    return out


def _complete(matrix: list[list[float | None]]) -> list[list[float]]:
    """The rows without any missing value (listwise deletion)."""
    return [[v for v in row if v is not None] for row in matrix if None not in row]


def _options(options: object) -> float:
    if isinstance(options, bool) or not isinstance(options, numbers.Integral):
        raise ValueError(
            f"options must be an integer >= 2 (number of response options), got {options!r}"
        )
    if int(options) < 2:
        raise ValueError(
            f"options must be an integer >= 2 (number of response options), got {options!r}"
        )
    a = float(int(options))
    return (a * a - 1.0) / 12.0


def _ci_level(ci: object) -> float:
    if isinstance(ci, bool) or not isinstance(ci, numbers.Real) or not (0.0 < float(ci) < 1.0):
        raise ValueError(f"ci must be a confidence level strictly between 0 and 1, got {ci!r}")
    return float(ci)


def mean(values: Sequence[float]) -> float:
    """The arithmetic mean of at least one value: the exactly rounded sum over n, kept between
    the smallest and the largest value (clamping only undoes rounding, so equal values have
    exactly their value as mean)."""
    centre = math.fsum(values) / len(values)
    low, high = min(values), max(values)
    return low if centre < low else high if centre > high else centre


def mean_sd(values: Sequence[float]) -> tuple[float, float | None]:
    """The mean (as ``mean``) and the sample standard deviation (n - 1 denominator) of at
    least one value; the SD is None for a single value.

    The one plain mean and SD of the library: two passes, the squared deviations from the
    mean summed exactly (``math.fsum``), so equal values have an SD of exactly 0.
    """
    centre = mean(values)
    if len(values) < 2:
        return centre, None
    return centre, math.sqrt(_squares(values, centre) / (len(values) - 1))


def _squares(values: Sequence[float], centre: float) -> float:
    """The exactly rounded sum of squared deviations from ``centre``, squared as ``d ** 2``
    (the form whose digits score sheets, cohorts and norms have shipped)."""
    return math.fsum([(v - centre) ** 2 for v in values])


def _variance(values: Sequence[float]) -> float:
    """Sample variance (n - 1 denominator) of floats; needs at least two values.

    Whole numbers (as survey answers are) take an exact path: n * sum(x^2) - sum(x)^2 is
    computed without rounding, so the variance is correctly rounded. Others are centred on
    their mean first, as in ``mean_sd``, but squared by multiplication: ``d * d`` and
    ``d ** 2`` differ in the last bit now and then, and each keeps the digits it has shipped
    (the SDs of score sheets, cohorts and norms come from ``d ** 2``).
    """
    n = len(values)
    if all(map(float.is_integer, values)):
        sx = sum(values)
        sxx: float = sum(map(operator.mul, values, values))
        if n * sxx < _EXACT:
            return (n * sxx - sx * sx) / (n * (n - 1))
    m = mean(values)
    return math.fsum([(v - m) * (v - m) for v in values]) / (n - 1)


def _div(num: float, den: float) -> float:
    """num / den with IEEE semantics for a zero denominator instead of an exception."""
    if den == 0.0:
        if num == 0.0 or math.isnan(num):
            return math.nan
        return math.copysign(math.inf, num) * math.copysign(1.0, den)
    return num / den


def _snap(value: float, size: float, noise: float = 16.0 * _EPS) -> float:
    """value, or 0.0 when it is rounding noise relative to size (the sum of its terms' sizes)."""
    return 0.0 if abs(value) <= noise * size else value


# ---------------------------------------------------------------------------
# Cronbach's alpha and omega


def _covariance(xs: Sequence[float], ys: Sequence[float]) -> float:
    n = len(xs)
    if all(map(float.is_integer, xs)) and all(map(float.is_integer, ys)):
        sxy: float = sum(map(operator.mul, xs, ys))
        sx, sy = sum(xs), sum(ys)
        if n * max(abs(sxy), sx * sx, sy * sy, 1.0) < _EXACT:
            return (n * sxy - sx * sy) / (n * (n - 1))
    mx = min(max(math.fsum(xs) / n, min(xs)), max(xs))  # as in _variance
    my = min(max(math.fsum(ys) / n, min(ys)), max(ys))
    return math.fsum([(x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)]) / (len(xs) - 1)


def _pair(
    matrix: Sequence[Sequence[float | None]], i: int, j: int
) -> tuple[list[float], list[float]]:
    """Columns i and j over the rows where both are present."""
    xs: list[float] = []
    ys: list[float] = []
    for row in matrix:
        x, y = row[i], row[j]
        if x is not None and y is not None:
            xs.append(x)
            ys.append(y)
    if len(xs) < 2 and i == j:
        raise ValueError(
            f"item {i} has only {len(xs)} value(s) present; every item needs at least 2"
        )
    if len(xs) < 2:
        raise ValueError(
            f"items {i} and {j} are both present for only {len(xs)} subjects; "
            "pairwise alpha needs at least 2 for every pair of items"
        )
    return xs, ys


def alpha_from_variances(
    variances: Sequence[float], total_variance: float, n: int, level: float
) -> AlphaResult:
    """Cronbach's alpha of n complete rows from the item variances and the variance of the
    row totals (checked input: k >= 2 items, n >= 2, 0 < level < 1), with Feldt's interval.

    ValueError when the total has no positive variance (zero up to rounding: |cov(i, j)| is
    at most sd_i * sd_j, so (sum of the SDs)^2 bounds the size of the covariance terms).
    """
    scale = math.fsum([math.sqrt(v) for v in variances]) ** 2
    return _alpha(math.fsum(variances), total_variance, scale, n, len(variances), level)


def alpha_from_parts(
    trace: float, total: float, scale: float, n: int, k: int, level: float
) -> AlphaResult:
    """Cronbach's alpha from trace(C), sum(C) and a bound of the size of C's terms (checked
    input), with Feldt's interval; ValueError when sum(C) is zero up to rounding."""
    return _alpha(trace, total, scale, n, k, level)


def _alpha(trace: float, total: float, scale: float, n: int, k: int, level: float) -> AlphaResult:
    alpha, lower, upper = alpha_value(trace, total, scale, n, k, level)
    return AlphaResult(value=alpha, ci=(lower, upper), n=n, k=k)


def alpha_value(
    trace: float, total: float, scale: float, n: int, k: int, level: float
) -> tuple[float, float, float]:
    """Cronbach's alpha and the ends of its Feldt interval from trace(C), sum(C) and a bound
    of the size of C's terms (checked input); ValueError when sum(C) is zero up to rounding."""
    if not total > 64.0 * _EPS * scale:
        raise ValueError(
            "the total score has no positive variance (sum of the item covariance matrix is "
            f"{total!r}), so alpha is undefined; check for constant or perfectly offsetting items"
        )
    alpha = (k / (k - 1)) * (1.0 - trace / total)
    low_f, high_f = _feldt(n, k, level)
    return alpha, 1.0 - (1.0 - alpha) * low_f, 1.0 - (1.0 - alpha) * high_f


@lru_cache(maxsize=4096)
def _feldt(n: int, k: int, level: float) -> tuple[float, float]:
    """The F quantiles of Feldt's interval for n rows of k items."""
    tail = 1.0 - level
    df1 = n - 1
    df2 = df1 * (k - 1)
    return f_isf(tail / 2.0, df1, df2), f_isf(1.0 - tail / 2.0, df1, df2)


def total_variance(rows: Sequence[Sequence[float]]) -> float:
    """The sample variance of the row totals of checked complete rows (at least 2)."""
    return _variance([math.fsum(row) for row in rows])


def alpha_of_rows(matrix: Sequence[Sequence[float | None]], level: float) -> AlphaResult:
    """Cronbach's alpha (pairwise deletion) of checked rows: at least 2 rows of k >= 2 finite
    floats or None, the same k in every row, and 0 < level < 1.

    The fast path behind ``cronbach_alpha``, for callers that have checked their input. The
    sum of the pairwise covariance matrix is taken apart by bilinearity: the items without a
    missing value contribute the variance of their row totals; an item g with missing values
    contributes its covariance with those totals over the rows where g is present (the rows
    every pair (g, full item) shares), and its pairs with other such items one by one. Every
    sum is exactly rounded (``math.fsum``), so the order of rows does not change the result.
    Values that are not all whole numbers are centred on their column's mean before anything
    is summed, so data far from zero (1e6 +- 1e-3) lose nothing to the row totals.
    """
    matrix = centred(matrix)
    n = len(matrix)
    k = len(matrix[0])
    columns = list(zip(*matrix, strict=True))
    gappy = [j for j, column in enumerate(columns) if None in column]
    if not gappy:
        variances = item_variances(matrix)  # type: ignore[arg-type]
        return alpha_from_variances(variances, total_variance(matrix), n, level)  # type: ignore[arg-type]
    present = {g: [v is not None for v in columns[g]] for g in gappy}
    whole = whole_parts(columns, present, n)
    if whole is not None:
        return _alpha(*whole, n, k, level)
    counts = {g: sum(mask) for g, mask in present.items()}
    if min(counts.values()) < 2 or len(gappy) > 1:
        for i in range(k):  # too few pairs: report the first, in the order of the pairs
            for j in range(i, k):
                if i in present and j in present:
                    count = sum(map(operator.and_, present[i], present[j]))
                elif i in present or j in present:
                    count = counts[i if i in present else j]
                else:
                    continue
                if count < 2:
                    _pair(matrix, i, j)  # raises with the message for this pair
    full = [columns[j] for j in range(k) if j not in present]
    trace_parts: list[float] = []
    total_parts: list[float] = []
    totals: list[float] = []
    if full:
        variances = item_variances(list(zip(*full, strict=True)))
        trace_parts.extend(variances)
        totals = list(map(math.fsum, zip(*full, strict=True)))
        total_parts.append(_variance(totals) if len(full) > 1 else variances[0])
    else:
        variances = []
    sds = [math.sqrt(v) for v in variances]
    for number, g in enumerate(gappy):
        mask = present[g]
        values: list[float] = list(itertools.compress(columns[g], mask))
        variance = _variance(values)
        trace_parts.append(variance)
        total_parts.append(variance)
        sds.append(math.sqrt(variance))
        if full:
            total_parts.append(2.0 * _covariance(values, list(itertools.compress(totals, mask))))
        for other in gappy[number + 1 :]:
            total_parts.append(2.0 * _covariance(*_pair(matrix, g, other)))
    return _alpha(
        math.fsum(trace_parts), math.fsum(total_parts), math.fsum(sds) ** 2, n, k, level
    )


def centred(matrix: Sequence[Sequence[float | None]]) -> Sequence[Sequence[float | None]]:
    """Each column minus its mean (clamped to the column's range), unless every value is a
    whole number (whose sums are exact already): covariances do not change, and row totals of
    values far from zero keep their digits. Subtracting a nearby mean is exact (Sterbenz)."""
    values = [v for row in matrix for v in row if v is not None]
    if all(map(float.is_integer, values)):
        return matrix
    shifts: list[float] = []
    for column in zip(*matrix, strict=True):
        present = [v for v in column if v is not None]
        if not present:
            shifts.append(0.0)
            continue
        low, high = min(present), max(present)
        shifts.append(min(max(math.fsum(present) / len(present), low), high))
    return [
        [None if v is None else v - c for v, c in zip(row, shifts, strict=True)]
        for row in matrix
    ]


def whole_parts(
    columns: list[tuple[float | None, ...]], present: dict[int, list[bool]], n: int,
    checked: bool = False,
) -> tuple[float, float, float] | None:
    """trace(C), sum(C) and the bound of its terms' size for pairwise deletion, where every
    value is a whole number (as survey answers are) and every pair has two rows in common:
    exact sums, one rounding per variance or covariance. None where that does not hold.

    ``checked``: the caller knows that the values are whole and small enough for exact sums
    (at most 2^20 in size, times the number of rows and columns).
    """
    if not checked:
        values = [v for column in columns for v in column if v is not None]
        if not all(map(float.is_integer, values)):
            return None
        if max(map(abs, values), default=0.0) * n * len(columns) > 2.0**20:
            return None
    mul = operator.mul
    full = [column for j, column in enumerate(columns) if j not in present]
    traces: list[float] = []
    parts: list[float] = []
    totals: list[float] = list(map(sum, zip(*full, strict=True))) if full else []
    scale = n * (n - 1)
    for column in full:
        total: float = sum(column)  # type: ignore[arg-type]
        square: float = sum(map(mul, column, column))
        traces.append((n * square - total * total) / scale)
    if len(full) == 1:
        parts.append(traces[0])
    elif full:
        t = sum(totals)
        parts.append((n * sum(map(mul, totals, totals)) - t * t) / scale)
    gappy = list(present)
    for number, g in enumerate(gappy):
        mask = present[g]
        xs: list[float] = list(itertools.compress(columns[g], mask))  # type: ignore[arg-type]
        m = len(xs)
        if m < 2:
            return None
        s: float = sum(xs)
        q: float = sum(map(mul, xs, xs))
        variance = (m * q - s * s) / (m * (m - 1))
        traces.append(variance)
        parts.append(variance)
        if full:
            ts = list(itertools.compress(totals, mask))
            parts.append(2.0 * (m * sum(map(mul, xs, ts)) - s * sum(ts)) / (m * (m - 1)))
        for other in gappy[number + 1 :]:
            both = list(map(operator.and_, mask, present[other]))
            xs2: list[float] = list(itertools.compress(columns[g], both))  # type: ignore[arg-type]
            ys2: list[float] = list(itertools.compress(columns[other], both))  # type: ignore[arg-type]
            m2 = len(xs2)
            if m2 < 2:
                return None
            sx, sy = sum(xs2), sum(ys2)
            parts.append(2.0 * (m2 * sum(map(mul, xs2, ys2)) - sx * sy) / (m2 * (m2 - 1)))
    sds = math.fsum([math.sqrt(v) for v in traces])
    return math.fsum(traces), math.fsum(parts), sds * sds


def cronbach_alpha(
    rows: Sequence[Sequence[float | None]],
    missing: Literal["pairwise", "listwise"] = "pairwise",
    ci: float = 0.95,
) -> AlphaResult:
    """Cronbach's alpha of subjects x items ``rows``, with Feldt's confidence interval.

    alpha = k/(k-1) * (1 - trace(C) / sum(C)) for the item covariance matrix C.
    ``missing="pairwise"`` builds C from pairwise-complete observations and uses
    n = all rows for the interval, exactly as pingouin does.  ``"listwise"``
    drops every row with a None first and uses the remaining n (pingouin keeps
    the original n for the interval here).

    Raises ValueError for fewer than 2 items or 2 (complete) subjects, bad
    values, ragged rows, ``ci`` outside (0, 1), or when the variance of the
    total score, sum(C), is not positive (zero up to rounding): alpha is
    undefined then.
    """
    if missing not in ("pairwise", "listwise"):
        raise ValueError(f'missing must be "pairwise" or "listwise", got {missing!r}')
    level = _ci_level(ci)
    matrix = _matrix(rows, "subject", "item")
    k = len(matrix[0]) if matrix else 0
    if k < 2:
        raise ValueError(f"Cronbach's alpha needs at least 2 items (columns), got {k}")
    data: Sequence[Sequence[float | None]] = matrix
    if missing == "listwise":
        data = _complete(matrix)
        if len(data) < 2:
            raise ValueError(
                f"Cronbach's alpha needs at least 2 subjects without missing values, "
                f"got {len(data)}"
            )
    elif len(data) < 2:
        raise ValueError(f"Cronbach's alpha needs at least 2 subjects (rows), got {len(data)}")
    return alpha_of_rows(data, level)


def omega_total(loadings: Sequence[float], uniquenesses: Sequence[float]) -> OmegaResult:
    """McDonald's omega total from one-factor loadings and uniquenesses.

    omega = (sum loadings)^2 / ((sum loadings)^2 + sum uniquenesses).  Needs the
    same number (at least 1) of finite loadings and non-negative uniquenesses;
    ValueError when the denominator is zero.
    """
    lam_raw = _sequence(loadings, "loadings")
    psi_raw = _sequence(uniquenesses, "uniquenesses")
    if not lam_raw:
        raise ValueError("omega needs at least 1 item: loadings is empty")
    if len(lam_raw) != len(psi_raw):
        raise ValueError(
            f"loadings has {len(lam_raw)} values but uniquenesses has {len(psi_raw)}; "
            "give one uniqueness per loading"
        )
    lam: list[float] = []
    psi: list[float] = []
    for i, (l_val, u_val) in enumerate(zip(lam_raw, psi_raw, strict=True)):
        lv = _cell(l_val, f"loading {i}")
        uv = _cell(u_val, f"uniqueness {i}")
        if lv is None or uv is None:
            raise ValueError(f"item {i} has a missing loading or uniqueness; omega needs all")
        if uv < 0.0:
            raise ValueError(f"uniqueness {i} is {uv!r}; uniquenesses must be >= 0")
        lam.append(lv)
        psi.append(uv)
    common = math.fsum(lam) ** 2
    denominator = common + math.fsum(psi)
    if denominator <= 0.0:
        raise ValueError("omega is undefined: loadings sum to 0 and all uniquenesses are 0")
    return OmegaResult(value=common / denominator)


# ---------------------------------------------------------------------------
# intraclass correlations


def icc(rows: Sequence[Sequence[float | None]], ci: float = 0.95) -> dict[str, IccResult]:
    """The six intraclass correlations of targets x raters ``rows``, as pingouin computes them.

    Keys are "ICC(1,1)", "ICC(A,1)", "ICC(C,1)", "ICC(1,k)", "ICC(A,k)", "ICC(C,k)"
    (pingouin's ICC1, ICC2, ICC3, ICC1k, ICC2k, ICC3k).  Values come from the mean
    squares of the two-way ANOVA (rows MSR, columns MSC, residual MSE, within
    MSW), with the F tests and the McGraw & Wong / Shrout & Fleiss intervals
    (level ``ci``, 0.95 by default as in pingouin).  Rows with a missing value
    are dropped (listwise deletion).

    Raises ValueError for fewer than 2 complete targets or 2 raters, bad values,
    ragged rows, or when MSR is zero (up to rounding): with identical target
    means the ICCs are undefined.  Where the residual mean square MSE is zero
    (up to rounding: perfectly additive ratings) the consistency ICCs and their
    intervals are exactly 1, their F is inf and p 0; so are ICC(1) and ICC(A)
    where MSW, or MSC, is zero too; ICC(A) is then MSR / (MSR + k MSC / n), with
    its interval on k - 1 Satterthwaite degrees of freedom (the limit as MSE
    goes to 0).  The ICC(A,k) interval uses McGraw & Wong's own formula
    n(MSR - F MSE) / (F(MSC - MSE) + n MSR) (equal to pingouin's transform of
    the ICC(A,1) bounds, without its spurious pole), so no bound is infinite
    where a finite one exists.  As in pingouin, ICC(A,k) is inf or NaN when
    MSR + (MSC - MSE) / n is zero and can exceed 1 when it is negative (raters
    disagree far more than targets differ), and an ICC(A) interval whose
    Satterthwaite degrees of freedom degenerate has NaN bounds.
    """
    level = _ci_level(ci)
    matrix = _matrix(rows, "target", "rater")
    k = len(matrix[0]) if matrix else 0
    if k < 2:
        raise ValueError(f"ICC needs at least 2 raters (columns), got {k}")
    data = _complete(matrix)
    n = len(data)
    if n < 2:
        raise ValueError(f"ICC needs at least 2 targets (rows) without missing values, got {n}")

    grand = mean([v for row in data for v in row])
    row_means = [mean(row) for row in data]
    col_means = [mean([row[j] for row in data]) for j in range(k)]
    ss_rows = k * math.fsum((m - grand) ** 2 for m in row_means)
    ss_cols = n * math.fsum((m - grand) ** 2 for m in col_means)
    ss_err = math.fsum(
        (data[i][j] - row_means[i] - col_means[j] + grand) ** 2 for i in range(n) for j in range(k)
    )
    # Anything below this is rounding noise of a sum of squares that is exactly zero.
    biggest = max(abs(v) for row in data for v in row)
    noise = n * k * (16.0 * _EPS * biggest) ** 2
    if ss_rows <= noise:
        raise ValueError(
            "all targets have the same mean rating (between-target mean square is 0), "
            "so the ICCs are undefined; ICC needs targets that differ"
        )
    if ss_err <= noise:  # perfectly additive ratings: the residual is rounding noise
        ss_err = 0.0
    if ss_cols <= noise:
        ss_cols = 0.0

    df_rows = n - 1
    df_cols = k - 1
    df_err = df_rows * df_cols
    df_within = n * (k - 1)
    msr = ss_rows / df_rows
    msc = ss_cols / df_cols
    mse = ss_err / df_err
    msw = (ss_cols + ss_err) / df_within

    icc1 = 1.0 if msw == 0.0 else (msr - msw) / (msr + (k - 1) * msw)
    icc2 = 1.0 if mse == 0.0 and msc == 0.0 else (
        (msr - mse) / (msr + (k - 1) * mse + k * (msc - mse) / n)
    )
    icc3 = 1.0 if mse == 0.0 else (msr - mse) / (msr + (k - 1) * mse)
    icc1k = 1.0 if msw == 0.0 else (msr - msw) / msr
    # The only denominator that can vanish or go negative (then ICC(A,k) is +-inf or
    # outside [-1, 1], as in pingouin); rounding noise around zero counts as zero.
    icc2k = _div(msr - mse, _snap(msr + (msc - mse) / n, msr + (msc + mse) / n))
    icc3k = 1.0 if mse == 0.0 else (msr - mse) / msr

    f1 = _div(msr, msw)
    p1 = f_sf(f1, df_rows, df_within)
    f3 = _div(msr, mse)
    p3 = f_sf(f3, df_rows, df_err)

    half = (1.0 - level) / 2.0
    # Cases 1 and 3 (Shrout & Fleiss).
    f1l = _div(f1, f_isf(half, df_rows, df_within))
    f1u = f1 * f_isf(half, df_within, df_rows)
    f3l = _div(f3, f_isf(half, df_rows, df_err))
    f3u = f3 * f_isf(half, df_err, df_rows)
    ci1 = (_div(f1l - 1.0, f1l + (k - 1)), _div(f1u - 1.0, f1u + (k - 1)))
    ci3 = (_div(f3l - 1.0, f3l + (k - 1)), _div(f3u - 1.0, f3u + (k - 1)))
    ci1k = (1.0 - _div(1.0, f1l), 1.0 - _div(1.0, f1u))
    ci3k = (1.0 - _div(1.0, f3l), 1.0 - _div(1.0, f3u))
    if msw == 0.0:  # no variance within targets at all: perfect agreement
        ci1 = ci1k = (1.0, 1.0)
    if mse == 0.0:  # perfectly additive: perfect consistency
        ci3 = ci3k = (1.0, 1.0)
    # Case 2 (McGraw & Wong), Satterthwaite degrees of freedom v.
    if mse == 0.0:
        v = float(k - 1)  # the limit of v as MSE goes to 0 (MSC / MSE to inf)
    else:
        fj = msc / mse
        a = n * (1.0 + (k - 1) * icc2) - k * icc2
        vn = df_err * (k * icc2 * fj + a) * (k * icc2 * fj + a)
        vd = df_rows * (k * k) * (icc2 * icc2) * (fj * fj) + a * a
        v = _div(vn, vd)
    f2u = f2l = math.nan
    if mse == 0.0 and msc == 0.0:
        l2 = u2 = 1.0
    elif 0.0 < v < math.inf:
        f2u = f_isf(half, df_rows, v)
        f2l = f_isf(half, v, df_rows)
        base = k * msc + (k * n - k - n) * mse
        # an F quantile that overflows (v near 0) gives the bound's limit, not inf / inf
        l2 = (
            _div(-n * mse, base) if f2u == math.inf
            else _div(n * (msr - f2u * mse), f2u * base + n * msr)
        )
        u2 = 1.0 if f2l == math.inf else _div(n * (f2l * msr - mse), base + n * f2l * msr)
    else:
        l2 = u2 = math.nan
    ci2 = (l2, u2)
    # ICC(A,k)'s bounds by McGraw & Wong's own formula: algebraically k l / (1 + (k - 1) l)
    # of the ICC(A,1) bounds, but without that transform's spurious pole where l is -1/(k-1)
    # up to rounding; a denominator within 1e-9 of its terms' size is a real pole
    if mse == 0.0 and msc == 0.0:
        ci2k = (1.0, 1.0)
    elif math.isnan(f2u):
        ci2k = (math.nan, math.nan)
    else:
        # MSC - MSE is rounding noise when they are equal, and F can be huge: snap it first
        d = _snap(msc - mse, msc + mse)
        ci2k = (
            _div(-n * mse, d) if f2u == math.inf else _div(
                n * (msr - f2u * mse),
                _snap(f2u * d + n * msr, f2u * abs(d) + n * msr, _POLE),
            ),
            1.0 if f2l == math.inf else _div(
                n * (f2l * msr - mse),
                _snap(d + n * f2l * msr, abs(d) + n * f2l * msr, _POLE),
            ),
        )

    def result(
        value: float, f: float, df2: int, p: float, bounds: tuple[float, float]
    ) -> IccResult:
        return IccResult(value=value, f=f, df1=df_rows, df2=df2, p=p, ci=bounds)

    return {
        "ICC(1,1)": result(icc1, f1, df_within, p1, ci1),
        "ICC(A,1)": result(icc2, f3, df_err, p3, ci2),
        "ICC(C,1)": result(icc3, f3, df_err, p3, ci3),
        "ICC(1,k)": result(icc1k, f1, df_within, p1, ci1k),
        "ICC(A,k)": result(icc2k, f3, df_err, p3, ci2k),
        "ICC(C,k)": result(icc3k, f3, df_err, p3, ci3k),
    }


# ---------------------------------------------------------------------------
# rwg family


def rwg(values: Sequence[float | None], options: int) -> AgreementResult:
    """James, Demaree & Wolf's rwg for one item rated on a 1..``options`` scale.

    rwg = 1 - s^2 / sigma_EU^2 with s^2 the sample variance (n - 1) of the
    ratings, capped at sigma_EU^2 = (A^2 - 1) / 12, so rwg is in [0, 1] (as R's
    multilevel::rwg).  None values are ignored; at least 2 ratings are needed.
    """
    expected = _options(options)
    raw = _sequence(values, "values")
    cells = [_cell(v, f"value {i}") for i, v in enumerate(raw)]
    ratings = [v for v in cells if v is not None]
    if len(ratings) < 2:
        raise ValueError(f"rwg needs at least 2 non-missing ratings, got {len(ratings)}")
    observed = _variance(ratings)
    value = 1.0 - min(observed, expected) / expected
    return AgreementResult(
        value=value, n=len(ratings), j=1, observed_variance=observed, expected_variance=expected
    )


def item_variances(rows: Sequence[Sequence[float]]) -> list[float]:
    """The sample variance of each column of checked complete rows (at least 2 of them)."""
    columns = list(zip(*rows, strict=True))
    n = len(rows)
    if all(map(float.is_integer, itertools.chain.from_iterable(rows))):
        sums = list(map(sum, columns))
        squares = [sum(map(operator.mul, column, column)) for column in columns]
        if n * max(squares, default=0.0) < _EXACT:  # the exact path of _variance, in bulk
            scale = n * (n - 1)
            return [(n * q - t * t) / scale for t, q in zip(sums, squares, strict=True)]
    return [_variance(column) for column in columns]


def rwg_j_of_variances(variances: Sequence[float], n: int, options: int) -> AgreementResult:
    """rwg(J) from the item variances of ``n`` raters' complete rows (checked input: at least
    one variance, n >= 2, options >= 2): the fast path behind ``rwg_j``."""
    observed = mean(variances)
    expected = (options * options - 1.0) / 12.0
    return AgreementResult(
        value=_rwg_j(observed, expected, len(variances)),
        n=n,
        j=len(variances),
        observed_variance=observed,
        expected_variance=expected,
    )


def rwg_j_value(variances: Sequence[float], options: int) -> float:
    """rwg(J) alone, from the item variances of complete rows (checked input)."""
    return _rwg_j(math.fsum(variances) / len(variances), (options * options - 1.0) / 12.0,
                  len(variances))


def _rwg_j(observed: float, expected: float, j: int) -> float:
    ratio = min(observed, expected) / expected
    agreement = j * (1.0 - ratio)
    return agreement / (agreement + ratio)


def _complete_rows(
    rows: Sequence[Sequence[float | None]], options: int, name: str
) -> tuple[list[list[float]], float]:
    """The raters without a missing value, checked, and the uniform null's variance."""
    expected = _options(options)
    matrix = _matrix(rows, "rater", "item")
    j = len(matrix[0]) if matrix else 0
    if j < 1:
        raise ValueError(f"{name} needs at least 1 item (column), got {j}")
    data = _complete(matrix)
    if len(data) < 2:
        raise ValueError(
            f"{name} needs at least 2 raters (rows) without missing values, got {len(data)}"
        )
    return data, expected


def rwg_j(rows: Sequence[Sequence[float | None]], options: int) -> AgreementResult:
    """rwg(J) for one group's raters x items ``rows`` on a 1..``options`` scale.

    With s^2 the mean of the item variances, capped at sigma^2 = (A^2 - 1) / 12,
    and r = s^2 / sigma^2: rwg(J) = J(1 - r) / (J(1 - r) + r), in [0, 1], as R's
    multilevel::rwg.j.  Raters with a missing value are dropped (listwise, as R's
    na.exclude); at least 2 raters and 1 item are needed.
    """
    data, _ = _complete_rows(rows, options, "rwg_j")
    return rwg_j_of_variances(item_variances(data), len(data), int(options))


def rwg_j_lindell(rows: Sequence[Sequence[float | None]], options: int) -> AgreementResult:
    """Lindell, Brandt & Whitney's r*wg(j) = 1 - s^2 / sigma^2 (uncapped, may be negative).

    s^2 is the mean of the item variances of the raters x items ``rows`` and
    sigma^2 = (A^2 - 1) / 12 for ``options`` = A.  Raters with a missing value are
    dropped (listwise, as R's multilevel::rwg.j.lindell).
    """
    data, expected = _complete_rows(rows, options, "rwg_j_lindell")
    observed = mean(item_variances(data))
    return AgreementResult(
        value=1.0 - observed / expected,
        n=len(data),
        j=len(data[0]),
        observed_variance=observed,
        expected_variance=expected,
    )


# ---------------------------------------------------------------------------
# programme psychometrics: items across people, raters nested in ratees, change


@attrs.frozen
class ItemStatistics:
    """One item across people: its mean and SD, its corrected item-total correlation (with
    the total of the other items, psych's r.drop) and the alpha of the other items (psych's
    alpha.drop); either is None where undefined (a constant item or rest, or one item left)."""

    mean: float
    sd: float
    r_drop: float | None
    alpha_if_deleted: float | None


@attrs.frozen
class ItemAnalysis:
    """Cronbach's alpha of people x items rows (psych's raw_alpha), with each item's figures;
    ``n`` people (after listwise deletion) and ``k`` items."""

    alpha: float
    n: int
    k: int
    items: tuple[ItemStatistics, ...]


def item_analysis(
    rows: Sequence[Sequence[float | None]],
    missing: Literal["listwise", "pairwise"] = "listwise",
) -> ItemAnalysis:
    """Item analysis of people x items ``rows``, as R's psych::alpha reports it.

    From the item covariance matrix C: alpha = k/(k-1) (1 - trace(C) / sum(C)); per item i
    the mean and SD, r_drop = cov(i, rest) / sqrt(var(i) var(rest)) with rest the total of
    the other items, and alpha_if_deleted, the alpha of the other k - 1 items. ``"listwise"``
    drops every row with a None first; ``"pairwise"`` builds C from pairwise-complete rows
    and each item's mean and SD from its own values. Values are centred on their column means
    before anything is summed. ValueError for fewer than 2 items or 2 (complete) rows, bad
    values, ragged rows, or a total score without positive variance.
    """
    if missing not in ("pairwise", "listwise"):
        raise ValueError(f'missing must be "pairwise" or "listwise", got {missing!r}')
    matrix = _matrix(rows, "person", "item")
    k = len(matrix[0]) if matrix else 0
    if k < 2:
        raise ValueError(f"item analysis needs at least 2 items (columns), got {k}")
    data: Sequence[Sequence[float | None]] = matrix
    if missing == "listwise":
        data = _complete(matrix)
        if len(data) < 2:
            raise ValueError(
                f"item analysis needs at least 2 people without missing values, got {len(data)}"
            )
    elif len(data) < 2:
        raise ValueError(f"item analysis needs at least 2 people (rows), got {len(data)}")
    means: list[float] = []
    for column in zip(*data, strict=True):
        present = [v for v in column if v is not None]
        if not present:
            raise ValueError("every item needs at least one value")
        means.append(mean(present))
    work = centred(data)
    cov = [[0.0] * k for _ in range(k)]
    for i in range(k):
        for j in range(i, k):
            xs, ys = _pair(work, i, j)
            cov[i][j] = cov[j][i] = _variance(xs) if i == j else _covariance(xs, ys)
    trace = math.fsum(cov[i][i] for i in range(k))
    total = math.fsum(v for row in cov for v in row)
    scale = math.fsum(math.sqrt(cov[i][i]) for i in range(k)) ** 2
    if not total > 64.0 * _EPS * scale:
        raise ValueError(
            "the total score has no positive variance, so alpha is undefined; check for "
            "constant or perfectly offsetting items"
        )
    alpha = (k / (k - 1)) * (1.0 - trace / total)
    items: list[ItemStatistics] = []
    for i in range(k):
        own = cov[i][i]
        with_rest = math.fsum(cov[i][j] for j in range(k) if j != i)
        rest = math.fsum(cov[a][b] for a in range(k) for b in range(k) if a != i and b != i)
        rest_scale = math.fsum(math.sqrt(cov[j][j]) for j in range(k) if j != i) ** 2
        rest_ok = rest > 64.0 * _EPS * rest_scale
        r_drop = (
            max(-1.0, min(1.0, with_rest / math.sqrt(own * rest)))
            if own > 0.0 and rest_ok
            else None
        )
        dropped = (
            ((k - 1) / (k - 2)) * (1.0 - (trace - own) / rest) if k > 2 and rest_ok else None
        )
        items.append(
            ItemStatistics(
                mean=means[i], sd=math.sqrt(own), r_drop=r_drop, alpha_if_deleted=dropped
            )
        )
    return ItemAnalysis(alpha=alpha, n=len(data), k=k, items=tuple(items))


@attrs.frozen
class OnewayIcc:
    """ICC(1) and ICC(2) of raters nested in ratees (Bliese 2000), with the one-way ANOVA's
    F test: F = MSB / MSW on (df1, df2) degrees of freedom, p its upper tail. ``k`` is the
    mean group size N / G."""

    icc1: float
    icc2: float
    f: float
    df1: int
    df2: int
    p: float
    groups: int
    n: int
    k: float


def icc_oneway(groups: Sequence[Sequence[float]]) -> OnewayIcc:
    """ICC(1) and ICC(2) of ratings nested in groups of unequal sizes (raters within ratees).

    From the one-way ANOVA: ICC(1) = (MSB - MSW) / (MSB + (k - 1) MSW) with k = N / G, the
    mean group size, and ICC(2) = (MSB - MSW) / MSB, as R's multilevel::ICC1 and ICC2.
    Every group needs at least 2 values (so k >= 2 and ICC(1) lies in [-1, 1]); at least 2
    groups. Where MSW is 0 (raters agree exactly within every ratee) both are 1 (F inf, p 0);
    ValueError where MSB and MSW are both 0 (nothing varies) or the input is bad.
    """
    raw = _sequence(groups, "groups")
    data: list[list[float]] = []
    for g, group in enumerate(raw):
        cells = _sequence(group, f"group {g}")
        values: list[float] = []
        for i, v in enumerate(cells):
            value = _cell(v, f"group {g}, value {i}")
            if value is None:
                raise ValueError(f"group {g}, value {i} is None; leave missing ratings out")
            values.append(value)
        if len(values) < 2:
            raise ValueError(
                f"group {g} has {len(values)} value(s); every group needs at least 2 raters"
            )
        data.append(values)
    if len(data) < 2:
        raise ValueError(f"icc_oneway needs at least 2 groups, got {len(data)}")
    shift = mean([v for values in data for v in values])
    data = [[v - shift for v in values] for values in data]
    n = sum(map(len, data))
    grand = mean([v for values in data for v in values])
    group_means = [mean(values) for values in data]
    ss_between = math.fsum(
        len(values) * (m - grand) ** 2 for values, m in zip(data, group_means, strict=True)
    )
    ss_within = math.fsum(
        (v - m) ** 2 for values, m in zip(data, group_means, strict=True) for v in values
    )
    biggest = max(abs(v) for values in data for v in values)
    return _oneway(ss_between, ss_within, n, len(data), biggest)


def icc_oneway_from_summaries(groups: Sequence[tuple[int, float, float]]) -> OnewayIcc:
    """``icc_oneway`` from each group's (size, mean, sample SD) alone, as a score sheet gives
    them: SSB = sum(n_g (m_g - M)^2), SSW = sum((n_g - 1) s_g^2). Same conditions."""
    data: list[tuple[int, float, float]] = []
    for g, group in enumerate(_sequence(groups, "groups")):
        parts = _sequence(group, f"group {g}")
        if len(parts) != 3:
            raise ValueError(f"group {g} must be (size, mean, SD), got {group!r}")
        n = _count(parts[0], f"group {g}")
        m = _cell(parts[1], f"group {g} mean")
        s = _cell(parts[2], f"group {g} SD")
        if n < 2 or m is None or s is None or s < 0.0:
            raise ValueError(
                f"group {g} needs at least 2 raters, a mean and an SD >= 0, got {group!r}"
            )
        data.append((n, m, s))
    if len(data) < 2:
        raise ValueError(f"icc_oneway needs at least 2 groups, got {len(data)}")
    total = sum(n for n, _, _ in data)
    grand = math.fsum(n * m for n, m, _ in data) / total
    ss_between = math.fsum(n * (m - grand) ** 2 for n, m, _ in data)
    ss_within = math.fsum((n - 1) * s * s for n, _, s in data)
    biggest = max(abs(m) + 3.0 * s for _, m, s in data)
    return _oneway(ss_between, ss_within, total, len(data), biggest)


def _count(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{what} size must be a whole number, got {value!r}")
    return int(value)


def _oneway(
    ss_between: float, ss_within: float, n: int, g_count: int, biggest: float
) -> OnewayIcc:
    noise = n * (16.0 * _EPS * biggest) ** 2
    ss_between = 0.0 if ss_between <= noise else ss_between
    ss_within = 0.0 if ss_within <= noise else ss_within
    if ss_between == 0.0 and ss_within == 0.0:
        raise ValueError("every rating is the same, so the ICCs are undefined")
    df1, df2 = g_count - 1, n - g_count
    msb, msw = ss_between / df1, ss_within / df2
    k = n / g_count
    if msw == 0.0:
        icc1 = icc2 = 1.0
        f, p = math.inf, 0.0
    else:
        icc1 = (msb - msw) / (msb + (k - 1.0) * msw)
        icc2 = (msb - msw) / msb if msb > 0.0 else -math.inf
        f = msb / msw
        p = f_sf(f, df1, df2)
    return OnewayIcc(
        icc1=max(-1.0, min(1.0, icc1)), icc2=icc2, f=f, df1=df1, df2=df2, p=p,
        groups=g_count, n=n, k=k,
    )


def _reliability_value(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{what} must be a number, got {value!r}")
    out = float(value)
    if not math.isfinite(out):
        raise ValueError(f"{what} must be finite, got {out!r}")
    return out


def spearman_brown(reliability: float, factor: float) -> float:
    """The reliability of ``factor`` times as many raters (or items): f r / (1 + (f - 1) r).

    ``reliability`` in [-1, 1], ``factor`` > 0; ValueError otherwise, or where the
    denominator is 0.
    """
    r = _reliability_value(reliability, "reliability")
    f = _reliability_value(factor, "factor")
    if not -1.0 <= r <= 1.0:
        raise ValueError(f"reliability must lie in [-1, 1], got {r!r}")
    if f <= 0.0:
        raise ValueError(f"factor must be above 0, got {f!r}")
    denominator = 1.0 + (f - 1.0) * r
    if denominator == 0.0:
        raise ValueError("1 + (factor - 1) reliability is 0: the result is undefined")
    return f * r / denominator


def raters_needed(reliability_of_one: float, target: float) -> int:
    """The least number of raters k whose Spearman-Brown reliability reaches ``target``:
    ceil(t (1 - r) / (r (1 - t))), checked against ``spearman_brown`` itself so that
    ``spearman_brown(r, k) >= target > spearman_brown(r, k - 1)``.

    ``reliability_of_one`` in (0, 1] (with r <= 0 no number of raters reaches a positive
    target) and ``target`` in (0, 1); ValueError otherwise.
    """
    r = _reliability_value(reliability_of_one, "reliability_of_one")
    t = _reliability_value(target, "target")
    if not 0.0 < t < 1.0:
        raise ValueError(f"target must lie strictly between 0 and 1, got {t!r}")
    if not 0.0 < r <= 1.0:
        raise ValueError(
            f"reliability_of_one must lie in (0, 1], got {r!r}; with r <= 0 no number of "
            "raters reaches the target"
        )
    if r >= t:
        return 1
    k = max(1, math.ceil(t * (1.0 - r) / (r * (1.0 - t))))
    while k > 1 and spearman_brown(r, k - 1) >= t:
        k -= 1
    while spearman_brown(r, k) < t:
        k += 1
    return k


@attrs.frozen
class ReliableChange:
    """Jacobson & Truax's reliable change index: ``value`` = (after - before) / S_diff with
    S_diff = sqrt(2) SE and SE = SD sqrt(1 - reliability); ``reliable`` when |value| exceeds
    ``critical`` (1.96 for 95%)."""

    value: float
    reliable: bool
    s_diff: float
    critical: float


def reliable_change(
    before: float,
    after: float,
    *,
    sd: float,
    reliability: float,
    critical: float = 1.96,
) -> ReliableChange:
    """The Jacobson-Truax reliable change index of one person's change.

    ``sd`` is the SD of the measure (at baseline, in a reference group) and ``reliability``
    its reliability, in [0, 1); ValueError for bad values (sd <= 0, reliability 1: no error,
    no index). Antisymmetric: swapping before and after negates the value.
    """
    b = _reliability_value(before, "before")
    a = _reliability_value(after, "after")
    s = _reliability_value(sd, "sd")
    r = _reliability_value(reliability, "reliability")
    c = _reliability_value(critical, "critical")
    if s <= 0.0:
        raise ValueError(f"sd must be above 0, got {s!r}")
    if not 0.0 <= r < 1.0:
        raise ValueError(f"reliability must lie in [0, 1), got {r!r}")
    if c <= 0.0:
        raise ValueError(f"critical must be above 0, got {c!r}")
    s_diff = math.sqrt(2.0) * s * math.sqrt(1.0 - r)
    value = (a - b) / s_diff
    return ReliableChange(value=value, reliable=abs(value) > c, s_diff=s_diff, critical=c)
