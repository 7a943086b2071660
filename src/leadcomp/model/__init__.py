"""The vocabulary of leadcomp as frozen attrs classes: no I/O happens here."""

from ._assessment import Assessment, Rater, Rating
from ._framework import (
    Competency,
    Descriptor,
    Framework,
    Indicator,
    Level,
    Provenance,
    Relation,
    Scale,
)
from ._role import FrameworkRef, Requirement, RoleProfile
from ._types import (
    COMPETENCY_KINDS,
    RATER_GROUPS,
    RELATION_TYPES,
    CompetencyKind,
    Extensions,
    JSONValue,
    RaterGroup,
    RelationType,
)

#: Every document model, the type ``load`` can return.
Document = Framework | RoleProfile | Assessment

__all__ = [
    "COMPETENCY_KINDS",
    "RATER_GROUPS",
    "RELATION_TYPES",
    "Assessment",
    "Competency",
    "CompetencyKind",
    "Descriptor",
    "Document",
    "Extensions",
    "Framework",
    "FrameworkRef",
    "Indicator",
    "JSONValue",
    "Level",
    "Provenance",
    "Rater",
    "RaterGroup",
    "Rating",
    "Relation",
    "RelationType",
    "Requirement",
    "RoleProfile",
    "Scale",
]
