"""Rows of an Excel workbook (.xlsx), read one at a time with openpyxl in read-only mode.

openpyxl is an optional dependency (``pip install 'leadcomp[xlsx]'``); without it, reading a
workbook is a Problem, not an ImportError. What the rows hold:

- values as Excel saved them: text, whole numbers, decimals, booleans, dates;
- a formula reads as the result Excel saved with it; a formula with no saved result is a
  ``Formula`` cell (the reader reports it where it matters); nothing is ever evaluated;
- a merged range reads as its top-left value in every cell it covers;
- one sheet: the one named (an exact name, else the only one equal ignoring case), else the
  first;
- no more than ``max_cells`` cells (every row counts at least one, gaps included), counted as
  they are read, so that a huge sheet, or one whose stated size is false, is refused, never
  read for ever. Uncompressed parts larger than the byte limit are refused before reading.
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
    ) -> None:
        self.path = path
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
            formulas = None
            formula_sheet: Any = None
            try:
                sheet = self._choose(values)
                if sheet is None:
                    return
                self.sheet_title = sheet.title
                part = getattr(sheet, "_worksheet_path", None)
                has_formulas = True
                if isinstance(part, str):
                    has_formulas = self._scan(values, part)
                if has_formulas:
                    formulas = openpyxl.load_workbook(
                        self.path, read_only=True, data_only=False, keep_links=False
                    )
                    formula_sheet = formulas[sheet.title]
                    formula_sheet.reset_dimensions()
                sheet.reset_dimensions()
                yield from self._rows(
                    sheet.iter_rows(), formula_sheet.iter_rows() if formulas else None
                )
            except _Stop:
                return
            except Exception as error:  # a damaged part found while streaming
                self._fail("invalid-xlsx", f"cannot read the workbook: {_reason(error)}")
                return
            finally:
                values.close()
                if formulas is not None:
                    formulas.close()

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
        """Collect the merged ranges of the sheet, and tell whether it holds any formula, in
        one pass over its XML bytes."""
        has_formulas = False
        tail = b""
        seen: set[str] = set()
        with workbook._archive.open(part) as source:
            while chunk := source.read(_CHUNK):
                data = tail + chunk
                if not has_formulas and _FORMULA.search(data):
                    has_formulas = True
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
                tail = data[-_OVERLAP:]
        self.merged.sort(key=lambda m: (m.first_row, m.first_column))
        return has_formulas

    def _rows(self, values: Iterator[Any], formulas: Iterator[Any] | None) -> Iterator[Row]:
        cells_read = 0
        pending = list(self.merged)  # by first row
        active: list[MergedRange] = []
        number = 0
        for row in values:
            number += 1
            formula_row = next(formulas, ()) if formulas is not None else ()
            cells_read += max(1, len(row))
            if cells_read > self.max_cells:
                self._fail(
                    "too-many-cells",
                    f"the sheet has more than {self.max_cells} cells (reached at row {number}); "
                    "raise the limit (--max-cells) if the sheet is genuine",
                    row=number,
                )
                raise _Stop
            out: list[Any] = []
            for index, cell in enumerate(row):
                value = getattr(cell, "value", None)
                if isinstance(value, str):
                    value = restore(value)
                elif value is None and index < len(formula_row):
                    other = formula_row[index]
                    if getattr(other, "data_type", None) == "f":
                        value = Formula(str(other.value))
                out.append(value)
            while pending and pending[0].first_row <= number:
                active.append(pending.pop(0))
            if active:
                active = [m for m in active if m.last_row >= number]
                for merged in active:
                    if merged.first_row == number and merged.first_column <= len(out):
                        merged.value = out[merged.first_column - 1]
                    if merged.value is None:
                        continue
                    if len(out) < merged.last_column:
                        out.extend([None] * (merged.last_column - len(out)))
                    for column in range(merged.first_column, merged.last_column + 1):
                        out[column - 1] = merged.value
            yield Row(number, number, out)


class _Stop(Exception):
    pass


def _reason(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text if len(text) <= 200 else text[:197] + "..."


__all__ = ["MergedRange", "XlsxRows"]
