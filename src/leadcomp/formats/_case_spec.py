"""What the CASE reader and writer share: derived identifiers, vocabularies, CASE 1.1 shapes.

The shapes are a small transcription of the official CASE 1.1 CFPackage JSON Schema (1EdTech),
enough to tell whether a value kept from an imported package may be written back verbatim.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from leadcomp.model import Level, Scale
from leadcomp.model._types import CompetencyKind, RelationType

#: The namespace of every identifier leadcomp derives (UUID5 of "https://leadcomp.invalid/case").
NAMESPACE = uuid.UUID("f3aa8fbf-fa00-5f86-8df1-1b33c468e459")
#: The lastChangeDateTime written when a framework carries none of its own.
EPOCH = "1970-01-01T00:00:00+00:00"
#: The key, inside CASE ``extensions`` objects, of what only leadcomp reads.
LEADCOMP = "leadcomp"
#: The key, inside leadcomp ``extensions``, of what an imported CASE package held.
CASE = "case"
#: The ``extensions`` key of leadcomp data that had to stay out of the CASE fields.
SPILL = "case"

#: The scale a framework gets when its CASE package has no usable rubric.
DEFAULT_SCALE = Scale(
    id="case-default",
    title="Default scale (the CASE package has no rubric)",
    levels=(
        Level(value=1, label="Not yet"),
        Level(value=2, label="Developing"),
        Level(value=3, label="Proficient"),
        Level(value=4, label="Advanced"),
    ),
)
DEFAULT_SCALE_NOTE = (
    "the CASE package has no usable CFRubrics, so leadcomp added the scale 'case-default' "
    "(1 not yet, 2 developing, 3 proficient, 4 advanced)"
)

INDICATOR_TYPE = "Indicator"

KIND_LABELS: dict[str, str] = {
    "domain": "Domain",
    "skill": "Skill",
    "behaviour": "Behaviour",
    "knowledge": "Knowledge",
    "attribute": "Attribute",
    "change_readiness": "Change Readiness",
    "function": "Function",
    "step": "Step",
}

_KIND_NAMES: tuple[tuple[CompetencyKind, tuple[str, ...]], ...] = (
    (
        "domain",
        (
            "domain", "strand", "cluster", "category", "area", "group", "dimension", "theme",
            "pillar", "subject", "course",
        ),
    ),
    (
        "skill",
        (
            "skill", "standard", "competency", "competence", "component", "element", "outcome",
            "learning outcome", "objective", "learning objective", "expectation", "benchmark",
            "performance expectation", "learning target", "substandard", "practice",
        ),
    ),
    ("behaviour", ("behaviour", "behavior")),
    ("knowledge", ("knowledge", "concept")),
    ("attribute", ("attribute", "disposition", "trait", "value", "quality")),
    ("change_readiness", ("change readiness",)),
    ("function", ("function",)),
    ("step", ("step", "stage", "phase")),
)
#: CFItemType names (case and separators aside) and the kinds they map to.
_KINDS: dict[str, CompetencyKind] = {
    name: kind for kind, names in _KIND_NAMES for name in names
}


@lru_cache(maxsize=256)
def kind_of_type(item_type: str) -> CompetencyKind | None:
    """The competency kind a CFItemType names, or None when it names none."""
    key = " ".join(item_type.replace("_", " ").replace("-", " ").split()).casefold()
    return _KINDS.get(key)


RELATION_OF_TYPE: dict[str, RelationType] = {
    "exactMatchOf": "exact_match",
    "isRelatedTo": "related",
    "isPeerOf": "related",
    "isPartOf": "part_of",
    "precedes": "precedes",
    "replacedBy": "replaced_by",
    "ext:leadcomp.closeMatch": "close_match",
    "ext:leadcomp.broader": "broader",
    "ext:leadcomp.narrower": "narrower",
}
TYPE_OF_RELATION: dict[str, str] = {
    "exact_match": "exactMatchOf",
    "related": "isRelatedTo",
    "part_of": "isPartOf",
    "precedes": "precedes",
    "replaced_by": "replacedBy",
    "close_match": "ext:leadcomp.closeMatch",
    "broader": "ext:leadcomp.broader",
    "narrower": "ext:leadcomp.narrower",
}
ASSOCIATION_TYPES = frozenset(
    {
        "isChildOf", "isPeerOf", "isPartOf", "exactMatchOf", "precedes", "isRelatedTo",
        "replacedBy", "exemplar", "hasSkillLevel", "isTranslationOf",
    }
)


def derived_identifier(name: str) -> str:
    """The UUID5 leadcomp derives from a name such as ``id@version/competency``."""
    return str(uuid.uuid5(NAMESPACE, name))


def derived_uri(identifier: str) -> str:
    """The URI written for an object that has no address of its own."""
    return f"urn:uuid:{identifier}"


def association_identifier(origin: str, kind: str, destination: str, occurrence: int) -> str:
    """The identifier of the ``occurrence``-th association (from 0) of this type between two
    nodes."""
    name = f"{origin}|{kind}|{destination}"
    return derived_identifier(name if occurrence == 0 else f"{name}|{occurrence}")


def external_identifier(framework: str, target: str) -> str:
    """The identifier written for a relation target outside the package."""
    return derived_identifier(f"{framework}\n{target}")


def node_title(item: dict[str, Any]) -> str:
    """The title a node link to this item carries: its code, else its statement."""
    for key in ("humanCodingScheme", "abbreviatedStatement", "fullStatement", "identifier"):
        value = item.get(key)
        if type(value) is str:
            return value
    return ""


# ---------------------------------------------------------------------------------------------
# texts and ids

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,199}")
_SEMVER = re.compile(
    r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?"
    r"(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?"
)
_LOOSE_VERSION = re.compile(r"\s*[vV]?(\d{1,9})(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?\s*")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_NOT_ID = re.compile(r"[^A-Za-z0-9._:-]+")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_DIGITS = re.compile(r"(\d+)")


def is_id(text: str) -> bool:
    """True when the text is a valid leadcomp id."""
    return ID_PATTERN.fullmatch(text) is not None


def slug(text: str) -> str:
    """Lower-case ASCII letters and digits joined by '-' (accents folded), at most 200 long."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", folded.lower()).strip("-")[:200].rstrip("-")


