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

import math
import numbers
from collections.abc import Iterable, Sequence
from typing import Literal

import attrs

from ._distributions import f_isf, f_sf

__all__ = [
    "AgreementResult",
    "AlphaResult",
    "IccResult",
    "OmegaResult",
    "cronbach_alpha",
    "icc",
    "omega_total",
    "rwg",
    "rwg_j",
    "rwg_j_lindell",
]

_EPS = 2.220446049250313e-16


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


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def _variance(values: Sequence[float]) -> float:
    """Sample variance (n - 1 denominator); needs at least two values."""
    m = _mean(values)
    return math.fsum((v - m) ** 2 for v in values) / (len(values) - 1)


def _div(num: float, den: float) -> float:
    """num / den with IEEE semantics for a zero denominator instead of an exception."""
    if den == 0.0:
        if num == 0.0 or math.isnan(num):
            return math.nan
        return math.copysign(math.inf, num) * math.copysign(1.0, den)
    return num / den


def _snap(value: float, size: float) -> float:
    """value, or 0.0 when it is rounding noise relative to size (the sum of its terms' sizes)."""
    return 0.0 if abs(value) <= 16.0 * _EPS * size else value


# ---------------------------------------------------------------------------
# Cronbach's alpha and omega


def _covariance(xs: Sequence[float], ys: Sequence[float]) -> float:
    mx = _mean(xs)
    my = _mean(ys)
    return math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / (len(xs) - 1)


def _pairwise_cov(matrix: Sequence[Sequence[float | None]], k: int) -> list[list[float]]:
    """Covariance matrix from pairwise-complete observations (as pandas DataFrame.cov)."""
    cov = [[0.0] * k for _ in range(k)]
    for i in range(k):
        for j in range(i, k):
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
            cov[i][j] = cov[j][i] = _covariance(xs, ys)
    return cov


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
    n = len(data)
    cov = _pairwise_cov(data, k)
    trace = math.fsum(cov[i][i] for i in range(k))
    total = math.fsum(v for row in cov for v in row)
    scale = math.fsum(abs(v) for row in cov for v in row)
    if not total > 64.0 * _EPS * scale:
        raise ValueError(
            "the total score has no positive variance (sum of the item covariance matrix is "
            f"{total!r}), so alpha is undefined; check for constant or perfectly offsetting items"
        )
    alpha = (k / (k - 1)) * (1.0 - trace / total)
    tail = 1.0 - level
    df1 = n - 1
    df2 = df1 * (k - 1)
    lower = 1.0 - (1.0 - alpha) * f_isf(tail / 2.0, df1, df2)
    upper = 1.0 - (1.0 - alpha) * f_isf(1.0 - tail / 2.0, df1, df2)
    return AlphaResult(value=alpha, ci=(lower, upper), n=n, k=k)


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
    ragged rows, or when MSR or MSE is zero (up to rounding): with identical
    target means the k-rater ICCs are undefined, and with perfectly additive
    ratings the F tests and intervals are.  As in pingouin, ICC(A,k) is inf or
    NaN when MSR + (MSC - MSE) / n is zero and can exceed 1 when it is negative
    (raters disagree far more than targets differ), and an ICC(A) interval whose
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

    grand = _mean([v for row in data for v in row])
    row_means = [_mean(row) for row in data]
    col_means = [_mean([row[j] for row in data]) for j in range(k)]
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
    if ss_err <= noise:
        raise ValueError(
            "the ratings are perfectly additive (residual mean square is 0), so the ICC "
            "F tests and intervals are undefined"
        )

    df_rows = n - 1
    df_cols = k - 1
    df_err = df_rows * df_cols
    df_within = n * (k - 1)
    msr = ss_rows / df_rows
    msc = ss_cols / df_cols
    mse = ss_err / df_err
    msw = (ss_cols + ss_err) / df_within

    icc1 = (msr - msw) / (msr + (k - 1) * msw)
    icc2 = (msr - mse) / (msr + (k - 1) * mse + k * (msc - mse) / n)
    icc3 = (msr - mse) / (msr + (k - 1) * mse)
    icc1k = (msr - msw) / msr
    # The only denominator that can vanish or go negative (then ICC(A,k) is +-inf or
    # outside [-1, 1], as in pingouin); rounding noise around zero counts as zero.
    icc2k = _div(msr - mse, _snap(msr + (msc - mse) / n, msr + (msc + mse) / n))
    icc3k = (msr - mse) / msr

    f1 = msr / msw
    p1 = f_sf(f1, df_rows, df_within)
    f3 = msr / mse
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
    # Case 2 (McGraw & Wong), Satterthwaite degrees of freedom v.
    fj = msc / mse
    a = n * (1.0 + (k - 1) * icc2) - k * icc2
    vn = df_err * (k * icc2 * fj + a) * (k * icc2 * fj + a)
    vd = df_rows * (k * k) * (icc2 * icc2) * (fj * fj) + a * a
    v = _div(vn, vd)
    if 0.0 < v < math.inf:
        f2u = f_isf(half, df_rows, v)
        f2l = f_isf(half, v, df_rows)
        base = k * msc + (k * n - k - n) * mse
        l2 = _div(n * (msr - f2u * mse), f2u * base + n * msr)
        u2 = _div(n * (f2l * msr - mse), base + n * f2l * msr)
    else:
        l2 = u2 = math.nan
    ci2 = (l2, u2)
    ci2k = (
        _div(l2 * k, _snap(1.0 + l2 * (k - 1), 1.0 + abs(l2) * (k - 1))),
        _div(u2 * k, _snap(1.0 + u2 * (k - 1), 1.0 + abs(u2) * (k - 1))),
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


def _mean_item_variance(
    rows: Sequence[Sequence[float | None]], options: int, name: str
) -> tuple[float, float, int, int]:
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
    observed = _mean([_variance([row[c] for row in data]) for c in range(j)])
    return observed, expected, len(data), j


def rwg_j(rows: Sequence[Sequence[float | None]], options: int) -> AgreementResult:
    """rwg(J) for one group's raters x items ``rows`` on a 1..``options`` scale.

    With s^2 the mean of the item variances, capped at sigma^2 = (A^2 - 1) / 12,
    and r = s^2 / sigma^2: rwg(J) = J(1 - r) / (J(1 - r) + r), in [0, 1], as R's
    multilevel::rwg.j.  Raters with a missing value are dropped (listwise, as R's
    na.exclude); at least 2 raters and 1 item are needed.
    """
    observed, expected, n, j = _mean_item_variance(rows, options, "rwg_j")
    ratio = min(observed, expected) / expected
    agreement = j * (1.0 - ratio)
    return AgreementResult(
        value=agreement / (agreement + ratio),
        n=n,
        j=j,
        observed_variance=observed,
        expected_variance=expected,
    )


def rwg_j_lindell(rows: Sequence[Sequence[float | None]], options: int) -> AgreementResult:
    """Lindell, Brandt & Whitney's r*wg(j) = 1 - s^2 / sigma^2 (uncapped, may be negative).

    s^2 is the mean of the item variances of the raters x items ``rows`` and
    sigma^2 = (A^2 - 1) / 12 for ``options`` = A.  Raters with a missing value are
    dropped (listwise, as R's multilevel::rwg.j.lindell).
    """
    observed, expected, n, j = _mean_item_variance(rows, options, "rwg_j_lindell")
    return AgreementResult(
        value=1.0 - observed / expected,
        n=n,
        j=j,
        observed_variance=observed,
        expected_variance=expected,
    )
