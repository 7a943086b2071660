"""The text of a cohort's psychometrics: the item report, and the rater reliability and group
comparison section."""

from __future__ import annotations

from collections.abc import Sequence

from leadcomp.model import Framework
from leadcomp.problems import printable
from leadcomp.reports._gap_text import short, table, wrap
from leadcomp.scoring._anonymity import label

TYPE_CHECKING = False
if TYPE_CHECKING:
    from leadcomp.cohort._items import (
        GroupComparison,
        GroupReliability,
        IndicatorFigures,
        ItemReport,
    )


def render_items_text(report: ItemReport, framework: Framework) -> str:
    """The item report as text: per competency its alpha, then a table of its indicators."""
    lines = [
        f"Item analysis: {report.people} people on {report.framework} "
        f"(policy {report.policy!r})",
    ]
    lines += wrap(
        "Each person's score on an indicator is the mean of their raters in the groups shown "
        "at its competency (self left out; withheld groups never read). alpha: Cronbach's "
        "alpha across people with a score on every indicator; r.drop: correlation with the "
        "total of the other indicators; if dropped: alpha without it; n/o: share of answers "
        "'not observed'; floor/ceiling: share of valid answers at the lowest/highest level. "
        "Flags: ! r.drop under 0.3; + alpha rises when the indicator is dropped.",
        "    ",
        "",
    )
    by_competency: dict[str, list[IndicatorFigures]] = {}
    for figures in report.indicators:
        by_competency.setdefault(figures.competency, []).append(figures)
    for competency in report.competencies:
        alpha = (
            f"alpha {competency.alpha:.2f} ({competency.people} people, {competency.items} "
            "indicators)"
            if competency.alpha is not None
            else f"no alpha: {competency.reason}"
        )
        lines += ["", f"{short(competency.title, 60)}: {alpha}"]
        rows = [["indicator", "n", "mean", "SD", "r.drop", "if dropped", "n/o", "floor",
                 "ceiling", "flags"]]
        for f in by_competency.get(competency.competency, []):
            rows.append(
                [
                    short(f.text, 40) + (" (R)" if f.reverse else ""),
                    str(f.people),
                    _num(f.mean),
                    _num(f.sd),
                    _num(f.r_drop),
                    _num(f.alpha_if_deleted),
                    _share(f.not_observed),
                    _share(f.floor),
                    _share(f.ceiling),
                    " ".join(_FLAG[x] for x in f.flags),
                ]
            )
        lines += table(rows, [False, True, True, True, True, True, True, True, True, False])
    del framework
    return printable("\n".join(lines)) + "\n"


_FLAG = {"low_r_drop": "!", "alpha_rises_when_dropped": "+"}


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


# --- rater reliability across a cohort -----------------------------------------------------


def psychometrics_lines(
    items: ItemReport | None,
    reliability: Sequence[GroupReliability],
    comparison: Sequence[GroupComparison] = (),
) -> list[str]:
    """The psychometrics section of a cohort's text report: alpha across people per
    competency and the weak indicators, then ICC(1) per rater group and competency."""
    lines: list[str] = []
    if items is not None:
        lines += ["Items across people (leadcomp items gives every indicator)"]
        rows = [["competency", "people", "indicators", "alpha", "weak indicators"]]
        weak: dict[str, int] = {}
        for f in items.indicators:
            weak[f.competency] = weak.get(f.competency, 0) + bool(f.flags)
        for c in items.competencies:
            rows.append([
                short(c.title), str(c.people), str(c.items),
                "-" if c.alpha is None else f"{c.alpha:.2f}", str(weak.get(c.competency, 0)),
            ])
        lines += table(rows, [False, True, True, True, True])
        lines += wrap(
            "alpha: Cronbach's alpha across people, each person's indicator scores from the "
            "rater groups shown at that competency (self left out); weak: r.drop under 0.3 or "
            "alpha rising when dropped",
            "    ",
            "",
        )
    if reliability:
        lines += ["", "Rater reliability: ICC(1) per rater group (raters nested in people)"]
        rows = [["group", "competency", "people", "raters", "ICC(1)", "for 0.70", "for 0.80"]]
        for r in reliability:
            rows.append([
                label(r.group), short(r.title), str(r.people), str(r.raters),
                "-" if r.icc1 is None else f"{r.icc1:.2f}",
                "-" if r.raters_70 is None else str(r.raters_70),
                "-" if r.raters_80 is None else str(r.raters_80),
            ])
        lines += table(rows, [False, False, True, True, True, True, True])
        lines += wrap(
            "ICC(1): the reliability of one rater of the group (Bliese 2000), from the shown "
            "groups' means and SDs of people with 2 or more such raters; for 0.70 / 0.80: "
            "raters of the group needed to reach that reliability (Spearman-Brown)",
            "    ",
            "",
        )
    if comparison:
        lines += ["", "Rater groups compared (mean across the people where the group is shown)"]
        rows = [["group", "competency", "people", "mean", "vs all others"]]
        for g in comparison:
            rows.append([
                label(g.group), short(g.title), str(g.people), f"{g.mean:.2f}",
                "-" if g.difference is None else f"{g.difference:+.2f}",
            ])
        lines += table(rows, [False, False, True, True, True])
        lines += wrap(
            "vs all others: the mean, over the people with both, of the group's score minus "
            "the same person's all-others score (positive: the group rates higher)",
            "    ",
            "",
        )
    return lines
