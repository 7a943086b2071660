"""CASE import: a CFPackage (CASE 1.0, 1.1 or OpenSALT's draft-era shape) becomes a Framework.

Mapping (docs/case.md has the whole table):

- CFDocument -> the framework: title, description, version (semver when it reads as one),
  provenance (creator, licenseURI.title, officialSourceURL); the id is a slug of the title.
- CFItems -> competencies: id from humanCodingScheme when unique and a valid id, else from the
  identifier; title from abbreviatedStatement, else the fullStatement shortened; description is
  the fullStatement; kind from CFItemType. Items of type "Indicator" without children under a
  competency become its indicators.
- isChildOf -> the tree, siblings ordered by sequenceNumber, then listEnumeration, then
  humanCodingScheme (numbers inside both by value: "2" before "10"), then file order.
- an item that cannot be read (not an object, no identifier, an identifier already used) is
  skipped with a warning and kept in ``extensions["case"]``; with ``strict=True`` it is an error.
- other associations -> relations; CFRubrics -> scales and per-competency descriptors.
- everything else -> ``extensions["case"]`` of the framework, competency or indicator, so that a
  re-export restores it; ``extensions.leadcomp`` objects (written by the exporter) restore what
  CASE cannot say.
"""

from __future__ import annotations

import contextlib
import copy
import re
from collections import Counter
from collections.abc import Callable
from typing import Any, get_args

from attrs import evolve

import leadcomp.formats._case_spec as spec
from leadcomp.documents._pipeline import check
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
from leadcomp.model._converter import structure
from leadcomp.model._types import CompetencyKind, RelationType
from leadcomp.problems import PathParts, Problem, Severity, problem
from leadcomp.read._limits import DEFAULT_LIMITS, Limits
from leadcomp.validation._schema_check import describe

#: Codes of deviations from the CASE specification: warnings, or errors with ``strict=True``.
DEVIATIONS = frozenset(
    {
        "case-deviation",
        "case-dangling-association",
        "case-duplicate-identifier",
        "case-missing-identifier",
        "case-unreadable-item",
    }
)

_ITEMS = "CFItems"
_ASSOCIATIONS = "CFAssociations"
_PACKAGE_KEYS = frozenset(
    {"CFDocument", "CFItems", "CFAssociations", "CFDefinitions", "CFRubrics", "extensions"}
)
_NO_PARENT = -2
_DOCUMENT = -1
_ITEM_NATIVE = frozenset(
    {"fullStatement", "abbreviatedStatement", "humanCodingScheme", "CFItemType"}
)


