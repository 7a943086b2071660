"""Strict parsing of JSON and YAML bytes into plain data, keeping what is needed to place errors.

Nothing here knows what a framework is: it turns bytes into dicts, lists and scalars, or into
Problems (duplicate keys, NaN/Infinity, bad UTF-8, too deep, too large, YAML tags and aliases).
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Iterable
from typing import Any

import leadcomp.read._jsonpos as _jsonpos
from leadcomp.problems import InvalidDocument, PathParts, Problem, problem
from leadcomp.read._limits import DEFAULT_LIMITS, Limits
from leadcomp.read._parsed import Parsed, Syntax
from leadcomp.read._plain import SURROGATE_ESCAPE, plain_problems

_YAML_SUFFIXES = (".yaml", ".yml")
#: Byte-order marks of encodings people save by mistake (UTF-32 first: it starts like UTF-16).
_UTF16_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


class _Duplicate(Exception):
    pass


class _NonFinite(Exception):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Duplicate
    return result


def _constant(token: str) -> float:
    raise _NonFinite


def _float(token: str) -> float:
    value = float(token)
    if value in (math.inf, -math.inf):
        raise _NonFinite
    return value


def syntax_for(name: str | None, data: bytes) -> Syntax:
    """JSON or YAML: by the file's suffix, else by the first character of the content."""
    if name is not None:
        lowered = name.lower()
        if lowered.endswith(_YAML_SUFFIXES):
            return "yaml"
        if lowered.endswith(".json") or lowered.endswith(".jsonl"):
            return "json"
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return "json" if head in (b"{", b"[", b'"') else "yaml"


def _fail(problems: list[Problem], file: str | None) -> InvalidDocument:
    return InvalidDocument([p.located(file) for p in problems])


