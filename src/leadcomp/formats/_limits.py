"""Limits on what a reader accepts, so that hostile input is refused rather than feared."""

from __future__ import annotations

from attrs import frozen


@frozen(kw_only=True)
class Limits:
    """Upper bounds on input size and nesting depth."""

    #: Largest input accepted, in bytes.
    max_bytes: int = 100 * 1024 * 1024
    #: Deepest nesting of arrays and objects accepted (the top-level object is depth 1).
    max_depth: int = 64


DEFAULT_LIMITS = Limits()
