"""Survey responses (CSV or Excel) read into assessments through a survey mapping.

A survey export has one row per rater (``wide``: one column per item) or one row per answer
(``long``: an item column and a value column), for any number of subjects. A survey mapping
(kind ``survey-mapping``, schemas/survey-mapping.schema.json) says which column is which and
what the labels mean; ``read_survey`` streams the rows and returns one Assessment per subject,
in the order subjects first appear, with every Problem found, each naming its row and column
(``$[row 12].Q7``, line 12, column 7; docs/formats.md).

Rows are read one at a time (CSV and XLSX alike), so time grows linearly with the file; only
the answers themselves are kept. A cell is never evaluated: formula-looking text is text, and an
Excel formula is read as the result Excel saved with it.
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Union, cast

import leadcomp.documents._pipeline as _api
from leadcomp.documents._pipeline import bulk
from leadcomp.formats._sniff import is_xlsx
from leadcomp.formats._survey_tools import (
    MIN_KEY,
    NOT_RESPONSES,
    PRESETS,
    Column,
    columns,
    excel_serial,
    is_import_ids,
    parse_timestamp,
    pseudonym,
    unfinished,
)
from leadcomp.model import Assessment, Framework, OpenComment, Rater, Rating, Scale
from leadcomp.model._survey import SurveyMapping
from leadcomp.problems import InvalidDocument, Problem, problem, sort_problems
from leadcomp.read._limits import DEFAULT_LIMITS, Limits
from leadcomp.read._tabular import (
    CellValue,
    CsvRows,
    Formula,
    Row,
    cell_problem,
    column_letter,
    describe_cell,
    looks_like_formula,
    text_of,
)
from leadcomp.validation._suggest import Suggestions
from leadcomp.validation._survey_rules import fold, listed_items, survey_mapping_against

if TYPE_CHECKING:
    from leadcomp.documents._pipeline import Source

#: What ``read_survey`` reads: a path (``.xlsx``/``.xlsm`` read as Excel, anything else as CSV)
#: or the bytes of a CSV file.
SurveySource = Union[str, "os.PathLike[str]", bytes]

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,199}")
_WHOLE = re.compile(r"[+-]?[0-9]+(?:\.0*)?")
_GROUPS = ("self", "manager", "peer", "direct_report", "other")
_SKIP = object()
_MISS = object()
#: How many distinct (text, scale) answers are remembered.
_KNOWN = 65536


def read_survey(
    path: SurveySource,
    mapping: SurveyMapping | Source,
    *,
    framework: Framework | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[list[Assessment], list[Problem]]:
    """The assessments in a survey export, one per subject, and every Problem found.

    ``mapping`` is a SurveyMapping, or a path, bytes or mapping of a survey-mapping document.
    With ``framework`` (the version the mapping names), items must be its indicators or
    competencies, answers must be on their scales, and the scales' own level labels are
    understood (``items: auto`` needs it). Problems in the file are returned, never raised:
    rows and answers with errors are left out, and every assessment returned is valid. When the
    file cannot be read at all (missing, not UTF-8 without a declared encoding, a missing
    column, too many cells, a missing pseudonymisation key...) no assessment is returned.
    InvalidDocument is raised only for an invalid mapping.
    """
    return read_surveys([(path, mapping)], framework=framework, limits=limits)


def read_surveys(
    inputs: Sequence[tuple[SurveySource, SurveyMapping | Source]],
    *,
    framework: Framework | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[list[Assessment], list[Problem]]:
    """The assessments in several survey exports read together, each with its own mapping (a
    self form and a 360 form, say): the responses for one subject, from whichever export, make
    one assessment. The mappings must name the same framework. As ``read_survey`` otherwise; a
    rater in two groups, a second self rater or a second answer to an item is reported where it
    is found, whichever file that is in."""
    models = [_mapping(mapping, framework) for _path, mapping in inputs]
    first = models[0][0].framework if models else ""
    mismatched = [
        problem(
            "framework-mismatch",
            f"this mapping is for {model.framework}, but the first input's is for {first}; "
            "exports read together must be about the same framework version",
            ("framework",),
        ).located(name)
        for model, name in models[1:] if model.framework != first
    ]
    if mismatched:
        raise InvalidDocument(mismatched)
    subjects: dict[str, _Subject] = {}
    problems: list[Problem] = []
    fatal = False
    several = len(inputs) > 1
    with bulk():
        for number, ((path, _), (model, name)) in enumerate(
            zip(inputs, models, strict=True), start=1
        ):
            reader = _Survey(path, model, framework, limits, subjects, name)
            if several:  # row numbers and counted ids restart in each export
                reader.qualifier = f"i{number}-"
            found, readable = reader.run()
            problems.extend(found)
            fatal = fatal or not readable
    if fatal:
        return [], problems
    return _assessments(subjects), problems


def _mapping(
    mapping: SurveyMapping | Source, framework: Framework | None
) -> tuple[SurveyMapping, str | None]:
    if isinstance(mapping, SurveyMapping):
        found = [p for p in _api.check(mapping) if p.is_error]
        name = None
        model = mapping
    else:
        model = cast("SurveyMapping", _api.load_document(mapping, kind="survey-mapping"))
        name = os.fspath(mapping) if isinstance(mapping, (str, os.PathLike)) else None
        found = []
    if framework is not None and not found:
        found = [p.located(name) for p in survey_mapping_against(model, framework)]
    if not found and framework is None and model.items == "auto":
        found = [
            problem(
                "missing-framework",
                "'items: auto' finds each indicator's column by the indicator's text, so it "
                "needs the framework: give --framework FILE_OR_BUILTIN (framework= in Python)",
                ("items",),
            ).located(name)
        ]
    if found:
        raise InvalidDocument(found)
    assert isinstance(model, SurveyMapping)
    return model, name


class _Subject:
    __slots__ = (
        "answered", "comments", "date", "date_row", "framework", "opened", "raters", "ratings",
        "self_rater",
    )

    def __init__(self, framework: str) -> None:
        self.framework = framework
        self.raters: dict[str, str] = {}
        self.ratings: list[Rating] = []
        #: The answers to open questions (format 1.1).
        self.comments: list[OpenComment] = []
        #: Where each (rater, open question) was answered first.
        self.opened: dict[tuple[str, str], str] = {}
        #: Where each (rater, item) was answered first: "row N" (of FILE, when another).
        self.answered: dict[tuple[str, str], str] = {}
        self.date: datetime.date | None = None
        self.date_row = 0
        self.self_rater: str | None = None


class _Survey:
    def __init__(
        self, path: SurveySource, mapping: SurveyMapping, framework: Framework | None,
        limits: Limits, subjects: dict[str, _Subject] | None = None,
        mapping_file: str | None = None,
    ) -> None:
        self.path = path
        self.mapping = mapping
        self.framework = framework
        self.limits = limits
        self.file = os.fspath(path) if isinstance(path, (str, os.PathLike)) else None
        self.mapping_file = mapping_file
        self.problems: list[Problem] = []
        self.preset = PRESETS[mapping.tool] if mapping.tool is not None else None
        #: The pseudonymisation key (None: ids are read as they are).
        self.key: bytes | None = None
        #: Responses not read, by why: the rows.
        self.skipped: dict[str, list[int]] = {}
        #: Put before rater ids made from row numbers or counted response ids, which repeat
        #: from one export to the next (``i2-`` for the second of several exports).
        self.qualifier = ""
        self.match = mapping.match
        self.tokens = {fold(token, self.match) for token in mapping.not_observed}
        self.values = {fold(pair.label, self.match): pair.value for pair in mapping.values}
        self.groups: dict[str, str] = {fold(name, self.match): name for name in _GROUPS}
        for pair in mapping.groups:
            self.groups[fold(pair.label, self.match)] = pair.group
        #: Hints for unknown item labels (made when the first is met).
        self.near_items: Suggestions | None = None
        self.item_labels = {
            fold(entry.label, self.match): entry.item
            for entry in listed_items(mapping) if entry.label is not None
        }
        self.listed_items = {entry.item for entry in listed_items(mapping)}
        self.scale_labels: dict[str, dict[str, int]] = {}
        self.item_scales: dict[str, Scale | None] = {}
        #: Text answers already read, by (text, scale id): their value.
        self.known: dict[tuple[str, str | None], Any] = {}
        self.subjects: dict[str, _Subject] = {} if subjects is None else subjects
        self.headers: list[str] = []
        self.width = 0

    # -- problems ------------------------------------------------------------------------

    def report(
        self, code: str, message: str, row: Row | int, column: int | None = None,
        *, warning: bool = False,
    ) -> None:
        header = None
        if column is not None and 0 < column <= len(self.headers):
            header = self.headers[column - 1] or None
        self.problems.append(
            cell_problem(
                code, message, row, column, header,
                severity="warning" if warning else "error", file=self.file,
            )
        )

    def at(self, row: Row, column: int) -> str:
        header = self.headers[column - 1] if column <= len(self.headers) else ""
        text = f"row {row.number}, column {column_letter(column)}"
        return text + (f" ({header!r})" if header else "")

    # -- the run -----------------------------------------------------------------------------

    def _rows(self) -> tuple[Iterable[Row], list[Problem], bool]:
        mapping = self.mapping
        max_cells = self.limits.max_cells
        if mapping.max_cells is not None:
            max_cells = min(max_cells, mapping.max_cells)
        name = self.file or ""
        if self.file is not None and is_xlsx(name):
            from leadcomp.read._xlsx import XlsxRows

            workbook = XlsxRows(
                self.file, sheet=mapping.sheet, limits=self.limits, max_cells=max_cells,
                blank_row=mapping.header_row,
            )
            return workbook, workbook.problems, False
        hint = (
            "save the file as UTF-8 or declare its encoding in the mapping (for example "
            "\"encoding\": \"latin-1\" or \"cp1252\")"
        )
        rows = CsvRows(
            self.path, file=self.file, encoding=mapping.encoding, delimiter=mapping.delimiter,
            limits=self.limits, max_cells=max_cells, encoding_hint=hint,
        )
        return rows, rows.problems, True

    def _load_key(self) -> bool:
        """Read the pseudonymisation key, if the mapping asks for one; False (with a Problem)
        when it cannot be used."""
        settings = self.mapping.pseudonymise
        if settings is None:
            return True
        base = os.path.dirname(self.mapping_file) if self.mapping_file else ""
        path = os.path.join(base, settings.key_file)
        how = (
            "make one with python -c \"import secrets; print(secrets.token_hex(32))\" > KEY "
            "and keep it out of version control (docs/privacy.md)"
        )
        try:
            with open(path, "rb") as handle:
                key = handle.read(4096).strip()
        except OSError as error:
            reason = "no such file" if isinstance(error, FileNotFoundError) else (
                error.strerror or str(error)
            )
            self.problems.append(
                problem(
                    "key-file",
                    f"cannot read the pseudonymisation key {path!r}: {reason}; {how}",
                    ("pseudonymise", "key_file"),
                ).located(self.mapping_file)
            )
            return False
        if len(key) < MIN_KEY:
            self.problems.append(
                problem(
                    "short-key",
                    f"the pseudonymisation key in {path!r} has {len(key)} bytes; a key needs at "
                    f"least {MIN_KEY} (random ones): {how}",
                    ("pseudonymise", "key_file"),
                ).located(self.mapping_file)
            )
            return False
        self.key = key
        return True

    def run(self) -> tuple[list[Problem], bool]:
        """Read every row into the subjects; the Problems, and whether the file was readable
        (False: no assessment must be made)."""
        if not self._load_key():
            return sort_problems(self.problems), False
        rows, source_problems, is_csv = self._rows()
        iterator: Iterator[Row] = iter(rows)
        layout: _Layout | None = None
        header: list[Row] = []
        wanted = self.preset.header_rows if self.preset is not None else 1
        stopped = False
        try:
            for row in iterator:
                if row.number < self.mapping.header_row:
                    continue
                if layout is None:
                    texts = [text_of(cell) for cell in row.cells]
                    data = len(header) == 2 and self.mapping.tool == "qualtrics" and not (
                        is_import_ids(texts)
                    )  # an export without the ImportId row: this row is already data
                    if not data:
                        header.append(row)
                        if len(header) < wanted:
                            continue
                    layout = self._header(header)
                    if layout is None:
                        stopped = True
                        break
                    if not data:
                        continue
                self._row(row, layout, is_csv)
            if layout is None and header and not stopped:
                layout = self._header(header)
        finally:  # close the file (or workbook) now, also when the header stopped the reading
            close = getattr(iterator, "close", None)
            if close is not None:
                close()
        self.problems.extend(source_problems)
        merged = getattr(rows, "merged", ())
        for block in merged:
            self.report(
                "merged-cells",
                f"cells {block.ref} are merged; each of them reads as the value of its "
                "top-left cell",
                block.first_row, block.first_column, warning=True,
            )
        self._report_skipped()
        if layout is not None and layout.unread:
            self._report_unread(layout)
        if layout is None and not source_problems and not any(
            p.is_error for p in self.problems
        ):
            self.problems.append(
                cell_problem(
                    "missing-header",
                    f"the file has no row {self.mapping.header_row} to read the headers from",
                    self.mapping.header_row, file=self.file,
                )
            )
        readable = not source_problems and layout is not None
        return sort_problems(self.problems), readable

    def _report_unread(self, layout: _Layout) -> None:
        unread = sorted(layout.unread)
        shown = ", ".join(
            f"{column_letter(i)} ({self.headers[i - 1]!r})" for i in unread[:10]
        ) + (", ..." if len(unread) > 10 else "")
        count = len(unread)
        self.report(
            "unread-columns",
            f"{count} column{'s' if count != 1 else ''} the mapping does not name "
            f"hold{'s' if count == 1 else ''} answers that are not read: {shown} (map the "
            "columns of open questions in 'comments', format 1.1; give a column of comments "
            "on an item in its 'comment')",
            layout.header_row, unread[0], warning=True,
        )

    def _report_skipped(self) -> None:
        for why, rows in self.skipped.items():
            shown = ", ".join(str(n) for n in rows[:20]) + (", ..." if len(rows) > 20 else "")
            count = len(rows)
            self.report(
                "skipped-responses",
                f"{count} response{'s' if count != 1 else ''} {'are' if count != 1 else 'is'} "
                f"{why} and {'were' if count != 1 else 'was'} not read (row"
                f"{'s' if count != 1 else ''} {shown})",
                rows[0], warning=True,
            )

    # -- the header -------------------------------------------------------------------------

    def _header(self, rows: list[Row]) -> _Layout | None:
        row = rows[0]
        texts = [[text_of(cell).replace("\ufeff", "") for cell in r.cells] for r in rows]
        tool = self.mapping.tool
        found_columns = columns(tool, texts) if tool is not None else [
            Column(h, (h,) if h.strip() else (), h) for h in texts[0]
        ]
        self.headers = [c.header for c in found_columns]
        self.width = len(texts[0])
        folded: dict[str, list[int]] = {}
        for index, column in enumerate(found_columns, start=1):
            if not column.names:
                self.report(
                    "blank-header",
                    f"column {column_letter(index)} has no header; its cells are not read",
                    row, index, warning=True,
                )
                continue
            for name in dict.fromkeys(fold(n, self.match) for n in column.names):
                folded.setdefault(name, []).append(index)
        mapping = self.mapping
        missing: list[str] = []
        fatal = False
        shown_headers = [h for h in self.headers if h]

        near_headers = Suggestions(shown_headers)

        def find(header: str | None, role: str, *, required: bool = True) -> int | None:
            nonlocal fatal
            if header is None:
                return None
            found = folded.get(fold(header, self.match))
            if not found:
                if required:
                    missing.append(f"{role} {header!r}{near_headers.hint(header)}")
                return None
            if len(found) > 1:
                self.report(
                    "duplicate-column",
                    f"the header {header!r} ({role}) is also column "
                    f"{column_letter(found[0])}; the mapping cannot tell which to read",
                    row, found[1],
                )
                fatal = True
            return found[0]

        columns_ = mapping.columns
        preset = self.preset
        date_header = columns_.date
        if date_header is None and preset is not None:
            date_header = preset.date
        layout = _Layout(
            subject=find(columns_.subject, "columns.subject"),
            rater=find(columns_.rater, "columns.rater"),
            group=find(columns_.group, "columns.group"),
            date=find(date_header, "columns.date", required=columns_.date is not None),
            comment=find(columns_.comment, "columns.comment"),
            item=find(columns_.item, "columns.item"),
            value=find(columns_.value, "columns.value"),
            items=[],
        )
        if preset is not None:
            if columns_.rater is None and preset.response_id is not None:
                layout.response = find(preset.response_id, "response id", required=False)
            if tool == "qualtrics":
                layout.finished = find("Finished", "Finished", required=False)
                layout.progress = find("Progress", "Progress", required=False)
                layout.status = find("Status", "Status", required=False)
        for index, entry in enumerate(listed_items(mapping)):
            if entry.column is None:
                continue
            answers = find(entry.column, f"items[{index}].column")
            comments = find(entry.comment, f"items[{index}].comment")
            if answers is not None:
                layout.items.append((entry.item, answers, comments))
        for question, header in mapping.comments.items():
            place = find(header, f"comments.{question}")
            if place is not None:
                layout.open.append((question, place))
        for text in missing:
            self.problems.append(
                cell_problem(
                    "missing-column",
                    f"the mapping's {text} is not a column of the header row (row "
                    f"{row.number}); the headers are "
                    + ", ".join(repr(h) for h in shown_headers)[:400],
                    row, file=self.file,
                )
            )
        if not missing and not fatal and mapping.items == "auto":
            fatal = not self._auto_items(row, found_columns, layout)
        if missing or fatal:
            return None
        if mapping.items != "auto":
            layout.header_row = row.number
            layout.others = self._other_columns(found_columns, layout)
        return layout

    def _other_columns(self, found_columns: list[Column], layout: _Layout) -> list[int]:
        """The named columns a mapping that lists its items does not read (the tool's metadata
        aside): those found holding an answer are listed in an ``unread-columns`` warning."""
        taken = {
            layout.subject, layout.rater, layout.group, layout.date, layout.response,
            layout.finished, layout.progress, layout.status, layout.comment, layout.item,
            layout.value,
            *(column for _, column, _ in layout.items),
            *(comments for _, _, comments in layout.items),
            *(column for _, column in layout.open),
        }
        metadata = {fold(name) for name in self.preset.metadata} if self.preset else set()
        return [
            index for index, column in enumerate(found_columns, start=1)
            if index not in taken and column.names
            and not metadata.intersection(fold(n) for n in column.names)
        ]

    def _auto_items(self, row: Row, found_columns: list[Column], layout: _Layout) -> bool:
        """Each indicator of the framework answered in the one column whose question text
        contains its text (``items: auto``); False, with Problems, when one has no column or
        several, or a column would answer two."""
        framework = self.framework
        assert framework is not None  # _mapping refuses items: auto without one
        taken = {
            layout.subject, layout.rater, layout.group, layout.date, layout.response,
            layout.finished, layout.progress, layout.status,
            *(column for _, column in layout.open),
        }
        metadata = {fold(name) for name in self.preset.metadata} if self.preset else set()
        candidates = [
            (index, fold(column.text))
            for index, column in enumerate(found_columns, start=1)
            if index not in taken and column.names
            and not metadata.intersection(fold(n) for n in column.names)
        ]
        shown = [column.text for column in found_columns if column.names]
        ok = True
        owner: dict[int, str] = {}
        for item, (_competency, indicator) in framework.indicator_index().items():
            text = fold(indicator.text).rstrip(".!?:; ")
            matches = [index for index, header in candidates if text and text in header]
            if len(matches) == 1 and matches[0] not in owner:
                owner[matches[0]] = item
                layout.items.append((item, matches[0], None))
                continue
            ok = False
            if not matches:
                close = difflib.get_close_matches(
                    fold(indicator.text), [fold(h) for h in shown], n=3, cutoff=0.3
                )
                near = [h for h in shown if fold(h) in close][:3]
                self.report(
                    "missing-column",
                    f"no column's question text contains the text of indicator {item!r} "
                    f"({indicator.text!r}); the nearest headers are "
                    + (", ".join(repr(h) for h in near) or "none")
                    + "; reword the question or list the items in 'items'",
                    row, None,
                )
            elif len(matches) > 1:
                self.report(
                    "ambiguous-column",
                    "the question texts of columns "
                    + ", ".join(
                        f"{column_letter(i)} ({found_columns[i - 1].text!r})" for i in matches
                    )
                    + f" all contain the text of indicator {item!r} ({indicator.text!r}); "
                    "list the items in 'items' to say which column answers it",
                    row, matches[1],
                )
            else:
                self.report(
                    "ambiguous-column",
                    f"column {column_letter(matches[0])} "
                    f"({found_columns[matches[0] - 1].text!r}) contains the texts of "
                    f"indicators {owner[matches[0]]!r} and {item!r}; list the items in 'items' "
                    "to say which it answers",
                    row, matches[0],
                )
        unread = [index for index, _text in candidates if index not in owner]
        if ok and unread:
            shown_unread = ", ".join(
                f"{column_letter(i)} ({found_columns[i - 1].text!r})" for i in unread[:10]
            ) + (", ..." if len(unread) > 10 else "")
            self.report(
                "unread-columns",
                f"{len(unread)} column{'s' if len(unread) != 1 else ''} with no indicator's "
                f"text {'are' if len(unread) != 1 else 'is'} not read: {shown_unread} (map "
                "the columns of open questions in 'comments', format 1.1; list the items in "
                "'items' to read a column of comments with its item)",
                row, unread[0], warning=True,
            )
        return ok

    # -- one row ---------------------------------------------------------------------------

    def _row(self, row: Row, layout: _Layout, is_csv: bool) -> None:
        cells = row.cells
        if not any(_filled(cell) for cell in cells):
            return
        if is_csv:
            self._ragged(row)
        if self._not_a_response(row, layout):
            return
        subject = self._id(row, layout.subject, "subject")
        if subject is None:
            return
        if layout.rater is not None:
            rater: str | None = self._id(row, layout.rater, "rater")
        elif layout.response is not None:
            rater = self._response_id(row, layout.response)
        else:
            rater = f"{self.qualifier}row-{row.number}"
        if rater is None:
            return
        group = self._group(row, layout.group)
        if group is None:
            return
        date = self._date(row, layout.date)
        if date is _SKIP:
            return
        known = self.subjects.get(subject)
        if known is not None:
            earlier = known.raters.get(rater)
            if earlier is not None and earlier != group:
                self.report(
                    "conflicting-group",
                    f"rater {rater!r} of subject {subject!r} is {earlier!r} in an earlier row "
                    f"and {group!r} here; a rater is in one group",
                    row, layout.group or layout.rater,
                )
                return
            if group == "self" and known.self_rater not in (None, rater):
                self.report(
                    "duplicate-self",
                    f"subject {subject!r} already has a self rater ({known.self_rater!r}); an "
                    "assessment has one",
                    row, layout.rater or layout.group,
                )
                return
        state = (
            self.subjects.setdefault(subject, _Subject(self.mapping.framework))
            if known is None else known
        )
        if rater not in state.raters:
            state.raters[rater] = group
            if group == "self":
                state.self_rater = rater
        if isinstance(date, datetime.date):
            if state.date is None:
                state.date, state.date_row = date, row.number
            elif self.preset is not None:  # a tool's export: the day of the latest answer
                if date > state.date:
                    state.date, state.date_row = date, row.number
            elif state.date != date and layout.date is not None:
                self.report(
                    "conflicting-dates",
                    f"subject {subject!r} has the date {state.date.isoformat()} in row "
                    f"{state.date_row} and {date.isoformat()} here; the assessment keeps the "
                    "first",
                    row, layout.date, warning=True,
                )
        if layout.item is not None and layout.value is not None:
            item = self._item(row, layout.item)
            if item is not None:
                comment = self._comment(row, layout.comment)
                self._answer(row, state, subject, rater, item, layout.value, comment)
            self._note_unread(row, layout)
            return
        for item, answers, comments in layout.items:
            comment = self._comment(row, comments)
            self._answer(row, state, subject, rater, item, answers, comment)
        for question, column in layout.open:
            self._open(row, state, subject, rater, question, column)
        self._note_unread(row, layout)

    def _note_unread(self, row: Row, layout: _Layout) -> None:
        """Remember the columns no mapping reads that hold an answer in this row."""
        if not layout.others:
            return
        cells = row.cells
        held = [
            index for index in layout.others
            if index <= len(cells) and _filled(cells[index - 1])
        ]
        if held:
            layout.others = [index for index in layout.others if index not in held]
            layout.unread.extend(held)

    def _open(
        self, row: Row, state: _Subject, subject: str, rater: str, question: str, column: int
    ) -> None:
        """A rater's answer to an open question (format 1.1); empty answers are no answer."""
        text = self._comment(row, column)
        if text is None or not text.strip():
            return
        key = (rater, question)
        first = state.opened.get(key)
        if first is not None:
            self.report(
                "duplicate-answer",
                f"rater {rater!r} already answered the open question {question!r} for "
                f"subject {subject!r} in {first}; the first answer is kept",
                row, column,
            )
            return
        state.opened[key] = f"row {row.number}" + (
            f" of {self.file}" if self.file is not None else ""
        )
        state.comments.append(OpenComment(rater=rater, question=question, text=text.strip()))

    def _not_a_response(self, row: Row, layout: _Layout) -> bool:
        """True (and counted) for a row the tool says is not a finished, real response:
        Qualtrics' unfinished responses, previews, tests and spam."""
        why = None
        if layout.status is not None:
            status = text_of(self._cell(row, layout.status)).strip().casefold()
            why = NOT_RESPONSES.get(status)
        if why is None and (layout.finished is not None or layout.progress is not None):
            finished = (
                text_of(self._cell(row, layout.finished)) if layout.finished is not None
                else None
            )
            progress = (
                text_of(self._cell(row, layout.progress)) if layout.progress is not None
                else None
            )
            if unfinished(finished, progress):
                why = "not finished"
        if why is None:
            return False
        self.skipped.setdefault(why, []).append(row.number)
        return True

    def _response_id(self, row: Row, column: int) -> str | None:
        """The rater id a tool's response id gives (a bare number gets the tool's prefix)."""
        value = self._cell(row, column)
        text = text_of(value).strip()
        if not text:
            return f"{self.qualifier}row-{row.number}"
        if text.isdigit() and self.preset is not None:
            text = self.qualifier + self.preset.id_prefix + text
        if not _ID.fullmatch(text):
            self.report(
                "invalid-id",
                f"{describe_cell(text)} is not a response id leadcomp can use as a rater id; "
                "give 'columns.rater'",
                row, column,
            )
            return None
        return text

    def _ragged(self, row: Row) -> None:
        cells = row.cells
        if len(cells) < self.width:
            self.report(
                "ragged-row",
                f"row {row.number} has {len(cells)} cells where the header has {self.width}; "
                "the missing cells read as empty",
                row, len(cells) + 1, warning=True,
            )
        elif len(cells) > self.width and any(_filled(c) for c in cells[self.width:]):
            self.report(
                "ragged-row",
                f"row {row.number} has {len(cells)} cells where the header has {self.width}; "
                "the cells past the last header are not read",
                row, self.width + 1, warning=True,
            )

    def _cell(self, row: Row, column: int) -> CellValue:
        cells = row.cells
        return cells[column - 1] if column <= len(cells) else None

    def _formula(self, row: Row, column: int, value: CellValue) -> bool:
        if isinstance(value, Formula):
            self.report(
                "formula-without-value",
                f"{self.at(row, column)} holds the formula {value.text!r} with no saved "
                "result; open the workbook in Excel and save it, or write the value",
                row, column,
            )
            return True
        return False

    def _id(self, row: Row, column: int | None, role: str) -> str | None:
        if column is None:  # pragma: no cover - the subject column is required
            return None
        value = self._cell(row, column)
        if self._formula(row, column, value):
            return None
        text = text_of(value).strip()
        if not text:
            self.report(
                "missing-value", f"{self.at(row, column)}: the {role} id is empty", row, column
            )
            return None
        if self.key is not None:
            return pseudonym(self.key, text)
        if not _ID.fullmatch(text):
            formula = (
                " (it looks like a spreadsheet formula; it is read as text, never run)"
                if looks_like_formula(text) else ""
            )
            self.report(
                "invalid-id",
                f"{describe_cell(text)} is not a valid {role} id{formula}: use 1 to 200 ASCII "
                "letters, digits, '.', '_', ':' or '-', starting with a letter or digit (a "
                "pseudonym rather than a name or an e-mail address; or let leadcomp make one: "
                "'pseudonymise' in the mapping, docs/privacy.md)",
                row, column,
            )
            return None
        return text

    def _group(self, row: Row, column: int | None) -> str | None:
        if column is None:
            return self.mapping.default_group
        value = self._cell(row, column)
        if self._formula(row, column, value):
            return None
        text = text_of(value)
        if not text.strip():
            return self.mapping.default_group
        group = self.groups.get(fold(text, self.match))
        if group is None:
            known = [pair.label for pair in self.mapping.groups] + list(_GROUPS)
            self.report(
                "unknown-group",
                f"{describe_cell(text)} is not a rater group the mapping knows; known: "
                + ", ".join(repr(k) for k in known)
                + " (add it to the mapping's 'groups')",
                row, column,
            )
            return None
        return group

    def _date(self, row: Row, column: int | None) -> Any:
        if column is None:
            return None
        value = self._cell(row, column)
        if self._formula(row, column, value):
            return _SKIP
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        preset = self.preset
        if preset is not None and isinstance(value, (int, float)) and not isinstance(
            value, bool
        ):
            day = excel_serial(float(value))
            if day is not None:
                return day
        text = text_of(value).strip()
        if not text:
            return None
        fmt = self.mapping.date_format
        if preset is not None and fmt is None:
            day = parse_timestamp(text, preset.date_formats)
            if day is not None:
                return day
            self.report(
                "invalid-date",
                f"{describe_cell(value)} is not a timestamp as {self.mapping.tool} writes "
                "them (such as "
                + (", ".join(repr(f) for f in preset.date_formats[:3]) or "YYYY-MM-DD")
                + "); set the mapping's 'date_format' for another form",
                row, column,
            )
            return _SKIP
        try:
            if fmt is not None:
                return datetime.datetime.strptime(text, fmt).date()
            if len(text) >= 10 and (len(text) == 10 or text[10] in "T "):
                return datetime.date.fromisoformat(text[:10])
        except ValueError:
            pass
        expected = f"a date written as {fmt!r}" if fmt else "a date as YYYY-MM-DD"
        self.report(
            "invalid-date",
            f"{describe_cell(value)} is not {expected}"
            + ("" if fmt else " (set the mapping's 'date_format' for other forms)"),
            row, column,
        )
        return _SKIP

    def _item(self, row: Row, column: int) -> str | None:
        value = self._cell(row, column)
        if self._formula(row, column, value):
            return None
        text = text_of(value)
        if not text.strip():
            self.report("missing-value", f"{self.at(row, column)}: the item is empty", row,
                        column)
            return None
        item = self.item_labels.get(fold(text, self.match))
        if item is not None:
            return item
        candidate = text.strip()
        framework = self.framework
        if framework is not None:
            if framework.is_item(candidate):
                return candidate
        elif _ID.fullmatch(candidate) and (
            not self.item_labels or candidate in self.listed_items
        ):
            return candidate
        if self.near_items is None:
            self.near_items = Suggestions(self.item_labels)
        hint = self.near_items.hint(fold(text, self.match))
        where_from = f" of {framework.ref}" if framework is not None else ""
        self.report(
            "unknown-item",
            f"{describe_cell(text)} is neither an item label of the mapping nor an item id"
            f"{where_from}{hint}",
            row, column,
        )
        return None

    def _comment(self, row: Row, column: int | None) -> str | None:
        if column is None:
            return None
        value = self._cell(row, column)
        if isinstance(value, Formula):
            self._formula(row, column, value)
            return None
        text = text_of(value)
        return text if text else None

    def _answer(
        self, row: Row, state: _Subject, subject: str, rater: str, item: str, column: int,
        comment: str | None,
    ) -> None:
        cells = row.cells
        value = cells[column - 1] if column <= len(cells) else None
        if type(value) is str:
            scale = self.item_scale(item)
            result = self.known.get((value, None if scale is None else scale.id), _MISS)
            if result is _MISS:
                result = self._value(row, column, value, item)
        elif self._formula(row, column, value):
            return
        else:
            result = self._value(row, column, value, item)
        if result is _SKIP:
            if comment is not None:
                self.report(
                    "comment-without-answer",
                    f"{self.at(row, column)} has no answer, so the comment on it is not kept",
                    row, column, warning=True,
                )
            return
        key = (rater, item)
        first = state.answered.get(key)
        if first is not None:
            self.report(
                "duplicate-answer",
                f"rater {rater!r} already answered {item!r} for subject {subject!r} in "
                f"{first}; the first answer is kept",
                row, column,
            )
            return
        state.answered[key] = f"row {row.number}" + (
            f" of {self.file}" if self.file is not None else ""
        )
        state.ratings.append(Rating(rater=rater, item=item, value=result, comment=comment))

    def item_scale(self, item: str) -> Scale | None:
        """The scale an item is answered on (None without a framework)."""
        if self.framework is None:
            return None
        if item not in self.item_scales:
            self.item_scales[item] = self.framework.scale_of_item(item)
        return self.item_scales[item]

    def _value(self, row: Row, column: int, value: CellValue, item: str) -> Any:
        """The answer of a cell (an int, None for not observed, _SKIP for none), reported when
        it is wrong; text answers that are right are remembered, as answers repeat."""
        if isinstance(value, (bool, datetime.date, datetime.datetime)):
            self.report(
                "invalid-value",
                f"{self.at(row, column)} holds {describe_cell(value)}, not an answer",
                row, column,
            )
            return _SKIP
        text = text_of(value)
        key = fold(text, self.match)
        scale = self.item_scale(item)
        answer: int | None
        if key in self.tokens:
            answer = None
        elif not text.strip():
            if isinstance(value, str) and len(self.known) < _KNOWN:
                self.known[(value, None if scale is None else scale.id)] = _SKIP
            return _SKIP
        elif key in self.values:
            answer = self.values[key]
        elif self.mapping.numbers and _WHOLE.fullmatch(text.strip()):
            answer = int(text.strip().split(".")[0])
        elif scale is not None and key in self._labels(scale):
            answer = self._labels(scale)[key]
        else:
            formula = (
                "; it looks like a spreadsheet formula, which leadcomp reads as text and never "
                "runs" if looks_like_formula(text.strip()) else ""
            )
            known = [pair.label for pair in self.mapping.values]
            if scale is not None:
                known += [level.label for level in scale.levels]
            shown = ", ".join(repr(k) for k in known[:12]) + (", ..." if len(known) > 12 else "")
            self.report(
                "unknown-label",
                f"{describe_cell(text)} is not an answer the mapping knows{formula}; known "
                f"answers: {shown or 'none'}"
                + (", whole numbers" if self.mapping.numbers else "")
                + ", and for 'not observed' "
                + (", ".join(repr(t) for t in self.mapping.not_observed) or "nothing"),
                row, column,
            )
            return _SKIP
        if scale is not None:
            if answer is None and not scale.not_observed:
                self.report(
                    "not-observed-not-allowed",
                    f"{describe_cell(text)} means 'not observed', which scale {scale.id!r} of "
                    f"{item!r} does not allow; give one of its levels "
                    f"({', '.join(str(v) for v in scale.values)})",
                    row, column,
                )
                return _SKIP
            if answer is not None and answer not in scale.value_set:
                self.report(
                    "value-off-scale",
                    f"{describe_cell(text)} is {answer}, which is not a level of scale "
                    f"{scale.id!r} of {item!r} ({', '.join(str(v) for v in scale.values)})",
                    row, column,
                )
                return _SKIP
        if isinstance(value, str) and len(self.known) < _KNOWN:
            self.known[(value, None if scale is None else scale.id)] = answer
        return answer

    def _labels(self, scale: Scale) -> dict[str, int]:
        labels = self.scale_labels.get(scale.id)
        if labels is None:
            labels = {}
            for level in scale.levels:
                labels.setdefault(fold(level.label, self.match), level.value)
            self.scale_labels[scale.id] = labels
        return labels



