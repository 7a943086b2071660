"""Print the JSON Schema (Draft 2020-12) of a document kind, self-contained, so that other tools
(check-jsonschema, editors' YAML and JSON language servers) can use it as it is."""

from __future__ import annotations

import argparse
import os
import sys

import leadcomp.documents
import leadcomp.validation

KINDS = (
    "framework", "role", "assessment", "policy", "scoresheet", "common", "validation-report",
    "mapping", "framework-diff", "gap-report", "cohort-report", "progress-report",
    "survey-mapping", "framework-mapping", "norms",
)

USAGE = "usage: leadcomp schema [-o PATH] [--force] (KIND | --all -o DIR)\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    parser.add_argument("kind", nargs="?", choices=KINDS, help="which schema to print")
    parser.add_argument(
        "--all", action="store_true", help="every schema, as KIND.schema.json files in -o DIR"
    )
    parser.add_argument(
        "-o", "--output", metavar="PATH",
        help="write to this file (with --all: into this folder) instead of standard output",
    )
    parser.add_argument("--force", action="store_true", help="replace files that exist")


def run(args: argparse.Namespace) -> int:
    """Write the schema (or, with --all, every schema) out."""
    if args.all == (args.kind is not None):
        print(USAGE + "leadcomp schema: error: give a KIND, or --all with -o DIR", file=sys.stderr)
        return 2
    if not args.all:
        text = leadcomp.validation.bundled_schema_text(args.kind)
        return leadcomp.documents.write_output(args.output, text, force=args.force)
    if args.output is None:
        print(USAGE + "leadcomp schema: error: --all needs -o DIR, the folder to write into",
              file=sys.stderr)
        return 2
    try:
        os.makedirs(args.output, exist_ok=True)
    except OSError as error:
        print(f"{args.output}: unwritable: {error.strerror or error}", file=sys.stderr)
        return 1
    for kind in KINDS:
        target = os.path.join(args.output, f"{kind}.schema.json")
        status = leadcomp.documents.write_output(
            target, leadcomp.validation.bundled_schema_text(kind), force=args.force)
        if status:
            return status
    return 0
