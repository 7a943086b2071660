"""A small cache of values made from objects, keyed by the objects' identity.

Scoring keeps each framework's plan and each checked policy here, and gap analysis each checked
pair of role and framework, so that a batch checks and prepares a shared object once. The
objects are kept beside the value, so their ids cannot be reused while an entry lives; when the
cache is full it starts afresh (a batch rarely uses more than a handful of objects).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

_T = TypeVar("_T")


class IdentityMemo:
    """Up to ``keep`` values, each made once per kind and tuple of objects (by identity)."""

    def __init__(self, keep: int = 16) -> None:
        self._keep = keep
        self._lock = threading.Lock()
        self._values: dict[tuple[str, tuple[int, ...]], tuple[tuple[object, ...], object]] = {}

    def get(self, kind: str, objects: tuple[object, ...], make: Callable[[], _T]) -> _T:
        """The value made for ``objects`` (the very same objects), calling ``make`` only when
        there is none; an exception from ``make`` is raised and nothing is kept."""
        key = (kind, tuple(id(obj) for obj in objects))
        with self._lock:
            hit = self._values.get(key)
        if hit is not None and all(a is b for a, b in zip(hit[0], objects, strict=True)):
            return hit[1]  # type: ignore[return-value]
        value = make()
        with self._lock:
            if len(self._values) >= self._keep:
                self._values.clear()
            self._values[key] = (objects, value)
        return value

    def clear(self) -> None:
        """Forget every value."""
        with self._lock:
            self._values.clear()
