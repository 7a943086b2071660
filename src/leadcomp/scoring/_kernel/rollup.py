"""Each rater's score on each competency: items up to competencies, competencies up the tree.

A rater's score on a competency is the mean of their valid answers on its items, reverse-keyed
items reflected on their scale and every value mapped linearly onto the competency's scale. A
competency with children scores from them: the weighted mean of the rater's child scores (and
of the competency's own items, as one more part of weight 1, where it has any). A child where
the rater's group is withheld counts for them as unanswered, so nothing said in a withheld cell
reaches a parent or the overall figure. A rater whose valid share of items (or of parts, by
weight) is under the policy's minimum has no score there.

The plan is made once per framework: every answerable item gets a position, and a table from
each of its scale's values to the value on its competency's scale, so that scoring an assessment
is table look-ups and exactly rounded sums.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Collection, Mapping, Sequence

from attrs import evolve, frozen

from leadcomp.model import Competency, Framework, Scale

#: Tolerance for comparing a share with the minimum coverage.
_EPSILON = 1e-12


class _Absent:
    """The marker of an item a rater did not answer at all (None is "not observed")."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "ABSENT"

    def __reduce__(self) -> str:
        return "ABSENT"  # (unpickled as this module's one marker)


#: An item the rater did not answer.
ABSENT = _Absent()
#: What a rater answered on an item: a value, None ("not observed"), or ABSENT.
Answer = object
#: Mapped value of every scale value of an item, on its competency's scale.
Table = Mapping[int, float]
#: A node as ``rater_figures`` reads it (see ``Plan.steps``).
Step = tuple[
    int, int, int, int, bool, float, float,
    "tuple[tuple[float, ...], tuple[tuple[int, tuple[float, float] | None], ...]] | None",
]


def item_table(
    scale: Scale, reverse: bool, target_low: float, target_high: float
) -> dict[int, float]:
    """Each value of an item's scale, reflected if reverse-keyed, mapped onto the competency's
    scale (a linear map of the item scale's range onto the competency scale's range)."""
    low, high = float(scale.minimum), float(scale.maximum)
    table: dict[int, float] = {}
    for raw in scale.values:
        value = float(low + high - raw if reverse else raw)
        if low != target_low or high != target_high:
            span = (target_high - target_low) / (high - low)
            value = target_low + (value - low) * span
        table[raw] = value
    return table


@frozen(kw_only=True)
class Node:
    """A competency (or the overall figure) prepared for scoring."""

    #: The competency id; None for the overall figure.
    id: str | None
    scale: str
    low: float
    high: float
    #: The number of levels of the scale.
    levels: int
    #: The indicators' ids, in order.
    items: tuple[str, ...]
    #: Where the indicators sit in the plan's item order: ``start`` up to ``stop``.
    start: int
    stop: int
    #: The position of the competency rated directly in the plan's item order (-1: none).
    direct_at: int
    #: Whether the competency is expected to be rated directly (no indicators, no children).
    direct_expected: bool
    #: (index of a child node, its weight).
    children: tuple[tuple[int, float], ...]
    #: How to map each child's score onto this node's scale: the child scale's (low, high),
    #: or None where the scales' ranges are the same.
    rescales: tuple[tuple[float, float] | None, ...]
    #: Every item answered here: the indicators, then the competency itself.
    answerable: tuple[str, ...]


@frozen(kw_only=True)
class Plan:
    """A framework prepared for scoring: its nodes depth first, then the overall node."""

    nodes: tuple[Node, ...]
    #: Every answerable item, in the order of the nodes' positions, and its value table.
    items: tuple[str, ...]
    tables: tuple[Table, ...]
    #: Each item's allowed answers (its scale's values, and None where "not observed" is).
    allowed: Mapping[str, frozenset[int | None]]
    #: Node indices with every child before its parent and the overall node last.
    bottom_up: tuple[int, ...]
    #: The largest value (in size) of any table, when every value is a whole number.
    largest_whole: float | None
    #: What scoring a rater reads of each node, bottom up: (index, start, stop, direct_at,
    #: direct_expected, low, high, children), children being None or (their weights, their
    #: (index, rescale) pairs).
    steps: tuple[Step, ...]
    #: For each node, what takes a rater's answers to its own items (the indicators, then the
    #: competency itself) out of all their answers in item order; None for a node with none.
    blocks: tuple[Callable[[tuple[Answer, ...]], tuple[Answer, ...]] | None, ...]
    #: For each node, its shape: nodes of one shape (items on the same tables, the same
    #: scale's range, rated directly alike) give the same part for the same answers.
    shapes: tuple[int, ...]

    @property
    def overall(self) -> int:
        """The index of the overall node (the last one)."""
        return len(self.nodes) - 1


