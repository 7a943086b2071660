"""Semantic versions and version ranges, as frameworks and roles use them."""

from __future__ import annotations

import re
from functools import total_ordering

from attrs import frozen

_VERSION = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?"
    r"(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?",
    re.ASCII,
)
_COMPARATOR = re.compile(r"\s*(>=|<=|==|!=|>|<|\^|~|=)?\s*(\S+)\s*", re.ASCII)


@total_ordering
@frozen
class Version:
    """A semantic version (semver.org 2.0.0); build metadata is ignored when comparing."""

    major: int
    minor: int
    patch: int
    prerelease: tuple[int | str, ...] = ()
    build: str | None = None

    @classmethod
    def parse(cls, text: str) -> Version:
        """Parse a version; ValueError with a readable message when it is not semver."""
        match = _VERSION.fullmatch(text)
        if match is None:
            raise ValueError(f"{text!r} is not a semantic version such as 1.0.0 or 2.1.0-rc.1")
        major, minor, patch, pre, build = match.groups()
        prerelease = (
            tuple(int(p) if p.isascii() and p.isdigit() else p for p in pre.split("."))
            if pre
            else ()
        )
        return cls(int(major), int(minor), int(patch), prerelease, build)

    def _key(self) -> tuple[int, int, int, int, tuple[tuple[int, int | str], ...]]:
        # a release sorts after its prereleases; numeric identifiers before alphanumeric ones
        pre = tuple((0, p) if isinstance(p, int) else (1, p) for p in self.prerelease)
        return (self.major, self.minor, self.patch, 0 if self.prerelease else 1, pre)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self._key() < other._key()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def bump(self, part: str) -> Version:
        """The next version for a change of this size: "major", "minor" or "patch"."""
        if part == "major":
            return Version(self.major + 1, 0, 0)
        if part == "minor":
            return Version(self.major, self.minor + 1, 0)
        if part == "patch":
            return Version(self.major, self.minor, self.patch + 1)
        raise ValueError(f"unknown part {part!r}; use major, minor or patch")

    def __str__(self) -> str:
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.prerelease:
            text += "-" + ".".join(str(p) for p in self.prerelease)
        if self.build:
            text += "+" + self.build
        return text


@frozen
class VersionRange:
    """Versions that satisfy every comparator, such as ``>=1.0.0, <2.0.0`` or ``^1.2.0``."""

    text: str
    bounds: tuple[tuple[str, Version], ...]

    @classmethod
    def parse(cls, text: str) -> VersionRange:
        """Parse a range; ValueError with a readable message when it is malformed."""
        bounds: list[tuple[str, Version]] = []
        parts = text.split(",")
        if not text.strip() or any(not p.strip() for p in parts):
            raise ValueError(
                f"{text!r} is not a version range; write comparators separated by commas, "
                "such as '>=1.0.0, <2.0.0', '^1.2.0', '~1.2.0' or '1.2.3'"
            )
        for part in parts:
            match = _COMPARATOR.fullmatch(part)
            if match is None:
                raise ValueError(f"{part.strip()!r} is not a version comparator")
            op, version_text = match.groups()
            version = Version.parse(version_text)
            op = op or "=="
            if op == "=":
                op = "=="
            if op == "^":
                upper = (
                    version.bump("major")
                    if version.major
                    else version.bump("minor")
                    if version.minor
                    else version.bump("patch")
                )
                bounds += [(">=", version), ("<", upper)]
            elif op == "~":
                bounds += [(">=", version), ("<", version.bump("minor"))]
            else:
                bounds.append((op, version))
        return cls(text, tuple(bounds))

    def __contains__(self, version: object) -> bool:
        if isinstance(version, str):
            version = Version.parse(version)
        if not isinstance(version, Version):
            return False
        tests = {
            ">=": version.__ge__,
            "<=": version.__le__,
            ">": version.__gt__,
            "<": version.__lt__,
            "==": version.__eq__,
            "!=": version.__ne__,
        }
        return all(tests[op](bound) for op, bound in self.bounds)

    def __str__(self) -> str:
        return self.text
