"""Per-person reports in one run: a page per subject and an index linking them.

Templates are compiled once (the environment is cached), so each page costs its scoring and
rendering only. Display names come from a names file the programme keeps (subject id, display
name), never from the data.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import urllib.parse
from collections.abc import Iterable, Mapping

from attrs import frozen

from leadcomp import __version__
from leadcomp.model import Assessment, Framework
from leadcomp.model._gaps import GapReport
from leadcomp.model._results import ScoreSheet
from leadcomp.problems import InvalidDocument, Problem, problem
from leadcomp.reports._env import Format, render
from leadcomp.reports._format import day, number
from leadcomp.reports._render import render_report

#: The name of the index page.
INDEX = "index.html"
_HEADERS = {"subject", "subject id", "subject_id", "id"}


@frozen(kw_only=True)
class IndexRow:
    """A person on the index page."""

    subject: str
    name: str | None
    href: str
    file: str
    fit: str
    met: str
    essential_unmet: str


@frozen(kw_only=True)
class IndexView:
    """The index page."""

    title: str
    role: str
    role_title: str
    framework: str
    rows: tuple[IndexRow, ...]
    named: bool
    kind: str
    date: str
    version: str


def page_name(subject: str, kind: Format) -> str:
    """The file name of a subject's page: the subject id and the format's suffix."""
    return f"{subject}.{'html' if kind == 'html' else 'md'}"


def read_names(path: str | os.PathLike[str]) -> dict[str, str]:
    """The display names of a names file: CSV rows of subject id and display name (an optional
    header row, ``subject,name``, is skipped). InvalidDocument with every Problem found (a row
    without a name, a subject named twice, a file that is not UTF-8)."""
    name = os.fspath(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise InvalidDocument(
            [problem("unreadable", f"cannot read the names file: {error.strerror or error}")
             .located(name)]
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidDocument(
            [problem("not-utf8", "the names file is not UTF-8; save it as UTF-8 CSV")
             .located(name)]
        ) from None
    names: dict[str, str] = {}
    lines: dict[str, int] = {}
    found: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    for row in reader:
        number_ = reader.line_num
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if not names and not found and cells[0].casefold() in _HEADERS:
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            found.append(problem(
                "bad-name-row",
                f"row {number_} needs two cells: the subject id, then the display name",
            ).located(name, number_))
            continue
        subject, display = cells[0], " ".join(cells[1].split())
        if subject in names:
            found.append(problem(
                "duplicate-subject",
                f"subject {subject!r} is named on row {lines[subject]} and again on row "
                f"{number_}; give each subject one display name",
            ).located(name, number_))
            continue
        names[subject] = display
        lines[subject] = number_
    if found:
        raise InvalidDocument(found)
    return names


def render_people(
    people: Iterable[tuple[GapReport, ScoreSheet, Assessment | None]],
    kind: Format = "html",
    *,
    framework: Framework | None = None,
    names: Mapping[str, str] | None = None,
    date: datetime.date | None = None,
) -> list[tuple[str, str]]:
    """Each person's report (a GapReport, its ScoreSheet and, for the behaviours, the
    Assessment scored) as ``(file name, text)``, named by subject id, then ``index.html``
    linking them. ``names`` maps subject ids to display names, shown on pages and the index.
    InvalidDocument when a subject comes twice or a report does not fit (as ``render_report``).
    """
    generated = date if date is not None else datetime.date.today()
    names = names or {}
    pages: list[tuple[str, str]] = []
    rows: list[IndexRow] = []
    seen: set[str] = set()
    first: GapReport | None = None
    for report, sheet, assessment in people:
        subject = report.subject
        if subject in seen:
            raise InvalidDocument([problem(
                "duplicate-subject",
                f"subject {subject!r} comes twice; a per-person run has one assessment per "
                "subject",
            )])
        seen.add(subject)
        if first is None:
            first = report
        file = page_name(subject, kind)
        if file == INDEX:
            raise InvalidDocument([problem(
                "reserved-subject",
                f"subject {subject!r} would overwrite the index page {INDEX}",
            )])
        text = render_report(
            kind, report, sheet, framework=framework, date=generated, assessment=assessment,
            name=names.get(subject),
        )
        pages.append((file, text))
        summary = report.summary
        rows.append(IndexRow(
            subject=subject,
            name=names.get(subject),
            href="./" + urllib.parse.quote(file),
            file=file,
            fit=number(summary.fit),
            met=f"{summary.met} of {summary.requirements}",
            essential_unmet=str(len(summary.essential_unmet)),
        ))
    view = IndexView(
        title=(
            f"Person reports: {first.role_title}" if first is not None else "Person reports"
        ),
        role="" if first is None else first.role,
        role_title="" if first is None else first.role_title,
        framework="" if first is None else first.framework,
        rows=tuple(rows),
        named=any(row.name for row in rows),
        kind="HTML" if kind == "html" else "Markdown",
        date=day(generated),
        version=__version__,
    )
    pages.append((INDEX, render("html", "people.html.j2", view=view)))
    return pages
