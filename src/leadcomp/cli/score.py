"""Score assessments against a framework: one assessment file, or JSON Lines of many.

JSON Lines (.jsonl, .ndjson) are read and written as a stream, in input order; a bad line is
reported as file:line: code: path: message on standard error and the others are still scored.
Exit status: 0 when every assessment was scored, 1 when any failed, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, BinaryIO, TextIO

from leadcomp.documents._files import exists_message
from leadcomp.problems import printable_name as _n

if TYPE_CHECKING:
    from leadcomp.model import Framework, ScoringPolicy
    from leadcomp.problems import Problem
    from leadcomp.scoring._stream import Chunk

_JSONL_SUFFIXES = (".jsonl", ".ndjson")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    parser.add_argument(
        "input", metavar="ASSESSMENT_OR_JSONL",
        help="an assessment file (JSON or YAML), or JSON Lines with one assessment per line",
    )
    parser.add_argument(
        "--framework", required=True, metavar="FILE_OR_BUILTIN",
        help="the framework to score against: a file, or a built-in such as hlm or hlm@1.0.0",
    )
    parser.add_argument(
        "--policy", default="default", metavar="FILE_OR_NAME",
        help="a scoring policy file, or a built-in policy: default, merge, group-pooling "
        "(default: default)",
    )
    parser.add_argument(
        "-o", "--output", choices=("text", "json", "jsonl"), default="text",
        help="text tables, JSON (an array for JSON Lines input) or JSON Lines (default: text)",
    )
    parser.add_argument(
        "--jobs", type=_positive, default=1, metavar="N",
        help="score in N worker processes, at most one per CPU this process may use "
        "(default: 1, in this process)",
    )
    parser.add_argument(
        "--chunksize", type=_positive, default=64, metavar="N",
        help="assessments per task sent to a worker (default: 64)",
    )
    parser.add_argument(
        "--output-file", metavar="FILE", help="write results to FILE (atomically), not stdout"
    )
    parser.add_argument(
        "--force", action="store_true", help="replace the --output-file if it exists"
    )


def run(args: argparse.Namespace) -> int:
    """Score every assessment and write the results; the exit status says whether all were."""
    from leadcomp.builtin import resolve
    from leadcomp.builtin._policies import load_policy
    from leadcomp.problems import InvalidDocument

    if args.force and not args.output_file:
        print("leadcomp score: error: --force needs --output-file", file=sys.stderr)
        return 2
    cpus = usable_cpus()
    if args.jobs > cpus:
        print(
            f"leadcomp score: note: --jobs {args.jobs} is more than the {cpus} CPU"
            f"{'' if cpus == 1 else 's'} this process may use; scoring with --jobs {cpus}",
            file=sys.stderr,
        )
        args.jobs = cpus
    from leadcomp.documents._files import input_written

    overwritten = input_written(args.output_file, [args.input, args.framework, args.policy])
    if overwritten is not None:
        print(
            f"{_n(args.output_file)}: same-file: this is an input ({_n(overwritten)}); "
            "write the results "
            "to another file",
            file=sys.stderr,
        )
        return 2
    try:
        framework = resolve(args.framework, "framework")
    except InvalidDocument as invalid:
        return _usage(invalid.problems, "the --framework file")
    try:
        policy = load_policy(args.policy)
    except InvalidDocument as invalid:
        return _usage(invalid.problems, "the --policy")
    from leadcomp.scoring import prepared

    try:  # a framework can be valid and still not scorable (level values too large)
        prepared(framework, policy)
    except InvalidDocument as invalid:
        return _usage(invalid.problems, "the --framework file")
    many = args.input.lower().endswith(_JSONL_SUFFIXES)
    if many:
        try:
            open(args.input, "rb").close()
        except OSError as error:
            print(f"{_n(args.input)}: unreadable: {error.strerror or error}", file=sys.stderr)
            return 1
    try:
        with _target(args) as out:
            failed = _score_all(args, framework, policy, many, out)
    except FileExistsError:
        print(exists_message(args.output_file), file=sys.stderr)
        return 2
    except OSError as error:
        if many and error.filename == args.input:  # it went away, or a disk failed, meanwhile
            print(f"{_n(args.input)}: unreadable: {error.strerror or error}", file=sys.stderr)
        else:
            target = args.output_file or "standard output"
            print(f"{_n(target)}: unwritable: {error.strerror or error}", file=sys.stderr)
        return 1
    return 1 if failed else 0


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity where the system tells it), at least 1."""
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        try:
            return max(1, len(affinity(0)))
        except OSError:  # pragma: no cover - a system that will not tell
            pass
    return max(1, os.cpu_count() or 1)


