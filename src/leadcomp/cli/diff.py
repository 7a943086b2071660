"""Compare two versions of a framework: every change, each major, minor or patch.

OLD and NEW are framework files or built-ins (such as kotter@1.0.0); OLD may be - to read it
from standard input (git show HEAD:team.framework.yaml | leadcomp diff - team.framework.yaml).
With --check-bump the exit status is 1 when NEW's version is smaller than the changes require,
and the message says which version would be right; otherwise 0 (2 on a usage error, 1 when a
file cannot be read or is not a valid framework).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

import leadcomp
import leadcomp.documents
import leadcomp.problems
import leadcomp.validation

if TYPE_CHECKING:  # at run time, attributes of leadcomp imported on first use
    import leadcomp.builtin
    import leadcomp.versioning
    from leadcomp.model import Framework


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    parser.add_argument(
        "old", metavar="OLD", help="the earlier framework: a file, a built-in, or -"
    )
    parser.add_argument("new", metavar="NEW", help="the later framework: a file or a built-in")
    parser.add_argument(
        "-o", "--output", choices=("text", "json", "github"), default="text",
        help="text grouped by level, a framework-diff JSON document, or text with a GitHub "
        "annotation when the bump is too small (default: text)",
    )
    parser.add_argument(
        "--check-bump", action="store_true",
        help="exit 1 when NEW's version is smaller than the changes require",
    )


def run(args: argparse.Namespace) -> int:
    """Diff the two frameworks, print the changes, and check the bump if asked."""
    frameworks: list[Framework] = []
    for name in (args.old, args.new):
        try:
            frameworks.append(_read(name))
        except leadcomp.InvalidDocument as invalid:
            _print_problems(args, name, list(invalid.problems))
            return 1
    old, new = frameworks
    result = leadcomp.diff(old, new)
    if args.output == "json":
        data = result.to_dict()
        leadcomp.validation.check_output("framework-diff", data)
        leadcomp.validation.write_json(sys.stdout, data)
    else:
        sys.stdout.write(leadcomp.versioning.diff_text(result))
    if not args.check_bump:
        return 0
    verdict = leadcomp.versioning.bump_message(result)
    if result.bump_ok:
        print(f"{_label(args.new)}: {verdict}", file=sys.stderr)
        return 0
    print(f"{_label(args.new)}: version-bump: {verdict}", file=sys.stderr)
    if args.output == "github":
        problem = leadcomp.problems.problem
        bump = problem("version-bump", verdict, ("version",)).located(args.new)
        print(leadcomp.validation.github_line(bump))
    return 1


def _label(name: str) -> str:
    return "<stdin>" if name == "-" else leadcomp.problems.printable_name(name)


def _read(name: str) -> Framework:
    """A framework from a file, a built-in, or standard input (``-``)."""
    if name == "-":
        # at most one byte over the limit: enough for load to refuse an oversize stream
        limit = leadcomp.documents.DEFAULT_LIMITS.max_bytes
        data = leadcomp.documents.read_at_most(sys.stdin.buffer, limit)
        found: Framework = leadcomp.load(data, kind="framework")
        return found
    return leadcomp.builtin.resolve(name, "framework")


def _print_problems(args: argparse.Namespace, name: str, problems: list[Any]) -> None:
    problems = leadcomp.problems.sort_problems(p.located(_label(name)) for p in problems)
    if args.output == "json":
        validation = leadcomp.validation
        files = [validation.file_report(_label(name), "framework", problems)]
        validation.write_json(sys.stdout, validation.report(files))
        return
    if args.output == "github":
        for p in problems:
            print(leadcomp.validation.github_line(p))
    for p in problems:
        print(p, file=sys.stderr)
