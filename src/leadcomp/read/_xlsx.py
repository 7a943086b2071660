"""Rows of an Excel workbook (.xlsx), read one at a time: the workbook's parts are read here,
each bounded before it is parsed, and a sheet's cells with openpyxl's cell reader.

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
from collections.abc import Generator, Iterator
from typing import Any

from leadcomp.problems import Problem
from leadcomp.read._limits import DEFAULT_LIMITS, Limits
from leadcomp.read._tabular import Formula, Row, cell_path, restore

_CHUNK = 1 << 20
_MERGE = re.compile(
    rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref="([A-Z]+)([0-9]+)(?::([A-Z]+)([0-9]+))?"'
)
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[ >/]")
_OVERLAP = 512
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row(?=[\s/>])([^>]*)")
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_ROW_NUMBER = re.compile(rb'\br="([0-9]{1,12})"')
#: The most merged ranges a sheet may have (each is kept, and reported, while it is read).
MAX_MERGED = 100_000
#: The tags ('<', closing ones too) a sheet may hold per cell counted (a cell with a formula
#: and an inline string has ten), and besides its cells: formatting, validations, links,
#: merged ranges and the like.
_TAGS_PER_CELL = 16
_TAGS_BESIDES = 100_000 + MAX_MERGED
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
            importlib.import_module("openpyxl")
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
                book = _Workbook(self.path, self.max_cells)
            except _Damaged as damaged:
                self._fail(damaged.code, damaged.message)
                return
            except Exception as error:  # a missing part, bad XML, a bad zip member
                self._fail("invalid-xlsx", f"cannot read the workbook: {_reason(error)}")
                return
            try:
                sheet = self._choose(book)
                if sheet is None:
                    return
                self.sheet_title, part = sheet
                if not self._scan(book, part):
                    return
                book.read_strings()
                cells = _sheet_cells(book, part, data_only=True)
                formula_cells = (
                    _sheet_cells(book, part, data_only=False) if self.has_formulas else None
                )
                yield from self._rows(cells, formula_cells)
            except _Stop:
                return
            except _Damaged as damaged:
                self._fail(damaged.code, damaged.message, row=damaged.row)
                return
            except Exception as error:  # a damaged part found while streaming
                self._fail("invalid-xlsx", f"cannot read the workbook: {_reason(error)}")
                return
            finally:
                book.close()

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

    def _choose(self, workbook: _Workbook) -> tuple[str, str] | None:
        sheets = workbook.sheets
        if not sheets:
            self._fail("missing-sheet", "the workbook has no worksheet")
            return None
        if self.sheet is None:
            return sheets[0]
        titles = [title for title, _ in sheets]
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

    def _scan(self, workbook: _Workbook, part: str) -> bool:
        """Collect the merged ranges of the sheet, tell whether it holds any formula
        (``has_formulas``) and count its cells, in one pass over its XML bytes, before any cell
        is parsed; False (with the problem) where a row holds more cells than Excel allows (its
        cells would be built at once), or the sheet more cells than the cell limit or more
        merged ranges than MAX_MERGED."""
        self.has_formulas = False
        tail = b""
        seen: set[str] = set()
        # cells as the rows will count them (see ``_rows``): each row its width (the column of
        # its last cell, or its number of cells if more) and at least one, and each row the
        # file leaves out one. (Cells out of order can make a width look smaller here; the
        # rows' own count then stops the reading.)
        cells = number = elements = width = tags = 0

        def close_row() -> bool:
            nonlocal cells
            if number:
                if elements > MAX_COLUMNS:
                    self._fail("invalid-xlsx", _too_wide(number), row=number)
                    return False
                cells += max(1, elements, width)
                if cells > self.max_cells:
                    self._too_many(number)
                    return False
            return True

        with workbook.archive.open(part) as source:
            while True:
                chunk = source.read(_CHUNK)
                data = tail + chunk
                # tags from the last '<' before the last _OVERLAP bytes on are read again with
                # the next chunk (no tag is cut in two: each is counted once)
                cut = len(data)
                if chunk:
                    cut = data.rfind(b"<", 0, len(data) - _OVERLAP)
                    cut = cut if cut > 0 else len(data) - _OVERLAP
                if not self.has_formulas and _FORMULA.search(data):
                    self.has_formulas = True
                at = 0
                for row in _ROW.finditer(data, 0, cut):
                    if row.start() >= cut:
                        break
                    elements += _CELL.subn(b"", data[at : row.start()])[1]
                    width = max(width, _last_column(data, at, row.start()))
                    at = row.start()
                    if not close_row():
                        return False
                    found = _ROW_NUMBER.search(row.group(1))
                    following = int(found.group(1)) if found else number + 1
                    if following > MAX_ROWS:
                        self._fail("invalid-xlsx", _past_the_last(following), row=number + 1)
                        return False
                    cells += max(0, following - number - 1)
                    number, elements, width = following, 0, 0
                    if cells > self.max_cells:
                        self._too_many(number)
                        return False
                elements += _CELL.subn(b"", data[at:cut])[1]
                tags += data.count(b"<", 0, cut)
                width = max(width, _last_column(data, at, cut))
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
                    if len(self.merged) > min(self.max_cells, MAX_MERGED):
                        self._fail(
                            "too-many-cells",
                            f"the sheet has more than {min(self.max_cells, MAX_MERGED)} merged "
                            "ranges, far more than a survey export has: unmerge its cells",
                        )
                        return False
                if not chunk:
                    break
                tail = data[cut:]
        if not close_row():
            return False
        if tags > _TAGS_PER_CELL * cells + _TAGS_BESIDES:
            self._fail(
                "invalid-xlsx",
                f"the sheet holds {tags} tags for {cells} cells, far more than a sheet needs "
                "(every one would be parsed): the workbook is damaged",
            )
            return False
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


_CELL_REFERENCE = re.compile(rb'<c\s[^>]*?\br="([A-Z]{1,3})[0-9]')


def _last_column(data: bytes, start: int, end: int) -> int:
    """The column of the last cell between ``start`` and ``end`` that names its place (0:
    none does)."""
    at = data.rfind(b"<c ", start, end)
    if at < 0:
        return 0
    found = _CELL_REFERENCE.match(data, at)
    return _column_number(found.group(1)) if found else 0


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
    def __init__(self, message: str, row: int | None = None, code: str = "invalid-xlsx") -> None:
        self.message = message
        self.row = row
        self.code = code


class _Strings:
    """The shared strings of a workbook, read as far as cells name them, refusing an index
    that names none (a negative one would otherwise read a string counted from the end)."""

    __slots__ = ("book",)

    def __init__(self, book: _Workbook) -> None:
        self.book = book

    def __getitem__(self, index: int) -> Any:
        strings = self.book.strings
        if index >= 0:
            self.book.fill(index)
            if index < len(strings):
                return strings[index]
        raise _Damaged(
            f"a cell names shared string {index}, but the workbook has {len(strings)} "
            f"(0 to {len(strings) - 1}): the workbook is damaged"
        )


def _sheet_cells(
    workbook: _Workbook, part: str, *, data_only: bool
) -> Iterator[tuple[int, list[Any]]]:
    """The rows of a sheet that its XML holds, as (row number, cells), each cell a dict of
    ``column``, ``value`` and ``data_type``: read with openpyxl's cell parser, keeping no row
    once it is read."""
    reader: Any = importlib.import_module("openpyxl.worksheet._reader")
    row_tag = reader.ROW_TAG
    with workbook.archive.open(part) as source:
        parser = reader.WorkSheetParser(
            source, _Strings(workbook), data_only=data_only,
            epoch=workbook.epoch, date_formats=workbook.date_formats,
            timedelta_formats=workbook.timedelta_formats,
        )
        # the open elements outside rows: each is dropped from its parent once read, so that
        # nothing read is kept, whatever the sheet holds besides its rows
        open_elements: list[Any] = []
        in_row = False
        for event, element in _iterparse(source, events=("start", "end")):
            if event == "start":
                if not in_row:
                    open_elements.append(element)
                    in_row = element.tag == row_tag
                continue
            if element.tag == row_tag:
                in_row = False
                try:
                    yield parser.parse_row(element)
                except _Damaged as damaged:
                    damaged.row = parser.row_counter
                    raise
            if not in_row:
                open_elements.pop()
                if open_elements:
                    open_elements[-1].clear()


def _iterparse(source: Any, events: tuple[str, ...] = ("end",)) -> Any:
    """openpyxl's XML event parser (the safe one, where it has it)."""
    return importlib.import_module("openpyxl.xml.functions").iterparse(source, events=events)


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_KIND = re.compile(r"/(officeDocument|worksheet|sharedStrings|styles)$")
#: The most cell formats an Excel workbook has (Excel allows about 64,000).
MAX_FORMATS = 65_536
#: The most tags a part of the workbook's frame (relationships, workbook, styles) may hold.
_MOST_TAGS = 1_000_000
_SHARED = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")
_FORMAT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?xf[\s/>]")


