"""Holding what leadcomp prints to the schema of its kind."""

from __future__ import annotations

from typing import Any

from leadcomp.read._limits import DEFAULT_LIMITS
from leadcomp.validation._acceptor import acceptor
from leadcomp.validation._schema_check import schema_problems


def check_output(kind: str, data: Any) -> None:
    """Hold a document leadcomp made (such as a ``framework-diff``) to its kind's schema before it
    is printed; AssertionError names the first problem when it breaks it, a bug in leadcomp."""
    if not acceptor(kind, DEFAULT_LIMITS.max_depth)(data):
        found = schema_problems(kind, data)
        if found:
            raise AssertionError(f"{kind} output breaks its schema: {found[0]}")
