"""The formats ``leadcomp convert`` reads and writes, in one table: how each is recognised
(by a file's name and first bytes), read into models and written.

``detect(name, head)`` names the format of a file; ``FORMATS[name].read(path, options)`` gives
its model and warnings and ``FORMATS[name].write(model, path, options, warnings)`` the bytes of a
model in a format (either is None where a format cannot be read or written). A new format is a
row of ``FORMATS``. Each format's module is imported when a file of that format is met, so that
converting one format never pays for the others.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from attrs import field, frozen

from leadcomp.documents._pipeline import dumps
from leadcomp.formats._dispatch import load, read_foreign, validate, write_foreign
from leadcomp.formats._sniff import (
    HEAD_BYTES,
    is_ctdl,
    is_xlsx,
    looks_like_case,
    looks_like_esco,
    looks_like_onet,
    moodle_head,
    read_head,
)
from leadcomp.model import Framework
from leadcomp.problems import InvalidDocument, Problem, problem
from leadcomp.read._limits import DEFAULT_LIMITS, Limits
from leadcomp.read._reader import syntax_for


@frozen
class Options:
    """What a reader or writer may need besides the file and the model."""

    #: Deviations from the input format's specification are errors.
    strict: bool = False
    limits: Limits = DEFAULT_LIMITS
    #: Every file read together, IN first: survey exports (each with its mapping), or more
    #: ESCO, O*NET or CTDL-ASN files; empty for IN alone.
    inputs: tuple[str, ...] = field(default=(), converter=tuple)
    #: The survey-mapping documents, one per survey export in order.
    mappings: tuple[str, ...] = field(default=(), converter=tuple)
    #: A framework file or built-in to check survey answers against.
    framework: str | None = None
    #: The framework-mapping document a framework of another shape is read with.
    framework_mapping: str | None = None
    #: Surveys: keep the valid assessments when some rows are bad.
    keep_going: bool = False
    #: Moodle out: shorten over-long id numbers and short names (with a warning each).
    moodle_shorten: bool = False


@frozen
class Format:
    """One format: how to recognise, read and write it (None: it cannot)."""

    description: str
    #: True when a file of this name (with these first bytes, None for an output) is this format.
    detect: Callable[[str, bytes | None], bool]
    #: The model in the file and its warnings; InvalidDocument when it cannot be read.
    read: Callable[[str, Options], tuple[Any, list[Problem]]] | None
    #: The bytes of a model in this format for an output name, adding warnings to the list;
    #: InvalidDocument when it cannot be written.
    write: Callable[[Any, str, Options, list[Problem]], bytes] | None


def _framework_mapping(options: Options) -> str:
    if options.framework_mapping is None:
        raise InvalidDocument(
            [problem("missing-mapping", "a framework of another shape needs a framework mapping")]
        )
    return options.framework_mapping


# -- leadcomp ------------------------------------------------------------------------------


def _detect_leadcomp(name: str, head: bytes | None) -> bool:
    return name.lower().endswith((".json", ".jsonl", ".yaml", ".yml")) or name == "-"


def _read_leadcomp(name: str, options: Options) -> tuple[Any, list[Problem]]:
    found = validate(name, limits=options.limits)
    if any(p.is_error for p in found):
        raise InvalidDocument(found)
    return load(name, limits=options.limits), found


def _write_leadcomp(model: Any, name: str, options: Options, warnings: list[Problem]) -> bytes:
    if isinstance(model, list):  # many documents (survey assessments): JSON Lines
        return "".join(dumps(m, compact=True) + "\n" for m in model).encode("utf-8")
    syntax = "json" if name == "-" else syntax_for(name, b"{")
    return dumps(model, syntax=syntax).encode("utf-8")


# -- CASE ------------------------------------------------------------------------------------


def _read_case(name: str, options: Options) -> tuple[Any, list[Problem]]:
    return read_foreign("case", name, strict=options.strict, limits=options.limits)


def _write_case(model: Any, name: str, options: Options, warnings: list[Problem]) -> bytes:
    if not isinstance(model, Framework):
        kind = type(model).__name__
        raise InvalidDocument(
            [
                problem(
                    "wrong-kind", f"only frameworks can be written as CASE packages, not a {kind}"
                )
            ]
        )
    return write_foreign("case", model).encode("utf-8")


# -- Moodle competency CSV -------------------------------------------------------------------


def _detect_moodle(name: str, head: bytes | None) -> bool:
    # a Moodle outcomes file is read as Moodle, to be refused as what it is
    return name.lower().endswith(".csv") and (head is None or moodle_head(head) is not None)


def _read_moodle(name: str, options: Options) -> tuple[Any, list[Problem]]:
    return read_foreign("moodle", name, limits=options.limits)


def _write_moodle(model: Any, name: str, options: Options, warnings: list[Problem]) -> bytes:
    if not isinstance(model, Framework):
        kind = "list of assessments" if isinstance(model, list) else type(model).__name__
        raise InvalidDocument(
            [problem("wrong-kind", f"only frameworks can be written as Moodle CSV, not a {kind}")]
        )
    text = write_foreign("moodle", model, shorten=options.moodle_shorten, warnings=warnings)
    return text.encode("utf-8")


# -- foreign frameworks: ESCO, O*NET, CTDL-ASN, and any shape through a framework mapping --------


def _more(name: str, options: Options) -> list[str]:
    """The files read together with IN (``options.inputs`` after IN)."""
    return list((options.inputs or (name,))[1:])


def _detect_esco(name: str, head: bytes | None) -> bool:
    return head is not None and name.lower().endswith(".csv") and looks_like_esco(head)


def _read_esco(name: str, options: Options) -> tuple[Any, list[Problem]]:
    return read_foreign("esco", name, *_more(name, options), limits=options.limits)


def _detect_onet(name: str, head: bytes | None) -> bool:
    return head is not None and name.lower().endswith(".csv") and looks_like_onet(head)


def _read_onet(name: str, options: Options) -> tuple[Any, list[Problem]]:
    return read_foreign("onet", name, *_more(name, options), limits=options.limits)


def _detect_ctdl(name: str, head: bytes | None) -> bool:
    return head is not None and name.lower().endswith((".json", ".jsonld")) and is_ctdl(head)


def _read_ctdl(name: str, options: Options) -> tuple[Any, list[Problem]]:
    return read_foreign("ctdl-asn", name, *_more(name, options), limits=options.limits)


def _read_mapped(name: str, options: Options) -> tuple[Any, list[Problem]]:
    from leadcomp.formats.framework_mapping import read_mapped

    return read_mapped(name, _framework_mapping(options), limits=options.limits)


#: Formats whose IN may come with more files (--input): read together into one framework.
MANY_FILES = ("esco", "onet", "ctdl-asn")


# -- survey responses --------------------------------------------------------------------------


def _detect_survey(name: str, head: bytes | None) -> bool:
    return head is not None and (is_xlsx(name) or name.lower().endswith((".csv", ".tsv")))


def _read_survey(name: str, options: Options) -> tuple[Any, list[Problem]]:
    from leadcomp.builtin import resolve
    from leadcomp.formats.survey import read_surveys

    if not options.mappings:
        raise InvalidDocument(
            [
                problem(
                    "missing-mapping",
                    "survey responses are read with a survey mapping: give its file in "
                    "Options(mappings=...), one per export",
                )
            ]
        )
    chosen = options.framework
    framework = resolve(chosen, "framework") if chosen else None
    pairs = (
        list(zip(options.inputs, options.mappings, strict=True))
        if options.inputs
        else [(name, options.mappings[0])]
    )
    assessments, found = read_surveys(pairs, framework=framework, limits=options.limits)
    if any(p.is_error for p in found) and not (options.keep_going and assessments):
        raise InvalidDocument(found)
    return assessments, found


#: The formats, by name. Detection tries them in this order, "leadcomp" last (the fallback);
#: other formats add rows here.
FORMATS: dict[str, Format] = {
    "case": Format(
        description="1EdTech CASE 1.0/1.1 CFPackage (JSON); written as CASE 1.1",
        detect=looks_like_case,
        read=_read_case,
        write=_write_case,
    ),
    "moodle": Format(
        description="Moodle competency framework CSV (tool_lpimportcsv, 14 columns)",
        detect=_detect_moodle,
        read=_read_moodle,
        write=_write_moodle,
    ),
    "esco": Format(
        description="ESCO skills CSV: the skills hierarchy, the skill groups or a skills "
        "collection (more files with --input)",
        detect=_detect_esco,
        read=_read_esco,
        write=None,
    ),
    "onet": Format(
        description="O*NET Content Model Reference CSV, with Level_Scale_Anchors.csv and "
        "Scales_Reference.csv as --input",
        detect=_detect_onet,
        read=_read_onet,
        write=None,
    ),
    "ctdl-asn": Format(
        description="CTDL-ASN JSON-LD (ceasn:CompetencyFramework and its competencies; more "
        "files with --input)",
        detect=_detect_ctdl,
        read=_read_ctdl,
        write=None,
    ),
    "mapped": Format(
        description="a framework of another shape (CSV, JSON/YAML tree, Markdown front matter) "
        "read with --framework-mapping MAP",
        detect=lambda name, head: False,
        read=_read_mapped,
        write=None,
    ),
    "survey": Format(
        description="survey responses, CSV or .xlsx, read with --mapping into assessments",
        detect=_detect_survey,
        read=_read_survey,
        write=None,
    ),
    "leadcomp": Format(
        description="leadcomp document, JSON or YAML by the file's suffix (JSON Lines for many)",
        detect=_detect_leadcomp,
        read=_read_leadcomp,
        write=_write_leadcomp,
    ),
}


def detect(name: str, head: bytes | None) -> str | None:
    """The name of the format of a file (by its name and first bytes), or None."""
    for format_name, entry in FORMATS.items():
        if format_name != "leadcomp" and entry.detect(name, head):
            return format_name
    return "leadcomp" if FORMATS["leadcomp"].detect(name, head) else None


__all__ = ["FORMATS", "HEAD_BYTES", "MANY_FILES", "Format", "Options", "detect", "read_head"]
