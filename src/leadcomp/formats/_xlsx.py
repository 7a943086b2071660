"""Rows of an Excel workbook (.xlsx), read one at a time with openpyxl in read-only mode.

openpyxl is an optional dependency (``pip install 'leadcomp[xlsx]'``); without it, reading a
workbook is a Problem, not an ImportError. What the rows hold:

- values as Excel saved them: text, whole numbers, decimals, booleans, dates;
- a formula reads as the result Excel saved with it; a formula with no saved result is a
  ``Formula`` cell (the reader reports it where it matters); nothing is ever evaluated;
- a merged range reads as its top-left value in every cell it covers;
- one sheet: the one named (an exact name, else the only one equal ignoring case), else the
  first;
- no more than ``max_cells`` cells (every row counts at least one, gaps included, and every
  cell a merged range fills counts too), counted as they are read, so that a huge sheet, or
  one whose stated size is false, is refused, never read for ever. Uncompressed parts larger
  than the byte limit are refused before reading; a row with more cells than Excel allows,
  a row numbered past Excel's last, and a cell naming a shared string that does not exist
  are refused as a damaged workbook. Rows missing from the file are not walked one by one:
  they are counted at once, and only those a merged range fills (and the row ``blank_row``,
  where asked) are read, as empty rows.
"""

from __future__ import annotations

import importlib
import os
import re
import warnings
import zipfile
from collections.abc import Iterator
from typing import Any

from ..validation._problem import Problem
from ._limits import DEFAULT_LIMITS, Limits
from ._tabular import Formula, Row, cell_path, restore

_CHUNK = 1 << 20
_MERGE = re.compile(
    rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref="([A-Z]+)([0-9]+)(?::([A-Z]+)([0-9]+))?"'
)
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[ >/]")
_OVERLAP = 512
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row(?=[\s/>])([^>]*)")
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_ROW_NUMBER = re.compile(rb'\br="([0-9]{1,12})"')
#: The most rows and columns an Excel sheet has.
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + (char - 64)
    return number


class MergedRange:
    """A merged block of cells: rows and columns inclusive."""

    __slots__ = ("first_column", "first_row", "last_column", "last_row", "ref", "value")

    def __init__(self, ref: str, first_row: int, first_column: int, last_row: int,
                 last_column: int) -> None:
        self.ref = ref
        self.first_row = first_row
        self.first_column = first_column
        self.last_row = last_row
        self.last_column = last_column
        self.value: Any = None


