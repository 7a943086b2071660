"""A cohort read from JSON Lines of assessments: each line scored and compared with a role, the
cohort report, the progress since a baseline round, and the item analysis across people.

What goes wrong on a line is said, in input order, in the messages of the result (as
``file:line: code: ...`` lines), and the line is left out of the figures: nothing is dropped
silently.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from attrs import evolve, frozen

from leadcomp.cohort._items import (
    GroupComparison,
    GroupReliability,
    ItemReport,
    ReliabilityTally,
    group_comparison,
    item_report,
)
from leadcomp.cohort._summary import cohort_gaps, progress
from leadcomp.formats._dispatch import load
from leadcomp.gaps import gap
from leadcomp.model import Assessment, Framework, RoleProfile, ScoringPolicy
from leadcomp.model._cohort import CohortReport, ProgressReport
from leadcomp.model._gaps import GapReport
from leadcomp.model._results import ScoreSheet
from leadcomp.problems import InvalidDocument, Problem, printable_name as _n
from leadcomp.read._jsonl import Line, read_lines
from leadcomp.scoring import score
from leadcomp.scoring._batch import _locate, try_score_many

Path = str | os.PathLike[str]


def scored_lines(
    path: Path, framework: Framework, policy: ScoringPolicy
) -> Iterator[tuple[Assessment, ScoreSheet] | str]:
    """Each line's assessment and score sheet, in input order, or the message saying what is
    wrong with the line (``file:line: code: message``; a subject seen on an earlier line is one
    too, as ``duplicate-subject``: each person counts once)."""
    seen: dict[str, int] = {}
    for line in read_lines(path):
        where = _n(f"{path}:{line.number}")
        try:
            assessment = load(line.data, kind="assessment")
            if not isinstance(assessment, Assessment):  # pragma: no cover - kind checked
                raise AssertionError("not an assessment")
            sheet = score(assessment, framework, policy)
        except InvalidDocument as invalid:
            yield "\n".join(f"{where}: {p.code}: {p.message}" for p in invalid.problems)
            continue
        first = seen.setdefault(sheet.subject, line.number)
        if first != line.number:
            yield (
                f"{where}: duplicate-subject: subject {sheet.subject!r} is also on line "
                f"{first}; each person counts once, so this line is not used"
            )
            continue
        yield assessment, sheet


def assessment_pairs(
    path: Path, framework: Framework, policy: ScoringPolicy
) -> Iterator[tuple[Assessment, ScoreSheet]]:
    """The (assessment, score sheet) pairs of a JSON Lines file, leaving out the lines
    ``scored_lines`` has a message for (read those with ``scored_lines``)."""
    for found in scored_lines(path, framework, policy):
        if not isinstance(found, str):
            yield found


def baseline_alphas(
    path: Path, framework: Framework, policy: ScoringPolicy
) -> dict[str, float]:
    """Per competency with indicators, Cronbach's alpha across the people of a round (JSON
    Lines of assessments), as ``leadcomp items`` computes it, where it lies in [0, 1): the
    reliability the reliable change indices of ``progress`` use."""
    found = item_report(assessment_pairs(path, framework, policy), framework)
    return {
        c.competency: c.alpha
        for c in found.competencies
        if c.alpha is not None and 0.0 <= c.alpha < 1.0
    }


@frozen
class RoundCount:
    """How many lines of one round's file were read, and how many of them failed."""

    path: str
    done: int
    failed: int

    def summary(self) -> str:
        """The round in words: 'FILE: 9 of 10 assessments compared with the role, 1 failed'."""
        failed = f", {self.failed} failed" if self.failed else ""
        return (
            f"{self.path}: {self.done - self.failed} of {self.done} assessment"
            f"{'s' if self.done != 1 else ''} compared with the role{failed}"
        )


class _Round:
    """Gap reports of one JSON Lines file, streamed; counts what failed and says why."""

    def __init__(
        self,
        path: str,
        role: RoleProfile,
        framework: Framework,
        policy: ScoringPolicy,
        compare: str,
        messages: list[str],
    ) -> None:
        self.path = path
        self.role = role
        self.framework = framework
        self.policy = policy
        self.compare = compare
        self.messages = messages
        self.done = 0
        self.failed = 0
        #: Gathers the shown groups' figures for the rater reliability, where given.
        self.tally: ReliabilityTally | None = None

    def reports(self) -> Iterator[GapReport]:
        lines: dict[str, int] = {}
        numbers: list[int] = []

        def numbered() -> Iterator[Line]:
            for line in read_lines(self.path):
                numbers.append(line.number)
                yield line

        for result in try_score_many(numbered(), self.framework, self.policy):
            self.done += 1
            if result.sheet is None:
                self.failed += 1
                self.messages.extend(str(p) for p in result.problems)
                continue
            subject = result.sheet.subject
            number = numbers[result.index]
            if self.tally is not None and subject not in lines:
                self.tally.add(result.sheet)
            first = lines.setdefault(subject, number)
            if first != number:
                self.failed += 1
                self.messages.append(
                    f"{self.path}:{number}: duplicate-subject: subject {subject!r} "
                    f"is also on line {first}; a cohort counts each person once (merge "
                    "their assessments into one, as leadcomp convert does for several "
                    "survey exports); this line is not counted"
                )
                continue
            try:
                yield gap(result.sheet, self.role, self.framework, compare=self.compare)
            except InvalidDocument as invalid:
                self.failed += 1
                where = f"{self.path}:{result.index + 1}"
                self.messages.extend(
                    f"{_n(where)}: {p.code}: {p.message}" for p in invalid.problems
                )

    def count(self) -> RoundCount:
        return RoundCount(self.path, self.done, self.failed)


