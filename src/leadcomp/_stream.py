"""Scoring JSON Lines as a stream: bytes in, rendered sheets out, in input order.

Each line goes: fast acceptance (``LineReader``) or, when that is not sure, the reference path
(strict parse, header, schema acceptor, domain rules on the plain data), then the scoring kernel,
then the sheet's schema and rules, then its text. No model object is built on the way, except
for text output, which people read.

With several jobs, worker processes are started with the framework and policy once (the pool's
initializer), then receive chunks of raw lines and send back each line's text or problems, so
the parent only reads and writes. At most ``prefetch`` chunks are in flight, so a file of any
length is scored in constant memory.
"""

from __future__ import annotations

import itertools
import json
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from typing import Literal

from attrs import evolve

from . import _json_lines
from ._responses import LineReader, Responses, from_plain
from ._sheet import SheetData, sheet_data
from .model import Framework
from .model._policy import ScoringPolicy
from .validation._problem import InvalidDocument, Problem, problem, sort_problems

#: The output formats.
Output = Literal["text", "json", "jsonl"]
#: A line's number in its file (from 1) and its bytes.
NumberedLine = tuple[int, bytes]
#: What comes of a line: its rendered sheet, or its problems.
Outcome = tuple[str | None, tuple[Problem, ...]]

#: Lines per task sent to a worker.
DEFAULT_CHUNKSIZE = 64


class Job:
    """Everything needed to score lines against one framework under one policy."""

    def __init__(self, framework: Framework, policy: ScoringPolicy, output: Output) -> None:
        from .formats._limits import DEFAULT_LIMITS
        from .scoring import line_reader, prepared
        from .validation._acceptor import acceptor

        self.framework = framework
        self.policy = policy
        self.prepared = prepared(framework, policy)
        self.read: LineReader = line_reader(framework, policy)
        self.output = output
        # (a sheet repeats its framework's ids and the same codes: patterns remember them)
        self.accept_sheet = acceptor("scoresheet", DEFAULT_LIMITS.max_depth, remember=True)

    def lines(self, file: str | None, lines: Iterable[NumberedLine]) -> list[Outcome]:
        """The outcome of each line.

        The cyclic garbage collector is paused meanwhile: a line's hundreds of short-lived
        containers would set it off again and again, although they form no cycles and are
        freed as soon as the line is done.
        """
        from ._api import _bulk

        with _bulk():
            return [self.line(file, number, data) for number, data in lines]

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
        from .formats._limits import DEFAULT_LIMITS
        from .formats._reader import check_depth, parse
        from .validation._acceptor import acceptor
        from .validation._rules import check_plain
        from .validation._schema_check import check_header, schema_problems

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
                    return from_plain(body), []
        return None, sort_problems(parsed.locate(found))

    def render(self, sheet: SheetData) -> str:
        """A sheet's text in the output format, after checking it against its schema and
        rules; InvalidDocument if it fails (which would be a bug in scoring)."""
        check_sheet(sheet, self.accept_sheet(sheet))
        if self.output == "text":
            from ._sheet_text import render_text
            from .scoring import sheet_model

            return render_text(sheet_model(sheet), self.framework)
        try:
            if self.output == "json":
                text = json.dumps(sheet, indent=2, ensure_ascii=False, allow_nan=False)
                text.encode("utf-8")  # a lone surrogate cannot be written
            else:
                text = _json_lines.write(sheet)  # checked: no NaN nor infinity
        except (ValueError, TypeError, RecursionError):  # NaN or infinity, a lone surrogate,
            # a non-JSON value (nothing in a sheet's data contains itself: no cycle to find)
            from .formats._plain import plain_problems

            raise InvalidDocument(plain_problems(sheet)) from None
        return text + "\n"


def check_sheet(sheet: SheetData, accepted: bool) -> None:
    """InvalidDocument unless a sheet's plain data (``accepted`` or not by the fast schema
    acceptor) is valid against the ScoreSheet schema and its domain rules. The policy's own
    rules were checked when the policy was prepared."""
    from .validation._scoring_rules import score_problems

    if not accepted:
        from .formats._limits import DEFAULT_LIMITS
        from .formats._plain import plain_problems
        from .formats._reader import check_depth
        from .validation._schema_check import schema_problems

        # (the schema's own checks take NaN and the infinities for numbers)
        found = (
            check_depth(sheet, DEFAULT_LIMITS)
            + schema_problems("scoresheet", sheet)
            + plain_problems(sheet)
        )
        if any(p.is_error for p in found):
            raise InvalidDocument(found)
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


def _work(file: str | None, lines: list[NumberedLine]) -> list[Outcome]:
    if _job is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("the worker was not started with a framework and policy")
    return _job.lines(file, lines)


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
    if chunksize < 1 or jobs < 1:
        raise ValueError(f"chunksize and jobs must be at least 1, not {chunksize}, {jobs}")
    job = Job(framework, policy, output)  # checks the framework and policy here, once
    chunks = _chunks(iter(lines), chunksize)
    if jobs == 1:
        for chunk in chunks:
            yield from job.lines(file, chunk)
        return
    from concurrent.futures import ProcessPoolExecutor

    limit = max(1, prefetch if prefetch is not None else 2 * jobs)
    pending: deque[Future[list[Outcome]]] = deque()
    pool = ProcessPoolExecutor(jobs, initializer=_start, initargs=(framework, policy, output))
    try:
        for chunk in chunks:
            pending.append(pool.submit(_work, file, chunk))
            if len(pending) >= limit:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(cancel_futures=True)


def _chunks(lines: Iterator[NumberedLine], size: int) -> Iterator[list[NumberedLine]]:
    while chunk := list(itertools.islice(lines, size)):
        yield chunk
