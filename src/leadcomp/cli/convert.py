"""Convert a framework between formats: leadcomp (JSON or YAML), 1EdTech CASE 1.1 and Moodle
competency CSV; read frameworks from ESCO skills CSVs, the O*NET Content Model, CTDL-ASN JSON-LD
and, through a framework mapping (--framework-mapping MAP), from CSV files, JSON or YAML trees and
Markdown with YAML front matter; and read survey responses (CSV or Excel) into assessments.
ESCO, O*NET and CTDL-ASN files are told by their headers or types (or --from esco, onet,
ctdl-asn); more files of the same source come with --input (an ESCO collection with the
hierarchy, the O*NET anchors and scales, a CTDL-ASN framework's competencies).

Formats come from --from and --to, else from the file names (NAME.case.json is CASE, .json, .yaml
and .yml are leadcomp, .csv is Moodle) and, for IN, from its content (a JSON object with
CFDocument or CFItems and no "kind" is a CASE package; a CSV with Moodle's header is a Moodle
framework; any other .csv, and .xlsx, is a survey export, read with --mapping FILE into JSON
Lines of assessments, one per subject, checked against --framework when given). OUT is written
atomically, or to standard output when it is "-"; it is never IN, and an existing OUT is replaced
only with --force. Writing Moodle CSV refuses id numbers and short names over Moodle's 100
characters (each reported at its row and column of OUT), or with --moodle-shorten writes them
shortened, the full text kept for leadcomp to read back. Warnings, such as the known
deviations of real CASE exports, go to standard error as file:line:col: code: path: message.
Several survey exports are read together, each with its own mapping: ``convert A.csv --mapping
a.yaml --input B.xlsx --mapping b.yaml OUT.jsonl`` (IN, then each --input, pairs with the
--mapping in the same position); one subject's responses from all of them make one assessment.
With --keep-going the valid assessments are written even when some rows are bad (each reported
by row and column), and the exit status is 1.
Exit status: 0 when converted (with or without warnings), 1 when IN is invalid or cannot be
written in the target format (nothing is written then, unless --keep-going), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable

import leadcomp
from leadcomp.cli.validate import positive
from leadcomp.documents import exists_message, same_file, write_document
from leadcomp.formats.registry import FORMATS, MANY_FILES, Options, detect, read_head
from leadcomp.problems import InvalidDocument, Problem, printable_name as _n

#: IN and OUT may stand anywhere among the options (``convert A.csv --mapping a.yaml --input
#: B.csv --mapping b.yaml OUT.jsonl``): the positionals are collected in order.
INTERMIXED = True


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    parser.add_argument(
        "input", metavar="IN", nargs="?",
        help="the file to convert (with --input, the first survey export)",
    )
    parser.add_argument(
        "output", metavar="OUT", nargs="?", help='the file to write ("-": standard output)'
    )
    parser.add_argument(
        "--input", dest="more_inputs", action="append", default=[], metavar="FILE",
        help="one more survey export, read with the next --mapping; repeat it for several "
        "exports (a self form and a 360 form): one subject's responses from all of them make "
        "one assessment",
    )
    names = sorted(FORMATS)
    parser.add_argument(
        "--from", dest="source_format", choices=names, metavar="FORMAT",
        help=f"the format of IN ({', '.join(names)}; default: from its name and content)",
    )
    parser.add_argument(
        "--to", dest="target_format", choices=names, metavar="FORMAT",
        help="the format of OUT (default: from its name)",
    )
    parser.add_argument(
        "--strict", action="store_true",
        help="treat deviations from the input format's specification as errors",
    )
    parser.add_argument(
        "--mapping", dest="mappings", action="append", default=[], metavar="FILE",
        help="the survey-mapping document that says how a survey export's columns become "
        "assessments (needed to read a survey); one per export, in the order the exports "
        "are given",
    )
    parser.add_argument(
        "--framework-mapping", metavar="MAP",
        help="a framework-mapping document: read IN (a CSV file, a JSON or YAML tree, Markdown "
        "with YAML front matter, or a folder of Markdown files) as the mapping says",
    )
    parser.add_argument(
        "--keep-going", action="store_true",
        help="surveys: write the valid assessments even when some rows or answers are bad "
        "(each is reported with its row and column; the exit status is then 1)",
    )
    parser.add_argument(
        "--framework", metavar="FILE_OR_BUILTIN",
        help="check survey answers against this framework (its items, scales and labels)",
    )
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")
    parser.add_argument(
        "--moodle-shorten", action="store_true",
        help="Moodle out: shorten id numbers and short names longer than Moodle's 100 "
        "characters (start + hash, unique; the full text kept in the leadcomp column), with a "
        "warning each, instead of refusing them",
    )
    parser.add_argument(
        "--max-bytes", type=positive, metavar="N", help="refuse input larger than N bytes"
    )
    parser.add_argument(
        "--max-depth", type=positive, metavar="N", help="refuse nesting deeper than N levels"
    )
    parser.add_argument(
        "--max-cells", type=positive, metavar="N",
        help="refuse a CSV file or sheet of more than N cells",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors only")


def _usage(message: str) -> int:
    print(f"leadcomp convert: error: {message}", file=sys.stderr)
    return 2



def run(args: argparse.Namespace) -> int:
    """Read IN, write OUT in the target format, and report."""
    status = _inputs(args)
    if status:
        return status
    source, target = args.input, args.output
    for other in args.inputs:
        if target != "-" and same_file(other, target):
            return _usage(f"OUT is an input ({other}); write the assessments to another file")
    if target != "-" and same_file(source, target):
        return _usage(f"OUT is IN ({_n(target)}); write the converted framework to another file")
    if args.framework_mapping is not None:
        if args.source_format not in (None, "mapped"):
            return _usage(
                f"--framework-mapping reads IN through the mapping, but --from says "
                f"{args.source_format}; give one of them"
            )
        args.source_format = "mapped"
    elif args.source_format == "mapped":
        return _usage("--from mapped needs --framework-mapping MAP (a framework-mapping document)")
    source_format = args.source_format or detect(source, read_head(source))
    if source_format is None:
        return _usage(f"cannot tell the format of {_n(source)}; give --from")
    target_format = args.target_format or detect(target, None)
    if target_format is None:
        return _usage(
            f"cannot tell the format to write from the name {target!r}; give --to "
            f"({', '.join(sorted(FORMATS))}) or name it .json, .jsonl, .yaml, .case.json or .csv"
        )
    if args.inputs and source_format not in ("survey", *MANY_FILES):
        return _usage(
            f"--input reads survey exports (and more ESCO, O*NET or CTDL-ASN files), but "
            f"{source} is read as {source_format}; give --from if it is one of those"
        )
    if args.inputs and source_format == "survey" and len(args.mappings) != len(args.inputs):
        return _usage(
            f"{len(args.inputs)} survey exports but {len(args.mappings)} --mapping; give one "
            "mapping per export, in the same order"
        )
    if args.mappings and source_format in ("mapped", *MANY_FILES):
        return _usage(
            f"--mapping is a survey mapping, but {source} is read as {source_format}"
            + ("; a framework mapping is given with --framework-mapping"
               if source_format == "mapped" else "")
        )
    if source_format == "survey" and not args.mappings:
        return _usage(
            f"{_n(source)} is read as survey responses, which needs --mapping FILE (a "
            "survey-mapping document); give --from if it is another format"
        )
    reader = FORMATS[source_format].read
    writer = FORMATS[target_format].write
    if reader is None:
        return _usage(f"{source_format} files cannot be read")
    if writer is None:
        return _usage(f"{target_format} files cannot be written")
    if target != "-" and not args.force and os.path.exists(target):
        return _usage(exists_message(target))
    defaults = leadcomp.Limits()
    limits = leadcomp.Limits(
        max_bytes=args.max_bytes or defaults.max_bytes,
        max_depth=args.max_depth or defaults.max_depth,
        max_cells=getattr(args, "max_cells", None) or defaults.max_cells,
    )
    options = Options(
        strict=args.strict,
        limits=limits,
        inputs=args.inputs,
        mappings=args.mappings,
        framework=getattr(args, "framework", None),
        framework_mapping=args.framework_mapping,
        keep_going=getattr(args, "keep_going", False),
        moodle_shorten=getattr(args, "moodle_shorten", False),
    )
    warnings: list[Problem] = []
    target_warnings: list[Problem] = []
    try:
        model, warnings = reader(source, options)
    except InvalidDocument as invalid:
        _print(invalid.problems, source, args.quiet)
        return 1
    try:
        data = writer(model, target, options, target_warnings)
    except InvalidDocument as invalid:
        _print(warnings, source, args.quiet)
        _print(invalid.problems, target, args.quiet)
        return 1
    failed = any(p.is_error for p in warnings)
    if target == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        try:
            write_document(target, data, overwrite=args.force)
        except InvalidDocument as invalid:
            _print(warnings, source, args.quiet)
            _print(invalid.problems, target, args.quiet)
            return 1
    _print(warnings, source, args.quiet)
    _print(target_warnings, target, args.quiet)
    if not args.quiet:
        count = sum(1 for p in [*warnings, *target_warnings] if not p.is_error)
        plural = "" if count == 1 else "s"
        written = ""
        if isinstance(model, list):
            errors = sum(1 for p in warnings if p.is_error)
            ratings = sum(len(a.ratings) for a in model)
            written = (
                f" ({len(model)} assessment{'s' if len(model) != 1 else ''}, {ratings} "
                f"rating{'s' if ratings != 1 else ''}"
                + (f"; {errors} error{'s' if errors != 1 else ''} left out" if errors else "")
                + ")"
            )
        sources = " + ".join(map(_n, [source, *args.inputs[1:]])) if args.inputs else _n(source)
        print(
            f"{sources} ({source_format}) -> {_n(target)} ({target_format}){written}: {count} "
            f"warning{plural}",
            file=sys.stderr,
        )
    return 1 if failed else 0


def _inputs(args: argparse.Namespace) -> int:
    """Sort out IN, OUT, --input and --mapping: every survey export with its mapping, in order
    (``args.inputs``, empty for a single input read as before); a usage error's status."""
    positionals = [p for p in (args.input, args.output) if p is not None]
    positionals += list(getattr(args, "positionals", []))
    if len(positionals) > 2:
        return _usage(
            f"too many files: {' '.join(positionals)}; give IN and OUT, and each further "
            "survey export as --input FILE --mapping FILE"
        )
    if len(positionals) == 1 and args.more_inputs:
        positionals.insert(0, None)  # convert --input A ... OUT
    if len(positionals) < 2:
        return _usage("give the file to write (OUT)")
    args.input, args.output = positionals
    inputs = ([args.input] if args.input is not None else []) + list(args.more_inputs)
    if not inputs:
        return _usage("give the file to convert (IN, or --input FILE --mapping FILE)")
    args.input = inputs[0]
    args.inputs = inputs if len(inputs) > 1 or args.more_inputs else []
    if not args.inputs and len(args.mappings) > 1:
        return _usage("several --mapping for one input; give each export with --input FILE")
    return 0


def _print(problems: Iterable[Problem], name: str, quiet: bool) -> None:
    for p in problems:
        if p.is_error or not quiet:
            print(p.located(name), file=sys.stderr)
