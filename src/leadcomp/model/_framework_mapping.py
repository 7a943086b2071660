"""Framework mappings: where, in a file of another shape, a framework's parts are.

A framework mapping (kind ``framework-mapping``) lets ``read_mapped`` read a framework kept as
a JSON or YAML tree, a CSV file, or Markdown files with YAML front matter, by naming the keys or
columns that hold each competency's id, parent, title, description, kind, tags, levels and
criteria: a new shape needs a mapping, not code.
"""

from __future__ import annotations

from typing import Literal

from attrs import field, frozen

from leadcomp.model._framework import Provenance, Scale
from leadcomp.model._types import CompetencyKind, Extensions

#: What the source file is: a CSV file (one row per competency), a JSON or YAML tree, or
#: Markdown with YAML front matter (one file, or a folder of them, one competency a file).
MappedShape = Literal["csv", "tree", "markdown"]
MAPPED_SHAPES: tuple[MappedShape, ...] = ("csv", "tree", "markdown")


@frozen(kw_only=True)
class MappedFramework:
    """The framework a mapping makes: its id, version, title and where it comes from."""

    id: str
    version: str = "1.0.0"
    title: str
    description: str | None = None
    provenance: Provenance | None = None


@frozen(kw_only=True)
class LevelColumn:
    """The column (or key) holding a competency's descriptor at one level."""

    level: int
    column: str


@frozen(kw_only=True)
class KindValue:
    """A value of the source's kind field and the leadcomp kind it means."""

    value: str
    kind: CompetencyKind


@frozen(kw_only=True)
class MappedFields:
    """Where each part of a competency is: a column (CSV) or a key (a tree, front matter).

    Keys may be dotted paths into nested objects (``meta.code``). ``levels`` names a key whose
    value gives the competency's level descriptors (an object from level value to text, or a
    list of objects with ``level`` and ``text``); ``level_columns`` names one column (or key)
    per level value instead. ``criteria`` names a list of texts (in a CSV cell, separated by
    the mapping's ``separator``) that become the competency's indicators.
    """

    id: str
    title: str
    parent: str | None = None
    description: str | None = None
    kind: str | None = None
    tags: str | None = None
    criteria: str | None = None
    levels: str | None = None
    level_columns: tuple[LevelColumn, ...] = ()


@frozen(kw_only=True)
class FrameworkMapping:
    """How to read a framework kept in another shape (see ``leadcomp.read_mapped``)."""

    id: str | None = None
    title: str | None = None
    description: str | None = None
    shape: MappedShape
    framework: MappedFramework
    fields: MappedFields
    #: Trees and front matter: the dotted path to the list of competencies (None: the
    #: document itself when it is a list, or, in Markdown, each file is one competency).
    items: str | None = None
    #: Trees: the key under which a competency lists its children (nesting as the tree).
    children: str | None = None
    #: Values of the ``kind`` field and the leadcomp kind each means.
    kinds: tuple[KindValue, ...] = ()
    #: The kind of competencies whose kind is not given (or not in ``kinds``).
    default_kind: CompetencyKind = "skill"
    #: What separates the entries of a list in one CSV cell (tags, criteria).
    separator: str = ";"
    #: The scale of the framework (default: a 4-level scale, with a warning).
    scale: Scale | None = None
    extensions: Extensions = field(factory=dict, hash=False)
