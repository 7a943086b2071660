"""Role profiles: what a target role requires of a framework's competencies."""

from __future__ import annotations

from attrs import field, frozen

from leadcomp.model._framework import Provenance
from leadcomp.model._types import Extensions, extensions_key


@frozen(kw_only=True)
class FrameworkRef:
    """The framework a role is written against: its id and the versions that fit."""

    id: str
    #: A version range such as ``">=1.0.0,<2.0.0"`` or ``"^1.2.0"``.
    versions: str


@frozen(kw_only=True)
class Requirement:
    """The level a role requires of one competency, its importance, and whether it is essential."""

    competency: str
    level: int
    importance: float = 1.0
    essential: bool = False
    note: str | None = None


@frozen(kw_only=True)
class RoleProfile:
    """A target role: requirements against one framework."""

    id: str
    title: str
    description: str | None = None
    provenance: Provenance | None = None
    framework: FrameworkRef
    tags: tuple[str, ...] = ()
    requirements: tuple[Requirement, ...]
    extensions: Extensions = field(factory=dict, hash=False, eq=extensions_key)

    def requirement(self, competency_id: str) -> Requirement | None:
        """The requirement on a competency, or None when the role sets none."""
        for requirement in self.requirements:
            if requirement.competency == competency_id:
                return requirement
        return None
