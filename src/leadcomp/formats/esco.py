"""ESCO skills CSV files (the European Skills, Competences, Qualifications and Occupations
classification) in: the skills hierarchy, the skill groups, and the skill collections.

``read_esco`` tells the three shapes by their headers:

- the hierarchy (``skillsHierarchy_en.csv``: ``Level 0 URI`` ... ``Level 3 code``): each row is
  one group, placed under the group of the level above it on the same row;
- the skill groups (``skillGroups_en.csv``: ``conceptUri``, ``code``, no broader column): each
  group goes under the group whose code is the longest one its own code starts with
  (``S1.1`` under ``S1``, ``0011`` under ``001``);
- a collection (``transversalSkillsCollection_en.csv`` and the others: ``conceptUri``,
  ``broaderConceptUri``): each skill goes under its broader concepts (`` | `` separated).

Several files read together make one framework: a concept (by URI) met again in a later file
keeps what the first said and gains the parents it lacked, so a collection read with the
hierarchy places its skills under their groups. docs/foreign.md says what maps to what.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import leadcomp.formats._case_spec as spec
import leadcomp.formats._foreign as f
from leadcomp.formats._sniff import ESCO_HIERARCHY
from leadcomp.model import Framework, Provenance
from leadcomp.model._types import CompetencyKind, JSONValue
from leadcomp.problems import InvalidDocument, Problem
from leadcomp.read._limits import DEFAULT_LIMITS, Limits

#: The part of ESCO URIs left out of ids: ``.../esco/skill/0a1b...`` gives ``skill-0a1b...``.
URI_PREFIX = "http://data.europa.eu/esco/"
PROVENANCE = Provenance(
    source="ESCO (European Skills, Competences, Qualifications and Occupations), European "
    "Commission",
    licence="© European Union; reuse with attribution under the ESCO terms of use",
    url="https://esco.ec.europa.eu",
    unofficial=True,
    note="converted to leadcomp from the ESCO CSV download; ids are ESCO codes, else made of "
    "the concept URIs (kept in extensions.esco)",
)
_HIERARCHY = ESCO_HIERARCHY
_LEVELS = 4

Source = str | os.PathLike[str] | bytes


def read_esco(
    source: Source,
    *more: Source,
    id: str | None = None,
    version: str = "1.0.0",
    title: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[Framework, list[Problem]]:
    """A framework from one or more ESCO skills CSV files (paths or bytes) and its warnings.

    InvalidDocument, with every Problem located by row and column, when a file is not an ESCO
    skills CSV (or not CSV at all), lacks a column its shape needs, or its parents loop.
    """
    report = f.Report()
    nodes: list[f.Node] = []
    index: dict[str, f.Node] = {}
    shapes: list[str] = []
    for one in (source, *more):
        table = f.read_table(one, limits=limits, what="an ESCO skills CSV file")
        shape = _shape(table)
        shapes.append(shape)
        fresh = _nodes(table, shape, report)
        seen_here: set[str] = set()
        for node in fresh:
            earlier = index.get(node.key)
            if earlier is not None and node.key not in seen_here:
                _merge(earlier, node)
                seen_here.add(node.key)
                continue
            seen_here.add(node.key)
            index.setdefault(node.key, node)
            nodes.append(node)
    _kinds(nodes)
    first = shapes[0]
    name = {
        "hierarchy": "ESCO skills hierarchy",
        "groups": "ESCO skill groups",
        "collection": "ESCO skills collection",
    }[first]
    stem = _stem(source)
    if first == "collection" and stem:
        name = f"ESCO {stem}"
    report.add(
        f.at(
            f.file_problem(f.file_name(source)),
            "no-levels",
            "ESCO has no proficiency levels; the framework gets the 4-level scale 'esco-default' "
            "(1 not yet, 2 developing, 3 proficient, 4 advanced)",
        )
    )
    framework = f.build(
        nodes, report, id=id or spec.slug(name), title=title or name, version=version,
        provenance=PROVENANCE, default=f.default_scale("esco", "ESCO"),
        extensions={"esco": {"files": shapes}}, source="the ESCO file(s) read",
    )
    found = report.finish()
    if framework is None or any(p.is_error for p in found):
        raise InvalidDocument(found)
    return framework, found


def load_esco(source: Source, *more: Source, limits: Limits = DEFAULT_LIMITS) -> Framework:
    """A framework from ESCO skills CSV files; like ``read_esco`` without the warnings."""
    return read_esco(source, *more, limits=limits)[0]


def _stem(source: Source) -> str:
    name = f.file_name(source)
    if not name:
        return ""
    stem = os.path.basename(name).rsplit(".", 1)[0].removesuffix("_en")
    words: list[str] = []
    for char in stem:
        if char.isupper() and words:
            words.append(" ")
        words.append(char.lower())
    return "".join(words).replace("dig comp", "DigComp").strip()


def _shape(table: f.Table) -> str:
    header = set(table.header)
    if _HIERARCHY in header:
        missing = [
            name for level in range(_LEVELS)
            for name in (f"Level {level} URI", f"Level {level} preferred term")
            if name not in header
        ]
        if missing:
            raise _missing(table, missing, "the ESCO skills hierarchy")
        return "hierarchy"
    if "conceptUri" in header and "broaderConceptUri" in header:
        if "preferredLabel" not in header:
            raise _missing(table, ["preferredLabel"], "an ESCO skills collection")
        return "collection"
    if "conceptUri" in header and "code" in header:
        if "preferredLabel" not in header:
            raise _missing(table, ["preferredLabel"], "the ESCO skill groups")
        return "groups"
    shown = ", ".join(repr(h) for h in table.header[:8] if h)
    raise InvalidDocument(
        [
            Problem(
                code="missing-column",
                message="this is not an ESCO skills CSV file: the hierarchy has 'Level 0 URI' "
                "... 'Level 3 code', the skill groups 'conceptUri' and 'code', a collection "
                f"'conceptUri' and 'broaderConceptUri'; the header has {shown or 'no names'}",
                path="$[row 1]", file=table.file, line=1,
            )
        ]
    )


def _missing(table: f.Table, missing: Sequence[str], what: str) -> InvalidDocument:
    return InvalidDocument(
        [
            Problem(
                code="missing-column",
                message=f"{what} needs the column(s) {', '.join(map(repr, missing))}",
                path="$[row 1]", file=table.file, line=1,
            )
        ]
    )


def _id(code: str, uri: str) -> str:
    code = code.strip()
    if code and spec.is_id(code):
        return code
    return f.derive_id(uri, drop=URI_PREFIX) or f.derive_id(code) or "item"


def _kept(cells: dict[str, str], skip: Sequence[str] = ()) -> dict[str, JSONValue]:
    """The row's non-empty cells (by header) for extensions.esco, multi-line lists as lists."""
    kept: dict[str, JSONValue] = {}
    for name, value in cells.items():
        if not name or name in skip or not value.strip():
            continue
        text = value.strip()
        if name in ("altLabels", "hiddenLabels", "inScheme"):
            kept[name] = [line.strip() for line in text.splitlines() if line.strip()]
        elif name in ("broaderConceptUri", "broaderConceptPT"):
            kept[name] = [part.strip() for part in text.split("|") if part.strip()]
        else:
            kept[name] = text
    return kept


