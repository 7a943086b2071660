"""The one Problem type every stage reports, and the one exception that carries them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Literal

from attrs import evolve, frozen

Severity = Literal["error", "warning"]
#: A location inside a document: object keys and array indices from the top.
PathParts = tuple["str | int", ...]

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: Characters a key may hold that must not reach a terminal or a UTF-8 stream as they are:
#: control characters, lone surrogates (which cannot be encoded), invisible and bidirectional
#: formatting characters, and line and paragraph separators.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]"
)


_UNSAFE_IN_TEXT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]"
)


def printable(text: str) -> str:
    """Text safe for a terminal: control, invisible and bidirectional characters (all but tab and
    newline) shown as ``\\uXXXX``, so data can never move the cursor, retitle a window or hide
    what follows."""
    return _UNSAFE_IN_TEXT.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def printable_name(name: str) -> str:
    """A file name safe to print on one line: control characters (line breaks and tabs too),
    invisible and bidirectional characters shown as ``\\uXXXX``, as in keys of JSON paths, so
    that a name can neither move the cursor nor start a line of its own (a forged problem, a CI
    workflow command)."""
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", name)


def _escape_key(key: str) -> str:
    escaped = key.replace("\\", "\\\\").replace("'", "\\'")
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", escaped)


def json_path(parts: Iterable[str | int]) -> str:
    """Render path parts as a JSON path such as ``$.competencies[3].id``.

    Keys that are not plain names are quoted, with backslashes and quotes escaped, and with
    control, surrogate and invisible formatting characters written as ``\\uXXXX``: a path is
    always safe to print and to encode as UTF-8, whatever keys a document holds.
    """
    out = ["$"]
    for part in parts:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif _PLAIN_KEY.match(part):
            out.append(f".{part}")
        else:
            out.append(f"['{_escape_key(part)}']")
    return "".join(out)


@frozen(kw_only=True)
class Problem:
    """Something wrong (or worth a warning) in a document, with where it is and what would be right.

    ``code`` is stable and meant for programs; ``message`` is meant for people.
    """

    code: str
    message: str
    path: str = "$"
    file: str | None = None
    line: int | None = None
    column: int | None = None
    severity: Severity = "error"
    #: The location as keys and indices; used to find line and column, not serialised.
    parts: PathParts = ()

    @property
    def is_error(self) -> bool:
        """True for errors, False for warnings."""
        return self.severity == "error"

    def located(
        self, file: str | None = None, line: int | None = None, column: int | None = None
    ) -> Problem:
        """A copy with file, line and column filled in where they are still unknown."""
        return evolve(
            self,
            file=self.file if self.file is not None else file,
            line=self.line if self.line is not None else line,
            column=self.column if self.column is not None else column,
        )

    def to_dict(self) -> dict[str, object]:
        """The problem as a JSON-ready mapping (the shape ``-o json`` prints)."""
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "path": self.path,
            "file": self.file,
            "line": self.line,
            "column": self.column,
        }

    def __str__(self) -> str:
        where = printable_name(self.file) if self.file else "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        code = self.code if self.is_error else f"{self.code} (warning)"
        return f"{where}: {code}: {self.path}: {self.message}"


def problem(
    code: str, message: str, parts: Sequence[str | int] = (), *, severity: Severity = "error"
) -> Problem:
    """A Problem at a location given as path parts."""
    parts = tuple(parts)
    return Problem(
        code=code, message=message, path=json_path(parts), parts=parts, severity=severity
    )


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in reading order: by file, line, column, then path and code."""
    return sorted(
        problems,
        key=lambda p: (
            p.file or "",
            p.line if p.line is not None else 1 << 62,
            p.column or 0,
            p.path,
            p.code,
        ),
    )


class InvalidDocument(ValueError):
    """Raised when a document cannot be read, validated or written; carries every Problem."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        errors = [p for p in self.problems if p.is_error]
        head = str(errors[0]) if errors else "invalid document"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(head + more)

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Only the problems of severity error."""
        return tuple(p for p in self.problems if p.is_error)
