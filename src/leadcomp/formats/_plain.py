"""Checks that data is plain JSON that can be written and read back unchanged."""

from __future__ import annotations

import math
import re
from typing import Any

from ..validation._problem import PathParts, Problem, problem

_SURROGATE = re.compile("[\ud800-\udfff]")
#: A JSON escape of a UTF-16 surrogate: only text containing one can decode to a lone surrogate.
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _text_problem(text: str, parts: PathParts) -> Problem | None:
    match = _SURROGATE.search(text)
    if match is None:
        return None
    return problem(
        "invalid-unicode",
        f"the text holds a lone UTF-16 surrogate (U+{ord(match.group()):04X}), which is not a "
        "character and cannot be written as UTF-8; remove it or pair it",
        parts,
    )


def plain_problems(data: Any, parts: PathParts = (), limit: int = 100) -> list[Problem]:
    """Problems with values that JSON cannot carry unchanged: non-finite numbers, lone
    surrogates, non-string keys, and any type other than dict, list, str, int, float, bool, None.

    The walk is iterative and stops after ``limit`` problems.
    """
    found: list[Problem] = []
    stack: list[tuple[Any, PathParts]] = [(data, parts)]
    while stack and len(found) < limit:
        value, where = stack.pop()
        kind = type(value)
        if kind is str:
            bad = _text_problem(value, where)
            if bad is not None:
                found.append(bad)
        elif kind is dict:
            for key, child in value.items():
                if type(key) is not str:
                    found.append(
                        problem(
                            "not-json",
                            f"object keys must be strings; found {type(key).__name__} {key!r}",
                            where,
                        )
                    )
                    continue
                bad = _text_problem(key, (*where, key))
                if bad is not None:
                    found.append(bad)
                stack.append((child, (*where, key)))
        elif kind is list:
            stack.extend((child, (*where, i)) for i, child in enumerate(value))
        elif kind is float:
            if not math.isfinite(value):
                found.append(
                    problem("non-finite-number", "NaN and infinity are not JSON numbers", where)
                )
        elif kind not in (int, bool) and value is not None:
            found.append(
                problem(
                    "not-json",
                    f"only JSON values (objects, arrays, strings, numbers, true, false, null) "
                    f"can be kept; found {kind.__name__}",
                    where,
                )
            )
    return found
