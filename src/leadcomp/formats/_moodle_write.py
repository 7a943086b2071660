"""A framework as a Moodle competency CSV: the 14 columns Moodle imports, plus a ``leadcomp``
column for what they cannot carry (written only when a framework needs it).

The writer builds the rows, derives what the reader would make of them (``_moodle_spec.derive``)
and writes, per row, the JSON object of every field where that differs from the framework: so
reading the file gives back exactly the framework written.
"""

from __future__ import annotations

import json
from typing import Any

import leadcomp.formats._moodle_spec as spec
from leadcomp.documents._pipeline import check
from leadcomp.model import Framework
from leadcomp.model._converter import unstructure
from leadcomp.problems import InvalidDocument, Problem, problem
from leadcomp.read._tabular import Row, cell_problem, csv_line, write_cell


def _kept(extensions: dict[str, Any], key: str, default: str) -> str:
    value = _moodle(extensions).get(key)
    return value if isinstance(value, str) else default


def _moodle(extensions: dict[str, Any]) -> dict[str, Any]:
    value = extensions.get("moodle")
    return value if isinstance(value, dict) else {}


def _label(text: str, value: int) -> str:
    clean = text.replace(",", ";").strip()
    return clean or f"Level {value}"


class _Writer:
    def __init__(self, framework: Framework, shorten: bool = False) -> None:
        self.framework = framework
        self.shorten = shorten
        #: Each cell shortened: (row index, column index, the full text).
        self.shortened: list[tuple[int, int, str]] = []
        #: The full id number of each competency or indicator id number shortened.
        self.full_ids: dict[str, str] = {}
        self.idnumbers = self._idnumbers()
        self.rows: list[list[str]] = []
        self.roles: list[str] = []
        # (competency index or -1 for the framework, indicator index or -1) of each row
        self.owners: list[tuple[int, int]] = []

    def _idnumbers(self) -> dict[str, str]:
        fw = self.framework
        entities: list[tuple[str, dict[str, Any]]] = []
        for competency in fw.competencies:
            entities.append((competency.id, competency.extensions))
            entities.extend((i.id, i.extensions) for i in competency.indicators)
        reserved = {entity_id for entity_id, _ext in entities}
        chosen: dict[str, str] = {}
        used: set[str] = set()
        for entity_id, extensions in entities:
            wanted = _moodle(extensions).get("idnumber")
            if (
                isinstance(wanted, str) and wanted and wanted not in used
                and (wanted == entity_id or wanted not in reserved)
            ):
                chosen[entity_id] = wanted
                used.add(wanted)
        for entity_id, _extensions in entities:
            if entity_id not in chosen:
                chosen[entity_id] = entity_id
                used.add(entity_id)
        if self.shorten:
            for entity_id, _extensions in entities:
                wanted = chosen[entity_id]
                if len(wanted) > spec.MAX_CHARS:
                    made = spec.shorten(wanted, used)
                    used.add(made)
                    chosen[entity_id] = made
                    self.full_ids[made] = wanted
        return chosen

    def fit(self) -> None:
        """Shorten the cells Moodle would cut (with ``shorten``): the id numbers (competencies'
        are shortened already, so that parents and cross-references name them) and the short
        names; the full texts are read back from the ``leadcomp`` column."""
        for row_index, cells in enumerate(self.rows):
            for column in (spec.IDNUMBER, spec.SHORTNAME):
                full = cells[column]
                if column == spec.IDNUMBER and row_index > 0:
                    if full in self.full_ids:
                        self.shortened.append((row_index, column, self.full_ids[full]))
                    continue
                if self.shorten and len(full) > spec.MAX_CHARS:
                    cells[column] = spec.shorten(full)
                    self.shortened.append((row_index, column, full))

    def _scale_cells(self, scale_id: str | None, extensions: dict[str, Any]) -> tuple[str, str]:
        if scale_id is None:
            return "", _kept(extensions, "scaleconfiguration", "")
        scale = self.framework.scale(scale_id)
        if scale is None:  # pragma: no cover - a checked framework has its scales
            return "", ""
        labels = [_label(level.label, level.value) for level in scale.levels]
        position = next(
            (n for n, level in enumerate(scale.levels, start=1) if level.value == scale.proficient),
            None,
        )
        generated = spec.write_configuration(spec.scaleid_text(scale.id), len(labels), position)
        kept = _moodle(extensions).get("scaleconfiguration")
        if isinstance(kept, str) and kept != generated:
            ours = spec.read_configuration(generated, len(labels))
            theirs = spec.read_configuration(kept, len(labels))
            same_id = spec.scale_base_id(theirs.scaleid) == spec.scale_base_id(ours.scaleid)
            if same_id and theirs.proficient == ours.proficient:
                return ",".join(labels), kept
        return ",".join(labels), generated

    def build(self) -> None:
        fw = self.framework
        ext = fw.extensions
        scale_id = fw.default_scale or fw.scales[0].id
        values, configuration = self._scale_cells(scale_id, ext)
        depths = {depth_competency.id: depth for depth, depth_competency in fw.walk()}
        generated = spec.taxonomy_of(
            [(depths.get(c.id, -1), c.kind) for c in fw.competencies]
        )
        taxonomy = generated
        kept = _moodle(ext).get("taxonomy")
        if isinstance(kept, str) and kept != generated:
            def kinds(cell: str) -> list[str]:
                terms = [t.strip().casefold() for t in cell.split(",")] if cell else []
                return [
                    spec.TERM_KIND.get(terms[d] if d < len(terms) else "", "skill")
                    for d in sorted(set(depths.values()))
                ]

            # Moodle refuses a framework whose taxonomy has a term not exactly in its list
            moodle_terms = all(not t or t in spec.TERM_KIND for t in kept.split(","))
            if moodle_terms and kinds(kept) == kinds(generated):
                taxonomy = kept
        isframework = _kept(ext, "isframework", "1")
        idnumber = _kept(ext, "idnumber", fw.id)
        self._add(
            [
                _kept(ext, "parentidnumber", ""),
                idnumber or fw.id,
                fw.title,
                fw.description or "",
                _kept(ext, "descriptionformat", spec.PLAIN),
                values,
                configuration,
                _kept(ext, "ruletype", ""),
                _kept(ext, "ruleoutcome", ""),
                _kept(ext, "ruleconfig", ""),
                _kept(ext, "relatedidnumbers", ""),
                _kept(ext, "exportid", ""),
                isframework if spec.truthy(isframework) else "1",
                taxonomy,
            ],
            "framework", (-1, -1),
        )
        for index, competency in enumerate(fw.competencies):
            cext = competency.extensions
            related = [
                self.idnumbers[r.target] for r in competency.relations
                if r.type == "related" and r.framework is None and r.target in self.idnumbers
            ]
            unresolved = _moodle(cext).get("unresolved_related")
            if isinstance(unresolved, list):
                related.extend(u for u in unresolved if isinstance(u, str) and u)
            values, configuration = self._scale_cells(competency.scale, cext)
            self._add(
                [
                    "" if competency.parent is None else self.idnumbers[competency.parent],
                    self.idnumbers[competency.id],
                    competency.title,
                    competency.description or "",
                    *self._rule_cells(cext, values, configuration),
                    spec.join_related(related),
                    *self._tail(cext),
                ],
                "competency", (index, -1),
            )
            for number, indicator in enumerate(competency.indicators):
                iext = indicator.extensions
                values, configuration = self._scale_cells(indicator.scale, iext)
                self._add(
                    [
                        self.idnumbers[competency.id],
                        self.idnumbers[indicator.id],
                        indicator.text,
                        _kept(iext, "description", ""),
                        *self._rule_cells(iext, values, configuration),
                        _kept(iext, "relatedidnumbers", ""),
                        *self._tail(iext),
                    ],
                    "indicator", (index, number),
                )

    def _rule_cells(self, ext: dict[str, Any], values: str, configuration: str) -> list[str]:
        return [
            _kept(ext, "descriptionformat", spec.PLAIN),
            values,
            configuration,
            _kept(ext, "ruletype", ""),
            _kept(ext, "ruleoutcome", "0"),
            _kept(ext, "ruleconfig", "null"),
        ]

    def _tail(self, ext: dict[str, Any]) -> list[str]:
        isframework = _kept(ext, "isframework", "")
        return [
            _kept(ext, "exportid", ""),
            "" if spec.truthy(isframework) else isframework,
            _kept(ext, "taxonomy", ""),
        ]

    def _add(self, cells: list[str], role: str, owner: tuple[int, int]) -> None:
        self.rows.append(cells)
        self.roles.append(role)
        self.owners.append(owner)