def _nodes(table: f.Table, shape: str, report: f.Report) -> list[f.Node]:
    nodes: list[f.Node] = []
    if shape == "hierarchy":
        for row, cells in table.rows:
            level = max(
                (n for n in range(_LEVELS) if cells.get(f"Level {n} URI", "").strip()),
                default=-1,
            )
            if level < 0:
                report.add(
                    f.at(table.where(row), "missing-uri",
                         "this row has no 'Level N URI'; each row of the hierarchy names one "
                         "group by its URI: the row is left out"),
                    group="missing-uri",
                )
                continue
            uri = cells[f"Level {level} URI"].strip()
            code = cells.get(f"Level {level} code", "").strip()
            parents = [cells[f"Level {level - 1} URI"].strip()] if level else []
            extensions: dict[str, JSONValue] = {"uri": uri, "level": level}
            if code:
                extensions["code"] = code
            if cells.get("Scope note", "").strip():
                extensions["scopeNote"] = cells["Scope note"].strip()
            node = f.Node(
                uri, _id(code, uri), cells.get(f"Level {level} preferred term", "").strip(),
                table.where(row, f"Level {level} URI"), parents=parents,
                description=cells.get("Description", "").strip() or None,
                kind="knowledge" if cells.get("Level 0 code", "").strip() == "K" else "skill",
                extensions={"esco": extensions},
            )
            nodes.append(node)
        return nodes
    codes: dict[str, str] = {}
    if shape == "groups":
        for _row, cells in table.rows:
            code = cells.get("code", "").strip()
            if code:
                codes.setdefault(code, cells.get("conceptUri", "").strip())
    for row, cells in table.rows:
        uri = cells.get("conceptUri", "").strip()
        if not uri:
            report.add(
                f.at(table.where(row, "conceptUri"), "missing-uri",
                     "this row has no conceptUri; ESCO concepts are known by their URI: the row "
                     "is left out"),
                group="missing-uri",
            )
            continue
        code = cells.get("code", "").strip()
        if shape == "groups":
            parents = [codes[p] for p in _code_parents(code, codes)]
        else:
            parents = [p.strip() for p in cells.get("broaderConceptUri", "").split("|")
                       if p.strip()]
        extensions = _kept(cells, ("preferredLabel", "description"))
        extensions["uri"] = extensions.pop("conceptUri", uri)
        kind: CompetencyKind = "knowledge" if cells.get("skillType") == "knowledge" else "skill"
        nodes.append(
            f.Node(
                uri, _id(code, uri), cells.get("preferredLabel", "").strip(),
                table.where(row, "conceptUri"), parents=parents,
                description=cells.get("description", "").strip() or None, kind=kind,
                extensions={"esco": extensions},
            )
        )
    return nodes


def _code_parents(code: str, codes: dict[str, str]) -> list[str]:
    """The code of a group's parent: the longest other code its code starts with."""
    for end in range(len(code) - 1, 0, -1):
        candidate = code[:end].rstrip(".")
        if candidate and candidate != code and candidate in codes:
            return [candidate]
    return []


def _merge(earlier: f.Node, later: f.Node) -> None:
    """A concept met again in a later file: it keeps what the first file said and gains the
    parents and description it lacked, and the later file's cells it did not have."""
    if not earlier.parents and later.parents:
        earlier.parents = list(later.parents)
    if not earlier.description and later.description:
        earlier.description = later.description
    ours = earlier.extensions.get("esco")
    theirs = later.extensions.get("esco")
    if isinstance(ours, dict) and isinstance(theirs, dict):
        for key, value in theirs.items():
            ours.setdefault(key, value)
    if later.kind == "knowledge":
        earlier.kind = "knowledge"


def _kinds(nodes: list[f.Node]) -> None:
    """Groups with members are domains; the rest keep the kind their row gave."""
    parents = {p for node in nodes for p in node.parents}
    for node in nodes:
        if node.key in parents:
            node.kind = "domain"

