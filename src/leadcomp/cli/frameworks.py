"""List the built-in frameworks: id, version, title and number of competencies.

Each loads by id wherever a framework file is accepted (``hlm`` is the newest version,
``kotter@1.0.0`` an exact one). All are unofficial renderings in leadcomp's own words.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

import leadcomp
import leadcomp.validation

if TYPE_CHECKING:  # at run time, attributes of leadcomp imported on first use
    import leadcomp.builtin


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    parser.add_argument(
        "-o", "--output", choices=("text", "json"), default="text",
        help="a table (default) or a JSON list",
    )


def run(args: argparse.Namespace) -> int:
    """Print the built-in frameworks."""
    infos = leadcomp.builtin.list_frameworks()
    if args.output == "json":
        leadcomp.validation.write_json(
            sys.stdout,
            [
                {
                    "id": i.id,
                    "version": i.version,
                    "ref": i.ref,
                    "title": i.title,
                    "competencies": i.count,
                    "source": i.source,
                }
                for i in infos
            ],
        )
        return 0
    print_table(
        ["ID", "VERSION", "TITLE", "COMPETENCIES"],
        [[i.id, i.version or "", i.title, str(i.count)] for i in infos],
        right=(3,),
    )
    print(
        "Unofficial renderings in leadcomp's own words; each file's provenance names its source.",
        file=sys.stderr,
    )
    return 0


def print_table(header: list[str], rows: list[list[str]], right: tuple[int, ...] = ()) -> None:
    """Columns padded to their widest cell; ``right`` columns are right-aligned."""
    table: list[list[Any]] = [header, *rows]
    widths = [max(len(row[c]) for row in table) for c in range(len(header))]
    for row in table:
        cells = [
            cell.rjust(widths[c]) if c in right else cell.ljust(widths[c])
            for c, cell in enumerate(row)
        ]
        print("  ".join(cells).rstrip())
