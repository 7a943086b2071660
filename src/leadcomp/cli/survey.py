"""Survey questionnaires: ``leadcomp survey template --framework F [--role R] --tool T -o DIR``.

Writes, into DIR, the questionnaire for the tool (Qualtrics: an Advanced Format TXT to import;
SurveyMonkey, Google Forms, Microsoft Forms and generic: a plain question list to build it
from), a readable HTML and Markdown copy with instructions, and the survey mapping that reads
the tool's export of it (``leadcomp convert EXPORT out.jsonl --mapping ...``). With --role, only
the role's competencies are asked about. Existing files are never replaced without --force;
each file is written atomically.
Exit status: 0 when written, 1 when an input is invalid, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

import leadcomp
import leadcomp.documents
import leadcomp.reports.survey_template as survey_template
from leadcomp.cli.gap import say

if TYPE_CHECKING:  # at run time, attributes of leadcomp imported on first use
    import leadcomp.builtin

TOOL_CHOICES = ("qualtrics", "surveymonkey", "google-forms", "ms-forms", "generic")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    template = actions.add_parser(
        "template", help="write a questionnaire, its readable copy and the survey mapping",
        description=__doc__,
    )
    template.add_argument(
        "--framework", required=True, metavar="FILE_OR_BUILTIN",
        help="the framework file or built-in id the questionnaire asks about",
    )
    template.add_argument(
        "--role", metavar="ROLE",
        help="a built-in role id or a role file: ask about its competencies only",
    )
    template.add_argument(
        "--tool", required=True, choices=TOOL_CHOICES, help="the survey tool",
    )
    template.add_argument(
        "-o", "--output", dest="directory", required=True, metavar="DIR",
        help="the folder to write into (made if missing)",
    )
    template.add_argument("--force", action="store_true", help="replace existing files")


def run(args: argparse.Namespace) -> int:
    """Make the questionnaire and write its files."""
    if os.path.exists(args.directory) and not os.path.isdir(args.directory):
        print(
            f"{args.directory}: not-a-folder: the questionnaire's files go into a folder; give "
            "a folder's name",
            file=sys.stderr,
        )
        return 2
    try:
        framework = leadcomp.builtin.resolve(args.framework, "framework")
    except leadcomp.InvalidDocument as invalid:
        say(invalid.problems, args.framework)
        return 2
    role = None
    if args.role is not None:
        try:
            role = leadcomp.builtin.resolve(args.role, "role")
        except leadcomp.InvalidDocument as invalid:
            say(invalid.problems, args.role)
            return 2
    try:
        template = survey_template.survey_template(framework, args.tool, role=role)
    except leadcomp.InvalidDocument as invalid:
        say(invalid.problems, args.role or args.framework)
        return 1
    try:
        paths = survey_template.write_survey_template(
            template, args.directory, force=args.force
        )
    except FileExistsError as exists:
        print(leadcomp.documents.exists_message(str(exists)), file=sys.stderr)
        return 2
    except OSError as error:
        print(f"{args.directory}: cannot write: {error.strerror or error}", file=sys.stderr)
        return 1
    for path in paths:
        print(path)
    return 0
