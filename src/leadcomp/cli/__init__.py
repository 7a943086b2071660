"""The ``leadcomp`` command: a thin shell over the public API.

Each command lives in its own module with ``add_arguments`` and ``run``, imported only when that
command runs. They import ``leadcomp`` and its public modules only, and reach the API through
attributes imported on first use (``leadcomp.cohort.analyse_cohort``), so ``--help`` stays cheap.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

import leadcomp

#: Command name -> (module, one-line help).
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("validate", "check framework, role and assessment files"),
    "schema": ("schema", "print the JSON Schema of a document kind"),
    "frameworks": ("frameworks", "list the built-in frameworks"),
    "roles": ("roles", "list the built-in role profiles"),
    "score": ("score", "score assessments (one file or JSON Lines) against a framework"),
    "diff": ("diff", "compare two framework versions and check the version bump"),
    "migrate": ("migrate", "carry a role or assessment over to another framework version"),
    "convert": (
        "convert", "convert frameworks (leadcomp, CASE, Moodle CSV) and read survey responses"
    ),
    "gap": ("gap", "compare a person's assessment or score sheet with a target role"),
    "cohort": ("cohort", "gap figures and progress for a cohort of assessments (JSON Lines)"),
    "report": ("report", "write a person's or a cohort's report as HTML or Markdown"),
    "items": ("items", "item analysis of a cohort's assessments (JSON Lines): how indicators work"),
    "norms": ("norms", "build norms (reference percentiles) from a cohort for --norms"),
    "survey": ("survey", "write a questionnaire for a survey tool and the mapping of its export"),
}

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``only``, just that command's options are loaded.

    Every command is listed either way, but a command module is imported only when its options
    are needed, so ``--version`` and ``--help`` import none of them.
    """
    parser = argparse.ArgumentParser(
        prog="leadcomp",
        description="Leadership competency frameworks: validate, score, compare and convert.",
    )
    parser.add_argument("--version", action="version", version=f"leadcomp {leadcomp.__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        if only is not None and name != only:
            commands.add_parser(name, help=help_text)
            continue
        module = importlib.import_module(f".{module_name}", __name__)
        sub = commands.add_parser(name, help=help_text, description=module.__doc__)
        module.add_arguments(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 invalid input, 2 usage error)."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    command = next((a for a in arguments if not a.startswith("-")), "")
    parser = build_parser(only=command if command in COMMANDS else "")
    intermixed = command in COMMANDS and getattr(
        importlib.import_module(f".{COMMANDS[command][0]}", __name__), "INTERMIXED", False
    )
    try:
        if intermixed:  # positionals may stand between options: kept in args.positionals
            args, rest = parser.parse_known_args(arguments)
            unknown = [a for a in rest if a.startswith("-") and a != "-"]
            if unknown:
                parser.error(f"unrecognized arguments: {' '.join(unknown)}")
            args.positionals = rest
        else:
            args = parser.parse_args(arguments)
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