def _range(scale: Scale) -> tuple[float, float]:
    return float(scale.minimum), float(scale.maximum)


def make_plan(framework: Framework) -> Plan:
    """The scoring plan of a framework (assumed valid: every competency has a scale)."""
    walk = [competency for _, competency in framework.walk()]
    position = {competency.id: index for index, competency in enumerate(walk)}
    nodes: list[Node] = []
    items: list[str] = []
    all_tables: list[Table] = []
    allowed: dict[str, frozenset[int | None]] = {}

    def answers(scale: Scale) -> frozenset[int | None]:
        values: set[int | None] = set(scale.values)
        if scale.not_observed:
            values.add(None)
        return frozenset(values)

    for competency in walk:
        scale = _scale_of(framework, competency)
        low, high = _range(scale)
        ids: list[str] = []
        start = len(items)
        for indicator in competency.indicators:
            item_scale = (framework.scale(indicator.scale) if indicator.scale else None) or scale
            ids.append(indicator.id)
            items.append(indicator.id)
            all_tables.append(item_table(item_scale, indicator.reverse, low, high))
            allowed[indicator.id] = answers(item_scale)
        stop = len(items)
        direct_table = item_table(scale, False, low, high)
        items.append(competency.id)
        all_tables.append(direct_table)
        allowed[competency.id] = answers(scale)
        children = framework.children(competency.id)
        nodes.append(
            Node(
                id=competency.id,
                scale=scale.id,
                low=low,
                high=high,
                levels=len(scale.levels),
                items=tuple(ids),
                start=start,
                stop=stop,
                direct_at=stop,
                direct_expected=not ids and not children,
                children=tuple((position[c.id], c.weight) for c in children),
                rescales=(),
                answerable=(*ids, competency.id),
            )
        )
    roots = framework.roots()
    overall_scale = (
        framework.scale(framework.default_scale) if framework.default_scale else None
    ) or (_scale_of(framework, roots[0]) if roots else framework.scales[0])
    low, high = _range(overall_scale)
    nodes.append(
        Node(
            id=None,
            scale=overall_scale.id,
            low=low,
            high=high,
            levels=len(overall_scale.levels),
            items=(),
            start=len(items),
            stop=len(items),
            direct_at=-1,
            direct_expected=False,
            children=tuple((position[c.id], c.weight) for c in roots),
            rescales=(),
            answerable=(),
        )
    )
    finished = tuple(_with_rescales(node, nodes) for node in nodes)
    bottom_up = (*range(len(nodes) - 2, -1, -1), len(nodes) - 1)
    shapes: dict[object, int] = {}
    shape_of: list[int] = []
    for node in finished:
        stop = node.direct_at + 1 if node.direct_at >= 0 else node.stop
        shape = (
            tuple(tuple(sorted(table.items())) for table in all_tables[node.start : stop]),
            node.stop - node.start, node.direct_at >= 0, node.direct_expected, node.low,
            node.high,
        )
        shape_of.append(shapes.setdefault(shape, len(shapes)))
    return Plan(
        nodes=finished,
        items=tuple(items),
        tables=tuple(all_tables),
        allowed=allowed,
        bottom_up=bottom_up,
        largest_whole=_largest_whole(all_tables),
        steps=tuple(_step(index, finished[index]) for index in bottom_up),
        blocks=tuple(_block(node) for node in finished),
        shapes=tuple(shape_of),
    )


