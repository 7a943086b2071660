"""CASE export: a Framework becomes a CASE 1.1 CFPackage, valid against the official schema.

Identifiers are UUID5s of the framework's ``id@version`` and the competency ids (see
``_case_spec``), and undated objects get a fixed lastChangeDateTime, so the same framework always
gives the same bytes. What an imported package held (``extensions["case"]``) is written back where
CASE 1.1 allows it. What CASE cannot say is written to ``extensions.leadcomp`` objects: the writer
imports its own package and records every field that came back different, so reading the
package gives back exactly the framework written.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import leadcomp.formats._case_spec as spec
from leadcomp.documents._pipeline import check
from leadcomp.formats._case_read import depth_ok, import_package, rubric_scale
from leadcomp.model import Competency, Framework, Indicator, Scale
from leadcomp.model._converter import converter
from leadcomp.problems import InvalidDocument, problem
from leadcomp.read._limits import DEFAULT_LIMITS

_MISSING = object()


def _case_of(extensions: Any) -> dict[str, Any]:
    case = extensions.get(spec.CASE) if type(extensions) is dict else None
    return case if type(case) is dict else {}


def _part(case: dict[str, Any], key: str) -> dict[str, Any]:
    value = case.get(key)
    return value if type(value) is dict else {}


class _Writer:
    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.ref = framework.ref
        self.case = _case_of(framework.extensions)
        self.used: set[str] = set()
        self.items: dict[str, dict[str, Any]] = {}
        self.ours: dict[str, dict[str, Any]] = {}
        self.occurrences: dict[tuple[str, str, str], int] = {}
        self.doc: dict[str, Any] = {}
        self.doc_ours: dict[str, Any] = {}
        self.doc_spill: dict[str, Any] = {}
        self.stamp = spec.EPOCH
        self.sealed: list[dict[str, Any]] = []

    # -- shared helpers -------------------------------------------------------------------

    def _identity(
        self, target: dict[str, Any], left: dict[str, Any], derived: str, spill: dict[str, Any]
    ) -> None:
        """identifier, uri and lastChangeDateTime: kept ones where valid, else derived."""
        kept = left.get("identifier", _MISSING)
        if spec.is_uuid(kept) and kept != derived and kept not in self.used:
            identifier: str = kept
        else:
            identifier = derived
            if kept is not _MISSING:
                spill["identifier"] = kept
        self.used.add(identifier)
        target["identifier"] = identifier
        uri = spec.derived_uri(identifier)
        kept = left.get("uri", _MISSING)
        if spec.is_str(kept) and kept != uri:
            uri = kept
        elif kept is not _MISSING:
            spill["uri"] = kept
        target["uri"] = uri
        kept = left.get("lastChangeDateTime", _MISSING)
        if spec.is_datetime(kept) and kept != self.stamp:
            target["lastChangeDateTime"] = kept
        else:
            target["lastChangeDateTime"] = self.stamp
            if kept is not _MISSING:
                spill["lastChangeDateTime"] = kept

    @staticmethod
    def _rest(
        target: dict[str, Any],
        left: dict[str, Any],
        shape: dict[str, spec.Check],
        spill: dict[str, Any],
        handled: frozenset[str],
    ) -> None:
        """The other kept keys: written where CASE 1.1 allows them, else spilled."""
        for key, value in left.items():
            if key in handled:
                continue
            if key == "extensions":
                if type(value) is dict and spec.LEADCOMP not in value:
                    target.setdefault("extensions", {}).update(copy.deepcopy(value))
                else:
                    spill[key] = value
                continue
            check = shape.get(key)
            if key in target or check is None or not check(value):
                spill[key] = value
            else:
                target[key] = copy.deepcopy(value)

    def _seal(self, target: dict[str, Any], spill: dict[str, Any]) -> dict[str, Any]:
        """Give the object its leadcomp extension object (holding the spill) and return it;
        ``tidy`` drops the ones that stay empty."""
        ours: dict[str, Any] = {}
        if spill:
            ours[spec.SPILL] = copy.deepcopy(spill)
        target.setdefault("extensions", {})[spec.LEADCOMP] = ours
        self.sealed.append(target)
        return ours

    def tidy(self) -> None:
        """Drop empty leadcomp extension objects (and extensions left empty by that)."""
        for target in self.sealed:
            extensions = target["extensions"]
            if not extensions[spec.LEADCOMP]:
                del extensions[spec.LEADCOMP]
                if not extensions:
                    del target["extensions"]

    # -- the package ----------------------------------------------------------------------

    def build(self) -> dict[str, Any]:
        framework = self.framework
        doc = self._document()
        items: list[dict[str, Any]] = []
        for competency in framework.competencies:
            items.append(self._competency_item(competency))
            items.extend(self._indicator_item(i) for i in competency.indicators)
        associations = self._associations()
        package: dict[str, Any] = {"CFDocument": doc, "CFItems": items}
        package["CFAssociations"] = associations
        case = self.case
        definitions = case.get("CFDefinitions", _MISSING)
        if definitions is not _MISSING:
            if spec.is_definitions(definitions):
                package["CFDefinitions"] = copy.deepcopy(definitions)
            else:
                self.doc_spill["CFDefinitions"] = definitions
        rubrics = self._rubrics()
        if rubrics:
            package["CFRubrics"] = rubrics
        kept_package = case.get("CFPackage", _MISSING)
        if kept_package is not _MISSING:
            rest: dict[str, Any] = {}
            if type(kept_package) is dict:
                for key, value in kept_package.items():
                    if key == "extensions" and type(value) is dict:
                        package["extensions"] = copy.deepcopy(value)
                    else:
                        rest[key] = value
            else:
                self.doc_spill["CFPackage"] = kept_package
            if rest:
                self.doc_spill["CFPackage"] = rest
        for key, value in case.items():
            if key not in _FRAMEWORK_PARTS:
                self.doc_spill[key] = value
        if self.doc_spill:
            self.doc_ours[spec.SPILL] = copy.deepcopy(self.doc_spill)
        return package

    def _document(self) -> dict[str, Any]:
        framework = self.framework
        left = _part(self.case, "CFDocument")
        spill: dict[str, Any] = {}
        doc: dict[str, Any] = {}
        self.stamp = spec.EPOCH  # the document's own default; its items default to its stamp
        self._identity(doc, left, spec.derived_identifier(self.ref), spill)
        self.stamp = doc["lastChangeDateTime"]
        provenance = framework.provenance
        doc["creator"] = provenance.source if provenance is not None else "Unknown"
        doc["title"] = framework.title
        kept_version = left.get("version", _MISSING)
        if type(kept_version) is str and spec.version_of(kept_version) == (
            framework.version,
            False,
        ):
            doc["version"] = kept_version
        else:
            doc["version"] = framework.version
            if kept_version is not _MISSING:
                spill["version"] = kept_version
        doc["caseVersion"] = "1.1"
        if framework.description is not None:
            doc["description"] = framework.description
        if provenance is not None and provenance.url is not None:
            doc["officialSourceURL"] = provenance.url
        self._rest(doc, left, spec.DOCUMENT, spill, _IDENTITY | {"version"})
        self.doc_spill["CFDocument"] = spill
        self.doc_ours = {"id": framework.id}
        doc.setdefault("extensions", {})[spec.LEADCOMP] = self.doc_ours
        if not spill:
            del self.doc_spill["CFDocument"]
        self.doc = doc
        return doc

    def _item(
        self, thing: Competency | Indicator, left: dict[str, Any], spill: dict[str, Any]
    ) -> dict[str, Any]:
        item: dict[str, Any] = {}
        self._identity(item, left, spec.derived_identifier(f"{self.ref}/{thing.id}"), spill)
        kept_code = left.get("humanCodingScheme", _MISSING)
        if not (kept_code is None and thing.id == item["identifier"]):
            item["humanCodingScheme"] = thing.id
            if kept_code is not _MISSING:
                spill["humanCodingScheme"] = kept_code
        return item

    def _competency_item(self, competency: Competency) -> dict[str, Any]:
        left = _part(_case_of(competency.extensions), "CFItem")
        spill: dict[str, Any] = {}
        item = self._item(competency, left, spill)
        full = competency.description if competency.description is not None else competency.title
        item["fullStatement"] = full
        kept_short = left.get("abbreviatedStatement", _MISSING)
        if competency.title != spec.shorten(full) or kept_short == competency.title:
            item["abbreviatedStatement"] = competency.title
            if kept_short is not _MISSING and kept_short != competency.title:
                spill["abbreviatedStatement"] = kept_short
        elif kept_short is not _MISSING:
            spill["abbreviatedStatement"] = kept_short
        kept_type = left.get("CFItemType", _MISSING)
        if kept_type is _MISSING:
            item["CFItemType"] = spec.KIND_LABELS[competency.kind]
        elif kept_type is None and competency.kind == "skill":
            pass  # the source item had no type (read as a skill): write none, as it was
        elif (
            type(kept_type) is str
            and (spec.kind_of_type(kept_type) or "skill") == competency.kind
            and kept_type.casefold() != "indicator"
        ):
            item["CFItemType"] = kept_type
        else:
            item["CFItemType"] = spec.KIND_LABELS[competency.kind]
            spill["CFItemType"] = kept_type
        if "fullStatement" in left:
            spill["fullStatement"] = left["fullStatement"]
        self._rest(item, left, spec.ITEM, spill, _ITEM_HANDLED)
        self.ours[competency.id] = self._seal(item, spill)
        self.items[competency.id] = item
        return item

    def _indicator_item(self, indicator: Indicator) -> dict[str, Any]:
        left = _part(_case_of(indicator.extensions), "CFItem")
        spill: dict[str, Any] = {}
        item = self._item(indicator, left, spill)
        item["fullStatement"] = indicator.text
        kept_type = left.get("CFItemType", _MISSING)
        if type(kept_type) is str and kept_type.casefold() == "indicator":
            item["CFItemType"] = kept_type
        else:
            item["CFItemType"] = spec.INDICATOR_TYPE
            if kept_type is not _MISSING:
                spill["CFItemType"] = kept_type
        if "fullStatement" in left:
            spill["fullStatement"] = left["fullStatement"]
        self._rest(item, left, spec.ITEM, spill, _ITEM_HANDLED - {"abbreviatedStatement"})
        self.ours[indicator.id] = self._seal(item, spill)
        self.items[indicator.id] = item
        return item

    # -- associations -----------------------------------------------------------------------

    def _association(
        self,
        kind: str,
        origin: dict[str, Any],
        destination: dict[str, Any],
        left: dict[str, Any],
        sequence: int | None,
    ) -> dict[str, Any]:
        key = (origin["identifier"], kind, destination["identifier"])
        occurrence = self.occurrences[key] = self.occurrences.get(key, -1) + 1
        spill: dict[str, Any] = {}
        association: dict[str, Any] = {}
        self._identity(association, left, spec.association_identifier(*key, occurrence), spill)
        association["associationType"] = kind
        if sequence is not None:
            association["sequenceNumber"] = sequence
        for end, link in (("originNodeURI", origin), ("destinationNodeURI", destination)):
            kept = left.get(end, _MISSING)
            if (
                spec.is_gen_link(kept)
                and kept["identifier"] == link["identifier"]
                and kept != link
            ):
                association[end] = copy.deepcopy(kept)
            else:
                association[end] = link
                if kept is not _MISSING:
                    spill[end] = kept
        handled = _ASSOCIATION_HANDLED | ({"sequenceNumber"} if sequence is not None else set())
        self._rest(association, left, spec.ASSOCIATION, spill, frozenset(handled))
        if "associationType" in left and left["associationType"] != kind:
            spill["associationType"] = left["associationType"]
        if sequence is not None and "sequenceNumber" in left:
            spill["sequenceNumber"] = left["sequenceNumber"]
        self._seal(association, spill)
        return association

    def _associations(self) -> list[dict[str, Any]]:
        framework = self.framework
        doc = self.doc
        doc_link = {"title": doc["title"], "identifier": doc["identifier"], "uri": doc["uri"]}
        positions: dict[str | None, int] = {}
        sequence: dict[str, int] = {}
        for competency in framework.competencies:
            positions[competency.parent] = positions.get(competency.parent, 0) + 1
            sequence[competency.id] = positions[competency.parent]
        written: list[dict[str, Any]] = []
        for competency in framework.competencies:
            item = self.items[competency.id]
            case = _case_of(competency.extensions)
            parent = competency.parent
            destination = doc_link if parent is None else _link(self.items[parent])
            written.append(
                self._association(
                    "isChildOf",
                    _link(item),
                    destination,
                    _part(case, "isChildOf"),
                    sequence[competency.id],
                )
            )
            kept = case.get("CFAssociations")
            entries = (
                kept
                if type(kept) is list and len(kept) == len(competency.relations)
                else [{}] * len(competency.relations)
            )
            for relation, entry in zip(competency.relations, entries, strict=True):
                left = entry if type(entry) is dict else {}
                kind = spec.TYPE_OF_RELATION[relation.type]
                kept_kind = left.get("associationType")
                if type(kept_kind) is str and spec.RELATION_OF_TYPE.get(kept_kind) == relation.type:
                    kind = kept_kind
                if relation.framework is None and relation.target in self.items:
                    target = _link(self.items[relation.target])
                else:
                    other = relation.framework or ""
                    target = {
                        "title": relation.target,
                        "identifier": relation.target
                        if spec.is_uuid(relation.target)
                        else spec.external_identifier(other, relation.target),
                        "uri": other,
                    }
                written.append(self._association(kind, _link(item), target, left, None))
            number = positions.get(competency.id, 0)
            for indicator in competency.indicators:
                number += 1
                written.append(
                    self._association(
                        "isChildOf",
                        _link(self.items[indicator.id]),
                        _link(item),
                        _part(_case_of(indicator.extensions), "isChildOf"),
                        number,
                    )
                )
        kept_unmapped = self.case.get("CFAssociations", _MISSING)
        if type(kept_unmapped) is list and all(spec.is_association(a) for a in kept_unmapped):
            written.extend(copy.deepcopy(kept_unmapped))
        elif kept_unmapped is not _MISSING:
            self.doc_spill["CFAssociations"] = kept_unmapped
        return written

    # -- rubrics ------------------------------------------------------------------------------

    def _rubrics(self) -> list[dict[str, Any]]:
        framework = self.framework
        case = self.case
        note = case.get("default_scale", _MISSING)
        scales = list(framework.scales)
        if (
            note == spec.DEFAULT_SCALE_NOTE
            and scales == [spec.DEFAULT_SCALE]
            and not any(c.descriptors for c in framework.competencies)
        ):
            scales = []
        elif note is not _MISSING:
            self.doc_spill["default_scale"] = note
        stash = case.get("CFRubrics", _MISSING)
        kept: list[Any] = stash if type(stash) is list else []
        if stash is not _MISSING and type(stash) is not list:
            self.doc_spill["CFRubrics"] = stash
        placed: set[int] = set()
        identifiers = {item["identifier"]: key for key, item in self.items.items()}
        indicators = {i.id for c in framework.competencies for i in c.indicators}

        def lookup(identifier: str) -> str | None:
            found = identifiers.get(identifier)
            return None if found is None or found in indicators else found

        rubrics: list[dict[str, Any]] = []
        for scale in scales:
            rated = {
                c.id: c.descriptors
                for c in framework.competencies
                if c.descriptors and framework.scale_of(c) == scale
            }
            for number, rubric in enumerate(kept):
                if number in placed or not spec.is_rubric(rubric):
                    continue
                if rubric["identifier"] in self.used:
                    continue
                result = rubric_scale(rubric, lookup, set(), number, None, ())
                if (
                    result is not None
                    and (result[0].id, result[0].title, result[0].levels)
                    == (scale.id, scale.title, scale.levels)
                    and result[1] == rated
                ):
                    placed.add(number)
                    self.used.add(rubric["identifier"])
                    rubrics.append(copy.deepcopy(rubric))
                    break
            else:
                rubrics.append(self._rubric(scale, rated))
        for number, rubric in enumerate(kept):
            if number in placed:
                continue
            if (
                spec.is_rubric(rubric)
                and rubric["identifier"] not in self.used
                and rubric_scale(rubric, lookup, set(), number, None, ()) is None
            ):
                self.used.add(rubric["identifier"])
                rubrics.append(copy.deepcopy(rubric))
            else:
                self.doc_spill.setdefault("CFRubrics", []).append(rubric)
        return rubrics

    def _rubric(self, scale: Scale, rated: dict[str, Any]) -> dict[str, Any]:
        identifier = spec.derived_identifier(f"{self.ref}/scale/{scale.id}")
        self.used.add(identifier)
        stamp = self.stamp
        rubric: dict[str, Any] = {"identifier": identifier, "uri": spec.derived_uri(identifier)}
        if scale.title is not None:
            rubric["title"] = scale.title
        rubric["lastChangeDateTime"] = stamp

        def criterion(position: int, link: dict[str, Any] | None, levels: list[Any]) -> Any:
            name = spec.derived_identifier(f"{identifier}/criterion/{position}")
            made: dict[str, Any] = {
                "identifier": name,
                "uri": spec.derived_uri(name),
                "lastChangeDateTime": stamp,
            }
            if link is not None:
                made["CFItemURI"] = link
            made["position"] = position
            made["rubricId"] = identifier
            made["CFRubricCriterionLevels"] = [
                {
                    "identifier": (level_id := spec.derived_identifier(f"{name}/level/{number}")),
                    "uri": spec.derived_uri(level_id),
                    "lastChangeDateTime": stamp,
                    **fields,
                    "position": number,
                    "rubricCriterionId": name,
                }
                for number, fields in enumerate(levels)
            ]
            return made

        labels = {level.value: level.label for level in scale.levels}
        criteria = [
            criterion(
                0,
                None,
                [
                    {"quality": level.label, "score": level.value}
                    | ({"description": level.description} if level.description is not None else {})
                    for level in scale.levels
                ],
            )
        ]
        for competency_id, descriptors in rated.items():
            item = self.items[competency_id]
            criteria.append(
                criterion(
                    len(criteria),
                    {"title": spec.node_title(item), "identifier": item["identifier"],
                     "uri": item["uri"]},
                    [
                        {"quality": labels[d.level], "score": d.level, "feedback": d.text}
                        for d in descriptors
                    ],
                )
            )
        rubric["CFRubricCriteria"] = criteria
        rubric["extensions"] = {spec.LEADCOMP: {"id": scale.id}}
        return rubric

    # -- what CASE could not carry -------------------------------------------------------------

    def add_overrides(self, draft: Framework) -> None:
        """Record in extensions.leadcomp every field that reading the package alone gets wrong."""
        framework = self.framework
        if (draft.id, draft.version) != (framework.id, framework.version):
            raise AssertionError("the CASE writer lost the framework's id or version")
        for name in _FRAMEWORK_FIELDS:
            value = getattr(framework, name)
            if value != getattr(draft, name):
                self.doc_ours[name] = _plain(value)
        if [c.id for c in framework.competencies] != [c.id for c in draft.competencies]:
            self.doc_ours["order"] = [c.id for c in framework.competencies]
        drafts = {c.id: c for c in draft.competencies}
        for competency in framework.competencies:
            found = drafts[competency.id]
            _differences(competency, found, _COMPETENCY_FIELDS, self.ours[competency.id])
            if [i.id for i in competency.indicators] != [i.id for i in found.indicators]:
                raise AssertionError("the CASE writer lost or reordered indicators")
            for indicator, read in zip(competency.indicators, found.indicators, strict=True):
                _differences(indicator, read, _INDICATOR_FIELDS, self.ours[indicator.id])


_IDENTITY = frozenset({"identifier", "uri", "lastChangeDateTime"})
_ITEM_HANDLED = _IDENTITY | {
    "humanCodingScheme", "fullStatement", "abbreviatedStatement", "CFItemType",
}
_ASSOCIATION_HANDLED = _IDENTITY | {"associationType", "originNodeURI", "destinationNodeURI"}
_FRAMEWORK_PARTS = frozenset(
    {"CFDocument", "CFDefinitions", "CFAssociations", "CFRubrics", "CFPackage", "default_scale"}
)
_FRAMEWORK_FIELDS = (
    "title", "description", "provenance", "default_scale", "sequential", "tags", "scales",
    "extensions",
)
_COMPETENCY_FIELDS = (
    "title", "description", "kind", "scale", "weight", "tags", "replaces", "relations",
    "descriptors", "extensions",
)
_INDICATOR_FIELDS = ("text", "reverse", "scale", "extensions")


#: Key order of written objects: these first (CASE's own order), then others A-Z, extensions last.
_ORDER = (
    "CFDocument", "CFItems", "CFAssociations", "CFDefinitions", "CFRubrics",
    "identifier", "uri", "lastChangeDateTime", "associationType", "sequenceNumber",
    "originNodeURI", "destinationNodeURI", "CFAssociationGroupingURI",
    "creator", "publisher", "title", "version", "caseVersion", "frameworkType", "adoptionStatus",
    "humanCodingScheme", "listEnumeration", "fullStatement", "abbreviatedStatement",
    "alternativeLabel", "CFItemType", "CFItemTypeURI", "description", "officialSourceURL",
    "subject", "subjectURI", "language", "educationLevel", "conceptKeywords",
    "conceptKeywordsURI", "licenseURI", "statusStartDate", "statusEndDate", "notes",
    "CFItemURI", "category", "weight", "position", "rubricId", "CFRubricCriteria",
    "quality", "score", "feedback", "rubricCriterionId", "CFRubricCriterionLevels",
    "CFConcepts", "CFSubjects", "CFLicenses", "CFItemTypes", "CFAssociationGroupings",
    "keywords", "hierarchyCode", "typeCode", "licenseText", "targetType",
)
_RANK = {name: (index, "") for index, name in enumerate(_ORDER)}
_LAST = (len(_ORDER) + 1, "")


def _rank(key: str) -> tuple[int, str]:
    return _LAST if key == "extensions" else _RANK.get(key, (len(_ORDER), key))


def _canonical(value: Any) -> Any:
    """The value with every object's keys in the canonical order (so equal frameworks give
    equal bytes, whatever order their extensions were built in)."""
    if type(value) is dict:
        return {key: _canonical(value[key]) for key in sorted(value, key=_rank)}
    if type(value) is list:
        return [_canonical(item) for item in value]
    return value


def _link(item: dict[str, Any]) -> dict[str, Any]:
    return {"title": spec.node_title(item), "identifier": item["identifier"], "uri": item["uri"]}


def _plain(value: Any) -> Any:
    return converter().unstructure(copy.deepcopy(value))


def _differences(
    wanted: Any, found: Any, fields: tuple[str, ...], ours: dict[str, Any]
) -> None:
    for name in fields:
        value = getattr(wanted, name)
        if value != getattr(found, name):
            ours[name] = _plain(value)


def write_case(framework: Framework) -> dict[str, Any]:
    """The CASE 1.1 CFPackage of a valid framework, as plain JSON data.

    InvalidDocument when the framework breaks its schema or rules (nothing is written then).
    """
    errors = [p for p in check(framework) if p.is_error]
    if errors:
        raise InvalidDocument(errors)
    writer = _Writer(framework)
    package = writer.build()
    limit = DEFAULT_LIMITS.max_depth
    if not depth_ok(package, 1, limit):
        raise InvalidDocument(
            [
                problem(
                    "too-deep",
                    "written as CASE, what the framework keeps in 'extensions' would be nested "
                    f"deeper than the limit of {limit} (CASE holds it a few levels further "
                    "down), so no reader would take the package; nest it less deeply",
                    ("extensions",),
                )
            ]
        )
    draft, problems = import_package(package, overrides=False)
    if draft is None:
        raise AssertionError(
            "the CASE writer made a package it cannot read: "
            + "; ".join(str(p) for p in problems if p.is_error)
        )
    writer.add_overrides(draft)
    writer.tidy()
    return _canonical(package)  # type: ignore[no-any-return]


def dumps_case(framework: Framework) -> str:
    """The CASE 1.1 CFPackage of a framework as canonical JSON text (2-space indent, UTF-8)."""
    return _text(write_case(framework))


def _text(package: dict[str, Any]) -> str:
    return json.dumps(package, indent=2, ensure_ascii=False, allow_nan=False) + "\n"

