"""What a Moodle competency CSV (tool_lpimportcsv) means to leadcomp: its columns, and how its
rows become a framework's plain data.

The reader and the writer share ``derive``: the writer builds Moodle rows, derives what a reader
would make of them, and carries only the difference in its ``leadcomp`` column, so that reading
what it wrote gives back exactly the framework written.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from typing import Any, NamedTuple

from leadcomp.model._types import CompetencyKind
from leadcomp.problems import Problem
from leadcomp.read._tabular import Row, cell_problem, first_record

#: The 14 columns, in Moodle's order (its language-string keys).
COLUMNS = (
    "parentidnumber",
    "idnumber",
    "shortname",
    "description",
    "descriptionformat",
    "scalevalues",
    "scaleconfiguration",
    "ruletype",
    "ruleoutcome",
    "ruleconfig",
    "relatedidnumbers",
    "exportid",
    "isframework",
    "taxonomy",
)
#: The headers Moodle writes (its English language strings), in the same order.
LABELS = (
    "Parent id number",
    "Id number",
    "Shortname",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross referenced competency id numbers",
    "Exported id (optional)",
    "Is framework",
    "Taxonomy",
)
#: The 15th column leadcomp adds when a framework holds what the 14 cannot carry.
EXTRA = "leadcomp"
(
    PARENT, IDNUMBER, SHORTNAME, DESCRIPTION, FORMAT, SCALEVALUES, SCALECONFIG, RULETYPE,
    RULEOUTCOME, RULECONFIG, RELATED, EXPORTID, ISFRAMEWORK, TAXONOMY,
) = range(14)
EXTRA_INDEX = 14

#: Moodle's FORMAT_PLAIN: leadcomp descriptions are plain text.
PLAIN = "2"
#: Cells that leadcomp has no field for, with the value its writer puts there; a read cell that
#: differs is kept, as text, in ``extensions["moodle"][column]``.
FRAMEWORK_KEPT = {
    "parentidnumber": "",
    "descriptionformat": PLAIN,
    "ruletype": "",
    "ruleoutcome": "",
    "ruleconfig": "",
    "relatedidnumbers": "",
    "exportid": "",
    "isframework": "1",
}
COMPETENCY_KEPT = {
    "descriptionformat": PLAIN,
    "ruletype": "",
    "ruleoutcome": "0",
    "ruleconfig": "null",
    "exportid": "",
    "isframework": "",
    "taxonomy": "",
}
INDICATOR_KEPT = {**COMPETENCY_KEPT, "description": "", "relatedidnumbers": ""}

#: Moodle taxonomy terms (per depth of the tree) -> competency kinds. These are exactly the
#: terms Moodle accepts (``competency_framework::get_taxonomies_list``, compared as written).
TERM_KIND: dict[str, CompetencyKind] = {
    "behaviour": "behaviour",
    "competency": "skill",
    "concept": "knowledge",
    "domain": "domain",
    "indicator": "behaviour",
    "level": "skill",
    "outcome": "skill",
    "practice": "behaviour",
    "proficiency": "skill",
    "skill": "skill",
    "value": "attribute",
}
#: Competency kinds -> the term written for a depth whose competencies all have that kind
#: (a depth of mixed kinds is "competency"). Reading a written term gives back a kind that
#: writes the same term.
KIND_TERM: dict[str, str] = {
    "domain": "domain",
    "skill": "competency",
    "behaviour": "behaviour",
    "knowledge": "concept",
    "attribute": "value",
    "change_readiness": "competency",
    "function": "competency",
    "step": "competency",
}

#: The most characters Moodle keeps of an id number or a short name (framework and competency):
#: its importer (tool_lpimportcsv) cuts longer ones to 100 with ``shorten_text`` (so children
#: naming a cut parent are dropped, and cut id numbers may clash), and its tables hold 100.
MAX_CHARS = 100

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,199}")
_NOT_ID = re.compile(r"[^A-Za-z0-9._:-]+")
_SCALE_ID = re.compile(r"moodle-scale-([0-9]+)")


def normalise_header(text: str) -> str:
    """A header compared loosely: case, spaces and a byte-order mark do not matter."""
    return " ".join(text.replace("\ufeff", "").split()).casefold()


HEADER_FORMS = tuple(
    {normalise_header(label), key} for label, key in zip(LABELS, COLUMNS, strict=True)
)


def is_header(cells: Sequence[str]) -> bool:
    """True when a record is the header of a Moodle competency CSV."""
    return len(cells) >= len(COLUMNS) and all(
        normalise_header(cell) in forms for cell, forms in zip(cells, HEADER_FORMS, strict=False)
    )


#: The columns a Moodle gradebook outcomes CSV must have (Moodle writes it with ';' between
#: cells: outcome_name, outcome_shortname, outcome_description, scale_name, scale_items,
#: scale_description).
OUTCOMES_COLUMNS = ("outcome_name", "outcome_shortname")
_OUTCOMES_SPLIT = re.compile(r"[;,\t]")


def is_outcomes_header(line: str) -> bool:
    """True when the first line of a file is the header of a Moodle outcomes CSV."""
    cells = {
        cell.strip().strip('"').strip().casefold()
        for cell in _OUTCOMES_SPLIT.split(line.replace("\ufeff", ""))
    }
    return all(column in cells for column in OUTCOMES_COLUMNS)


def looks_like_moodle(head: bytes) -> bool:
    """True when the first bytes of a file start with the header of a Moodle competency CSV."""
    record = first_record(head)
    return record is not None and is_header(record)


def looks_like_outcomes(head: bytes) -> bool:
    """True when the first bytes of a file start with the header of a Moodle (gradebook)
    outcomes CSV, which is not a competency framework."""
    return is_outcomes_header(head.split(b"\n", 1)[0][:4096].decode("utf-8", "replace"))


#: Why an outcomes file is refused wherever a framework is read.
OUTCOMES_MESSAGE = (
    "this is a Moodle outcomes file (gradebook outcomes: outcome_name, outcome_shortname, "
    "scale_items...), not a competency framework; export the competency framework instead "
    "(Site administration > Competencies > Export) and read that file"
)


def is_id(text: str) -> bool:
    """True for a valid leadcomp id."""
    return _ID.fullmatch(text) is not None


def slug(text: str) -> str:
    """An id made of any text (accents folded, other characters as '-'), or '' if none."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    made = _NOT_ID.sub("-", folded).lstrip("._:-")[:200].rstrip("-")
    return made if made and is_id(made) else ""


