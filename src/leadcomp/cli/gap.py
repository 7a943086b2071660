"""Compare one person with a target role: an assessment (scored first) or a score sheet.

Prints the requirements with required and achieved levels, gap and status; the top priorities
with what the next level looks like; blind spots and hidden strengths; and the data-quality
notes. ``-o json`` prints the gap report (schema: ``leadcomp schema gap-report``).
Exit status: 0 when the report was made, 1 when the input is invalid or does not fit the role,
2 on a usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from leadcomp.problems import printable_name as _n

if TYPE_CHECKING:
    from leadcomp.model import Assessment, Framework, RoleProfile, ScoreSheet, ScoringPolicy
    from leadcomp.model._norms import Norms
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
    from leadcomp.documents._reports import load_report
    from leadcomp.model._norms import Norms
    from leadcomp.problems import InvalidDocument, problem

    try:
        found = load_report(args.norms)
    except InvalidDocument as invalid:
        say(invalid.problems, args.norms)
        raise Stop(2) from None
    if not isinstance(found, Norms):
        say([problem("wrong-kind", "expected a norms document here", ("kind",))], args.norms)
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
    from leadcomp.builtin import resolve
    from leadcomp.builtin._policies import DEFAULT_POLICY, load_policy
    from leadcomp.problems import InvalidDocument

    if args.force and not args.output_file:
        print(f"leadcomp {args.command}: error: --force needs --output-file", file=sys.stderr)
        raise Stop(2)
    from leadcomp.documents._files import input_written

    read = [args.input, getattr(args, "baseline", None), args.role, args.framework, args.policy,
            getattr(args, "norms", None)]
    overwritten = input_written(args.output_file, read)
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
    policy = DEFAULT_POLICY
    if args.policy is not None:
        try:
            policy = load_policy(args.policy)
        except InvalidDocument as invalid:
            say(invalid.problems, args.policy)
            raise Stop(2) from None
    return role, framework, policy


def write(args: argparse.Namespace, text: str) -> int:
    """Write the output to stdout or, atomically, to --output-file; the exit status."""
    from leadcomp.documents._files import write_output

    return write_output(args.output_file, text, force=args.force)


def _sheet(
    args: argparse.Namespace, framework: Framework | None, policy: ScoringPolicy,
    kept: list[Assessment] | None = None,
) -> tuple[ScoreSheet, Framework]:
    """The score sheet of the input (scoring an assessment), and its framework; an assessment
    scored is appended to ``kept`` when given."""
    from leadcomp.formats._dispatch import load, validate
    from leadcomp.gaps import builtin_framework
    from leadcomp.model import Assessment, ScoreSheet
    from leadcomp.problems import InvalidDocument, problem
    from leadcomp.scoring import score

    try:
        document = load(args.input)
    except InvalidDocument as invalid:
        say(invalid.problems, args.input)
        raise Stop(1) from None
    if isinstance(document, ScoreSheet):
        if args.policy is not None:
            print(
                f"{_n(args.input)}: note: a score sheet keeps the policy it was scored with; "
                "--policy is not used",
                file=sys.stderr,
            )
        ref = document.framework
    elif isinstance(document, Assessment):
        ref = document.framework
    else:
        say([problem("wrong-kind", "expected an assessment or a score sheet here", ("kind",))],
            args.input)
        raise Stop(1)
    if framework is None:
        try:
            framework = builtin_framework(ref)
        except InvalidDocument as invalid:
            say(invalid.problems, args.input)
            raise Stop(2) from None
    if isinstance(document, ScoreSheet):
        return document, framework
    if kept is not None:
        kept.append(document)
    try:
        return score(document, framework, policy), framework
    except InvalidDocument as invalid:
        located = [p for p in validate(args.input, framework=framework) if p.is_error]
        say(located or invalid.problems, args.input)
        raise Stop(1) from None


def run(args: argparse.Namespace) -> int:
    """Score if needed, compare with the role, and write the report."""
    from leadcomp.documents._reports import dumps_report
    from leadcomp.gaps import gap
    from leadcomp.problems import InvalidDocument
    from leadcomp.reports._gap_text import render_gap_text

    try:
        role, framework, policy = setup(args)
        norms = load_norms(args)
        sheet, framework = _sheet(args, framework, policy)
    except Stop as stop:
        return stop.status
    try:
        report = gap(
            sheet, role, framework, compare=args.compare, crosshairs=args.crosshairs
        )
    except InvalidDocument as invalid:
        if any(p.code == "unknown-group" for p in invalid.problems):
            for p in invalid.problems:
                print(f"leadcomp gap: error: --compare: {p.message}", file=sys.stderr)
            return 2
        say(invalid.problems, args.role)
        return 1
    if args.output == "json":
        text = dumps_report(report)
        if norms is not None:
            print("leadcomp gap: note: --norms is shown in the text output only", file=sys.stderr)
    else:
        text = render_gap_text(report, framework)
        if norms is not None:
            from leadcomp.problems import printable
            from leadcomp.reports._psychometrics_text import norms_lines

            titles = {c.id: c.title for _, c in framework.walk()}
            text += "\n" + printable("\n".join(norms_lines(norms, sheet, titles))) + "\n"
    return write(args, text)
