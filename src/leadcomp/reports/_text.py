"""Reports as plain text, for a terminal: a person's gap, a cohort, an item analysis."""

from __future__ import annotations

from leadcomp.cohort._items import GroupComparison, GroupReliability, ItemReport
from leadcomp.model import Framework
from leadcomp.model._cohort import CohortReport
from leadcomp.model._gaps import GapReport
from leadcomp.model._norms import Norms
from leadcomp.model._results import ScoreSheet
from leadcomp.problems import printable
from leadcomp.reports._cohort_text import render_cohort_text
from leadcomp.reports._gap_text import render_gap_text
from leadcomp.reports._psychometrics_text import (
    norms_lines,
    psychometrics_lines,
    render_items_text,
)


def gap_text(
    report: GapReport,
    framework: Framework | None = None,
    *,
    norms: Norms | None = None,
    sheet: ScoreSheet | None = None,
) -> str:
    """A gap report as text: requirements, priorities, blind spots and notes; with ``norms``
    and the person's score ``sheet`` (both or neither), also each competency's percentile in
    the norms."""
    text = render_gap_text(report, framework)
    if norms is not None:
        if sheet is None or framework is None:
            raise TypeError("norms need the score sheet and the framework")
        titles = {c.id: c.title for _, c in framework.walk()}
        text += "\n" + printable("\n".join(norms_lines(norms, sheet, titles))) + "\n"
    return text


def cohort_text(
    report: CohortReport,
    *,
    items: ItemReport | None = None,
    reliability: tuple[GroupReliability, ...] = (),
    comparison: tuple[GroupComparison, ...] = (),
) -> str:
    """A cohort report as text (with its progress, where it holds one); with an item analysis,
    rater reliability per group or a comparison of the groups, also their figures."""
    text = render_cohort_text(report)
    extra = psychometrics_lines(items, reliability, comparison)
    if extra:
        text += "\n" + printable("\n".join(extra)) + "\n"
    return text


def items_text(report: ItemReport, framework: Framework) -> str:
    """An item analysis as text: per competency its alpha, per indicator its figures and
    flags."""
    return render_items_text(report, framework)
