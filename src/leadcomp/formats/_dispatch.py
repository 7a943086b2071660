"""The public load, validate and dump: leadcomp documents, and the formats read and written
in their place (a CASE package, CTDL-ASN JSON-LD and ESCO or O*NET CSV are read as frameworks;
a Moodle CSV is read and written as one).

The native pipeline (documents) is below; this module tells the formats apart
(``formats._sniff``) and holds the one reader and the one writer of the other formats
(``read_foreign``, ``write_foreign``, which ``convert``'s table uses too): each format's module
is imported there, when a file of that format is met, so that reading a leadcomp document
never pays for them.
"""

from __future__ import annotations

import os
from typing import Any, Literal, overload

from leadcomp.documents._atomic import write_document
from leadcomp.documents._pipeline import (
    Source,
    dump_document,
    inspect_document,
    load_document,
    read_parsed,
    with_article,
)
from leadcomp.formats._sniff import foreign_csv, is_case, is_ctdl_data, is_moodle
from leadcomp.model._converter import is_framework
from leadcomp.problems import InvalidDocument, Problem, problem, sort_problems
from leadcomp.read._limits import DEFAULT_LIMITS, Limits
from leadcomp.read._parsed import Parsed, Syntax
from leadcomp.validation._rules import check_model

TYPE_CHECKING = False
if TYPE_CHECKING:
    from leadcomp.model import (
        Assessment,
        Document,
        Framework,
        RoleProfile,
        ScoreSheet,
        ScoringPolicy,
    )


def read_any(
    parsed: Parsed, limits: Limits, kind: str | None, framework: Framework | None, build: bool
) -> tuple[str | None, Any | None, list[Problem]]:
    """As the native ``read_parsed``, with CTDL-ASN JSON-LD and a CASE package read as
    frameworks."""
    if is_ctdl_data(parsed.data):
        return _read_ctdl(parsed, limits, kind, framework)
    if is_case(parsed.data):
        from leadcomp.formats.case import model_from_case

        model, found = model_from_case(parsed, limits, kind)
        if model is not None:
            found = found + check_model(model, framework)
        return "framework", model, found
    return read_parsed(parsed, limits, kind, framework, build)


