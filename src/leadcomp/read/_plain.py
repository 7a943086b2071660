"""Checks that data is plain JSON that can be written and read back unchanged."""

from __future__ import annotations

import math
import re
import sys
from functools import cache
from typing import Any

from leadcomp.problems import PathParts, Problem, problem

_SURROGATE = re.compile("[\ud800-\udfff]")
#: A JSON escape of a UTF-16 surrogate: only text containing one can decode to a lone surrogate.
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


#: The most digits of a whole number that Python writes in decimal (0: no limit).
MAX_DIGITS: int = getattr(sys, "get_int_max_str_digits", lambda: 0)()
#: Whole numbers of at most this many bits have at most MAX_DIGITS digits (a digit is
#: log2(10) > 3.32 bits); longer ones are compared exactly.
_FEW_BITS = int(MAX_DIGITS * 3.32)


@cache
def _smallest_too_long() -> int:
    return int(10**MAX_DIGITS)


def too_many_digits(value: int) -> bool:
    """Whether the whole number has more decimal digits than Python writes (and so than any
    leadcomp writer can write)."""
    if not MAX_DIGITS or value.bit_length() <= _FEW_BITS:
        return False
    return abs(value) >= _smallest_too_long()


def digits_message(value: int, written: int | None = None) -> str:
    """What to say of a whole number with too many digits (``written``: as many as that)."""
    digits = f"{written}" if written is not None else f"about {value.bit_length() * 0.30103:.0f}"
    return (
        f"a whole number has {digits} digits in decimal, more than the {MAX_DIGITS} leadcomp "
        "reads and writes; write it with fewer digits (or as a string)"
    )


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
    """Problems with values that JSON cannot carry unchanged: non-finite numbers, whole numbers
    too long to write, lone surrogates, non-string keys, and any type other than dict, list,
    str, int, float, bool, None.

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
        elif kind is int:
            if too_many_digits(value):
                found.append(problem("number-too-long", digits_message(value), where))
        elif kind is float:
            if not math.isfinite(value):
                found.append(
                    problem("non-finite-number", "NaN and infinity are not JSON numbers", where)
                )
        elif kind is not bool and value is not None:
            found.append(
                problem(
                    "not-json",
                    f"only JSON values (objects, arrays, strings, numbers, true, false, null) "
                    f"can be kept; found {kind.__name__}",
                    where,
                )
            )
    return found