def decode(data: bytes, file: str | None) -> str:
    """UTF-8 text of the bytes (a leading byte-order mark is dropped); InvalidDocument if not."""
    utf16 = next((name for bom, name in _UTF16_BOMS if data.startswith(bom)), None)
    if utf16 is not None:
        raise _fail(
            [
                Problem(
                    code="invalid-utf8",
                    message=f"the file is not UTF-8: it starts with the byte-order mark of "
                    f"{utf16}; save the file as UTF-8",
                    line=1,
                    column=1,
                )
            ],
            file,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _jsonpos.LineIndex(
            data[: error.start].decode("utf-8", "replace")
        ).at(len(data[: error.start].decode("utf-8", "replace")))
        bad = data[error.start : error.start + 1].hex()
        raise _fail(
            [
                Problem(
                    code="invalid-utf8",
                    message=f"the file is not UTF-8: byte 0x{bad} at offset {error.start} "
                    "cannot be decoded; save the file as UTF-8",
                    line=line,
                    column=column,
                )
            ],
            file,
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def parse(
    data: bytes, *, file: str | None = None, syntax: Syntax | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Parsed:
    """Parse JSON or YAML bytes strictly into plain data; InvalidDocument on any problem."""
    if len(data) > limits.max_bytes:
        raise _fail(
            [
                problem(
                    "too-large",
                    f"the input is {len(data)} bytes, over the limit of {limits.max_bytes}; "
                    "raise the limit (--max-bytes) if the file is genuine",
                )
            ],
            file,
        )
    syntax = syntax or syntax_for(file, data)
    text = decode(data, file)
    if not text.strip():
        raise _fail(
            [
                problem(
                    "empty",
                    "the file is empty; a leadcomp document is an object with 'kind' and "
                    "'format'",
                )
            ],
            file,
        )
    if syntax == "json":
        return _parse_json(text, file, limits)

    # PyYAML is imported only when YAML is read: JSON never pays for it
    from leadcomp.read._yaml import parse_yaml

    return parse_yaml(text, file, limits)


def _parse_json(text: str, file: str | None, limits: Limits) -> Parsed:
    try:
        data = json.loads(
            text, object_pairs_hook=_pairs, parse_constant=_constant, parse_float=_float
        )
    except json.JSONDecodeError as error:
        message = error.msg
        if message == "Extra data":
            message = "unexpected content after the end of the document"
        raise _fail(
            [
                Problem(
                    code="invalid-json",
                    message=f"not valid JSON: {message}",
                    line=error.lineno,
                    column=error.colno,
                )
            ],
            file,
        ) from None
    except RecursionError:
        raise _fail([_too_deep(text, limits)], file) from None
    except (_Duplicate, _NonFinite):
        raise _fail(_explain_json(text), file) from None
    except ValueError as error:  # an integer with more digits than Python converts
        raise _fail([_too_long_number(text, error)], file) from None
    if SURROGATE_ESCAPE.search(text):  # rare: only then can a lone surrogate have been decoded
        bad = plain_problems(data)
        if bad:
            raise _fail(Parsed(data, text=text, syntax="json", file=file).locate(bad), file)
    return Parsed(data, text=text, syntax="json", file=file)


def _too_long_number(text: str, error: ValueError) -> Problem:
    """Where the integer is that has more digits than Python converts (its int_max_str_digits)."""
    limit = getattr(sys, "get_int_max_str_digits", lambda: 0)()
    match = re.search(f"-?[0-9]{{{limit + 1},}}", text) if limit else None
    if match is None:  # pragma: no cover - the only ValueError json raises is for long integers
        return problem("invalid-json", f"not valid JSON: {error}")
    line, column = _jsonpos.LineIndex(text).at(match.start())
    return Problem(
        code="invalid-json",
        message=f"a number has {len(match.group().lstrip('-'))} digits, more than the {limit} "
        "leadcomp reads; write it with fewer digits (or as a string)",
        line=line,
        column=column,
    )


def _too_deep(text: str, limits: Limits) -> Problem:
    offset = _jsonpos.offset_of_depth(text, limits.max_depth)
    line, column = _jsonpos.LineIndex(text).at(offset) if offset is not None else (None, None)
    return Problem(
        code="too-deep",
        message=f"arrays and objects are nested deeper than the limit of {limits.max_depth}",
        line=line,
        column=column,
    )


def _explain_json(text: str) -> list[Problem]:
    """Find and place duplicate keys and non-finite numbers (the slow path, on failure only)."""
    try:  # syntax first: only well-formed text can be walked
        json.loads(text, parse_constant=float)
    except json.JSONDecodeError as error:
        return [
            Problem(
                code="invalid-json",
                message=f"not valid JSON: {error.msg}",
                line=error.lineno,
                column=error.colno,
            )
        ]
    except RecursionError:
        return [_too_deep(text, DEFAULT_LIMITS)]
    lines = _jsonpos.LineIndex(text)
    found: list[Problem] = []
    for path, offset in _jsonpos.duplicate_keys(text):
        found.append(
            problem(
                "duplicate-key",
                f"the key {path[-1]!r} appears more than once in this object; keep one",
                path,
            ).located(None, *lines.at(offset))
        )
    for path, offset in _jsonpos.non_finite_numbers(text):
        found.append(
            problem(
                "non-finite-number",
                "NaN and Infinity are not JSON numbers; write a finite number",
                path,
            ).located(None, *lines.at(offset))
        )
    return found or [problem("invalid-json", "not valid JSON")]


def check_depth(data: Any, limits: Limits, start: PathParts = ()) -> list[Problem]:
    """A too-deep Problem for the first place nested deeper than the limit (iterative walk)."""
    stack: list[tuple[Any, int, PathParts]] = [(data, 1, start)]
    while stack:
        value, depth, path = stack.pop()
        if isinstance(value, dict):
            items: Iterable[tuple[str | int, Any]] = value.items()
        elif isinstance(value, list):
            items = enumerate(value)
        else:
            continue
        if depth > limits.max_depth:
            return [
                problem(
                    "too-deep",
                    f"arrays and objects are nested deeper than the limit of {limits.max_depth}",
                    path,
                )
            ]
        stack.extend((child, depth + 1, (*path, key)) for key, child in items)
    return []
