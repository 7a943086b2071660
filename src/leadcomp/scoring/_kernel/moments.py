"""A competency's reliability from its raters' rows, summed as packed whole-number moments.

Where every value is a whole number (answers on the usual scales), Cronbach's alpha with
pairwise deletion and rwg(j) depend on the rows only through integer sums: per item, per pair
of items and per row total. Each distinct row's sums are packed once (``pack``) into one
integer of 64-bit fields, so that a competency's sums over its raters are a few integer
additions (``sum``), unpacked in one call. The figures then follow by exact integer arithmetic
with one rounding each, which is what ``_reliability.reliability`` does with its float sums of
whole numbers: the two give the same bits (a test holds them to it). Whatever this cannot do
alike (too many items, a pair of items with under two raters in common) it leaves to
``reliability`` by answering ``None``.

Values are shifted by the scale's low end before they are packed, so that every field is a
non-negative integer; variances and covariances are exactly the same after the shift.
"""

from __future__ import annotations

import math
import operator
import struct
from collections.abc import Callable, Sequence
from functools import cache

from leadcomp.scoring._kernel.reliability import (
    MIN_AGREEMENT_RATERS,
    MIN_ALPHA_RATERS,
    Statistic,
    agreement,
    alpha_statistic,
)

#: The most items per competency whose rows are packed (the pairs grow as k squared).
MAX_ITEMS = 12
#: The bits of a field: the exact-sum bound of ``reliability`` keeps every sum under 2^42.
_BITS = 64
#: The largest shifted value packed: a row's fields (a square of the total of MAX_ITEMS such
#: values) then stay under 2^64. Sums of larger values are never exact enough to be packed
#: (``exact_sums``), so their rows go to ``reliability`` unpacked.
_MAX_SHIFTED = 2**26


class Layout:
    """Where each sum sits in the packed integer of rows of ``k`` items.

    Fields, in order: complete rows; over complete rows, each item's sum and sum of squares,
    then the row totals' sum and sum of squares; over all rows, each item's count, sum and sum
    of squares; then for each pair (i, j), i < j, over the rows with both: their count, the
    sum of x_i * x_j, of x_i and of x_j.
    """

    def __init__(self, k: int) -> None:
        self.k = k
        self.pairs = [(i, j) for i in range(k) for j in range(i + 1, k)]
        #: Fields read where every row is complete.
        self.complete_fields = 1 + 2 * k + 2
        self.fields = self.complete_fields + 3 * k + 4 * len(self.pairs)
        #: Where each pair's fields start, by either item: ``pair_at[i][j]``.
        self.pair_at = [[0] * k for _ in range(k)]
        #: Where the sum of x_j over the rows with both i and j is: ``other_at[i][j]``.
        self.other_at = [[0] * k for _ in range(k)]
        for number, (i, j) in enumerate(self.pairs):
            at = self.complete_fields + 3 * k + 4 * number
            self.pair_at[i][j] = self.pair_at[j][i] = at
            self.other_at[i][j], self.other_at[j][i] = at + 3, at + 2
        self.size = self.fields * _BITS // 8
        self.unpack = struct.Struct(f"<{self.fields}Q").unpack
        self.unpack_complete = struct.Struct(f"<{self.complete_fields}Q").unpack_from
        self.pack_fields = struct.Struct(f"<{self.fields}Q").pack
        #: How rows with gaps are taken apart, by which items have none (see ``Split``).
        self.splits: dict[tuple[bool, ...], Split] = {}

    def split(self, full: tuple[bool, ...]) -> Split:
        """How rows are taken apart where the items marked in ``full`` have no gaps."""
        found = self.splits.get(full)
        if found is None:
            found = self.splits[full] = Split(self, full)
        return found


def _gather(indices: Sequence[int]) -> Callable[[tuple[int, ...]], tuple[int, ...]]:
    """The fields at ``indices``, as a tuple however many there are."""
    if len(indices) == 1:
        return operator.itemgetter(slice(indices[0], indices[0] + 1))
    if not indices:
        return operator.itemgetter(slice(0, 0))
    return operator.itemgetter(*indices)


class Split:
    """Where the sums are that ``stats.whole_parts`` takes apart, for one set of items with
    no gaps (the others have some): those items' sums, sums of squares and pairwise products
    (for the variance of their totals); and for each item with gaps, its count, sum and sum
    of squares, its products with those items and their sums over its rows, and its pairs
    with each later item with gaps (count, product, both sums)."""

    def __init__(self, form: Layout, full: tuple[bool, ...]) -> None:
        k = form.k
        base = form.complete_fields
        items = [j for j in range(k) if full[j]]
        gaps = [j for j in range(k) if not full[j]]
        self.full = len(items)
        self.sums = _gather([base + 3 * j + 1 for j in items])
        self.squares = _gather([base + 3 * j + 2 for j in items])
        self.products = _gather(
            [form.pair_at[i][j] + 1 for n, i in enumerate(items) for j in items[n + 1 :]]
        )
        self.gappy = [
            (
                base + 3 * g, base + 3 * g + 1, base + 3 * g + 2,
                _gather([form.pair_at[g][f] + 1 for f in items]),
                _gather([form.other_at[g][f] for f in items]),
                [
                    (form.pair_at[g][h], form.pair_at[g][h] + 1, form.other_at[h][g],
                     form.other_at[g][h])
                    for h in gaps[n + 1 :]
                ],
            )
            for n, g in enumerate(gaps)
        ]


