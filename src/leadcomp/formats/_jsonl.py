"""JSON Lines: one document per line, read lazily so that files of any length fit in memory."""

from __future__ import annotations

import os
from collections.abc import Iterator

from attrs import frozen

from ._limits import DEFAULT_LIMITS, Limits

#: How much of an over-long line is read at a time while it is skipped.
_CHUNK = 1024 * 1024


@frozen(kw_only=True)
class Line:
    """One line of a JSON Lines file: where it is, and its bytes."""

    file: str | None
    number: int
    data: bytes


def read_lines(
    path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS
) -> Iterator[Line]:
    """The non-blank lines of a file, one at a time, numbered from 1.

    No line is held in memory beyond ``limits.max_bytes`` + 1 bytes: a longer line yields only
    its first ``max_bytes`` + 1 bytes (enough for the reader to refuse it as too large, with
    the same limits) and the rest of it is skipped unread. OSError if the file cannot be opened
    or read.
    """
    name = os.fspath(path)
    cap = limits.max_bytes + 1
    with open(path, "rb") as handle:
        number = 0
        while data := handle.readline(cap):
            number += 1
            if len(data) == cap and not data.endswith(b"\n"):
                while (rest := handle.readline(_CHUNK)) and not rest.endswith(b"\n"):
                    pass
            if data.strip():
                yield Line(file=name, number=number, data=data)