def unique(base: str, taken: set[str], tried: dict[str, int] | None = None) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is not taken (kept within 200).
    ``tried`` remembers, per base, the suffixes already found taken, so that many names on one
    base cost one step each, not one per name before them."""
    if base not in taken:
        return base
    number = 2 if tried is None else tried.get(base, 2)
    while True:
        suffix = f"-{number}"
        candidate = base[: 200 - len(suffix)] + suffix
        if candidate not in taken:
            if tried is not None:
                tried[base] = number + 1
            return candidate
        number += 1


def shorten(text: str, taken: set[str] | None = None) -> str:
    """``text`` cut to ``MAX_CHARS`` characters: its start, '-' and 8 hex digits of a hash of the
    whole text (a valid id stays a valid id); deterministic, and not in ``taken`` (the hash is
    taken again, salted, in the rare case it is)."""
    import hashlib

    salt = 0
    while True:
        seed = text if salt == 0 else f"{text}\x00{salt}"
        digest = hashlib.sha256(seed.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        made = text[: MAX_CHARS - 9].rstrip() + "-" + digest
        if taken is None or made not in taken:
            return made
        salt += 1


def truthy(cell: str) -> bool:
    """PHP's truth of a cell, as Moodle reads 'Is framework'."""
    return cell not in ("", "0")


def split_related(cell: str) -> list[str]:
    """The idnumbers of a 'Cross referenced competency id numbers' cell (``%2C`` is a comma)."""
    return [part.replace("%2C", ",") for part in cell.split(",") if part]


def join_related(idnumbers: Sequence[str]) -> str:
    """The cell of a list of idnumbers."""
    return ",".join(idnumber.replace(",", "%2C") for idnumber in idnumbers)


# -- scales ----------------------------------------------------------------------------------


def scale_labels(cell: str) -> list[str]:
    """The item labels of a 'Scale values' cell (Moodle trims each one)."""
    return [part.strip() for part in cell.split(",")]


