"""Tests of leadcomp.stats: reference values, properties and bad input."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence

import attrs
import pytest
from hypothesis import assume, given, settings, strategies as st

from leadcomp.stats import (
    AgreementResult,
    AlphaResult,
    IccResult,
    OmegaResult,
    cronbach_alpha,
    icc,
    omega_total,
    rwg,
    rwg_j,
    rwg_j_lindell,
)
from profiles import scaled

# ---------------------------------------------------------------------------
# Reference data: the values of pingouin 0.7.0's example datasets, read from the CSV files
# bundled with pingouin and pivoted to wide format; expected figures computed with pingouin
# 0.7.0 (cronbach_alpha, intraclass_corr) with rounding switched off.

# dataset "cronbach_alpha": 15 subjects x 10 items (Q1..Q10), long format pivoted on Subj.
CRONBACH_ALPHA = [
    [3, 2, 2, 4, 1, 4, 5, 1, 4, 3],
    [5, 5, 4, 6, 3, 5, 1, 2, 5, 5],
    [7, 5, 3, 5, 5, 6, 4, 3, 3, 6],
    [2, 3, 4, 3, 3, 2, 2, 2, 6, 6],
    [6, 5, 5, 6, 5, 4, 4, 4, 6, 7],
    [1, 2, 2, 3, 4, 2, 5, 2, 3, 5],
    [4, 3, 3, 5, 3, 5, 2, 1, 2, 4],
    [2, 5, 4, 4, 3, 7, 2, 2, 4, 6],
    [6, 2, 5, 5, 5, 1, 6, 5, 2, 3],
    [5, 2, 4, 6, 4, 3, 5, 3, 1, 7],
    [4, 1, 3, 5, 2, 5, 3, 2, 3, 4],
    [4, 4, 2, 3, 2, 5, 3, 4, 2, 3],
    [5, 5, 5, 6, 2, 3, 3, 2, 4, 4],
    [6, 5, 5, 5, 4, 2, 2, 1, 4, 6],
    [4, 4, 3, 5, 5, 3, 1, 3, 2, 3],
]
NA = None  # a missing value
# dataset "cronbach_wide_missing": 12 subjects x 11 binary items (Q1..Q11), NaN -> None.
CRONBACH_WIDE_MISSING: list[list[float | None]] = [
    [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    [1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0],
    [NA, 0, 1, 1, NA, 1, 1, 1, 1, 0, 0],
    [1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 0],
    [1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0],
    [0, 1, NA, 0, 1, 1, 1, 1, 0, 0, 0],
    [1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
    [1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0],
    [0, 1, 0, 1, 1, 0, 0, 0, 0, 1, 0],
    [1, 0, 0, 1, 0, 1, 0, 0, NA, 0, 0],
    [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0],
    [1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
]
# dataset "icc": 8 wines (targets) x 4 judges (raters A..D).
ICC_WINES = [
    [1, 2, 0, 1],
    [1, 3, 3, 2],
    [3, 8, 1, 4],
    [6, 4, 3, 3],
    [6, 5, 5, 6],
    [7, 5, 6, 2],
    [8, 7, 7, 9],
    [9, 9, 9, 8],
]
# pingouin.intraclass_corr(data=icc, targets="Wine", raters="Judge", ratings="Scores"),
# with options["round"] and options["round.column.CI95"] set to None:
# Type: (ICC, F, df1, df2, pval, CI95 low, CI95 high)
ICC_PINGOUIN = {
    "ICC(1,1)": (0.727520915896081, 11.680025856496444, 7, 24, 2.1813509548618443e-06,
                 0.43377283327098887, 0.9266960292566442),
    "ICC(A,1)": (0.7276887871853546, 11.7866927592955, 7, 21, 5.0257154640603615e-06,
                 0.4344896578911301, 0.9267086063159158),
    "ICC(C,1)": (0.7294865007940708, 11.7866927592955, 7, 21, 5.0257154640603615e-06,
                 0.42614603012923313, 0.9278952614727314),
    "ICC(1,k)": (0.9143837511760474, 11.680025856496444, 7, 24, 2.1813509548618443e-06,
                 0.7539553231006357, 0.9806078670546005),
    "ICC(A,k)": (0.9144500359453631, 11.7866927592955, 7, 21, 5.0257154640603615e-06,
                 0.7544962191493993, 0.9806113877700278),
    "ICC(C,k)": (0.9151585588577121, 11.7866927592955, 7, 21, 5.0257154640603615e-06,
                 0.7481371241589805, 0.9809432541084128),
}  # fmt: skip

ICC_KEYS = ["ICC(1,1)", "ICC(A,1)", "ICC(C,1)", "ICC(1,k)", "ICC(A,k)", "ICC(C,k)"]

FIGURE = 1e-6  # required agreement on a figure
INTERVAL = 1e-3  # required agreement on an interval bound


# ---------------------------------------------------------------------------
# Cronbach's alpha


def test_alpha_matches_pingouin_example() -> None:
    result = cronbach_alpha(CRONBACH_ALPHA)
    assert isinstance(result, AlphaResult)
    assert result.value == pytest.approx(0.5917188485995826, abs=FIGURE)
    assert (result.n, result.k) == (15, 10)
    # pingouin prints the interval rounded: [0.195, 0.84]; unrounded 0.194921..., 0.839820...
    assert result.ci == pytest.approx((0.195, 0.840), abs=INTERVAL)
    assert result.ci == pytest.approx((0.19492139066312175, 0.8398208146275432), abs=1e-9)


def test_alpha_pairwise_matches_pingouin_with_missing_values() -> None:
    result = cronbach_alpha(CRONBACH_WIDE_MISSING)
    assert result.value == pytest.approx(0.732660835214447, abs=FIGURE)
    # pingouin uses n = all 12 rows for the interval: [0.435, 0.909].
    assert result.n == 12
    assert result.k == 11
    assert result.ci == pytest.approx((0.435, 0.909), abs=INTERVAL)
    assert result.ci == pytest.approx((0.4353104485448258, 0.9093629101644293), abs=1e-9)


def test_alpha_listwise_matches_pingouin_figure() -> None:
    result = cronbach_alpha(CRONBACH_WIDE_MISSING, missing="listwise")
    assert result.value == pytest.approx(0.8016949152542373, abs=FIGURE)
    # The 9 complete subjects are the sample here.  (pingouin keeps n = 12 for its
    # listwise interval, [0.581, 0.933]; Feldt's interval for n = 9 is below.)
    assert result.n == 9
    assert result.ci == pytest.approx((0.5330031999132735, 0.9472079673390164), abs=1e-9)


def test_alpha_ci_level_is_used() -> None:
    wide = cronbach_alpha(CRONBACH_ALPHA, ci=0.99)
    narrow = cronbach_alpha(CRONBACH_ALPHA, ci=0.5)
    assert wide.value == narrow.value
    assert wide.ci[0] < narrow.ci[0] < narrow.value < narrow.ci[1] < wide.ci[1]


def test_alpha_equals_icc_consistency_k() -> None:
    # For complete data, alpha is ICC(C,k) (Cronbach's alpha = ICC3k).
    assert cronbach_alpha(ICC_WINES).value == pytest.approx(icc(ICC_WINES)["ICC(C,k)"].value)


def test_alpha_of_two_parallel_items_is_one() -> None:
    assert cronbach_alpha([[1, 1], [2, 2], [4, 4]]).value == pytest.approx(1.0)


# ---------------------------------------------------------------------------
# omega


def test_omega_total_hand_computed() -> None:
    # (0.7 + 0.6 + 0.8 + 0.5)^2 = 6.76; 6.76 / (6.76 + 0.51 + 0.64 + 0.36 + 0.75) = 6.76 / 9.02
    result = omega_total([0.7, 0.6, 0.8, 0.5], [0.51, 0.64, 0.36, 0.75])
    assert isinstance(result, OmegaResult)
    assert result.value == pytest.approx(6.76 / 9.02, rel=1e-12)
    assert result.value == pytest.approx(0.7494456762749446, rel=1e-12)


def test_omega_uses_the_sum_of_signed_loadings() -> None:
    assert omega_total([0.5, -0.5], [0.3, 0.3]).value == 0.0
    assert omega_total([1.0], [0.0]).value == 1.0


# ---------------------------------------------------------------------------
# ICC


def test_icc_matches_pingouin_table() -> None:
    table = icc(ICC_WINES)
    assert list(table) == ICC_KEYS
    for key, (value, f, df1, df2, p, low, high) in ICC_PINGOUIN.items():
        row = table[key]
        assert isinstance(row, IccResult)
        assert row.value == pytest.approx(value, abs=FIGURE), key
        assert row.value == pytest.approx(value, rel=1e-12), key
        assert row.f == pytest.approx(f, rel=1e-12), key
        assert (row.df1, row.df2) == (df1, df2), key
        assert row.p == pytest.approx(p, rel=1e-9), key
        assert row.ci == pytest.approx((low, high), abs=INTERVAL), key
        assert row.ci == pytest.approx((low, high), abs=1e-9), key


def test_icc_a_k_denominator_can_vanish_or_go_negative() -> None:
    # ICC(A,k) = (MSR - MSE) / (MSR + (MSC - MSE) / n).  For [[2, 4], [7, 3]]: MSR = 4,
    # MSC = 1, MSE = 9, so the denominator is 0: the value is -inf, not an exception.
    table = icc([[2, 4], [7, 3]])
    assert table["ICC(A,k)"].value == -math.inf
    assert table["ICC(C,k)"].value == pytest.approx(1 - 9 / 4)
    # A negative denominator puts it above 1; pingouin 0.7.0 gives 14.142857142857164 too.
    above = icc([[5, 4, 6], [5, 1, 5], [1, 7, 4]])["ICC(A,k)"].value
    assert above == pytest.approx(14.142857142857164, rel=1e-12)


def test_icc_published_values() -> None:
    expected = [0.727521, 0.727689, 0.729487, 0.914384, 0.914450, 0.915159]
    table = icc(ICC_WINES)
    assert [table[k].value for k in ICC_KEYS] == pytest.approx(expected, abs=FIGURE)


def test_icc_drops_rows_with_missing_values() -> None:
    with_gaps: list[list[float | None]] = [list(map(float, row)) for row in ICC_WINES]
    with_gaps.insert(3, [None, 4.0, 5.0, 6.0])
    with_gaps.append([2.0, None, None, 1.0])
    assert icc(with_gaps) == icc(ICC_WINES)


def test_icc_ci_level_is_used() -> None:
    wide = icc(ICC_WINES, ci=0.99)
    base = icc(ICC_WINES)
    for key in ICC_KEYS:
        assert wide[key].value == base[key].value
        assert wide[key].ci[0] < base[key].ci[0] < base[key].value < base[key].ci[1]
        assert base[key].ci[1] < wide[key].ci[1]


# ---------------------------------------------------------------------------
# rwg family

GROUP = [[4, 5, 4], [4, 4, 4], [5, 5, 4], [3, 4, 3], [4, 4, 5]]


def test_rwg_example() -> None:
    result = rwg([4, 4, 5, 3, 4], 5)
    assert isinstance(result, AgreementResult)
    assert result.value == pytest.approx(0.75, abs=1e-12)
    assert (result.n, result.j) == (5, 1)
    assert result.observed_variance == pytest.approx(0.5)
    assert result.expected_variance == pytest.approx(2.0)


def test_rwg_ignores_missing_values() -> None:
    assert rwg([4, None, 4, 5, 3, None, 4], 5) == rwg([4, 4, 5, 3, 4], 5)


def test_rwg_is_zero_when_variance_exceeds_uniform() -> None:
    result = rwg([1, 5, 1, 5], 5)
    assert result.observed_variance > result.expected_variance
    assert result.value == 0.0


def test_rwg_j_example() -> None:
    result = rwg_j(GROUP, 5)
    assert result.value == pytest.approx(0.9155844, abs=FIGURE)
    assert result.value == pytest.approx(2.35 / (2.35 + 0.65 / 3), rel=1e-12)
    assert (result.n, result.j) == (5, 3)
    assert result.observed_variance == pytest.approx(1.3 / 3)


def test_rwg_j_lindell_example() -> None:
    result = rwg_j_lindell(GROUP, 5)
    assert result.value == pytest.approx(0.7833333, abs=FIGURE)
    assert result.value == pytest.approx(1 - (1.3 / 3) / 2, rel=1e-12)


def test_rwg_j_is_zero_and_lindell_negative_under_disagreement() -> None:
    split = [[1, 1], [5, 5], [1, 5], [5, 1]]  # item variances 16/3 > sigma^2 = 2
    assert rwg_j(split, 5).value == 0.0
    assert rwg_j_lindell(split, 5).value == pytest.approx(1 - (16 / 3) / 2)


def test_rwg_j_drops_raters_with_missing_values() -> None:
    gappy: list[list[float | None]] = [[float(v) for v in row] for row in GROUP]
    gappy.append([1.0, None, 5.0])
    assert rwg_j(gappy, 5) == rwg_j(GROUP, 5)
    assert rwg_j_lindell(gappy, 5) == rwg_j_lindell(GROUP, 5)


def test_results_are_frozen_slotted_attrs_classes() -> None:
    for result in (
        rwg([1, 2], 5),
        cronbach_alpha(CRONBACH_ALPHA),
        omega_total([1.0], [1.0]),
        icc(ICC_WINES)["ICC(1,1)"],
    ):
        assert attrs.has(type(result))
        assert not hasattr(result, "__dict__")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            result.value = 0.0  # type: ignore[misc]


# ---------------------------------------------------------------------------
# properties

scores = st.integers(min_value=1, max_value=7)


@st.composite
def matrices(draw: st.DrawFn, min_rows: int = 2, min_cols: int = 2) -> list[list[int]]:
    n = draw(st.integers(min_value=min_rows, max_value=9))
    k = draw(st.integers(min_value=min_cols, max_value=6))
    return draw(st.lists(st.lists(scores, min_size=k, max_size=k), min_size=n, max_size=n))


def _alpha_or_none(rows: Sequence[Sequence[float | None]]) -> AlphaResult | None:
    try:
        return cronbach_alpha(rows)
    except ValueError as error:
        message = str(error)
    assert "no positive variance" in message  # the only way random data can fail
    return None


@settings(scaled(2))
@given(rows=matrices())
def test_alpha_is_at_most_one(rows: list[list[int]]) -> None:
    result = _alpha_or_none(rows)
    assume(result is not None)
    assert result is not None
    assert result.value <= 1.0 + 1e-12
    assert result.ci[0] <= result.value <= result.ci[1]
    assert result.ci[1] <= 1.0 + 1e-12


@settings(scaled(2))
@given(rows=matrices(), data=st.data())
def test_alpha_is_invariant_to_permuting_items_and_subjects(
    rows: list[list[int]], data: st.DataObject
) -> None:
    result = _alpha_or_none(rows)
    assume(result is not None)
    assert result is not None
    k = len(rows[0])
    order = data.draw(st.permutations(range(k)))
    shuffled = data.draw(st.permutations([[row[j] for j in order] for row in rows]))
    again = cronbach_alpha(shuffled)
    assert again.value == pytest.approx(result.value, rel=1e-9, abs=1e-12)
    assert again.ci == pytest.approx(result.ci, rel=1e-9, abs=1e-12)


@settings(scaled(1))
@given(rows=matrices())
def test_alpha_pairwise_equals_listwise_without_missing_values(rows: list[list[int]]) -> None:
    result = _alpha_or_none(rows)
    assume(result is not None)
    assert cronbach_alpha(rows, missing="listwise") == result


def _icc_or_none(rows: Sequence[Sequence[float | None]]) -> dict[str, IccResult] | None:
    try:
        return icc(rows)
    except ValueError as error:
        message = str(error)
    assert "mean square is 0" in message  # the only way random data can fail
    return None


def _assert_same_table(a: dict[str, IccResult], b: dict[str, IccResult]) -> None:
    assert list(a) == list(b) == ICC_KEYS
    for key in ICC_KEYS:
        x, y = a[key], b[key]
        assert (x.df1, x.df2) == (y.df1, y.df2)
        assert x.value == pytest.approx(y.value, rel=1e-9, abs=1e-12)
        assert x.f == pytest.approx(y.f, rel=1e-9)
        assert x.p == pytest.approx(y.p, rel=1e-7, abs=1e-300)
        if all(abs(bound) < 1e3 for bound in (*x.ci, *y.ci) if bound == bound):
            # far outside [-1, 1] an interval bound is all cancellation and carries no meaning
            assert x.ci == pytest.approx(y.ci, rel=1e-7, abs=1e-9, nan_ok=True)


@settings(scaled(1.5))
@given(rows=matrices(), data=st.data())
def test_icc_is_invariant_to_permuting_targets(rows: list[list[int]], data: st.DataObject) -> None:
    table = _icc_or_none(rows)
    assume(table is not None)
    assert table is not None
    _assert_same_table(icc(data.draw(st.permutations(rows))), table)


@settings(scaled(1))
@given(
    rows=matrices(),
    shift=st.integers(min_value=-50, max_value=50),
    scale=st.sampled_from([0.5, 2.0, 10.0]),
)
def test_icc_is_invariant_to_affine_rescaling(
    rows: list[list[int]], shift: int, scale: float
) -> None:
    table = _icc_or_none(rows)
    assume(table is not None)
    assert table is not None
    _assert_same_table(icc([[scale * v + shift for v in row] for row in rows]), table)


@settings(scaled(1.5))
@given(rows=matrices())
def test_icc_bounds(rows: list[list[int]]) -> None:
    table = _icc_or_none(rows)
    assume(table is not None)
    assert table is not None
    k = len(rows[0])
    for key in ICC_KEYS:
        row = table[key]
        assert 0.0 <= row.p <= 1.0
        assert row.f > 0.0
        if key != "ICC(A,k)":  # its denominator MSR + (MSC - MSE)/n can be <= 0
            assert row.value <= 1.0 + 1e-12
    for key in ("ICC(1,1)", "ICC(C,1)"):
        assert table[key].value >= -1.0 / (k - 1) - 1e-12
        low, high = table[key].ci
        assert low <= table[key].value <= high


@settings(scaled(2))
@given(values=st.lists(st.one_of(st.none(), scores), min_size=2, max_size=20), a=st.integers(2, 9))
def test_rwg_is_between_zero_and_one(values: list[int | None], a: int) -> None:
    assume(sum(v is not None for v in values) >= 2)
    result = rwg(values, a)
    assert 0.0 <= result.value <= 1.0


@settings(scaled(2))
@given(rows=matrices(min_cols=1), a=st.integers(2, 9))
def test_rwg_j_bounds_and_relations(rows: list[list[int]], a: int) -> None:
    capped, lindell = rwg_j(rows, a), rwg_j_lindell(rows, a)
    assert 0.0 <= capped.value <= 1.0
    assert lindell.value <= 1.0
    # The Spearman-Brown step-up never lowers agreement.
    assert capped.value >= max(0.0, lindell.value) - 1e-12
    if len(rows[0]) == 1:
        assert capped.value == pytest.approx(rwg([row[0] for row in rows], a).value)


@settings(scaled(1))
@given(row=st.lists(scores, min_size=1, max_size=8), copies=st.integers(2, 10), a=st.integers(2, 9))
def test_rwg_j_of_identical_rows_is_one(row: list[int], copies: int, a: int) -> None:
    rows = [list(row) for _ in range(copies)]
    assert rwg_j(rows, a).value == 1.0
    assert rwg_j_lindell(rows, a).value == 1.0


cells = st.one_of(
    st.none(),
    st.integers(-3, 3),
    st.floats(allow_nan=True, allow_infinity=True, width=16),
)


@settings(scaled(3))
@given(
    rows=st.lists(st.lists(cells, min_size=0, max_size=4), min_size=0, max_size=5),
    a=st.integers(-1, 6),
)
def test_only_value_errors_escape(rows: list[list[float | None]], a: int) -> None:
    # Whatever the input, the functions return a result or raise ValueError: never
    # ZeroDivisionError, IndexError or OverflowError.
    calls: list[Callable[[], object]] = [
        lambda: cronbach_alpha(rows),
        lambda: cronbach_alpha(rows, missing="listwise"),
        lambda: icc(rows),
        lambda: rwg_j(rows, a),
        lambda: rwg_j_lindell(rows, a),
        lambda: rwg(rows[0] if rows else [], a),
    ]
    for call in calls:
        try:
            result: object = call()
        except ValueError as error:
            result = str(error)
        assert result  # a result, or a ValueError with a message


def test_random_data_smoke_against_formulas() -> None:
    # Independent check of alpha = k/(k-1) (1 - sum var_i / var(total)) on random data.
    rng = random.Random(7)
    for _ in range(20):
        n, k = rng.randint(3, 12), rng.randint(2, 6)
        rows = [[rng.gauss(0, 1) + 0.5 * i for _ in range(k)] for i in range(n)]

        def var(xs: list[float]) -> float:
            m = sum(xs) / len(xs)
            return sum((x - m) ** 2 for x in xs) / (len(xs) - 1)

        items = sum(var([row[j] for row in rows]) for j in range(k))
        total = var([sum(row) for row in rows])
        expected = k / (k - 1) * (1 - items / total)
        assert cronbach_alpha(rows).value == pytest.approx(expected, rel=1e-9, abs=1e-12)


# ---------------------------------------------------------------------------
# bad input


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([], "at least 2 items"),
        ([[1], [2], [3]], "at least 2 items"),
        ([[1, 2]], "at least 2 subjects"),
        ([[1, 2], [None, 3], [4, None]], "items 0 and 1"),
        ([[1, 2], [None, 3], [None, 4]], r"item 0 has only 1 value\(s\)"),
    ],
)
def test_alpha_too_few_rows_or_items(rows: list[list[float | None]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        cronbach_alpha(rows)


def test_alpha_listwise_needs_two_complete_rows() -> None:
    with pytest.raises(ValueError, match="2 subjects without missing values"):
        cronbach_alpha([[1, 2], [3, None], [None, 5]], missing="listwise")


@pytest.mark.parametrize(
    "rows",
    [
        [[1, 1], [1, 1], [1, 1]],  # nothing varies
        [[1, 3], [2, 2], [3, 1]],  # the items cancel: the total is constant
        [[0.1, 0.3], [0.2, 0.2], [0.3, 0.1]],  # the same, with rounding noise
    ],
)
def test_alpha_zero_total_variance(rows: list[list[float]]) -> None:
    with pytest.raises(ValueError, match="no positive variance"):
        cronbach_alpha(rows)


@pytest.mark.parametrize("ci", [0.0, 1.0, -0.5, 1.5, math.nan, True, "0.95"])
def test_ci_outside_unit_interval(ci: float) -> None:
    with pytest.raises(ValueError, match="ci must be"):
        cronbach_alpha(CRONBACH_ALPHA, ci=ci)
    with pytest.raises(ValueError, match="ci must be"):
        icc(ICC_WINES, ci=ci)


def test_alpha_bad_missing_policy() -> None:
    with pytest.raises(ValueError, match='"pairwise" or "listwise"'):
        cronbach_alpha(CRONBACH_ALPHA, missing="mean")  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_numbers(bad: float) -> None:
    rows = [[1.0, 2.0], [2.0, bad], [3.0, 5.0]]
    for call in (cronbach_alpha, icc):
        with pytest.raises(ValueError, match="finite number"):
            call(rows)
    for agreement in (rwg_j, rwg_j_lindell):
        with pytest.raises(ValueError, match="finite number"):
            agreement(rows, 5)
    with pytest.raises(ValueError, match="finite number"):
        rwg([1.0, bad, 2.0], 5)
    with pytest.raises(ValueError, match="finite number"):
        omega_total([0.5, bad], [0.1, 0.1])


@pytest.mark.parametrize("bad", ["3", b"3", [1], object()])
def test_non_numbers(bad: object) -> None:
    rows = [[1, 2], [2, bad], [3, 5]]
    with pytest.raises(ValueError, match="row 1, column 1"):
        cronbach_alpha(rows)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="row 1, column 1"):
        icc(rows)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="value 1"):
        rwg([1, bad, 2], 5)  # type: ignore[list-item]


@pytest.mark.parametrize("rows", ["abc", 5, [1, 2, 3], ["ab", "cd"]])
def test_rows_must_be_sequences_of_sequences(rows: object) -> None:
    for call in (cronbach_alpha, icc):
        with pytest.raises(ValueError, match=r"must be a sequence|expected a finite number"):
            call(rows)  # type: ignore[arg-type]


def test_ragged_rows() -> None:
    ragged = [[1, 2, 3], [2, 3], [4, 5, 6]]
    for call in (cronbach_alpha, icc):
        with pytest.raises(ValueError, match="ragged rows: row 1 has 2 values but row 0 has 3"):
            call(ragged)
    for agreement in (rwg_j, rwg_j_lindell):
        with pytest.raises(ValueError, match="ragged rows"):
            agreement(ragged, 5)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([[1, 2, 3]], "at least 2 targets"),
        ([[1, 2], [None, 3], [4, None]], "at least 2 targets"),
        ([[1], [2], [3]], "at least 2 raters"),
        ([], "at least 2 raters"),
    ],
)
def test_icc_too_few_rows_or_raters(rows: list[list[float | None]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        icc(rows)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([[1, 2], [2, 1], [3, 0]], "same mean rating"),  # every target's mean is 1.5
        ([[5, 5], [5, 5]], "same mean rating"),
    ],
)
def test_icc_degenerate_mean_squares(rows: list[list[float]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        icc(rows)


@pytest.mark.parametrize("options", [1, 0, -3, 2.5, 5.0, True, "5", None])
def test_bad_options(options: object) -> None:
    with pytest.raises(ValueError, match="options must be an integer >= 2"):
        rwg([1, 2, 3], options)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="options must be an integer >= 2"):
        rwg_j(GROUP, options)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="options must be an integer >= 2"):
        rwg_j_lindell(GROUP, options)  # type: ignore[arg-type]


@pytest.mark.parametrize("values", [[], [3], [None, 4, None]])
def test_rwg_needs_two_ratings(values: list[float | None]) -> None:
    with pytest.raises(ValueError, match="at least 2 non-missing ratings"):
        rwg(values, 5)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([[1, 2, 3]], "at least 2 raters"),
        ([[1, 2], [3, None]], "at least 2 raters"),
        ([[], []], "at least 1 item"),
        ([], "at least 1 item"),
    ],
)
def test_rwg_j_too_few_raters_or_items(rows: list[list[float | None]], message: str) -> None:
    for agreement in (rwg_j, rwg_j_lindell):
        with pytest.raises(ValueError, match=message):
            agreement(rows, 5)


@pytest.mark.parametrize(
    ("loadings", "uniquenesses", "message"),
    [
        ([], [], "at least 1 item"),
        ([0.5, 0.6], [0.3], "give one uniqueness per loading"),
        ([0.5, 0.6], [0.3, -0.1], "must be >= 0"),
        ([0.5, None], [0.3, 0.2], "missing loading"),
        ([0.5, -0.5], [0.0, 0.0], "omega is undefined"),
        ("ab", [0.1, 0.2], "must be a sequence"),
    ],
)
def test_omega_bad_input(loadings: object, uniquenesses: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        omega_total(loadings, uniquenesses)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# the fast paths agree with the definition


def _pairwise_alpha(rows: Sequence[Sequence[float | None]]) -> float | None:
    """Alpha from the pairwise covariance matrix, written out as its definition (None where
    the total variance is zero up to rounding)."""
    k = len(rows[0])
    cov = [[0.0] * k for _ in range(k)]
    for i in range(k):
        for j in range(k):
            pairs = [(r[i], r[j]) for r in rows if r[i] is not None and r[j] is not None]
            mx = math.fsum(x for x, _ in pairs) / len(pairs)
            my = math.fsum(y for _, y in pairs) / len(pairs)
            cov[i][j] = math.fsum((x - mx) * (y - my) for x, y in pairs) / (len(pairs) - 1)  # type: ignore[operator]
    total = math.fsum(v for row in cov for v in row)
    if total <= 1e-9 * math.fsum(abs(v) for row in cov for v in row):
        return None
    return (k / (k - 1)) * (1.0 - math.fsum(cov[i][i] for i in range(k)) / total)


@st.composite
def gappy_matrices(draw: st.DrawFn) -> list[list[float | None]]:
    """Raters x items with some missing values, whole numbers or not."""
    n = draw(st.integers(min_value=3, max_value=9))
    k = draw(st.integers(min_value=2, max_value=6))
    value = st.integers(1, 7).map(float) | st.sampled_from([1.5, 2.25, 10 / 3])
    cell = st.none() | value if draw(st.booleans()) else value
    return draw(st.lists(st.lists(cell, min_size=k, max_size=k), min_size=n, max_size=n))


@settings(scaled(3))
@given(rows=gappy_matrices())
def test_alpha_fast_paths_agree_with_the_pairwise_definition(
    rows: list[list[float | None]],
) -> None:
    try:
        result = cronbach_alpha(rows)
    except ValueError:
        return  # too few pairs, or no variance: the definition divides by zero there too
    expected = _pairwise_alpha(rows)
    if expected is not None:  # else the figure is rounding noise, whoever computes it
        assert result.value == pytest.approx(expected, rel=1e-9, abs=1e-9)


# --- numerics at the edges (issue 21) ---------------------------------------------------


def test_alpha_far_from_zero_agrees_with_the_centred_data() -> None:
    base = [[4, 4, 3, 5], [3, 3, 2, 4], [5, 4, 4, 5], [2, 3, 2, 3], [4, 5, 3, 4], [3, 2, 3, 3]]
    offset = [[1e6 + 1e-3 * v for v in row] for row in base]
    centred = [[v - 1e6 for v in row] for row in offset]  # exact (Sterbenz)
    for missing in ("pairwise", "listwise"):
        far = cronbach_alpha(offset, missing=missing)  # type: ignore[arg-type]
        near = cronbach_alpha(centred, missing=missing)  # type: ignore[arg-type]
        assert far.value == pytest.approx(near.value, abs=1e-9)
        assert far.ci == pytest.approx(near.ci, abs=1e-9)
        assert far.value == pytest.approx(0.883280757098, abs=1e-6)
    offset[0][1] = centred[0][1] = None
    assert cronbach_alpha(offset).value == pytest.approx(cronbach_alpha(centred).value, abs=1e-9)


@pytest.mark.parametrize(
    "rows",
    [
        [[1, 3], [2, 4], [5, 7]],  # rater B = rater A + 2
        [[0.1, 0.4], [0.2, 0.5], [0.7, 1.0]],  # the same, with rounding noise
    ],
)
def test_icc_of_perfectly_additive_ratings(rows: list[list[float]]) -> None:
    found = icc(rows)
    for form in ("ICC(C,1)", "ICC(C,k)"):
        assert found[form].value == 1.0
        assert found[form].ci == (1.0, 1.0)
        assert found[form].f == math.inf
        assert found[form].p == 0.0
    # absolute agreement is below 1 (the raters differ by a constant), with finite bounds
    n, k = 3, 2
    targets = [sum(row) / k for row in rows]
    grand = sum(targets) / n
    msr = k * sum((t - grand) ** 2 for t in targets) / (n - 1)
    raters = [sum(row[j] for row in rows) / n for j in range(k)]
    msc = n * sum((r - grand) ** 2 for r in raters) / (k - 1)
    assert found["ICC(A,1)"].value == pytest.approx(msr / (msr + k * msc / n), rel=1e-12)
    for form in ("ICC(1,1)", "ICC(A,1)", "ICC(1,k)", "ICC(A,k)"):
        assert all(math.isfinite(b) for b in found[form].ci), form


def test_icc_of_identical_raters_is_one_everywhere() -> None:
    found = icc([[1, 1, 1], [2, 2, 2], [5, 5, 5]])
    for form, result in found.items():
        assert result.value == 1.0, form
        assert result.ci == (1.0, 1.0), form


@pytest.mark.parametrize(
    ("rows", "level"),
    [
        ([[4.0, 1.0], [2.0, 2.0]], 0.95),  # MSC = MSE: the ICC(A,1) bound sits on -1/(k-1)
        ([[1.0, 5.0, 3.0], [4.0, 2.0, 5.0], [1.0, 5.0, 3.0]], 0.95),
        ([[2.0, 4.0, 5.0], [3.0, 2.0, 5.0]], 0.999999),  # the F quantile overflows
    ],
)
def test_icc_bounds_are_finite_where_a_finite_one_exists(
    rows: list[list[float]], level: float
) -> None:
    for form, result in icc(rows, ci=level).items():
        assert all(math.isfinite(b) for b in result.ci), (form, result.ci)


# --- the one plain mean and SD --------------------------------------------------------------


def test_mean_sd_is_the_sample_sd_centred_on_the_mean() -> None:
    import statistics

    from leadcomp.stats import mean, mean_sd

    assert mean_sd([4.0]) == (4.0, None)
    centre, sd = mean_sd([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0])
    assert centre == 5.0
    assert sd == pytest.approx(statistics.stdev([2, 4, 4, 4, 5, 5, 7, 9]), rel=1e-15)
    assert mean([1.0, 2.0]) == 1.5


@given(st.floats(-1e6, 1e6, allow_nan=False), st.integers(2, 40))
def test_equal_values_have_their_value_as_mean_and_an_sd_of_exactly_zero(
    value: float, n: int
) -> None:
    from leadcomp.stats import mean_sd

    assert mean_sd([value] * n) == (value, 0.0)