def _usage(problems: Iterable[Problem], what: str) -> int:
    for p in problems:
        print(f"{p} ({what})", file=sys.stderr)
    return 2


def _target(args: argparse.Namespace) -> AbstractContextManager[BinaryIO]:
    """Where the results go, as bytes: the output file (atomically) or standard output."""
    if args.output_file is None:
        sys.stdout.flush()
        binary = getattr(sys.stdout, "buffer", None)
        return nullcontext(binary if binary is not None else _Decoding(sys.stdout))  # type: ignore[arg-type]
    from leadcomp.documents._atomic import atomic_bytes

    return atomic_bytes(args.output_file, overwrite=args.force)


def _score_all(
    args: argparse.Namespace,
    framework: Framework,
    policy: ScoringPolicy,
    many: bool,
    out: BinaryIO,
) -> int:
    """Score and write; returns how many assessments failed."""
    progress = _Progress(sys.stderr) if many else None
    writer = _Writer(out, args.output, many)
    failed = done = 0
    try:
        for chunk in _chunks(args, framework, policy, many):
            done += chunk.scored + len(chunk.failed)
            writer.write(chunk.text, chunk.scored)
            if chunk.failed:
                failed += len(chunk.failed)
                if progress:
                    progress.clear()
                for problems in chunk.failed:
                    for p in problems:
                        print(p, file=sys.stderr)
            if progress:
                progress.update(done, failed)
        writer.close()
    finally:
        if progress:
            progress.clear()
    if many:
        print(
            f"{done - failed} of {done} assessment{'s' if done != 1 else ''} scored"
            + (f", {failed} failed" if failed else ""),
            file=sys.stderr,
        )
    return failed


def _chunks(
    args: argparse.Namespace, framework: Framework, policy: ScoringPolicy, many: bool
) -> Iterator[Chunk]:
    """The rendered sheets, or problems, of the assessments in input order, a chunk at a time."""
    from leadcomp.scoring._stream import Chunk

    if many:
        from leadcomp.scoring._stream import score_file

        yield from score_file(
            args.input, framework, policy, output=args.output, jobs=args.jobs,
            chunksize=args.chunksize,
        )
        return
    from leadcomp.scoring._batch import try_score_many
    from leadcomp.scoring._render import RENDERERS

    for result in try_score_many([args.input], framework, policy, render=RENDERERS[args.output]):
        if result.text is None:
            yield Chunk(b"", 0, (tuple(result.problems),))
        else:
            yield Chunk(result.text.encode("utf-8"), 1, ())


class _Writer:
    """Writes rendered sheets as they come (runs of them already joined by the output's
    separator), with a JSON array around them when needed."""

    def __init__(self, out: BinaryIO, output: str, many: bool) -> None:
        from leadcomp.scoring._stream import SEPARATORS

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


class _Decoding:
    """Bytes written to a text stream with no binary buffer under it, as their UTF-8 text."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, data: bytes) -> int:
        return self.stream.write(data.decode("utf-8"))

    def flush(self) -> None:
        self.stream.flush()


class _Progress:
    """A one-line progress count on standard error, only when it is a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.last = 0.0
        self.shown = False

    def update(self, done: int, failed: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < 0.1:
            return
        self.last = now
        self.stream.write(f"\rscoring: {done} done, {failed} failed")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.shown = False
