"""Compare one person with a target role: an assessment (scored first) or a score sheet.

Prints the requirements with required and achieved levels, gap and status; the top priorities
with what the next level looks like; blind spots and hidden strengths; and the data-quality
notes. ``-o json`` prints the gap report (schema: ``leadcomp schema gap-report``), with
``--norms`` each competency's percentile in the norms as its ``norms``. A score sheet of an older
format is read (an old sheet's per-person ``alpha`` is dropped, with a warning).
Exit status: 0 when the report was made, 1 when the input is invalid or does not fit the role,
2 on a usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

import leadcomp
import leadcomp.documents
import leadcomp.model
import leadcomp.problems
from leadcomp.problems import printable_name as _n

if TYPE_CHECKING:  # at run time, attributes of leadcomp imported on first use
    import leadcomp.builtin
    import leadcomp.gaps
    import leadcomp.reports
    from leadcomp.model import Assessment, Framework, Norms, RoleProfile, ScoreSheet, ScoringPolicy
    from leadcomp.problems import Problem


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    parser.add_argument(
        "input", metavar="ASSESSMENT_OR_SCORESHEET",
        help="an assessment (scored first) or a score sheet, as JSON or YAML",
    )
    add_role_arguments(parser)
    parser.add_argument(
        "--crosshairs", choices=("attainment", "midpoint", "means"), default="attainment",
        help="where the importance-performance quadrants split: achieved level at each "
        "required level (met or not, as in the gap table) and importance at the middle of the "
        "role's range; or the scale midpoints; or the means of the requirements "
        "(default: attainment)",
    )
    parser.add_argument(
        "-o", "--output", choices=("text", "json"), default="text",
        help="a report to read (text) or the gap report as JSON (default: text)",
    )
    add_norms_argument(parser)
    add_output_file_arguments(parser)


def add_norms_argument(parser: argparse.ArgumentParser) -> None:
    """``--norms FILE``: place the person's scores in a cohort's norms."""
    parser.add_argument(
        "--norms", metavar="NORMS_JSON",
        help="norms from 'leadcomp norms build': adds each competency's percentile in them",
    )


def load_norms(args: argparse.Namespace) -> Norms | None:
    """The --norms document (None when not given); Stop(2) when it is not one."""
    if getattr(args, "norms", None) is None:
        return None
    try:
        found = leadcomp.load_report(args.norms)
    except leadcomp.InvalidDocument as invalid:
        say(invalid.problems, args.norms)
        raise Stop(2) from None
    if not isinstance(found, leadcomp.model.Norms):
        wrong = leadcomp.problems.problem("wrong-kind", "expected a norms document here", ("kind",))
        say([wrong], args.norms)
        raise Stop(2)
    return found


def add_role_arguments(parser: argparse.ArgumentParser) -> None:
    """The options gap and cohort share: role, framework, policy and the score compared."""
    parser.add_argument(
        "--role", required=True, metavar="ROLE",
        help="the target role: a built-in id (such as pcn-clinical-director) or a role file",
    )
    parser.add_argument(
        "--framework", metavar="FILE_OR_BUILTIN",
        help="the framework file or built-in id (default: the built-in framework the input "
        "names, or the newest built-in version the role fits)",
    )
    parser.add_argument(
        "--policy", metavar="FILE_OR_NAME",
        help="the scoring policy for assessments: a file, or default, merge or group-pooling "
        "(default: default)",
    )
    parser.add_argument(
        "--compare", default="all_others", metavar="GROUP",
        help="the score counted as achieved: all_others, self, manager, peer, direct_report, "
        "other, or the policy's merged group (default: all_others)",
    )


def add_output_file_arguments(parser: argparse.ArgumentParser) -> None:
    """``--output-file`` and ``--force``."""
    parser.add_argument(
        "--output-file", metavar="FILE", help="write the report to FILE (atomically); - is stdout",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace the --output-file if it exists"
    )


class Stop(Exception):
    """Ends a command with an exit status, after its problems were printed."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def say(problems: Iterable[Problem], where: str | None = None) -> None:
    """Print problems on standard error, one a line (located in ``where`` if unplaced)."""
    for p in problems:
        print(p.located(where) if where is not None else p, file=sys.stderr)


