"""JSON Lines read whole or in spans: the same lines, numbers and limits either way."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from leadcomp.read._jsonl import Span, numbered_lines, read_lines, spans
from leadcomp.read._limits import Limits
from profiles import scaled

#: Lines of any bytes: blank, CRLF, over the small size limit, without a final line end.
contents = st.lists(
    st.sampled_from([b"", b" ", b"\r", b"{}", b"x" * 7, b"y" * 8, b"z" * 30, b"\xff\xfe"])
    | st.binary(max_size=12).map(lambda b: b.replace(b"\n", b"")),
    max_size=40,
).flatmap(
    lambda lines: st.sampled_from([b"", b"\n"]).map(lambda end: b"\n".join(lines) + end)
)
SMALL = Limits(max_bytes=8)


def whole(data: bytes, limits: Limits) -> list[tuple[int, bytes]]:
    return list(numbered_lines(io.BytesIO(data), limits, Span(0, sys.maxsize, 1)))


@settings(scaled(4))
@given(data=contents, size=st.integers(1, 9))
def test_spans_cover_the_file_in_runs_of_whole_lines(data: bytes, size: int) -> None:
    found = list(spans(io.BytesIO(data), size))
    assert b"".join(data[s.start : s.end] for s in found) == data
    first = 1
    for span in found:
        text = data[span.start : span.end]
        assert span.first == first
        assert text  # no empty span
        assert text.count(b"\n") == size or span is found[-1]
        assert text.endswith(b"\n") or span.end == len(data)
        first += text.count(b"\n")


@settings(scaled(4))
@given(data=contents, size=st.integers(1, 9), limits=st.sampled_from([SMALL, Limits()]))
def test_reading_span_by_span_reads_what_reading_the_whole_file_reads(
    data: bytes, size: int, limits: Limits
) -> None:
    handle = io.BytesIO(data)  # as a worker reads the spans the parent finds
    pieces = [
        line for span in spans(io.BytesIO(data), size)
        for line in numbered_lines(handle, limits, span)
    ]
    assert pieces == whole(data, limits)


def test_lines_are_numbered_with_blank_ones_counted_and_long_ones_cut_at_the_limit(
    tmp_path: Path,
) -> None:
    path = tmp_path / "lines.jsonl"
    path.write_bytes(b'{"a": 1}\n\n  \r\n' + b"x" * 20 + b"\n{}\r\n" + b"y" * 9)
    assert [(line.number, line.data) for line in read_lines(path, limits=SMALL)] == [
        (1, b'{"a": 1}\n'), (4, b"x" * 9), (5, b"{}\r\n"), (6, b"y" * 9),
    ]
    with open(path, "rb") as handle:
        found = list(spans(handle, 2))
        assert [(s.first, s.end - s.start) for s in found] == [(1, 10), (3, 25), (5, 13)]
        assert list(numbered_lines(handle, SMALL, found[1])) == [(4, b"x" * 9)]


def test_a_span_cut_short_by_a_file_that_changed_reads_no_further_than_its_end() -> None:
    handle = io.BytesIO(b"aaaa\nbbbbbbbb\ncc\n")
    assert list(numbered_lines(handle, Limits(), Span(5, 9, 2))) == [(2, b"bbbb")]
    assert list(numbered_lines(handle, Limits(max_bytes=2), Span(5, 9, 2))) == [(2, b"bbb")]


@pytest.mark.parametrize("size", [1, 3])
def test_an_empty_file_has_no_spans(size: int) -> None:
    assert list(spans(io.BytesIO(b""), size)) == []
