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

if TYPE_CHECKING:
    from leadcomp.model import Framework
    from leadcomp.versioning import FrameworkDiff


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
    from leadcomp.problems import InvalidDocument
    from leadcomp.versioning import diff

    frameworks: list[Framework] = []
    for name in (args.old, args.new):
        try:
            frameworks.append(_read(name))
        except InvalidDocument as invalid:
            _print_problems(args, name, list(invalid.problems))
            return 1
    old, new = frameworks
    result = diff(old, new)
    if args.output == "json":
        from leadcomp.validation._report import write_json

        data = result.to_dict()
        _check_output(data)
        write_json(sys.stdout, data)
    else:
        sys.stdout.write(render(result))
    if not args.check_bump:
        return 0
    verdict = bump_message(result)
    if result.bump_ok:
        print(f"{_label(args.new)}: {verdict}", file=sys.stderr)
        return 0
    print(f"{_label(args.new)}: version-bump: {verdict}", file=sys.stderr)
    if args.output == "github":
        from leadcomp.problems import problem
        from leadcomp.validation._report import github_line

        print(github_line(problem("version-bump", verdict, ("version",)).located(args.new)))
    return 1


def _label(name: str) -> str:
    from leadcomp.problems import printable_name

    return "<stdin>" if name == "-" else printable_name(name)


def _read(name: str) -> Framework:
    """A framework from a file, a built-in, or standard input (``-``)."""
    if name == "-":
        from leadcomp.formats._dispatch import load
        from leadcomp.read._limits import DEFAULT_LIMITS, read_at_most

        # at most one byte over the limit: enough for load to refuse an oversize stream
        return load(read_at_most(sys.stdin.buffer, DEFAULT_LIMITS.max_bytes), kind="framework")
    from leadcomp.builtin import resolve

    return resolve(name, "framework")


def _print_problems(args: argparse.Namespace, name: str, problems: list[Any]) -> None:
    from leadcomp.problems import sort_problems

    problems = sort_problems(p.located(_label(name)) for p in problems)
    if args.output == "json":
        from leadcomp.validation._report import file_report, report, write_json

        write_json(sys.stdout, report([file_report(_label(name), "framework", problems)]))
        return
    if args.output == "github":
        from leadcomp.validation._report import github_line

        for p in problems:
            print(github_line(p))
    for p in problems:
        print(p, file=sys.stderr)


def _check_output(data: dict[str, Any]) -> None:
    """Hold the printed document to its schema: a failure here is a bug in leadcomp."""
    from leadcomp.read._limits import DEFAULT_LIMITS
    from leadcomp.validation._acceptor import acceptor
    from leadcomp.validation._schema_check import schema_problems

    if not acceptor("framework-diff", DEFAULT_LIMITS.max_depth)(data):
        found = schema_problems("framework-diff", data)
        if found:
            raise AssertionError(f"framework-diff output breaks its schema: {found[0]}")


_HEADINGS = {"major": "major (breaks roles or assessments)", "minor": "minor (adds)",
             "patch": "patch (rewords)"}


def render(result: FrameworkDiff) -> str:
    """The diff as text: a summary line, then the changes grouped by level, largest first."""
    lines = [f"{result.old} -> {result.new}: {summary(result)}"]
    for level in ("major", "minor", "patch"):
        changes = result.of_level(level)
        if not changes:
            continue
        lines.append(f"{_HEADINGS[level]}:")
        lines.extend(f"  {change.kind}: {change.subject}: {change.message}" for change in changes)
    return "\n".join(lines) + "\n"


def summary(result: FrameworkDiff) -> str:
    """"no changes", or how many changes of which level and the version they need."""
    if not result.changes:
        return "no changes"
    counts = [f"{len(result.of_level(level))} {level}" for level in ("major", "minor", "patch")
              if result.of_level(level)]
    total = len(result.changes)
    return (
        f"{total} change{'s' * (total != 1)} ({', '.join(counts)}); the new version needs "
        f"{result.required_version} or later"
    )


def bump_message(result: FrameworkDiff) -> str:
    """Whether the declared version fits the changes, in words, naming the largest change."""
    declared = result.new_version
    required = result.required_version
    if required is None:
        return f"{declared} declared; nothing changed, so any version will do"
    level = result.level
    assert level is not None
    largest = result.of_level(level)
    what = largest[0].message
    if len(largest) > 1:
        what += f" (and {len(largest) - 1} more {level} change{'s' * (len(largest) > 2)})"
    if result.bump_ok:
        return f"{declared} declared, and the changes need {required} or later: ok"
    if declared == result.old_version:
        return (
            f"{declared} declared, the same as the old version, but {what} is a {level} "
            f"change: {required} or later"
        )
    return f"{declared} declared, but {what} is a {level} change: {required} or later"
