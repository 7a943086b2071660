"""Scoring JSON Lines as a stream: bytes in, rendered sheets out, in input order.

Each line goes: fast acceptance (``LineReader``) or, when that is not sure, the reference path
(strict parse, header, schema acceptor, domain rules on the plain data), then the scoring kernel,
then the sheet's schema and rules, then its text. No model object is built on the way, except
for text output, which people read.

With several jobs, worker processes are started with the framework and policy once (the pool's
initializer), then score chunks of lines and send back their text or problems. Given a regular
file, each worker reads its own spans of it (``score_file``), so the parent only finds where
the spans start and writes what comes back; otherwise the parent reads the lines and sends
them. At most ``prefetch`` chunks are in flight, so a file of any length is scored in constant
memory.
"""

from __future__ import annotations

import errno
import itertools
import json
import os
import stat
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future
from typing import Any, Literal, TypeVar

from attrs import evolve, frozen

import leadcomp.read._codec as _json_lines
from leadcomp.documents._pipeline import bulk
from leadcomp.model import Framework
from leadcomp.model._policy import ScoringPolicy
from leadcomp.problems import InvalidDocument, Problem, problem, sort_problems
from leadcomp.read._jsonl import Span, numbered_lines, spans
from leadcomp.read._limits import DEFAULT_LIMITS
from leadcomp.read._plain import plain_problems
from leadcomp.read._reader import check_depth, parse
from leadcomp.scoring._kernel.responses import LineReader, Responses, from_plain
from leadcomp.scoring._kernel.sheet import SheetData, sheet_data
from leadcomp.scoring._score import line_reader, prepared, sheet_model
from leadcomp.scoring._sheet_text import render_text
from leadcomp.validation._acceptor import acceptor
from leadcomp.validation._rules import check_plain
from leadcomp.validation._schema_check import check_header, schema_problems
from leadcomp.validation._scoring_rules import SCORE_RULES, score_problems

#: The output formats.
Output = Literal["text", "json", "jsonl"]
#: A line's number in its file (from 1) and its bytes.
NumberedLine = tuple[int, bytes]
#: What comes of a line: its rendered sheet (UTF-8), or its problems.
Outcome = tuple[bytes | None, tuple[Problem, ...]]

#: Lines per task sent to a worker.
DEFAULT_CHUNKSIZE = 64
#: What is written between two rendered sheets (the items of a JSON array lose their final
#: line end first).
SEPARATORS: dict[str, bytes] = {"text": b"\n", "json": b",\n", "jsonl": b""}

_T = TypeVar("_T")


@frozen
class Chunk:
    """What comes of a run of lines: the text of its scored sheets as UTF-8 (joined as they
    are written, by the output's separator), how many sheets that is, and each failed line's
    problems."""

    text: bytes
    scored: int
    failed: tuple[tuple[Problem, ...], ...]


def join(texts: list[bytes], output: Output) -> bytes:
    """Rendered sheets joined as they are written one after another."""
    if output == "json":
        return SEPARATORS["json"].join([text.rstrip(b"\n") for text in texts])
    return SEPARATORS[output].join(texts)