def id_slug(text: str) -> str:
    """An id made of an identifier: scheme dropped, other characters than letters, digits and
    ``._:-`` replaced by '-'; empty when nothing usable is left."""
    cleaned = _NOT_ID.sub("-", _SCHEME.sub("", text)).lstrip("._:-")[:200]
    return cleaned if is_id(cleaned) else ""


def version_of(text: str) -> tuple[str, bool | None]:
    """A semantic version for a CASE version text, and whether it was one already (True), was
    read as one (False: "2", "v1.2") or could not be (None: then "1.0.0")."""
    if _SEMVER.fullmatch(text):
        return text, True
    loose = _LOOSE_VERSION.fullmatch(text)
    if loose:
        major, minor, patch = (int(part or 0) for part in loose.groups())
        return f"{major}.{minor}.{patch}", False
    return "1.0.0", None


def shorten(text: str, limit: int = 100) -> str:
    """The text on one line, cut at a word before ``limit`` characters (with an ellipsis)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


def natural_key(text: str) -> tuple[str | int, ...]:
    """A sort key that orders numbers inside codes by value: "L1.2" before "L1.10"."""
    parts: list[Any] = _DIGITS.split(text.casefold())
    parts[1::2] = map(int, parts[1::2])
    return tuple(parts)


# ---------------------------------------------------------------------------------------------
# CASE 1.1 shapes: may a value be written back verbatim and stay valid?

_UUID_TEXT = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
#: Lines of UUIDs, or of ids: to check many values with one pass of the regex engine.
UUIDS = re.compile(rf"(?:{_UUID_TEXT}\n)*{_UUID_TEXT}")
IDS = re.compile(r"(?:[A-Za-z0-9][A-Za-z0-9._:-]{0,199}\n)*[A-Za-z0-9][A-Za-z0-9._:-]{0,199}")
_DATE = re.compile(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")
_DATETIME = re.compile(
    r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)"
    r"(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)"
)
_EXT_TYPE = re.compile(r"ext:[A-Za-z0-9|._]+")

Check = Callable[[Any], bool]


def is_str(value: Any) -> bool:
    """A JSON string."""
    return type(value) is str


def is_uuid(value: Any) -> bool:
    """A UUID in its 8-4-4-4-12 hexadecimal form."""
    return type(value) is str and _UUID.fullmatch(value) is not None


_UUID = re.compile(_UUID_TEXT)


def is_datetime(value: Any) -> bool:
    """An RFC 3339 date-time (with its offset), as the schema's date-time format requires."""
    return type(value) is str and _DATETIME.fullmatch(value) is not None


