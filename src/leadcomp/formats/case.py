"""1EdTech CASE (Competencies and Academic Standards Exchange) packages in and out.

``read_case`` turns a CFPackage (CASE 1.0, 1.1, or the draft-era shape of early OpenSALT exports)
into a Framework plus warnings; ``write_case`` / ``dumps_case`` turn a Framework into a CASE 1.1
CFPackage that validates against the official schema. docs/case.md says what maps to what and
what each direction cannot carry.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import re
from collections.abc import Callable, Iterable
from json import decoder as _decoder
from typing import TYPE_CHECKING

import leadcomp.formats._case_spec as _case_spec
from leadcomp.documents._atomic import write_document
from leadcomp.documents._pipeline import bulk, parse_source
from leadcomp.formats._case_read import import_package
from leadcomp.formats._case_write import dumps_case, write_case
from leadcomp.formats._sniff import CASE_KEYS, is_case
from leadcomp.problems import InvalidDocument, PathParts, Problem, problem, sort_problems
from leadcomp.read._limits import DEFAULT_LIMITS, Limits
from leadcomp.read._parsed import _place

if TYPE_CHECKING:
    from leadcomp.documents._pipeline import Source
    from leadcomp.model import Framework
    from leadcomp.read._parsed import Parsed

#: Top-level keys that make a JSON object a CASE package rather than a leadcomp document.
NAMESPACE = _case_spec.NAMESPACE
EPOCH = _case_spec.EPOCH
DEFAULT_SCALE = _case_spec.DEFAULT_SCALE


def read_case(
    source: Source, *, strict: bool = False, limits: Limits = DEFAULT_LIMITS
) -> tuple[Framework, list[Problem]]:
    """A framework from a CASE package (a path, bytes or parsed mapping) and its warnings.

    Deviations from CASE 1.1 that real exports make are warnings; ``strict=True`` makes them
    errors. InvalidDocument (with every Problem) when the package cannot be read.
    """
    with bulk():
        parsed = parse_source(source, limits=limits)
        framework, found = _from_parsed(parsed, strict=strict, limits=limits)
        located = _locate(parsed, found)
    if framework is None:
        raise InvalidDocument(located)
    return framework, located


def _from_parsed(
    parsed: Parsed, *, strict: bool, limits: Limits
) -> tuple[Framework | None, list[Problem]]:
    data = parsed.data
    if not parsed.text and isinstance(data, dict):  # a mapping given by the caller: not ours
        data = copy.deepcopy(data)
    return import_package(data, strict=strict, limits=limits)


def model_from_case(
    parsed: Parsed, limits: Limits, kind: str | None
) -> tuple[Framework | None, list[Problem]]:
    """The hook ``load`` and ``validate`` call for CASE data: a framework or the problems."""
    if kind is not None and kind != "framework":
        return None, [
            problem("wrong-kind", f"expected a {kind} document here, found a CASE framework")
        ]
    return _from_parsed(parsed, strict=False, limits=limits)


def _locate(parsed: Parsed, problems: Iterable[Problem]) -> list[Problem]:
    """Problems with line and column, reading the text only as far as the last one."""
    problems = list(problems)
    if not problems:
        return []
    if not parsed.text or parsed.syntax != "json":
        return sort_problems(parsed.locate(problems))

    try:
        values, keys = _positions(parsed.text, {p.parts for p in problems})
    except Exception:  # pragma: no cover - positions are a courtesy, never a crash
        values, keys = {}, {}
    return sort_problems(_place(p, values, keys, parsed.file) for p in problems)


class _Found(Exception):
    pass


_SPACE = re.compile(r"[ \t\n\r]*")


def _positions(
    text: str, wanted: set[PathParts]
) -> tuple[dict[PathParts, tuple[int, int]], dict[PathParts, tuple[int, int]]]:
    """Line and column of the values (and keys) at the wanted paths of valid JSON text.

    Only containers on the way to a wanted path are walked; everything else is skipped by the C
    scanner, and the walk stops once every path is found.
    """
    inner = {parts[:i] for parts in wanted for i in range(len(parts))}
    skip = json.JSONDecoder().raw_decode
    scan: Callable[[str, int], tuple[str, int]] = _decoder.scanstring  # type: ignore[attr-defined]
    space = _SPACE.match
    values: dict[PathParts, int] = {}
    keys: dict[PathParts, int] = {}

    def value(path: PathParts, at: int) -> int:
        if path in wanted:
            values[path] = at
            if len(values) == len(wanted):
                raise _Found
        opener = text[at]
        if path not in inner or opener not in "{[":
            return skip(text, at)[1]
        at = space(text, at + 1).end()  # type: ignore[union-attr]
        closer = "}" if opener == "{" else "]"
        number = 0
        while text[at] != closer:
            if opener == "{":
                name, after = scan(text, at + 1)
                child: PathParts = (*path, name)
                if child in wanted:
                    keys[child] = at
                at = space(text, space(text, after).end() + 1).end()  # type: ignore[union-attr]
            else:
                child = (*path, number)
                number += 1
            at = space(text, value(child, at)).end()  # type: ignore[union-attr]
            if text[at] == ",":
                at = space(text, at + 1).end()  # type: ignore[union-attr]
        return at + 1

    with contextlib.suppress(_Found):
        value((), space(text, 0).end())  # type: ignore[union-attr]
    offsets = sorted({*values.values(), *keys.values()})
    places: dict[int, tuple[int, int]] = {}
    line, start, previous = 1, 0, 0
    for offset in offsets:
        line += text.count("\n", previous, offset)
        start = text.rfind("\n", 0, offset) + 1
        places[offset] = (line, offset - start + 1)
        previous = offset
    return (
        {path: places[at] for path, at in values.items()},
        {path: places[at] for path, at in keys.items()},
    )


def load_case(
    source: Source, *, strict: bool = False, limits: Limits = DEFAULT_LIMITS
) -> Framework:
    """A framework from a CASE package; like ``read_case`` without the warnings."""
    return read_case(source, strict=strict, limits=limits)[0]


def dump_case(
    framework: Framework,
    target: str | os.PathLike[str] | None = None,
    *,
    overwrite: bool = False,
) -> str:
    """Write a framework as a CASE 1.1 package and return the text.

    With a target path the file is written atomically, and an existing file is replaced only
    with ``overwrite=True``. InvalidDocument, and nothing written, if the framework is invalid.
    """
    text = dumps_case(framework)
    if target is not None:
        write_bytes(target, text.encode("utf-8"), overwrite=overwrite)
    return text


def write_bytes(target: str | os.PathLike[str], data: bytes, *, overwrite: bool) -> None:
    """Write bytes atomically; InvalidDocument when the file exists (without ``overwrite``) or
    cannot be written."""
    write_document(target, data, overwrite=overwrite)


__all__ = [
    "CASE_KEYS",
    "DEFAULT_SCALE",
    "EPOCH",
    "NAMESPACE",
    "dump_case",
    "dumps_case",
    "is_case",
    "load_case",
    "read_case",
    "write_case",
]
