"""leadcomp's own documents (JSON or YAML): read, checked, built and written.

The flow is one way: bytes -> strict parse -> header -> schema -> structure -> domain rules.
Every failure a user can cause comes out as Problems, raised inside InvalidDocument by the
functions that return models and returned as a list by ``validate``.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Union

from leadcomp.documents._atomic import write_document
from leadcomp.model._converter import KIND_OF_MODEL, MODEL_OF_KIND, build_model, unstructure
from leadcomp.problems import InvalidDocument, Problem, problem, sort_problems
from leadcomp.read._limits import DEFAULT_LIMITS, Limits, read_at_most
from leadcomp.read._parsed import Parsed, Syntax
from leadcomp.read._plain import plain_problems
from leadcomp.read._reader import check_depth, parse, syntax_for
from leadcomp.validation._acceptor import acceptor
from leadcomp.validation._partial import rules_without_errors
from leadcomp.validation._rules import PLAIN_KINDS, check_model, check_plain
from leadcomp.validation._schema_check import (
    FORMAT,
    check_header,
    format_of,
    schema_problems,
    upgrade,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from leadcomp.model import (
        Document,
        Framework,
    )

#: What ``load`` and ``validate`` read: a path, raw bytes, or already-parsed data.
Source = Union[str, "os.PathLike[str]", bytes, Mapping[str, Any]]


_HEADER = ("kind", "format")


def _name(source: Any) -> str | None:
    return os.fspath(source) if isinstance(source, (str, os.PathLike)) else None


def read_bytes(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of a file, refused (as InvalidDocument) when unreadable or over the size limit."""
    name = os.fspath(path)
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limits.max_bytes:
                raise InvalidDocument(
                    [
                        problem(
                            "too-large",
                            f"the file is {size} bytes, over the limit of {limits.max_bytes}; "
                            "raise the limit (--max-bytes) if the file is genuine",
                        ).located(name)
                    ]
                )
            data = read_at_most(handle, limits.max_bytes)
    except IsADirectoryError:
        raise InvalidDocument(
            [problem("unreadable", "this is a folder, not a file").located(name)]
        ) from None
    except FileNotFoundError:
        raise InvalidDocument(
            [problem("unreadable", "no such file").located(name)]
        ) from None
    except OSError as error:
        raise InvalidDocument(
            [
                problem(
                    "unreadable", f"cannot read the file: {error.strerror or error}"
                ).located(name)
            ]
        ) from None
    if len(data) > limits.max_bytes:  # the file grew while we read it
        raise InvalidDocument(
            [
                problem(
                    "too-large", f"the file is over the limit of {limits.max_bytes} bytes"
                ).located(name)
            ]
        )
    return data


def parse_source(
    source: Source, *, limits: Limits = DEFAULT_LIMITS, syntax: Syntax | None = None
) -> Parsed:
    """Strictly parse a path, bytes or mapping into plain data (no schema, no model)."""
    if isinstance(source, Mapping):
        data = dict(source)
        bad = check_depth(data, limits) or plain_problems(data)
        if bad:
            raise InvalidDocument(bad)
        return Parsed(data, text="", syntax="json", file=None, values={}, keys={})
    if isinstance(source, (bytes, bytearray, memoryview)):
        return parse(bytes(source), syntax=syntax, limits=limits)
    if isinstance(source, (str, os.PathLike)):
        name = os.fspath(source)
        return parse(read_bytes(source, limits), file=name, syntax=syntax, limits=limits)
    raise TypeError(
        f"load and validate read a path, bytes or a mapping, not {type(source).__name__}"
    )


