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

from leadcomp._lazy import face as _face

TYPE_CHECKING = False
if TYPE_CHECKING:  # the public names, each imported on first use
    from leadcomp.reports._cohort_text import (
        cohort_text as cohort_text,
        items_text as items_text,
    )
    from leadcomp.reports._env import (
        HEATMAP_ORDERS as HEATMAP_ORDERS,
        Format as Format,
        HeatmapOrder as HeatmapOrder,
        escape_markdown as escape_markdown,
    )
    from leadcomp.reports._gap_text import gap_text as gap_text
    from leadcomp.reports._people import (
        INDEX as INDEX,
        page_name as page_name,
        read_names as read_names,
        render_people as render_people,
    )
    from leadcomp.reports._render import (
        FORMATS as FORMATS,
        check_format as check_format,
        render_html as render_html,
        render_markdown as render_markdown,
        render_report as render_report,
    )


__getattr__, __dir__ = _face(__name__, globals())
