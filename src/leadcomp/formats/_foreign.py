"""What the readers of foreign frameworks share: rows of a CSV file as dicts by header, and the
building of a Framework from flat nodes that name their parents.

Every reader (ESCO, O*NET, CTDL-ASN, a framework-mapping) turns its source into ``Node`` objects
(a source key, a leadcomp id, a parent key, texts, and everything else in ``extensions``) and
hands them to ``build``, which places them in a tree (file order among siblings unless a reader
sorts them), reports parents that are not in the source (the node goes to the top, the parent is
kept), second parents (kept as ``broader`` relations), duplicate keys and cycles, and makes ids
unique. Problems carry the node's location: a CSV row (``$[row 12]``) or a JSON path.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from typing import Any

from attrs import evolve

import leadcomp.formats._case_spec as spec
from leadcomp.model import (
    Competency,
    Descriptor,
    Framework,
    Indicator,
    Level,
    Provenance,
    Relation,
    Scale,
)
from leadcomp.model._types import CompetencyKind, JSONValue
from leadcomp.problems import (
    InvalidDocument,
    Problem,
    Severity,
    problem,
    sort_problems,
)
from leadcomp.read._limits import DEFAULT_LIMITS, Limits
from leadcomp.read._tabular import CsvRows, Row, cell_problem

#: The scale a framework gets when its source has no levels.
DEFAULT_LEVELS = (
    Level(value=1, label="Not yet"),
    Level(value=2, label="Developing"),
    Level(value=3, label="Proficient"),
    Level(value=4, label="Advanced"),
)

_NOT_ID = re.compile(r"[^A-Za-z0-9._:-]+")


def default_scale(prefix: str, source: str) -> Scale:
    """The 4-level scale added to a framework whose source has no levels."""
    return Scale(
        id=f"{prefix}-default",
        title=f"Default scale ({source} has no proficiency levels)",
        levels=DEFAULT_LEVELS,
    )


def derive_id(text: str, *, drop: str = "") -> str:
    """A leadcomp id made of a code or URI: ``drop`` (a URI prefix) and any scheme removed,
    characters other than letters, digits and ``._:-`` replaced by '-'; empty when nothing
    usable is left."""
    if drop and text.startswith(drop):
        text = text[len(drop):]
    text = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", text.strip())
    cleaned = _NOT_ID.sub("-", text).strip("._:-")[:200].rstrip("._:-")
    return cleaned if spec.is_id(cleaned) else ""


def file_name(source: Any) -> str | None:
    """The file name of a path source (None for bytes or data)."""
    return os.fspath(source) if isinstance(source, (str, os.PathLike)) else None


class Node:
    """One competency on its way into a framework."""

    __slots__ = (
        "description",
        "descriptors",
        "extensions",
        "id",
        "indicators",
        "key",
        "kind",
        "parents",
        "relations",
        "scale",
        "tags",
        "title",
        "where",
    )

    def __init__(
        self,
        key: str,
        id: str,
        title: str,
        where: Problem,
        *,
        parents: Sequence[str] = (),
        description: str | None = None,
        kind: CompetencyKind = "skill",
        extensions: dict[str, JSONValue] | None = None,
    ) -> None:
        self.key = key
        self.id = id
        self.title = title
        #: A located Problem template for this node (code and message are replaced).
        self.where = where
        self.parents = list(parents)
        self.description = description
        self.kind: CompetencyKind = kind
        self.extensions: dict[str, JSONValue] = extensions or {}
        self.relations: list[Relation] = []
        self.indicators: list[Indicator] = []
        self.descriptors: list[Descriptor] = []
        self.scale: str | None = None
        self.tags: tuple[str, ...] = ()


def at(template: Problem, code: str, message: str, severity: Severity = "warning") -> Problem:
    """A Problem at the place of ``template``."""
    return evolve(template, code=code, message=message, severity=severity)


def file_problem(file: str | None) -> Problem:
    """A Problem template for a whole file."""
    return Problem(code="", message="", path="$", file=file)


class Report:
    """Problems, with repeated warnings of one sort folded into the first (and a count)."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._groups: dict[str, list[int]] = {}

    def add(self, found: Problem, group: str | None = None) -> None:
        if group is not None:
            entry = self._groups.get(group)
            if entry is not None:
                entry[1] += 1
                return
            self._groups[group] = [len(self.problems), 1]
        self.problems.append(found)

    @property
    def failed(self) -> bool:
        return any(p.is_error for p in self.problems)

    def finish(self) -> list[Problem]:
        found = list(self.problems)
        for index, count in self._groups.values():
            if count > 1:
                p = found[index]
                found[index] = evolve(p, message=f"{p.message} ({count - 1} more like it)")
        return sort_problems(found)


