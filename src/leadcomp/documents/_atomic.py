"""Atomic file writing: readers see the old file or the complete new one, never a part.

One writer, ``atomic_bytes``, for bytes given at once (``write_atomic``) or streamed.

Only regular files are replaced. A target that is a FIFO, a device or anything else that is not
a regular file (through symbolic links too: ``/dev/stdout``, ``/proc/self/fd/1``) is written
into, as a shell's ``>`` would, and never replaced by a regular file; a symbolic link to a
regular file is kept, and the file it names is replaced.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from leadcomp.problems import InvalidDocument, problem


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def special_file(path: Path) -> bool:
    """Whether ``path`` names (through any links) something that exists and is neither a
    regular file nor a folder: a FIFO, a device, a terminal, a socket."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def replaced_path(path: Path) -> Path:
    """The file a write replaces: ``path``, or the file a symbolic link names (the link is
    kept)."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


@contextlib.contextmanager
def atomic_bytes(
    path: str | os.PathLike[str], *, overwrite: bool = False
) -> Iterator[BinaryIO]:
    """A binary handle on a synced temporary file beside ``path``, put in its place on a clean
    exit: the one atomic writer, for whole documents (``write_atomic``) and streamed output.

    Without ``overwrite``, an existing file is never replaced: FileExistsError (before anything
    is written, and again at the end if the file appeared meanwhile; where hard links fail, the
    temporary file is renamed into place after a last check). On an exception the temporary
    file is removed. A FIFO or device (``special_file``) is written into as the bytes come,
    never replaced.
    """
    target = Path(path)
    if not overwrite and target.exists():
        raise FileExistsError(str(target))
    if special_file(target):
        with open(target, "wb") as special:
            yield special
        return
    target = replaced_path(target)
    directory = target.parent
    mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
    import tempfile  # with random and shutil, some milliseconds: only when a file is written

    fd, temporary = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        _put_in_place(temporary, target, overwrite=overwrite)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _sync_directory(directory)


def _put_in_place(temporary: str, target: Path, *, overwrite: bool) -> None:
    """Rename the finished temporary file to ``target``; without ``overwrite``, a hard link
    that fails if the target appeared meanwhile, or (file systems without hard links) a last
    check and a rename."""
    if overwrite:
        os.replace(temporary, target)
        return
    try:
        os.link(temporary, target)  # fails if the target appeared meanwhile
    except FileExistsError:
        raise
    except OSError:  # file systems without hard links
        if target.exists():
            raise FileExistsError(str(target)) from None
        os.replace(temporary, target)
    else:
        os.unlink(temporary)


def write_atomic(path: str | os.PathLike[str], data: bytes, *, overwrite: bool = False) -> None:
    """Write bytes to path through ``atomic_bytes``: a synced temporary file in the same
    folder, then put in place.

    Without ``overwrite``, an existing file is never replaced: FileExistsError instead. A FIFO
    or device (``special_file``) is written into, never replaced.
    """
    with atomic_bytes(path, overwrite=overwrite) as handle:
        handle.write(data)


def _sync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms that cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - file systems that cannot sync folders
        pass
    finally:
        os.close(fd)


def write_document(target: str | os.PathLike[str], data: bytes, *, overwrite: bool) -> None:
    """``write_atomic`` for the public writers: InvalidDocument (code ``file-exists`` or
    ``unwritable``) instead of an OSError, so nothing else escapes for a user's mistake."""
    name = os.fspath(target)
    try:
        write_atomic(Path(target), data, overwrite=overwrite)
    except FileExistsError:
        raise InvalidDocument(
            [
                problem(
                    "file-exists",
                    "the file exists and was left as it is; choose another name or allow "
                    "overwriting (overwrite=True, or --force on the command line)",
                ).located(name)
            ]
        ) from None
    except OSError as error:
        raise InvalidDocument(
            [
                problem(
                    "unwritable", f"cannot write the file: {error.strerror or error}"
                ).located(name)
            ]
        ) from None