def validate(
    source: Source,
    *,
    framework: Framework | None = None,
    kind: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[Problem]:
    """Every problem of a document (errors and warnings), in reading order; never raises for
    bad input. With ``framework``, roles and assessments are also checked against it."""
    return inspect(source, framework=framework, kind=kind, limits=limits)[1]


def inspect(
    source: Source,
    *,
    framework: Framework | None = None,
    kind: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[str | None, list[Problem]]:
    """The document's kind (None when it cannot be told) and every problem, as ``validate``."""
    found_csv = foreign_csv(source)
    if found_csv is not None:
        return _inspect_csv(found_csv, source, kind, framework, limits)
    if is_moodle(source):
        told, _framework, found = _inspect_moodle(source, kind, limits)
        return told, found
    return inspect_document(source, framework=framework, kind=kind, limits=limits, read=read_any)


@overload
def load(
    source: Source, *, kind: Literal["framework"], framework: Framework | None = ...,
    limits: Limits = ..., warnings: list[Problem] | None = ...,
) -> Framework: ...
@overload
def load(
    source: Source, *, kind: Literal["role"], framework: Framework | None = ...,
    limits: Limits = ..., warnings: list[Problem] | None = ...,
) -> RoleProfile: ...
@overload
def load(
    source: Source, *, kind: Literal["assessment"], framework: Framework | None = ...,
    limits: Limits = ..., warnings: list[Problem] | None = ...,
) -> Assessment: ...
@overload
def load(
    source: Source, *, kind: Literal["policy"], framework: Framework | None = ...,
    limits: Limits = ..., warnings: list[Problem] | None = ...,
) -> ScoringPolicy: ...
@overload
def load(
    source: Source, *, kind: Literal["scoresheet"], framework: Framework | None = ...,
    limits: Limits = ..., warnings: list[Problem] | None = ...,
) -> ScoreSheet: ...
@overload
def load(
    source: Source, *, kind: None = ..., framework: Framework | None = ...,
    limits: Limits = ..., warnings: list[Problem] | None = ...,
) -> Document: ...
def load(
    source: Source,
    *,
    kind: str | None = None,
    framework: Framework | None = None,
    limits: Limits = DEFAULT_LIMITS,
    warnings: list[Problem] | None = None,
) -> Document:
    """Read a document into its model; InvalidDocument carrying every Problem if it has errors.

    ``kind`` insists on one kind of document; ``framework`` also checks a role or assessment
    against that framework. Warnings do not stop loading: ``validate`` reports them, and
    ``warnings``, a list, receives them too (so a file is read once for both).
    A CASE package or CTDL-ASN JSON-LD is read as a framework, and so is an ESCO skills or
    O*NET Content Model CSV (told by its header); any other ``.csv`` path (or bytes starting with
    Moodle's header) is read as a Moodle competency framework CSV.
    """
    found_csv = foreign_csv(source)
    if found_csv is not None:
        _framework_kind(kind, _NAMES[found_csv])
        model, found = _read_csv(found_csv, source, limits)
        errors = found + (check_model(model, framework) if framework is not None else [])
        if any(p.is_error for p in errors):
            raise InvalidDocument(sort_problems(errors))
        if warnings is not None:
            warnings.extend(sort_problems(errors))
        return model
    if is_moodle(source):
        _framework_kind(kind, "a Moodle CSV")
        read, problems = _read_moodle(source, limits)
        if read is None:
            raise InvalidDocument(problems)
        if warnings is not None:
            warnings.extend(sort_problems(problems))
        return read
    return load_document(
        source, kind=kind, framework=framework, limits=limits, read=read_any, warnings=warnings
    )


def dump(
    model: Document,
    target: str | os.PathLike[str] | None = None,
    *,
    syntax: Syntax | None = None,
    overwrite: bool = False,
) -> str:
    """Write a model as canonical JSON or YAML and return the text; a framework to a ``.csv``
    target is written as a Moodle competency CSV.

    With a target path the file is written atomically, its syntax taken from its suffix unless
    given, and an existing file is replaced only with ``overwrite=True``. The document is checked
    against its schema and rules first: InvalidDocument, and nothing written, if it fails.
    """
    if target is not None and os.fspath(target).lower().endswith(".csv"):
        return _dump_moodle(model, target, overwrite)
    return dump_document(model, target, syntax=syntax, overwrite=overwrite)


# -- the formats' own readers and writers: each format's module is imported here alone ----------

#: The formats a framework is read from besides leadcomp's own (``registry.FORMATS`` names).
ForeignReader = Literal["case", "moodle", "esco", "onet", "ctdl-asn"]
#: The formats a framework is written in besides leadcomp's own.
ForeignWriter = Literal["case", "moodle"]


def read_foreign(
    format_name: ForeignReader,
    source: Any,
    *more: Any,
    strict: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[Framework, list[Problem]]:
    """The framework in a file of another format and its warnings; InvalidDocument, with every
    problem, when it cannot be read. ``more`` files are read with an ESCO, O*NET or CTDL-ASN
    file; ``strict`` makes a CASE package's deviations errors. The format's module is imported
    when a file of it is met, so that reading a leadcomp document never pays for them."""
    if format_name == "case":
        from leadcomp.formats.case import read_case

        return read_case(source, strict=strict, limits=limits)
    if format_name == "moodle":
        from leadcomp.formats.moodle import read_moodle

        return read_moodle(source, limits=limits)
    if format_name == "esco":
        from leadcomp.formats.esco import read_esco

        return read_esco(source, *more, limits=limits)
    if format_name == "onet":
        from leadcomp.formats.onet import read_onet

        return read_onet(source, *more, limits=limits)
    from leadcomp.formats.ctdl import read_ctdl

    return read_ctdl(source, *more, limits=limits)


def write_foreign(
    format_name: ForeignWriter,
    framework: Framework,
    *,
    shorten: bool = False,
    warnings: list[Problem] | None = None,
) -> str:
    """The text of a framework as a CASE package (1.1) or a Moodle competency CSV (``shorten``
    and ``warnings`` as for ``moodle.dumps_moodle``); InvalidDocument when it cannot be
    written. The format's module is imported only here, when it is written."""
    if format_name == "case":
        from leadcomp.formats.case import dumps_case

        return dumps_case(framework)
    from leadcomp.formats.moodle import dumps_moodle

    return dumps_moodle(framework, shorten=shorten, warnings=warnings)


# -- frameworks published as ESCO or O*NET CSV, or as CTDL-ASN JSON-LD ------------------------

_NAMES = {"esco": "an ESCO skills CSV", "onet": "an O*NET Content Model CSV"}


def _read_csv(found: str, source: Any, limits: Limits) -> tuple[Framework, list[Problem]]:
    """The framework in an ESCO or O*NET CSV file and its warnings; InvalidDocument if it
    cannot be read."""
    return read_foreign("esco" if found == "esco" else "onet", source, limits=limits)


def _inspect_csv(
    found: str, source: Any, kind: str | None, framework: Framework | None, limits: Limits
) -> tuple[str | None, list[Problem]]:
    try:
        _framework_kind(kind, _NAMES[found])
        model, problems = _read_csv(found, source, limits)
    except InvalidDocument as invalid:
        return "framework", sort_problems(invalid.problems)
    more = check_model(model, framework) if framework is not None else []
    return "framework", sort_problems(problems + more)


def _read_ctdl(
    parsed: Parsed, limits: Limits, kind: str | None, framework: Framework | None
) -> tuple[str | None, Any | None, list[Problem]]:
    """A CTDL-ASN framework read from its file (or its parsed data) as a framework."""
    try:
        _framework_kind(kind, "CTDL-ASN JSON-LD")
        source = parsed.file if parsed.file is not None else parsed.data
        model, found = read_foreign("ctdl-asn", source, limits=limits)
    except InvalidDocument as invalid:
        return "framework", None, list(invalid.problems)
    return "framework", model, found + check_model(model, framework)


# -- Moodle competency CSV ---------------------------------------------------

def _framework_kind(kind: str | None, found: str) -> None:
    """InvalidDocument (``wrong-kind``) when a kind other than a framework is wanted."""
    if kind is not None and kind != "framework":
        raise InvalidDocument(
            [
                problem(
                    "wrong-kind", f"expected {with_article(kind)} document here, found {found}"
                )
            ]
        )


_NOT_MOODLE = frozenset(
    {
        "moodle-header", "moodle-outcomes-file", "empty", "unreadable", "too-large",
        "invalid-encoding", "invalid-csv",
    }
)


def _read_moodle(source: Any, limits: Limits) -> tuple[Framework | None, list[Problem]]:
    """The framework in a Moodle CSV (None when it has errors) and its problems."""
    try:
        return read_foreign("moodle", source, limits=limits)
    except InvalidDocument as invalid:
        return None, list(invalid.problems)


def _inspect_moodle(
    source: Any, kind: str | None, limits: Limits
) -> tuple[str | None, Framework | None, list[Problem]]:
    """A Moodle CSV's kind (None when it is not one), framework (None when it has errors) and
    problems in reading order."""
    try:
        _framework_kind(kind, "a Moodle CSV")
    except InvalidDocument as invalid:
        return "framework", None, sort_problems(invalid.problems)
    framework, found = _read_moodle(source, limits)
    told = not any(p.code in _NOT_MOODLE for p in found)
    return ("framework" if told else None), framework, sort_problems(found)


def _dump_moodle(model: Document, target: str | os.PathLike[str], overwrite: bool) -> str:
    if not is_framework(model):
        raise InvalidDocument(
            [
                problem(
                    "wrong-kind",
                    f"only frameworks can be written as Moodle CSV (.csv), not "
                    f"{with_article(_KIND_NAME.get(type(model).__name__, type(model).__name__))}",
                ).located(os.fspath(target))
            ]
        )
    text = write_foreign("moodle", model)
    write_document(target, text.encode("utf-8"), overwrite=overwrite)
    return text


_KIND_NAME = {"RoleProfile": "role", "Assessment": "assessment", "ScoringPolicy": "policy"}
