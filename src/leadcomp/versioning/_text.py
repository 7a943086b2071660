"""A framework diff in words: the changes grouped by level, and the verdict on the version bump."""

from __future__ import annotations

from leadcomp.versioning._changes import FrameworkDiff

_HEADINGS = {"major": "major (breaks roles or assessments)", "minor": "minor (adds)",
             "patch": "patch (rewords)"}


def diff_text(result: FrameworkDiff) -> str:
    """The diff as text: a summary line, then the changes grouped by level, largest first."""
    lines = [f"{result.old} -> {result.new}: {diff_summary(result)}"]
    for level in ("major", "minor", "patch"):
        changes = result.of_level(level)
        if not changes:
            continue
        lines.append(f"{_HEADINGS[level]}:")
        lines.extend(f"  {change.kind}: {change.subject}: {change.message}" for change in changes)
    return "\n".join(lines) + "\n"


def diff_summary(result: FrameworkDiff) -> str:
    """"no changes", or how many changes of which level and the version they need."""
    if not result.changes:
        return "no changes"
    counts = [f"{len(result.of_level(level))} {level}" for level in ("major", "minor", "patch")
              if result.of_level(level)]
    total = len(result.changes)
    return (
        f"{total} change{'s' * (total != 1)} ({', '.join(counts)}); the new version needs "
        f"{result.required_version} or later"
    )


def bump_message(result: FrameworkDiff) -> str:
    """Whether the declared version fits the changes, in words, naming the largest change."""
    declared = result.new_version
    required = result.required_version
    if required is None:
        return f"{declared} declared; nothing changed, so any version will do"
    level = result.level
    assert level is not None
    largest = result.of_level(level)
    what = largest[0].message
    if len(largest) > 1:
        what += f" (and {len(largest) - 1} more {level} change{'s' * (len(largest) > 2)})"
    if result.bump_ok:
        return f"{declared} declared, and the changes need {required} or later: ok"
    if declared == result.old_version:
        return (
            f"{declared} declared, the same as the old version, but {what} is a {level} "
            f"change: {required} or later"
        )
    return f"{declared} declared, but {what} is a {level} change: {required} or later"
