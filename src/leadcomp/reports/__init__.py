"""Reports people read: self-contained HTML (inline SVG charts, no script) and Markdown.

``render_html(gap_report, sheet)`` and ``render_markdown(gap_report, sheet)`` make one person's
report from a GapReport and the ScoreSheet it was made from; ``render_html(cohort_report,
people=gap_reports)`` makes a cohort's, with a heatmap of the people's gaps and, when there is
a ProgressReport, the change since the baseline. Templates use Jinja2 with autoescaping (the
``report`` extra); everything shown comes from the result objects, so a report shows exactly
the groups, figures and comments the score sheet shows, and never a rater.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from leadcomp.gaps import builtin_framework
from leadcomp.model import Assessment, Framework
from leadcomp.model._cohort import CohortReport, ProgressReport
from leadcomp.model._gaps import GapReport
from leadcomp.model._results import ScoreSheet
from leadcomp.problems import InvalidDocument, problem
from leadcomp.reports._env import HEATMAP_ORDERS, Format, HeatmapOrder, escape_markdown, render

if TYPE_CHECKING:
    from leadcomp.model._norms import Norms
    from leadcomp.reports._cohort import Psychometrics

#: The report formats: HTML and Markdown.
FORMATS: tuple[Format, ...] = ("html", "md")


def render_html(
    report: GapReport | CohortReport,
    sheet: ScoreSheet | None = None,
    *,
    framework: Framework | None = None,
    people: Iterable[GapReport] = (),
    progress: ProgressReport | None = None,
    date: datetime.date | None = None,
    assessment: Assessment | None = None,
    name: str | None = None,
    sort: HeatmapOrder = "input",
    psychometrics: Psychometrics | None = None,
    norms: Norms | None = None,
) -> str:
    """One self-contained HTML page: a person's report (a GapReport and its ScoreSheet) or a
    cohort's (a CohortReport, with the people's GapReports for the heatmap and an optional
    ProgressReport, by default the cohort report's own).

    ``framework`` is the one scored against (default: the built-in one the report names; for a
    cohort it only adds names). ``date`` is the report date (default: today). For a person,
    ``assessment`` (the one the sheet was scored from) adds each competency's highest- and
    lowest-rated behaviours, from the groups the sheet shows only, and ``name`` a display name
    beside the subject id. For a cohort, ``sort="fit"`` orders the heatmap's people from the
    lowest fit up, and ``psychometrics`` (item analysis and rater reliability, as
    ``leadcomp report`` makes them) adds their section. InvalidDocument when Jinja2 is missing,
    the sheet (or assessment) is not the report's, or the framework is not the one named.
    """
    return _render("html", report, sheet, framework, people, progress, date, assessment, name,
                   sort, psychometrics, norms)


def render_markdown(
    report: GapReport | CohortReport,
    sheet: ScoreSheet | None = None,
    *,
    framework: Framework | None = None,
    people: Iterable[GapReport] = (),
    progress: ProgressReport | None = None,
    date: datetime.date | None = None,
    assessment: Assessment | None = None,
    name: str | None = None,
    sort: HeatmapOrder = "input",
    psychometrics: Psychometrics | None = None,
    norms: Norms | None = None,
) -> str:
    """The same report as Markdown (GitHub-flavoured tables instead of charts), for pasting
    into e-portfolios; every text from the data is escaped. Arguments as ``render_html``."""
    return _render("md", report, sheet, framework, people, progress, date, assessment, name,
                   sort, psychometrics, norms)


def render_report(
    kind: Format,
    report: GapReport | CohortReport,
    sheet: ScoreSheet | None = None,
    *,
    framework: Framework | None = None,
    people: Iterable[GapReport] = (),
    progress: ProgressReport | None = None,
    date: datetime.date | None = None,
    assessment: Assessment | None = None,
    name: str | None = None,
    sort: HeatmapOrder = "input",
    psychometrics: Psychometrics | None = None,
    norms: Norms | None = None,
) -> str:
    """``render_html`` or ``render_markdown`` by format name ("html" or "md").

    ``psychometrics`` (a cohort report only): the cohort's item analysis and rater
    reliability (``leadcomp.cohort._items``), shown in a section of their own; ``norms`` (a person's
    report only): a cohort's norms, placing each competency's score in them."""
    if kind not in FORMATS:
        raise ValueError(f"format must be 'html' or 'md', not {kind!r}")
    return _render(kind, report, sheet, framework, people, progress, date, assessment, name,
                   sort, psychometrics, norms)


def _render(
    kind: Format,
    report: GapReport | CohortReport,
    sheet: ScoreSheet | None,
    framework: Framework | None,
    people: Iterable[GapReport],
    progress: ProgressReport | None,
    date: datetime.date | None,
    assessment: Assessment | None,
    name: str | None,
    sort: HeatmapOrder,
    psychometrics: Psychometrics | None = None,
    norms: Norms | None = None,
) -> str:
    generated = date if date is not None else datetime.date.today()
    suffix = "html.j2" if kind == "html" else "md.j2"
    if isinstance(report, GapReport):
        from leadcomp.reports._person import person_view

        sheet = _check_sheet(report, sheet)
        framework = _framework(report.framework, framework)
        if assessment is not None and (
            assessment.subject, assessment.framework
        ) != (sheet.subject, sheet.framework):
            raise _mismatch(
                f"the assessment (subject {assessment.subject!r}, {assessment.framework}) is "
                f"not the one the score sheet was made from (subject {sheet.subject!r}, "
                f"{sheet.framework})"
            )
        view = person_view(report, sheet, framework, generated, assessment=assessment,
                           name=name, norms=norms)
        return render(kind, f"person.{suffix}", view=view)
    if isinstance(report, CohortReport):
        from leadcomp.reports._cohort import cohort_view

        if sheet is not None:
            raise TypeError("a cohort report takes the people's gap reports, not a score sheet")
        group = list(people)
        _check_people(report, group)
        if framework is None and len(report.frameworks) == 1:
            framework = _builtin(report.frameworks[0])
        if sort not in HEATMAP_ORDERS:
            raise ValueError(f"sort must be 'input' or 'fit', not {sort!r}")
        view_ = cohort_view(report, group, progress, framework, generated, sort, psychometrics)
        return render(kind, f"cohort.{suffix}", view=view_)
    raise TypeError(
        f"expected a GapReport or a CohortReport, not {type(report).__name__}"
    )


def render_people(
    people: Iterable[tuple[GapReport, ScoreSheet, Assessment | None]],
    kind: Format = "html",
    *,
    framework: Framework | None = None,
    names: Mapping[str, str] | None = None,
    date: datetime.date | None = None,
) -> list[tuple[str, str]]:
    """Each person's report as ``(file name, text)``, named by subject id (``SUBJECT.html``
    or ``.md``), then ``index.html`` linking them; templates are compiled once for all.
    ``people`` holds (GapReport, ScoreSheet, Assessment or None) per person; ``names`` maps
    subject ids to display names (``read_names`` reads a names file). InvalidDocument when a
    subject comes twice or a report does not fit its sheet."""
    from leadcomp.reports._people import render_people as _render_people

    return _render_people(people, kind, framework=framework, names=names, date=date)


def read_names(path: str | os.PathLike[str]) -> dict[str, str]:
    """A names file (CSV: subject id, display name; an optional header row) as a dict;
    InvalidDocument with every Problem found."""
    from leadcomp.reports._people import read_names as _read_names

    return _read_names(path)


def _mismatch(message: str) -> InvalidDocument:
    return InvalidDocument([problem("report-mismatch", message)])


def _check_sheet(report: GapReport, sheet: ScoreSheet | None) -> ScoreSheet:
    if sheet is None:
        raise InvalidDocument(
            [
                problem(
                    "sheet-needed",
                    "a person's report needs the ScoreSheet the GapReport was made from "
                    "(render_html(report, sheet))",
                )
            ]
        )
    if (sheet.subject, sheet.framework) != (report.subject, report.framework) or (
        sheet.policy.id != report.policy
    ):
        raise _mismatch(
            f"the score sheet (subject {sheet.subject!r}, {sheet.framework}, policy "
            f"{sheet.policy.id!r}) is not the one the gap report was made from (subject "
            f"{report.subject!r}, {report.framework}, policy {report.policy!r})"
        )
    return sheet


def _framework(ref: str, framework: Framework | None) -> Framework:
    if framework is None:

        return builtin_framework(ref)
    if framework.ref != ref:
        raise InvalidDocument(
            [
                problem(
                    "framework-mismatch",
                    f"the report was made against {ref}, but the framework given is "
                    f"{framework.ref}; give {ref} (or leave it out to use the built-in one)",
                    ("framework",),
                )
            ]
        )
    return framework


def _builtin(ref: str) -> Framework | None:
    try:
        return builtin_framework(ref)
    except InvalidDocument:
        return None


def _check_people(report: CohortReport, people: list[GapReport]) -> None:
    for index, person in enumerate(people):
        if not isinstance(person, GapReport):
            raise TypeError(f"people[{index}] is a {type(person).__name__}, not a GapReport")
        if (person.role, person.compare) != (report.role, report.compare):
            raise _mismatch(
                f"people[{index}] ({person.subject}) is a report on role {person.role!r} "
                f"comparing {person.compare}, but the cohort report is on role "
                f"{report.role!r} comparing {report.compare}"
            )


__all__ = [
    "FORMATS",
    "HEATMAP_ORDERS",
    "HeatmapOrder",
    "escape_markdown",
    "read_names",
    "render_html",
    "render_markdown",
    "render_people",
    "render_report",
]