def _slim(report: GapReport) -> GapReport:
    """What progress needs of a report: subject, framework, role, achieved levels and fit."""
    return evolve(
        report,
        plan=(),
        flags=(),
        notes=(),
        requirements=tuple(evolve(row, comments=()) for row in report.requirements),
    )


@frozen
class CohortAnalysis:
    """What ``analyse_cohort`` found.

    ``report`` is the cohort report (``full_report`` has the ``progress`` in it), or None
    when no report could be made (``problems`` then say why). ``messages`` say, in input
    order, what was wrong with each line left out; ``rounds`` count each file's lines (the
    baseline's first). ``people`` are the follow-up round's gap reports, slimmed to what
    progress needs, where kept."""

    framework: Framework
    report: CohortReport | None
    people: tuple[GapReport, ...] = ()
    progress: ProgressReport | None = None
    #: Item analysis across the follow-up round's people, where asked for.
    items: ItemReport | None = None
    #: Rater reliability per rater group, and the comparison of the groups.
    reliability: tuple[GroupReliability, ...] = ()
    comparison: tuple[GroupComparison, ...] = ()
    messages: tuple[str, ...] = ()
    rounds: tuple[RoundCount, ...] = ()
    problems: tuple[Problem, ...] = ()

    def full_report(self, *, psychometrics: bool = False) -> CohortReport | None:
        """The cohort report with the progress since the baseline in it, where there is one;
        with ``psychometrics``, also the item analysis (where made), the rater reliability and
        the rater-group comparison, as the text report shows them (cohort report format
        1.1)."""
        if self.report is None:
            return None
        report = self.report
        if self.progress is not None:
            report = evolve(report, progress=self.progress)
        if psychometrics:
            report = evolve(
                report, items=self.items, reliability=self.reliability,
                comparison=self.comparison,
            )
        return report

    @property
    def failed(self) -> bool:
        """Whether any line was left out or no report could be made."""
        return bool(self.problems) or any(r.failed for r in self.rounds)


def analyse_cohort(
    path: str,
    role: RoleProfile,
    framework: Framework,
    policy: ScoringPolicy,
    *,
    compare: str = "all_others",
    baseline: str | None = None,
    people: bool = False,
    items: bool = False,
) -> CohortAnalysis:
    """Score every line of ``path`` (JSON Lines of assessments) against ``framework`` under
    ``policy``, compare each with ``role`` and summarise the cohort; with ``baseline`` (an
    earlier round's file) also the progress since then, with the baseline's alphas for the
    reliable change indices.

    The follow-up round's people are kept (slim) with ``people`` or a baseline, which needs
    them; otherwise the cohort streams in constant memory. With ``people`` or ``items``, a
    second pass makes the item analysis across people. A subject seen twice in a round counts
    once (the later line is reported and left out).
    """
    messages: list[str] = []
    rounds = [_Round(path, role, framework, policy, compare, messages)]
    tally = rounds[0].tally = ReliabilityTally()
    earlier: list[GapReport] = []
    if baseline is not None:
        rounds.insert(0, _Round(baseline, role, framework, policy, compare, messages))
        earlier = [_slim(r) for r in rounds[0].reports()]
    kept: list[GapReport] = []
    keep = people or baseline is not None

    def followup() -> Iterator[GapReport]:
        for report in rounds[-1].reports():
            if keep:
                kept.append(_slim(report))
            yield report

    try:
        report = cohort_gaps(followup())
        change = (
            progress(earlier, kept, reliability=baseline_alphas(baseline, framework, policy))
            if baseline is not None
            else None
        )
    except InvalidDocument as invalid:
        return CohortAnalysis(
            framework, None, messages=tuple(messages),
            rounds=tuple(r.count() for r in rounds), problems=tuple(invalid.problems),
        )
    found_items = None
    if people or items:  # a second pass, holding every person's scores
        found_items = item_report(assessment_pairs(path, framework, policy), framework)
    return CohortAnalysis(
        framework,
        report,
        tuple(kept),
        change,
        found_items,
        tally.finish(framework),
        group_comparison(tally, framework),
        tuple(messages),
        tuple(r.count() for r in rounds),
    )


@frozen
class PersonReports:
    """What ``person_reports`` found: per valid line its gap report, score sheet and
    assessment; the Problems of the lines left out (placed on their lines); and each subject's
    line numbers."""

    people: tuple[tuple[GapReport, ScoreSheet, Assessment], ...]
    problems: tuple[tuple[Problem, ...], ...]
    lines: dict[str, list[int]]

    def twice(self) -> dict[str, list[int]]:
        """The subjects on more than one line, with their line numbers."""
        return {s: numbers for s, numbers in self.lines.items() if len(numbers) > 1}


def person_reports(
    path: str,
    role: RoleProfile,
    framework: Framework,
    policy: ScoringPolicy,
    *,
    compare: str = "all_others",
) -> PersonReports:
    """Every line of ``path`` (JSON Lines of assessments) scored and compared with ``role``,
    for a page per person; a line that fails gives its Problems instead."""
    people = []
    failed = []
    lines: dict[str, list[int]] = {}
    for line in read_lines(path):
        try:
            assessment = load(line.data, kind="assessment")
            if not isinstance(assessment, Assessment):  # pragma: no cover - kind checked
                raise AssertionError("not an assessment")
            sheet = score(assessment, framework, policy)
            report = gap(sheet, role, framework, compare=compare)
        except InvalidDocument as invalid:
            failed.append(_locate(invalid.problems, line))
            continue
        lines.setdefault(report.subject, []).append(line.number)
        people.append((report, sheet, assessment))
    return PersonReports(tuple(people), tuple(failed), lines)
