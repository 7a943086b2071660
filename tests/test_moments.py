"""The packed-moments reliability path gives the very bits of the reference one."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

import leadcomp.scoring._kernel.moments as _moments
from leadcomp import stats
from leadcomp.scoring._kernel.reliability import reliability
from profiles import scaled


@st.composite
def whole_rows(draw: st.DrawFn) -> tuple[list[list[float | None]], float, float, int]:
    """Rows of whole numbers on a scale low..high (low from -3 to 2), some missing."""
    low = float(draw(st.integers(-3, 2)))
    levels = draw(st.integers(2, 7))
    high = low + levels - 1
    k = draw(st.integers(2, 6))
    n = draw(st.integers(1, 12))
    gap = draw(st.sampled_from([0.0, 0.05, 0.3]))
    values = st.integers(int(low), int(high)).map(float)
    rows = [
        [
            None if draw(st.floats(0, 1)) < gap else draw(values)
            for _ in range(k)
        ]
        for _ in range(n)
    ]
    return rows, low, high, levels


def _packed(rows: list[list[float | None]], low: float) -> int:
    packs = [_moments.pack(row, low) for row in rows]
    assert None not in packs
    return sum(packs)  # type: ignore[arg-type]


@settings(scaled(15), deadline=None)
@given(case=whole_rows(), confidence=st.sampled_from([0.9, 0.95, 0.99]))
def test_packed_reliability_is_the_reference_to_the_bit(
    case: tuple[list[list[float | None]], float, float, int], confidence: float
) -> None:
    rows, low, high, levels = case
    n, k = len(rows), len(rows[0])
    largest = max(abs(low), abs(high))
    found = _moments.reliability(_packed(rows, low), n, k, high, low, levels, confidence)
    expected = reliability(rows, low, high, levels, confidence, largest)
    if found is None:  # left to the reference: a pair of items with under two rows in common
        columns = list(zip(*rows, strict=True))
        present = {
            g: [v is not None for v in column] for g, column in enumerate(columns)
            if None in column
        }
        assert n >= 3
        assert stats.whole_parts(columns, present, n, checked=True) is None
    else:
        assert found == expected


def test_packed_reliability_of_a_complete_example() -> None:
    rows: list[list[float | None]] = [
        [4.0, 5.0, 4.0], [4.0, 4.0, 4.0], [5.0, 5.0, 4.0], [3.0, 4.0, 3.0], [4.0, 4.0, 5.0]
    ]
    alpha, agreement = _moments.reliability(  # type: ignore[misc]
        _packed(rows, 1.0), 5, 3, 5.0, 1.0, 5, 0.95
    )
    assert agreement == {"value": pytest.approx(0.9155844155844156, abs=1e-12)}
    assert (alpha, agreement) == reliability(rows, 1.0, 5.0, 5, 0.95, 5.0)


def test_packed_reliability_with_gaps_takes_the_pairs_apart_as_the_reference() -> None:
    rows: list[list[float | None]] = [
        [4.0, None, 4.0, 2.0], [4.0, 4.0, None, 3.0], [5.0, 5.0, 4.0, 2.0],
        [3.0, 4.0, 3.0, None], [4.0, 4.0, 5.0, 5.0], [2.0, 3.0, 2.0, 1.0],
    ]
    found = _moments.reliability(_packed(rows, 1.0), 6, 4, 5.0, 1.0, 5, 0.95)
    assert found is not None
    assert found == reliability(rows, 1.0, 5.0, 5, 0.95, 5.0)
    alpha, agreement = found
    assert alpha is not None
    assert "ci" in alpha
    assert agreement is not None  # over the three complete rows


def test_a_pair_with_under_two_rows_in_common_is_left_to_the_reference() -> None:
    rows: list[list[float | None]] = [[1.0, None], [None, 2.0], [3.0, 4.0], [2.0, None]]
    assert _moments.reliability(_packed(rows, 1.0), 4, 2, 5.0, 1.0, 5, 0.95) is None


@pytest.mark.parametrize(
    ("row", "low"),
    [
        ([1.5, 2.0], 1.0),  # not a whole number
        ([0.0, 2.0], 1.0),  # below the scale's low end
        ([1.0], 1.0),  # a single item: no reliability
        ([1.0] * (_moments.MAX_ITEMS + 1), 1.0),  # too many items to pack
    ],
)
def test_rows_that_cannot_be_packed_are_not(row: list[float | None], low: float) -> None:
    assert _moments.pack(row, low) is None
