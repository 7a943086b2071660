"""Moodle competency frameworks as CSV (Moodle's tool_lpimportcsv import and export).

``read_moodle`` turns a Moodle competency CSV (14 columns; the first data row is the framework)
into a Framework plus warnings; ``write_moodle`` turns a Framework into such a CSV, which Moodle
imports, with a 15th ``leadcomp`` column (ignored by Moodle) only when the framework holds what
the 14 cannot carry. docs/formats.md has the column mapping and what each direction cannot
carry. Problems name the row and column: ``$[row 12].idnumber`` at line 12 (where the row
starts), column 2.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import leadcomp.formats._moodle_spec as spec
from leadcomp.documents._atomic import write_document
from leadcomp.documents._pipeline import bulk, read_parsed as read_document
from leadcomp.formats._moodle_spec import looks_like_moodle, looks_like_outcomes
from leadcomp.formats._moodle_write import dumps_moodle
from leadcomp.problems import InvalidDocument, Problem, json_path, sort_problems
from leadcomp.read._limits import DEFAULT_LIMITS, Limits
from leadcomp.read._parsed import Parsed
from leadcomp.read._plain import plain_problems
from leadcomp.read._tabular import CsvRows, Row, cell_path, cell_problem, where
from leadcomp.validation._schema_check import FORMAT

if TYPE_CHECKING:
    from leadcomp.model import Framework

_FORBIDDEN = {"competencies", "indicators", "format"}
_FIELD_COLUMN = {
    "parent": spec.PARENT,
    "id": spec.IDNUMBER,
    "title": spec.SHORTNAME,
    "text": spec.SHORTNAME,
    "description": spec.DESCRIPTION,
    "scale": spec.SCALEVALUES,
    "default_scale": spec.SCALEVALUES,
    "scales": spec.SCALEVALUES,
    "relations": spec.RELATED,
}


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("a key appears twice")
    return result


def _constant(token: str) -> Any:
    raise ValueError(f"{token} is not a JSON number")


def read_moodle(
    source: str | os.PathLike[str] | bytes,
    *,
    limits: Limits = DEFAULT_LIMITS,
    encoding: str | None = None,
) -> tuple[Framework, list[Problem]]:
    """A framework from a Moodle competency CSV (a path or bytes) and its warnings.

    The file must be UTF-8 (as Moodle writes it) unless ``encoding`` names another. Raises
    InvalidDocument, carrying every Problem with its row and column, when the file is not a
    Moodle competency CSV or cannot become a valid framework.
    """
    file = os.fspath(source) if isinstance(source, (str, os.PathLike)) else None
    with bulk():
        framework, found = _read(source, file, limits, encoding)
    found = sort_problems(found)
    if framework is None or any(p.is_error for p in found):
        raise InvalidDocument(found)
    return framework, found


def load_moodle(
    source: str | os.PathLike[str] | bytes,
    *,
    limits: Limits = DEFAULT_LIMITS,
    encoding: str | None = None,
) -> Framework:
    """A framework from a Moodle competency CSV; like ``read_moodle`` without the warnings."""
    return read_moodle(source, limits=limits, encoding=encoding)[0]


def _read(
    source: str | os.PathLike[str] | bytes, file: str | None, limits: Limits,
    encoding: str | None,
) -> tuple[Framework | None, list[Problem]]:
    reader = CsvRows(
        source, file=file, encoding=encoding, limits=limits,
        encoding_hint="save the file as UTF-8 (as Moodle exports it) or give its encoding",
    )
    found: list[Problem] = []
    rows: list[spec.MoodleRow] = []
    blobs: dict[int, dict[str, Any]] = {}
    header: list[str] | None = None
    width = len(spec.COLUMNS)
    for row in reader:
        cells = [str(c) for c in row.cells]
        if header is None:
            header = cells
            bad = _header_problems(row, cells, file)
            if bad:
                found.extend(bad)
                break
            width = len(spec.COLUMNS) + (1 if _has_extra(cells) else 0)
            for column in range(width, len(cells)):
                if cells[column].strip():
                    found.append(
                        cell_problem(
                            "moodle-extra-column",
                            f"column {column + 1} ({cells[column]!r}) is not a Moodle column; "
                            "its cells are ignored, as Moodle ignores them",
                            row, column + 1, file=file, severity="warning",
                        )
                    )
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) < len(spec.COLUMNS):
            found.append(
                cell_problem(
                    "ragged-row",
                    f"{where(row.number)} has {len(cells)} cells, the header {len(header)}; the "
                    "missing cells read as empty",
                    row, len(cells) + 1, file=file, severity="warning",
                )
            )
        elif len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            found.append(
                cell_problem(
                    "ragged-row",
                    f"{where(row.number)} has {len(cells)} cells, the header {len(header)}; the "
                    "extra cells are ignored",
                    row, len(header) + 1, file=file, severity="warning",
                )
            )
        padded = (cells + [""] * width)[:width]
        blob = None
        if width > len(spec.COLUMNS) and padded[spec.EXTRA_INDEX].strip():
            blob = _blob(row, padded[spec.EXTRA_INDEX], file, found)
            if blob is not None:
                blobs[row.number] = blob
        if spec.truthy(padded[spec.ISFRAMEWORK]):
            role = "framework"
        elif blob is not None and blob.get("indicator") is True:
            role = "indicator"
        else:
            role = "competency"
        rows.append(spec.MoodleRow(row, padded[: len(spec.COLUMNS)], role))
    found.extend(reader.problems)
    if header is None and not reader.problems:
        found.append(
            Problem(
                code="empty", message="the file is empty; a Moodle competency CSV starts with "
                "its header row", file=file, line=1,
            )
        )
    if any(p.is_error for p in found):
        return None, found
    derived = spec.derive(rows, file)
    found.extend(derived.problems)
    if any(p.is_error for p in found):
        return None, found
    data = derived.data
    targets = _targets(data, derived) if blobs else {}
    for key, value in blobs.items():
        _patch(key, value, data, derived, found, file, targets)
    if any(p.is_error for p in found):
        return None, found
    return _build(data, derived, blobs, found, file)


def _has_extra(cells: Sequence[str]) -> bool:
    return len(cells) > len(spec.COLUMNS) and spec.normalise_header(
        cells[spec.EXTRA_INDEX]
    ) == spec.EXTRA


_SURVEY_HINT = (
    "; survey answers in CSV are read with a survey mapping (leadcomp.read_survey, or "
    "leadcomp convert IN OUT --mapping FILE)"
)


def _header_problems(row: Row, cells: list[str], file: str | None) -> list[Problem]:
    if spec.is_outcomes_header(",".join(cells)):
        return [cell_problem("moodle-outcomes-file", spec.OUTCOMES_MESSAGE, row, file=file)]
    for index, (label, forms) in enumerate(zip(spec.LABELS, spec.HEADER_FORMS, strict=True)):
        if index >= len(cells):
            return [
                cell_problem(
                    "moodle-header",
                    f"not a Moodle competency CSV: the header has {len(cells)} columns; Moodle's "
                    f"has 14, from 'Parent id number' to 'Taxonomy' (column {index + 1} is "
                    f"{label!r}){_SURVEY_HINT}",
                    row, len(cells) + 1 if cells else 1, file=file,
                )
            ]
        if spec.normalise_header(cells[index]) not in forms:
            return [
                cell_problem(
                    "moodle-header",
                    f"not a Moodle competency CSV: column {index + 1} of the header is "
                    f"{cells[index][:60]!r} where Moodle has {label!r} (or "
                    f"{spec.COLUMNS[index]!r}){_SURVEY_HINT}",
                    row, index + 1, cells[index] or None, file=file,
                )
            ]
    return []


def _blob(row: Row, text: str, file: str | None, found: list[Problem]) -> dict[str, Any] | None:
    try:
        value = json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant)
    except (ValueError, RecursionError) as error:
        found.append(
            cell_problem(
                "moodle-leadcomp-column",
                f"the leadcomp cell is not valid JSON ({error}); it holds what leadcomp wrote "
                "there, or nothing",
                row, spec.EXTRA_INDEX + 1, spec.EXTRA, file=file,
            )
        )
        return None
    if not isinstance(value, dict):
        found.append(
            cell_problem(
                "moodle-leadcomp-column", "the leadcomp cell must hold a JSON object",
                row, spec.EXTRA_INDEX + 1, spec.EXTRA, file=file,
            )
        )
        return None
    unwritable = plain_problems(value)
    if unwritable:  # 1e400 reads as infinity, "\ud800" as a lone surrogate: nothing writes them
        found.extend(
            cell_problem(
                "moodle-leadcomp-column",
                f"the leadcomp cell holds a value no document can keep, at {p.path}: "
                f"{p.message}",
                row, spec.EXTRA_INDEX + 1, spec.EXTRA, file=file,
            )
            for p in unwritable
        )
        return None
    bad = sorted(_FORBIDDEN & set(value))
    if bad:
        found.append(
            cell_problem(
                "moodle-leadcomp-column",
                f"the leadcomp cell cannot set {', '.join(map(repr, bad))}: rows make those",
                row, spec.EXTRA_INDEX + 1, spec.EXTRA, file=file,
            )
        )
        return None
    return value


def _targets(data: dict[str, Any], derived: spec.Derived) -> dict[int, dict[str, Any]]:
    """The data each row gave, by row number: the framework, a competency or an indicator."""
    targets: dict[int, dict[str, Any]] = {}
    for (index, position), held in reversed(derived.indicator_rows.items()):
        targets[held.row.number] = data["competencies"][index]["indicators"][position]
    for index, row_of in reversed(list(enumerate(derived.competency_rows))):
        targets[row_of.row.number] = data["competencies"][index]
    if derived.framework_row is not None:
        targets[derived.framework_row.row.number] = data
    return targets


def _patch(
    number: int, blob: dict[str, Any], data: dict[str, Any], derived: spec.Derived,
    found: list[Problem], file: str | None, targets: dict[int, dict[str, Any]],
) -> None:
    target = targets.get(number)
    if target is None:  # a row that was dropped: its problems are reported already
        return
    if target is data and "kind" in blob:
        at = derived.framework_row
        found.append(
            cell_problem(
                "moodle-leadcomp-column", "the leadcomp cell of the framework row cannot set "
                "'kind'", number if at is None else at.row, spec.EXTRA_INDEX + 1, spec.EXTRA,
                file=file,
            )
        )
        return
    for key, value in blob.items():
        if key == "indicator" and target is not data and "text" in target:
            continue
        if value is None:
            target.pop(key, None)
        else:
            target[key] = copy.deepcopy(value)


def _build(
    data: dict[str, Any], derived: spec.Derived, blobs: dict[int, dict[str, Any]],
    found: list[Problem], file: str | None,
) -> tuple[Framework | None, list[Problem]]:
    document = {"kind": "framework", "format": FORMAT, **data}
    parsed = Parsed(document, text="", syntax="json", file=file, values={}, keys={})
    _kind, model, more = read_document(parsed, DEFAULT_LIMITS, "framework", None, True)
    found.extend(_place(p, derived, blobs, file) for p in more)
    return model, found


def _place(
    p: Problem, derived: spec.Derived, blobs: dict[int, dict[str, Any]], file: str | None
) -> Problem:
    """A problem of the framework data placed at the row (and column) it came from."""
    parts = p.parts
    at = derived.framework_row
    rest: tuple[str | int, ...] = parts
    if len(parts) >= 2 and parts[0] == "competencies" and isinstance(parts[1], int):
        index = parts[1]
        if len(parts) >= 4 and parts[2] == "indicators" and isinstance(parts[3], int):
            at = derived.indicator_rows.get((index, parts[3]), at)
            rest = parts[4:]
        elif index < len(derived.competency_rows):
            at = derived.competency_rows[index]
            rest = parts[2:]
    if at is None:  # pragma: no cover - a framework row exists once data is built
        return p.located(file)
    blob = blobs.get(at.row.number, {})
    field = rest[0] if rest else None
    if isinstance(field, str) and field in blob:
        path = cell_path(at.row.number, spec.EXTRA) + json_path(rest)[1:]
        column: int | None = spec.EXTRA_INDEX + 1
    else:
        index_of = _FIELD_COLUMN.get(field) if isinstance(field, str) else None
        column = None if index_of is None else index_of + 1
        path = cell_path(at.row.number, spec.COLUMNS[index_of] if index_of is not None else None)
    return Problem(
        code=p.code, message=p.message, path=path, file=file, line=at.row.line, column=column,
        severity=p.severity,
    )


def write_moodle(
    framework: Framework, *, shorten: bool = False, warnings: list[Problem] | None = None
) -> str:
    """A framework as the text of a Moodle competency CSV; InvalidDocument if it is invalid.

    Moodle keeps at most 100 characters of an id number or a short name: a longer one is a
    ``moodle-too-long`` error naming its row and column (nothing is written), or, with
    ``shorten=True``, is written shortened (its start and a hash, unique and deterministic)
    with the full text in the ``leadcomp`` column, and a ``moodle-shortened`` warning added to
    ``warnings`` when a list is given. Reading the file gives back the framework written.
    """
    return dumps_moodle(framework, shorten=shorten, warnings=warnings)


def dump_moodle(
    framework: Framework,
    target: str | os.PathLike[str] | None = None,
    *,
    overwrite: bool = False,
    shorten: bool = False,
    warnings: list[Problem] | None = None,
) -> str:
    """Write a framework as a Moodle competency CSV and return the text.

    With a target path the file is written atomically (UTF-8), and an existing file is
    replaced only with ``overwrite=True``. ``shorten`` and ``warnings`` are as for
    ``write_moodle``.
    """
    text = dumps_moodle(framework, shorten=shorten, warnings=warnings)
    if target is not None:
        write_document(target, text.encode("utf-8"), overwrite=overwrite)
    return text


__all__ = [
    "dump_moodle",
    "dumps_moodle",
    "load_moodle",
    "looks_like_moodle",
    "looks_like_outcomes",
    "read_moodle",
    "write_moodle",
]
