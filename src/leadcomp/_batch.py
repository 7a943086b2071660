"""Scoring many assessments: in input order, in chunks, inline or on any Executor.

Work is sent as chunks of items (to pay the cost of pickling the framework and policy once per
chunk, not once per assessment), with a bounded number of chunks in flight, so that a stream of
any length is scored in constant memory. The worker is a top-level function, so process pools
and distributed executors (such as Dask's) can run it.
"""

from __future__ import annotations

import contextlib
import itertools
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Executor, Future
from typing import Union

from attrs import evolve, frozen

from ._policies import DEFAULT_POLICY
from .formats._jsonl import Line
from .model import Assessment, Framework
from .model._policy import ScoringPolicy
from .model._results import ScoreSheet
from .validation._problem import InvalidDocument, Problem

#: What a batch can hold: assessments, or documents to load (a path, bytes, parsed data or
#: a line of a JSON Lines file).
Item = Union[Assessment, Line, str, "os.PathLike[str]", bytes, Mapping[str, object]]
#: Turns a sheet into text inside the worker (must be picklable to run on a process pool).
Render = Callable[[ScoreSheet, Framework], str]

#: Assessments per task sent to an executor.
DEFAULT_CHUNKSIZE = 64
_JSON_STARTS = (b"{", b"[", b'"')


@frozen(kw_only=True)
class ScoreResult:
    """The outcome of one item of a batch: its sheet (or the sheet's text), or its problems."""

    #: The item's position in the input, from 0.
    index: int
    sheet: ScoreSheet | None = None
    #: The rendered sheet, when the batch was asked to render.
    text: str | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the item was scored."""
        return not any(p.is_error for p in self.problems)


def _score_item(
    index: int, item: Item, framework: Framework, policy: ScoringPolicy, render: Render | None
) -> ScoreResult:
    from . import _api
    from .formats._reader import parse
    from .scoring import score

    try:
        if isinstance(item, Assessment):
            assessment = item
        elif isinstance(item, Line):
            if item.data.lstrip(b"\xef\xbb\xbf \t")[:1] not in _JSON_STARTS:
                parse(item.data, syntax="json")  # a line is JSON: report its syntax error
            assessment = _api.load(item.data, kind="assessment")
        else:
            assessment = _api.load(item, kind="assessment")
        sheet = score(assessment, framework, policy)
    except InvalidDocument as invalid:
        return ScoreResult(index=index, problems=_locate(invalid.problems, item))
    if render is None:
        return ScoreResult(index=index, sheet=sheet)
    return ScoreResult(index=index, text=render(sheet, framework))


def _locate(problems: Iterable[Problem], item: Item) -> tuple[Problem, ...]:
    """Problems placed in their source: a line's file and line number, where known."""
    found = list(problems)
    if any(p.line is None for p in found):
        from ._api import parse_source
        from .formats._reader import parse

        # a source that does not parse has its problems placed already
        with contextlib.suppress(InvalidDocument):
            if isinstance(item, Line):
                found = parse(item.data, syntax="json").locate(found)
            elif isinstance(item, (str, os.PathLike, bytes)):
                found = parse_source(item).locate(found)
    if isinstance(item, Line):
        found = [_on_line(p, item.file, item.number) for p in found]
    return tuple(found)


def _on_line(p: Problem, file: str | None, number: int) -> Problem:
    line = number if p.line is None else number + p.line - 1
    return evolve(p, file=file, line=line)


def score_chunk(
    chunk: list[tuple[int, Item]],
    framework: Framework,
    policy: ScoringPolicy,
    render: Render | None = None,
) -> list[ScoreResult]:
    """Score a chunk of (index, item) pairs: the task a worker runs."""
    return [_score_item(index, item, framework, policy, render) for index, item in chunk]


def try_score_many(
    items: Iterable[Item],
    framework: Framework,
    policy: ScoringPolicy = DEFAULT_POLICY,
    *,
    executor: Executor | None = None,
    chunksize: int = DEFAULT_CHUNKSIZE,
    render: Render | None = None,
    prefetch: int | None = None,
) -> Iterator[ScoreResult]:
    """A ScoreResult per item, in input order: a bad item yields its Problems, not an exception.

    Items are assessments or documents to load (paths, bytes, parsed data, JSON Lines lines).
    With an ``executor``, chunks of ``chunksize`` items run on it, at most ``prefetch`` chunks
    at a time (default: four per CPU); without one, everything runs inline. ``render`` (a
    picklable function) turns each sheet into text in the worker, and the result then carries
    the text instead of the sheet.
    """
    if chunksize < 1:
        raise ValueError(f"chunksize must be at least 1, not {chunksize}")
    chunks = _chunks(enumerate(items), chunksize)
    if executor is None:
        for chunk in chunks:
            yield from score_chunk(chunk, framework, policy, render)
        return
    limit = prefetch if prefetch is not None else 4 * (os.cpu_count() or 1)
    pending: deque[Future[list[ScoreResult]]] = deque()
    try:
        for chunk in chunks:
            pending.append(executor.submit(score_chunk, chunk, framework, policy, render))
            if len(pending) >= max(1, limit):
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


def score_many(
    assessments: Iterable[Assessment],
    framework: Framework,
    policy: ScoringPolicy = DEFAULT_POLICY,
    *,
    executor: Executor | None = None,
    chunksize: int = DEFAULT_CHUNKSIZE,
) -> Iterator[ScoreSheet]:
    """The ScoreSheet of each assessment, in input order (see ``try_score_many``).

    InvalidDocument at the first assessment that cannot be scored, after the sheets before it.
    """
    for result in try_score_many(
        assessments, framework, policy, executor=executor, chunksize=chunksize
    ):
        if result.sheet is None:
            raise InvalidDocument(result.problems)
        yield result.sheet


def _chunks(
    pairs: Iterator[tuple[int, Item]], size: int
) -> Iterator[list[tuple[int, Item]]]:
    while chunk := list(itertools.islice(pairs, size)):
        yield chunk
