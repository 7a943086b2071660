"""Parsed data, with the means to place a Problem's path at a line and column of its source."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

import leadcomp.read._jsonpos as _jsonpos
from leadcomp.problems import PathParts, Problem

#: The syntaxes leadcomp reads.
Syntax = Literal["json", "yaml"]
_KEY_CODES = frozenset({"unknown-field", "duplicate-key"})


class Parsed:
    """Parsed data with the means to place a path at a line and column of its source."""

    __slots__ = ("_keys", "_values", "data", "file", "syntax", "text")

    def __init__(
        self,
        data: Any,
        *,
        text: str,
        syntax: Syntax,
        file: str | None,
        values: dict[PathParts, tuple[int, int]] | None = None,
        keys: dict[PathParts, tuple[int, int]] | None = None,
    ) -> None:
        self.data = data
        self.text = text
        self.syntax = syntax
        self.file = file
        self._values = values
        self._keys = keys

    def locate(self, problems: Iterable[Problem]) -> list[Problem]:
        """The problems with file, line and column filled in where they can be found."""
        problems = list(problems)
        if self._values is None:
            wanted: set[PathParts] = set()
            for p in problems:
                wanted.update(p.parts[:i] for i in range(len(p.parts) + 1))
            try:
                values, keys = _jsonpos.locate_json(self.text, wanted)
            except Exception:  # pragma: no cover - positions are a courtesy, never a crash
                values, keys = {}, {}
        else:
            values, keys = self._values, self._keys or {}
        return [_place(p, values, keys, self.file) for p in problems]


def _place(
    p: Problem,
    values: dict[PathParts, tuple[int, int]],
    keys: dict[PathParts, tuple[int, int]],
    file: str | None,
) -> Problem:
    if p.line is not None:
        return p.located(file)
    parts = p.parts
    if p.code in _KEY_CODES and parts in keys:
        return p.located(file, *keys[parts])
    for end in range(len(parts), -1, -1):
        found = values.get(parts[:end])
        if found is not None:
            return p.located(file, *found)
    return p.located(file)