class _Report:
    """Problems, with repeated deviations of one sort folded into the first (and a count)."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._groups: dict[tuple[str, ...], list[int]] = {}

    def add(
        self,
        code: str,
        message: str,
        parts: PathParts = (),
        *,
        severity: Severity = "warning",
        group: tuple[str, ...] | None = None,
        count: int = 1,
    ) -> None:
        if group is not None:
            entry = self._groups.get(group)
            if entry is not None:
                entry[1] += count
                return
            self._groups[group] = [len(self.problems), count]
        self.problems.append(problem(code, message, parts, severity=severity))

    def error(self, code: str, message: str, parts: PathParts = ()) -> None:
        self.add(code, message, parts, severity="error")

    @property
    def failed(self) -> bool:
        return any(p.is_error for p in self.problems)

    def finish(self, strict: bool) -> list[Problem]:
        found = list(self.problems)
        for index, count in self._groups.values():
            if count > 1:
                p = found[index]
                found[index] = evolve(p, message=f"{p.message} ({count - 1} more like it)")
        if strict:
            found = [_strict(p) if p.code in DEVIATIONS else p for p in found]
        return found


_LENIENT = (
    "; skipped and kept in extensions['case']",
    "; kept in extensions['case']",
    "; kept as it is",
    " (read as one)",
    "; ignored",
)


def _strict(p: Problem) -> Problem:
    """A deviation as an error: what lenient reading would have done is left out."""
    message = p.message
    for phrase in _LENIENT:
        message = message.replace(phrase, "")
    return evolve(p, severity="error", message=f"{message} (an error in strict mode)")


class _Stop(Exception):
    """The package cannot be read further (the problems say why)."""


def _describe(value: Any) -> str:
    return describe(value)


_CONTAINERS = frozenset({dict, list})


def _flat(value: Any) -> bool:
    """True when a dict or list holds no dict or list (checked at C speed)."""
    return _CONTAINERS.isdisjoint(map(type, value.values() if type(value) is dict else value))


def depth_ok(value: Any, depth: int, limit: int) -> bool:
    """True when no array or object in ``value`` (itself at ``depth``) is deeper than ``limit``."""
    if depth < limit and _flat(value):
        return True
    stack = [(value, depth)]
    while stack:
        current, level = stack.pop()
        if level > limit:
            return False
        children = current.values() if type(current) is dict else current
        stack.extend((v, level + 1) for v in children if type(v) in (dict, list))
    return True


def split_extensions(value: Any) -> tuple[dict[str, Any] | None, Any]:
    """The leadcomp object inside a CASE ``extensions`` value, and the rest (None when empty)."""
    if type(value) is not dict:
        return None, value
    if spec.LEADCOMP not in value:
        return None, value or None
    ours = value[spec.LEADCOMP]
    rest = {k: v for k, v in value.items() if k != spec.LEADCOMP}
    return (ours if type(ours) is dict else None), (rest or None)


def _spilled(ours: dict[str, Any] | None) -> dict[str, Any] | None:
    if ours is None:
        return None
    spilled = ours.get(spec.SPILL)
    return spilled if type(spilled) is dict else None


class _Node:
    """One CFItem on its way to becoming a competency or an indicator."""

    __slots__ = (
        "assoc",
        "assoc_at",
        "at",
        "id",
        "indicator",
        "item",
        "left",
        "parent",
        "position",
        "relations",
        "seq",
    )

    def __init__(self, item: dict[str, Any], position: int, at: int) -> None:
        self.item = item
        self.position = position
        self.at = at
        self.id = ""
        self.parent = _NO_PARENT
        self.seq: int | None = None
        self.assoc: dict[str, Any] | None = None
        self.assoc_at = -1
        self.indicator = False
        self.left: dict[str, Any] = {}
        self.relations: list[tuple[Relation, dict[str, Any]]] = []


class CaseImport:
    """One import of one parsed package.

    ``overrides=False`` leaves out what ``extensions.leadcomp`` objects restore beyond CASE: the
    exporter imports its own output that way to learn what it must add.
    """

    def __init__(
        self,
        data: Any,
        *,
        strict: bool = False,
        limits: Limits = DEFAULT_LIMITS,
        overrides: bool = True,
    ) -> None:
        self.data = data
        self.strict = strict
        self.limits = limits
        self.overrides = overrides
        self.report = _Report()
        self.nodes: list[_Node] = []
        self.by_identifier: dict[str, int] = {}
        self.unmapped: list[Any] = []
        self.extra_items: list[Any] = []
        self.pending: list[tuple[int, dict[str, Any], str, int, str, Any]] = []
        self.occurrence_at: dict[int, int] = {}
        self.doc: dict[str, Any] = {}
        self.doc_ours: dict[str, Any] = {}
        self.doc_left: dict[str, Any] = {}
        self.marker = False
        self.doc_identifier: str | None = None
        self.doc_uri: str | None = None
        self.stamp: Any = None
        self.framework_id = ""
        self.version = "1.0.0"
        self.ref = ""
        self.links: list[dict[str, Any]] = []
        self.doc_link: dict[str, Any] = {}
        #: True when extensions.leadcomp objects changed what CASE alone says.
        self.applied = False

    def run(self) -> tuple[Framework | None, list[Problem]]:
        """The framework (None when the package has errors) and every problem found."""
        framework = None
        with contextlib.suppress(_Stop):
            framework = self._run()
        problems = self.report.finish(self.strict)
        if any(p.is_error for p in problems):
            return None, problems
        return framework, problems

    def _run(self) -> Framework:
        data = self.data
        if type(data) is not dict:
            self.report.error(
                "case-not-a-package",
                "a CASE package is a JSON object with CFDocument, CFItems and CFAssociations; "
                f"found {_describe(data)}",
            )
            raise _Stop
        doc = data.get("CFDocument")
        if type(doc) is not dict:
            self.report.error(
                "case-no-document",
                "the package has no CFDocument object; a CASE package needs one to say what "
                "framework it is",
                ("CFDocument",) if "CFDocument" in data else (),
            )
            raise _Stop
        self.doc = doc
        items = self._list(data, _ITEMS)
        associations = self._list(data, _ASSOCIATIONS)
        if self.report.failed:
            raise _Stop
        self._package_keys(data)
        ours, doc_rest = split_extensions(doc.get("extensions"))
        self.marker = ours is not None
        self.doc_ours = ours or {}
        self._document(doc, doc_rest)
        self._items(items)
        if self.report.failed:
            raise _Stop
        self._ids()
        self._make_links()
        self._associations(associations)
        self._classify()
        order = self._order()
        if self.report.failed:
            raise _Stop
        scales, rated, stash = self._rubrics(data.get("CFRubrics"))
        return self._build(data, order, scales, rated, stash)

    def _list(self, data: dict[str, Any], key: str) -> list[Any]:
        value = data.get(key)
        if value is None:
            return []
        if type(value) is not list:
            self.report.error(
                "case-invalid",
                f"{key} must be a list of objects; found {_describe(value)}",
                (key,),
            )
            return []
        for index, entry in enumerate(value):
            if type(entry) is not dict and key != _ITEMS:
                self.report.error(
                    "case-invalid",
                    f"each entry of {key} must be an object; this one is {_describe(entry)}",
                    (key, index),
                )
        return value

    def _package_keys(self, data: dict[str, Any]) -> None:
        for key, value in data.items():
            if key not in _PACKAGE_KEYS:
                why = spec.LEGACY_KEYS.get(key, "CASE 1.1 has no such package property")
                self._deviation(
                    (key,), f"{key!r}: {why}; kept in extensions['case']", ("package", key)
                )
            if key not in (_ITEMS, _ASSOCIATIONS):
                self._check_depth(value, 2, (key,))

    def _check_depth(self, value: Any, depth: int, parts: PathParts) -> None:
        if type(value) in (dict, list) and not depth_ok(value, depth, self.limits.max_depth):
            self.report.error(
                "too-deep",
                f"arrays and objects are nested deeper than the limit of {self.limits.max_depth}",
                parts,
            )
            raise _Stop

    def _deviation(self, parts: PathParts, message: str, group: tuple[str, ...]) -> None:
        self.report.add("case-deviation", message, parts, group=group)

    def _not_uuid(self, parts: PathParts, where: str, count: int = 1) -> None:
        self.report.add(
            "case-deviation",
            f"the {where} identifier is not a UUID (CASE 1.1 identifiers are UUIDs; web "
            "addresses are a common deviation); kept as it is",
            parts,
            group=("uuid", where),
            count=count,
        )

    def _unknown_key(self, where: str, key: str, parts: PathParts, count: int = 1) -> None:
        why = spec.LEGACY_KEYS.get(key, f"CASE 1.1 has no such {where} property")
        self.report.add(
            "case-deviation",
            f"{key!r}: {why}; kept in extensions['case']",
            parts,
            group=("key", where, key),
            count=count,
        )

    def _unknown_keys(self, tally: dict[str, list[int]], where: str, path: str) -> None:
        for key, (position, count) in tally.items():
            self._unknown_key(where, key, (path, position, key), count)

    def _bad_identifiers(self, identifiers: list[Any], positions: list[int], where: str) -> None:
        """One deviation for the identifiers that are not UUIDs (unless all are)."""
        if _all_match(spec.UUIDS, identifiers):
            return
        bad = [
            position
            for position, identifier in zip(positions, identifiers, strict=True)
            if identifier is not None and not spec.is_uuid(identifier)
        ]
        if bad:
            path = _ITEMS if where == "CFItem" else _ASSOCIATIONS
            self._not_uuid((path, bad[0], "identifier"), where, len(bad))

    def _stamp_check(self, value: Any, parts: PathParts, where: str, count: int = 1) -> None:
        if value is None:
            self.report.add(
                "case-deviation",
                f"this {where} has no lastChangeDateTime, which CASE 1.1 requires",
                parts[:-1],
                group=("missing", where),
                count=count,
            )
        elif not spec.is_datetime(value):
            self.report.add(
                "case-deviation",
                f"lastChangeDateTime is {_describe(value)}, not an RFC 3339 date-time with a "
                "time zone such as 2024-01-31T09:00:00Z",
                parts,
                group=("stamp", where),
                count=count,
            )

    # -- the document -----------------------------------------------------------------------

    def _document(self, doc: dict[str, Any], rest: Any) -> None:
        """Identity of the framework (id, version, title) and what the document keeps."""
        left = self.doc_left
        identifier = doc.get("identifier")
        if type(identifier) is str and identifier:
            self.doc_identifier = identifier
            if not spec.is_uuid(identifier):
                self._not_uuid(("CFDocument", "identifier"), "CFDocument")
        uri = doc.get("uri")
        self.doc_uri = uri if type(uri) is str and uri else None
        self.stamp = doc.get("lastChangeDateTime")
        self.doc_link = {"title": doc.get("title"), "identifier": identifier, "uri": uri}
        for key in doc:
            if key not in spec.DOCUMENT:
                self._unknown_key("CFDocument", key, ("CFDocument", key))
        for key in sorted(spec.DOCUMENT_REQUIRED):
            if key not in doc and key != "lastChangeDateTime":
                self._deviation(
                    ("CFDocument",),
                    f"the CFDocument has no {key}, which CASE 1.1 requires",
                    ("missing", "CFDocument", key),
                )
        self._stamp_check(self.stamp, ("CFDocument", "lastChangeDateTime"), "CFDocument")

        title = doc.get("title")
        if type(title) is str and title:
            self.title = title
        else:
            self.title = self.doc_identifier or "Untitled CASE framework"
        framework_id = self.doc_ours.get("id")
        if type(framework_id) is not str or not spec.is_id(framework_id):
            framework_id = (
                spec.slug(self.title)
                or spec.id_slug(self.doc_identifier or "")
                or "case-framework"
            )
        self.framework_id = framework_id
        version_text = doc.get("version")
        if type(version_text) is str:
            self.version, exact = spec.version_of(version_text)
            if exact is None:
                self.report.add(
                    "case-version",
                    f"the version {version_text!r} is not a semantic version; the framework "
                    "gets 1.0.0 and the text is kept in extensions['case']",
                    ("CFDocument", "version"),
                )
            if not exact:
                left["version"] = version_text
        self.ref = f"{self.framework_id}@{self.version}"
        description = doc.get("description")
        self.description = description if type(description) is str and description else None
        self.provenance = _provenance(doc)

        derived: dict[str, Any] = {"caseVersion": "1.1", "lastChangeDateTime": spec.EPOCH}
        if type(identifier) is str:
            derived["uri"] = spec.derived_uri(identifier)
        if self.marker:
            derived["identifier"] = spec.derived_identifier(self.ref)
        provenance = self.provenance
        consumed = {
            "title": self.title == title,
            "version": type(version_text) is str,
            "description": self.description is not None,
            "creator": provenance is not None,
            "officialSourceURL": provenance is not None and provenance.url is not None,
        }
        for key, value in doc.items():
            if key == "extensions" or consumed.get(key) or key in left:
                continue
            if key in derived and derived[key] == value:
                continue
            left[key] = value
        if rest is not None:
            left["extensions"] = rest
        spilled = _spilled(self.doc_ours)
        if spilled is not None and type(spilled.get("CFDocument")) is dict:
            left.update(spilled["CFDocument"])

    # -- items ------------------------------------------------------------------------------

    def _items(self, items: list[Any]) -> None:
        nodes = self.nodes
        index = self.by_identifier
        known = _ITEM_KEYS.issuperset
        flat = _CONTAINERS.isdisjoint
        stamps: dict[Any, int] = {}
        every: list[Any] = []
        unknown: dict[str, list[int]] = {}
        for position, item in enumerate(items):
            if type(item) is not dict:
                self.report.add(
                    "case-unreadable-item",
                    f"each entry of CFItems must be an object; this one is {_describe(item)}"
                    "; skipped and kept in extensions['case']",
                    (_ITEMS, position),
                    group=("unreadable-item",),
                )
                self.extra_items.append(item)
                continue
            identifier = item.get("identifier")
            if type(identifier) is not str or not identifier:
                self.report.add(
                    "case-missing-identifier",
                    "this CFItem has no identifier (a non-empty string); CASE items are found "
                    "by their identifier, so it cannot be placed; skipped and kept in "
                    "extensions['case']",
                    (_ITEMS, position),
                    group=("missing-identifier",),
                )
                self.extra_items.append(item)
                continue
            if identifier in index:
                self.report.add(
                    "case-duplicate-identifier",
                    f"the identifier {identifier!r} is already used by "
                    f"$.CFItems[{nodes[index[identifier]].position}]; the first item is used "
                    "and this one is kept in extensions['case']",
                    (_ITEMS, position, "identifier"),
                    group=("duplicate",),
                )
                self.extra_items.append(item)
                continue
            index[identifier] = len(nodes)
            nodes.append(_Node(item, position, len(nodes)))
            if not known(item):
                for key in item:
                    if key not in _ITEM_KEYS:
                        tally = unknown.get(key)
                        if tally is None:
                            unknown[key] = [position, 1]
                        else:
                            tally[1] += 1
            if not flat(map(type, item.values())):
                self._deep_values(item, (_ITEMS, position))
            stamp = item.get("lastChangeDateTime")
            if type(stamp) is not str and stamp is not None:
                stamp = _ODD
            every.append(stamp)
            if stamp not in stamps:
                stamps[stamp] = position
            if type(item.get("fullStatement")) is not str:
                self._deviation(
                    (_ITEMS, position),
                    "this CFItem has no fullStatement (a string), which CASE 1.1 requires; "
                    "its title comes from its code or identifier",
                    ("missing", "CFItem", "fullStatement"),
                )
        self._unknown_keys(unknown, "CFItem", _ITEMS)
        self._bad_identifiers(
            [node.item["identifier"] for node in nodes], [node.position for node in nodes], "CFItem"
        )
        self._stamps(stamps, every, items, _ITEMS, "CFItem")

    def _stamps(
        self, first: dict[Any, int], every: list[Any], objects: list[Any], where: str, name: str
    ) -> None:
        """One deviation for missing, and one for malformed, lastChangeDateTime values
        (``first``: the first place of each value; non-strings are counted as one)."""
        bad = {
            stamp: position for stamp, position in first.items() if not spec.is_datetime(stamp)
        }
        if not bad:
            return
        counts = Counter(every)
        for missing in (True, False):
            found = [(p, s) for s, p in bad.items() if (s is None) == missing]
            if found:
                position = min(position for position, _stamp in found)
                self._stamp_check(
                    objects[position].get("lastChangeDateTime"),
                    (where, position, "lastChangeDateTime"),
                    name,
                    sum(counts[s] for _p, s in found),
                )

    def _deep_values(self, holder: dict[str, Any], parts: PathParts) -> None:
        """Check the depth of the containers in an item or association (at depth 4)."""
        flat = _CONTAINERS.isdisjoint
        for key, value in holder.items():
            kind = type(value)
            if kind is dict:
                if flat(map(type, value.values())):
                    continue
            elif kind is not list or flat(map(type, value)):
                continue
            if not depth_ok(value, 4, self.limits.max_depth):
                self._check_depth(value, 4, (*parts, key))

    def _ids(self) -> None:
        """Each item's id: its humanCodingScheme when unique and a valid id, else its identifier
        (or an id made of it), made unique by a numeric suffix as a last resort."""
        nodes = self.nodes
        codes = [
            code if type(code) is str else None
            for code in (node.item.get("humanCodingScheme") for node in nodes)
        ]
        if len(set(codes)) == len(codes) and _all_match(spec.IDS, codes):
            for node, code in zip(nodes, codes, strict=True):
                node.id = code  # type: ignore[assignment]
            return
        counts = Counter(codes)
        taken: set[str] = set()
        is_id = spec.ID_PATTERN.fullmatch
        for node, code in zip(nodes, codes, strict=True):
            if type(code) is str and counts[code] == 1 and code not in taken and is_id(code):
                chosen = code
            else:
                identifier = node.item["identifier"]
                if identifier not in taken and is_id(identifier):
                    chosen = identifier
                else:
                    base = spec.id_slug(identifier) or "item"
                    chosen = base
                    number = 2
                    while chosen in taken:
                        suffix = f"-{number}"
                        chosen = base[: 200 - len(suffix)] + suffix
                        number += 1
            taken.add(chosen)
            node.id = chosen

    # -- associations -----------------------------------------------------------------------

    def _associations(self, associations: list[Any]) -> None:
        nodes = self.nodes
        index = self.by_identifier
        doc_identifier = self.doc_identifier
        doc_uri = self.doc_uri
        known = _ASSOCIATION_KEYS.issuperset
        flat = _CONTAINERS.isdisjoint
        marker = self.marker
        seen: dict[tuple[Any, ...], int] = {}
        stamps: dict[Any, int] = {}
        identifiers: list[Any] = []
        every: list[Any] = []
        unknown: dict[str, list[int]] = {}
        for position, association in enumerate(associations):
            if not known(association):
                for key in association:
                    if key not in _ASSOCIATION_KEYS:
                        tally = unknown.get(key)
                        if tally is None:
                            unknown[key] = [position, 1]
                        else:
                            tally[1] += 1
            origin = association.get("originNodeURI")
            destination = association.get("destinationNodeURI")
            if not flat(map(type, association.values())):
                self._deep_values(association, (_ASSOCIATIONS, position))
            kind = association.get("associationType")
            origin_id = (
                origin.get("identifier")
                if type(origin) is dict
                else association.get("originNodeIdentifier")
            )
            destination_id = (
                destination.get("identifier")
                if type(destination) is dict
                else association.get("destinationNodeIdentifier")
            )
            if marker and type(origin_id) is str and type(destination_id) is str:
                key3 = (origin_id, kind if type(kind) is str else None, destination_id)
                self.occurrence_at[position] = seen[key3] = seen.get(key3, -1) + 1
            identifier = association.get("identifier")
            identifiers.append(identifier)
            stamp = association.get("lastChangeDateTime")
            if type(stamp) is not str and stamp is not None:
                stamp = _ODD
            every.append(stamp)
            if stamp not in stamps:
                stamps[stamp] = position
            if not (type(kind) is str and type(origin_id) is str and type(destination_id) is str):
                self._deviation(
                    (_ASSOCIATIONS, position),
                    "this CFAssociation lacks an associationType, an origin or a destination "
                    "identifier; kept in extensions['case']",
                    ("association-shape",),
                )
                self.unmapped.append(association)
                continue
            origin_at = index.get(origin_id)
            if origin_at is None:
                self._dangling(position, "origin", origin_id)
                self.unmapped.append(association)
                continue
            if kind != "isChildOf":
                self.pending.append(
                    (position, association, kind, origin_at, destination_id, destination)
                )
                continue
            if destination_id == doc_identifier or (
                doc_uri is not None
                and type(destination) is dict
                and destination.get("uri") == doc_uri
                and destination_id not in index
            ):
                parent = _DOCUMENT
            else:
                found = index.get(destination_id)
                if found is None:
                    self._dangling(position, "destination", destination_id)
                    self.unmapped.append(association)
                    continue
                parent = found
            node = nodes[origin_at]
            if node.parent != _NO_PARENT:
                self.report.add(
                    "case-polyhierarchy",
                    f"item {node.id!r} has more than one parent (isChildOf); leadcomp keeps "
                    f"the first ($.CFAssociations[{node.assoc_at}]) and keeps this one in "
                    "extensions['case']",
                    (_ASSOCIATIONS, position),
                    group=("polyhierarchy",),
                )
                self.unmapped.append(association)
                continue
            node.parent = parent
            sequence = association.get("sequenceNumber")
            node.seq = sequence if type(sequence) is int else self._sequence(sequence, position)
            node.assoc = association
            node.assoc_at = position
        self._unknown_keys(unknown, "CFAssociation", _ASSOCIATIONS)
        if None in identifiers:
            missing = [position for position, i in enumerate(identifiers) if i is None]
            self.report.add(
                "case-deviation",
                "this CFAssociation has no identifier, which CASE 1.1 requires",
                (_ASSOCIATIONS, missing[0]),
                group=("missing", "CFAssociation", "identifier"),
                count=len(missing),
            )
        self._bad_identifiers(identifiers, list(range(len(identifiers))), "CFAssociation")
        self._stamps(stamps, every, associations, _ASSOCIATIONS, "CFAssociation")

    def _dangling(self, position: int, end: str, identifier: str) -> None:
        where = (
            "neither an item of this package nor its document"
            if end == "destination"
            else "not an item of this package"
        )
        self.report.add(
            "case-dangling-association",
            f"the {end} of this association ({identifier!r}) is {where}; the association is "
            "kept in extensions['case']",
            (_ASSOCIATIONS, position, f"{end}NodeURI"),
            group=("dangling", end),
        )

    def _sequence(self, value: Any, position: int) -> int | None:
        if value is None or type(value) is int:
            return value
        if type(value) is str:
            try:
                number = int(value.strip())
            except ValueError:
                pass
            else:
                self._deviation(
                    (_ASSOCIATIONS, position, "sequenceNumber"),
                    f"sequenceNumber is the string {value!r}; CASE 1.1 says it is an integer "
                    "(read as one)",
                    ("sequence-string",),
                )
                return number
        self._deviation(
            (_ASSOCIATIONS, position, "sequenceNumber"),
            f"sequenceNumber is {_describe(value)}, not an integer; ignored",
            ("sequence-bad",),
        )
        return None

    def _classify(self) -> None:
        """Indicators (items of type Indicator without children, under a competency); then the
        other associations of competencies become their relations."""
        nodes = self.nodes
        parents = {node.parent for node in nodes}
        kinds: dict[str, bool] = {}
        for at, node in enumerate(nodes):
            if node.parent < 0 or at in parents:
                continue
            kind = node.item.get("CFItemType")
            if type(kind) is str:
                flag = kinds.get(kind)
                if flag is None:
                    flag = kinds[kind] = kind.casefold() == "indicator"
                node.indicator = flag
        for position, association, kind, origin_at, destination_id, destination in self.pending:
            origin = nodes[origin_at]
            relation_type = spec.RELATION_OF_TYPE.get(kind)
            if relation_type is None or origin.indicator:
                if relation_type is None and not spec.is_association_type(kind):
                    self._deviation(
                        (_ASSOCIATIONS, position, "associationType"),
                        f"{kind!r} is not a CASE association type (nor an ext: one); kept in "
                        "extensions['case']",
                        ("association-type", kind),
                    )
                self.unmapped.append(association)
                continue
            origin.relations.append(
                self._relation(
                    association, position, relation_type, origin, destination_id, destination
                )
            )

    def _relation(
        self,
        association: dict[str, Any],
        position: int,
        relation_type: RelationType,
        origin: _Node,
        destination_id: str,
        destination: Any,
    ) -> tuple[Relation, dict[str, Any]]:
        found = self.by_identifier.get(destination_id)
        derived: dict[str, Any] = {}
        if found is not None:
            target_node = self.nodes[found]
            relation = Relation(type=relation_type, target=target_node.id)
            derived["destinationNodeURI"] = self._link(found)
        else:
            title = destination.get("title") if type(destination) is dict else None
            uri = destination.get("uri") if type(destination) is dict else None
            framework = uri if type(uri) is str and uri else destination_id
            target = destination_id
            if (
                self.marker
                and type(title) is str
                and title
                and destination_id == spec.external_identifier(framework, title)
            ):
                target = title
            relation = Relation(type=relation_type, target=target, framework=framework)
            derived["destinationNodeURI"] = {
                "title": target,
                "identifier": destination_id,
                "uri": framework,
            }
        kept = self._association_left(
            association,
            position,
            origin,
            derived["destinationNodeURI"],
            spec.TYPE_OF_RELATION[relation_type],
        )
        return relation, kept

    def _link(self, at: int) -> dict[str, Any]:
        """The node link to item ``at`` as a writer would make it."""
        return self.links[at]

    def _make_links(self) -> None:
        """Every item's node link, built once."""
        title = spec.node_title
        self.links = [
            {"title": title(item), "identifier": item["identifier"], "uri": item.get("uri")}
            for item in (node.item for node in self.nodes)
        ]

    def _association_left(
        self,
        association: dict[str, Any],
        position: int,
        origin: _Node,
        destination: dict[str, Any],
        kind: str,
    ) -> dict[str, Any]:
        """What of an association its competency keeps: all but what is derived again."""
        left = dict(association)
        if left.get("associationType") == kind:
            del left["associationType"]
        if kind == "isChildOf":
            left.pop("sequenceNumber", None)
        if left.get("originNodeURI") == self._link(origin.at):
            del left["originNodeURI"]
        if left.get("destinationNodeURI") == destination:
            del left["destinationNodeURI"]
        if left.get("lastChangeDateTime", _NOTHING) == self.stamp:
            del left["lastChangeDateTime"]
        identifier = left.get("identifier")
        if type(identifier) is str:
            if left.get("uri") == "urn:uuid:" + identifier:
                del left["uri"]
            ends = association.get("destinationNodeURI")
            if (
                self.marker
                and type(ends) is dict
                and identifier
                == spec.association_identifier(
                    origin.item["identifier"],
                    association.get("associationType"),  # type: ignore[arg-type]
                    ends.get("identifier"),  # type: ignore[arg-type]
                    self.occurrence_at.get(position, 0),
                )
            ):
                del left["identifier"]
        if "extensions" in left:
            ours, rest = split_extensions(left.pop("extensions"))
            if rest is not None:
                left["extensions"] = rest
            spilled = _spilled(ours)
            if spilled:
                left.update(spilled)
        return left

    # -- the tree -----------------------------------------------------------------------------

    def _order(self) -> list[int]:
        """Competency nodes depth first, siblings in order; an error for isChildOf cycles."""
        nodes = self.nodes
        kids: dict[int, list[tuple[tuple[Any, ...], int]]] = {}
        for at, node in enumerate(nodes):
            if not node.indicator:
                parent = _DOCUMENT if node.parent == _NO_PARENT else node.parent
                kids.setdefault(parent, []).append((_sort_key(node), at))
        order: list[int] = []
        stack = [_DOCUMENT]
        while stack:
            current = stack.pop()
            if current >= 0:
                order.append(current)
            children = kids.get(current)
            if children:
                children.sort()
                stack.extend(at for _key, at in reversed(children))
        if len(order) < sum(1 for node in nodes if not node.indicator):
            placed = set(order)
            start = next(
                at for at, node in enumerate(nodes) if at not in placed and not node.indicator
            )
            self._cycle(start, placed)
        return order

    def _cycle(self, start: int, placed: set[int]) -> None:
        nodes = self.nodes
        chain: list[int] = []
        current = start
        while current >= 0 and current not in chain and current not in placed:
            chain.append(current)
            current = nodes[current].parent
        loop = chain[chain.index(current) :] if current in chain else chain
        names = " -> ".join(nodes[at].id for at in [*loop, loop[0]])
        self.report.error(
            "case-cycle",
            f"isChildOf associations make items their own ancestors: {names}; a CASE tree "
            "cannot loop",
            (_ASSOCIATIONS, nodes[loop[0]].assoc_at),
        )

    # -- rubrics ------------------------------------------------------------------------------

    def _rubrics(
        self, rubrics: Any
    ) -> tuple[list[Scale], dict[int, tuple[str, tuple[Descriptor, ...]]], list[Any]]:
        scales: list[Scale] = []
        rated: dict[int, tuple[str, tuple[Descriptor, ...]]] = {}
        stash: list[Any] = []
        if rubrics is None:
            return scales, rated, stash
        if type(rubrics) is not list:
            self._deviation(
                ("CFRubrics",), "CFRubrics is not a list; kept in extensions['case']", ("rubrics",)
            )
            return scales, rated, [rubrics]
        nodes = self.nodes
        by_id = {node.id: at for at, node in enumerate(nodes)}

        def lookup(identifier: str) -> str | None:
            at = self.by_identifier.get(identifier)
            return None if at is None or nodes[at].indicator else nodes[at].id

        taken: set[str] = set()
        for number, rubric in enumerate(rubrics):
            parts: PathParts = ("CFRubrics", number)
            result = rubric_scale(rubric, lookup, taken, number, self.report, parts)
            identifier = rubric.get("identifier") if type(rubric) is dict else None
            derived = (
                spec.derived_identifier(f"{self.ref}/scale/{result[0].id}")
                if result is not None and self.marker
                else None
            )
            if identifier is None or identifier != derived:
                stash.append(rubric)
            if result is None:
                continue
            scale, described = result
            taken.add(scale.id)
            scales.append(scale)
            for competency_id, descriptors in described.items():
                at = by_id[competency_id]
                if at in rated:
                    self.report.add(
                        "case-rubric",
                        f"competency {competency_id!r} has criteria in more than one rubric; "
                        "leadcomp keeps the first",
                        parts,
                        group=("rubric-twice",),
                    )
                    continue
                rated[at] = (scale.id, descriptors)
        return scales, rated, stash

    # -- building -----------------------------------------------------------------------------

    def _build(
        self,
        data: dict[str, Any],
        order: list[int],
        scales: list[Scale],
        rated: dict[int, tuple[str, tuple[Descriptor, ...]]],
        stash: list[Any],
    ) -> Framework:
        case: dict[str, Any] = {}
        if self.doc_left:
            case["CFDocument"] = self.doc_left
        if "CFDefinitions" in data:
            case["CFDefinitions"] = data["CFDefinitions"]
        if self.unmapped:
            case["CFAssociations"] = self.unmapped
        if stash:
            case["CFRubrics"] = stash
        if self.extra_items:
            case["CFItems"] = self.extra_items
        package = {k: v for k, v in data.items() if k not in _PACKAGE_KEYS or k == "extensions"}
        if package:
            case["CFPackage"] = package
        if not scales:
            scales = [spec.DEFAULT_SCALE]
            case["default_scale"] = spec.DEFAULT_SCALE_NOTE
        for key, value in (_spilled(self.doc_ours) or {}).items():
            if key == "CFDocument":
                continue
            if type(case.get(key)) is list and type(value) is list:
                case[key] = case[key] + value
            else:
                case.setdefault(key, value)
        framework = Framework(
            id=self.framework_id,
            version=self.version,
            title=self.title,
            description=self.description,
            provenance=self.provenance,
            default_scale=scales[0].id,
            scales=tuple(scales),
            competencies=tuple(self._competencies(order, rated, scales[0].id)),
            extensions={spec.CASE: case} if case else {},
        )
        if self.overrides and self.doc_ours:
            framework = self._framework_overrides(framework)
        self._check_written_depth(framework, order)
        return framework

    def _check_written_depth(self, framework: Framework, order: list[int]) -> None:
        """Refuse what the package holds that the framework would keep in ``extensions``
        nested deeper than a leadcomp document may be (two levels or more under where CASE
        has it), so that what is read can be validated and written alike."""
        limit = min(self.limits.max_depth, DEFAULT_LIMITS.max_depth)
        too_deep: list[tuple[PathParts, str]] = []
        if framework.extensions and not depth_ok(framework.extensions, 2, limit):
            too_deep.append(((), "$.extensions"))
        nodes = self.nodes
        for index, competency in enumerate(framework.competencies):
            if (
                competency.extensions and not depth_ok(competency.extensions, 4, limit)
            ) or any(
                indicator.extensions and not depth_ok(indicator.extensions, 6, limit)
                for indicator in competency.indicators
            ):
                at = order[index] if index < len(order) else -1
                where: PathParts = (_ITEMS, nodes[at].position) if 0 <= at < len(nodes) else ()
                too_deep.append((where, f"$.competencies[{index}]"))
        for where, kept in too_deep:
            self.report.error(
                "too-deep",
                f"read as a leadcomp framework, what this holds is kept in {kept} (under "
                f"'extensions') nested deeper than the limit of {limit}, which no leadcomp "
                "document may be; remove the deepest levels",
                where,
            )
        if too_deep:
            raise _Stop

    def _competencies(
        self,
        order: list[int],
        rated: dict[int, tuple[str, tuple[Descriptor, ...]]],
        default: str,
    ) -> list[Competency]:
        """Competencies in order. The loop inlines ``_texts``, ``_item_left`` and
        ``_child_left`` (which indicators use) for speed."""
        nodes = self.nodes
        indicators: dict[int, list[_Node]] = {}
        for node in nodes:
            if node.indicator:
                indicators.setdefault(node.parent, []).append(node)
        for group in indicators.values():
            group.sort(key=_sort_key)
        built: list[Competency] = []
        append = built.append
        overrides = self.overrides
        marker = self.marker
        stamp = self.stamp
        kinds: dict[str, tuple[CompetencyKind, bool]] = {}
        links = self.links
        doc_link = self.doc_link
        case_key = spec.CASE
        natives = _ITEM_NATIVE
        simple = _SIMPLE_TEXT.fullmatch
        for at in order:
            node = nodes[at]
            item = node.item
            left: dict[str, Any] = {}
            full = item.get("fullStatement")
            if (
                type(full) is str
                and "abbreviatedStatement" not in item
                and len(full) <= 100
                and simple(full)
            ):
                title, description = full, None
            else:
                title, description = _texts(item, left)
            item_type = item.get("CFItemType")
            if type(item_type) is str:
                known = kinds.get(item_type)
                if known is None:
                    mapped = spec.kind_of_type(item_type) or "skill"
                    known = kinds[item_type] = (mapped, spec.KIND_LABELS[mapped] != item_type)
                kind, keep = known
                if keep:
                    left["CFItemType"] = item_type
            else:
                kind = "skill"
                left["CFItemType"] = item_type
            if item.get("humanCodingScheme", _NOTHING) != node.id:
                left["humanCodingScheme"] = item.get("humanCodingScheme")
            # the item's other keys, less what a writer would derive again
            kept = dict(item)
            for key in natives:
                kept.pop(key, None)
            identifier = item["identifier"]
            uri = "urn:uuid:" + identifier
            if kept.get("uri") == uri:
                del kept["uri"]
            if kept.get("lastChangeDateTime", _NOTHING) == stamp:
                del kept["lastChangeDateTime"]
            if marker and identifier == spec.derived_identifier(f"{self.ref}/{node.id}"):
                del kept["identifier"]
            ours = None
            if "extensions" in kept:
                ours, rest = split_extensions(kept.pop("extensions"))
                if rest is not None:
                    kept["extensions"] = rest
                spilled = _spilled(ours)
                if spilled:
                    kept.update(spilled)
            if left:
                left.update(kept)
            else:
                left = kept
            case: dict[str, Any] = {"CFItem": left} if left else {}
            association = node.assoc
            if association is not None:
                if marker or "extensions" in association:
                    child = self._child_left(node)
                else:  # the same as _child_left, inline
                    child = dict(association)
                    del child["associationType"]
                    child.pop("sequenceNumber", None)
                    if child.get("originNodeURI") == links[at]:
                        del child["originNodeURI"]
                    parent_at = node.parent
                    if child.get("destinationNodeURI") == (
                        links[parent_at] if parent_at >= 0 else doc_link
                    ):
                        del child["destinationNodeURI"]
                    if child.get("lastChangeDateTime", _NOTHING) == stamp:
                        del child["lastChangeDateTime"]
                    named = child.get("identifier")
                    if type(named) is str and child.get("uri") == "urn:uuid:" + named:
                        del child["uri"]
                if child:
                    case["isChildOf"] = child
            relations: tuple[Relation, ...] = ()
            if node.relations:
                relations = tuple(relation for relation, _kept in node.relations)
                if any(kept for _relation, kept in node.relations):
                    case["CFAssociations"] = [kept for _relation, kept in node.relations]
            competency = Competency(
                id=node.id,
                title=title,
                kind=kind,
                parent=nodes[node.parent].id if node.parent >= 0 else None,
                description=description,
                relations=relations,
                extensions={case_key: case} if case else {},
            )
            if (indicators and at in indicators) or (rated and at in rated):
                competency = self._rated(competency, at, indicators, rated, default)
            if overrides and ours:
                competency = self._apply(competency, ours, _COMPETENCY_FIELDS, node.position)
            append(competency)
        return built

    def _rated(
        self,
        competency: Competency,
        at: int,
        indicators: dict[int, list[_Node]],
        rated: dict[int, tuple[str, tuple[Descriptor, ...]]],
        default: str,
    ) -> Competency:
        """The competency with its indicators, scale and descriptors."""
        changes: dict[str, Any] = {}
        if at in indicators:
            changes["indicators"] = tuple(self._indicator(n) for n in indicators[at])
        found = rated.get(at)
        if found is not None:
            scale_id, changes["descriptors"] = found
            changes["scale"] = None if scale_id == default else scale_id
        return evolve(competency, **changes)

    def _indicator(self, node: _Node) -> Indicator:
        item = node.item
        left: dict[str, Any] = {}
        full = item.get("fullStatement")
        if type(full) is str and full:
            text = full
        else:
            text = spec.node_title(item) or item["identifier"]
            if "fullStatement" in item:
                left["fullStatement"] = full
        if "abbreviatedStatement" in item:
            left["abbreviatedStatement"] = item["abbreviatedStatement"]
        if item.get("CFItemType") != spec.INDICATOR_TYPE:
            left["CFItemType"] = item.get("CFItemType")
        code = item.get("humanCodingScheme")
        if code != node.id:
            left["humanCodingScheme"] = code
        ours = self._item_left(node, left)
        left = node.left
        case: dict[str, Any] = {}
        if left:
            case["CFItem"] = left
        kept = self._child_left(node)
        if kept:
            case["isChildOf"] = kept
        indicator = Indicator(id=node.id, text=text, extensions={spec.CASE: case} if case else {})
        if self.overrides and ours:
            indicator = self._apply(indicator, ours, _INDICATOR_FIELDS, node.position)
        return indicator

    def _item_left(self, node: _Node, left: dict[str, Any]) -> dict[str, Any] | None:
        """Add the item's keys that are not derived to ``left``; return its leadcomp object."""
        item = node.item
        kept = dict(item)
        for key in _ITEM_NATIVE:
            kept.pop(key, None)
        identifier = item["identifier"]
        if kept.get("uri") == "urn:uuid:" + identifier:
            del kept["uri"]
        if kept.get("lastChangeDateTime", _NOTHING) == self.stamp:
            del kept["lastChangeDateTime"]
        if self.marker and identifier == spec.derived_identifier(f"{self.ref}/{node.id}"):
            del kept["identifier"]
        ours = None
        if "extensions" in kept:
            ours, rest = split_extensions(kept.pop("extensions"))
            if rest is not None:
                kept["extensions"] = rest
        if left:
            left.update(kept)
        else:
            left = kept
        spilled = _spilled(ours)
        if spilled:
            left.update(spilled)
        node.left = left
        return ours

    def _child_left(self, node: _Node) -> dict[str, Any]:
        association = node.assoc
        if association is None:
            return {}
        destination = self._link(node.parent) if node.parent >= 0 else self.doc_link
        return self._association_left(association, node.assoc_at, node, destination, "isChildOf")

    # -- what extensions.leadcomp restores ------------------------------------------------------

    def _framework_overrides(self, framework: Framework) -> Framework:
        ours = self.doc_ours
        changes: dict[str, Any] = {}
        for name, kind in _FRAMEWORK_FIELDS.items():
            if name in ours:
                value = _structure(ours[name], kind)
                if value is _BAD:
                    self._bad_override("the CFDocument", name, ("CFDocument",))
                else:
                    changes[name] = value
        order = ours.get("order")
        if order is not None:
            by_id = {c.id: c for c in framework.competencies}
            if (
                type(order) is list
                and len(order) == len(by_id)
                and all(type(i) is str for i in order)
                and set(order) == by_id.keys()
            ):
                changes["competencies"] = tuple(by_id[i] for i in order)
            else:
                self._bad_override("the CFDocument", "order", ("CFDocument",))
        if changes:
            self.applied = True
            return evolve(framework, **changes)
        return framework

    def _apply(self, target: Any, ours: dict[str, Any], fields: dict[str, Any], at: int) -> Any:
        changes: dict[str, Any] = {}
        for name, kind in fields.items():
            if name in ours:
                value = _structure(ours[name], kind)
                if value is _BAD:
                    self._bad_override(f"item {target.id!r}", name, (_ITEMS, at))
                else:
                    changes[name] = value
        if changes:
            self.applied = True
            return evolve(target, **changes)
        return target

    def _bad_override(self, where: str, name: str, parts: PathParts) -> None:
        self.report.add(
            "case-leadcomp-extension",
            f"the leadcomp extension of {where} holds an invalid {name!r}; ignored",
            (*parts, "extensions", spec.LEADCOMP, name),
            group=("override", name),
        )


