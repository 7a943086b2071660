"""What leadcomp knows of each survey tool's export (a survey mapping's ``tool``, format 1.1):
its header rows, its metadata columns, its response ids, its timestamps and time zones, its
completion columns; and the pseudonyms that replace names and e-mails (``pseudonymise``).

The facts (docs/formats.md, "Survey tools"):

- Qualtrics: three header rows (column ids such as ``Q3_1``; the question text; a JSON object
  per column, ``{"ImportId":"QID3_1"}``), dates ``YYYY-MM-DD HH:MM:SS`` in the survey's time
  zone, ``Finished``, ``Progress`` and ``Status`` (previews, tests and spam are not responses),
  ``ResponseId``.
- SurveyMonkey: two header rows (the question text over a question's first column only, then
  ``Response``, the row statement of a matrix column, ``Open-Ended Response``...), dates
  ``MM/DD/YYYY hh:mm:ss AM/PM``, ``Respondent ID``.
- Google Forms: one header row, ``Timestamp`` in the owner's locale and time zone
  (``2025/03/10 4:13:00 PM GMT``, ``... GMT+1``, en-GB ``10/03/2025 16:13:00``), grid
  columns ``<question> [<row statement>]``; no response id (the row number stands for one).
- Microsoft Forms (.xlsx): one header row, ``ID``, ``Start time``, ``Completion time``,
  ``Email``, ``Name``; times are Excel date-times.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass

from leadcomp.validation._survey_rules import fold


@dataclass(frozen=True)
class Preset:
    """One tool's export shape."""

    #: How many rows the header has (Qualtrics: 3, SurveyMonkey: 2, others: 1).
    header_rows: int
    #: The column holding each response's id: the rater's id when the mapping has no
    #: ``columns.rater`` (None: the row number, ``row-N``).
    response_id: str | None
    #: What goes before a response id that is a bare number (an id must be unique per subject).
    id_prefix: str
    #: The column with the time the response was completed (the date, when the mapping has no
    #: ``columns.date``).
    date: str | None
    #: ``strptime`` formats of its timestamps (after any time-zone suffix is taken off).
    date_formats: tuple[str, ...]
    #: Columns the tool adds that are never questions.
    metadata: tuple[str, ...]


_QUALTRICS_META = (
    "StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)",
    "Finished", "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName",
    "RecipientEmail", "ExternalReference", "LocationLatitude", "LocationLongitude",
    "DistributionChannel", "UserLanguage",
)
_SURVEYMONKEY_META = (
    "Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
    "First Name", "Last Name", "Custom Data 1",
)

PRESETS: dict[str, Preset] = {
    "qualtrics": Preset(
        header_rows=3, response_id="ResponseId", id_prefix="response-", date="EndDate",
        date_formats=("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"), metadata=_QUALTRICS_META,
    ),
    "surveymonkey": Preset(
        header_rows=2, response_id="Respondent ID", id_prefix="respondent-", date="End Date",
        date_formats=("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p", "%m/%d/%Y"),
        metadata=_SURVEYMONKEY_META,
    ),
    "google-forms": Preset(
        header_rows=1, response_id=None, id_prefix="row-", date="Timestamp",
        date_formats=(
            "%Y/%m/%d %I:%M:%S %p", "%Y/%m/%d %H:%M:%S", "%d/%m/%Y %H:%M:%S",
            "%d/%m/%Y %H:%M", "%d/%m/%Y",
        ),
        metadata=("Timestamp", "Email address", "Score"),
    ),
    "ms-forms": Preset(
        header_rows=1, response_id="ID", id_prefix="response-", date="Completion time",
        date_formats=("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%y %H:%M:%S"),
        metadata=("ID", "Start time", "Completion time", "Email", "Name", "Last modified time"),
    ),
    "generic": Preset(
        header_rows=1, response_id=None, id_prefix="row-", date=None, date_formats=(),
        metadata=(),
    ),
}

#: A time-zone suffix after a timestamp: ``GMT``, ``GMT+1``, ``UTC-05:00``, ``+0100``, ``Z``.
_ZONE = re.compile(r"\s*(?:(?:GMT|UTC)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2}|Z)$", re.I)
#: Excel's day 0 (serial date-times count days from here; 1900's false leap day included).
_EXCEL_EPOCH = datetime.datetime(1899, 12, 30)


def parse_timestamp(text: str, formats: tuple[str, ...]) -> datetime.date | None:
    """The day of a timestamp as the tool writes it (the day where it was written: a time-zone
    suffix says which zone the time is in, and the day is the one shown), or None."""
    text = " ".join(text.split())
    bare = _ZONE.sub("", text)
    for fmt in formats:
        try:
            return datetime.datetime.strptime(bare, fmt).date()
        except ValueError:
            continue
    try:
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return datetime.date.fromisoformat(bare[:10]) if len(bare) >= 10 and (
            len(bare) == 10 or bare[10] in "T "
        ) else None
    except ValueError:
        return None


