"""Print the JSON Schema (Draft 2020-12) of a document kind, as shipped with leadcomp."""

from __future__ import annotations

import argparse
import sys

KINDS = (
    "framework", "role", "assessment", "policy", "scoresheet", "common", "validation-report",
    "mapping", "framework-diff", "gap-report", "cohort-report", "progress-report",
    "survey-mapping",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    parser.add_argument("kind", choices=KINDS, help="which schema to print")


def run(args: argparse.Namespace) -> int:
    """Write the schema to standard output."""
    from ..validation._schemas import schema_text

    sys.stdout.write(schema_text(args.kind))
    return 0
