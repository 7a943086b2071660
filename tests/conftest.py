"""Shared test configuration: the Hypothesis profile (``profiles.py``), the example and corpus
paths, no network, and no skips where ``LEADCOMP_REQUIRE_ALL_TESTS=1``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import profiles  # noqa: F401  (registers and loads the Hypothesis profile)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"



@pytest.fixture
def example_framework_path() -> Path:
    """The hand-written example framework that shows every feature of the format."""
    return ROOT / "examples" / "team-leadership.framework.yaml"


@pytest.fixture
def shared_dir() -> Path:
    """The shared folder beside the repository (the corpus of real files from other projects)."""
    if not SHARED.is_dir():
        pytest.skip("../shared is absent: corpus tests need the shared folder beside the repo")
    return SHARED


# ---- no network: the suite fails if anything in it opens a network connection ----------------

import socket  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from typing import Any, NoReturn  # noqa: E402


class NetworkAccessBlocked(RuntimeError):
    """Raised when code under test opens a network connection or looks up a host.

    Not an OSError, so that code which handles connection errors cannot swallow it; and every
    attempt is also recorded, so that the session fails even if something does.
    """


#: Every network access attempted during the session (test_privacy.py clears its own).
NETWORK_ATTEMPTS: list[str] = []


def _refuse(what: str, where: object) -> NoReturn:
    NETWORK_ATTEMPTS.append(f"{what} {where!r}")
    raise NetworkAccessBlocked(
        f"leadcomp never uses the network, nor do its tests: {what} {where!r}"
    )


@pytest.fixture(autouse=True, scope="session")
def no_network() -> Iterator[None]:
    """Refuse TCP/UDP connections and host lookups for the whole session (Unix sockets, which
    multiprocessing may use, are allowed); fail the session if any was attempted."""
    real = (socket.socket.connect, socket.socket.connect_ex, socket.create_connection,
            socket.getaddrinfo)

    def connect(self: socket.socket, address: Any) -> None:
        if self.family == getattr(socket, "AF_UNIX", None):
            return real[0](self, address)
        _refuse("socket.connect", address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        if self.family == getattr(socket, "AF_UNIX", None):
            return real[1](self, address)
        _refuse("socket.connect_ex", address)

    def create_connection(address: Any, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse("socket.create_connection", address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        _refuse("socket.getaddrinfo", host)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.create_connection = create_connection  # type: ignore[assignment]
    socket.getaddrinfo = getaddrinfo  # type: ignore[assignment]
    try:
        yield
    finally:
        socket.socket.connect = real[0]  # type: ignore[method-assign]
        socket.socket.connect_ex = real[1]  # type: ignore[method-assign]
        socket.create_connection = real[2]
        socket.getaddrinfo = real[3]
    if NETWORK_ATTEMPTS:
        pytest.fail(f"the test suite tried to use the network: {NETWORK_ATTEMPTS}")


# ---- every test runs where everything is installed ------------------------------------------

#: Set by the second stage of .ci/run, where every extra, the shared corpus and Chromium are
#: present: a test that skips there (for a missing extra, say) fails instead, so that each test
#: skipped on a plain ``pip install ".[test]"`` is known to run somewhere.
REQUIRE_ALL = os.environ.get("LEADCOMP_REQUIRE_ALL_TESTS") == "1"


def _no_skip(report: pytest.TestReport | pytest.CollectReport, where: str) -> None:
    if REQUIRE_ALL and report.skipped and not hasattr(report, "wasxfail"):
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        report.outcome = "failed"
        report.longrepr = (
            f"{where} skipped, but LEADCOMP_REQUIRE_ALL_TESTS=1 says every test must run here: "
            f"{reason}"
        )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    _no_skip(outcome.get_result(), item.nodeid)  # type: ignore[attr-defined]


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Iterator[None]:
    outcome = yield
    _no_skip(outcome.get_result(), collector.nodeid)  # type: ignore[attr-defined]