def scale_base_id(scaleid: str | None) -> str:
    """The leadcomp scale id that a Moodle ``scaleid`` gives before it is made unique."""
    if scaleid is None:
        return "moodle-scale"
    if scaleid.isascii() and scaleid.isdigit():
        return f"moodle-scale-{scaleid}"
    return scaleid if is_id(scaleid) else "moodle-scale"


def scaleid_text(scale_id: str) -> str:
    """The ``scaleid`` written for a leadcomp scale id (read back by ``scale_base_id``)."""
    match = _SCALE_ID.fullmatch(scale_id)
    return match.group(1) if match else scale_id


class Configuration(NamedTuple):
    """What leadcomp reads from a 'Scale configuration' cell."""

    scaleid: str | None
    #: The lowest item position marked proficient (None: none is).
    proficient: int | None
    #: Why the cell could not be read fully (None when it could).
    trouble: str | None


def read_configuration(cell: str, size: int) -> Configuration:
    """Read Moodle's scale configuration JSON: ``[{"scaleid": "2"}, {"id": 2, "scaledefault":
    1, "proficient": 1}, ...]`` where ``id`` is an item's position (1 = the first label)."""
    if not cell.strip():
        return Configuration(None, None, None)
    try:
        data = json.loads(cell)
    except (ValueError, RecursionError):
        return Configuration(None, None, "it is not JSON")
    if not isinstance(data, list) or not data or not isinstance(data[0], dict):
        return Configuration(None, None, "it is not a list starting with {\"scaleid\": ...}")
    raw_id = data[0].get("scaleid")
    usable = isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool)
    scaleid = str(raw_id) if usable else None
    flagged: list[int] = []
    trouble = None
    for item in data[1:]:
        if not isinstance(item, dict):
            trouble = "an entry is not an object"
            continue
        position = _integer(item.get("id"))
        if position is None or not 1 <= position <= size:
            trouble = f"an entry's id {item.get('id')!r} is not a position 1..{size} of the scale"
            continue
        if _flag(item.get("proficient")):
            flagged.append(position)
    return Configuration(scaleid, min(flagged) if flagged else None, trouble)


def _integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _flag(value: Any) -> bool:
    return value not in (None, False, 0, "", "0")


def write_configuration(scaleid: str, size: int, proficient: int | None) -> str:
    """The configuration leadcomp writes: items from the proficient position up (the top item
    when there is none, as Moodle needs one) marked proficient, the lowest of them default."""
    first = size if proficient is None else proficient
    items: list[dict[str, Any]] = [{"scaleid": scaleid}]
    items.extend(
        {"id": position, "scaledefault": 1 if position == first else 0, "proficient": 1}
        for position in range(first, size + 1)
    )
    return json.dumps(items, separators=(",", ":"), ensure_ascii=False)


# -- rows -> plain framework data ---------------------------------------------------------------


class MoodleRow(NamedTuple):
    """One data row, its 14 cells (padded), and what it is."""

    row: Row
    cells: list[str]
    #: "framework", "competency" or "indicator".
    role: str


class Derived(NamedTuple):
    """The framework data a set of rows gives, where each part came from, and the problems."""

    data: dict[str, Any]
    framework_row: MoodleRow | None
    #: The row of each competency, by index in data["competencies"].
    competency_rows: list[MoodleRow]
    #: The row of each indicator, by (competency index, indicator index).
    indicator_rows: dict[tuple[int, int], MoodleRow]
    problems: list[Problem]