def _block(node: Node) -> Callable[[tuple[Answer, ...]], tuple[Answer, ...]] | None:
    stop = node.direct_at + 1 if node.direct_at >= 0 else node.stop
    if stop == node.start:
        return None
    return operator.itemgetter(slice(node.start, stop))


def _step(index: int, node: Node) -> Step:
    children = None
    if node.children:
        children = (
            tuple(weight for _, weight in node.children),
            tuple(
                (child, rescale)
                for (child, _), rescale in zip(node.children, node.rescales, strict=True)
            ),
        )
    return (
        index, node.start, node.stop, node.direct_at, node.direct_expected, node.low, node.high,
        children,
    )


def _largest_whole(tables: Sequence[Table]) -> float | None:
    values = [value for table in tables for value in table.values()]
    if not all(value.is_integer() for value in values):
        return None
    return max(map(abs, values), default=0.0)


def _with_rescales(node: Node, nodes: Sequence[Node]) -> Node:
    rescales: list[tuple[float, float] | None] = []
    for child, _ in node.children:
        low, high = nodes[child].low, nodes[child].high
        same = low == node.low and high == node.high
        rescales.append(None if same else (low, high))
    return evolve(node, rescales=tuple(rescales))


def _scale_of(framework: Framework, competency: Competency) -> Scale:
    scale = framework.scale_of(competency)
    if scale is None:  # a valid framework gives every competency a scale
        raise ValueError(f"competency {competency.id!r} has no scale")
    return scale


#: One rater's figures on a node's own items (its indicators, then the competency itself):
#: their score there (None where coverage is too low), their answers' counts (expected,
#: valid, not observed), their values on the indicators on the node's scale (None where not
#: validly answered), and those values' packed sums for reliability (None where not packed).
Part = tuple[float | None, tuple[int, int, int], tuple[float | None, ...], int | None]
#: The part of a rater at a node with nothing of its own to answer.
NOTHING: Part = (None, (0, 0, 0), (), None)


#: What is told of each node once its raters' scores are made (bottom up): the figures so far
#: and the node's index; it answers which raters' scores there must not reach the node's
#: parent (a set of rater numbers), or None for none.
Visit = Callable[["Figures", int], "Collection[int] | None"]


