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

from leadcomp.cli.gap import Stop, add_output_file_arguments, say, write
from leadcomp.problems import printable_name as _n

if TYPE_CHECKING:
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
    from leadcomp.builtin import resolve
    from leadcomp.builtin._policies import DEFAULT_POLICY, load_policy
    from leadcomp.documents._files import input_written
    from leadcomp.problems import InvalidDocument

    if args.force and not args.output_file:
        print(f"leadcomp {command}: error: --force needs --output-file", file=sys.stderr)
        return 2
    overwritten = input_written(args.output_file, [args.input, args.framework, args.policy])
    if overwritten is not None:
        print(
            f"{_n(args.output_file)}: same-file: this is an input ({_n(overwritten)}); "
            "write the output to another file",
            file=sys.stderr,
        )
        return 2
    try:
        framework = resolve(args.framework, "framework")
        policy = DEFAULT_POLICY if args.policy is None else load_policy(args.policy)
    except InvalidDocument as invalid:
        say(invalid.problems, args.framework)
        return 2
    return framework, policy


def run(args: argparse.Namespace) -> int:
    """Score every line and write the item analysis."""
    from leadcomp.cohort._items import item_report
    from leadcomp.reports._psychometrics_text import render_items_text

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
        for found in _read(args.input, framework, policy):
            done += 1
            if isinstance(found, str):
                failed += 1
                print(found, file=sys.stderr)
                continue
            yield found

    try:
        report = item_report(pairs(), framework)
    except OSError as error:
        print(f"{_n(args.input)}: unreadable: {error.strerror or error}", file=sys.stderr)
        return 1
    print(
        f"{_n(args.input)}: {done - failed} of {done} assessments used"
        + (f", {failed} failed" if failed else ""),
        file=sys.stderr,
    )
    try:
        status = write(args, render_items_text(report, framework))
    except Stop as stop:  # pragma: no cover - write reports its own problems
        return stop.status
    return status or (1 if failed else 0)


def _read(
    path: str, framework: Framework, policy: ScoringPolicy
) -> Iterator[tuple[Assessment, ScoreSheet] | str]:
    """Each line's assessment and score sheet, or the message of what is wrong with it (a
    bad line, a subject seen on an earlier line)."""
    from leadcomp.formats._dispatch import load
    from leadcomp.model import Assessment
    from leadcomp.problems import InvalidDocument
    from leadcomp.read._jsonl import read_lines
    from leadcomp.scoring import score

    seen: dict[str, int] = {}
    for line in read_lines(path):
        where = _n(f"{path}:{line.number}")
        try:
            assessment = load(line.data, kind="assessment")
            if not isinstance(assessment, Assessment):  # pragma: no cover - kind checked
                raise AssertionError("not an assessment")
            sheet = score(assessment, framework, policy)
        except InvalidDocument as invalid:
            yield "\n".join(f"{where}: {p.code}: {p.message}" for p in invalid.problems)
            continue
        first = seen.setdefault(sheet.subject, line.number)
        if first != line.number:
            yield (
                f"{where}: duplicate-subject: subject {sheet.subject!r} is also on line "
                f"{first}; each person counts once, so this line is not used"
            )
            continue
        yield assessment, sheet


def assessment_pairs(
    path: str, framework: Framework, policy: ScoringPolicy
) -> Iterator[tuple[Assessment, ScoreSheet]]:
    """The (assessment, score sheet) pairs of a JSON Lines file; bad lines are left out
    silently (the command reading the file says what is wrong with them)."""
    for found in _read(path, framework, policy):
        if not isinstance(found, str):
            yield found
