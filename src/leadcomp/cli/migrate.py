"""Carry a role profile or an assessment over to another version of its framework.

Ids follow the mapping (--mapping, or the one shipped for two built-in versions), else stay
where the new version still has them, else go to the competencies that declare they replace
them; values cross a scale change only where the mapping says how. The migrated document goes
to -o FILE (written atomically; never the input, and an existing file only with --force) or to
standard output; the account of what was carried, merged, split, dropped and what needs a
decision goes to standard error, with, for an assessment, whether each competency of the new
version can still be scored under the policy's coverage rule (--policy, default: the default
policy). Exit status: 0 when migrated, 1 when an input is invalid, when the migrated assessment
can no longer be scored on some competency (unless --allow-unscorable) or, with --strict, when
anything was dropped or needs a decision (nothing is written then), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

import leadcomp
import leadcomp.documents
import leadcomp.model
import leadcomp.problems
import leadcomp.validation
from leadcomp.problems import printable_name as _n

if TYPE_CHECKING:  # at run time, attributes of leadcomp imported on first use
    import leadcomp.builtin
    import leadcomp.versioning
    from leadcomp.problems import Problem


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    parser.add_argument("file", metavar="FILE", help="a role profile or assessment file")
    parser.add_argument(
        "--to", required=True, metavar="FRAMEWORK",
        help="the framework version to migrate to: a file, or a built-in such as kotter@2.0.0",
    )
    parser.add_argument(
        "--from", dest="source", metavar="FRAMEWORK",
        help="the framework FILE was written against (default: the built-in it names)",
    )
    parser.add_argument(
        "--mapping", metavar="FILE_OR_BUILTIN",
        help="a mapping file or built-in mapping (default: the one shipped for the two "
        "versions, if any)",
    )
    parser.add_argument(
        "-o", "--output-file", metavar="FILE",
        help="write the migrated document here (atomically) instead of to standard output",
    )
    parser.add_argument("--force", action="store_true", help="replace -o FILE if it exists")
    parser.add_argument(
        "--strict", action="store_true",
        help="fail (exit 1, write nothing) when anything is dropped or needs a decision",
    )
    parser.add_argument(
        "--policy", default="default", metavar="FILE_OR_NAME",
        help="the scoring policy whose coverage rule decides whether the migrated assessment "
        "can still be scored (default: the default policy)",
    )
    parser.add_argument(
        "--allow-unscorable", action="store_true",
        help="write the migrated assessment (exit 0) even when some competency can no longer "
        "be scored",
    )


def run(args: argparse.Namespace) -> int:
    """Migrate the document, write it, and report what happened to each old id."""
    versioning = leadcomp.versioning
    resolve = leadcomp.builtin.resolve
    InvalidDocument = leadcomp.InvalidDocument
    if args.force and not args.output_file:
        print("leadcomp migrate: error: --force needs -o/--output-file", file=sys.stderr)
        return 2
    if args.output_file and leadcomp.documents.same_file(args.output_file, args.file):
        print(
            f"{_n(args.output_file)}: same-file: this is the input; write the migrated document to "
            "another file",
            file=sys.stderr,
        )
        return 2
    if args.output_file and not args.force and os.path.exists(args.output_file):
        print(leadcomp.documents.exists_message(args.output_file), file=sys.stderr)
        return 2
    try:
        policy = leadcomp.load_policy(args.policy)
    except InvalidDocument as invalid:
        return _fail(invalid.problems, args.policy)
    try:
        document = leadcomp.load(args.file)
    except InvalidDocument as invalid:
        return _fail(invalid.problems, args.file)
    if not isinstance(document, (leadcomp.model.Assessment, leadcomp.model.RoleProfile)):
        wrong = leadcomp.problems.problem(
            "wrong-kind", "only role profiles and assessments migrate", ("kind",)
        )
        return _fail([wrong], args.file)
    try:
        to = resolve(args.to, "framework")
    except InvalidDocument as invalid:
        return _fail(invalid.problems, args.to)
    try:
        mapping = versioning.resolve_mapping(args.mapping) if args.mapping else None
    except InvalidDocument as invalid:
        return _fail(invalid.problems, args.mapping)
    try:
        if args.source:
            old = resolve(args.source, "framework")
        else:
            old = versioning.source_framework(document, to, mapping)
    except InvalidDocument as invalid:
        return _fail(invalid.problems, args.source or args.file)
    if mapping is None and not args.mapping:
        mapping = versioning.builtin_mapping(old.ref, to.ref)
        if mapping is not None:
            print(f"using the built-in mapping {mapping.id}", file=sys.stderr)
    if mapping is not None:
        validation = leadcomp.validation
        found = [
            p for p in validation.mapping_problems(mapping)
            + validation.mapping_fit_problems(mapping, old, to)
            if p.is_error
        ]
        if found:
            return _fail(found, args.mapping or f"the built-in mapping {mapping.id}")
    try:
        result = versioning.migrate(document, to, mapping, old=old)
    except InvalidDocument as invalid:
        return _fail(invalid.problems, args.file)
    sys.stderr.write(versioning.migration_text(args.file, result, mapping))
    scorability = result.scorability(to, policy)
    sys.stderr.write(versioning.scorability_text(scorability, policy.id))
    if args.strict and not result.complete:
        _fail(result.problems(), args.file)
        print(
            f"{_n(args.file)}: not migrated: with --strict nothing may be dropped or left to "
            "decide",
            file=sys.stderr,
        )
        return 1
    lost = [s for s in scorability if not s.scorable]
    if lost and not args.allow_unscorable:
        print(
            f"{args.file}: not migrated: the result cannot be scored on {len(lost)} of "
            f"{len(scorability)} competencies under the policy '{policy.id}'; "
            "--allow-unscorable writes it anyway, a mapping that carries more answers keeps "
            "it scorable",
            file=sys.stderr,
        )
        return 1
    if not args.output_file:
        sys.stdout.write(leadcomp.dumps(result.document))
        return 0
    try:
        leadcomp.dump(result.document, args.output_file, overwrite=args.force)
    except InvalidDocument as invalid:
        code = 2 if any(p.code == "file-exists" for p in invalid.problems) else 1
        _fail(invalid.problems, args.output_file)
        return code
    return 0



def _fail(problems: Iterable[Problem], name: str) -> int:
    for p in problems:
        print(p.located(name), file=sys.stderr)
    return 1
