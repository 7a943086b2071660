"""Mappings between two framework versions: where old ids go and what old values become."""

from __future__ import annotations

from typing import Literal

from attrs import field, frozen

from leadcomp.model._framework import Provenance
from leadcomp.model._types import Extensions, extensions_key

#: How values meet where several old ids map to one new id: their mean (rounded to the nearest
#: level, ties down), the largest, the smallest, or the first answered (in the mapping's order).
Combine = Literal["mean", "max", "min", "first"]
COMBINE_RULES: tuple[Combine, ...] = ("mean", "max", "min", "first")


@frozen(kw_only=True)
class IdMapping:
    """Where one old id (competency or indicator) goes in the new version.

    One new id carries it across; several split it (every new id gets a copy of its values);
    none drops it on purpose. Old ids that map to the same new id are merged by ``combine``.
    """

    old: str
    new: tuple[str, ...]
    #: How this id's values combine with others' in a shared new id (default: the mapping's).
    combine: Combine | None = None
    #: Reflect values on the scale (lowest + highest - value): for an item whose keying flipped.
    reflect: bool = False
    note: str | None = None


@frozen(kw_only=True)
class ValueMapping:
    """One old level value and the new value it becomes."""

    old: int
    new: int


@frozen(kw_only=True)
class ScaleMapping:
    """What each value of an old scale becomes on a new scale (or on the same, changed, one)."""

    old: str
    new: str
    values: tuple[ValueMapping, ...]

    def value(self, old_value: int) -> int | None:
        """The new value of an old one, or None when the mapping does not say."""
        for pair in self.values:
            if pair.old == old_value:
                return pair.new
        return None


@frozen(kw_only=True)
class Mapping:
    """How roles and assessments move from one framework version (``old``) to another (``new``).

    Ids not listed here follow the new version's ``replaces`` declarations, or stay as they
    are when the new version still has them.
    """

    id: str | None = None
    title: str | None = None
    description: str | None = None
    provenance: Provenance | None = None
    #: The two exact framework versions, as ``id@version``.
    old: str
    new: str
    #: How values combine where several old ids meet in one new id, unless an id says otherwise.
    combine: Combine = "mean"
    ids: tuple[IdMapping, ...] = ()
    scales: tuple[ScaleMapping, ...] = ()
    extensions: Extensions = field(factory=dict, hash=False, eq=extensions_key)

    def entry(self, old_id: str) -> IdMapping | None:
        """The mapping of one old id, or None when the mapping does not name it."""
        for entry in self.ids:
            if entry.old == old_id:
                return entry
        return None

    def scale(self, old_scale: str, new_scale: str) -> ScaleMapping | None:
        """The value mapping from one old scale to one new scale, or None."""
        for mapping in self.scales:
            if mapping.old == old_scale and mapping.new == new_scale:
                return mapping
        return None
