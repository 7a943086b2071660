"""Frameworks, their scales and their tree of competencies."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

from attrs import field, frozen

from leadcomp.model._types import CompetencyKind, Extensions, RelationType, extensions_key


@frozen(kw_only=True)
class Level:
    """One point on a scale: its numeric value, its label and an optional description."""

    value: int
    label: str
    description: str | None = None


@frozen(kw_only=True)
class Scale:
    """Ordered levels (strictly increasing values) that ratings and requirements use."""

    id: str
    title: str | None = None
    levels: tuple[Level, ...]
    #: The level from which a score counts as proficient, if the scale has one.
    proficient: int | None = None
    #: Whether raters may answer "not observed" on this scale.
    not_observed: bool = False
    #: The label shown for "not observed" answers.
    not_observed_label: str | None = None

    @cached_property
    def values(self) -> tuple[int, ...]:
        """The level values in order."""
        return tuple(level.value for level in self.levels)

    @cached_property
    def value_set(self) -> frozenset[int]:
        """The level values, for membership tests."""
        return frozenset(self.values)

    @property
    def minimum(self) -> int:
        """The lowest level value."""
        return self.levels[0].value

    @property
    def maximum(self) -> int:
        """The highest level value."""
        return self.levels[-1].value

    def level(self, value: int) -> Level | None:
        """The level with this value, or None when the value is off the scale."""
        for level in self.levels:
            if level.value == value:
                return level
        return None


@frozen(kw_only=True)
class Descriptor:
    """What a competency looks like at one level of its scale (one row of a rubric)."""

    level: int
    text: str


@frozen(kw_only=True)
class Indicator:
    """A behavioural item that raters answer; reverse-keyed items are reflected when scored."""

    id: str
    text: str
    reverse: bool = False
    #: The scale this item is answered on, when it differs from its competency's.
    scale: str | None = None
    extensions: Extensions = field(factory=dict, hash=False, eq=extensions_key)


@frozen(kw_only=True)
class Relation:
    """A link from a competency to another one, in this framework or another."""

    type: RelationType
    target: str
    #: The other framework (``id`` or ``id@version``); None means this framework.
    framework: str | None = None


@frozen(kw_only=True)
class Competency:
    """A competency: a node of the framework's tree, with items, rubric and relations."""

    id: str
    title: str
    kind: CompetencyKind
    parent: str | None = None
    description: str | None = None
    scale: str | None = None
    weight: float = 1.0
    tags: tuple[str, ...] = ()
    #: Ids of competencies of an earlier version that this one replaces.
    replaces: tuple[str, ...] = ()
    relations: tuple[Relation, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    descriptors: tuple[Descriptor, ...] = ()
    extensions: Extensions = field(factory=dict, hash=False, eq=extensions_key)

    def descriptor(self, level: int) -> str | None:
        """The descriptor text for a level, or None when the rubric has none."""
        for descriptor in self.descriptors:
            if descriptor.level == level:
                return descriptor.text
        return None


@frozen(kw_only=True)
class Provenance:
    """Where a framework comes from and on what terms."""

    source: str
    licence: str | None = None
    url: str | None = None
    #: True when this is our own rendering of someone else's framework, not theirs.
    unofficial: bool = False
    note: str | None = None


@frozen(kw_only=True)
class Framework:
    """A versioned competency framework: scales plus a tree of competencies.

    Competencies are kept flat in document order; ``parent`` links make the tree.
    """

    id: str
    version: str
    title: str
    description: str | None = None
    provenance: Provenance | None = None
    #: The scale of competencies that do not name one.
    default_scale: str | None = None
    #: True when the top-level competencies form a sequence (as in ADKAR or Kotter).
    sequential: bool = False
    tags: tuple[str, ...] = ()
    scales: tuple[Scale, ...]
    competencies: tuple[Competency, ...]
    extensions: Extensions = field(factory=dict, hash=False, eq=extensions_key)

    @property
    def ref(self) -> str:
        """The exact name of this framework: ``id@version``."""
        return f"{self.id}@{self.version}"

    def competency(self, competency_id: str) -> Competency:
        """The competency with this id; KeyError when there is none."""
        return self._index[competency_id]

    def get(self, competency_id: str) -> Competency | None:
        """The competency with this id, or None."""
        return self._index.get(competency_id)

    def __contains__(self, competency_id: object) -> bool:
        return competency_id in self._index

    def children(self, competency_id: str | None) -> tuple[Competency, ...]:
        """The direct children of a competency (None: the top level), in document order."""
        return self._children.get(competency_id, ())

    def roots(self) -> tuple[Competency, ...]:
        """The top-level competencies in document order."""
        return self.children(None)

    def walk(self) -> Iterator[tuple[int, Competency]]:
        """Every competency reachable from the top, depth first, with its depth (0 at the top)."""
        stack = [(0, c) for c in reversed(self.roots())]
        while stack:
            depth, competency = stack.pop()
            yield depth, competency
            stack.extend((depth + 1, c) for c in reversed(self.children(competency.id)))

    def scale(self, scale_id: str) -> Scale | None:
        """The scale with this id, or None."""
        for scale in self.scales:
            if scale.id == scale_id:
                return scale
        return None

    def scale_of(self, competency: Competency) -> Scale | None:
        """The scale a competency is rated on: its own, else the framework's default."""
        scale_id = competency.scale or self.default_scale
        return None if scale_id is None else self.scale(scale_id)

    def scale_of_item(self, item_id: str) -> Scale | None:
        """The scale an indicator or a competency (rated directly) is answered on."""
        return self._item_scales.get(item_id)

    def is_item(self, item_id: str) -> bool:
        """True for the id of an indicator or a competency: what a rating may name."""
        return item_id in self._item_scales

    @cached_property
    def _item_scales(self) -> dict[str, Scale | None]:
        scales: dict[str, Scale | None] = {}
        for competency in self.competencies:
            own = self.scale_of(competency)
            scales.setdefault(competency.id, own)
            for indicator in competency.indicators:
                scale = own if indicator.scale is None else self.scale(indicator.scale)
                scales.setdefault(indicator.id, scale)
        return scales

    def indicator_index(self) -> dict[str, tuple[Competency, Indicator]]:
        """Every indicator by id, with the competency that holds it."""
        return self._indicators

    @cached_property
    def _index(self) -> dict[str, Competency]:
        index: dict[str, Competency] = {}
        for competency in self.competencies:
            index.setdefault(competency.id, competency)
        return index

    @cached_property
    def _children(self) -> dict[str | None, tuple[Competency, ...]]:
        groups: dict[str | None, list[Competency]] = {}
        for competency in self.competencies:
            groups.setdefault(competency.parent, []).append(competency)
        return {key: tuple(value) for key, value in groups.items()}

    @cached_property
    def _indicators(self) -> dict[str, tuple[Competency, Indicator]]:
        index: dict[str, tuple[Competency, Indicator]] = {}
        for competency in self.competencies:
            for indicator in competency.indicators:
                index.setdefault(indicator.id, (competency, indicator))
        return index
