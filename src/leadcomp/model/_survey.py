"""Survey mappings: how the rows of a survey export (CSV or Excel) become assessments."""

from __future__ import annotations

from typing import Literal

from attrs import field, frozen

from leadcomp.model._types import Extensions, RaterGroup, extensions_key

#: One row per rater with one column per item ("wide"), or one row per answer ("long").
SurveyLayout = Literal["wide", "long"]
SURVEY_LAYOUTS: tuple[SurveyLayout, ...] = ("wide", "long")
#: How labels, tokens and headers are compared with cells: "loose" ignores case and runs of
#: spaces (and spaces at either end); "exact" compares the text as it is.
LabelMatch = Literal["loose", "exact"]
LABEL_MATCHES: tuple[LabelMatch, ...] = ("loose", "exact")
#: The survey tool whose export shape a mapping reads (format 1.1): its header rows, metadata,
#: timestamps, response ids and completion columns (docs/formats.md).
SurveyTool = Literal["qualtrics", "surveymonkey", "google-forms", "ms-forms", "generic"]
SURVEY_TOOLS: tuple[SurveyTool, ...] = (
    "qualtrics", "surveymonkey", "google-forms", "ms-forms", "generic"
)


@frozen(kw_only=True)
class SurveyColumns:
    """Which columns (by header) hold what; only ``subject`` is always needed."""

    subject: str
    #: The rater's id; without it (wide layout only) each row is its own rater, ``row-N``.
    rater: str | None = None
    #: The rater's group label; without it every rater is in the mapping's ``default_group``.
    group: str | None = None
    #: The date of the answers (YYYY-MM-DD, a date-time, an Excel date, or ``date_format``).
    date: str | None = None
    #: Long layout: the comment on the answer of the row.
    comment: str | None = None
    #: Long layout: the item answered (an item id, or a label listed in ``items``).
    item: str | None = None
    #: Long layout: the answer.
    value: str | None = None


@frozen(kw_only=True)
class SurveyItem:
    """Where one indicator (or competency) is answered.

    Wide layout: ``column`` is the header of its answers, ``comment`` the header of a column
    of comments on them. Long layout: ``label`` is how the item column names it.
    """

    item: str
    column: str | None = None
    comment: str | None = None
    label: str | None = None


@frozen(kw_only=True)
class ValueLabel:
    """An answer label and the level value it means, such as "Strongly agree" -> 5."""

    label: str
    value: int


@frozen(kw_only=True)
class GroupLabel:
    """A rater-group label of the survey and the rater group it means."""

    label: str
    group: RaterGroup


@frozen(kw_only=True)
class Pseudonymise:
    """Names or e-mails in the subject and rater columns become pseudonymous ids: ``p-`` and
    16 hex digits of HMAC-SHA256 under the key in ``key_file`` (a path relative to the mapping
    file) over the folded value."""

    key_file: str


#: A wide survey's items: listed one by one, or ``"auto"``: each indicator of the framework
#: is answered in the one column whose question text contains the indicator's text.
SurveyItems = tuple[SurveyItem, ...] | Literal["auto"]


@frozen(kw_only=True)
class SurveyMapping:
    """How to read a survey export into assessments against one framework version."""

    id: str | None = None
    title: str | None = None
    description: str | None = None
    #: The exact framework version the survey asked about: ``id@version``.
    framework: str
    layout: SurveyLayout
    columns: SurveyColumns
    items: SurveyItems = ()
    #: Answer labels; cells may also hold level values ("4") unless ``numbers`` is false, and,
    #: when a framework is given, the level labels of the item's scale.
    values: tuple[ValueLabel, ...] = ()
    #: Rater-group labels; the group names themselves (self, manager...) always work.
    groups: tuple[GroupLabel, ...] = ()
    #: The group of raters when there is no group column (or its cell is empty).
    default_group: RaterGroup = "other"
    #: Answers that mean "not observed"; list "" to make an empty answer "not observed" (by
    #: default an empty answer is no answer).
    not_observed: tuple[str, ...] = ("N/A", "Not observed")
    match: LabelMatch = "loose"
    #: Whether a cell holding a whole number is read as that level value.
    numbers: bool = True
    #: The ``strftime`` format of dates written otherwise than YYYY-MM-DD, such as "%d/%m/%Y".
    date_format: str | None = None
    #: Excel: the sheet to read (default: the first).
    sheet: str | None = None
    #: CSV: the text encoding (default UTF-8), such as "latin-1" or "cp1252".
    encoding: str | None = None
    #: CSV: the character between cells.
    delimiter: str = ","
    #: The row that holds the headers (rows above it are skipped).
    header_row: int = 1
    #: At most this many cells are read (the reader's limit applies too).
    max_cells: int | None = None
    #: The tool that exported the file (format 1.1); None reads the rows as format 1.0 does.
    tool: SurveyTool | None = None
    #: Turn names or e-mails in the subject and rater columns into pseudonymous ids.
    pseudonymise: Pseudonymise | None = None
    #: Wide layout (format 1.1): the header of the column holding each open question's
    #: answers, by question id, such as ``{"strengths": "Q10", "development": "Q11"}``.
    comments: dict[str, str] = field(factory=dict, hash=False)
    extensions: Extensions = field(factory=dict, hash=False, eq=extensions_key)


__all__ = [
    "LABEL_MATCHES",
    "SURVEY_LAYOUTS",
    "SURVEY_TOOLS",
    "GroupLabel",
    "LabelMatch",
    "Pseudonymise",
    "SurveyColumns",
    "SurveyItem",
    "SurveyItems",
    "SurveyLayout",
    "SurveyMapping",
    "SurveyTool",
    "ValueLabel",
]