class Job:
    """Everything needed to score lines against one framework under one policy."""

    def __init__(self, framework: Framework, policy: ScoringPolicy, output: Output) -> None:
        self.framework = framework
        self.policy = policy
        self.prepared = prepared(framework, policy)
        self.read: LineReader = line_reader(framework, policy)
        self.output = output
        # (a sheet repeats its framework's ids and the same codes: patterns remember them;
        # the figures' domain rules are checked on the way)
        self.accept_sheet = acceptor(
            "scoresheet", DEFAULT_LIMITS.max_depth, remember=True, rules=SCORE_RULES
        )

    def lines(self, file: str | None, lines: Iterable[NumberedLine]) -> list[Outcome]:
        """The outcome of each line.

        The cyclic garbage collector is paused meanwhile: a line's hundreds of short-lived
        containers would set it off again and again, although they form no cycles and are
        freed as soon as the line is done.
        """
        with bulk():
            return [self.line(file, number, data) for number, data in lines]

    def chunk(self, file: str | None, lines: Iterable[NumberedLine]) -> Chunk:
        """The outcome of a run of lines, as one chunk."""
        texts: list[bytes] = []
        failed: list[tuple[Problem, ...]] = []
        for text, problems in self.lines(file, lines):
            if text is None:
                failed.append(problems)
            else:
                texts.append(text)
        return Chunk(join(texts, self.output), len(texts), tuple(failed))

    def line(self, file: str | None, number: int, data: bytes) -> Outcome:
        """The rendered sheet of one line, or its problems placed in the file."""
        responses = self.read(data)
        if responses is None:
            responses, problems = self.reference(data)
            if responses is None:
                return None, tuple(_on_line(p, file, number) for p in problems)
        try:
            return self.render(sheet_data(responses, self.prepared)), ()
        except InvalidDocument as invalid:
            return None, tuple(_on_line(p, file, number) for p in invalid.problems)

    def reference(self, data: bytes) -> tuple[Responses | None, list[Problem]]:
        """The reference path: the responses of a valid line, or every problem of the line
        (placed at its line and column within the line)."""
        try:
            parsed = parse(data, syntax="json")
        except InvalidDocument as invalid:
            return None, list(invalid.problems)
        document = parsed.data
        kind, found = check_header(document)
        if kind is not None and kind != "assessment":
            found = [
                problem(
                    "wrong-kind",
                    f"expected an assessment document here, found "
                    f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind}",
                    ("kind",),
                )
            ]
        if kind == "assessment" and not found:
            if not acceptor(kind, DEFAULT_LIMITS.max_depth)(document):
                found = check_depth(document, DEFAULT_LIMITS) + schema_problems(kind, document)
            if not any(p.is_error for p in found):
                body = {k: v for k, v in document.items() if k not in ("kind", "format")}
                found = found + check_plain(
                    "assessment", body, self.framework, require_self=self.policy.require_self
                )
                if not any(p.is_error for p in found):
                    return from_plain(body, self.prepared.plan.items), []
        return None, sort_problems(parsed.locate(found))

    def render(self, sheet: SheetData) -> bytes:
        """A sheet's text in the output format as UTF-8, after checking it against its schema
        and rules; InvalidDocument if it fails (which would be a bug in scoring)."""
        check_sheet(sheet, self.accept_sheet(sheet))
        try:
            if self.output == "text":
                text = render_text(sheet_model(sheet), self.framework).encode("utf-8")
            elif self.output == "json":
                text = json.dumps(
                    sheet, indent=2, ensure_ascii=False, allow_nan=False
                ).encode("utf-8")  # (a lone surrogate cannot be written)
            else:
                text = _json_lines.write(sheet)  # checked: no NaN nor infinity
        except (ValueError, TypeError, RecursionError):  # NaN or infinity, a lone surrogate,
            # a non-JSON value (nothing in a sheet's data contains itself: no cycle to find)
            raise InvalidDocument(plain_problems(sheet)) from None
        return text + b"\n"


def check_sheet(sheet: SheetData, accepted: bool) -> None:
    """InvalidDocument unless a sheet's plain data is valid against the ScoreSheet schema and
    its domain rules; ``accepted``: the fast schema acceptor, with the rules of the figures
    (``SCORE_RULES``), already said it is. The policy's own rules were checked when the policy
    was prepared."""
    if accepted:
        return
    # (the schema's own checks take NaN and the infinities for numbers)
    found = (
        check_depth(sheet, DEFAULT_LIMITS)
        + schema_problems("scoresheet", sheet)
        + plain_problems(sheet)
    )
    if not any(p.is_error for p in found):
        found = score_problems(sheet)
    if found:
        raise InvalidDocument(found)


def _on_line(p: Problem, file: str | None, number: int) -> Problem:
    line = number if p.line is None else number + p.line - 1
    return evolve(p, file=file, line=line)


# one Job per worker process, made by the pool's initializer
_job: Job | None = None


def _start(framework: Framework, policy: ScoringPolicy, output: Output) -> None:
    global _job
    _job = Job(framework, policy, output)


def _started() -> Job:
    if _job is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("the worker was not started with a framework and policy")
    return _job


def _work(file: str | None, lines: list[NumberedLine]) -> list[Outcome]:
    return _started().lines(file, lines)


def _work_chunk(file: str | None, lines: list[NumberedLine]) -> Chunk:
    return _started().chunk(file, lines)


def _work_span(path: str, identity: tuple[int, int], span: Span) -> Chunk:
    """The chunk of a span of lines, read here from the file (the one the parent opened)."""
    job = _started()
    try:
        with open(path, "rb") as handle:
            if _identity(handle) != identity:
                raise OSError(errno.ESTALE, "the file was replaced while it was being scored")
            lines = list(numbered_lines(handle, DEFAULT_LIMITS, span))
    except OSError as error:
        raise _unreadable(error, path) from None
    return job.chunk(path, lines)