@cache
def layout(k: int) -> Layout:
    """The layout of rows of ``k`` items."""
    return Layout(k)


def pack(row: Sequence[float | None], low: float) -> int | None:
    """The packed sums of one row (values whole numbers, None where missing), shifted by
    ``low``; None where a value is not a whole number at or above ``low`` (and at most
    _MAX_SHIFTED above it), or the row has more than MAX_ITEMS items."""
    k = len(row)
    if not 2 <= k <= MAX_ITEMS:
        return None
    shifted: list[int | None] = []
    for value in row:
        if value is None:
            shifted.append(None)
            continue
        offset = value - low
        if not (0.0 <= offset <= _MAX_SHIFTED and offset.is_integer()):
            return None
        shifted.append(int(offset))
    form = layout(k)
    complete = None not in shifted
    fields: list[int] = [int(complete)]
    if complete:
        whole: list[int] = shifted  # type: ignore[assignment]
        for value in whole:
            fields += (value, value * value)
        total = sum(whole)
        fields += (total, total * total)
    else:
        fields += [0] * (2 * k + 2)
    for item in shifted:
        fields += (0, 0, 0) if item is None else (1, item, item * item)
    for i, j in form.pairs:
        x, y = shifted[i], shifted[j]
        fields += (0, 0, 0, 0) if x is None or y is None else (1, x * y, x, y)
    return int.from_bytes(form.pack_fields(*fields), "little")


def reliability(
    packed: int, n: int, k: int, high: float, low: float, levels: int, confidence: float
) -> tuple[Statistic | None, Statistic | None] | None:
    """Alpha (with its Feldt interval) and rwg(j) of ``n`` rows of ``k`` items from the sum of
    their packed sums, as ``_reliability.reliability`` gives them for the same rows (with
    ``largest`` given and the exact-sum bound met); None where it must decide itself."""
    form = layout(k)
    complete = packed & 0xFFFFFFFFFFFFFFFF
    if complete == n:  # every row complete: no item has a gap
        fields = form.unpack_complete(packed.to_bytes(form.size, "little"))
        return _complete(fields, n, k, high, low, levels, confidence)
    fields = form.unpack(packed.to_bytes(form.size, "little"))
    variances = (
        _complete_variances(fields, complete, k) if complete >= MIN_AGREEMENT_RATERS else None
    )
    alpha: Statistic | None = None
    if n >= MIN_ALPHA_RATERS:
        parts = _gappy_parts(fields, form, n)
        if parts is None:
            return None
        alpha = alpha_statistic(*parts, n, k, confidence)
    return alpha, agreement(variances, low, high, levels)


def _complete(
    fields: Sequence[int], n: int, k: int, high: float, low: float, levels: int,
    confidence: float,
) -> tuple[Statistic | None, Statistic | None]:
    variances = _complete_variances(fields, n, k) if n >= MIN_AGREEMENT_RATERS else None
    alpha: Statistic | None = None
    if n >= MIN_ALPHA_RATERS and variances is not None:
        total, squares = fields[1 + 2 * k], fields[2 + 2 * k]
        sds = math.fsum([math.sqrt(v) for v in variances])
        alpha = alpha_statistic(
            math.fsum(variances), (n * squares - total * total) / (n * (n - 1)), sds * sds,
            n, k, confidence,
        )
    return alpha, agreement(variances, low, high, levels)


def _complete_variances(fields: Sequence[int], c: int, k: int) -> list[float]:
    """Each item's variance over the ``c`` complete rows."""
    scale = c * (c - 1)
    return [
        (c * q - s * s) / scale
        for s, q in zip(fields[1 : 1 + 2 * k : 2], fields[2 : 2 + 2 * k : 2], strict=True)
    ]


def _gappy_parts(
    fields: tuple[int, ...], form: Layout, n: int
) -> tuple[float, float, float] | None:
    """trace(C), sum(C) and the size bound, as ``stats.whole_parts`` takes them apart: the
    items without gaps by their row totals, each item with gaps by its own variance, its
    covariance with those totals and with each later item with gaps."""
    base = form.complete_fields
    split = form.split(tuple(map(n.__eq__, fields[base : base + 3 * form.k : 3])))
    scale = n * (n - 1)
    sums, squares = split.sums(fields), split.squares(fields)
    traces = [(n * q - s * s) / scale for s, q in zip(sums, squares, strict=True)]
    parts: list[float] = []
    if split.full == 1:
        parts.append(traces[0])
    elif split.full:
        # n * sum(T^2) - sum(T)^2 for the totals T of the items without gaps
        products = sum(squares) + 2 * sum(split.products(fields))
        total = sum(sums)
        parts.append((n * products - total * total) / scale)
    for count, at_sum, at_square, products_of, others_of, later in split.gappy:
        m = fields[count]
        if m < 2:
            return None
        s = fields[at_sum]
        variance = (m * fields[at_square] - s * s) / (m * (m - 1))
        traces.append(variance)
        parts.append(variance)
        if split.full:
            parts.append(
                2 * (m * sum(products_of(fields)) - s * sum(others_of(fields))) / (m * (m - 1))
            )
        for at_both, at_product, at_x, at_y in later:
            both = fields[at_both]
            if both < 2:
                return None
            parts.append(
                2 * (both * fields[at_product] - fields[at_x] * fields[at_y])
                / (both * (both - 1))
            )
    sds = math.fsum([math.sqrt(v) for v in traces])
    return math.fsum(traces), math.fsum(parts), sds * sds
