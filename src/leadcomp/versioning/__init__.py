"""Framework versions: a semantic diff with bump levels, and migration of roles and assessments.

``diff(old, new)`` lists every change between two versions of a framework, each one major
(breaks existing roles or assessments), minor (adds) or patch (rewords), and says which version
the new framework should declare. ``migrate(document, to=new, old=old)`` carries a role profile
or an assessment across, through declared ``replaces`` and an optional mapping document, and
reports what was carried, merged, split, dropped and what needs a person's decision.
"""

from __future__ import annotations

from leadcomp.versioning._account import migration_text, scorability_text
from leadcomp.versioning._builtin import builtin_mapping, builtin_mapping_ids, load_builtin_mapping
from leadcomp.versioning._changes import Change, FrameworkDiff, level_of
from leadcomp.versioning._diff import diff
from leadcomp.versioning._levels import (
    BUMP_LEVELS,
    CHANGE_KINDS,
    CHANGE_LEVELS,
    BumpLevel,
    required_version,
)
from leadcomp.versioning._migrate import migrate, source_framework
from leadcomp.versioning._resolve import resolve_mapping
from leadcomp.versioning._result import ACTIONS, Action, MigrationResult, Outcome, Scorability
from leadcomp.versioning._text import bump_message, diff_summary, diff_text

__all__ = [
    "ACTIONS",
    "BUMP_LEVELS",
    "CHANGE_KINDS",
    "CHANGE_LEVELS",
    "Action",
    "BumpLevel",
    "Change",
    "FrameworkDiff",
    "MigrationResult",
    "Outcome",
    "Scorability",
    "builtin_mapping",
    "builtin_mapping_ids",
    "bump_message",
    "diff",
    "diff_summary",
    "diff_text",
    "level_of",
    "load_builtin_mapping",
    "migrate",
    "migration_text",
    "required_version",
    "resolve_mapping",
    "scorability_text",
    "source_framework",
]
