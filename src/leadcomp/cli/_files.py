"""Guards for commands that write files: never write over a file the command reads."""

from __future__ import annotations

import os
from collections.abc import Iterable


def same_file(first: str, second: str) -> bool:
    """True when two names are the same file (through links too), or the same path."""
    try:
        return os.path.samefile(first, second)
    except OSError:
        return os.path.abspath(first) == os.path.abspath(second)


def input_written(output: str | None, inputs: Iterable[str | None]) -> str | None:
    """The input that ``output`` would write over, if any (``-`` and None write to stdout)."""
    if output is None or output == "-":
        return None
    for source in inputs:
        if (
            source is not None
            and source != "-"
            and os.path.exists(source)
            and same_file(output, source)
        ):
            return source
    return None
