"""Norms: ``leadcomp norms build COHORT.jsonl --framework F`` writes the reference percentiles of
a cohort (a ``norms`` document, ``leadcomp schema norms``) for ``--norms`` on ``gap`` and
``report``. Each person's compared score per competency comes from their score sheet, so only
what it shows; a competency with fewer than ``--min-people`` people (10) keeps no percentiles.
Exit status: 0 when every line was used, 1 when any failed or no norms could be built, 2 on a
usage error.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

import leadcomp
from leadcomp.cli.gap import add_output_file_arguments, say, write
from leadcomp.cli.items import cohort_setup
from leadcomp.problems import printable_name as _n

if TYPE_CHECKING:  # at run time, attributes of leadcomp imported on first use
    import leadcomp.cohort


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    parser.add_argument("action", choices=("build",), help="build: make norms from a cohort")
    parser.add_argument(
        "input", metavar="COHORT_JSONL", help="JSON Lines: one assessment per line"
    )
    parser.add_argument(
        "--framework", metavar="FILE_OR_BUILTIN", required=True,
        help="the framework file or built-in id the assessments were made against",
    )
    parser.add_argument(
        "--policy", metavar="FILE_OR_NAME",
        help="the scoring policy: a file, or default, merge or group-pooling (default: default)",
    )
    parser.add_argument(
        "--compare", default="all_others", metavar="GROUP",
        help="the score the norms are of: all_others, self or a rater group (default: "
        "all_others)",
    )
    parser.add_argument(
        "--min-people", type=int, default=10, metavar="N",
        help="the least number of people a competency's norms need (default: 10)",
    )
    add_output_file_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Score every line and write the norms document."""
    ready = cohort_setup(args, "norms")
    if isinstance(ready, int):
        return ready
    framework, policy = ready
    failed = 0
    sheets = []
    try:
        for found in leadcomp.cohort.scored_lines(args.input, framework, policy):
            if isinstance(found, str):
                failed += 1
                print(found, file=sys.stderr)
                continue
            sheets.append(found[1])
    except OSError as error:
        print(f"{_n(args.input)}: unreadable: {error.strerror or error}", file=sys.stderr)
        return 1
    try:
        norms = leadcomp.cohort.build_norms(
            sheets, compare=args.compare, min_people=args.min_people
        )
    except leadcomp.InvalidDocument as invalid:
        say(invalid.problems, args.input)
        return 1
    print(
        f"{_n(args.input)}: norms of {norms.people} people"
        + (f", {failed} lines failed" if failed else ""),
        file=sys.stderr,
    )
    return write(args, leadcomp.dumps_report(norms)) or (1 if failed else 0)
