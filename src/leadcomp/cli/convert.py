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
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import leadcomp
from leadcomp.cli.validate import positive
from leadcomp.documents._files import exists_message, same_file
from leadcomp.problems import printable_name as _n

if TYPE_CHECKING:
    from leadcomp.problems import Problem
    from leadcomp.read._limits import Limits

_HEAD = 64 * 1024
#: IN and OUT may stand anywhere among the options (``convert A.csv --mapping a.yaml --input
#: B.csv --mapping b.yaml OUT.jsonl``): the positionals are collected in order.
INTERMIXED = True


@dataclass(frozen=True)
class ReadOptions:
    """What a reader may need besides the file: strictness, limits and every option given."""

    strict: bool
    limits: Limits
    args: argparse.Namespace


@dataclass(frozen=True)
class WriteOptions:
    """What a writer may need besides the model: the options, and where its warnings go."""

    args: argparse.Namespace
    warnings: list[Problem]


@dataclass(frozen=True)
class Format:
    """One format convert knows: how to recognise, read and write it (None: it cannot)."""

    description: str
    #: True when a file of this name (with these first bytes, None for an output) is this format.
    detect: Callable[[str, bytes | None], bool]
    #: The model in the file and its warnings; InvalidDocument when it cannot be read.
    read: Callable[[str, ReadOptions], tuple[Any, list[Problem]]] | None
    #: The bytes of a model in this format for an output name; InvalidDocument when impossible.
    write: Callable[[Any, str, WriteOptions], bytes] | None


# -- leadcomp ------------------------------------------------------------------------------


def _detect_leadcomp(name: str, head: bytes | None) -> bool:
    return name.lower().endswith((".json", ".jsonl", ".yaml", ".yml")) or name == "-"


def _read_leadcomp(name: str, options: ReadOptions) -> tuple[Any, list[Problem]]:
    import leadcomp.formats._dispatch as _api
    from leadcomp.problems import InvalidDocument

    found = _api.validate(name, limits=options.limits)
    if any(p.is_error for p in found):
        raise InvalidDocument(found)
    return _api.load(name, limits=options.limits), found


def _write_leadcomp(model: Any, name: str, options: WriteOptions) -> bytes:
    from leadcomp.read._reader import syntax_for

    if isinstance(model, list):  # many documents (survey assessments): JSON Lines
        return "".join(leadcomp.dumps(m, compact=True) + "\n" for m in model).encode("utf-8")
    syntax = "json" if name == "-" else syntax_for(name, b"{")
    return leadcomp.dumps(model, syntax=syntax).encode("utf-8")


# -- CASE ------------------------------------------------------------------------------------


def _detect_case(name: str, head: bytes | None) -> bool:
    if name.lower().endswith(".case.json"):
        return True
    if head is None:
        return False
    import re

    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith(b"{") or re.match(rb'\{\s*"kind"\s*:', text):
        return False
    return b'"CFDocument"' in text or b'"CFItems"' in text


def _read_case(name: str, options: ReadOptions) -> tuple[Any, list[Problem]]:
    from leadcomp.formats.case import read_case

    return read_case(name, strict=options.strict, limits=options.limits)


def _write_case(model: Any, name: str, options: WriteOptions) -> bytes:
    from leadcomp.formats.case import dumps_case
    from leadcomp.model import Framework
    from leadcomp.problems import InvalidDocument, problem

    if not isinstance(model, Framework):
        kind = type(model).__name__
        raise InvalidDocument(
            [
                problem(
                    "wrong-kind", f"only frameworks can be written as CASE packages, not a {kind}"
                )
            ]
        )
    return dumps_case(model).encode("utf-8")


# -- Moodle competency CSV -------------------------------------------------------------------


def _detect_moodle(name: str, head: bytes | None) -> bool:
    from leadcomp.formats.moodle import looks_like_moodle, looks_like_outcomes

    if not name.lower().endswith(".csv"):
        return False
    # a Moodle outcomes file is read as Moodle, to be refused as what it is
    return head is None or looks_like_moodle(head) or looks_like_outcomes(head)


