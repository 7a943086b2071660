"""Each rater's score on each competency: items up to competencies, competencies up the tree.

A rater's score on a competency is the mean of their valid answers on its items, reverse-keyed
items reflected on their scale and every value mapped linearly onto the competency's scale. A
competency with children scores from them: the weighted mean of the rater's child scores (and
of the competency's own items, as one more part of weight 1, where it has any). A rater whose
valid share of items (or of parts, by weight) is under the policy's minimum has no score there.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from attrs import frozen

from .model import Assessment, Competency, Framework, Scale

#: Tolerance for comparing a share with the minimum coverage.
_EPSILON = 1e-12


@frozen(kw_only=True)
class Item:
    """An item raters answer, and how to map its values onto its competency's scale."""

    id: str
    low: float
    high: float
    reverse: bool
    target_low: float
    target_high: float

    def value(self, raw: int) -> float:
        """The answer reflected if reverse-keyed, then mapped onto the competency's scale."""
        value = float(self.low + self.high - raw if self.reverse else raw)
        if self.low == self.target_low and self.high == self.target_high:
            return value
        span = (self.target_high - self.target_low) / (self.high - self.low)
        return self.target_low + (value - self.low) * span


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
    indicators: tuple[Item, ...]
    #: The competency rated directly, as one item on its own scale.
    direct: Item | None
    #: Whether the competency is expected to be rated directly (no indicators, no children).
    direct_expected: bool
    #: (index of a child node, its weight).
    children: tuple[tuple[int, float], ...]

    def rescale(self, value: float, child: Node) -> float:
        """A child's score mapped linearly onto this node's scale."""
        if child.low == self.low and child.high == self.high:
            return value
        return self.low + (value - child.low) * (self.high - self.low) / (child.high - child.low)

    def own_items(self, answers: Mapping[str, int | None]) -> tuple[Item, ...]:
        """The items of this node itself a rater is scored on.

        The competency rated directly is an item when it has neither indicators nor children,
        else only for raters who gave it a value (a "not observed" there changes nothing).
        """
        direct = self.direct
        if direct is not None and (
            self.direct_expected or answers.get(direct.id) is not None
        ):
            return (*self.indicators, direct)
        return self.indicators


@frozen(kw_only=True)
class Plan:
    """A framework prepared for scoring: its nodes depth first, then the overall node."""

    nodes: tuple[Node, ...]

    @property
    def overall(self) -> int:
        """The index of the overall node (the last one)."""
        return len(self.nodes) - 1

    @property
    def bottom_up(self) -> tuple[int, ...]:
        """Node indices with every child before its parent and the overall node last."""
        return (*range(len(self.nodes) - 2, -1, -1), len(self.nodes) - 1)


def _range(scale: Scale) -> tuple[float, float]:
    return float(scale.minimum), float(scale.maximum)


def make_plan(framework: Framework) -> Plan:
    """The scoring plan of a framework (assumed valid: every competency has a scale)."""
    walk = [competency for _, competency in framework.walk()]
    position = {competency.id: index for index, competency in enumerate(walk)}
    nodes: list[Node] = []
    for competency in walk:
        scale = _scale_of(framework, competency)
        low, high = _range(scale)
        items = []
        for indicator in competency.indicators:
            item_scale = framework.scale(indicator.scale) if indicator.scale else scale
            item_low, item_high = _range(item_scale or scale)
            items.append(
                Item(
                    id=indicator.id, low=item_low, high=item_high, reverse=indicator.reverse,
                    target_low=low, target_high=high,
                )
            )
        children = framework.children(competency.id)
        nodes.append(
            Node(
                id=competency.id,
                scale=scale.id,
                low=low,
                high=high,
                levels=len(scale.levels),
                indicators=tuple(items),
                direct=Item(
                    id=competency.id, low=low, high=high, reverse=False,
                    target_low=low, target_high=high,
                ),
                direct_expected=not items and not children,
                children=tuple((position[c.id], c.weight) for c in children),
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
            indicators=(),
            direct=None,
            direct_expected=False,
            children=tuple((position[c.id], c.weight) for c in roots),
        )
    )
    return Plan(nodes=tuple(nodes))


def _scale_of(framework: Framework, competency: Competency) -> Scale:
    scale = framework.scale_of(competency)
    if scale is None:  # a valid framework gives every competency a scale
        raise ValueError(f"competency {competency.id!r} has no scale")
    return scale


def answers_by_rater(assessment: Assessment) -> dict[str, dict[str, int | None]]:
    """Each rater's answers by item (every listed rater, answers or not)."""
    answers: dict[str, dict[str, int | None]] = {rater.id: {} for rater in assessment.raters}
    for rating in assessment.ratings:
        answers[rating.rater][rating.item] = rating.value
    return answers


def rater_scores(
    plan: Plan, answers: Mapping[str, int | None], min_coverage: float
) -> tuple[float | None, ...]:
    """A rater's score on every node (None where their coverage is too low)."""
    scores: list[float | None] = [None] * len(plan.nodes)
    for index in plan.bottom_up:
        node = plan.nodes[index]
        items = node.own_items(answers)
        own: float | None = None
        if items:
            values = [
                item.value(raw)
                for item in items
                if (raw := answers.get(item.id)) is not None
            ]
            if values and len(values) / len(items) >= min_coverage - _EPSILON:
                own = _within(math.fsum(values) / len(values), node.low, node.high)
        if not node.children:
            scores[index] = own
            continue
        parts: list[tuple[float, float | None]] = [(1.0, own)] if items else []
        for child, weight in node.children:
            score = scores[child]
            parts.append(
                (weight, None if score is None else node.rescale(score, plan.nodes[child]))
            )
        scores[index] = _weighted(parts, min_coverage, node.low, node.high)
    return tuple(scores)


def _weighted(
    parts: Sequence[tuple[float, float | None]], min_coverage: float, low: float, high: float
) -> float | None:
    present = [(w, v) for w, v in parts if v is not None]
    if not present:
        return None
    share = math.fsum(w for w, _ in present) / math.fsum(w for w, _ in parts)
    if share < min_coverage - _EPSILON:
        return None
    value = math.fsum(w * v for w, v in present) / math.fsum(w for w, _ in present)
    return _within(value, low, high)


def _within(value: float, low: float, high: float) -> float:
    return low if value < low else high if value > high else value


def item_row(node: Node, answers: Mapping[str, int | None]) -> list[float | None]:
    """A rater's values on a node's indicators, in order; None where not validly answered."""
    row: list[float | None] = []
    for item in node.indicators:
        raw = answers.get(item.id)
        row.append(None if raw is None else item.value(raw))
    return row
