"""Limits on what a reader accepts, so that hostile input is refused rather than feared."""

from __future__ import annotations

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