def _difference(actual: dict[str, Any], derived: dict[str, Any], skip: str) -> dict[str, Any]:
    """The fields to set (None: to remove) so that ``derived`` becomes ``actual``."""
    out: dict[str, Any] = {}
    for key in list(actual) + [k for k in derived if k not in actual]:
        if key == skip:
            continue
        if actual.get(key) != derived.get(key):
            out[key] = actual.get(key)
    return out


_WHAT = {spec.IDNUMBER: "id number", spec.SHORTNAME: "short name"}
_CUT = {
    spec.IDNUMBER: "competencies under a cut id number are lost, and cut ones may clash",
    spec.SHORTNAME: "it shows the cut name",
}


def _places(writer: _Writer) -> list[Row]:
    """Where each row stands in the file written: its row number and the line it starts on
    (cells may hold line breaks)."""
    places: list[Row] = []
    line = 2
    for row_index, cells in enumerate(writer.rows):
        places.append(Row(row_index + 2, line, []))
        line += 1 + sum(cell.count("\n") for cell in cells)
    return places


def _too_long(writer: _Writer) -> list[Problem]:
    """An error for each id number or short name longer than Moodle keeps."""
    found: list[Problem] = []
    places: list[Row] | None = None
    for row_index, cells in enumerate(writer.rows):
        for column in (spec.IDNUMBER, spec.SHORTNAME):
            length = len(cells[column])
            if length > spec.MAX_CHARS:
                places = places or _places(writer)
                what = _WHAT[column]
                owner = "framework's" if row_index == 0 else writer.roles[row_index] + "'s"
                found.append(
                    cell_problem(
                        "moodle-too-long",
                        f"the {owner} {what} is {length} characters ({cells[column][:40]!r}...); "
                        f"Moodle keeps at most {spec.MAX_CHARS} and its importer cuts longer "
                        f"ones ({_CUT[column]}); shorten it, or "
                        "write with --moodle-shorten (shorten=True), which keeps the full text "
                        "in the leadcomp column",
                        places[row_index], column + 1, spec.COLUMNS[column],
                    )
                )
    return found