_NOTHING: Any = object()
#: Stands for any lastChangeDateTime that is not a string (so that it can be counted).
_ODD: Any = object()
#: A text that ``spec.shorten`` leaves as it is (no leading, trailing or repeated white space).
_SIMPLE_TEXT = re.compile(r"\S+(?: \S+)*")
_ITEM_KEYS = frozenset(spec.ITEM)
_ASSOCIATION_KEYS = frozenset(spec.ASSOCIATION)


def _all_match(pattern: Any, values: list[Any]) -> bool:
    """True when every value is a string the line pattern matches (one regex pass over all)."""
    if not values:
        return True
    if not all(type(v) is str for v in values):
        return False
    return pattern.fullmatch("\n".join(values)) is not None


def _sort_key(node: _Node) -> tuple[Any, ...]:
    """Siblings by sequenceNumber, then listEnumeration, then humanCodingScheme (numbers in
    both by value), then file order; a sibling without the first comes after those with it."""
    seq = node.seq
    listed = node.item.get("listEnumeration")
    code = node.item.get("humanCodingScheme")
    return (
        seq is None,
        0 if seq is None else seq,
        type(listed) is not str,
        spec.natural_key(listed) if type(listed) is str else (),
        type(code) is not str,
        spec.natural_key(code) if type(code) is str else (),
        node.position,
    )


