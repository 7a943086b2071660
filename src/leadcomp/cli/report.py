"""Write a report people read: one self-contained HTML page (or Markdown) for a person or a
cohort.

A person: ``leadcomp report ASSESSMENT --role ROLE -o report.html`` scores the assessment (or
takes a score sheet) and writes the summary, radar chart, gap table, development plan, blind
spots, rater groups as far as anonymity allows, comments, data quality and provenance.
A cohort: ``leadcomp report COHORT.jsonl --role ROLE [--baseline OLD.jsonl] -o cohort.html``
writes each competency's distribution and share meeting the role, a people x competencies
heatmap of gaps (pseudonymous ids only; --sort fit orders it by fit), and the progress since the
baseline. Per person: ``leadcomp report COHORT.jsonl --role ROLE --per-person -o DIR [--names
NAMES.csv]`` writes DIR/SUBJECT.html (or .md) for every subject and DIR/index.html linking them,
in one run; display names come only from the names file (subject id, name).
The format follows the output's suffix (.html, .md) unless --format says; ``-o -`` writes to
standard output. The file is written atomically, never over an existing file without --force,
and never over an input. Needs Jinja2 (pip install 'leadcomp[report]').
Exit status: 0 when the report was written from every input, 1 when an input is invalid (a
cohort report is still written from the valid lines), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from typing import TYPE_CHECKING

import leadcomp
import leadcomp.documents
from leadcomp.cli.cohort import cohort_framework, cohort_run
from leadcomp.cli.gap import Stop, add_role_arguments, load_norms, read_sheet, say, setup, write
from leadcomp.problems import printable_name as _n

if TYPE_CHECKING:  # at run time, attributes of leadcomp imported on first use
    import leadcomp.cohort
    import leadcomp.reports
    from leadcomp.model import Assessment
    from leadcomp.reports import Format

#: Output suffixes and the format they mean.
SUFFIXES: dict[str, Format] = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}
#: Input suffixes that mean a cohort (JSON Lines, one assessment a line).
COHORT_SUFFIXES = (".jsonl", ".ndjson")


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; write it as YYYY-MM-DD"
        ) from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    parser.add_argument(
        "input", metavar="ASSESSMENT_OR_COHORT",
        help="an assessment or score sheet (JSON or YAML) for a person's report, or JSON Lines "
        "of assessments (.jsonl) for a cohort report",
    )
    add_role_arguments(parser)
    parser.add_argument(
        "--baseline", metavar="BASELINE_JSONL",
        help="for a cohort: an earlier round (JSON Lines of assessments); adds the progress "
        "since then",
    )
    parser.add_argument(
        "-o", "--output", dest="output_file", required=True, metavar="FILE",
        help="the report file (.html or .md), or - for standard output",
    )
    parser.add_argument(
        "--format", choices=("html", "md"),
        help="html or md (Markdown); default: from the output's suffix (html for -)",
    )
    parser.add_argument(
        "--date", type=_date, metavar="YYYY-MM-DD",
        help="the date the report gives as its own (default: today)",
    )
    parser.add_argument(
        "--per-person", action="store_true",
        help="for a cohort: write one report per subject into the folder -o names (SUBJECT.html, "
        "or .md with --format md) and an index.html linking them",
    )
    parser.add_argument(
        "--names", metavar="NAMES_CSV",
        help="with --per-person: a CSV of subject id and display name; the names go on the "
        "pages and the index (names are never taken from the data)",
    )
    parser.add_argument(
        "--sort", choices=("input", "fit"), default="input",
        help="for a cohort report: the heatmap's people in input order or by fit, lowest "
        "first (default: input)",
    )
    parser.add_argument(
        "--norms", metavar="NORMS_JSON",
        help="for a person's report: norms from 'leadcomp norms build', placing each "
        "competency's score in them",
    )
    parser.add_argument("--force", action="store_true", help="replace the output if it exists")


def _fail(message: str) -> int:
    print(f"leadcomp report: error: {message}", file=sys.stderr)
    return 2


def _format(args: argparse.Namespace) -> Format | None:
    if args.format is not None:
        chosen: Format = args.format
        return chosen
    if args.output_file == "-" or args.per_person:
        return "html"
    return SUFFIXES.get(os.path.splitext(args.output_file)[1].lower())



def _check_output(args: argparse.Namespace) -> int:
    """0 when the output may be written; else the exit status, after saying why."""
    if args.output_file == "-" or args.per_person:
        return 0
    inputs = [args.input, args.baseline, args.role, args.framework, args.policy]
    for source in inputs:
        if source is not None and os.path.exists(source) and leadcomp.documents.same_file(
            args.output_file, source
        ):
            print(
                f"{_n(args.output_file)}: same-file: this is an input ({_n(source)}); "
                "write the report "
                "to another file",
                file=sys.stderr,
            )
            return 2
    if not args.force and os.path.lexists(args.output_file):
        print(leadcomp.documents.exists_message(args.output_file), file=sys.stderr)
        return 2
    return 0


def run(args: argparse.Namespace) -> int:
    """Check the options, make the report and write it."""
    status = _check_output(args)
    if status:
        return status
    kind = _format(args)
    if kind is None:
        return _fail(
            f"cannot tell the format of {args.output_file!r} from its suffix: name it .html "
            "or .md, or give --format html or --format md"
        )
    cohort = args.input.lower().endswith(COHORT_SUFFIXES)
    if args.baseline is not None and not cohort:
        return _fail(
            "--baseline is for cohorts: give the follow-up round as JSON Lines (.jsonl)"
        )
    if args.per_person and not cohort:
        return _fail("--per-person is for cohorts: give JSON Lines of assessments (.jsonl)")
    if args.per_person and args.baseline is not None:
        return _fail("--per-person writes this round's people; leave out --baseline")
    if args.per_person and args.output_file == "-":
        return _fail("--per-person writes a folder of files: give -o DIR")
    if args.names is not None and not args.per_person:
        return _fail("--names is for --per-person runs")
    try:
        leadcomp.reports.check_format(kind)
    except leadcomp.InvalidDocument as invalid:
        say(invalid.problems)
        return 1
    try:
        if args.per_person:
            return _per_person(args, kind)
        if cohort:
            return _cohort(args, kind)
        return _person(args, kind)
    except Stop as stop:
        return stop.status


def _person(args: argparse.Namespace, kind: Format) -> int:
    role, framework, policy = setup(args)
    norms = load_norms(args)
    kept: list[Assessment] = []
    sheet, framework = read_sheet(args, framework, policy, kept)
    try:
        report = leadcomp.gap(sheet, role, framework, compare=args.compare)
    except leadcomp.InvalidDocument as invalid:
        if any(p.code == "unknown-group" for p in invalid.problems):
            for p in invalid.problems:
                print(f"leadcomp report: error: --compare: {p.message}", file=sys.stderr)
            return 2
        say(invalid.problems, args.role)
        return 1
    text = leadcomp.reports.render_report(
        kind, report, sheet, framework=framework, date=args.date,
        assessment=kept[0] if kept else None, norms=norms,
    )
    return write(args, text)


def _cohort(args: argparse.Namespace, kind: Format) -> int:
    role, framework, policy = setup(args)
    found = cohort_run(args, "report", role, framework, policy, people=True)
    if isinstance(found, int):
        return found
    assert found.report is not None  # cohort_run returns a status when there is none
    text = leadcomp.reports.render_report(
        kind,
        found.report,
        framework=found.framework,
        people=list(found.people),
        progress=found.progress,
        date=args.date,
        sort=args.sort,
        psychometrics=(found.items, found.reliability, found.comparison),
    )
    return write(args, text) or (1 if found.failed else 0)


def _per_person(args: argparse.Namespace, kind: Format) -> int:
    """Score every line, refuse a subject that comes twice, then write a page per subject and
    the index into the folder, never over an existing file without --force."""
    reports = leadcomp.reports
    directory = args.output_file
    if os.path.exists(directory) and not os.path.isdir(directory):
        print(
            f"{directory}: not-a-folder: --per-person writes its pages into a folder; give a "
            "folder's name",
            file=sys.stderr,
        )
        return 2
    args.output_file = None  # setup: the folder is no output file
    force, args.force = args.force, False
    role, framework, policy = setup(args)
    args.force = force
    names = None
    if args.names is not None:
        try:
            names = reports.read_names(args.names)
        except leadcomp.InvalidDocument as invalid:
            say(invalid.problems)
            return 1
    framework, status = cohort_framework(args, role, framework)
    if framework is None:
        return status
    found = leadcomp.cohort.person_reports(
        args.input, role, framework, policy, compare=args.compare
    )
    for problems in found.problems:
        say(problems)
    people = list(found.people)
    failed = len(found.problems)
    twice = found.twice()
    for subject, numbers in twice.items():
        where = ", ".join(str(n) for n in numbers)
        print(
            f"{args.input}: duplicate-subject: subject {subject!r} is on lines {where}; a "
            "per-person run takes one assessment per subject (keep one, or split the rounds)",
            file=sys.stderr,
        )
    if twice:
        return 1
    targets = [reports.page_name(r.subject, kind) for r, _, _ in people] + [reports.INDEX]
    if not force:
        existing = [t for t in targets if os.path.lexists(os.path.join(directory, t))]
        if existing:
            for name in existing:
                path = os.path.join(directory, name)
                print(leadcomp.documents.exists_message(path), file=sys.stderr)
            print(
                f"{directory}: {len(existing)} of the {len(targets)} files to write exist; "
                "nothing was written",
                file=sys.stderr,
            )
            return 2
    try:
        pages = reports.render_people(
            people, kind, framework=framework, names=names, date=args.date
        )
    except leadcomp.InvalidDocument as invalid:
        say(invalid.problems, args.input)
        return 1
    os.makedirs(directory, exist_ok=True)
    for name, text in pages:
        target = os.path.join(directory, name)
        leadcomp.documents.write_atomic(target, text.encode("utf-8"), overwrite=force)
    print(
        f"{args.input}: {len(people)} of {len(people) + failed} people reported in "
        f"{directory}/ ({reports.INDEX} lists them)",
        file=sys.stderr,
    )
    return 1 if failed else 0
