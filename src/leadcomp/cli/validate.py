"""Check framework, role and assessment files: exit 0 when all are valid, 1 when any is not.

Folders are searched for .json, .yaml and .yml files. Problems are printed as
file:line:col: code: path: message, as a JSON report (-o json), or as CI annotations (-o github).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from ..validation._problem import printable_name as _n

_SUFFIXES = (".json", ".yaml", ".yml")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    parser.add_argument("paths", nargs="+", metavar="FILE_OR_DIR", help="files or folders")
    parser.add_argument(
        "-o", "--output", choices=("text", "json", "github"), default="text",
        help="how to print problems (default: text)",
    )
    parser.add_argument(
        "--framework", metavar="FILE_OR_ID",
        help="also check roles and assessments against this framework: a file, or a built-in "
        "id such as hlm or kotter@1.0.0",
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


def expand(paths: list[str]) -> list[str]:
    """Files to check: the files given, and the documents found in the folders given."""
    from pathlib import Path

    files: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            found = sorted(
                str(p)
                for p in Path(path).rglob("*")
                if p.suffix.lower() in _SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            files.extend(found or [path])
        else:
            files.append(path)
    return files


def run(args: argparse.Namespace) -> int:
    """Validate every file and report; the exit status says whether all were valid."""
    from .. import _api
    from ..formats._limits import DEFAULT_LIMITS, Limits
    from ..validation._problem import InvalidDocument, problem
    from ._output import file_report, github_line, report, write_json

    limits = Limits(
        max_bytes=DEFAULT_LIMITS.max_bytes if args.max_bytes is None else args.max_bytes,
        max_depth=DEFAULT_LIMITS.max_depth if args.max_depth is None else args.max_depth,
    )
    framework = None
    if args.framework:
        try:
            from ..builtin import resolve

            framework = resolve(args.framework, "framework", limits=limits)
        except InvalidDocument as invalid:
            for p in invalid.problems:
                print(f"{p.located(args.framework)} (the --framework file)", file=sys.stderr)
            return 2
    files: list[dict[str, Any]] = []
    for name in expand(args.paths):
        if os.path.isdir(name):
            kind, found = None, [
                problem("no-documents", "no .json, .yaml or .yml files in this folder").located(
                    name
                )
            ]
        else:
            kind, found = _api.inspect(name, framework=framework, limits=limits)
        files.append(file_report(name, kind, found))
        if args.output == "text":
            _print_text(name, kind, found, args)
        elif args.output == "github":
            for p in found:
                print(github_line(p))
    result = report(files)
    if args.output == "json":
        write_json(sys.stdout, result)
    elif args.output == "text" and not args.quiet:
        s = result["summary"]
        print(
            f"{plural(s['files'], 'file')} checked: {s['valid']} valid, {s['invalid']} invalid "
            f"({plural(s['errors'], 'error')}, {plural(s['warnings'], 'warning')})",
            file=sys.stderr,
        )
    return 1 if result["status"] == "invalid" else 0


def _print_text(name: str, kind: str | None, found: list[Any], args: argparse.Namespace) -> None:
    shown = [p for p in found if p.is_error or not args.quiet]
    for p in shown:
        print(p)
    if args.verbose and not any(p.is_error for p in found):
        print(f"{_n(name)}: ok ({kind})")
