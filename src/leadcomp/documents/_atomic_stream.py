"""Atomic streamed writing: bytes written bit by bit appear under their name only when complete."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from leadcomp.documents._atomic import _sync_directory, _umask, replaced_path, special_file


@contextlib.contextmanager
def atomic_bytes(
    path: str | os.PathLike[str], *, overwrite: bool = False
) -> Iterator[BinaryIO]:
    """A binary handle on a temporary file beside ``path``, renamed to it on a clean exit.

    Without ``overwrite``, FileExistsError if ``path`` exists (before anything is written, and
    again at the end if it appeared meanwhile). On an exception, the temporary file is removed.
    A FIFO or device (``special_file``) is written into as the bytes come, never replaced.
    """
    target = Path(path)
    if not overwrite and target.exists():
        raise FileExistsError(str(target))
    if special_file(target):
        with open(target, "wb") as special:
            yield special
        return
    target = replaced_path(target)
    mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        if overwrite:
            os.replace(temporary, target)
        else:
            os.link(temporary, target)  # fails if the target appeared meanwhile
            os.unlink(temporary)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _sync_directory(target.parent)
