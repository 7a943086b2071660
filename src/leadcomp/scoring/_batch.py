"""Scoring many assessments: in input order, in chunks, inline or on any Executor.

Work is sent as chunks of items, with a bounded number of chunks in flight, so that a stream of
any length is scored in constant memory. Inline (no executor) nothing is pickled. On a thread
pool, the chunks share the parent's framework and policy. On any other executor (a process pool,
Dask's), the parent pickles the framework, policy and renderer once per batch, and every task
carries those bytes, a key (their hash) and a chunk; each worker process keeps the last few
contexts it unpickled, by key, so it unpickles a framework once, not once per chunk. The bytes
still travel with every task, so a larger chunk size pays for them less often. The workers
are top-level functions, so process pools and distributed executors can run them.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import pickle
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Union, cast

from attrs import evolve, frozen

from leadcomp.builtin._policies import DEFAULT_POLICY
from leadcomp.documents._pipeline import load_document, parse_source
from leadcomp.model import Assessment, Framework
from leadcomp.model._policy import ScoringPolicy
from leadcomp.model._results import ScoreSheet
from leadcomp.problems import InvalidDocument, Problem
from leadcomp.read._jsonl import Line
from leadcomp.read._reader import parse
from leadcomp.scoring._kernel.sheet import sheet_data
from leadcomp.scoring._score import line_reader, prepared, score, sheet_model

#: What a batch can hold: assessments, or documents to load (a path, bytes, parsed data or
#: a line of a JSON Lines file).
Item = Union[Assessment, Line, str, "os.PathLike[str]", bytes, Mapping[str, object]]
#: Turns a sheet into text inside the worker (must be picklable to run on a process pool).
Render = Callable[[ScoreSheet, Framework], str]

#: Assessments per task sent to an executor.
DEFAULT_CHUNKSIZE = 64
#: What a worker needs besides the items: the framework, the policy and the renderer.
Context = tuple[Framework, ScoringPolicy, Render | None]
#: How many unpickled contexts a worker process keeps.
CONTEXT_CACHE_SIZE = 4
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
    try:
        fast = _fast_sheet(item, framework, policy)
        if fast is not None:
            return _result(index, fast, framework, render)
        if isinstance(item, Assessment):
            assessment = item
        elif isinstance(item, Line):
            if item.data.lstrip(b"\xef\xbb\xbf \t")[:1] not in _JSON_STARTS:
                parse(item.data, syntax="json")  # a line is JSON: report its syntax error
            assessment = cast("Assessment", load_document(item.data, kind="assessment"))
        else:
            assessment = cast("Assessment", load_document(item, kind="assessment"))
        sheet = score(assessment, framework, policy)
    except InvalidDocument as invalid:
        return ScoreResult(index=index, problems=_locate(invalid.problems, item))
    return _result(index, sheet, framework, render)


def _fast_sheet(item: Item, framework: Framework, policy: ScoringPolicy) -> ScoreSheet | None:
    """The sheet of JSON bytes (or a JSON Lines line) that the fast acceptance path is sure is
    a valid assessment, without building its model; None when the reference path must decide."""
    if isinstance(item, Line):
        data = item.data
    elif isinstance(item, bytes):
        data = item
    else:
        return None
    responses = line_reader(framework, policy)(data)
    if responses is None:
        return None
    return sheet_model(sheet_data(responses, prepared(framework, policy)))


def _result(
    index: int, sheet: ScoreSheet, framework: Framework, render: Render | None
) -> ScoreResult:
    if render is None:
        return ScoreResult(index=index, sheet=sheet)
    return ScoreResult(index=index, text=render(sheet, framework))


def _locate(problems: Iterable[Problem], item: Item) -> tuple[Problem, ...]:
    """Problems placed in their source: a line's file and line number, where known."""
    found = list(problems)
    if any(p.line is None for p in found):
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


#: The contexts this process has unpickled, by key, oldest first.
_contexts: dict[str, Context] = {}
_contexts_lock = threading.Lock()


def pack_context(
    framework: Framework, policy: ScoringPolicy, render: Render | None = None
) -> tuple[str, bytes]:
    """The key and the pickled bytes of a context, made once per batch by the parent."""
    payload = pickle.dumps((framework, policy, render), protocol=pickle.HIGHEST_PROTOCOL)
    return hashlib.blake2b(payload, digest_size=16).hexdigest(), payload


def _context(key: str, payload: bytes) -> Context:
    """The context of ``key``: unpickled from ``payload`` the first time this process sees it."""
    context = _contexts.get(key)
    if context is None:
        context = pickle.loads(payload)
        with _contexts_lock:
            _contexts[key] = context
            while len(_contexts) > CONTEXT_CACHE_SIZE:
                del _contexts[next(iter(_contexts))]
    return context


def score_packed_chunk(
    key: str, payload: bytes, chunk: list[tuple[int, Item]]
) -> list[ScoreResult]:
    """Score a chunk against a pickled context (see ``pack_context``): the task a worker of a
    process pool or a distributed executor runs."""
    framework, policy, render = _context(key, payload)
    return score_chunk(chunk, framework, policy, render)


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
    at a time (default: four per CPU); without one, everything runs inline. On an executor other
    than a thread pool, the framework, policy and ``render`` are pickled once for the batch and
    unpickled once per worker process. ``render`` (a picklable function) turns each sheet into
    text in the worker, and the result then carries the text instead of the sheet.
    """
    if chunksize < 1:
        raise ValueError(f"chunksize must be at least 1, not {chunksize}")
    chunks = _chunks(enumerate(items), chunksize)
    if executor is None:
        for chunk in chunks:
            yield from score_chunk(chunk, framework, policy, render)
        return
    limit = prefetch if prefetch is not None else 4 * (os.cpu_count() or 1)
    submit: Callable[[list[tuple[int, Item]]], Future[list[ScoreResult]]]
    if isinstance(executor, ThreadPoolExecutor):  # threads share the parent's objects

        def submit(chunk: list[tuple[int, Item]]) -> Future[list[ScoreResult]]:
            return executor.submit(score_chunk, chunk, framework, policy, render)

    else:
        key, payload = pack_context(framework, policy, render)

        def submit(chunk: list[tuple[int, Item]]) -> Future[list[ScoreResult]]:
            return executor.submit(score_packed_chunk, key, payload, chunk)

    pending: deque[Future[list[ScoreResult]]] = deque()
    try:
        for chunk in chunks:
            pending.append(submit(chunk))
            if len(pending) >= max(1, limit):
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


def score_many(
    assessments: Iterable[Item],
    framework: Framework,
    policy: ScoringPolicy = DEFAULT_POLICY,
    *,
    executor: Executor | None = None,
    chunksize: int = DEFAULT_CHUNKSIZE,
) -> Iterator[ScoreSheet]:
    """The ScoreSheet of each assessment, in input order (see ``try_score_many``, which takes
    the same items: assessments, or documents to load).

    InvalidDocument at the first assessment that cannot be scored, after the sheets before it,
    with its problems placed in their source (a line's file and number, say).
    """
    for result in try_score_many(
        assessments, framework, policy, executor=executor, chunksize=chunksize
    ):
        if result.sheet is None:
            raise InvalidDocument(result.problems)
        yield result.sheet


def _chunks(pairs: Iterator[tuple[int, Item]], size: int) -> Iterator[list[tuple[int, Item]]]:
    while chunk := list(itertools.islice(pairs, size)):
        yield chunk
