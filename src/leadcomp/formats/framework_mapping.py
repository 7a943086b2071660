"""Frameworks of other shapes, read through a framework mapping (kind ``framework-mapping``).

``read_mapped(source, mapping)`` reads a framework kept as a CSV file (one row per competency),
a JSON or YAML tree (a list of competencies, nested or with parent ids), or Markdown with YAML
front matter (one file holding a list, or a folder of files, one competency each, whose body is
the key ``body``), by the keys or columns the mapping names for each competency's id, parent,
title, description, kind, tags, levels and criteria. Whatever the mapping does not name is kept
under the competency's ``extensions["source"]`` (and said once, in a warning), so nothing is
lost. docs/foreign.md has the mapping's fields and examples.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from typing import Any

import leadcomp.documents._pipeline as _api
import leadcomp.formats._foreign as f
from leadcomp.documents._pipeline import bulk, check, parse_source, read_bytes
from leadcomp.model import (
    COMPETENCY_KINDS,
    Descriptor,
    Framework,
    FrameworkMapping,
    Indicator,
    Level,
    Scale,
)
from leadcomp.model._types import CompetencyKind, JSONValue
from leadcomp.problems import (
    InvalidDocument,
    PathParts,
    Problem,
    json_path,
    problem,
    sort_problems,
)
from leadcomp.read._limits import DEFAULT_LIMITS, Limits
from leadcomp.read._reader import parse

Source = str | os.PathLike[str] | bytes | Mapping[str, Any] | list[Any]
MappingSource = FrameworkMapping | str | os.PathLike[str] | bytes | Mapping[str, Any]

_CRITERION_TEXT = ("text", "statement", "title", "description")
_LEVEL_VALUE = ("level", "value")
_LEVEL_TEXT = ("text", "description", "descriptor", "label")


def read_mapped(
    source: Source,
    mapping: MappingSource,
    *,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[Framework, list[Problem]]:
    """A framework from a file of another shape, read as the framework mapping says, and its
    warnings.

    ``source`` is a path (a CSV, JSON, YAML or Markdown file, or a folder of Markdown files),
    bytes, or parsed data (trees); ``mapping`` a FrameworkMapping or a framework-mapping
    document (path, bytes or data). InvalidDocument, with every Problem located, when the
    mapping is invalid, the source cannot be read in the mapping's shape, a column the mapping
    names is missing, or parents loop.
    """
    chosen = _mapping(mapping)
    with bulk():
        reader = _Reader(chosen, limits)
        framework = reader.run(source)
    found = reader.finish()
    if framework is None or any(p.is_error for p in found):
        raise InvalidDocument(found)
    return framework, found


def load_mapped(
    source: Source, mapping: MappingSource, *, limits: Limits = DEFAULT_LIMITS
) -> Framework:
    """A framework read through a framework mapping; like ``read_mapped`` without warnings."""
    return read_mapped(source, mapping, limits=limits)[0]


def _mapping(mapping: MappingSource) -> FrameworkMapping:
    if isinstance(mapping, FrameworkMapping):
        errors = [p for p in check(mapping) if p.is_error]
        if errors:
            raise InvalidDocument(errors)
        return mapping

    loaded = _api.load_document(mapping, kind="framework-mapping")
    if not isinstance(loaded, FrameworkMapping):  # pragma: no cover - load checks the kind
        raise InvalidDocument([problem("wrong-kind", "expected a framework-mapping document")])
    return loaded


class _Item:
    """One competency's source data with where it is."""

    __slots__ = ("data", "parent", "where")

    def __init__(self, data: dict[str, Any], where: Problem, parent: str | None) -> None:
        self.data = data
        self.where = where
        self.parent = parent


