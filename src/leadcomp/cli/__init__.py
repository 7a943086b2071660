"""The ``leadcomp`` command: a thin shell over the public API.

Each command lives in its own module with ``add_arguments`` and ``run``; modules import what
they need inside ``run``, so building the parser (and ``--version``) stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from .._version import __version__

#: Command name -> (module, one-line help).
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("validate", "check framework, role and assessment files"),
    "schema": ("schema", "print the JSON Schema of a document kind"),
    "frameworks": ("frameworks", "list the built-in frameworks"),
    "roles": ("roles", "list the built-in role profiles"),
}

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command's options."""
    parser = argparse.ArgumentParser(
        prog="leadcomp",
        description="Leadership competency frameworks: validate, score, compare and convert.",
    )
    parser.add_argument("--version", action="version", version=f"leadcomp {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        module = importlib.import_module(f".{module_name}", __name__)
        sub = commands.add_parser(name, help=help_text, description=module.__doc__)
        module.add_arguments(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 invalid input, 2 usage error)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    module = importlib.import_module(f".{COMMANDS[args.command][0]}", __name__)
    try:
        status: int = module.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (e.g. `| head`): not our error
        sys.stderr.close()
        return EXIT_OK
    return status
