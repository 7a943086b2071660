"""The JSON codec of the scoring stream: orjson where it is installed (the ``fast`` extra),
else the standard library, with the same results either way.

``read`` parses one line of input for the line reader, which accepts only what both parsers
read alike. ``write`` gives one line of compact output as UTF-8, the very text the standard
library's encoder would write: it leaves to the standard library whatever orjson would write
otherwise.
So installing the extra changes the speed and nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - CI installs the extra; tests cover both codecs
    orjson = None  # type: ignore[assignment]

#: One line of compact JSON (the data written is checked first and has no cycles, so the
#: encoder's check for them is left out).
_compact = json.JSONEncoder(
    separators=(",", ":"), ensure_ascii=False, allow_nan=False, check_circular=False
).encode


def read_standard(data: bytes) -> Any:
    """The parse of one line by the standard library: ValueError (UnicodeDecodeError and
    JSONDecodeError among them) or RecursionError if it is not JSON."""
    return json.loads(data.decode("utf-8"))


def write_standard(data: Any) -> bytes:
    """Compact JSON of plain data, by the standard library, as UTF-8.

    ValueError for NaN, an infinity or a lone surrogate, TypeError for a value JSON has no
    form for, RecursionError for data nested too deep.
    """
    return _compact(data).encode("utf-8")  # (a lone surrogate cannot be written)


def read_fast(data: bytes) -> Any:
    """The parse of one line by orjson. It refuses more than the standard library (NaN and
    the infinities, a byte order mark, lone surrogates, integers of hundreds of digits), and
    reads an integer beyond 64 bits as a float. The line reader accepts no float, and what is
    refused is for the reference path to decide and explain."""
    return orjson.loads(data)


#: orjson's options for ``write_fast``: values of the types the standard library cannot
#: write (dataclasses, dates and times, subclasses of the JSON types) are refused, not
#: converted.
_OPTIONS = (
    (orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME
     | orjson.OPT_PASSTHROUGH_SUBCLASS)
    if orjson is not None
    else 0
)


def write_fast(data: Any) -> bytes:
    """``write_standard``'s bytes by orjson, for data with no NaN or infinity (which orjson
    would write as null): the caller checks that first.

    Whatever orjson refuses is left to the standard library, and so is every text in which
    orjson may have written a float differently from ``float.__repr__``. It does so only
    between 1e-9 and 1e-4 in magnitude: 0.00005 where Python writes 5e-05, and 1e-7 where
    Python writes 1e-07.
    """
    try:
        text = orjson.dumps(data, option=_OPTIONS)
    except TypeError:  # orjson.JSONEncodeError: the standard library decides and explains
        return write_standard(data)
    if b"0.0000" in text or _exponent(text):  # such a float, or a string that looks like one
        return write_standard(data)
    return text


def _exponent(text: bytes) -> bool:
    """Whether ``e-`` is in the text (found by its rarer second byte)."""
    at = text.find(b"-", 1)
    while at != -1:
        if text[at - 1] == 0x65:  # "e"
            return True
        at = text.find(b"-", at + 1)
    return False


def _pick() -> tuple[Callable[[bytes], Any], Callable[[Any], bytes]]:
    if orjson is None:  # pragma: no cover - CI installs the extra; tests cover both codecs
        return read_standard, write_standard
    return read_fast, write_fast


#: The codec in use: orjson's where it is installed.
read, write = _pick()
