"""Scoring one assessment file or JSON Lines of many into a stream of bytes, as results come."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

import leadcomp.scoring._stream as _stream
from leadcomp.model import Framework
from leadcomp.model._policy import ScoringPolicy
from leadcomp.scoring._batch import try_score_many
from leadcomp.scoring._render import RENDERERS
from leadcomp.scoring._stream import SEPARATORS, Chunk


def write_scores(
    out: BinaryIO,
    source: str,
    framework: Framework,
    policy: ScoringPolicy,
    *,
    output: str = "text",
    many: bool = False,
    jobs: int = 1,
    chunksize: int = 64,
) -> Iterator[Chunk]:
    """Score ``source`` (one assessment file, or with ``many`` JSON Lines of assessments,
    streamed in input order over ``jobs`` processes) and write the results to ``out`` as
    ``output`` (text, json: an array for many, or jsonl) as they come.

    Yields each Chunk once its sheets are written: how many were scored and the Problems of
    each assessment that failed, for the caller to report. After the last, closes the JSON
    array and flushes ``out``.
    """
    writer = _Writer(out, output, many)
    for chunk in _chunks(source, framework, policy, output, many, jobs, chunksize):
        writer.write(chunk.text, chunk.scored)
        yield chunk
    writer.close()


def _chunks(
    source: str,
    framework: Framework,
    policy: ScoringPolicy,
    output: str,
    many: bool,
    jobs: int,
    chunksize: int,
) -> Iterator[Chunk]:
    """The rendered sheets, or problems, of the assessments in input order, a chunk at a time."""
    if many:
        yield from _stream.score_file(  # looked up when called: tests count its calls
            source, framework, policy, output=output, jobs=jobs,  # type: ignore[arg-type]
            chunksize=chunksize,
        )
        return
    for result in try_score_many([source], framework, policy, render=RENDERERS[output]):
        if result.text is None:
            yield Chunk(b"", 0, (tuple(result.problems),))
        else:
            yield Chunk(result.text.encode("utf-8"), 1, ())


class _Writer:
    """Writes rendered sheets as they come (runs of them already joined by the output's
    separator), with a JSON array around them when needed."""

    def __init__(self, out: BinaryIO, output: str, many: bool) -> None:
        self.out = out
        self.array = many and output == "json"
        self.separator = SEPARATORS[output] if many else b""
        self.count = 0

    def write(self, text: bytes, count: int) -> None:
        """Write a run of ``count`` sheets (nothing if none)."""
        if not count:
            return
        if self.array:
            self.out.write(b"[\n" if not self.count else self.separator)
        elif self.count:
            self.out.write(self.separator)
        self.out.write(text)
        self.count += count

    def close(self) -> None:
        if self.array:
            self.out.write(b"\n]\n" if self.count else b"[]\n")
        self.out.flush()