def _is_date(value: Any) -> bool:
    return type(value) is str and _DATE.fullmatch(value) is not None


def _is_int(value: Any) -> bool:
    return type(value) is int


def _is_number(value: Any) -> bool:
    return type(value) in (int, float)


def _is_strs(value: Any) -> bool:
    return type(value) is list and all(type(v) is str for v in value)


def _is_object(value: Any) -> bool:
    return type(value) is dict


def is_association_type(value: Any) -> bool:
    """A CASE 1.1 association type: one of the ten, or an ``ext:`` one."""
    return type(value) is str and (
        value in ASSOCIATION_TYPES or _EXT_TYPE.search(value) is not None
    )


def _target_type(value: Any) -> bool:
    return value == "CASE" or (type(value) is str and _EXT_TYPE.search(value) is not None)


LINK: dict[str, Check] = {"title": is_str, "identifier": is_uuid, "uri": is_str}
GEN_LINK: dict[str, Check] = {
    "title": is_str, "identifier": is_str, "uri": is_str, "targetType": _target_type,
}
_LINK_REQUIRED = frozenset({"title", "identifier", "uri"})


def is_link(value: Any) -> bool:
    """A CASE LinkURI."""
    return conforms(value, LINK, _LINK_REQUIRED)


def is_gen_link(value: Any) -> bool:
    """A CASE LinkGenURI (the ends of an association)."""
    return conforms(value, GEN_LINK, _LINK_REQUIRED)


def _is_links(value: Any) -> bool:
    return type(value) is list and all(is_link(v) for v in value)


def conforms(value: Any, properties: dict[str, Check], required: frozenset[str]) -> bool:
    """True when the value is an object with only these properties, each valid, none missing."""
    if type(value) is not dict or not required <= value.keys():
        return False
    for key, item in value.items():
        check = properties.get(key)
        if check is None or not check(item):
            return False
    return True


def _shape(properties: dict[str, Check], *required: str) -> Check:
    needed = frozenset(required)
    return lambda value: conforms(value, properties, needed)


def _list_of(check: Check) -> Check:
    return lambda value: type(value) is list and all(check(v) for v in value)


_COMMON: dict[str, Check] = {
    "identifier": is_uuid, "uri": is_str, "lastChangeDateTime": is_datetime,
}
_BASE = ("identifier", "uri", "lastChangeDateTime")

