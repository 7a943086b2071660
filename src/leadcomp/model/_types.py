"""Shared type aliases and vocabularies of the model."""

from __future__ import annotations

from typing import Any, Literal, Union

#: A JSON value as carried in ``extensions``.
JSONValue = Union[None, bool, int, float, str, list[Any], dict[str, Any]]  # noqa: UP007
#: Free-form data a user wants to keep alongside a model object.
Extensions = dict[str, JSONValue]

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

