"""JSON Lines: one document per line, read lazily so that files of any length fit in memory."""

from __future__ import annotations

import os
from collections.abc import Iterator

from attrs import frozen


@frozen(kw_only=True)
class Line:
    """One line of a JSON Lines file: where it is, and its bytes."""

    file: str | None
    number: int
    data: bytes


def read_lines(path: str | os.PathLike[str]) -> Iterator[Line]:
    """The non-blank lines of a file, one at a time, numbered from 1.

    OSError if the file cannot be opened or read.
    """
    name = os.fspath(path)
    with open(path, "rb") as handle:
        for number, data in enumerate(handle, start=1):
            if data.strip():
                yield Line(file=name, number=number, data=data)