def setup(args: argparse.Namespace) -> tuple[RoleProfile, Framework | None, ScoringPolicy]:
    """The role, the --framework (None if not given) and the policy; Stop(2) on bad options."""
    resolve = leadcomp.builtin.resolve
    InvalidDocument = leadcomp.InvalidDocument
    if args.force and not args.output_file:
        print(f"leadcomp {args.command}: error: --force needs --output-file", file=sys.stderr)
        raise Stop(2)
    read = [args.input, getattr(args, "baseline", None), args.role, args.framework, args.policy,
            getattr(args, "norms", None)]
    overwritten = leadcomp.documents.input_written(args.output_file, read)
    if overwritten is not None:
        print(
            f"{_n(args.output_file)}: same-file: this is an input ({_n(overwritten)}); "
            "write the output "
            "to another file",
            file=sys.stderr,
        )
        raise Stop(2)
    try:
        role = resolve(args.role, "role")
    except InvalidDocument as invalid:
        say(invalid.problems, args.role)
        raise Stop(2) from None
    framework = None
    if args.framework is not None:
        try:
            framework = resolve(args.framework, "framework")
        except InvalidDocument as invalid:
            say(invalid.problems, args.framework)
            raise Stop(2) from None
    policy = leadcomp.DEFAULT_POLICY
    if args.policy is not None:
        try:
            policy = leadcomp.load_policy(args.policy)
        except InvalidDocument as invalid:
            say(invalid.problems, args.policy)
            raise Stop(2) from None
    return role, framework, policy


def write(args: argparse.Namespace, text: str) -> int:
    """Write the output to stdout or, atomically, to --output-file; the exit status."""
    return leadcomp.documents.write_output(args.output_file, text, force=args.force)


def read_sheet(
    args: argparse.Namespace, framework: Framework | None, policy: ScoringPolicy,
    kept: list[Assessment] | None = None,
) -> tuple[ScoreSheet, Framework]:
    """The score sheet of the input (scoring an assessment), and its framework; an assessment
    scored is appended to ``kept`` when given."""
    InvalidDocument = leadcomp.InvalidDocument
    warnings: list[leadcomp.Problem] = []
    try:
        document = leadcomp.load(args.input, warnings=warnings)
    except InvalidDocument as invalid:
        say(invalid.problems, args.input)
        raise Stop(1) from None
    if isinstance(document, leadcomp.model.ScoreSheet):
        say([p for p in warnings if p.code == "dropped-field"], args.input)
        if args.policy is not None:
            print(
                f"{_n(args.input)}: note: a score sheet keeps the policy it was scored with; "
                "--policy is not used",
                file=sys.stderr,
            )
        ref = document.framework
    elif isinstance(document, leadcomp.model.Assessment):
        ref = document.framework
    else:
        wrong = leadcomp.problems.problem(
            "wrong-kind", "expected an assessment or a score sheet here", ("kind",)
        )
        say([wrong], args.input)
        raise Stop(1)
    if framework is None:
        try:
            framework = leadcomp.gaps.builtin_framework(ref)
        except InvalidDocument as invalid:
            say(invalid.problems, args.input)
            raise Stop(2) from None
    if isinstance(document, leadcomp.model.ScoreSheet):
        return document, framework
    if kept is not None:
        kept.append(document)
    try:
        return leadcomp.score(document, framework, policy), framework
    except InvalidDocument as invalid:
        located = [p for p in leadcomp.validate(args.input, framework=framework) if p.is_error]
        say(located or invalid.problems, args.input)
        raise Stop(1) from None


def run(args: argparse.Namespace) -> int:
    """Score if needed, compare with the role, and write the report."""
    try:
        role, framework, policy = setup(args)
        norms = load_norms(args)
        sheet, framework = read_sheet(args, framework, policy)
    except Stop as stop:
        return stop.status
    try:
        report = leadcomp.gap(
            sheet, role, framework, compare=args.compare, crosshairs=args.crosshairs
        )
    except leadcomp.InvalidDocument as invalid:
        if any(p.code == "unknown-group" for p in invalid.problems):
            for p in invalid.problems:
                print(f"leadcomp gap: error: --compare: {p.message}", file=sys.stderr)
            return 2
        say(invalid.problems, args.role)
        return 1
    if args.output == "json":
        if norms is not None:
            try:
                report = leadcomp.gaps.with_norms(report, sheet, norms)
            except leadcomp.InvalidDocument as invalid:  # as the text says: not placed
                for p in invalid.problems:
                    print(f"leadcomp gap: note: --norms not placed: {p.message}", file=sys.stderr)
        text = leadcomp.dumps_report(report)
    else:
        text = leadcomp.reports.gap_text(report, framework, norms=norms, sheet=sheet)
    return write(args, text)
