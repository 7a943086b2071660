"""Changes between framework versions, and the diff that holds them."""

from __future__ import annotations

from typing import Any

from attrs import field, frozen

from leadcomp.model._semver import Version
from leadcomp.validation._schema_check import FORMAT
from leadcomp.versioning._levels import (
    CHANGE_LEVELS,
    BumpLevel,
    highest,
    required_version,
    satisfies,
)
from leadcomp.versioning._messages import describe


@frozen(kw_only=True)
class Change:
    """One difference between two framework versions.

    ``subject`` is a path to what changed: ``title``, ``scales/likert/levels/3``,
    ``competencies/vision``, ``competencies/vision/indicators/vision.1``... ``old`` and ``new``
    are JSON values (None where there is nothing on that side).
    """

    kind: str
    level: BumpLevel
    subject: str
    old: Any = field(default=None, hash=False)
    new: Any = field(default=None, hash=False)

    @property
    def message(self) -> str:
        """What the change does, as a phrase such as "removing competency 'x'"."""

        return describe(self)

    def to_dict(self) -> dict[str, Any]:
        """The change as JSON-ready data (one item of a framework-diff's ``changes``)."""
        return {
            "kind": self.kind,
            "level": self.level,
            "subject": self.subject,
            "old": self.old,
            "new": self.new,
            "message": self.message,
        }


@frozen(kw_only=True)
class FrameworkDiff:
    """Every change from one framework version to another, in a stable order."""

    #: ``id@version`` of the two frameworks.
    old: str
    new: str
    changes: tuple[Change, ...]

    @property
    def old_version(self) -> Version:
        """The version of the old framework."""
        return Version.parse(self.old.rpartition("@")[2])

    @property
    def new_version(self) -> Version:
        """The version the new framework declares."""
        return Version.parse(self.new.rpartition("@")[2])

    @property
    def level(self) -> BumpLevel | None:
        """The largest level among the changes; None when nothing changed."""
        return highest([change.level for change in self.changes])

    @property
    def required_version(self) -> Version | None:
        """The smallest version the new framework may declare; None when nothing changed."""
        level = self.level
        return None if level is None else required_version(self.old_version, level)

    @property
    def bump_ok(self) -> bool:
        """True when the new version is large enough for the changes (always, without changes)."""
        required = self.required_version
        if required is None:
            return True
        return satisfies(self.new_version, self.old_version, required)

    def of_level(self, level: BumpLevel) -> tuple[Change, ...]:
        """The changes of one level, in order."""
        return tuple(change for change in self.changes if change.level == level)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def to_dict(self) -> dict[str, Any]:
        """The diff as a ``framework-diff`` document (schemas/framework-diff.schema.json)."""
        required = self.required_version
        counts = {"major": 0, "minor": 0, "patch": 0}
        for change in self.changes:
            counts[change.level] += 1
        data: dict[str, Any] = {
            "kind": "framework-diff",
            "format": FORMAT,
            "old": self.old,
            "new": self.new,
        }
        if required is not None:  # absent, rather than null, when nothing changed
            data["level"] = self.level
            data["required_version"] = str(required)
        data["bump_ok"] = self.bump_ok
        data["summary"] = counts
        data["changes"] = [change.to_dict() for change in self.changes]
        return data


def level_of(kind: str) -> BumpLevel:
    """The level of a change kind (KeyError for a kind that does not exist)."""
    return CHANGE_LEVELS[kind]