def _texts(item: dict[str, Any], left: dict[str, Any]) -> tuple[str, str | None]:
    """A competency's title and description from its statements; statements they do not use
    go to ``left``."""
    full = item.get("fullStatement")
    short = item.get("abbreviatedStatement")
    derived_title = ""
    if type(full) is str and full.strip():
        derived_title = spec.shorten(full)
    else:
        if "fullStatement" in item:
            left["fullStatement"] = full
        full = None
    if type(short) is str and short:
        title = short
        if short == derived_title:
            left["abbreviatedStatement"] = short
    else:
        if "abbreviatedStatement" in item:
            left["abbreviatedStatement"] = short
        code = item.get("humanCodingScheme")
        title = derived_title or (code if type(code) is str and code else item["identifier"])
    return title, (full if full is not None and full != title else None)


def _provenance(doc: dict[str, Any]) -> Provenance | None:
    creator = doc.get("creator")
    if type(creator) is not str or not creator:
        return None
    link = doc.get("licenseURI")
    licence = link.get("title") if type(link) is dict else None
    url = doc.get("officialSourceURL")
    return Provenance(
        source=creator,
        licence=licence if type(licence) is str and licence else None,
        url=url if type(url) is str and url else None,
    )


# -- overrides: structured with the one converter, then checked as a whole ---------------------