class _Workbook:
    """What the rows of a sheet need of a workbook, read from its parts directly: the sheets
    (title and part) in order, the shared strings, the date styles and the date system.

    Parts are counted before they are parsed: more shared strings than the cell limit, or more
    cell formats than Excel has, is refused without building them."""

    def __init__(self, path: str | os.PathLike[str], max_cells: int) -> None:
        self.archive = zipfile.ZipFile(path)
        self.max_cells = max_cells
        #: The shared strings read so far, and what reads the others (None: all are read).
        self.strings: list[str] = []
        self._pending: Generator[str, None, None] | None = None
        try:
            names = set(self.archive.namelist())
            main = self._targets("_rels/.rels", "").get("officeDocument", [])
            book = main[0] if main else "xl/workbook.xml"
            if book not in names:
                raise _Damaged("the workbook has no workbook part (xl/workbook.xml)")
            folder = book.rsplit("/", 1)[0] + "/" if "/" in book else ""
            rels_name = f"{folder}_rels/{book.rsplit('/', 1)[-1]}.rels"
            by_id = self._relations(rels_name, folder)
            self.epoch, titles = self._book(book)
            worksheets = {target for kind, target in by_id.values() if kind == "worksheet"}
            self.sheets = [
                (title, by_id[rid][1]) for title, rid in titles
                if rid in by_id and by_id[rid][1] in worksheets and by_id[rid][1] in names
            ]
            kinds: dict[str, str] = dict(by_id.values())
            self.strings_part = kinds.get("sharedStrings")
            styles = kinds.get("styles")
            self.date_formats, self.timedelta_formats = (
                self._styles(styles) if styles in names else (set(), set())
            )
        except BaseException:
            self.archive.close()
            raise

    def close(self) -> None:
        if self._pending is not None:
            self._pending.close()
            self._pending = None
        self.archive.close()

    # -- parts ----------------------------------------------------------------------------

    def _relations(self, name: str, folder: str) -> dict[str, tuple[str, str]]:
        """A relationships part: id -> (kind, target part name)."""
        found: dict[str, tuple[str, str]] = {}
        if name not in self.archive.namelist():
            return found
        self._small(name)
        with self.archive.open(name) as source:
            for _event, element in _iterparse(source):
                if element.tag == _RELATIONSHIPS + "Relationship":
                    kind = _KIND.search(element.get("Type", ""))
                    target = element.get("Target", "")
                    if kind is not None and element.get("TargetMode") != "External":
                        found[element.get("Id", "")] = (kind.group(1), _resolve(folder, target))
                element.clear()
        return found

    def _targets(self, name: str, folder: str) -> dict[str, list[str]]:
        by_kind: dict[str, list[str]] = {}
        for kind, target in self._relations(name, folder).values():
            by_kind.setdefault(kind, []).append(target)
        return by_kind

    def _book(self, name: str) -> tuple[Any, list[tuple[str, str]]]:
        """The date system and the sheets (title, relationship id) of the workbook part."""
        dates: Any = importlib.import_module("openpyxl.utils.datetime")
        epoch = dates.WINDOWS_EPOCH
        titles: list[tuple[str, str]] = []
        self._small(name)
        with self.archive.open(name) as source:
            for _event, element in _iterparse(source):
                tag = element.tag
                if tag == _MAIN + "sheet":
                    if len(titles) >= MAX_FORMATS:
                        raise _Damaged("the workbook lists more sheets than Excel allows")
                    titles.append((element.get("name", ""), element.get(_R_ID, "")))
                elif tag == _MAIN + "workbookPr" and element.get("date1904") in ("1", "true"):
                    epoch = dates.CALENDAR_MAC_1904
                element.clear()
        return epoch, titles

    def _count(self, name: str, pattern: re.Pattern[bytes] | None, most: int) -> bool:
        """Whether the part holds at most ``most`` matches of ``pattern`` (or tags, where it
        is None), counted in C before anything is built of it."""
        count = 0
        tail = b""
        with self.archive.open(name) as source:
            while chunk := source.read(_CHUNK):
                data = tail + chunk
                cut = data.rfind(b"<")  # the last tag is counted with the next chunk, whole
                cut = cut if cut > 0 else len(data)
                count += (
                    data.count(b"<", 0, cut) if pattern is None
                    else len(pattern.findall(data, 0, cut))
                )
                if count > most:
                    return False
                tail = data[cut:]
            count += tail.count(b"<") if pattern is None else len(pattern.findall(tail))
        return count <= most

    def _small(self, name: str) -> None:
        """Refuse a part of the workbook's frame (its relationships, sheets and styles) with
        more tags than any workbook needs: those parts are parsed whole."""
        if not self._count(name, None, _MOST_TAGS):
            raise _Damaged(
                f"the part {name} holds more than {_MOST_TAGS} tags, far more than a workbook "
                "needs: the workbook is damaged"
            )

    def _styles(self, name: str) -> tuple[set[int], set[int]]:
        """The cell formats (by index) that show dates, and those that show durations."""
        self._small(name)
        if not self._count(name, _FORMAT, 2 * MAX_FORMATS):
            raise _Damaged(
                f"the workbook has more than {MAX_FORMATS} cell formats, more than Excel "
                "allows: it is damaged"
            )
        numbers: Any = importlib.import_module("openpyxl.styles.numbers")
        custom: dict[int, str] = {}
        styles: list[int] = []
        in_cells = False
        with self.archive.open(name) as source:
            for event, element in _iterparse(source, events=("start", "end")):
                tag = element.tag
                if tag == _MAIN + "cellXfs":
                    in_cells = event == "start"
                    continue
                if event == "start":
                    continue
                if tag == _MAIN + "numFmt":
                    custom[_whole(element.get("numFmtId"))] = element.get("formatCode", "")
                elif tag == _MAIN + "xf" and in_cells:
                    styles.append(_whole(element.get("numFmtId")))
                element.clear()
        dates: set[int] = set()
        durations: set[int] = set()
        for index, number in enumerate(styles):
            code = custom.get(number) or numbers.BUILTIN_FORMATS.get(number) or "General"
            if numbers.is_date_format(code):
                dates.add(index)
            if numbers.is_timedelta_format(code):
                durations.add(index)
        return dates, durations

    def read_strings(self) -> None:
        """Make ready to read the shared strings, each as Excel shows it (its runs joined,
        phonetic runs left out); a table longer than the cell limit is refused before any
        string is read. Strings are then read as far as cells name them (``fill``): a table
        far longer than what the sheet uses costs only its count."""
        name = self.strings_part
        if name is None or name not in self.archive.namelist():
            return
        if not self._count(name, _SHARED, self.max_cells):
            raise _Damaged(
                f"the workbook has more than {self.max_cells} shared strings, more than the cell "
                "limit: raise the limit (--max-cells) if the workbook is genuine",
                code="too-many-cells",
            )
        self._pending = self._string_items(name)

    def fill(self, index: int) -> None:
        """Read the shared strings up to ``index`` (or to the end of the table)."""
        pending = self._pending
        strings = self.strings
        while pending is not None and len(strings) <= index:
            item = next(pending, None)
            if item is None:
                self._pending = pending = None
            else:
                strings.append(item)

    def _string_items(self, name: str) -> Generator[str, None, None]:
        item, text, phonetic = _MAIN + "si", _MAIN + "t", _MAIN + "rPh"
        parts: list[str] = []
        skip = 0
        # the open elements: each is dropped from its parent once read (its text taken), so
        # that nothing read is kept, whatever the table holds
        open_elements: list[Any] = []
        with self.archive.open(name) as source:
            for event, element in _iterparse(source, events=("start", "end")):
                tag = element.tag
                if event == "start":
                    open_elements.append(element)
                    if tag == phonetic:
                        skip += 1
                    continue
                open_elements.pop()
                if tag == phonetic:
                    skip -= 1
                elif tag == text and not skip:
                    if element.text:
                        parts.append(element.text)
                elif tag == item:
                    yield "".join(parts).replace("x005F_", "")
                    parts.clear()
                if open_elements:
                    open_elements[-1].clear()


def _resolve(folder: str, target: str) -> str:
    """A relationship's target as a part name (relative to the part's folder, or absolute)."""
    if target.startswith("/"):
        return target[1:]
    parts: list[str] = []
    for piece in (folder + target).split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _reason(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def _whole(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0


__all__ = ["MergedRange", "XlsxRows"]
