"""Rows of CSV files (and the shared vocabulary of spreadsheet rows): read one at a time, with
where each row starts, and every failure a Problem that names the row and the column.

Conventions, shared by the Moodle and survey readers (docs/formats.md):

- ``row`` is the row number a spreadsheet shows: the first record of the file is row 1 (usually
  the header), whatever line breaks its quoted cells hold. ``Problem.line`` is the line of the
  file where that row starts (equal to the row number unless a quoted cell spans lines; for XLSX
  it is the row number); ``Problem.column`` is the column number (1 is column A).
- ``Problem.path`` is ``$[row 12].Q7``: the row, then the column's header (quoted like a JSON
  key when it is not a plain name, ``[column 7]`` when the header is blank).
- Text cells that start with ``'`` followed by a character that makes a spreadsheet run a
  formula (``'=1+1``) are read without that first quote: it is the quote leadcomp and others
  put in front of such cells when writing them (OWASP CSV injection). Cells are never evaluated.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any, NamedTuple, Union

from leadcomp.problems import Problem, Severity, json_path
from leadcomp.read._limits import DEFAULT_LIMITS, Limits
from leadcomp.read._spreadsheet import FORMULA_STARTS, neutralise


class Formula(NamedTuple):
    """A spreadsheet formula whose result the file does not hold (no cached value)."""

    text: str


#: What a cell can hold: text (CSV cells are always text), numbers, dates from XLSX, or a
#: formula without a cached value; None for an empty XLSX cell.
CellValue = str | int | float | bool | datetime.datetime | datetime.date | Formula | None


class Row(NamedTuple):
    """One row of a CSV file or a sheet."""

    #: The row number a spreadsheet shows (1 = the first row of the file).
    number: int
    #: The line of the file where the row starts (the row number for XLSX).
    line: int
    cells: Sequence[CellValue]


#: The longest cell the csv module is asked to read (what a C long holds everywhere).
_MOST_FIELD = 2**31 - 1
_QUOTED_TRIGGER = re.compile("'+[" + re.escape("".join(FORMULA_STARTS)) + "]")
_NEEDS_QUOTES = re.compile('[,"\r\n]')
#: What PHP's fputcsv (which Moodle writes with) quotes: also spaces, tabs and backslashes.
_PHP_QUOTES = re.compile('[,"\r\n\t \\\\]')


def restore(cell: str) -> str:
    """A text cell as it was before ``write_cell`` neutralised it (one leading quote dropped
    from ``'=...``, ``''=...``); any other text unchanged."""
    return cell[1:] if cell[:1] == "'" and _QUOTED_TRIGGER.match(cell) else cell


def write_cell(cell: str) -> str:
    """A text cell safe for spreadsheets that ``restore`` turns back into exactly ``cell``.

    As ``neutralise``, with one addition that keeps the round trip exact: a cell that already
    starts with quotes followed by a formula character gets one more quote.
    """
    return "'" + cell if _QUOTED_TRIGGER.match(cell) else neutralise(cell)


def csv_line(cells: Iterable[str], delimiter: str = ",", *, php: bool = False) -> str:
    """One CSV record ending with a line feed; a field is quoted when it holds the delimiter,
    a quote, a carriage return or a line feed (so that every field reads back exactly), and
    with ``php`` also a space, a tab or a backslash, as PHP's fputcsv quotes."""
    needs = _PHP_QUOTES if php else _NEEDS_QUOTES
    out = []
    for cell in cells:
        if delimiter in cell or needs.search(cell):
            out.append('"' + cell.replace('"', '""') + '"')
        else:
            out.append(cell)
    return delimiter.join(out) + "\n"


def column_letter(column: int) -> str:
    """The spreadsheet name of a column number: 1 -> A, 27 -> AA."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_path(row: int, header: str | None = None, column: int | None = None) -> str:
    """The path of a cell: ``$[row 12].Q7``, ``$[row 12]['Rater group']``, ``$[row 12][column 7]``
    (blank header), ``$[row 12]`` (the whole row)."""
    path = f"$[row {row}]"
    if header:
        return path + json_path((header,))[1:]
    if column is not None:
        return path + f"[column {column}]"
    return path


def where(row: int, column: int | None = None, header: str | None = None) -> str:
    """A cell for people: ``row 12, column G (Q7)``."""
    text = f"row {row}"
    if column is not None:
        text += f", column {column_letter(column)}"
        if header:
            shown = header if len(header) <= 40 else header[:37] + "..."
            text += f" ({shown!r})"
    return text


def cell_problem(
    code: str,
    message: str,
    row: Row | int,
    column: int | None = None,
    header: str | None = None,
    *,
    severity: Severity = "error",
    file: str | None = None,
) -> Problem:
    """A Problem at a cell (or, with no column, a whole row)."""
    number, line = (row.number, row.line) if isinstance(row, Row) else (row, row)
    return Problem(
        code=code,
        message=message,
        path=cell_path(number, header, column),
        file=file,
        line=line,
        column=column,
        severity=severity,
    )


def describe_cell(value: CellValue) -> str:
    """A cell's content for messages."""
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return repr(shown)
    if isinstance(value, Formula):
        return f"the formula {value.text!r}"
    if value is None:
        return "an empty cell"
    return repr(value) if not isinstance(value, (datetime.date, datetime.datetime)) else (
        f"the date {value.isoformat()}"
    )


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet would run this text as a formula."""
    return text.startswith(FORMULA_STARTS[:4])


# -- reading CSV ---------------------------------------------------------------------------

CsvSource = Union[str, "os.PathLike[str]", bytes]


class CsvRows:
    """The rows of a CSV file, read lazily; iteration stops at the first fatal problem, which
    is then in ``problems`` (unreadable file, not UTF-8, too large, too many cells, malformed
    CSV). Iterate once.

    Without an encoding the file must be UTF-8 (a byte-order mark is dropped) and a byte that
    is not is reported with its line and column; with one (any Python codec name, such as
    ``latin-1`` or ``cp1252``) the text is decoded with it.
    """

    def __init__(
        self,
        source: CsvSource,
        *,
        file: str | None = None,
        encoding: str | None = None,
        delimiter: str = ",",
        limits: Limits = DEFAULT_LIMITS,
        max_cells: int | None = None,
        encoding_hint: str = "save the file as UTF-8",
    ) -> None:
        self.source = source
        self.file = file if file is not None else (
            os.fspath(source) if isinstance(source, (str, os.PathLike)) else None
        )
        self.encoding = None if encoding is None or _is_utf8(encoding) else encoding
        self.delimiter = delimiter
        self.limits = limits
        self.max_cells = limits.max_cells if max_cells is None else max_cells
        self.encoding_hint = encoding_hint
        self.problems: list[Problem] = []

    def _fail(self, code: str, message: str, line: int | None = None, column: int | None = None,
              row: int | None = None) -> None:
        self.problems.append(
            Problem(
                code=code,
                message=message,
                path=cell_path(row) if row is not None else "$",
                file=self.file,
                line=line,
                column=column,
            )
        )

    def _open(self) -> IO[bytes] | None:
        if isinstance(self.source, (bytes, bytearray, memoryview)):
            data = bytes(self.source)
            if len(data) > self.limits.max_bytes:
                self._too_large(len(data))
                return None
            return io.BytesIO(data)
        try:
            handle = open(self.source, "rb")  # noqa: SIM115 - closed by __iter__
        except IsADirectoryError:
            self._fail("unreadable", "this is a folder, not a file")
            return None
        except FileNotFoundError:
            self._fail("unreadable", "no such file")
            return None
        except OSError as error:
            self._fail("unreadable", f"cannot read the file: {error.strerror or error}")
            return None
        size = os.fstat(handle.fileno()).st_size
        if size > self.limits.max_bytes:
            handle.close()
            self._too_large(size)
            return None
        return handle

    def _too_large(self, size: int) -> None:
        self._fail(
            "too-large",
            f"the file is {size} bytes, over the limit of {self.limits.max_bytes}; raise the "
            "limit (--max-bytes) if the file is genuine",
        )

    def __iter__(self) -> Iterator[Row]:
        handle = self._open()
        if handle is None:
            return
        with handle:
            lines = self._text_lines(handle)
            reader = csv.reader(lines, delimiter=self.delimiter, strict=False)
            number = 0
            start = 1
            cells_read = 0
            # a cell may be as long as the file (the byte limit bounds it), not only as long as
            # the csv module's field limit (128 KiB by default), which is set for each record
            # and restored at once: it belongs to the whole process
            field_limit = min(max(self.limits.max_bytes, 1), _MOST_FIELD)
            while True:
                try:
                    previous = csv.field_size_limit(max(field_limit, csv.field_size_limit()))
                    try:
                        record = next(reader)
                    finally:
                        csv.field_size_limit(previous)
                except StopIteration:
                    return
                except _Stop:
                    return
                except csv.Error as error:
                    self._fail(
                        "invalid-csv", f"the file is not valid CSV: {error}",
                        line=start, row=number + 1,
                    )
                    return
                number += 1
                cells_read += max(1, len(record))
                if cells_read > self.max_cells:
                    self._fail(
                        "too-many-cells",
                        f"the file has more than {self.max_cells} cells (reached at row "
                        f"{number}); raise the limit (--max-cells) if the file is genuine",
                        line=start, row=number,
                    )
                    return
                yield Row(number, start, [restore(cell) for cell in record])
                start = reader.line_num + 1

    def _text_lines(self, handle: IO[bytes]) -> Iterator[str]:
        if self.encoding is not None:
            yield from self._decoded_lines(handle, self.encoding)
            return
        head = handle.read(4)
        handle.seek(0)
        utf16 = next((name for bom, name in _WIDE_BOMS if head.startswith(bom)), None)
        if utf16 is not None:
            self._fail(
                "invalid-encoding",
                f"the file is not UTF-8: it starts with the byte-order mark of {utf16}; "
                f"{self.encoding_hint} (or declare the encoding {utf16.lower()!r})",
                line=1, column=1,
            )
            raise _Stop
        for number, raw in enumerate(handle, start=1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                column = len(raw[: error.start].decode("utf-8", "replace")) + 1
                self._fail(
                    "invalid-encoding",
                    f"the file is not UTF-8: byte 0x{raw[error.start]:02x} on line {number}, "
                    f"column {column} cannot be decoded; {self.encoding_hint}",
                    line=number, column=column,
                )
                raise _Stop from None
            if number == 1 and text.startswith("\ufeff"):
                text = text[1:]
            yield text

    def _decoded_lines(self, handle: IO[bytes], encoding: str) -> Iterator[str]:
        try:
            codecs.lookup(encoding)
        except LookupError:
            self._fail("unknown-encoding", f"{encoding!r} is not an encoding Python knows")
            raise _Stop from None
        text = io.TextIOWrapper(handle, encoding=encoding, errors="strict", newline="")
        number = 0
        try:
            for line in text:
                number += 1
                if number == 1 and line.startswith("\ufeff"):
                    line = line[1:]
                yield line
        except UnicodeDecodeError as error:
            self._fail(
                "invalid-encoding",
                f"the file is not {encoding}: {error.reason} near line {number + 1}",
                line=number + 1,
            )
            raise _Stop from None
        finally:
            text.detach()


class _Stop(Exception):
    """Raised inside the line iterator to end reading after a fatal problem."""


_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _is_utf8(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")
    except LookupError:
        return False


def first_record(head: bytes, delimiter: str = ",") -> list[str] | None:
    """The first CSV record of the first bytes of a file (for format detection), or None."""
    text = head.decode("utf-8", "replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        return next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), None)
    except csv.Error:
        return None


def text_of(value: Any) -> str:
    """A cell's value as text: numbers without a trailing ``.0``, dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Formula):
        return value.text
    return str(value)


__all__ = [
    "CellValue",
    "CsvRows",
    "Formula",
    "Row",
    "cell_path",
    "cell_problem",
    "column_letter",
    "csv_line",
    "describe_cell",
    "first_record",
    "looks_like_formula",
    "restore",
    "text_of",
    "where",
    "write_cell",
]
