"""Framework versions: a semantic diff with bump levels, and migration of roles and assessments.

``diff(old, new)`` lists every change between two versions of a framework, each one major
(breaks existing roles or assessments), minor (adds) or patch (rewords), and says which version
the new framework should declare. ``migrate(document, to=new, old=old)`` carries a role profile
or an assessment across, through declared ``replaces`` and an optional mapping document, and
reports what was carried, merged, split, dropped and what needs a person's decision.

The names are imported from their modules on first use, so that ``diff`` never loads what
migration needs (the document rules and the statistics).
"""

from __future__ import annotations

from leadcomp._lazy import face as _face

TYPE_CHECKING = False
if TYPE_CHECKING:  # the public names, each imported on first use
    from leadcomp.versioning._account import (
        migration_text as migration_text,
        scorability_text as scorability_text,
    )
    from leadcomp.versioning._builtin import (
        builtin_mapping as builtin_mapping,
        builtin_mapping_ids as builtin_mapping_ids,
        load_builtin_mapping as load_builtin_mapping,
    )
    from leadcomp.versioning._changes import (
        Change as Change,
        FrameworkDiff as FrameworkDiff,
        level_of as level_of,
    )
    from leadcomp.versioning._diff import diff as diff
    from leadcomp.versioning._levels import (
        BUMP_LEVELS as BUMP_LEVELS,
        CHANGE_KINDS as CHANGE_KINDS,
        CHANGE_LEVELS as CHANGE_LEVELS,
        BumpLevel as BumpLevel,
        required_version as required_version,
    )
    from leadcomp.versioning._migrate import (
        migrate as migrate,
        source_framework as source_framework,
    )
    from leadcomp.versioning._resolve import resolve_mapping as resolve_mapping
    from leadcomp.versioning._result import (
        ACTIONS as ACTIONS,
        Action as Action,
        MigrationResult as MigrationResult,
        Outcome as Outcome,
        Scorability as Scorability,
    )
    from leadcomp.versioning._text import (
        bump_message as bump_message,
        diff_summary as diff_summary,
        diff_text as diff_text,
    )


__getattr__, __dir__ = _face(__name__, globals())
