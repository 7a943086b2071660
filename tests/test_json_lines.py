"""The scoring stream's JSON codec: with orjson (the ``fast`` extra) it reads and writes just
what the standard library does, refusing more on input and never writing other text."""

from __future__ import annotations

import dataclasses
import datetime
import json
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

import leadcomp.read._codec as _json_lines
from leadcomp.read._codec import read_standard, write_standard
from profiles import scaled

orjson = pytest.importorskip("orjson", reason="the fast extra (orjson) is not installed")
read_fast = _json_lines.read_fast
write_fast = _json_lines.write_fast

FLOATS = st.floats(allow_nan=False, allow_infinity=False)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),  # beyond 64 bits too, which orjson refuses
    FLOATS,
    # tiny floats, where orjson's text differs from Python's
    st.floats(min_value=1e-10, max_value=1e-3).map(lambda x: x * 0.999),
    st.text(),  # lone surrogates too, which neither can write
    st.sampled_from(["1e-05", "0.00001", "e-", "\u2028", "\x00", '"\\/']),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def outcome(function: Any, value: Any) -> tuple[str, Any]:
    try:
        return "ok", function(value)
    except (ValueError, TypeError, RecursionError) as error:
        return "error", type(error)


def test_the_fast_codec_is_the_one_in_use_when_orjson_is_installed() -> None:
    assert (_json_lines.read, _json_lines.write) == (read_fast, write_fast)


@settings(scaled(4), deadline=None)
@given(VALUES)
def test_write_fast_writes_the_standard_text_or_fails_as_it_does(value: Any) -> None:
    assert outcome(write_fast, value) == outcome(write_standard, value)


@settings(scaled(4), deadline=None)
@given(st.lists(FLOATS, min_size=1, max_size=50))
def test_every_float_is_written_as_python_writes_it(values: list[float]) -> None:
    text = write_fast(values)
    assert text == json.dumps(values, separators=(",", ":")).encode("utf-8")
    assert json.loads(text) == values


@pytest.mark.parametrize(
    "value",
    [
        5e-05, -7.885804346585701e-05, 1e-07, 1.5e-09, 9.999999999999999e-05,  # differ in orjson
        1e-04, 1e-10, 1e-300, 5e-324, 1e15, 1e16, 1.5e20, 1.7976931348623157e308, 0.1, -0.0,
    ],
)
def test_floats_at_every_magnitude_are_written_as_python_writes_them(value: float) -> None:
    assert write_fast({"x": [value]}) == b'{"x":[' + repr(value).encode() + b"]}"


@pytest.mark.parametrize("value", [-1e-07, -5e-05, 1e-07, -1.5e-09, "-e-", ["-", "e-"], "e"])
def test_values_written_alone_are_written_as_python_writes_them(value: Any) -> None:
    assert write_fast(value) == json.dumps(value, separators=(",", ":")).encode("utf-8")


class Text(str):
    pass


@dataclasses.dataclass
class Point:
    x: int


@pytest.mark.parametrize(
    "value",
    [
        {"when": datetime.date(2026, 1, 1)},
        [Point(1)],
        {1: "a key that is not a string"},
        [2**64],
        {"deep": [[[[[]]]]] * 2},
        [Text("a subclass of str")],
        ["lone \ud800 surrogate"],
    ],
    ids=["date", "dataclass", "int-key", "big-int", "nested", "str-subclass", "surrogate"],
)
def test_what_orjson_would_convert_or_refuse_is_left_to_the_standard_library(value: Any) -> None:
    assert outcome(write_fast, value) == outcome(write_standard, value)


def test_nothing_deeper_than_orjson_allows_is_lost() -> None:
    deep: Any = []
    for _ in range(300):  # orjson refuses more than 254 levels; the standard library writes it
        deep = [deep]
    assert write_fast(deep) == b"[" * 301 + b"]" * 301


@settings(scaled(4), deadline=None)
@given(VALUES)
def test_read_fast_reads_what_the_standard_library_reads(value: Any) -> None:
    status, data = outcome(write_standard, value)
    if status != "ok":
        return
    assert outcome(read_standard, data) == ("ok", value)
    status, fast = outcome(read_fast, data)
    if status == "ok":
        assert alike(fast, value)
    else:  # of what the standard library writes, orjson refuses only very long integers
        assert big_ints(value)


def big_ints(value: Any) -> list[int]:
    if type(value) is int and not -(2**63) <= value < 2**64:
        return [value]
    if type(value) is list:
        return [n for item in value for n in big_ints(item)]
    if type(value) is dict:
        return [n for item in value.values() for n in big_ints(item)]
    return []


def alike(fast: Any, standard: Any) -> bool:
    """Equal, except that orjson reads an integer beyond 64 bits as a float."""
    if type(standard) is int and not -(2**63) <= standard < 2**64:
        return type(fast) is float
    if type(standard) is list:
        return type(fast) is list and len(fast) == len(standard) and all(
            map(alike, fast, standard)
        )
    if type(standard) is dict:
        return type(fast) is dict and fast.keys() == standard.keys() and all(
            alike(fast[key], standard[key]) for key in standard
        )
    return type(fast) is type(standard) and fast == standard


@settings(scaled(4), deadline=None)
@given(st.binary(max_size=40) | st.text(max_size=40).map(lambda t: t.encode("utf-8", "replace")))
def test_read_fast_refuses_more_and_never_reads_otherwise(data: bytes) -> None:
    fast = outcome(read_fast, data)
    standard = outcome(read_standard, data)
    if fast[0] == "ok":
        assert standard[0] == "ok"
        assert alike(fast[1], standard[1])
    else:
        assert issubclass(fast[1], ValueError)


@pytest.mark.parametrize(
    "data", [b"NaN", b"[Infinity]", b"1" * 400, b'"\\ud800"', b"\xef\xbb\xbf{}"]
)
def test_what_orjson_refuses_is_a_value_error(data: bytes) -> None:
    with pytest.raises(json.JSONDecodeError):
        read_fast(data)


def test_an_integer_beyond_64_bits_is_read_as_a_float() -> None:
    assert read_standard(b"[123456789012345678901234567890]") == [123456789012345678901234567890]
    assert type(read_fast(b"[123456789012345678901234567890]")[0]) is float

