"""Scoring on executors: a process pool and Dask's local cluster give exactly the inline results,
in input order, with a bad item's problems in its place; the framework and policy are pickled
once per batch, unpickled once per worker process, and not pickled at all inline."""

from __future__ import annotations

import _socket
import pickle
import socket
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import attrs
import pytest

import leadcomp
import leadcomp.scoring._batch as _batch
from leadcomp.model import Assessment, Framework
from leadcomp.read._jsonl import Line, read_lines
from scoring_strategies import PIN_FRAMEWORK, cohort

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "clinical-fellows-2024.assessments.jsonl"


def example_framework() -> Framework:
    return leadcomp.load_builtin("hlm@1.0.0")


def example_cohort() -> list[Assessment]:
    """The example's 12 assessments (9 raters, "not observed" answers), and 4 of them with
    only their first 3 to 6 raters, so that groups fall under their thresholds and are
    withheld (or merged, under the merge policy)."""
    full = [leadcomp.load(line.data, kind="assessment") for line in read_lines(EXAMPLE)]
    few = []
    for number, assessment in enumerate(full[:4]):
        raters = assessment.raters[: 3 + number]
        kept = {r.id for r in raters}
        few.append(
            attrs.evolve(
                assessment,
                id=f"{assessment.id}-few",
                raters=raters,
                ratings=tuple(r for r in assessment.ratings if r.rater in kept),
            )
        )
    return [*full, *few]


def mixed_items() -> list[Any]:
    """Every kind of item a batch takes, with two bad ones: a line that is not JSON and an
    assessment made against another framework."""
    lines = list(read_lines(EXAMPLE))
    assessments = example_cohort()
    return [
        assessments[0],
        lines[1],
        Line(file=lines[2].file, number=lines[2].number, data=b'{"kind": "assessment", oops}\n'),
        lines[3].data,
        leadcomp.load(lines[4].data, kind="assessment"),
        attrs.evolve(assessments[5], framework="hlm@9.9.9"),
        *assessments[6:],
    ]


def check_mixed_results(
    results: list[leadcomp.ScoreResult], framework: Framework, policy: leadcomp.ScoringPolicy
) -> None:
    assert [r.index for r in results] == list(range(len(mixed_items())))
    assert [i for i, r in enumerate(results) if not r.ok] == [2, 5]
    (syntax,) = {(p.code, p.file, p.line) for p in results[2].problems if p.is_error}
    assert syntax == ("invalid-json", str(EXAMPLE), 3)
    assert "framework-mismatch" in {p.code for p in results[5].problems}
    assert results[5].sheet is None
    assert results[1].sheet == leadcomp.score(example_cohort()[1], framework, policy)


def test_score_many_on_a_process_pool_is_inline_exactly() -> None:
    framework, policy = example_framework(), leadcomp.builtin_policy("merge")
    assessments = example_cohort()
    inline = list(leadcomp.score_many(assessments, framework, policy, executor=None))
    assert [s.assessment for s in inline] == [a.id for a in assessments]
    items = mixed_items()
    inline_results = list(leadcomp.try_score_many(items, framework, policy))
    with ProcessPoolExecutor(2) as pool:
        pooled = list(
            leadcomp.score_many(assessments, framework, policy, executor=pool, chunksize=3)
        )
        results = list(
            leadcomp.try_score_many(
                items, framework, policy, executor=pool, chunksize=2, prefetch=2
            )
        )
    assert pooled == inline
    assert results == inline_results
    check_mixed_results(results, framework, policy)


