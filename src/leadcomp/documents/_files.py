"""Writing a command's output: never over a file the command reads, never over a file
without --force, never half-written."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable

from leadcomp.documents._atomic import write_atomic
from leadcomp.problems import printable_name as _n


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


def exists_message(path: str) -> str:
    """What a command says when its output file exists and --force was not given."""
    return (
        f"{_n(path)}: file-exists: the file exists and was left as it is; choose another name or "
        "add --force"
    )


def write_output(path: str | None, text: str, *, force: bool) -> int:
    """Write text to stdout (``path`` None or ``-``) or atomically to ``path`` (over an
    existing file only with ``force``); the exit status, with the reason on stderr."""
    if path is None or path == "-":
        sys.stdout.write(text)
        return 0
    try:
        write_atomic(path, text.encode("utf-8"), overwrite=force)
    except FileExistsError:
        print(exists_message(path), file=sys.stderr)
        return 2
    except OSError as error:
        print(f"{_n(path)}: unwritable: {error.strerror or error}", file=sys.stderr)
        return 1
    return 0
