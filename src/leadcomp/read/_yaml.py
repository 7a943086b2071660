"""Strict YAML reading from the event stream: plain data only, positions kept, nothing executed.

Building from events (not from PyYAML's constructor) means no tag is ever turned into an object,
nesting depth is checked as it grows, and duplicate keys and aliases are refused.
"""

from __future__ import annotations

import math
from typing import Any

import yaml

from leadcomp.problems import InvalidDocument, PathParts, Problem, problem
from leadcomp.read._jsonpos import LineIndex, offset_of_depth
from leadcomp.read._limits import Limits
from leadcomp.read._parsed import Parsed
from leadcomp.read._plain import digits_message, plain_problems, too_many_digits

try:  # the C parser is much faster where it is built
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_T = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_T + name for name in ("str", "int", "float", "bool", "null", "timestamp")}
_SEQ, _MAP = _T + "seq", _T + "map"
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _pos(event: Any) -> tuple[int, int]:
    mark = event.start_mark
    return mark.line + 1, mark.column + 1


class _Fail(Exception):
    def __init__(self, found: Problem) -> None:
        self.problem = found


def _scalar(event: Any, path: PathParts) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
    if tag not in _PLAIN_TAGS:
        raise _Fail(_tag_problem(tag, path, event))
    if tag == _T + "str" or tag == _T + "timestamp":
        return event.value
    try:
        value = _CONSTRUCTOR.yaml_constructors[tag](
            _CONSTRUCTOR, yaml.ScalarNode(tag, event.value)
        )
    except ValueError:  # a decimal whole number with more digits than Python converts
        if tag != _T + "int":  # pragma: no cover - only whole numbers raise ValueError
            raise
        digits = sum(map(str.isdigit, event.value))
        raise _Fail(
            problem("number-too-long", digits_message(0, digits), path).located(None, *_pos(event))
        ) from None
    if type(value) is int and too_many_digits(value):  # hex, octal or binary, written out
        raise _Fail(
            problem("number-too-long", digits_message(value), path).located(None, *_pos(event))
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise _Fail(
            problem(
                "non-finite-number",
                ".nan and .inf are not allowed; write a finite number",
                path,
            ).located(None, *_pos(event))
        )
    return value


def _tag_problem(tag: str, path: PathParts, event: Any) -> Problem:
    return problem(
        "yaml-tag",
        f"the YAML tag {tag!r} is not allowed: leadcomp reads plain YAML (strings, numbers, "
        "booleans, null, lists and mappings) and never builds objects from tags",
        path,
    ).located(None, *_pos(event))


def parse_yaml(text: str, file: str | None, limits: Limits) -> Parsed:
    """Parse one YAML document strictly; InvalidDocument on any problem."""
    try:
        return _build(text, file, limits)
    except _Fail as fail:
        raise InvalidDocument([fail.problem.located(file)]) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = _one_line(error.problem or error.context)
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        if "nesting depth" in reason:  # libyaml's own limit: place ours instead
            offset = offset_of_depth(text, limits.max_depth)
            if offset is not None:
                line, column = LineIndex(text).at(offset)
            raise InvalidDocument(
                [
                    Problem(
                        code="too-deep",
                        message="lists and mappings are nested deeper than the limit of "
                        f"{limits.max_depth}",
                        file=file,
                        line=line,
                        column=column,
                    )
                ]
            ) from None
        raise InvalidDocument(
            [
                Problem(
                    code="invalid-yaml",
                    message=f"not valid YAML: {reason}",
                    file=file,
                    line=line,
                    column=column,
                )
            ]
        ) from None
    except yaml.reader.ReaderError as error:
        line, column = LineIndex(text).at(min(error.position, len(text)))
        raise InvalidDocument(
            [
                Problem(
                    code="invalid-yaml",
                    message=f"not valid YAML: the character {chr(error.character)!r} "
                    f"(U+{error.character:04X}) is not allowed in YAML",
                    file=file,
                    line=line,
                    column=column,
                )
            ]
        ) from None
    except yaml.YAMLError as error:  # pragma: no cover - every YAMLError PyYAML raises is above
        raise InvalidDocument(
            [Problem(code="invalid-yaml", message=f"not valid YAML: {_one_line(error)}", file=file)]
        ) from None


def _one_line(reason: object) -> str:
    return " ".join(str(reason).split())


def _build(text: str, file: str | None, limits: Limits) -> Parsed:
    values: dict[PathParts, tuple[int, int]] = {}
    keys: dict[PathParts, tuple[int, int]] = {}
    # frames: [container, path, pending key or None (maps), key position]
    stack: list[list[Any]] = []
    root: Any = None
    have_root = False
    documents = 0
    event: Any
    for event in yaml.parse(text, Loader=_Loader):
        kind = type(event)
        if kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Fail(
                    problem(
                        "invalid-yaml",
                        "the file holds more than one YAML document; keep one per file",
                    ).located(None, *_pos(event))
                )
            continue
        if kind is yaml.AliasEvent:
            raise _Fail(
                problem(
                    "yaml-alias",
                    "YAML aliases (*name) are not allowed; write the value out in full",
                    _path_here(stack),
                ).located(None, *_pos(event))
            )
        if kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
            frame = stack.pop()
            _attach(stack, frame[0], frame[1], event, values, keys)
            if not stack:
                root, have_root = frame[0], True
            continue
        if kind not in (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent):
            continue
        # A mapping key?
        if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
            frame = stack[-1]
            if kind is not yaml.ScalarEvent:
                raise _Fail(
                    problem(
                        "invalid-key",
                        "mapping keys must be plain strings",
                        frame[1],
                    ).located(None, *_pos(event))
                )
            if event.value == "<<" and event.implicit[0] and event.tag in (None, "!"):
                raise _Fail(
                    problem(
                        "yaml-alias",
                        "YAML merge keys (<<) are not allowed; write the values out in full",
                        frame[1],
                    ).located(None, *_pos(event))
                )
            key = _scalar(event, frame[1])
            if not isinstance(key, str) or event.tag not in (None, "!", _T + "str"):
                raise _Fail(
                    problem(
                        "invalid-key",
                        f"mapping keys must be strings; {event.value!r} reads as "
                        f"{type(key).__name__}: quote it",
                        frame[1],
                    ).located(None, *_pos(event))
                )
            if key in frame[0]:
                raise _Fail(
                    problem(
                        "duplicate-key",
                        f"the key {key!r} appears more than once in this mapping; keep one",
                        (*frame[1], key),
                    ).located(None, *_pos(event))
                )
            frame[2] = key
            frame[3] = _pos(event)
            continue
        path = _path_here(stack)
        if kind is yaml.ScalarEvent:
            value = _scalar(event, path)
            values[path] = _pos(event)
            if stack:
                _attach(stack, value, path, event, values, keys, record=False)
            else:
                root, have_root = value, True
            continue
        tag = event.tag
        expected = _MAP if kind is yaml.MappingStartEvent else _SEQ
        if tag not in (None, "!", expected):
            raise _Fail(_tag_problem(tag, path, event))
        if len(stack) + 1 > limits.max_depth:
            raise _Fail(
                problem(
                    "too-deep",
                    f"lists and mappings are nested deeper than the limit of {limits.max_depth}",
                    path,
                ).located(None, *_pos(event))
            )
        values[path] = _pos(event)
        container: Any = {} if kind is yaml.MappingStartEvent else []
        stack.append([container, path, None, None])
    if not have_root:
        raise _Fail(
            problem(
                "empty",
                "the file holds no YAML document; a leadcomp document is a mapping with "
                "'kind' and 'format'",
            )
        )
    parsed = Parsed(root, text=text, syntax="yaml", file=file, values=values, keys=keys)
    bad = plain_problems(root)
    if bad:
        raise InvalidDocument(parsed.locate(bad))
    return parsed


def _path_here(stack: list[list[Any]]) -> PathParts:
    if not stack:
        return ()
    container, path, key, _ = stack[-1]
    if isinstance(container, dict):
        return (*path, key) if key is not None else path
    return (*path, len(container))


def _attach(
    stack: list[list[Any]],
    value: Any,
    path: PathParts,
    event: Any,
    values: dict[PathParts, tuple[int, int]],
    keys: dict[PathParts, tuple[int, int]],
    record: bool = True,
) -> None:
    if not stack:
        return
    frame = stack[-1]
    container = frame[0]
    if isinstance(container, dict):
        container[frame[2]] = value
        keys[path] = frame[3]
        frame[2] = None
    else:
        container.append(value)
