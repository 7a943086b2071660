"""Limits on what a reader accepts, so that hostile input is refused rather than feared."""

from __future__ import annotations

from typing import BinaryIO

from attrs import frozen


@frozen(kw_only=True)
class Limits:
    """Upper bounds on input size, nesting depth and spreadsheet cells."""

    #: Largest input accepted, in bytes.
    max_bytes: int = 100 * 1024 * 1024
    #: Deepest nesting of arrays and objects accepted (the top-level object is depth 1).
    max_depth: int = 64
    #: Most cells read from one CSV file or spreadsheet (every row counts at least one), so that
    #: a huge or hostile sheet is refused with a Problem instead of read for ever.
    max_cells: int = 10_000_000


DEFAULT_LIMITS = Limits()


#: The most bytes asked of a file in one read: what is kept grows with what the file holds,
#: never with the limit.
READ_CHUNK = 1 << 20


def read_at_most(handle: BinaryIO, limit: int) -> bytes:
    """The bytes of an open file up to ``limit`` + 1 (one more than the limit, so that a file
    over it can be told), read a chunk at a time: however high the limit, memory grows only
    with what the file holds."""
    chunks: list[bytes] = []
    wanted = max(limit, 0) + 1
    while wanted > 0:
        chunk = handle.read(min(wanted, READ_CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        wanted -= len(chunk)
    return b"".join(chunks)