_BAD = object()


def _structure(value: Any, kind: Any) -> Any:
    if kind is str:
        return value if type(value) is str else _BAD
    if kind is bool:
        return value if type(value) is bool else _BAD
    if kind is float:
        return float(value) if type(value) in (int, float) else _BAD
    if kind == "kind":
        return value if value in get_args(CompetencyKind) else _BAD
    if kind == "extensions":
        return copy.deepcopy(value) if type(value) is dict else _BAD
    if kind == "optional-str":
        return value if value is None or type(value) is str else _BAD

    try:
        return structure(copy.deepcopy(value), kind)
    except Exception:  # cattrs raises exception groups of any leaf type
        return _BAD


_FRAMEWORK_FIELDS: dict[str, Any] = {
    "title": str,
    "description": "optional-str",
    "provenance": Provenance | None,
    "default_scale": "optional-str",
    "sequential": bool,
    "tags": tuple[str, ...],
    "scales": tuple[Scale, ...],
    "extensions": "extensions",
}
_COMPETENCY_FIELDS: dict[str, Any] = {
    "title": str,
    "description": "optional-str",
    "kind": "kind",
    "scale": "optional-str",
    "weight": float,
    "tags": tuple[str, ...],
    "replaces": tuple[str, ...],
    "relations": tuple[Relation, ...],
    "descriptors": tuple[Descriptor, ...],
    "extensions": "extensions",
}
_INDICATOR_FIELDS: dict[str, Any] = {
    "text": str,
    "reverse": bool,
    "scale": "optional-str",
    "extensions": "extensions",
}