# -- CSV ---------------------------------------------------------------------------------------


class Table:
    """A CSV file read whole: its header and its rows as dicts by header (blank rows left out)."""

    def __init__(self, header: list[str], rows: list[tuple[Row, dict[str, str]]], file: str | None):
        self.header = header
        self.rows = rows
        self.file = file

    def where(self, row: Row, column: str | None = None) -> Problem:
        """A Problem template at a row (or one of its cells)."""
        index = self.header.index(column) + 1 if column in self.header else None
        return cell_problem("", "", row, index, column if index else None, file=self.file)


def read_table(
    source: str | os.PathLike[str] | bytes,
    *,
    limits: Limits = DEFAULT_LIMITS,
    what: str,
    required: Iterable[str] = (),
) -> Table:
    """The rows of a CSV file by header; InvalidDocument when it is no CSV file, is empty, or
    lacks a required column (``what`` names the format for the messages)."""
    file = file_name(source)
    wide = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")  # UTF-16/32: said by CsvRows
    if (isinstance(source, (bytes, bytearray)) and b"\x00" in source[:4096]
            and not bytes(source[:4]).startswith(wide)):
        raise InvalidDocument([problem("not-csv", f"this is a binary file, not {what} (CSV)")])
    reader = CsvRows(source, file=file, limits=limits)
    header: list[str] | None = None
    rows: list[tuple[Row, dict[str, str]]] = []
    for row in reader:
        cells = [str(c) if c is not None else "" for c in row.cells]
        if header is None:
            if any("\x00" in c for c in cells):
                raise InvalidDocument(
                    [cell_problem("not-csv", f"this is a binary file, not {what} (CSV)", row,
                                  file=file)]
                )
            header = [c.strip() for c in cells]
            continue
        if not any(c.strip() for c in cells):
            continue
        rows.append((row, dict(zip(header, cells + [""] * (len(header) - len(cells)),
                                   strict=False))))
    if reader.problems:
        raise InvalidDocument(reader.problems)
    if header is None or not any(header):
        raise InvalidDocument(
            [Problem(code="empty", message=f"the file is empty: {what} needs a header row and "
                     "one row per competency", path="$", file=file, line=1 if file else None)]
        )
    missing = [name for name in required if name not in header]
    if missing:
        shown = ", ".join(repr(h) for h in header[:12] if h)
        raise InvalidDocument(
            [
                Problem(
                    code="missing-column",
                    message=f"{what} needs the column(s) {', '.join(map(repr, missing))}; the "
                    f"header has {shown or 'no names'}",
                    path="$[row 1]", file=file, line=1,
                )
            ]
        )
    return Table(header, rows, file)


# -- the tree ----------------------------------------------------------------------------------


