"""Gap figures for a cohort: JSON Lines of assessments, each scored and compared with a role.

Prints, per requirement, the share of people meeting it, the mean and spread of the gaps and
the Borich needs ranking; with ``--baseline``, also each competency's change since the baseline
round (paired by subject, with Cohen's d_z and a confidence interval) and who is missing from
either round. ``-o json`` prints the cohort report (schema: ``leadcomp schema cohort-report``).
A bad line is reported as file:line: code: path: message and the others are still counted; a
subject on a second line is reported (duplicate-subject, naming both lines) and counted once.
Exit status: 0 when every line was used, 1 when any failed, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from attrs import frozen

from leadcomp.cli.gap import Stop, add_output_file_arguments, add_role_arguments, say, setup, write
from leadcomp.problems import printable_name as _n

if TYPE_CHECKING:
    from leadcomp.cohort._items import (
        GroupComparison,
        GroupReliability,
        ItemReport,
        ReliabilityTally,
    )
    from leadcomp.model import Framework, RoleProfile, ScoringPolicy
    from leadcomp.model._cohort import CohortReport, ProgressReport
    from leadcomp.model._gaps import GapReport


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    parser.add_argument(
        "input", metavar="COHORT_JSONL", help="JSON Lines: one assessment per line"
    )
    add_role_arguments(parser)
    parser.add_argument(
        "--baseline", metavar="BASELINE_JSONL",
        help="an earlier round (JSON Lines of assessments): adds the progress since then",
    )
    parser.add_argument(
        "-o", "--output", choices=("text", "json"), default="text",
        help="a report to read (text) or the cohort report as JSON (default: text)",
    )
    parser.add_argument(
        "--items", action="store_true",
        help="also the item analysis across people (text output): a second pass over the "
        "cohort that keeps each person's indicator scores, so the cohort no longer streams in "
        "constant memory",
    )
    add_output_file_arguments(parser)


class _Round:
    """Gap reports of one JSON Lines file, streamed; counts what failed."""

    def __init__(
        self,
        path: str,
        role: RoleProfile,
        framework: Framework,
        policy: ScoringPolicy,
        compare: str,
    ) -> None:
        self.path = path
        self.role = role
        self.framework = framework
        self.policy = policy
        self.compare = compare
        self.done = 0
        self.failed = 0
        #: Gathers the shown groups' figures for the rater reliability, where given.
        self.tally: ReliabilityTally | None = None

    def reports(self) -> Iterator[GapReport]:
        from leadcomp.gaps import gap
        from leadcomp.problems import InvalidDocument
        from leadcomp.read._jsonl import Line, read_lines
        from leadcomp.scoring._batch import try_score_many

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
                say(result.problems)
                continue
            subject = result.sheet.subject
            number = numbers[result.index]
            if self.tally is not None and subject not in lines:
                self.tally.add(result.sheet)
            first = lines.setdefault(subject, number)
            if first != number:
                self.failed += 1
                print(
                    f"{self.path}:{number}: duplicate-subject: subject {subject!r} "
                    f"is also on line {first}; a cohort counts each person once (merge "
                    "their assessments into one, as leadcomp convert does for several "
                    "survey exports); this line is not counted",
                    file=sys.stderr,
                )
                continue
            try:
                yield gap(result.sheet, self.role, self.framework, compare=self.compare)
            except InvalidDocument as invalid:
                self.failed += 1
                where = f"{self.path}:{result.index + 1}"
                for p in invalid.problems:
                    print(f"{_n(where)}: {p.code}: {p.message}", file=sys.stderr)

    def summary(self) -> None:
        failed = f", {self.failed} failed" if self.failed else ""
        print(
            f"{self.path}: {self.done - self.failed} of {self.done} assessment"
            f"{'s' if self.done != 1 else ''} compared with the role{failed}",
            file=sys.stderr,
        )


def _slim(report: GapReport) -> GapReport:
    """What progress needs of a report: subject, framework, role, achieved levels and fit."""
    from attrs import evolve

    return evolve(
        report,
        plan=(),
        flags=(),
        notes=(),
        requirements=tuple(evolve(row, comments=()) for row in report.requirements),
    )


def run(args: argparse.Namespace) -> int:
    """Score and compare every line, then write the cohort (and progress) report."""
    from leadcomp.documents._reports import dumps_report
    from leadcomp.reports._cohort_text import render_cohort_text

    try:
        role, framework, policy = setup(args)
    except Stop as stop:
        return stop.status
    found = cohort_run(args, "cohort", role, framework, policy)
    if isinstance(found, int):
        return found
    report = found.report
    if found.progress is not None:
        from attrs import evolve

        report = evolve(report, progress=found.progress)
    if args.output == "json":
        text = dumps_report(report)
    else:
        from leadcomp.problems import printable
        from leadcomp.reports._psychometrics_text import psychometrics_lines

        text = render_cohort_text(report)
        extra = psychometrics_lines(found.items, found.reliability, found.comparison)
        if extra:
            text += "\n" + printable("\n".join(extra)) + "\n"
    return write(args, text) or found.status


@frozen
class CohortRun:
    """What a cohort command found: the framework scored against, the cohort report, the
    follow-up round's people (slim reports, where kept), the progress since the baseline
    where one was given, and the exit status."""

    framework: Framework
    report: CohortReport
    people: list[GapReport]
    progress: ProgressReport | None
    status: int
    #: Item analysis across the follow-up round's people, and rater reliability per group.
    items: ItemReport | None = None
    reliability: tuple[GroupReliability, ...] = ()
    comparison: tuple[GroupComparison, ...] = ()


def cohort_run(
    args: argparse.Namespace,
    command: str,
    role: RoleProfile,
    framework: Framework | None,
    policy: ScoringPolicy,
    *,
    people: bool = False,
) -> CohortRun | int:
    """Score and compare every line of ``args.input`` (and of ``args.baseline``), saying on
    stderr what failed and how many lines each round used; the exit status on a usage error
    or when the cohort cannot be reported.

    The follow-up round's people are kept (slim) with ``people`` or a baseline, which needs
    them; otherwise the cohort streams in constant memory.
    """
    from leadcomp.cohort import cohort_gaps, progress
    from leadcomp.model._policy import OTHER_GROUPS
    from leadcomp.problems import InvalidDocument

    choices = ["all_others", "self", *OTHER_GROUPS, policy.merge.into]
    if args.compare not in choices:
        print(
            f"leadcomp {command}: error: --compare: cannot compare {args.compare!r}: choose "
            f"one of {', '.join(choices)}",
            file=sys.stderr,
        )
        return 2
    framework, status = cohort_framework(args, role, framework)
    if framework is None:
        return status
    from leadcomp.cohort._items import ReliabilityTally

    rounds = [_Round(args.input, role, framework, policy, args.compare)]
    tally = rounds[0].tally = ReliabilityTally()
    baseline: list[GapReport] = []
    if args.baseline is not None:
        rounds.insert(0, _Round(args.baseline, role, framework, policy, args.compare))
        baseline = [_slim(r) for r in rounds[0].reports()]
    kept: list[GapReport] = []
    keep = people or args.baseline is not None

    def followup() -> Iterator[GapReport]:
        for report in rounds[-1].reports():
            if keep:
                kept.append(_slim(report))
            yield report

    try:
        report = cohort_gaps(followup())
        change = (
            progress(baseline, kept, reliability=_baseline_alphas(args.baseline, framework,
                                                                 policy))
            if args.baseline is not None
            else None
        )
    except InvalidDocument as invalid:
        for r in rounds:
            r.summary()
        for p in invalid.problems:
            print(f"{_n(args.input)}: {p.code}: {p.message}", file=sys.stderr)
        return 1
    for r in rounds:
        r.summary()
    failed = any(r.failed for r in rounds)
    from leadcomp.cli.items import assessment_pairs
    from leadcomp.cohort._items import group_comparison, item_report

    items = None
    if people or getattr(args, "items", False):  # a second pass, holding every person's scores
        items = item_report(assessment_pairs(args.input, framework, policy), framework)
    return CohortRun(
        framework, report, kept, change, 1 if failed else 0, items, tally.finish(framework),
        group_comparison(tally, framework),
    )


def _baseline_alphas(
    path: str, framework: Framework, policy: ScoringPolicy
) -> dict[str, float]:
    """Per competency with indicators, Cronbach's alpha across the baseline round's people
    (as ``leadcomp items`` computes it), where it lies in [0, 1): the reliability the
    reliable change indices use."""
    from leadcomp.cli.items import assessment_pairs
    from leadcomp.cohort._items import item_report

    found = item_report(assessment_pairs(path, framework, policy), framework)
    return {
        c.competency: c.alpha
        for c in found.competencies
        if c.alpha is not None and 0.0 <= c.alpha < 1.0
    }


def cohort_framework(
    args: argparse.Namespace, role: RoleProfile, framework: Framework | None
) -> tuple[Framework | None, int]:
    """The framework a cohort is scored against (the role's when none was given), checked to fit
    the role, with the input rounds checked readable; else None and the exit status."""
    from leadcomp.gaps import check_compatible, role_framework
    from leadcomp.problems import InvalidDocument

    if framework is None:
        try:
            framework = role_framework(role)
        except InvalidDocument as invalid:
            say(invalid.problems, args.role)
            return None, 2
    try:
        check_compatible(framework.ref, role, what="the framework given is")
    except InvalidDocument as invalid:
        say(invalid.problems, args.role)
        return None, 1
    for path in (args.input, args.baseline):
        if path is None:
            continue
        try:
            open(path, "rb").close()
        except OSError as error:
            print(f"{_n(path)}: unreadable: {error.strerror or error}", file=sys.stderr)
            return None, 1
    return framework, 0
