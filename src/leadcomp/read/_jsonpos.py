"""Line and column of places in JSON text: used only when there is a problem to place."""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Collection, Iterator

from leadcomp.problems import PathParts

_WS = re.compile(r"[ \t\r\n]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SCALAR = re.compile(r"[^,\]\}\s]+")
_OPENER = re.compile(r'["\[\]{}]')

Position = tuple[int, int]


class LineIndex:
    """Offset to (line, column), both 1-based, by bisecting line starts."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> Position:
        """The line and column of a character offset."""
        index = bisect.bisect_right(self._starts, offset) - 1
        return index + 1, offset - self._starts[index] + 1


def _ws(text: str, pos: int) -> int:
    return _WS.match(text, pos).end()  # type: ignore[union-attr]


def iter_values(
    text: str, descend: Callable[[PathParts], bool] = lambda _: True
) -> Iterator[tuple[PathParts, int, int | None]]:
    """Every value of valid JSON text as (path, value offset, key offset or None).

    Containers whose path ``descend`` refuses are skipped whole.
    """
    n = len(text)
    pos = _ws(text, 0)
    stack: list[tuple[PathParts, bool, list[int]]] = []  # (path, is_object, [index])
    path: PathParts = ()
    key_offset: int | None = None
    while pos < n:
        yield path, pos, key_offset
        ch = text[pos]
        if ch in "{[" and descend(path):
            is_object = ch == "{"
            stack.append((path, is_object, [0]))
            pos = _ws(text, pos + 1)
            if text[pos] in "}]":
                pos += 1
                stack.pop()
            elif is_object:
                pos, path, key_offset = _read_key(text, pos, stack[-1][0])
                continue
            else:
                path, key_offset = (*stack[-1][0], 0), None
                continue
        else:
            pos = _skip_value(text, pos)
        while True:
            pos = _ws(text, pos)
            if not stack or pos >= n:
                return
            parent, is_object, counter = stack[-1]
            if text[pos] == ",":
                pos = _ws(text, pos + 1)
                if is_object:
                    pos, path, key_offset = _read_key(text, pos, parent)
                else:
                    counter[0] += 1
                    path, key_offset = (*parent, counter[0]), None
                break
            pos += 1
            stack.pop()


def _read_key(text: str, pos: int, parent: PathParts) -> tuple[int, PathParts, int]:
    match = _STRING.match(text, pos)
    if match is None:  # pragma: no cover - only valid JSON reaches here
        raise ValueError("expected a key")
    key = json.loads(match.group())
    after = _ws(text, match.end()) + 1  # past ':'
    return _ws(text, after), (*parent, key), pos


def _skip_value(text: str, pos: int) -> int:
    ch = text[pos]
    if ch == '"':
        return _STRING.match(text, pos).end()  # type: ignore[union-attr]
    if ch in "{[":
        depth = 0
        while True:
            match = _OPENER.search(text, pos)
            if match is None:  # pragma: no cover - only valid JSON reaches here
                return len(text)
            pos = match.start()
            ch = text[pos]
            if ch == '"':
                pos = _STRING.match(text, pos).end()  # type: ignore[union-attr]
                continue
            depth += 1 if ch in "{[" else -1
            pos += 1
            if depth == 0:
                return pos
    return _SCALAR.match(text, pos).end()  # type: ignore[union-attr]


def locate_json(
    text: str, wanted: Collection[PathParts]
) -> tuple[dict[PathParts, Position], dict[PathParts, Position]]:
    """Positions of the values, and of their keys, at the wanted paths of valid JSON text."""
    wanted_set = set(wanted)
    prefixes = {p[:i] for p in wanted_set for i in range(len(p) + 1)}
    lines = LineIndex(text)
    values: dict[PathParts, Position] = {}
    keys: dict[PathParts, Position] = {}
    for path, offset, key_offset in iter_values(text, prefixes.__contains__):
        if path in wanted_set:
            values[path] = lines.at(offset)
            if key_offset is not None:
                keys[path] = lines.at(key_offset)
    return values, keys


def duplicate_keys(text: str) -> Iterator[tuple[PathParts, int]]:
    """Paths and key offsets of keys that repeat within their object, in valid JSON text."""
    seen: dict[PathParts, set[str | int]] = {}
    for path, _offset, key_offset in iter_values(text):
        if key_offset is None:
            continue
        parent, key = path[:-1], path[-1]
        keys = seen.setdefault(parent, set())
        if key in keys:
            yield path, key_offset
        keys.add(key)


def non_finite_numbers(text: str) -> Iterator[tuple[PathParts, int]]:
    """Paths and offsets of NaN, Infinity or overflowing numbers in otherwise valid JSON text."""
    for path, offset, _key in iter_values(text):
        ch = text[offset]
        if ch in "NI-0123456789":
            token = _SCALAR.match(text, offset).group()  # type: ignore[union-attr]
            try:
                value = float(token)
            except ValueError:
                continue
            if value != value or value in (float("inf"), float("-inf")):
                yield path, offset


def offset_of_depth(text: str, limit: int) -> int | None:
    """The offset of the first bracket that opens nesting deeper than ``limit``, if any."""
    depth = 0
    pos = 0
    while True:
        match = _OPENER.search(text, pos)
        if match is None:
            return None
        pos = match.start()
        ch = text[pos]
        if ch == '"':
            end = _STRING.match(text, pos)
            if end is None:
                return None
            pos = end.end()
            continue
        if ch in "[{":
            depth += 1
            if depth > limit:
                return pos
        else:
            depth -= 1
        pos += 1
