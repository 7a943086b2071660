"""The O*NET Content Model reference in, with its level scale anchors as per-level descriptors.

``read_onet`` takes the Content Model Reference (``Element ID``, ``Element Name``,
``Description``) and, optionally, the Level Scale Anchors (``Element ID``, ``Scale ID``,
``Anchor Value``, ``Anchor Description``) and the Scales Reference (``Scale ID``,
``Scale Name``, ``Minimum``, ``Maximum``), as CSV files given in any order (each is told by its
header). The dotted Element IDs make the tree (``2.B.1.a`` under ``2.B.1``) and are the ids; each
scale the anchors use becomes a scale (``LV`` 0-7 becomes ``onet-lv``), and each anchor a
descriptor of its element at that level. docs/foreign.md says what maps to what.
"""

from __future__ import annotations

import os

import leadcomp.formats._case_spec as spec
import leadcomp.formats._foreign as f
from leadcomp.formats._sniff import ONET_ANCHORS, ONET_MODEL
from leadcomp.model import Descriptor, Framework, Level, Provenance, Scale
from leadcomp.model._types import CompetencyKind, JSONValue
from leadcomp.problems import InvalidDocument, Problem
from leadcomp.read._limits import DEFAULT_LIMITS, Limits

Source = str | os.PathLike[str] | bytes

PROVENANCE = Provenance(
    source="O*NET Content Model, U.S. Department of Labor, Employment and Training "
    "Administration",
    licence="CC BY 4.0",
    url="https://www.onetcenter.org/content.html",
    unofficial=True,
    note="converted to leadcomp from the O*NET database files; ids are the O*NET Element IDs",
)
_MODEL = ONET_MODEL
_ANCHORS = ONET_ANCHORS
_SCALES = ("Scale ID", "Scale Name", "Minimum", "Maximum")
#: Leaf kinds by the start of the Element ID; groups with members are domains.
_KINDS: tuple[tuple[str, CompetencyKind], ...] = (
    ("1.", "attribute"), ("2.C", "knowledge"), ("2.D", "knowledge"), ("4.A", "behaviour"),
)


