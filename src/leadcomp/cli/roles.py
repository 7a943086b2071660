"""List the built-in roles: id, framework, versions, title and number of requirements.

Each loads by id wherever a role file is accepted. The profiles are leadcomp's own judgement
(no official competency framework exists for these roles), in leadcomp's own words.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

import leadcomp
import leadcomp.validation
from leadcomp.cli.frameworks import print_table

if TYPE_CHECKING:  # at run time, attributes of leadcomp imported on first use
    import leadcomp.builtin


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    parser.add_argument(
        "-o", "--output", choices=("text", "json"), default="text",
        help="a table (default) or a JSON list",
    )


def run(args: argparse.Namespace) -> int:
    """Print the built-in roles."""
    infos = leadcomp.builtin.list_roles()
    if args.output == "json":
        leadcomp.validation.write_json(
            sys.stdout,
            [
                {
                    "id": i.id,
                    "framework": i.framework,
                    "versions": i.versions,
                    "title": i.title,
                    "requirements": i.count,
                    "source": i.source,
                }
                for i in infos
            ],
        )
        return 0
    print_table(
        ["ID", "FRAMEWORK", "VERSIONS", "TITLE", "REQUIREMENTS"],
        [[i.id, i.framework or "", i.versions or "", i.title, str(i.count)] for i in infos],
        right=(4,),
    )
    print(
        "Role profiles are leadcomp's own judgement, not official; see each file's provenance.",
        file=sys.stderr,
    )
    return 0