DOCUMENT: dict[str, Check] = {
    **_COMMON,
    "frameworkType": is_str, "caseVersion": lambda v: v == "1.1", "creator": is_str,
    "title": is_str, "officialSourceURL": is_str, "publisher": is_str, "description": is_str,
    "subject": _is_strs, "subjectURI": _is_links, "language": is_str, "version": is_str,
    "adoptionStatus": is_str, "statusStartDate": _is_date, "statusEndDate": _is_date,
    "licenseURI": is_link, "notes": is_str, "extensions": _is_object,
}
DOCUMENT_REQUIRED = frozenset({*_BASE, "creator", "title"})
ITEM: dict[str, Check] = {
    **_COMMON,
    "fullStatement": is_str, "alternativeLabel": is_str, "CFItemType": is_str,
    "humanCodingScheme": is_str, "listEnumeration": is_str, "abbreviatedStatement": is_str,
    "conceptKeywords": _is_strs, "conceptKeywordsURI": is_link, "notes": is_str,
    "subject": _is_strs, "subjectURI": _is_links, "language": is_str, "educationLevel": _is_strs,
    "CFItemTypeURI": is_link, "licenseURI": is_link, "statusStartDate": _is_date,
    "statusEndDate": _is_date, "extensions": _is_object,
}
ITEM_REQUIRED = frozenset({*_BASE, "fullStatement"})
ASSOCIATION: dict[str, Check] = {
    **_COMMON,
    "associationType": is_association_type, "sequenceNumber": _is_int,
    "originNodeURI": is_gen_link, "destinationNodeURI": is_gen_link,
    "CFAssociationGroupingURI": is_link, "notes": is_str, "extensions": _is_object,
}
ASSOCIATION_REQUIRED = frozenset(
    {*_BASE, "associationType", "originNodeURI", "destinationNodeURI"}
)
_LEVEL = _shape(
    {
        **_COMMON, "description": is_str, "quality": is_str, "score": _is_number,
        "feedback": is_str, "position": _is_int, "rubricCriterionId": is_uuid,
        "extensions": _list_of(_is_object),
    },
    *_BASE,
)
_CRITERION = _shape(
    {
        **_COMMON, "category": is_str, "description": is_str, "CFItemURI": is_link,
        "weight": _is_number, "position": _is_int, "rubricId": is_uuid,
        "CFRubricCriterionLevels": _list_of(_LEVEL), "extensions": _is_object,
    },
    *_BASE,
)
is_rubric = _shape(
    {
        **_COMMON, "title": is_str, "description": is_str,
        "CFRubricCriteria": _list_of(_CRITERION), "extensions": _is_object,
    },
    *_BASE,
)
_NAMED: dict[str, Check] = {
    **_COMMON, "title": is_str, "description": is_str, "extensions": _is_object,
}
is_definitions = _shape(
    {
        "CFConcepts": _list_of(
            _shape({**_NAMED, "keywords": is_str, "hierarchyCode": is_str},
                   *_BASE, "title", "hierarchyCode")
        ),
        "CFSubjects": _list_of(
            _shape({**_NAMED, "hierarchyCode": is_str}, *_BASE, "title", "hierarchyCode")
        ),
        "CFLicenses": _list_of(
            _shape({**_NAMED, "licenseText": is_str}, *_BASE, "title", "licenseText")
        ),
        "CFItemTypes": _list_of(
            _shape({**_NAMED, "hierarchyCode": is_str, "typeCode": is_str},
                   *_BASE, "title", "description", "hierarchyCode")
        ),
        "CFAssociationGroupings": _list_of(_shape(_NAMED, *_BASE, "title")),
        "extensions": _is_object,
    }
)


def is_association(value: Any) -> bool:
    """A CASE 1.1 CFPckgAssociation."""
    return conforms(value, ASSOCIATION, ASSOCIATION_REQUIRED)


#: Keys real exporters put where CASE 1.1 has none, with what to say about them.
LEGACY_KEYS: dict[str, str] = {
    "CFPackageURI": "OpenSALT writes it inside packages; CASE 1.1 has no such property",
    "CFDocumentURI": "OpenSALT writes it inside packages; CASE 1.1 has no such property",
    "educationalLevel": "a draft-era name; CASE 1.1 calls it educationLevel (a list)",
    "CFItemAssociationURI": "a draft-era property that CASE 1.1 dropped",
    "originNodeIdentifier": "a draft-era property; CASE 1.1 has originNodeURI.identifier",
    "destinationNodeIdentifier": "a draft-era property; CASE 1.1 has destinationNodeURI.identifier",
    "CFAssociationGroupingIdentifier": "a draft-era property; CASE 1.1 has "
    "CFAssociationGroupingURI.identifier",
    "subjectURL": "a draft-era name; CASE 1.1 calls it subjectURI",
}