def _shortened(writer: _Writer) -> list[Problem]:
    """A warning for each cell shortened."""
    places = _places(writer) if writer.shortened else []
    return [
        cell_problem(
            "moodle-shortened",
            f"the {_WHAT[column]} ({len(full)} characters) is written shortened to "
            f"{writer.rows[row_index][column]!r}, as Moodle keeps at most {spec.MAX_CHARS}; the "
            "full text is kept in the leadcomp column (leadcomp reads it back, Moodle shows "
            "the shortened one)",
            places[row_index], column + 1, spec.COLUMNS[column], severity="warning",
        )
        for row_index, column, full in writer.shortened
    ]


def write_rows(
    framework: Framework, shorten: bool = False
) -> tuple[list[str], list[list[str]], list[Problem]]:
    """The header, the rows (cells as written, before neutralising) of a framework, and the
    warnings of the cells shortened; InvalidDocument, naming each cell, when an id number or
    short name is longer than Moodle keeps and ``shorten`` is false."""
    writer = _Writer(framework, shorten)
    writer.build()
    writer.fit()
    too_long = _too_long(writer)
    if too_long:
        raise InvalidDocument(too_long)
    moodle_rows = [
        spec.MoodleRow(Row(number, number, cells), cells, role)
        for number, (cells, role) in enumerate(zip(writer.rows, writer.roles, strict=True), 2)
    ]
    derived = spec.derive(moodle_rows)
    errors = [p for p in derived.problems if p.is_error]
    if errors:  # pragma: no cover - a checked framework always gives readable rows
        raise InvalidDocument(errors)
    actual = unstructure(framework)
    extra: list[str] = []
    for owner in writer.owners:
        competency_index, indicator_index = owner
        if competency_index < 0:
            blob = _difference(actual, derived.data, "competencies")
        elif indicator_index < 0:
            blob = _difference(
                actual["competencies"][competency_index],
                derived.data["competencies"][competency_index],
                "indicators",
            )
        else:
            blob = {
                "indicator": True,
                **_difference(
                    actual["competencies"][competency_index]["indicators"][indicator_index],
                    derived.data["competencies"][competency_index]["indicators"][
                        indicator_index
                    ],
                    "",
                ),
            }
        extra.append(
            json.dumps(blob, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
            if blob else ""
        )
    header = list(spec.LABELS)
    rows = writer.rows
    if any(extra):
        header.append(spec.EXTRA)
        rows = [[*cells, blob] for cells, blob in zip(rows, extra, strict=True)]
    return header, rows, _shortened(writer)


def dumps_moodle(
    framework: Framework, *, shorten: bool = False, warnings: list[Problem] | None = None
) -> str:
    """The Moodle competency CSV of a framework; InvalidDocument if the framework is invalid,
    or (unless ``shorten``) an id number or short name is longer than Moodle keeps.

    With ``shorten`` such cells are shortened (their start and a hash: unique, deterministic)
    and a ``moodle-shortened`` warning for each is added to ``warnings`` when given. Cells that
    a spreadsheet would run as a formula are written with a leading quote.
    """
    found = [p for p in check(framework) if p.is_error]
    if found:
        raise InvalidDocument(found)
    if not framework.scales:  # pragma: no cover - the schema needs one
        raise InvalidDocument([problem("moodle-no-scale", "the framework has no scale")])
    header, rows, shortened = write_rows(framework, shorten)
    if warnings is not None:
        warnings.extend(shortened)
    parts = [csv_line(header, php=True)]
    parts.extend(csv_line([write_cell(cell) for cell in cells], php=True) for cells in rows)
    return "".join(parts)


__all__ = ["dumps_moodle", "write_rows"]