def _read_moodle(name: str, options: ReadOptions) -> tuple[Any, list[Problem]]:
    from leadcomp.formats.moodle import read_moodle

    return read_moodle(name, limits=options.limits)


def _write_moodle(model: Any, name: str, options: WriteOptions) -> bytes:
    from leadcomp.formats.moodle import dumps_moodle
    from leadcomp.model import Framework
    from leadcomp.problems import InvalidDocument, problem

    if not isinstance(model, Framework):
        kind = "list of assessments" if isinstance(model, list) else type(model).__name__
        raise InvalidDocument(
            [problem("wrong-kind", f"only frameworks can be written as Moodle CSV, not a {kind}")]
        )
    shorten = bool(getattr(options.args, "moodle_shorten", False))
    return dumps_moodle(model, shorten=shorten, warnings=options.warnings).encode("utf-8")


# -- foreign frameworks: ESCO, O*NET, CTDL-ASN, and any shape through a framework mapping --------


def _more(name: str, options: ReadOptions) -> list[str]:
    """The files read together with IN (its --input files)."""
    return list((options.args.inputs or [name])[1:])


def _detect_esco(name: str, head: bytes | None) -> bool:
    from leadcomp.formats.esco import looks_like_esco

    return head is not None and name.lower().endswith(".csv") and looks_like_esco(head)


def _read_esco(name: str, options: ReadOptions) -> tuple[Any, list[Problem]]:
    from leadcomp.formats.esco import read_esco

    return read_esco(name, *_more(name, options), limits=options.limits)


def _detect_onet(name: str, head: bytes | None) -> bool:
    from leadcomp.formats.onet import looks_like_onet

    return head is not None and name.lower().endswith(".csv") and looks_like_onet(head)


def _read_onet(name: str, options: ReadOptions) -> tuple[Any, list[Problem]]:
    from leadcomp.formats.onet import read_onet

    return read_onet(name, *_more(name, options), limits=options.limits)


def _detect_ctdl(name: str, head: bytes | None) -> bool:
    from leadcomp.formats.ctdl import is_ctdl

    return head is not None and name.lower().endswith((".json", ".jsonld")) and is_ctdl(head)


def _read_ctdl(name: str, options: ReadOptions) -> tuple[Any, list[Problem]]:
    from leadcomp.formats.ctdl import read_ctdl

    return read_ctdl(name, *_more(name, options), limits=options.limits)


def _read_mapped(name: str, options: ReadOptions) -> tuple[Any, list[Problem]]:
    from leadcomp.formats.framework_mapping import read_mapped

    return read_mapped(name, options.args.framework_mapping, limits=options.limits)


#: Formats whose IN may come with more files (--input): read together into one framework.
MANY_FILES = ("esco", "onet", "ctdl-asn")


# -- survey responses --------------------------------------------------------------------------


def _detect_survey(name: str, head: bytes | None) -> bool:
    from leadcomp.formats.survey import is_xlsx

    return head is not None and (is_xlsx(name) or name.lower().endswith((".csv", ".tsv")))


def _read_survey(name: str, options: ReadOptions) -> tuple[Any, list[Problem]]:
    from leadcomp.builtin import resolve
    from leadcomp.formats.survey import read_surveys
    from leadcomp.problems import InvalidDocument

    args = options.args
    chosen = getattr(args, "framework", None)
    framework = resolve(chosen, "framework") if chosen else None
    pairs = list(zip(args.inputs, args.mappings, strict=True)) if args.inputs else [
        (name, args.mappings[0])
    ]
    assessments, found = read_surveys(pairs, framework=framework, limits=options.limits)
    if any(p.is_error for p in found) and not (
        getattr(args, "keep_going", False) and assessments
    ):
        raise InvalidDocument(found)
    return assessments, found