def read_onet(
    source: Source,
    *more: Source,
    id: str = "onet-content-model",
    version: str = "1.0.0",
    title: str = "O*NET Content Model",
    root: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[Framework, list[Problem]]:
    """A framework from the O*NET Content Model Reference CSV, with the Level Scale Anchors
    and Scales Reference CSVs when given (in any order), and its warnings.

    ``root`` (an Element ID such as ``2.B``) keeps only that element and what is under it.
    InvalidDocument, with every Problem located by row and column, when a file is not one of
    these three (or not CSV), lacks a column, or the Content Model is missing.
    """
    report = f.Report()
    model: f.Table | None = None
    anchors: list[f.Table] = []
    scales: list[f.Table] = []
    for one in (source, *more):
        table = f.read_table(one, limits=limits, what="an O*NET file")
        header = set(table.header)
        if set(_ANCHORS) <= header:
            anchors.append(table)
        elif set(_SCALES) <= header:
            scales.append(table)
        elif set(_MODEL) <= header:
            if model is not None:
                raise InvalidDocument([_whole(table, "onet-files", "a second Content Model "
                                              "Reference; give one, with its anchors and scales")])
            model = table
        else:
            shown = ", ".join(repr(h) for h in table.header[:8] if h)
            raise InvalidDocument(
                [_whole(table, "missing-column",
                        "this is not an O*NET file leadcomp reads: the Content Model Reference "
                        "has 'Element ID', 'Element Name' and 'Description'; the Level Scale "
                        "Anchors 'Element ID', 'Scale ID', 'Anchor Value', 'Anchor "
                        "Description'; the Scales Reference 'Scale ID', 'Scale Name', "
                        f"'Minimum', 'Maximum'; the header has {shown or 'no names'}")]
            )
    if model is None:
        raise InvalidDocument(
            [_whole(anchors[0] if anchors else scales[0], "onet-files",
                    "the O*NET Content Model Reference is missing: give it with the anchors "
                    "and scales (its columns are 'Element ID', 'Element Name', 'Description')")]
        )
    nodes = _nodes(model, root, report)
    by_key = {node.key: node for node in nodes}
    ranges = _ranges(scales, report)
    made = _anchors(anchors, by_key, ranges, report, root)
    if not made:
        report.add(f.at(f.file_problem(model.file), "no-levels",
                        "no Level Scale Anchors were given, so the framework has no O*NET "
                        "levels; it gets the 4-level scale 'onet-default' (give the anchors and "
                        "the Scales Reference to have the 0-7 level scale)"))
    framework = f.build(
        nodes, report, id=id, title=title, version=version, provenance=PROVENANCE,
        scales=made, default=f.default_scale("onet", "the O*NET Content Model"),
        extensions={"onet": {"root": root}} if root else None,
        source="the Content Model Reference",
    )
    found = report.finish()
    if framework is None or any(p.is_error for p in found):
        raise InvalidDocument(found)
    return framework, found


def load_onet(source: Source, *more: Source, limits: Limits = DEFAULT_LIMITS) -> Framework:
    """A framework from O*NET files; like ``read_onet`` without the warnings."""
    return read_onet(source, *more, limits=limits)[0]


def _whole(table: f.Table, code: str, message: str) -> Problem:
    return Problem(code=code, message=message, path="$[row 1]", file=table.file, line=1)


def _parent(element: str) -> str | None:
    return element.rsplit(".", 1)[0] if "." in element else None


def _nodes(model: f.Table, root: str | None, report: f.Report) -> list[f.Node]:
    nodes: list[f.Node] = []
    for row, cells in model.rows:
        element = cells.get("Element ID", "").strip()
        where = model.where(row, "Element ID")
        if not element:
            report.add(f.at(where, "missing-id", "this row has no Element ID; the row is left "
                            "out"), group="missing-id")
            continue
        if root is not None and element != root and not element.startswith(root + "."):
            continue
        parent = _parent(element)
        if root is not None and element == root:
            parent = None
        name = cells.get("Element Name", "").strip()
        description = cells.get("Description", "").strip()
        kind: CompetencyKind = next((k for start, k in _KINDS if element.startswith(start)),
                                    "skill")
        extensions: dict[str, JSONValue] = {"element_id": element}
        node = f.Node(
            element, f.derive_id(element) or element, name or element, where,
            parents=[parent] if parent else [],
            description=description if description and description != name else None,
            kind=kind, extensions={"onet": extensions},
        )
        if not spec.is_id(element):
            report.add(f.at(where, "onet-id", f"the Element ID {element!r} is not a valid "
                            f"leadcomp id; the competency's id is {node.id!r}"), group="onet-id")
        nodes.append(node)
    parents = {p for node in nodes for p in node.parents}
    for node in nodes:
        if node.key in parents:
            node.kind = "domain"
    if root is not None and not any(node.key == root for node in nodes):
        raise InvalidDocument([_whole(model, "unknown-root",
                                      f"the Element ID {root!r} is not in the Content Model "
                                      "Reference; give one of its Element IDs, such as 2.B")])
    return nodes


def _number(text: str) -> int | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return int(value) if value.is_integer() else None


def _ranges(tables: list[f.Table], report: f.Report) -> dict[str, tuple[str, int, int]]:
    ranges: dict[str, tuple[str, int, int]] = {}
    for table in tables:
        for row, cells in table.rows:
            scale = cells.get("Scale ID", "").strip()
            low, high = _number(cells.get("Minimum", "")), _number(cells.get("Maximum", ""))
            if not scale or low is None or high is None or low >= high:
                report.add(f.at(table.where(row), "onet-scale",
                                "this scale has no Scale ID or no whole-number Minimum below "
                                "its Maximum; it is left out"), group="onet-scale")
                continue
            ranges.setdefault(scale, (cells.get("Scale Name", "").strip() or scale, low, high))
    return ranges


def _anchors(
    tables: list[f.Table],
    by_key: dict[str, f.Node],
    ranges: dict[str, tuple[str, int, int]],
    report: f.Report,
    root: str | None,
) -> list[Scale]:
    found: dict[str, dict[str, dict[int, tuple[str, Problem]]]] = {}
    for table in tables:
        for row, cells in table.rows:
            element = cells.get("Element ID", "").strip()
            scale = cells.get("Scale ID", "").strip()
            value = _number(cells.get("Anchor Value", ""))
            text = cells.get("Anchor Description", "").strip()
            where = table.where(row)
            if element not in by_key:
                if root is None or element == root or element.startswith(root + "."):
                    report.add(f.at(where, "unknown-element",
                                    f"the anchor's Element ID {element!r} is not in the Content "
                                    "Model Reference; the anchor is left out"),
                               group="unknown-element")
                continue
            if not scale or value is None or not text:
                report.add(f.at(where, "onet-anchor",
                                "this anchor lacks a Scale ID, a whole-number Anchor Value or "
                                "an Anchor Description; it is kept in the element's "
                                "extensions['onet']"), group="onet-anchor")
                _keep(by_key[element], cells)
                continue
            per_value = found.setdefault(scale, {}).setdefault(element, {})
            if value in per_value:
                report.add(f.at(where, "onet-anchor",
                                f"a second anchor for {element} at {scale} {value}; the first "
                                "is the descriptor, this one is kept in the element's "
                                "extensions['onet']"), group="onet-anchor-twice")
                _keep(by_key[element], cells)
                continue
            per_value[value] = (text, where)
    scales: list[Scale] = []
    for scale_id, elements in found.items():
        values = [v for per in elements.values() for v in per]
        name, low, high = ranges.get(scale_id, (scale_id, min(values), max(values)))
        if scale_id not in ranges:
            first = next(iter(next(iter(elements.values())).values()))[1]
            report.add(f.at(first, "onet-scale",
                            f"the scale {scale_id!r} is not in a Scales Reference file; its "
                            f"levels run from the lowest anchor ({low}) to the highest ({high}) "
                            "(give Scales_Reference.csv for the whole range)"))
        made = Scale(
            id=f"onet-{f.derive_id(scale_id).lower() or 'scale'}",
            title=f"O*NET {name} ({scale_id})",
            levels=tuple(Level(value=v, label=f"{name} {v}") for v in range(low, high + 1)),
        )
        scales.append(made)
        for element, per in elements.items():
            node = by_key[element]
            kept = []
            for value, (text, where) in sorted(per.items()):
                if low <= value <= high:
                    kept.append(Descriptor(level=value, text=text))
                else:
                    report.add(f.at(where, "onet-anchor",
                                    f"the anchor value {value} is outside the scale "
                                    f"{scale_id} ({low}-{high}); it is kept in the element's "
                                    "extensions['onet']"), group="onet-anchor-range")
                    _keep(node, {"Scale ID": scale_id, "Anchor Value": str(value),
                                 "Anchor Description": text})
            if node.scale is None and kept:
                node.scale = made.id
                node.descriptors = kept
            elif kept:
                report.add(f.at(next(iter(per.values()))[1], "onet-second-scale",
                                f"{element} has anchors on a second scale ({scale_id}); a "
                                "competency has one scale, so these are kept in its "
                                "extensions['onet']"), group="onet-second-scale")
                for d in kept:
                    _keep(node, {"Scale ID": scale_id, "Anchor Value": str(d.level),
                                 "Anchor Description": d.text})
    return scales


def _keep(node: f.Node, cells: dict[str, str]) -> None:
    onet = node.extensions.get("onet")
    if not isinstance(onet, dict):
        onet = node.extensions["onet"] = {}
    onet.setdefault("unused_anchors", []).append({k: v for k, v in cells.items() if k})