@pytest.fixture
def dask_client(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Dask's local cluster in this process: one worker with two threads, no dashboard.

    The scheduler and worker talk over ``inproc://`` (queues, no sockets). Dask names those
    addresses after an IP it finds by "connecting" a UDP socket to 8.8.8.8: here they are
    named 127.0.0.1. Each of them also starts an HTTP server whatever the dashboard options
    (``dashboard_address=None`` alone binds 0.0.0.0:8787): both are bound to a free port on
    127.0.0.1, the only host lookup let through, and nothing connects to them.
    """
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
    from distributed.comm import inproc

    monkeypatch.setattr(inproc, "get_ip", lambda *args: "127.0.0.1")
    guard = socket.getaddrinfo

    def loopback_listeners_only(
        host: Any, port: Any, family: int = 0, type: int = 0, proto: int = 0, flags: int = 0
    ) -> Any:
        if host == "127.0.0.1" and flags & socket.AI_PASSIVE:
            found = _socket.getaddrinfo(
                host, port, family, type, proto, flags | socket.AI_NUMERICHOST
            )
            return [
                (socket.AddressFamily(af), socket.SocketKind(kind), number, name, address)
                for af, kind, number, name, address in found
            ]
        return guard(host, port, family, type, proto, flags)

    monkeypatch.setattr(socket, "getaddrinfo", loopback_listeners_only)
    with distributed.Client(
        processes=False,
        n_workers=1,
        threads_per_worker=2,
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        worker_dashboard_address="127.0.0.1:0",
    ) as client:
        yield client


@pytest.mark.parametrize("options", [{}, {"pure": False}], ids=["default", "pure=False"])
def test_score_many_on_dask_is_inline_exactly(dask_client: Any, options: dict[str, Any]) -> None:
    framework, policy = example_framework(), leadcomp.DEFAULT_POLICY
    assessments = example_cohort()
    inline = list(leadcomp.score_many(assessments, framework, policy, executor=None))
    items = mixed_items()
    inline_results = list(leadcomp.try_score_many(items, framework, policy))
    executor = dask_client.get_executor(**options)
    sheets = list(
        leadcomp.score_many(assessments, framework, policy, executor=executor, chunksize=3)
    )
    results = list(
        leadcomp.try_score_many(items, framework, policy, executor=executor, chunksize=2)
    )
    assert sheets == inline
    assert results == inline_results
    check_mixed_results(results, framework, policy)
    key, _ = _batch.pack_context(framework, policy)
    assert key in _batch._contexts  # the in-process worker unpickled into this process's cache


class CopyingExecutor(Executor):
    """Runs each task at once on a pickled copy of it, as a worker process receives it."""

    def __init__(self) -> None:
        self.tasks: list[tuple[Callable[..., Any], tuple[Any, ...]]] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.tasks.append((fn, args))
        fn_copy, args_copy, kwargs_copy = pickle.loads(pickle.dumps((fn, args, kwargs)))
        future: Future[Any] = Future()
        future.set_result(fn_copy(*args_copy, **kwargs_copy))
        return future


def test_a_batch_pickles_its_framework_and_policy_once(monkeypatch: pytest.MonkeyPatch) -> None:
    packed: list[tuple[str, bytes]] = []
    pack = _batch.pack_context

    def counting_pack(*args: Any) -> tuple[str, bytes]:
        packed.append(pack(*args))
        return packed[-1]

    monkeypatch.setattr(_batch, "pack_context", counting_pack)
    monkeypatch.setattr(_batch, "_contexts", {})
    assessments = cohort(10)
    executor = CopyingExecutor()
    sheets = list(leadcomp.score_many(assessments, PIN_FRAMEWORK, executor=executor, chunksize=3))
    assert sheets == list(leadcomp.score_many(assessments, PIN_FRAMEWORK))
    assert len(packed) == 1
    (key, payload), tasks = packed[0], executor.tasks
    assert len(tasks) == 4
    assert all(fn is _batch.score_packed_chunk for fn, _ in tasks)
    assert all(args[0] == key and args[1] is payload for _, args in tasks)
    assert [index for _, args in tasks for index, _ in args[2]] == list(range(10))
    assert list(_batch._contexts) == [key]


def test_a_worker_unpickles_a_context_once_and_keeps_the_last_few(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_batch, "_contexts", {})
    unpickled: list[bytes] = []
    real_loads = pickle.loads

    def counting_loads(data: bytes, /, **kwargs: Any) -> Any:
        unpickled.append(data)
        return real_loads(data, **kwargs)

    monkeypatch.setattr(pickle, "loads", counting_loads)
    chunk: list[tuple[int, Any]] = [(7, cohort(1)[0])]
    expected = _batch.score_chunk(chunk, PIN_FRAMEWORK, leadcomp.DEFAULT_POLICY)
    key, payload = _batch.pack_context(PIN_FRAMEWORK, leadcomp.DEFAULT_POLICY)
    assert _batch.score_packed_chunk(key, payload, chunk) == expected
    assert _batch.score_packed_chunk(key, payload, chunk) == expected
    assert unpickled == [payload]
    assert expected[0].index == 7

    others = [
        _batch.pack_context(PIN_FRAMEWORK, attrs.evolve(leadcomp.DEFAULT_POLICY, confidence=c))
        for c in (0.8, 0.85, 0.9, 0.99)
    ]
    for other_key, other_payload in others:
        _batch.score_packed_chunk(other_key, other_payload, chunk)
    assert list(_batch._contexts) == [k for k, _ in others]  # the oldest went
    assert len(unpickled) == 5
    assert _batch.score_packed_chunk(key, payload, chunk) == expected
    assert len(unpickled) == 6
    assert len(_batch._contexts) == _batch.CONTEXT_CACHE_SIZE


def test_inline_and_thread_pool_batches_pickle_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("pickled")

    items = mixed_items()
    framework = example_framework()
    expected = list(leadcomp.try_score_many(items, framework))
    monkeypatch.setattr(pickle, "dumps", refuse)
    monkeypatch.setattr(pickle, "loads", refuse)
    assert list(leadcomp.try_score_many(items, framework, executor=None)) == expected
    with ThreadPoolExecutor(2) as pool:
        assert list(leadcomp.try_score_many(items, framework, executor=pool, chunksize=2)) == (
            expected
        )