#: The formats, by name. Detection tries them in this order, "leadcomp" last (the fallback);
#: other formats add rows here.
FORMATS: dict[str, Format] = {
    "case": Format(
        description="1EdTech CASE 1.0/1.1 CFPackage (JSON); written as CASE 1.1",
        detect=_detect_case,
        read=_read_case,
        write=_write_case,
    ),
    "moodle": Format(
        description="Moodle competency framework CSV (tool_lpimportcsv, 14 columns)",
        detect=_detect_moodle,
        read=_read_moodle,
        write=_write_moodle,
    ),
    "esco": Format(
        description="ESCO skills CSV: the skills hierarchy, the skill groups or a skills "
        "collection (more files with --input)",
        detect=_detect_esco,
        read=_read_esco,
        write=None,
    ),
    "onet": Format(
        description="O*NET Content Model Reference CSV, with Level_Scale_Anchors.csv and "
        "Scales_Reference.csv as --input",
        detect=_detect_onet,
        read=_read_onet,
        write=None,
    ),
    "ctdl-asn": Format(
        description="CTDL-ASN JSON-LD (ceasn:CompetencyFramework and its competencies; more "
        "files with --input)",
        detect=_detect_ctdl,
        read=_read_ctdl,
        write=None,
    ),
    "mapped": Format(
        description="a framework of another shape (CSV, JSON/YAML tree, Markdown front matter) "
        "read with --framework-mapping MAP",
        detect=lambda name, head: False,
        read=_read_mapped,
        write=None,
    ),
    "survey": Format(
        description="survey responses, CSV or .xlsx, read with --mapping into assessments",
        detect=_detect_survey,
        read=_read_survey,
        write=None,
    ),
    "leadcomp": Format(
        description="leadcomp document, JSON or YAML by the file's suffix (JSON Lines for many)",
        detect=_detect_leadcomp,
        read=_read_leadcomp,
        write=_write_leadcomp,
    ),
}


def detect(name: str, head: bytes | None) -> str | None:
    """The name of the format of a file (by its name and first bytes), or None."""
    for format_name, entry in FORMATS.items():
        if format_name != "leadcomp" and entry.detect(name, head):
            return format_name
    return "leadcomp" if FORMATS["leadcomp"].detect(name, head) else None


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



def _head(name: str) -> bytes | None:
    try:
        with open(name, "rb") as handle:
            return handle.read(_HEAD)
    except OSError:
        return None


def run(args: argparse.Namespace) -> int:
    """Read IN, write OUT in the target format, and report."""
    from leadcomp.problems import InvalidDocument
    from leadcomp.read._limits import DEFAULT_LIMITS, Limits

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
    source_format = args.source_format or detect(source, _head(source))
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
    limits = Limits(
        max_bytes=args.max_bytes or DEFAULT_LIMITS.max_bytes,
        max_depth=args.max_depth or DEFAULT_LIMITS.max_depth,
        max_cells=getattr(args, "max_cells", None) or DEFAULT_LIMITS.max_cells,
    )
    warnings: list[Problem] = []
    output = WriteOptions(args=args, warnings=[])
    try:
        model, warnings = reader(source, ReadOptions(strict=args.strict, limits=limits, args=args))
    except InvalidDocument as invalid:
        _print(invalid.problems, source, args.quiet)
        return 1
    try:
        data = writer(model, target, output)
    except InvalidDocument as invalid:
        _print(warnings, source, args.quiet)
        _print(invalid.problems, target, args.quiet)
        return 1
    failed = any(p.is_error for p in warnings)
    if target == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        from leadcomp.formats.case import write_bytes

        try:
            write_bytes(target, data, overwrite=args.force)
        except InvalidDocument as invalid:
            _print(warnings, source, args.quiet)
            _print(invalid.problems, target, args.quiet)
            return 1
    _print(warnings, source, args.quiet)
    _print(output.warnings, target, args.quiet)
    if not args.quiet:
        count = sum(1 for p in [*warnings, *output.warnings] if not p.is_error)
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


def _print(problems: Any, name: str, quiet: bool) -> None:
    for p in problems:
        if p.is_error or not quiet:
            print(p.located(name), file=sys.stderr)
