"""Change kinds, the bump level each one needs, and the version a bump requires."""

from __future__ import annotations

from typing import Literal

from leadcomp.model._semver import Version

#: How big a change is: "major" breaks roles or assessments, "minor" adds, "patch" rewords.
BumpLevel = Literal["major", "minor", "patch"]
BUMP_LEVELS: tuple[BumpLevel, ...] = ("patch", "minor", "major")
RANK: dict[str, int] = {"patch": 0, "minor": 1, "major": 2}

#: Every change kind with its level (docs/versioning.md explains each one). A few kinds take
#: another level in context: see ``level_of`` in _diff.py (reordering a sequential framework).
CHANGE_LEVELS: dict[str, BumpLevel] = {
    # the framework's own fields
    "framework-id-changed": "major",
    "framework-title-changed": "patch",
    "framework-description-changed": "patch",
    "framework-provenance-changed": "patch",
    "framework-tags-changed": "patch",
    "framework-extensions-changed": "patch",
    "framework-sequential-changed": "minor",
    "framework-default-scale-changed": "patch",
    # scales and their levels
    "scale-added": "minor",
    "scale-removed": "major",
    "scale-title-changed": "patch",
    "level-added": "minor",
    "level-removed": "major",
    "level-revalued": "major",
    "level-relabelled": "patch",
    "level-description-changed": "patch",
    "proficient-changed": "minor",
    "not-observed-allowed": "minor",
    "not-observed-disallowed": "major",
    "not-observed-label-changed": "patch",
    # competencies
    "competency-added": "minor",
    "competency-removed": "major",
    "competency-replaced": "major",
    "competency-split": "major",
    "competency-merged": "major",
    "competency-moved": "minor",
    "competency-reordered": "patch",
    "competency-renamed": "patch",
    "competency-kind-changed": "minor",
    "competency-description-changed": "patch",
    "competency-rescaled": "major",
    "competency-weight-changed": "minor",
    "competency-tags-changed": "patch",
    "competency-replaces-changed": "patch",
    "competency-extensions-changed": "patch",
    "descriptor-added": "patch",
    "descriptor-removed": "patch",
    "descriptor-changed": "patch",
    # indicators
    "indicator-added": "minor",
    "indicator-removed": "major",
    "indicator-rekeyed": "major",
    "indicator-rescaled": "major",
    "indicator-moved": "minor",
    "indicator-reworded": "patch",
    "indicator-reordered": "patch",
    "indicator-extensions-changed": "patch",
    # relations
    "relation-added": "minor",
    "relation-removed": "minor",
}
CHANGE_KINDS: tuple[str, ...] = tuple(CHANGE_LEVELS)


def highest(levels: list[BumpLevel] | tuple[BumpLevel, ...]) -> BumpLevel | None:
    """The largest of some levels, or None when there are none."""
    best: BumpLevel | None = None
    for level in levels:
        if best is None or RANK[level] > RANK[best]:
            best = level
            if level == "major":
                break
    return best


def required_version(old: Version, level: BumpLevel) -> Version:
    """The smallest release after ``old`` that a change of this level allows.

    1.2.3 needs 2.0.0 (major), 1.3.0 (minor) or 1.2.4 (patch). Below 1.0.0 the caret convention
    of version ranges holds: in 0.y.z a major change needs 0.(y+1).0 and any other 0.y.(z+1); in
    0.0.z every change needs 0.0.(z+1). A pre-release leads to its own release (2.0.0-rc.1 to
    2.0.0), whatever the change, since pre-releases promise nothing.
    """
    if old.prerelease:
        return Version(old.major, old.minor, old.patch)
    if old.major == 0:
        if old.minor == 0:
            return old.bump("patch")
        return old.bump("minor" if level == "major" else "patch")
    return old.bump(level)


def satisfies(new: Version, old: Version, required: Version) -> bool:
    """True when ``new`` is a correct successor of ``old`` for a change requiring ``required``.

    A pre-release of the required release (or of a later one) is accepted.
    """
    core = (new.major, new.minor, new.patch)
    return new > old and core >= (required.major, required.minor, required.patch)
