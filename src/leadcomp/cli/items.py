"""Item analysis of a cohort: JSON Lines of assessments, scored against one framework.

Prints, per competency, Cronbach's alpha across people, and per indicator its mean and SD across
people, its corrected item-total correlation, the alpha without it, the share of "not observed"
answers, the floor and ceiling shares, and flags for weak items. A person's score on an
indicator comes only from the rater groups their score sheet shows at its competency. A bad
line is reported as file:line: code: message and the others are still used. Exit status: 0 when
every line was used, 1 when any failed, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

import leadcomp
import leadcomp.documents
from leadcomp.cli.gap import Stop, add_output_file_arguments, say, write
from leadcomp.problems import printable_name as _n

if TYPE_CHECKING:  # at run time, attributes of leadcomp imported on first use
    import leadcomp.builtin
    import leadcomp.cohort
    import leadcomp.reports
    from leadcomp.model import Assessment, Framework, ScoreSheet, ScoringPolicy


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
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
    add_output_file_arguments(parser)


def cohort_setup(args: argparse.Namespace, command: str) -> tuple[Framework, ScoringPolicy] | int:
    """What a command scoring a cohort against one framework needs first: the framework and the
    policy, with the output checked (--force needs --output-file; never over an input); or the
    status of a usage error, already reported."""
    if args.force and not args.output_file:
        print(f"leadcomp {command}: error: --force needs --output-file", file=sys.stderr)
        return 2
    inputs = [args.input, args.framework, args.policy]
    overwritten = leadcomp.documents.input_written(args.output_file, inputs)
    if overwritten is not None:
        print(
            f"{_n(args.output_file)}: same-file: this is an input ({_n(overwritten)}); "
            "write the output to another file",
            file=sys.stderr,
        )
        return 2
    try:
        framework = leadcomp.builtin.resolve(args.framework, "framework")
        policy = (
            leadcomp.DEFAULT_POLICY if args.policy is None else leadcomp.load_policy(args.policy)
        )
    except leadcomp.InvalidDocument as invalid:
        say(invalid.problems, args.framework)
        return 2
    return framework, policy


def run(args: argparse.Namespace) -> int:
    """Score every line and write the item analysis."""
    ready = cohort_setup(args, "items")
    if isinstance(ready, int):
        return ready
    framework, policy = ready
    try:
        open(args.input, "rb").close()
    except OSError as error:
        print(f"{_n(args.input)}: unreadable: {error.strerror or error}", file=sys.stderr)
        return 1
    failed = 0
    done = 0

    def pairs() -> Iterator[tuple[Assessment, ScoreSheet]]:
        nonlocal failed, done
        for found in leadcomp.cohort.scored_lines(args.input, framework, policy):
            done += 1
            if isinstance(found, str):
                failed += 1
                print(found, file=sys.stderr)
                continue
            yield found

    try:
        report = leadcomp.cohort.item_report(pairs(), framework)
    except OSError as error:
        print(f"{_n(args.input)}: unreadable: {error.strerror or error}", file=sys.stderr)
        return 1
    print(
        f"{_n(args.input)}: {done - failed} of {done} assessments used"
        + (f", {failed} failed" if failed else ""),
        file=sys.stderr,
    )
    try:
        status = write(args, leadcomp.reports.items_text(report, framework))
    except Stop as stop:  # pragma: no cover - write reports its own problems
        return stop.status
    return status or (1 if failed else 0)
