"""Reports people read: self-contained HTML (inline SVG charts, no script) and Markdown, and
plain text for a terminal.

``render_html(gap_report, sheet)`` and ``render_markdown(gap_report, sheet)`` make one person's
report from a GapReport and the ScoreSheet it was made from; ``render_html(cohort_report,
people=gap_reports)`` makes a cohort's, with a heatmap of the people's gaps and, when there is
a ProgressReport, the change since the baseline. Templates use Jinja2 with autoescaping (the
``report`` extra); everything shown comes from the result objects, so a report shows exactly
the groups, figures and comments the score sheet shows, and never a rater. ``gap_text``,
``cohort_text`` and ``items_text`` write the terminal's reports.
"""

from __future__ import annotations

from leadcomp.reports._env import HEATMAP_ORDERS, Format, HeatmapOrder, escape_markdown
from leadcomp.reports._people import INDEX, page_name, read_names, render_people
from leadcomp.reports._render import (
    FORMATS,
    check_format,
    render_html,
    render_markdown,
    render_report,
)
from leadcomp.reports._text import cohort_text, gap_text, items_text

__all__ = [
    "FORMATS",
    "HEATMAP_ORDERS",
    "INDEX",
    "Format",
    "HeatmapOrder",
    "check_format",
    "cohort_text",
    "escape_markdown",
    "gap_text",
    "items_text",
    "page_name",
    "read_names",
    "render_html",
    "render_markdown",
    "render_people",
    "render_report",
]
