"""Check framework, role, assessment, policy and mapping files: exit 0 when all are valid, 1 when
any is not.

Folders are searched for .json, .jsonl, .yaml and .yml files. Each role, assessment and survey
mapping is checked against the framework it names (a file of the run, --framework, or a
built-in). Problems are printed as file:line:col: code: path: message, as a JSON report
(-o json), or as CI annotations (-o github); repeats of one kind in a file are counted, not
printed, except in the JSON report.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

import leadcomp
import leadcomp.validation
from leadcomp.problems import printable_name as _n

if TYPE_CHECKING:  # at run time, attributes of leadcomp imported on first use
    import leadcomp.builtin

#: Problems of one code and message shape printed per file before the rest are counted.
SHOWN_ALIKE = 3


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    parser.add_argument("paths", nargs="+", metavar="FILE_OR_DIR", help="files or folders")
    parser.add_argument(
        "-o", "--output", choices=("text", "json", "github"), default="text",
        help="how to print problems (default: text)",
    )
    parser.add_argument(
        "--framework", metavar="FILE_OR_ID", action="append", default=[],
        help="a framework to check roles, assessments and survey mappings against, besides the "
        "framework files checked and the built-ins: a file, or a built-in id such as hlm or "
        "kotter@1.0.0 (repeatable)",
    )
    parser.add_argument(
        "--frameworks-in", metavar="DIR", action="append", default=[],
        help="also look for the frameworks documents name in *.framework.json/.yaml/.yml files "
        "under DIR, without reporting on them (for hooks given only the changed files; "
        "repeatable)",
    )
    parser.add_argument(
        "--strict", action="store_true",
        help="a document whose framework cannot be found is an error, not a warning",
    )
    parser.add_argument(
        "--max-bytes", type=positive, metavar="N", help="refuse files larger than N bytes"
    )
    parser.add_argument(
        "--max-depth", type=positive, metavar="N", help="refuse nesting deeper than N levels"
    )
    verbosity = parser.add_mutually_exclusive_group()
    verbosity.add_argument(
        "-q", "--quiet", action="store_true", help="print errors only, no warnings or summary"
    )
    verbosity.add_argument(
        "-v", "--verbose", action="store_true", help="also list the files that are valid"
    )


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is too small; give 1 or more")
    return value


def plural(count: int, word: str) -> str:
    """'1 error', '2 errors'."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def run(args: argparse.Namespace) -> int:
    """Validate every file and report; the exit status says whether all were valid."""
    default = leadcomp.Limits()
    limits = leadcomp.Limits(
        max_bytes=default.max_bytes if args.max_bytes is None else args.max_bytes,
        max_depth=default.max_depth if args.max_depth is None else args.max_depth,
    )
    frameworks = []
    for name in args.framework:
        try:
            frameworks.append(leadcomp.builtin.resolve(name, "framework", limits=limits))
        except leadcomp.InvalidDocument as invalid:
            for p in invalid.problems:
                print(f"{p.located(name)} (the --framework file)", file=sys.stderr)
            return 2
    checks = leadcomp.validate_files(
        args.paths,
        frameworks=frameworks,
        frameworks_in=args.frameworks_in,
        strict=args.strict,
        limits=limits,
    )
    files: list[dict[str, Any]] = []
    for check in checks:
        files.append(leadcomp.validation.file_report(check.file, check.kind, check.problems))
        if args.output == "json":
            continue
        shown = [p for p in check.problems if p.is_error or not args.quiet]
        for p, more in leadcomp.validation.alike(shown, SHOWN_ALIKE):
            if more:
                print(f"{_n(p.file or check.file)}: ({more} more like it: {p.code})")
            elif args.output == "github":
                print(leadcomp.validation.github_line(p))
            else:
                print(p)
        if args.output == "text" and args.verbose and check.valid:
            print(f"{_n(check.file)}: ok ({check.kind})")
    result = leadcomp.validation.report(files)
    if args.output == "json":
        leadcomp.validation.write_json(sys.stdout, result)
    elif args.output == "text" and not args.quiet:
        s = result["summary"]
        print(
            f"{plural(s['files'], 'file')} checked: {s['valid']} valid, {s['invalid']} invalid "
            f"({plural(s['errors'], 'error')}, {plural(s['warnings'], 'warning')})",
            file=sys.stderr,
        )
    return 1 if result["status"] == "invalid" else 0