def _assessments(subjects: dict[str, _Subject]) -> list[Assessment]:
    """One assessment per subject. Every id, group, item, value and comment was checked as it
    was read (and the tests validate what comes out), so no second check runs here."""
    out: list[Assessment] = []
    for subject, state in subjects.items():
        assessment = Assessment(
            subject=subject,
            framework=state.framework,
            date=state.date,
            raters=tuple(
                Rater(id=rater, group=group)  # type: ignore[arg-type]
                for rater, group in state.raters.items()
            ),
            ratings=tuple(state.ratings),
            comments=tuple(state.comments),
        )
        out.append(assessment)
    return out


class _Layout:
    """Where the mapped columns are (1-based), once the header row is read."""

    __slots__ = (
        "comment", "date", "finished", "group", "header_row", "item", "items", "open",
        "others", "progress", "rater", "response", "status", "subject", "unread", "value",
    )

    def __init__(
        self, *, subject: int | None, rater: int | None, group: int | None, date: int | None,
        comment: int | None, item: int | None, value: int | None,
        items: list[tuple[str, int, int | None]],
    ) -> None:
        self.subject = subject
        self.rater = rater
        self.group = group
        self.date = date
        self.comment = comment
        self.item = item
        self.value = value
        #: (item id, answers column, comments column) of a wide survey.
        self.items = items
        #: (open question id, answers column) of a wide survey (format 1.1).
        self.open: list[tuple[str, int]] = []
        #: Listed items: the columns no mapping reads, not yet found holding an answer, and
        #: those found holding one (for the ``unread-columns`` warning); the header's row.
        self.others: list[int] = []
        self.unread: list[int] = []
        self.header_row = 1
        #: A tool's response id (the rater's id without columns.rater) and its completion
        #: columns.
        self.response: int | None = None
        self.finished: int | None = None
        self.progress: int | None = None
        self.status: int | None = None


def _filled(cell: CellValue) -> bool:
    if cell is None:
        return False
    if isinstance(cell, str):
        return bool(cell.strip())
    return True


def load_survey(
    path: SurveySource,
    mapping: SurveyMapping | Source,
    *,
    framework: Framework | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[Assessment]:
    """The assessments of a survey export; InvalidDocument with every Problem if any is an
    error (warnings are dropped; use ``read_survey`` to see them)."""
    assessments, found = read_survey(path, mapping, framework=framework, limits=limits)
    if any(p.is_error for p in found):
        raise InvalidDocument(found)
    return assessments


__all__ = ["SurveySource", "is_xlsx", "load_survey", "read_survey", "read_surveys"]
