"""'Did you mean' hints: the known name closest to an unknown one, with bounded work.

Finding the closest name compares the unknown name with every known one, so a document with
many unknown names would cost their number times the known names'. A ``Suggestions`` gives
hints for the first ``LIMIT`` distinct unknown names it is asked about (the same name again
gets the same hint, at no cost) and none after them, so that its work grows linearly with the
document. The problems are all reported; only the hints stop.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

#: The most distinct unknown names of one kind given a hint in one document.
LIMIT = 20


class Suggestions:
    """Hints for unknown names against ``known`` (read once, when the first hint is asked)."""

    __slots__ = ("_known", "_names", "asked", "cutoff", "hints", "limit")

    def __init__(self, known: Iterable[str], *, cutoff: float = 0.6, limit: int = LIMIT) -> None:
        self._known = known
        self._names: list[str] | None = None
        self.cutoff = cutoff
        self.limit = limit
        self.hints: dict[str, str] = {}
        #: How many names were compared with the known ones (for tests of the work done).
        self.asked = 0

    def closest(self, name: str) -> str | None:
        """The known name closest to ``name`` (None: none close enough, or past the limit)."""
        hint = self.hints.get(name)
        if hint is None:
            if len(self.hints) >= self.limit:
                return None
            if self._names is None:
                self._names = list(self._known)
            self.asked += 1
            close = difflib.get_close_matches(name, self._names, n=1, cutoff=self.cutoff)
            hint = self.hints[name] = close[0] if close else ""
        return hint or None

    def hint(self, name: str) -> str:
        """"; did you mean 'x'?" for the closest known name, or "" where there is none."""
        close = self.closest(name)
        return f"; did you mean {close!r}?" if close else ""
