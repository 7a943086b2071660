"""Cohort and progress reports as text people read in a terminal (two decimals, at
presentation only)."""

from __future__ import annotations

from leadcomp.model._cohort import ChangeSummary, CohortReport, Distribution, ProgressReport
from leadcomp.problems import printable
from leadcomp.reports._gap_text import number, short, table, wrap
from leadcomp.reports._psychometrics_text import psychometrics_lines, render_items_text
from leadcomp.scoring._anonymity import label

TYPE_CHECKING = False
if TYPE_CHECKING:
    from leadcomp.cohort._items import GroupComparison, GroupReliability, ItemReport
    from leadcomp.model import Framework


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _spread(d: Distribution | None) -> str:
    return "-" if d is None else f"{d.q1:.2f} to {d.q3:.2f}"


def _signed(value: float | None) -> str:
    return "-" if value is None else f"{value:+.2f}"


def _interval(change: ChangeSummary) -> str:
    return "-" if change.ci is None else f"{change.ci[0]:+.2f} to {change.ci[1]:+.2f}"


def _band(low: float, high: float) -> str:
    return f"{low:g} to {high:g}"


def render_cohort_text(report: CohortReport) -> str:
    """A readable cohort report: fit, a table per requirement, the Borich ranking, the gap
    histograms, the notes, and the progress since the baseline when there is one."""
    lines = [
        f"Cohort report: {report.people} people against {report.role_title} ({report.role})",
        f"On {', '.join(report.frameworks)}; achieved = {label(report.compare)}",
    ]
    if report.fit is not None and report.mean_fit is not None:
        lines += wrap(
            f"Fit: mean {report.mean_fit:.2f}, median {report.fit.median:.2f} (quartiles "
            f"{_spread(report.fit)}, range {report.fit.min:.2f} to {report.fit.max:.2f}); "
            f"{report.all_met} of {report.people} meet every requirement",
            "    ",
            "",
        )
    rows = [["competency", "required", "n", "met", "mean gap", "median", "middle half", "MWDS",
             "need"]]
    for c in report.competencies:
        rows.append(
            [
                short(c.title) + (" *" if c.essential else ""),
                str(c.required),
                str(c.n),
                _share(c.share_met),
                number(c.mean_gap),
                number(None if c.gaps is None else c.gaps.median),
                _spread(c.gaps),
                number(c.mwds),
                "-" if c.borich_rank is None else str(c.borich_rank),
            ]
        )
    lines += ["", *table(rows, [False, True, True, True, True, True, True, True, True])]
    lines.append(
        "* essential   met: share of people with evidence at or above the required level"
    )
    lines += wrap(
        "MWDS: Borich mean weighted discrepancy score, (required - achieved) x the "
        "competency's importance in the role (Borich 1980); need ranks it, 1 = greatest "
        "training need",
        "    ",
        "",
    )
    lines += ["", "Gaps, people per band (a band includes its upper end)"]
    for c in report.competencies:
        bands = ", ".join(f"{_band(b.low, b.high)}: {b.count}" for b in c.histogram) or "-"
        lines += wrap(f"{short(c.title)}: {bands}", "      ", "  ")
    if report.notes:
        lines += ["", "Data quality"]
        for note in report.notes:
            lines += wrap(note.message, "    ", "  - ")
    if report.progress is not None:
        lines += ["", *progress_lines(report.progress)]
    return printable("\n".join(lines)) + "\n"


def progress_lines(report: ProgressReport) -> list[str]:
    """The progress section: per competency the paired change, d_z and its interval."""
    confidence = f"{report.confidence * 100:g}% CI"
    lines = [
        f"Progress since the baseline: {report.paired} people in both rounds; "
        f"achieved = {label(report.compare)}"
    ]
    rows = [["competency", "pairs", "baseline", "follow-up", "change", "d_z", confidence]]
    named = [(c.title or c.competency, c.change) for c in report.competencies]
    if report.fit is not None:
        named.append(("Fit", report.fit))
    for title, change in named:
        rows.append(
            [
                short(title),
                str(change.n),
                number(change.mean_baseline),
                number(change.mean_followup),
                _signed(change.mean_change),
                number(change.effect_size),
                _interval(change),
            ]
        )
    lines += table(rows, [False, True, True, True, True, True, True])
    lines.append("d_z: mean change / SD of the changes (paired effect size)")
    used = [c for c in report.competencies if c.reliability is not None and c.sd is not None]
    if used:
        lines += ["", "Reliable change per person (Jacobson-Truax)"]
        rows = [["competency", "reliability", "SD", "reliably up", "reliably down"]]
        for c in used:
            rows.append([
                short(c.title or c.competency), number(c.reliability), number(c.sd),
                str(c.reliable_up), str(c.reliable_down),
            ])
        lines += table(rows, [False, True, True, True, True])
        titles = {c.competency: c.title or c.competency for c in report.competencies}
        for person in report.people:
            said = [
                f"{short(titles[ch.competency])} {ch.reliable_change:+.2f}"
                + ("*" if ch.reliable else "")
                for ch in person.changes
                if ch.reliable_change is not None
            ]
            if said:
                lines += wrap(f"{person.subject}: {'; '.join(said)}", "      ", "  ")
        lines += wrap(
            "RCI = change / (sqrt(2) SD sqrt(1 - reliability)), SD of the baseline scores of "
            "the people in both rounds; * reliable (|RCI| > 1.96)",
            "    ",
            "",
        )
    if report.missing_followup:
        lines += wrap(
            f"No follow-up ({len(report.missing_followup)}): "
            + ", ".join(report.missing_followup),
            "    ",
            "",
        )
    if report.missing_baseline:
        lines += wrap(
            f"No baseline ({len(report.missing_baseline)}): "
            + ", ".join(report.missing_baseline),
            "    ",
            "",
        )
    return lines


def render_progress_text(report: ProgressReport) -> str:
    """A readable progress report."""
    return printable("\n".join(progress_lines(report))) + "\n"


__all__ = ["render_cohort_text", "render_progress_text"]


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