class _Scales:
    """Scales met on rows: equal labels, scaleid and proficient level give one scale."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[tuple[str, ...], str, int | None], dict[str, Any]] = {}
        self.data: list[dict[str, Any]] = []
        self.taken: set[str] = set()
        self.tried: dict[str, int] = {}

    def get(self, labels: list[str], base: str, proficient: int | None) -> dict[str, Any]:
        key = (tuple(labels), base, proficient)
        scale = self.by_key.get(key)
        if scale is None:
            scale_id = unique(base, self.taken, self.tried)
            self.taken.add(scale_id)
            scale = self.by_key[key] = {
                "id": scale_id,
                "levels": [
                    {"value": position, "label": label}
                    for position, label in enumerate(labels, start=1)
                ],
            }
            if proficient is not None:
                scale["proficient"] = proficient
            self.data.append(scale)
        return scale


def derive(rows: Sequence[MoodleRow], file: str | None = None) -> Derived:
    """The plain framework data (without kind and format) that Moodle rows give."""
    problems: list[Problem] = []

    def report(code: str, message: str, at: MoodleRow, column: int | None,
               severity: str = "error") -> None:
        header = COLUMNS[column - 1] if column is not None and column <= len(COLUMNS) else None
        problems.append(
            cell_problem(code, message, at.row, column, header, file=file,
                         severity="warning" if severity == "warning" else "error")
        )

    framework_rows = [r for r in rows if r.role == "framework"]
    if not framework_rows:
        first = rows[0].row.number if rows else 2
        problems.append(
            cell_problem(
                "moodle-no-framework",
                "no row says it is the framework ('Is framework' 1); a Moodle competency CSV "
                "starts with the framework's row, then one row per competency",
                first, file=file,
            )
        )
        return Derived({}, None, [], {}, problems)
    framework_row = framework_rows[0]
    for extra in framework_rows[1:]:
        report(
            "moodle-second-framework",
            f"a second framework row (the framework is row {framework_row.row.number}); a file "
            "holds one framework",
            extra, ISFRAMEWORK + 1,
        )
    items = [r for r in rows if r.role != "framework"]

    # ids: one namespace for competencies and indicators, unique, valid
    taken: set[str] = set()
    tried: dict[str, int] = {}
    id_of_row: dict[int, str] = {}
    by_idnumber: dict[str, MoodleRow] = {}
    ext_of_row: dict[int, dict[str, Any]] = {}
    for item in items:
        number = item.row.number
        ext: dict[str, Any] = {}
        ext_of_row[number] = ext
        idnumber = item.cells[IDNUMBER]
        if not idnumber:
            report(
                "missing-value",
                "the competency has no id number; Moodle skips such a row and everything "
                "under it",
                item, IDNUMBER + 1,
            )
            continue
        if idnumber in by_idnumber:
            report(
                "duplicate-id",
                f"the id number {idnumber!r} is already used in row "
                f"{by_idnumber[idnumber].row.number}; each competency needs its own",
                item, IDNUMBER + 1,
            )
            continue
        by_idnumber[idnumber] = item
        made = unique(
            idnumber if is_id(idnumber) else slug(idnumber) or "competency", taken, tried
        )
        taken.add(made)
        id_of_row[number] = made
        if made != idnumber:
            ext["idnumber"] = idnumber
            if not is_id(idnumber):
                report(
                    "moodle-id",
                    f"the id number {idnumber!r} is not a leadcomp id (ASCII letters, digits, "
                    f"'.', '_', ':', '-'); read as {made!r}, the id number kept",
                    item, IDNUMBER + 1, "warning",
                )
        if not item.cells[SHORTNAME]:
            report("missing-value", "the competency has no short name", item, SHORTNAME + 1)

    # parents
    parent_of: dict[int, MoodleRow | None] = {}
    for item in items:
        number = item.row.number
        if number not in id_of_row:
            continue
        parent_cell = item.cells[PARENT]
        if not parent_cell:
            if item.role == "indicator":
                report(
                    "moodle-indicator",
                    "an indicator row needs the id number of its competency as parent",
                    item, PARENT + 1,
                )
                continue
            parent_of[number] = None
            continue
        parent = by_idnumber.get(parent_cell)
        if parent is None or parent.row.number not in id_of_row:
            report(
                "unknown-reference",
                f"the parent id number {parent_cell!r} is not the id number of any row; Moodle "
                "would drop this row and everything under it",
                item, PARENT + 1,
            )
            continue
        if parent.role != "competency":
            report(
                "moodle-indicator",
                f"the parent {parent_cell!r} is an indicator; only competencies have children",
                item, PARENT + 1,
            )
            continue
        parent_of[number] = parent
    # depths (0 at the top; None for rows in a cycle or under a row that was dropped)
    depth_of: dict[int, int | None] = {}
    for item in items:
        if item.role != "competency" or item.row.number not in parent_of:
            continue
        chain: list[int] = []
        current = item.row.number
        above: int | None
        while True:
            if current in depth_of:
                above = depth_of[current]
                break
            if current in chain:
                report(
                    "cycle",
                    "the parent id numbers from this row lead back to it; competencies form "
                    "a tree",
                    item, PARENT + 1,
                )
                above = None
                break
            chain.append(current)
            if current not in parent_of:
                above = None
                break
            parent = parent_of[current]
            if parent is None:
                above = -1
                break
            current = parent.row.number
        for member in reversed(chain):
            above = None if above is None else above + 1
            depth_of[member] = above

    # the framework row
    fcells = framework_row.cells
    scales = _Scales()
    fext: dict[str, Any] = {}
    for key, default in FRAMEWORK_KEPT.items():
        cell = fcells[COLUMNS.index(key)]
        if cell != default:
            fext[key] = cell
    fidnumber = fcells[IDNUMBER]
    fid = (
        fidnumber if is_id(fidnumber)
        else slug(fidnumber) or slug(fcells[SHORTNAME]) or "moodle-framework"
    )
    if fid != fidnumber:
        fext["idnumber"] = fidnumber
        report(
            "moodle-id",
            f"the framework's id number {fidnumber!r} is not a leadcomp id; read as {fid!r}, "
            "the id number kept",
            framework_row, IDNUMBER + 1, "warning",
        )
    data: dict[str, Any] = {"id": fid, "version": "1.0.0", "title": fcells[SHORTNAME]}
    if not fcells[SHORTNAME]:
        report("missing-value", "the framework has no short name", framework_row, SHORTNAME + 1)
    if fcells[DESCRIPTION]:
        data["description"] = fcells[DESCRIPTION]
    if fcells[SCALEVALUES]:
        scale = _row_scale(framework_row, scales, fext, report)
        if scale is not None:
            data["default_scale"] = scale["id"]
    else:
        report(
            "moodle-no-scale",
            "the framework row has no scale values; Moodle needs the framework's scale (such "
            "as \"Not yet competent,Competent\")",
            framework_row, SCALEVALUES + 1,
        )
    terms = (
        [term.strip() for term in fcells[TAXONOMY].split(",")] if fcells[TAXONOMY] else []
    )
    for term in terms:
        if term and term.casefold() not in TERM_KIND:
            report(
                "moodle-taxonomy",
                f"{term!r} is not a Moodle taxonomy term ({', '.join(sorted(TERM_KIND))}); its "
                "level reads as skills",
                framework_row, TAXONOMY + 1, "warning",
            )
            break

    # competencies and indicators, in row order
    competencies: list[dict[str, Any]] = []
    competency_rows: list[MoodleRow] = []
    index_of_row: dict[int, int] = {}
    indicator_rows: dict[tuple[int, int], MoodleRow] = {}
    depths: list[int] = []
    for item in items:
        number = item.row.number
        if number not in parent_of:
            continue
        cells = item.cells
        ext = ext_of_row[number]
        kept = INDICATOR_KEPT if item.role == "indicator" else COMPETENCY_KEPT
        for key, default in kept.items():
            cell = cells[COLUMNS.index(key)]
            if cell != default:
                ext[key] = cell
        entry: dict[str, Any]
        if item.role == "indicator":
            entry = {"id": id_of_row[number], "text": cells[SHORTNAME]}
        else:
            found = depth_of.get(number)
            depth = -1 if found is None else found
            term = terms[depth].casefold() if 0 <= depth < len(terms) else ""
            entry = {"id": id_of_row[number], "title": cells[SHORTNAME],
                     "kind": TERM_KIND.get(term, "skill")}
            parent = parent_of[number]
            if parent is not None:
                entry["parent"] = id_of_row[parent.row.number]
            if cells[DESCRIPTION]:
                entry["description"] = cells[DESCRIPTION]
            depths.append(depth)
        if cells[SCALEVALUES]:
            scale = _row_scale(item, scales, ext, report)
            if scale is not None:
                entry["scale"] = scale["id"]
        elif cells[SCALECONFIG]:
            ext["scaleconfiguration"] = cells[SCALECONFIG]
        if item.role == "competency":
            relations, unresolved = [], []
            for idnumber in split_related(cells[RELATED]):
                target = by_idnumber.get(idnumber)
                if target is not None and target.row.number in parent_of:
                    relations.append(
                        {"type": "related", "target": id_of_row[target.row.number]}
                    )
                else:
                    unresolved.append(idnumber)
            if relations:
                entry["relations"] = relations
            if unresolved:
                ext["unresolved_related"] = unresolved
                report(
                    "unknown-reference",
                    "cross-referenced id number"
                    + (f"s {', '.join(map(repr, unresolved))} are" if len(unresolved) > 1
                       else f" {unresolved[0]!r} is")
                    + " not in the file; Moodle ignores "
                    + ("them" if len(unresolved) > 1 else "it")
                    + "; kept in extensions['moodle']",
                    item, RELATED + 1, "warning",
                )
        if ext:
            entry["extensions"] = {"moodle": ext}
        if item.role == "indicator":
            owner = parent_of[number]
            index = None if owner is None else index_of_row.get(owner.row.number)
            if index is None:
                report(
                    "moodle-indicator",
                    "an indicator row must come after the row of its competency",
                    item, PARENT + 1,
                )
                continue
            listed = competencies[index].setdefault("indicators", [])
            indicator_rows[(index, len(listed))] = item
            listed.append(entry)
        else:
            index_of_row[number] = len(competencies)
            competencies.append(entry)
            competency_rows.append(item)

    generated = taxonomy_of([(d, c["kind"]) for d, c in zip(depths, competencies, strict=True)])
    if fcells[TAXONOMY] != generated:
        fext["taxonomy"] = fcells[TAXONOMY]
    data["scales"] = scales.data
    data["competencies"] = competencies
    if fext:
        data["extensions"] = {"moodle": fext}
    return Derived(data, framework_row, competency_rows, indicator_rows, problems)


def taxonomy_of(depth_kinds: Sequence[tuple[int, str]]) -> str:
    """The taxonomy cell written for competencies at these depths with these kinds."""
    deepest = max((depth for depth, _kind in depth_kinds), default=-1)
    if deepest < 0:
        return ""
    terms: list[set[str]] = [set() for _ in range(deepest + 1)]
    for depth, kind in depth_kinds:
        if depth >= 0:
            terms[depth].add(KIND_TERM.get(kind, "competency"))
    return ",".join(
        next(iter(found)) if len(found) == 1 else "competency" for found in terms
    )


def _row_scale(
    at: MoodleRow, scales: _Scales, ext: dict[str, Any], report: Any
) -> dict[str, Any] | None:
    cells = at.cells
    labels = scale_labels(cells[SCALEVALUES])
    empty = [str(position) for position, label in enumerate(labels, start=1) if not label]
    if empty:
        report(
            "moodle-scale",
            f"scale value {', '.join(empty)} is empty; write the labels separated by commas, "
            "such as \"Not yet competent,Competent\"",
            at, SCALEVALUES + 1,
        )
        return None
    if len(labels) < 2:
        report(
            "moodle-scale",
            f"the scale has {len(labels)} value; a scale needs at least two",
            at, SCALEVALUES + 1,
        )
        return None
    configuration = read_configuration(cells[SCALECONFIG], len(labels))
    if configuration.trouble is not None:
        report(
            "moodle-scale-configuration",
            f"the scale configuration cannot be read fully: {configuration.trouble}; kept as "
            "it is",
            at, SCALECONFIG + 1, "warning",
        )
    scale = scales.get(labels, scale_base_id(configuration.scaleid), configuration.proficient)
    written = write_configuration(scaleid_text(scale["id"]), len(labels), scale.get("proficient"))
    if cells[SCALECONFIG] != written:
        ext["scaleconfiguration"] = cells[SCALECONFIG]
    return scale


__all__ = [
    "COLUMNS",
    "EXTRA",
    "KIND_TERM",
    "LABELS",
    "MAX_CHARS",
    "TERM_KIND",
    "Derived",
    "MoodleRow",
    "derive",
    "is_header",
    "is_id",
    "is_outcomes_header",
    "read_configuration",
    "scale_base_id",
    "scaleid_text",
    "shorten",
    "slug",
    "taxonomy_of",
    "write_configuration",
]
