"""JSON Lines: one document per line, read lazily so that files of any length fit in memory.

A file can also be read in spans (byte ranges that end at a line's end), each numbered from its
first line, so that several processes can read their own parts of one file.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import BinaryIO

from attrs import frozen

from leadcomp.read._limits import DEFAULT_LIMITS, Limits

#: How much of an over-long line is read at a time while it is skipped.
_CHUNK = 1024 * 1024
#: How much of a file is read at a time while its spans are found.
_BLOCK = 1024 * 1024


@frozen(kw_only=True)
class Line:
    """One line of a JSON Lines file: where it is, and its bytes."""

    file: str | None
    number: int
    data: bytes


@frozen
class Span:
    """A run of whole lines of a file: bytes ``start`` to ``end``, its first line numbered
    ``first`` (from 1, blank lines counted)."""

    start: int
    end: int
    first: int


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
    with open(path, "rb") as handle:
        for number, data in numbered_lines(handle, limits, Span(0, sys.maxsize, 1)):
            yield Line(file=name, number=number, data=data)


def numbered_lines(
    handle: BinaryIO, limits: Limits, span: Span
) -> Iterator[tuple[int, bytes]]:
    """The non-blank lines of a span of an open file, with their numbers, as ``read_lines``
    reads them (an over-long line only as far as the size limit)."""
    cap = limits.max_bytes + 1
    if span.start:
        handle.seek(span.start)
    position = span.start
    number = span.first - 1
    while position < span.end and (data := handle.readline(min(cap, span.end - position))):
        number += 1
        position += len(data)
        if len(data) == cap and not data.endswith(b"\n"):
            while position < span.end and (
                rest := handle.readline(min(_CHUNK, span.end - position))
            ):
                position += len(rest)
                if rest.endswith(b"\n"):
                    break
        if data.strip():
            yield number, data


def spans(handle: BinaryIO, lines: int) -> Iterator[Span]:
    """The spans of ``lines`` lines each (the last may have fewer) of an open file, found as
    they are needed: the file is read from its start a block at a time, and nothing of it is
    kept."""
    handle.seek(0)
    start = offset = count = 0
    first = 1
    while block := handle.read(_BLOCK):
        position = 0
        while (found := block.find(b"\n", position)) >= 0:
            position = found + 1
            count += 1
            if count == lines:
                end = offset + position
                yield Span(start, end, first)
                start, first, count = end, first + count, 0
        offset += len(block)
    if offset > start:
        yield Span(start, offset, first)