@contextmanager
def bulk() -> Iterator[None]:
    """Pause the cyclic garbage collector while many objects are built (and none freed).

    Building a large document allocates tens of thousands of containers; the collector would scan
    them again and again although none of them is garbage yet.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_parsed(
    parsed: Parsed, limits: Limits, kind: str | None, framework: Framework | None, build: bool
) -> tuple[str | None, Any | None, list[Problem]]:
    """Header, schema, domain rules and (with ``build``) structure, in that order.

    Returns the document's kind (None when it cannot be told), its model (None unless built and
    free of errors) and every problem found. Rules of frameworks, roles and assessments run on
    the plain data, so ``validate`` never needs to build the model.
    """
    data = parsed.data
    found_kind, found = check_header(data)
    if found_kind is None or found:
        return found_kind, None, found
    if kind is not None and found_kind != kind:
        return found_kind, None, [
            problem(
                "wrong-kind",
                f"expected {with_article(kind)} document here, found {with_article(found_kind)}",
                ("kind",),
            )
        ]
    accepts = acceptor(found_kind, limits.max_depth)
    if not accepts(data):
        deep = check_depth(data, limits)
        found = deep + schema_problems(found_kind, data)
        if any(p.is_error for p in found):
            if found_kind in PLAIN_KINDS and not deep:
                found = found + _rules_without_errors(found_kind, data, found, accepts, framework)
            return found_kind, None, found
    data, older = upgrade(found_kind, data)
    found = found + older
    body = {key: value for key, value in data.items() if key not in _HEADER}
    plain = found_kind in PLAIN_KINDS
    if plain:
        found = found + check_plain(found_kind, body, framework)
        if not build or any(p.is_error for p in found):
            return found_kind, None, found
    model, more = build_model(body, MODEL_OF_KIND[found_kind])
    found = found + more
    if model is not None and not plain:
        found = found + check_model(model, framework)
    return found_kind, model, found


def _rules_without_errors(
    kind: str,
    data: dict[str, Any],
    errors: list[Problem],
    accepts: Any,
    framework: Framework | None,
) -> list[Problem]:
    """The domain rules on what the schema accepted (see validation._partial)."""
    def rules(pruned: dict[str, Any]) -> list[Problem]:
        body = {key: value for key, value in pruned.items() if key not in _HEADER}
        return check_plain(kind, body, framework)

    return rules_without_errors(kind, data, errors, accepts, rules)


def with_article(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def finish(parsed: Parsed, problems: list[Problem]) -> list[Problem]:
    """The problems placed and in reading order; a note that checks are waiting comes last."""
    if not problems:
        return []
    waiting = [p.located(parsed.file) for p in problems if p.code == "checks-waiting"]
    placed = [p for p in problems if p.code != "checks-waiting"]
    return sort_problems(parsed.locate(placed)) + waiting


#: Reads parsed data into (kind, model or None, problems): ``read_parsed`` for leadcomp's own
#: documents, or one that also knows other formats' parsed data (formats' ``read_any``).
Reader = Callable[
    [Parsed, Limits, "str | None", "Framework | None", bool],
    tuple["str | None", Any, list[Problem]],
]


def inspect_document(
    source: Source,
    *,
    framework: Framework | None = None,
    kind: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    read: Reader | None = None,
) -> tuple[str | None, list[Problem]]:
    """A leadcomp document's kind (None when it cannot be told) and every problem, in reading
    order; never raises for bad input. ``read`` reads the parsed data (``read_parsed``)."""
    try:
        with bulk():
            parsed = parse_source(source, limits=limits)
            found_kind, _model, found = (read or read_parsed)(
                parsed, limits, kind, framework, False
            )
    except InvalidDocument as invalid:
        return None, sort_problems(invalid.problems)
    return found_kind, finish(parsed, found)


def load_document(
    source: Source,
    *,
    kind: str | None = None,
    framework: Framework | None = None,
    limits: Limits = DEFAULT_LIMITS,
    read: Reader | None = None,
    warnings: list[Problem] | None = None,
) -> Document:
    """A leadcomp document (JSON or YAML) read into its model; InvalidDocument carrying every
    Problem if it has errors. ``read`` reads the parsed data (``read_parsed``); other formats are
    read by ``leadcomp.load``. ``warnings``, a list, receives the document's warnings, placed and
    in reading order."""
    with bulk():
        parsed = parse_source(source, limits=limits)
        _kind, model, found = (read or read_parsed)(parsed, limits, kind, framework, True)
    if model is None or any(p.is_error for p in found):
        raise InvalidDocument(finish(parsed, found))
    if warnings is not None:
        warnings.extend(finish(parsed, found))
    return model  # type: ignore[no-any-return]


def check(model: Document, framework: Framework | None = None) -> list[Problem]:
    """Schema and domain-rule problems of a model built in code (as ``dump`` checks it)."""
    return _plain_problems(model, _plain(model), framework)


def _plain(model: Document) -> dict[str, Any]:
    kind = KIND_OF_MODEL.get(type(model))
    if kind is None:
        raise TypeError(f"not a leadcomp document model: {type(model).__name__}")
    data = unstructure(model)
    return {"kind": kind, "format": format_of(kind, data, FORMAT), **data}


def _plain_problems(
    model: Document, data: dict[str, Any], framework: Framework | None
) -> list[Problem]:
    found = plain_problems(data)
    kind = data["kind"]
    if not acceptor(kind, DEFAULT_LIMITS.max_depth)(data):
        found += check_depth(data, DEFAULT_LIMITS) + schema_problems(kind, data)
    if not any(p.is_error for p in found):
        found += check_model(model, framework)
    return sort_problems(found)


def dumps(model: Document, *, syntax: Syntax = "json", compact: bool = False) -> str:
    """The canonical JSON (or YAML) text of a model; InvalidDocument if it is not valid.

    ``compact`` JSON is one line with no spaces and no final newline (a JSON Lines record).
    """
    data = _plain(model)
    found = _plain_problems(model, data, None)
    if any(p.is_error for p in found):
        raise InvalidDocument(found)
    if syntax == "yaml":
        import yaml  # PyYAML: only for YAML output

        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        return str(
            yaml.dump(
                data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100,
                default_flow_style=False,
            )
        )
    if compact:
        return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def dump_document(
    model: Document,
    target: str | os.PathLike[str] | None = None,
    *,
    syntax: Syntax | None = None,
    overwrite: bool = False,
) -> str:
    """Write a model as canonical JSON or YAML and return the text.

    With a target path the file is written atomically, its syntax taken from its suffix unless
    given, and an existing file is replaced only with ``overwrite=True``. The document is checked
    against its schema and rules first: InvalidDocument, and nothing written, if it fails.
    """
    if syntax is None:
        syntax = syntax_for(os.fspath(target), b"{") if target is not None else "json"
    text = dumps(model, syntax=syntax)
    if target is not None:
        write_document(target, text.encode("utf-8"), overwrite=overwrite)
    return text