class _Reader:
    def __init__(self, mapping: FrameworkMapping, limits: Limits) -> None:
        self.mapping = mapping
        self.limits = limits
        self.report = f.Report()
        self.parsed: dict[str | None, tuple[Any, int]] = {}
        self.unmapped: dict[str, Problem] = {}
        self.levels_seen: set[int] = set()
        self.body: str | None = None

    def finish(self) -> list[Problem]:
        found = self.report.finish()
        by_file: dict[str | None, list[Problem]] = {}
        for p in found:
            by_file.setdefault(p.file, []).append(p)
        located: list[Problem] = []
        for file, group in by_file.items():
            entry = self.parsed.get(file)
            if entry is None or not entry[0].text:
                located.extend(group)
                continue
            parsed, offset = entry
            for p in parsed.locate(group):
                if offset and p.line is not None:
                    p = Problem(code=p.code, message=p.message, path=p.path, parts=p.parts,
                                file=p.file, line=p.line + offset, column=p.column,
                                severity=p.severity)
                located.append(p)
        return sort_problems(located)

    # -- sources ------------------------------------------------------------------------------

    def run(self, source: Source) -> Framework | None:
        shape = self.mapping.shape
        if shape == "csv":
            if not isinstance(source, (str, os.PathLike, bytes)):
                raise TypeError("a CSV source is a path or bytes")
            items = list(self._csv(source))
        elif shape == "tree":
            items = list(self._tree(source))
        else:
            items = list(self._markdown(source))
        if self.report.failed:
            return None
        return self._build(items)

    def _csv(self, source: str | os.PathLike[str] | bytes) -> Iterator[_Item]:
        fields = self.mapping.fields
        named = [n for n in (fields.id, fields.title, fields.parent, fields.description,
                             fields.kind, fields.tags, fields.criteria) if n]
        named += [c.column for c in fields.level_columns]
        table = f.read_table(source, limits=self.limits, what="this CSV file",
                             required=dict.fromkeys(named))
        for row, cells in table.rows:
            yield _Item(dict(cells), table.where(row, fields.id), None)

    def _tree(self, source: Source) -> Iterator[_Item]:
        if isinstance(source, list):
            data: Any = source
            file = None
        else:
            parsed = parse_source(source, limits=self.limits)
            self.parsed[parsed.file] = (parsed, 0)
            data, file = parsed.data, parsed.file
        yield from self._items_of(data, file, ())

    def _items_of(self, data: Any, file: str | None, base: PathParts) -> Iterator[_Item]:
        path = self.mapping.items
        parts: PathParts = base
        if path is not None:
            for key in path.split("."):
                if isinstance(data, dict) and key in data:
                    data = data[key]
                    parts = (*parts, key)
                elif isinstance(data, dict) and path in data:
                    data = data[path]
                    parts = (*base, path)
                    break
                else:
                    self.report.add(self._at(file, parts, "missing-items",
                                             f"there is no {path!r} here: the mapping's items "
                                             "names where the list of competencies is", "error"))
                    return
        if not isinstance(data, list):
            hint = ("" if path else "; name the key that holds them in the mapping's items")
            self.report.add(self._at(file, parts, "not-a-list",
                                     f"expected the list of competencies here, found "
                                     f"{type(data).__name__}{hint}", "error"))
            return
        yield from self._walk(data, file, parts)

    def _walk(self, entries: list[Any], file: str | None, parts: PathParts) -> Iterator[_Item]:
        """The competencies of a list and their nested children, depth first in document
        order (without recursion: nesting may be deep)."""
        children = self.mapping.children
        stack: list[tuple[list[Any], PathParts, str | None, int]] = [(entries, parts, None, 0)]
        while stack:
            items, where, up, start = stack.pop()
            for index in range(start, len(items)):
                entry = items[index]
                at = (*where, index)
                if not isinstance(entry, dict):
                    self.report.add(self._at(file, at, "not-an-object",
                                             f"each competency is an object; this one is "
                                             f"{type(entry).__name__}: it is left out"),
                                    group="not-an-object")
                    continue
                item = _Item(entry, self._at(file, at, "", ""), up)
                yield item
                kids = entry.get(children) if children else None
                if kids is None:
                    continue
                if not isinstance(kids, list):
                    self.report.add(self._at(file, (*at, children or ""), "not-a-list",
                                             f"{children} must be a list of competencies; found "
                                             f"{type(kids).__name__}: left out"),
                                    group="children-not-list")
                    continue
                key = self._key(item)
                stack.append((items, where, up, index + 1))
                stack.append((kids, (*at, children or ""), key if key else up, 0))
                break

    def _markdown(self, source: Source) -> Iterator[_Item]:
        if isinstance(source, (str, os.PathLike)) and os.path.isdir(source):
            names = sorted(
                os.path.join(source, n) for n in os.listdir(source) if n.lower().endswith(".md")
            )
            if not names:
                self.report.add(Problem(code="empty", message="this folder holds no .md files; "
                                        "each competency is a Markdown file with YAML front "
                                        "matter", path="$", file=os.fspath(source)))
                return
        elif isinstance(source, (str, os.PathLike, bytes)):
            names = [source]  # type: ignore[list-item]
        else:
            raise TypeError("a Markdown source is a path, a folder or bytes")
        for name in names:
            file = f.file_name(name)
            raw = name if isinstance(name, bytes) else read_bytes(name, self.limits)
            text = raw.decode("utf-8", "replace").lstrip("\ufeff")
            lines = text.splitlines(keepends=True)
            if not lines or lines[0].strip() != "---":
                self.report.add(Problem(
                    code="no-front-matter", severity="error", path="$", file=file, line=1,
                    message="a Markdown framework file starts with YAML front matter: a line "
                    "'---', the YAML, and another '---'"))
                continue
            end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")),
                       None)
            if end is None:
                self.report.add(Problem(
                    code="no-front-matter", severity="error", path="$", file=file, line=1,
                    message="the front matter has no closing '---' line"))
                continue
            front = "".join(lines[1:end])
            body = "".join(lines[end + 1:]).strip()
            try:
                parsed = parse(front.encode("utf-8"), file=file, syntax="yaml",
                               limits=self.limits)
            except InvalidDocument as invalid:
                for p in invalid.problems:
                    line = p.line + 1 if p.line is not None else None
                    self.report.add(Problem(code=p.code, message=p.message, path=p.path,
                                            parts=p.parts, file=file, line=line,
                                            column=p.column, severity=p.severity))
                continue
            self.parsed[file] = (parsed, 1)
            data = parsed.data
            if self.mapping.items is not None:
                if body and self.body is None:
                    self.body = body
                yield from self._items_of(data, file, ())
                continue
            if not isinstance(data, dict):
                self.report.add(self._at(file, (), "not-an-object",
                                         "the front matter of a competency's file is a YAML "
                                         f"mapping; found {type(data).__name__}", "error"))
                continue
            item = dict(data)
            if body:
                item.setdefault("body", body)
            yield _Item(item, self._at(file, (), "", ""), None)

    @staticmethod
    def _at(file: str | None, parts: PathParts, code: str, message: str,
            severity: Any = "warning") -> Problem:
        return Problem(code=code, message=message, path=json_path(parts), parts=parts,
                       file=file, severity=severity)

    # -- values --------------------------------------------------------------------------------

    def _get(self, item: _Item, key: str | None) -> Any:
        if not key:
            return None
        data = item.data
        if key in data:
            return data[key]
        if self.mapping.shape == "csv" or "." not in key:
            return None
        value: Any = data
        for part in key.split("."):
            if isinstance(value, dict) and part in value:
                value = value[part]
            else:
                return None
        return value

    @staticmethod
    def _text(value: Any) -> str | None:
        if value is None or isinstance(value, (dict, list)):
            return None
        if isinstance(value, bool):
            return "true" if value else "false"
        text = str(value).strip()
        return text or None

    def _key(self, item: _Item) -> str | None:
        return self._text(self._get(item, self.mapping.fields.id))

    def _list(self, value: Any) -> list[Any]:
        if value is None:
            return []
        if isinstance(value, list):
            return value
        if isinstance(value, str):
            return [p.strip() for p in value.split(self.mapping.separator) if p.strip()]
        return [value]

    # -- the framework -------------------------------------------------------------------------

    def _build(self, items: list[_Item]) -> Framework | None:
        mapping = self.mapping
        fields = mapping.fields
        used = {k.split(".")[0] for k in (fields.id, fields.title, fields.parent,
                                           fields.description, fields.kind, fields.tags,
                                           fields.criteria, fields.levels) if k}
        used |= {c.column for c in fields.level_columns}
        if mapping.children:
            used.add(mapping.children)
        kinds = {entry.value: entry.kind for entry in mapping.kinds}
        lowered = {k.casefold(): v for k, v in kinds.items()}
        nodes: list[f.Node] = []
        for item in items:
            key = self._key(item)
            up = item.parent
            if key is None:
                self.report.add(f.at(item.where, "missing-id",
                                     f"this competency has no {fields.id!r} (its id); it is left "
                                     "out"), group="missing-id")
                continue
            title = self._text(self._get(item, fields.title))
            if title is None:
                self.report.add(f.at(item.where, "missing-title",
                                     f"this competency has no {fields.title!r} (its title); its "
                                     "id is its title"), group="missing-title")
            parent_value = self._text(self._get(item, fields.parent)) if fields.parent else None
            parents = [parent_value] if parent_value else ([up] if up else [])
            kind = mapping.default_kind
            unknown_kind = False
            raw_kind = self._text(self._get(item, fields.kind)) if fields.kind else None
            if raw_kind is not None:
                if raw_kind in kinds:
                    kind = kinds[raw_kind]
                elif raw_kind.casefold() in lowered:
                    kind = lowered[raw_kind.casefold()]
                elif raw_kind in COMPETENCY_KINDS:
                    kind = raw_kind
                else:
                    self.report.add(f.at(item.where, "unknown-kind",
                                         f"the kind {raw_kind!r} is not in the mapping's kinds; "
                                         f"the competency is a {mapping.default_kind} (the value "
                                         "is kept in extensions['source'])"),
                                    group=f"kind:{raw_kind}")
                    unknown_kind = True
            description = self._text(self._get(item, fields.description))
            node = f.Node(key, f.derive_id(key) or key, title or key, item.where,
                          parents=parents, description=description,
                          kind=self._kind(kind))
            if fields.tags:
                tags = [self._text(t) for t in self._list(self._get(item, fields.tags))]
                node.tags = tuple(dict.fromkeys(t for t in tags if t))
            self._criteria(item, node)
            self._levels(item, node)
            left: dict[str, JSONValue] = {}
            for name, value in item.data.items():
                if name in used or value in (None, "", [], {}):
                    continue
                left[name] = value
                if name not in self.unmapped:
                    self.unmapped[name] = item.where
            if unknown_kind and fields.kind:
                left[fields.kind] = raw_kind
            if left:
                node.extensions = {"source": left}
            nodes.append(node)
        if self.unmapped:
            names = ", ".join(repr(n) for n in list(self.unmapped)[:10])
            more = len(self.unmapped) - 10
            first = next(iter(self.unmapped.values()))
            self.report.add(f.at(first, "unmapped-fields",
                                 f"the mapping does not name {names}"
                                 + (f" and {more} more" if more > 0 else "")
                                 + "; their values are kept in each competency's "
                                 "extensions['source']"))
        scale = mapping.scale
        if scale is None and self.levels_seen:
            values = sorted(self.levels_seen)
            if len(values) < 2:
                values = [values[0], values[0] + 1]
            scale = Scale(id="levels", title="Levels",
                          levels=tuple(Level(value=v, label=f"Level {v}") for v in values))
            self.report.add(f.at(f.file_problem(nodes[0].where.file if nodes else None),
                                 "no-scale",
                                 "the mapping has no scale; the framework's scale 'levels' has "
                                 "the level values the competencies' levels use ("
                                 + ", ".join(map(str, values)) + "); give the mapping a scale "
                                 "to name them"))
        elif scale is None:
            self.report.add(f.at(f.file_problem(nodes[0].where.file if nodes else None),
                                 "no-levels",
                                 "neither the source nor the mapping has levels; the framework "
                                 "gets the 4-level scale 'default' (give the mapping a scale)"))
        if scale is not None:
            self._check_levels(nodes, scale)
        if not nodes and not self.report.failed:
            self.report.add(Problem(code="empty", message="no competencies were read: check the "
                                    "mapping's items and fields against the file", path="$",
                                    severity="warning"))
        fw = mapping.framework
        return f.build(
            nodes, self.report, id=fw.id, title=fw.title, version=fw.version,
            description=fw.description or self.body, provenance=fw.provenance,
            scales=[scale] if scale is not None else [],
            default=Scale(id="default", title="Default scale (the source has no levels)",
                          levels=f.DEFAULT_LEVELS),
            extensions={"framework_mapping": mapping.id} if mapping.id else None,
            source="the file read",
        )

    @staticmethod
    def _kind(kind: str) -> CompetencyKind:
        return kind if kind in COMPETENCY_KINDS else "skill"

    def _criteria(self, item: _Item, node: f.Node) -> None:
        key = self.mapping.fields.criteria
        if not key:
            return
        texts: list[str] = []
        for entry in self._list(self._get(item, key)):
            if isinstance(entry, dict):
                text = next((self._text(entry.get(k)) for k in _CRITERION_TEXT
                             if self._text(entry.get(k))), None)
            else:
                text = self._text(entry)
            if text:
                texts.append(text)
            else:
                self.report.add(f.at(item.where, "bad-criterion",
                                     f"a criterion in {key!r} has no text (a string, or an "
                                     "object with 'text'); it is left out"),
                                group="bad-criterion")
        node.indicators = [
            Indicator(id=f"{node.id}.{n}"[:200], text=text) for n, text in enumerate(texts, 1)
        ]

    def _levels(self, item: _Item, node: f.Node) -> None:
        fields = self.mapping.fields
        found: dict[int, str] = {}
        if fields.levels:
            value = self._get(item, fields.levels)
            pairs: list[tuple[Any, Any]] = []
            if isinstance(value, dict):
                pairs = list(value.items())
            elif isinstance(value, list):
                for entry in value:
                    if isinstance(entry, dict):
                        level = next((entry[k] for k in _LEVEL_VALUE if k in entry), None)
                        text = next((entry[k] for k in _LEVEL_TEXT if k in entry), None)
                        pairs.append((level, text))
                    else:
                        pairs.append((None, entry))
            elif value is not None:
                pairs = [(None, value)]
            for level, text in pairs:
                number = _whole(level)
                words = self._text(text)
                if number is None or words is None:
                    self.report.add(f.at(item.where, "bad-level",
                                         f"a level in {fields.levels!r} needs a whole-number "
                                         "level and a text; it is left out"),
                                    group="bad-level")
                    continue
                found.setdefault(number, words)
        for column in fields.level_columns:
            words = self._text(self._get(item, column.column))
            if words:
                found.setdefault(column.level, words)
        if found:
            self.levels_seen.update(found)
            node.descriptors = [Descriptor(level=v, text=t) for v, t in sorted(found.items())]

    def _check_levels(self, nodes: list[f.Node], scale: Scale) -> None:
        allowed = scale.value_set
        for node in nodes:
            bad = [d for d in node.descriptors if d.level not in allowed]
            if bad:
                self.report.add(f.at(node.where, "unknown-level",
                                     f"level {bad[0].level} is not on the scale "
                                     f"{scale.id!r}; the descriptor is kept in "
                                     "extensions['source']"), group="unknown-level")
                node.descriptors = [d for d in node.descriptors if d.level in allowed]
                source = node.extensions.setdefault("source", {})
                if isinstance(source, dict):
                    source["off_scale_levels"] = {str(d.level): d.text for d in bad}


def _whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None
