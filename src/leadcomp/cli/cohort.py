"""Gap figures for a cohort: JSON Lines of assessments, each scored and compared with a role.

Prints, per requirement, the share of people meeting it, the mean and spread of the gaps and
the Borich needs ranking; with ``--baseline``, also each competency's change since the baseline
round (paired by subject, with Cohen's d_z and a confidence interval) and who is missing from
either round; the rater reliability (ICC(1), raters needed for 0.70 and 0.80) and the rater-group
comparison, and with ``--items`` the item analysis. ``-o json`` prints the cohort report with
all of these (schema: ``leadcomp schema cohort-report``, format 1.1).
A bad line is reported as file:line: code: path: message and the others are still counted; a
subject on a second line is reported (duplicate-subject, naming both lines) and counted once.
Exit status: 0 when every line was used, 1 when any failed, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

import leadcomp
import leadcomp.model
from leadcomp.cli.gap import Stop, add_output_file_arguments, add_role_arguments, say, setup, write
from leadcomp.problems import printable_name as _n

if TYPE_CHECKING:  # at run time, attributes of leadcomp imported on first use
    import leadcomp.cohort
    import leadcomp.gaps
    import leadcomp.reports
    from leadcomp.cohort import CohortAnalysis
    from leadcomp.model import Framework, RoleProfile, ScoringPolicy


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
        help="also the item analysis across people (text and JSON output): a second pass over the "
        "cohort that keeps each person's indicator scores, so the cohort no longer streams in "
        "constant memory",
    )
    add_output_file_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Score and compare every line, then write the cohort (and progress) report."""
    try:
        role, framework, policy = setup(args)
    except Stop as stop:
        return stop.status
    found = cohort_run(args, "cohort", role, framework, policy)
    if isinstance(found, int):
        return found
    report = found.full_report(psychometrics=args.output == "json")
    assert report is not None  # cohort_run returns a status when there is none
    if args.output == "json":
        text = leadcomp.dumps_report(report)
    else:
        text = leadcomp.reports.cohort_text(
            report, items=found.items, reliability=found.reliability,
            comparison=found.comparison,
        )
    return write(args, text) or (1 if found.failed else 0)


def cohort_run(
    args: argparse.Namespace,
    command: str,
    role: RoleProfile,
    framework: Framework | None,
    policy: ScoringPolicy,
    *,
    people: bool = False,
) -> CohortAnalysis | int:
    """The cohort analysis of ``args.input`` (and of ``args.baseline``), saying on stderr what
    failed and how many lines each round used; the exit status on a usage error or when the
    cohort cannot be reported."""
    choices = ["all_others", "self", *leadcomp.model.OTHER_GROUPS, policy.merge.into]
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
    found = leadcomp.cohort.analyse_cohort(
        args.input, role, framework, policy, compare=args.compare, baseline=args.baseline,
        people=people, items=getattr(args, "items", False),
    )
    for message in found.messages:
        print(message, file=sys.stderr)
    for count in found.rounds:
        print(count.summary(), file=sys.stderr)
    if found.report is None:
        for p in found.problems:
            print(f"{_n(args.input)}: {p.code}: {p.message}", file=sys.stderr)
        return 1
    return found


def cohort_framework(
    args: argparse.Namespace, role: RoleProfile, framework: Framework | None
) -> tuple[Framework | None, int]:
    """The framework a cohort is scored against (the role's when none was given), checked to fit
    the role, with the input rounds checked readable; else None and the exit status."""
    InvalidDocument = leadcomp.InvalidDocument
    if framework is None:
        try:
            framework = leadcomp.gaps.role_framework(role)
        except InvalidDocument as invalid:
            say(invalid.problems, args.role)
            return None, 2
    try:
        leadcomp.gaps.check_compatible(framework.ref, role, what="the framework given is")
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