def build(
    nodes: list[Node],
    report: Report,
    *,
    id: str,
    title: str,
    version: str = "1.0.0",
    description: str | None = None,
    provenance: Provenance | None = None,
    scales: Sequence[Scale] = (),
    default: Scale | None = None,
    extensions: dict[str, JSONValue] | None = None,
    source: str = "the source",
) -> Framework | None:
    """The framework of the nodes (None when there is an error in ``report``): duplicate keys
    dropped (warned), ids made unique, dangling parents to the top (warned), second parents as
    ``broader`` relations (warned), cycles refused (an error at the first node of the loop)."""
    by_key: dict[str, Node] = {}
    kept: list[Node] = []
    for node in nodes:
        if node.key in by_key:
            report.add(
                at(node.where, "duplicate-id",
                   f"{node.key!r} is already used by an earlier entry "
                   f"({by_key[node.key].where.path}); the first is used and this one is left "
                   "out"),
            )
            continue
        by_key[node.key] = node
        kept.append(node)
    _unique_ids(kept)
    parent_of: dict[str, str | None] = {}
    for node in kept:
        first: str | None = None
        for parent in node.parents:
            if parent == node.key:
                report.add(at(node.where, "parent-cycle",
                              f"{node.key!r} names itself as its parent; a competency cannot "
                              "contain itself: fix or remove the parent", "error"))
                continue
            if parent not in by_key:
                report.add(
                    at(node.where, "unknown-parent",
                       f"the parent {parent!r} is not in {source}; the competency goes to the "
                       "top level and the parent is kept in extensions['unknown_parents']"),
                    group="unknown-parent",
                )
                kept_parents = node.extensions.setdefault("unknown_parents", [])
                if isinstance(kept_parents, list):
                    kept_parents.append(parent)
                continue
            if first is None:
                first = parent
            else:
                node.relations.append(Relation(type="broader", target=by_key[parent].id))
                report.add(
                    at(node.where, "second-parent",
                       f"{node.key!r} has more than one parent; leadcomp keeps a tree, so the "
                       f"first ({first!r}) is its parent and the others are 'broader' relations"),
                    group="second-parent",
                )
        parent_of[node.key] = first
    if report.failed:
        return None
    order = _tree_order(kept, parent_of, report)
    if order is None:
        return None
    scale_list = list(scales)
    if not scale_list:
        if default is None:
            raise ValueError("a framework needs a scale")  # pragma: no cover - readers give one
        scale_list = [default]
    competencies = []
    for node in order:
        up = parent_of[node.key]
        competencies.append(
            Competency(
                id=node.id, title=node.title or node.id, kind=node.kind,
                parent=by_key[up].id if up is not None else None,
                description=node.description or None, scale=node.scale, tags=node.tags,
                relations=tuple(node.relations), indicators=tuple(node.indicators),
                descriptors=tuple(node.descriptors), extensions=node.extensions,
            )
        )
    return Framework(
        id=id if spec.is_id(id) else (spec.slug(id) or "framework"), version=version,
        title=title or "Untitled framework",
        description=description or None, provenance=provenance, default_scale=scale_list[0].id,
        scales=tuple(scale_list), competencies=tuple(competencies),
        extensions=extensions or {},
    )


def _unique_ids(nodes: list[Node]) -> None:
    taken: set[str] = set()
    for node in nodes:
        chosen = node.id if spec.is_id(node.id) else (derive_id(node.id) or "item")
        base = chosen
        number = 2
        while chosen in taken:
            suffix = f"-{number}"
            chosen = base[: 200 - len(suffix)] + suffix
            number += 1
        taken.add(chosen)
        node.id = chosen


def _tree_order(
    nodes: list[Node], parent_of: dict[str, str | None], report: Report
) -> list[Node] | None:
    kids: dict[str | None, list[Node]] = {}
    for node in nodes:
        kids.setdefault(parent_of[node.key], []).append(node)
    order: list[Node] = []
    stack = list(reversed(kids.get(None, [])))
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(reversed(kids.get(node.key, [])))
    if len(order) < len(nodes):
        placed = {n.key for n in order}
        start = next(n for n in nodes if n.key not in placed)
        loop = [start.key]
        current = parent_of[start.key]
        while current is not None and current not in loop:
            loop.append(current)
            current = parent_of[current]
        report.add(
            at(start.where, "parent-cycle",
               f"the parents loop: {' -> '.join([*loop, loop[0]])}; a competency cannot contain "
               "itself: give one of them another parent (or none)", "error")
        )
        return None
    return order


def pick_text(value: Any, languages: Sequence[str]) -> tuple[str | None, dict[str, Any] | None]:
    """The text of a plain string or a language map (``{"en-US": "..."}``) in the first
    language of ``languages`` it has (case-insensitive, ``en`` matching ``en-us``), else its
    first; and the whole map when it has other languages (None otherwise)."""
    if isinstance(value, str):
        return value, None
    if isinstance(value, list):
        texts = [pick_text(v, languages) for v in value]
        strings = [t for t, _ in texts if t]
        return ("; ".join(strings) or None), (None if len(strings) <= 1 else {"all": value})
    if not isinstance(value, dict) or not value:
        return None, None
    usable = {str(k): v for k, v in value.items() if isinstance(v, str) and v.strip()}
    if not usable:
        return None, None
    lowered = {k.lower(): k for k in usable}
    chosen = None
    for language in [*languages, "en", "en-us", "en-gb"]:
        language = language.lower()
        if language in lowered:
            chosen = lowered[language]
            break
        match = next((k for low, k in lowered.items() if low.split("-")[0] == language), None)
        if match is not None:
            chosen = match
            break
    if chosen is None:
        chosen = next(iter(usable))
    return usable[chosen], (dict(value) if len(usable) > 1 else None)