def rubric_scale(
    rubric: Any,
    lookup: Callable[[str], str | None],
    taken: set[str],
    number: int,
    report: _Report | None,
    parts: PathParts,
) -> tuple[Scale, dict[str, tuple[Descriptor, ...]]] | None:
    """A scale from a CFRubric's levels and, per competency its criteria point at (``lookup``
    maps item identifiers to competency ids), its descriptors: the level's feedback, else its
    description. None when the rubric makes no scale."""

    def warn(message: str) -> None:
        if report is not None:
            report.add("case-rubric", message + "; kept in extensions['case']", parts,
                       group=("rubric", message))

    if type(rubric) is not dict:
        warn("this CFRubric is not an object")
        return None
    criteria = rubric.get("CFRubricCriteria")
    if type(criteria) is not list or not all(type(c) is dict for c in criteria):
        warn("this CFRubric has no list of criteria")
        return None
    levels_of: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    every: list[dict[str, Any]] = []
    for criterion in criteria:
        levels = criterion.get("CFRubricCriterionLevels") or []
        if type(levels) is not list or not all(type(level) is dict for level in levels):
            warn("a criterion's levels are not a list of objects")
            return None
        if all(type(level.get("position")) is int for level in levels):
            levels = sorted(levels, key=lambda level: level["position"])
        levels_of.append((criterion, levels))
        every.extend(levels)
    key = "score"
    if not all(_whole(level.get("score")) for level in every):
        if not all(type(level.get("position")) is int for level in every):
            warn("this CFRubric's levels have neither whole-number scores nor positions")
            return None
        key = "position"
    labels: dict[int, tuple[str, str | None]] = {}
    for criterion, levels in levels_of:
        general = type(criterion.get("CFItemURI")) is not dict
        for level in levels:
            value = int(level[key])
            quality = level.get("quality")
            text = level.get("description")
            about = text if general and type(text) is str and text else None
            known = labels.get(value)
            if known is None:
                labels[value] = (quality if type(quality) is str and quality else str(value), about)
            elif known[1] is None and about is not None:
                labels[value] = (known[0], about)
    if len(labels) < 2:
        warn("this CFRubric has fewer than two levels, so it makes no scale")
        return None
    ours, _rest = split_extensions(rubric.get("extensions"))
    title = rubric.get("title")
    title = title if type(title) is str and title else None
    scale_id = ours.get("id") if ours is not None else None
    if type(scale_id) is not str or not spec.is_id(scale_id) or scale_id in taken:
        base = spec.slug(title or "") or f"rubric-{number + 1}"
        scale_id = base
        counter = 2
        while scale_id in taken:
            scale_id = f"{base}-{counter}"
            counter += 1
    scale = Scale(
        id=scale_id,
        title=title,
        levels=tuple(
            Level(value=value, label=label, description=about)
            for value, (label, about) in sorted(labels.items())
        ),
    )
    described: dict[str, tuple[Descriptor, ...]] = {}
    for criterion, levels in levels_of:
        link = criterion.get("CFItemURI")
        identifier = link.get("identifier") if type(link) is dict else None
        competency = lookup(identifier) if type(identifier) is str else None
        if competency is None or competency in described:
            continue
        descriptors: list[Descriptor] = []
        seen: set[int] = set()
        for level in levels:
            value = int(level[key])
            text = level.get("feedback")
            if type(text) is not str or not text:
                text = level.get("description")
            if type(text) is str and text and value not in seen:
                seen.add(value)
                descriptors.append(Descriptor(level=value, text=text))
        described[competency] = tuple(descriptors)
    return scale, described


def _whole(value: Any) -> bool:
    return type(value) is int or (type(value) is float and value.is_integer())


def import_package(
    data: Any, *, strict: bool = False, limits: Limits = DEFAULT_LIMITS, overrides: bool = True
) -> tuple[Framework | None, list[Problem]]:
    """A framework from parsed CASE data, and every problem (not yet placed in the text).

    Never raises for bad input. What ``extensions.leadcomp`` restored is checked against the
    framework schema and rules like any leadcomp document.
    """
    importer = CaseImport(data, strict=strict, limits=limits, overrides=overrides)
    framework, problems = importer.run()
    if framework is not None and importer.applied:
        errors = [p for p in check(framework) if p.is_error]
        if errors:
            problems.append(
                problem(
                    "case-leadcomp-extension",
                    "the leadcomp data in extensions does not make a valid framework: "
                    + "; ".join(f"{p.path}: {p.message}" for p in errors[:3]),
                    ("CFDocument", "extensions", spec.LEADCOMP),
                )
            )
            return None, problems
    return framework, problems