def excel_serial(value: float) -> datetime.date | None:
    """The day of an Excel serial date-time (days since 1899-12-30), or None when out of range."""
    if not 1 <= value < 2958466:
        return None
    return (_EXCEL_EPOCH + datetime.timedelta(days=value)).date()


# -- Qualtrics completion ------------------------------------------------------------------

#: Qualtrics ``Status`` values that are not real responses (text, and numeric export codes).
NOT_RESPONSES = {
    "survey preview": "a survey preview", "1": "a survey preview",
    "survey test": "a survey test", "2": "a survey test",
    "spam": "spam", "8": "spam",
    "preview spam": "spam", "9": "spam",
    "imported spam": "spam", "12": "spam",
    "offline preview": "a survey preview", "17": "a survey preview",
}
_FALSE = {"false", "0", "no"}


def unfinished(finished: str | None, progress: str | None) -> bool:
    """True when Qualtrics' ``Finished`` (True/False, 1/0) or, without it, ``Progress`` (0-100)
    says the response was not completed."""
    if finished is not None and finished.strip():
        return finished.strip().casefold() in _FALSE
    if progress is not None and progress.strip():
        try:
            return float(progress) < 100
        except ValueError:
            return False
    return False


# -- column names ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of an export: the header shown in paths, the names a mapping may use for it,
    and the question text the respondent saw (what ``items: auto`` searches)."""

    header: str
    names: tuple[str, ...]
    text: str


_GRID = re.compile(r"^(?P<question>.*\S)\s*\[(?P<statement>[^\[\]]+)\]\s*$", re.S)
_SINGLE = {"response", "open-ended response"}


def columns(tool: str | None, rows: list[list[str]]) -> list[Column]:
    """The columns of a header of one, two or three rows, named as the tool names them."""
    first = rows[0]
    width = max(len(row) for row in rows)
    out: list[Column] = []
    question = ""
    for index in range(width):
        top = first[index] if index < len(first) else ""
        if tool == "qualtrics":
            shown = rows[1][index] if len(rows) > 1 and index < len(rows[1]) else ""
            out.append(
                Column(top or shown, tuple(n for n in (top, shown) if n.strip()), shown or top)
            )
        elif tool == "surveymonkey":
            below = rows[1][index] if len(rows) > 1 and index < len(rows[1]) else ""
            if top.strip():
                question = top
            if not below.strip():  # metadata: named by the first row alone
                out.append(Column(top, tuple(n for n in (top,) if n.strip()), top))
                continue
            if fold(below) in _SINGLE:
                out.append(Column(question, (question,), question))
                continue
            combined = f"{question} - {below}" if question else below
            out.append(Column(combined, (combined, below), combined))
        else:
            names: tuple[str, ...] = (top,) if top.strip() else ()
            grid = _GRID.match(top) if tool == "google-forms" else None
            if grid is not None:
                names += (grid.group("statement").strip(),)
            out.append(Column(top, names, top))
    return out


def is_import_ids(cells: list[str]) -> bool:
    """True for Qualtrics' third header row: JSON objects such as ``{"ImportId":"QID3_1"}``."""
    return any(cell.lstrip().startswith('{"ImportId"') for cell in cells)


# -- pseudonyms ------------------------------------------------------------------------------

#: The shortest key accepted, in bytes (``secrets.token_hex(32)`` writes 64).
MIN_KEY = 32


def fold_identity(value: str) -> str:
    """A name or e-mail as it is pseudonymised: Unicode NFC, runs of spaces as one, trimmed,
    lower-cased; so ``Jane  Smith `` and ``jane smith`` are one person."""
    return " ".join(unicodedata.normalize("NFC", value).split()).lower()


def pseudonym(key: bytes, value: str) -> str:
    """The pseudonymous id of a name or e-mail: ``p-`` and the first 16 hex digits of
    HMAC-SHA256 under ``key`` over its folded form. The same key gives the same id in every
    tool and round; without the key the id cannot be traced back to the value."""
    digest = hmac.new(key, fold_identity(value).encode("utf-8"), hashlib.sha256).hexdigest()
    return "p-" + digest[:16]


__all__ = [
    "MIN_KEY",
    "NOT_RESPONSES",
    "PRESETS",
    "Column",
    "Preset",
    "columns",
    "excel_serial",
    "fold_identity",
    "is_import_ids",
    "parse_timestamp",
    "pseudonym",
    "unfinished",
]
