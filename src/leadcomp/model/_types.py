"""Shared type aliases and vocabularies of the model."""

from __future__ import annotations

from typing import Any, Literal, Union

#: A JSON value as carried in ``extensions``.
JSONValue = Union[None, bool, int, float, str, list[Any], dict[str, Any]]  # noqa: UP007
#: Free-form data a user wants to keep alongside a model object.
Extensions = dict[str, JSONValue]


def extensions_key(value: Any) -> Any:
    """What ``extensions`` are compared by: equal exactly when they are written as the same
    JSON. Objects are equal whatever their keys' order (as they are written sorted), but
    ``1``, ``1.0`` and ``true`` differ, and so do ``0.0`` and ``-0.0``, as their texts do."""
    kind = type(value)
    if kind is dict:
        if not value:
            return ()
        return ("{", tuple(sorted((str(k), extensions_key(v)) for k, v in value.items())))
    if kind is list:
        return ("[", tuple(extensions_key(item) for item in value))
    if kind is float:
        return ("f", repr(value))
    return (kind.__name__, value)

CompetencyKind = Literal[
    "domain",
    "skill",
    "behaviour",
    "knowledge",
    "attribute",
    "change_readiness",
    "function",
    "step",
]
COMPETENCY_KINDS: tuple[CompetencyKind, ...] = (
    "domain",
    "skill",
    "behaviour",
    "knowledge",
    "attribute",
    "change_readiness",
    "function",
    "step",
)

RelationType = Literal[
    "exact_match",
    "close_match",
    "broader",
    "narrower",
    "related",
    "part_of",
    "precedes",
    "replaced_by",
]
RELATION_TYPES: tuple[RelationType, ...] = (
    "exact_match",
    "close_match",
    "broader",
    "narrower",
    "related",
    "part_of",
    "precedes",
    "replaced_by",
)

RaterGroup = Literal["self", "manager", "peer", "direct_report", "other"]
RATER_GROUPS: tuple[RaterGroup, ...] = ("self", "manager", "peer", "direct_report", "other")
#: The rater groups other than self, in the order results list them.
OTHER_GROUPS: tuple[RaterGroup, ...] = RATER_GROUPS[1:]


#: How sure a requirement's status is, given the achieved score's interval.
Certainty = Literal["clear", "uncertain", "insufficient"]
#: Tolerance of a comparison with a required level.
LEVEL_EPSILON = 1e-9


def certainty_of(
    required: int, achieved: float | None, ci: tuple[float, float] | None, n: int | None
) -> Certainty:
    """``clear`` when the interval lies wholly on one side of the required level (at or above
    it, or below it), ``uncertain`` when it straddles it, ``insufficient`` without an interval
    (no evidence, or fewer than two raters)."""
    if achieved is None or ci is None or n is None or n < 2:
        return "insufficient"
    low, high = ci
    if low >= required - LEVEL_EPSILON or high < required - LEVEL_EPSILON:
        return "clear"
    return "uncertain"