class Figures:
    """Every rater's figures at every node of a plan, a column (one entry per rater, in the
    responses' order) per node: their scores, and their parts on each node's own items.

    Parts depend only on a rater's answers to a node's own items, so they are memoised by
    those answers (``memos``, one per node shape, each keeping at most ``keep`` of them): a
    cohort's raters give the same patterns of answers again and again.

    ``visit`` is told of each node as soon as its scores are made, bottom up, and names the
    raters whose score there its parent must not use (those of the rater groups withheld
    there): their parent counts that child as unanswered, as if they had said nothing in it.
    """

    __slots__ = ("parts", "scores")

    def __init__(
        self,
        plan: Plan,
        answers: Sequence[tuple[Answer, ...]],
        min_coverage: float,
        memos: Sequence[dict[tuple[Answer, ...], Part]],
        keep: int,
        pack: Callable[[tuple[float | None, ...], float], int | None] | None,
        visit: Visit | None = None,
    ) -> None:
        floor = min_coverage - _EPSILON
        size = len(plan.nodes)
        self.scores: list[list[float | None]] = [[]] * size
        self.parts: list[list[Part]] = [[]] * size
        #: The raters whose score at each node its parent leaves out (None: nobody).
        hidden: list[Collection[int] | None] = [None] * size
        for index, start, stop, at, direct_expected, low, high, children in plan.steps:
            block = plan.blocks[index]
            if block is None:
                column = [NOTHING] * len(answers)
            else:
                memo = memos[plan.shapes[index]]
                keys = list(map(block, answers))
                column = list(map(memo.get, keys))  # type: ignore[arg-type]
                if None in column:
                    tables = plan.tables[start : (at + 1 if at >= 0 else stop)]
                    packing = pack if stop - start >= 2 else None
                    for number, found in enumerate(column):
                        if found is None:
                            key = keys[number]
                            found = column[number] = _part(
                                key, tables, stop - start, at >= 0, direct_expected, low, high,
                                floor, packing,
                            )
                            if len(memo) < keep:
                                memo[key] = found
            self.parts[index] = column
            if children is None:
                self.scores[index] = [part[0] for part in column]
            else:
                self.scores[index] = self._rolled(column, children, floor, low, high, hidden)
            if visit is not None:
                hidden[index] = visit(self, index)

    def _rolled(
        self,
        column: list[Part],
        children: tuple[tuple[float, ...], tuple[tuple[int, tuple[float, float] | None], ...]],
        floor: float,
        low: float,
        high: float,
        hidden: Sequence[Collection[int] | None],
    ) -> list[float | None]:
        """Each rater's score at a node with children: the weighted mean of their children's
        scores (on this node's scale) and their own part's, where they have one; a child
        where the rater is hidden counts as unanswered."""
        weights, rescales = children
        own_weights = (1.0, *weights)
        scores = self.scores
        found: list[float | None] = []
        columns = [scores[child] for child, _ in rescales]
        if any(hidden[child] for child, _ in rescales):
            columns = [_without(scores[child], hidden[child]) for child, _ in rescales]
        rescaled = [(place, rescale) for place, (_, rescale) in enumerate(rescales) if rescale]
        for number, values in enumerate(zip(*columns, strict=True)):
            parts: Sequence[float | None] = values
            if rescaled:
                parts = list(values)
                for place, (child_low, child_high) in rescaled:
                    value = parts[place]
                    if value is not None:
                        parts[place] = low + (value - child_low) * (high - low) / (
                            child_high - child_low
                        )
            own, (expected, _, _), _, _ = column[number]
            if expected:
                found.append(_weighted(own_weights, (own, *parts), floor, low, high))
            else:
                found.append(_weighted(weights, parts, floor, low, high))
        return found


def _without(
    column: list[float | None], hidden: Collection[int] | None
) -> list[float | None]:
    """The column with the hidden raters' scores taken out (None)."""
    if not hidden:
        return column
    return [None if number in hidden else value for number, value in enumerate(column)]


def _part(
    key: tuple[Answer, ...],
    tables: Sequence[Table],
    items: int,
    direct: bool,
    direct_expected: bool,
    low: float,
    high: float,
    floor: float,
    pack: Callable[[tuple[float | None, ...], float], int | None] | None,
) -> Part:
    """A rater's part at a node from their answers to its ``items`` indicators, then (where
    ``direct``) to the competency itself; ``pack`` packs their values for reliability."""
    raw = key[:items]
    row: tuple[float | None, ...] = tuple(map(dict.get, tables[:items], raw))  # type: ignore[arg-type]
    present: list[float] = [value for value in row if value is not None]
    expected = items
    not_observed = raw.count(None)
    if direct:
        value = tables[items].get(key[items])  # type: ignore[call-overload]
        if value is not None:
            expected += 1
            present.append(value)
        else:
            if key[items] is None:
                not_observed += 1
            if direct_expected:
                expected += 1
    valid = len(present)
    own: float | None = None
    if valid and valid / expected >= floor:
        own = math.fsum(present) / valid
        own = low if own < low else high if own > high else own
    return own, (expected, valid, not_observed), row, None if pack is None else pack(row, low)


def _weighted(
    weights: Sequence[float], parts: Sequence[float | None], floor: float, low: float,
    high: float,
) -> float | None:
    if None not in parts:  # every part scored: a share of 1
        value = math.fsum(map(operator.mul, weights, parts)) / math.fsum(weights)
        return _within(value, low, high)
    present = [(w, v) for w, v in zip(weights, parts, strict=True) if v is not None]
    if not present:
        return None
    share = math.fsum(w for w, _ in present) / math.fsum(weights)
    if share < floor:
        return None
    value = math.fsum(w * v for w, v in present) / math.fsum(w for w, _ in present)
    return _within(value, low, high)


def _within(value: float, low: float, high: float) -> float:
    return low if value < low else high if value > high else value