class XlsxRows:
    """The rows of one sheet of a workbook; iteration stops at the first fatal problem, which
    is then in ``problems``. ``merged`` lists the merged ranges of the sheet (known once
    iteration has started). Iterate once."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        sheet: str | None = None,
        limits: Limits = DEFAULT_LIMITS,
        max_cells: int | None = None,
        blank_row: int | None = None,
    ) -> None:
        self.path = path
        #: A row read as empty where the file leaves it out (a header row, say).
        self.blank_row = blank_row
        self.file = os.fspath(path)
        self.sheet = sheet
        self.limits = limits
        self.max_cells = limits.max_cells if max_cells is None else max_cells
        self.problems: list[Problem] = []
        self.merged: list[MergedRange] = []
        self.sheet_title: str | None = None

    def _fail(self, code: str, message: str, row: int | None = None,
              column: int | None = None) -> None:
        self.problems.append(
            Problem(
                code=code,
                message=message,
                path=cell_path(row, column=column) if row is not None else "$",
                file=self.file,
                line=row,
                column=column,
            )
        )

    def __iter__(self) -> Iterator[Row]:
        try:
            openpyxl: Any = importlib.import_module("openpyxl")
        except ImportError:
            self._fail(
                "missing-dependency",
                "reading Excel workbooks needs openpyxl: pip install 'leadcomp[xlsx]' (or save "
                "the sheet as CSV)",
            )
            return
        if not self._sizes_ok():
            return
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                values = openpyxl.load_workbook(
                    self.path, read_only=True, data_only=True, keep_links=False
                )
            except Exception as error:  # openpyxl raises many types for a bad workbook
                self._fail("invalid-xlsx", f"cannot read the workbook: {_reason(error)}")
                return
            try:
                sheet = self._choose(values)
                if sheet is None:
                    return
                self.sheet_title = sheet.title
                part = sheet._worksheet_path
                if not self._scan(values, part):
                    return
                cells = _sheet_cells(values, sheet, data_only=True)
                formula_cells = (
                    _sheet_cells(values, sheet, data_only=False) if self.has_formulas else None
                )
                yield from self._rows(cells, formula_cells)
            except _Stop:
                return
            except _Damaged as damaged:
                self._fail("invalid-xlsx", damaged.message, row=damaged.row)
                return
            except Exception as error:  # a damaged part found while streaming
                self._fail("invalid-xlsx", f"cannot read the workbook: {_reason(error)}")
                return
            finally:
                values.close()

    def _sizes_ok(self) -> bool:
        try:
            size = os.path.getsize(self.path)
            with zipfile.ZipFile(self.path) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
        except (OSError, zipfile.BadZipFile, ValueError) as error:
            if isinstance(error, FileNotFoundError):
                self._fail("unreadable", "no such file")
            elif isinstance(error, IsADirectoryError):
                self._fail("unreadable", "this is a folder, not a file")
            else:
                self._fail(
                    "invalid-xlsx",
                    f"not an Excel workbook (.xlsx): {_reason(error)}; save it as .xlsx or CSV",
                )
            return False
        largest = max(size, unpacked)
        if largest > self.limits.max_bytes:
            self._fail(
                "too-large",
                f"the workbook holds {largest} bytes once unpacked, over the limit of "
                f"{self.limits.max_bytes}; raise the limit (--max-bytes) if it is genuine",
            )
            return False
        return True

    def _choose(self, workbook: Any) -> Any:
        sheets = list(workbook.worksheets)
        if not sheets:
            self._fail("missing-sheet", "the workbook has no worksheet")
            return None
        if self.sheet is None:
            return sheets[0]
        titles = [s.title for s in sheets]
        if self.sheet in titles:
            return sheets[titles.index(self.sheet)]
        folded = [t for t in titles if t.casefold() == self.sheet.casefold()]
        if len(folded) == 1:
            return sheets[titles.index(folded[0])]
        self._fail(
            "missing-sheet",
            f"the workbook has no sheet named {self.sheet!r}; its sheets are "
            + ", ".join(repr(t) for t in titles),
        )
        return None

    def _scan(self, workbook: Any, part: str) -> bool:
        """Collect the merged ranges of the sheet, tell whether it holds any formula
        (``has_formulas``) and count its cells, in one pass over its XML bytes; False (with the
        problem) where a row holds more cells than Excel allows (its cells would be built at
        once) or the sheet more merged ranges than the cell limit. Where its cells pass the
        limit, the row where they do is ``stop_at``."""
        self.has_formulas = False
        tail = b""
        seen: set[str] = set()
        # cells as the rows will count them (see ``_rows``; a row's cells here, its width
        # there, which is no fewer in a sheet Excel wrote), and each row the file leaves out
        cells = number = elements = 0
        #: The row where the cells counted here pass the limit: the reading stops there at the
        #: latest (where the rows' own count has not stopped it before).
        self.stop_at: int | None = None
        with workbook._archive.open(part) as source:
            while True:
                chunk = source.read(_CHUNK)
                data = tail + chunk
                # matches starting in the last _OVERLAP bytes are found again with the next chunk
                cut = len(data) - _OVERLAP if chunk else len(data)
                if not self.has_formulas and _FORMULA.search(data):
                    self.has_formulas = True
                at = 0
                for row in _ROW.finditer(data, 0, cut):
                    if row.start() >= cut:
                        break
                    elements += _CELL.subn(b"", data[at : row.start()])[1]
                    at = row.start()
                    if number:
                        if elements > MAX_COLUMNS:
                            self._fail("invalid-xlsx", _too_wide(number), row=number)
                            return False
                        cells += max(1, elements)
                        if cells > self.max_cells and self.stop_at is None:
                            self.stop_at = number
                    found = _ROW_NUMBER.search(row.group(1))
                    following = int(found.group(1)) if found else number + 1
                    if following > MAX_ROWS:
                        self._fail("invalid-xlsx", _past_the_last(following), row=number + 1)
                        return False
                    cells += max(0, following - number - 1)
                    number, elements = following, 0
                    if cells > self.max_cells and self.stop_at is None:
                        self.stop_at = number
                elements += _CELL.subn(b"", data[at:cut])[1]
                if number and elements > MAX_COLUMNS:
                    self._fail("invalid-xlsx", _too_wide(number), row=number)
                    return False
                for match in _MERGE.finditer(data):
                    first_col, first_row, last_col, last_row = match.groups()
                    ref = match.group(0)
                    key = ref.decode("ascii", "replace")
                    if key in seen:
                        continue
                    seen.add(key)
                    first = (int(first_row), _column_number(first_col))
                    last = (
                        (int(last_row), _column_number(last_col)) if last_col and last_row
                        else first
                    )
                    name = (first_col + first_row).decode()
                    if last_col and last_row:
                        name += ":" + (last_col + last_row).decode()
                    self.merged.append(MergedRange(name, *first, *last))
                    if len(self.merged) > self.max_cells:
                        self._too_many(None)
                        return False
                if not chunk:
                    break
                tail = data[cut:]
        if number and cells + max(1, elements) > self.max_cells and self.stop_at is None:
            self.stop_at = number
        self.merged.sort(key=lambda m: (m.first_row, m.first_column))
        return True

    def _too_many(self, row: int | None) -> None:
        where = f" (reached at row {row})" if row is not None else ""
        self._fail(
            "too-many-cells",
            f"the sheet has more than {self.max_cells} cells{where}; raise the limit "
            "(--max-cells) if the sheet is genuine",
            row=row,
        )

    def _count(self, cells: int, row: int) -> None:
        """Count cells read (or filled) toward the cell limit; stop past it."""
        self.cells_read += cells
        if self.cells_read > self.max_cells:
            self._too_many(row)
            raise _Stop

    def _rows(
        self, values: Iterator[tuple[int, list[Any]]],
        formulas: Iterator[tuple[int, list[Any]]] | None,
    ) -> Iterator[Row]:
        self.cells_read = 0
        self.pending = 0  # the next merged range (by first row) not yet met
        self.active: list[MergedRange] = []
        previous = 0
        for number, row in values:
            formula_row = next(formulas, (0, []))[1] if formulas is not None else []
            if number <= previous:
                raise _Damaged(
                    f"row {number} comes after row {previous}; rows must be in order: the "
                    "workbook is damaged", number,
                )
            if number > MAX_ROWS:
                raise _Damaged(_past_the_last(number), previous + 1)
            # the rows the file leaves out: counted at once, read only where filled
            self._count(number - previous - 1, number)
            yield from self._missing(previous, number)
            width = max((cell["column"] for cell in row), default=0)
            self._count(max(1, width), number)
            if self.stop_at is not None and number >= self.stop_at:
                self._too_many(number)
                raise _Stop
            out: list[Any] = [None] * width
            for cell in row:
                value = cell["value"]
                if isinstance(value, str):
                    value = restore(value)
                out[cell["column"] - 1] = value
            for cell in formula_row:
                if cell["data_type"] == "f" and out[cell["column"] - 1] is None:
                    out[cell["column"] - 1] = Formula(str(cell["value"]))
            yield Row(number, number, self._fill(number, out, present=True))
            previous = number

    def _missing(self, previous: int, number: int) -> Iterator[Row]:
        """The rows between ``previous`` and ``number`` that the file leaves out but a merged
        range fills, and ``blank_row`` if it is one of them, as empty rows (filled)."""
        filling = [m for m in self.active if m.value is not None and m.last_row > previous]
        last = min(number - 1, max((m.last_row for m in filling), default=previous))
        for at in range(previous + 1, last + 1):
            yield Row(at, at, self._fill(at, [], present=False))
        blank = self.blank_row
        if blank is not None and last < blank < number:
            yield Row(blank, blank, self._fill(blank, [], present=False))

    def _fill(self, number: int, out: list[Any], *, present: bool) -> list[Any]:
        """The row with the values of the merged ranges that cover it; every cell written
        counts toward the cell limit."""
        merged = self.merged
        while self.pending < len(merged) and merged[self.pending].first_row <= number:
            self.active.append(merged[self.pending])
            self.pending += 1
        if not self.active:
            return out
        self._count(len(self.active), number)
        self.active = [m for m in self.active if m.last_row >= number]
        for block in self.active:
            if present and block.first_row == number and block.first_column <= len(out):
                block.value = out[block.first_column - 1]
            if block.value is None or block.last_column < block.first_column:
                continue
            self._count(block.last_column - block.first_column + 1, number)
            if len(out) < block.last_column:
                out.extend([None] * (block.last_column - len(out)))
            width = block.last_column - block.first_column + 1
            out[block.first_column - 1 : block.last_column] = [block.value] * width
        return out


def _too_wide(number: int) -> str:
    return (
        f"row {number} holds more than {MAX_COLUMNS} cells, more than an Excel sheet has "
        "columns: the workbook is damaged"
    )


def _past_the_last(number: int) -> str:
    return (
        f"a row is numbered {number}, past an Excel sheet's last row ({MAX_ROWS}): the "
        "workbook is damaged"
    )


class _Stop(Exception):
    pass


class _Damaged(Exception):
    def __init__(self, message: str, row: int | None = None) -> None:
        self.message = message
        self.row = row


class _Strings:
    """The shared strings of a workbook, refusing an index that names none (a negative one
    would otherwise read a string counted from the end)."""

    __slots__ = ("strings",)

    def __init__(self, strings: Any) -> None:
        self.strings = strings

    def __getitem__(self, index: int) -> Any:
        if not 0 <= index < len(self.strings):
            raise _Damaged(
                f"a cell names shared string {index}, but the workbook has "
                f"{len(self.strings)} (0 to {len(self.strings) - 1}): the workbook is damaged"
            )
        return self.strings[index]


def _sheet_cells(
    workbook: Any, sheet: Any, *, data_only: bool
) -> Iterator[tuple[int, list[Any]]]:
    """The rows of a sheet that its XML holds, as (row number, cells), each cell a dict of
    ``column``, ``value`` and ``data_type``: read with openpyxl's cell parser, but without
    building its other parts, and keeping no row once it is read."""
    reader: Any = importlib.import_module("openpyxl.worksheet._reader")
    iterparse: Any = importlib.import_module("openpyxl.xml.functions").iterparse
    row_tag = reader.ROW_TAG

    with workbook._archive.open(sheet._worksheet_path) as source:
        parser = reader.WorkSheetParser(
            source, _Strings(sheet._shared_strings), data_only=data_only,
            epoch=workbook.epoch, date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        parent: Any = None
        in_row = False
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                if element.tag == row_tag:
                    in_row = True
                elif not in_row:
                    parent = element
                continue
            if element.tag == row_tag:
                in_row = False
                try:
                    yield parser.parse_row(element)
                except _Damaged as damaged:
                    damaged.row = parser.row_counter
                    raise
                if parent is not None:
                    parent.clear()
            elif not in_row:
                element.clear()


def _reason(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text if len(text) <= 200 else text[:197] + "..."


__all__ = ["MergedRange", "XlsxRows"]