def _identity(handle: Any) -> tuple[int, int]:
    found = os.fstat(handle.fileno())
    return found.st_dev, found.st_ino


def _unreadable(error: OSError, path: str) -> OSError:
    """The error with the file named, so that it is told from an error in writing."""
    if error.filename is not None:
        return error
    return OSError(error.errno, error.strerror or str(error), path)


def _check(jobs: int, chunksize: int) -> None:
    if chunksize < 1 or jobs < 1:
        raise ValueError(f"chunksize and jobs must be at least 1, not {chunksize}, {jobs}")


def _in_order(
    pool: Executor,
    work: Callable[..., _T],
    tasks: Iterable[tuple[Any, ...]],
    limit: int,
) -> Iterator[_T]:
    """The results of ``work`` on each task, in order, with at most ``limit`` tasks in flight
    (tasks are taken only as far ahead as that); the pool is shut down at the end."""
    pending: deque[Future[_T]] = deque()
    try:
        for task in tasks:
            pending.append(pool.submit(work, *task))
            if len(pending) >= limit:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(cancel_futures=True)


def _pool(jobs: int, framework: Framework, policy: ScoringPolicy, output: Output) -> Executor:
    from concurrent.futures import ProcessPoolExecutor  # multiprocessing: only with jobs > 1

    return ProcessPoolExecutor(jobs, initializer=_start, initargs=(framework, policy, output))


def score_lines(
    lines: Iterable[NumberedLine],
    framework: Framework,
    policy: ScoringPolicy,
    *,
    file: str | None = None,
    output: Output = "jsonl",
    jobs: int = 1,
    chunksize: int = DEFAULT_CHUNKSIZE,
    prefetch: int | None = None,
) -> Iterator[Outcome]:
    """The outcome of each numbered line of a JSON Lines ``file``, in input order.

    InvalidDocument, before any line is read, if the framework or policy is invalid or the
    framework cannot be scored. With ``jobs`` > 1, chunks
    of ``chunksize`` lines are scored in that many worker processes, at most ``prefetch``
    chunks at a time (default: two per job); lines are read only as far ahead as that.
    """
    _check(jobs, chunksize)
    job = Job(framework, policy, output)  # checks the framework and policy here, once
    chunks = _chunks(iter(lines), chunksize)
    if jobs == 1:
        for chunk in chunks:
            yield from job.lines(file, chunk)
        return
    limit = max(1, prefetch if prefetch is not None else 2 * jobs)
    pool = _pool(jobs, framework, policy, output)
    for outcomes in _in_order(pool, _work, ((file, chunk) for chunk in chunks), limit):
        yield from outcomes


def score_file(
    path: str,
    framework: Framework,
    policy: ScoringPolicy,
    *,
    output: Output = "jsonl",
    jobs: int = 1,
    chunksize: int = DEFAULT_CHUNKSIZE,
    prefetch: int | None = None,
) -> Iterator[Chunk]:
    """The outcome of each run of ``chunksize`` lines of a JSON Lines file, in input order.

    As ``score_lines`` on the file's lines, one chunk at a time. With ``jobs`` > 1 and a
    regular file, each worker reads its own spans of the file (which must not be replaced or
    changed meanwhile). OSError, naming the file, if it cannot be read.
    """
    _check(jobs, chunksize)
    job = Job(framework, policy, output)
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the with below
    except OSError as error:
        raise _unreadable(error, path) from None
    with handle:
        tasks: Iterable[tuple[Any, ...]]
        work: Callable[..., Chunk]
        if jobs > 1 and stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            identity = _identity(handle)
            tasks = ((path, identity, span) for span in _reading(path, spans(handle, chunksize)))
            work = _work_span
        else:
            lines = _reading(path, numbered_lines(handle, DEFAULT_LIMITS, Span(0, sys.maxsize, 1)))
            if jobs == 1:
                for chunk in _chunks(lines, chunksize):
                    yield job.chunk(path, chunk)
                return
            tasks = ((path, chunk) for chunk in _chunks(lines, chunksize))
            work = _work_chunk
        limit = max(1, prefetch if prefetch is not None else 2 * jobs)
        yield from _in_order(_pool(jobs, framework, policy, output), work, tasks, limit)


def _reading(path: str, items: Iterator[_T]) -> Iterator[_T]:
    """The items, with an error in reading them made to name the file."""
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except OSError as error:
            raise _unreadable(error, path) from None
        yield item


def _chunks(lines: Iterator[NumberedLine], size: int) -> Iterator[list[NumberedLine]]:
    while chunk := list(itertools.islice(lines, size)):
        yield chunk
