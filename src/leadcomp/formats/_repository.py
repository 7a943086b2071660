"""Validate files as a repository keeps them: every document, and each role, assessment and survey
mapping against the framework it names.

A framework named by a document is looked for, in this order, among the frameworks given
(``frameworks=``, the command's ``--framework``), the framework files of the same run (the files
given and those found in the folders given), and the built-ins. One that cannot be found is said
once per document (``unresolved-framework``: a warning, an error when ``strict``). JSON Lines
files are checked line by line, each line a document, with ``file:line:`` locations.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from functools import cache, partial
from pathlib import Path
from typing import Any

from attrs import evolve, frozen

from leadcomp.documents._pipeline import finish, parse_source
from leadcomp.formats._dispatch import _inspect_moodle, inspect, load, read_any
from leadcomp.formats._sniff import foreign_csv, is_ctdl_data, is_moodle
from leadcomp.model._semver import Version, VersionRange
from leadcomp.problems import InvalidDocument, Problem, problem, sort_problems
from leadcomp.read._jsonl import read_lines
from leadcomp.read._limits import DEFAULT_LIMITS, Limits
from leadcomp.read._reader import parse

TYPE_CHECKING = False
if TYPE_CHECKING:
    from leadcomp.model import Framework

#: The files a folder is searched for.
SUFFIXES = (".json", ".yaml", ".yml", ".jsonl")
#: Kinds that name the framework they are checked against.
_REFERRING = ("role", "assessment", "survey-mapping")


@frozen
class FileCheck:
    """One file's result: its kind (None when it cannot be told) and every problem found."""

    file: str
    kind: str | None
    problems: tuple[Problem, ...]

    @property
    def valid(self) -> bool:
        """True when no problem is an error (warnings allowed)."""
        return not any(p.is_error for p in self.problems)


def find_files(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """The files to check: each file given, and the documents in each folder given (hidden
    folders and files skipped, sorted); a folder with none stands for itself."""
    files: list[str] = []
    for given in paths:
        path = os.fspath(given)
        if os.path.isdir(path):
            found = sorted(
                str(p)
                for p in Path(path).rglob("*")
                if p.suffix.lower() in SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            files.extend(found or [path])
        else:
            files.append(path)
    return files


class Frameworks:
    """The frameworks a run knows, by id: those given first, then the run's files, then the
    built-ins; and the ``id@version`` of framework files that are themselves invalid.

    A framework file's model is built only when a document needs it, so that checking
    framework files alone never builds one.
    """

    def __init__(self, given: Iterable[Framework] = ()) -> None:
        self._by_id: dict[str, list[tuple[str, Callable[[], Framework | None]]]] = {}
        self.broken: dict[str, str] = {}
        for framework in given:
            self.add(framework)

    def add(self, framework: Framework) -> None:
        """Know one more framework."""
        self.add_lazily(framework.id, framework.version, lambda: framework)

    def add_lazily(self, ident: str, version: str, build: Callable[[], Framework | None]) -> None:
        """Know one more framework, built when first needed (a later one of the same
        ``id@version`` does not replace an earlier one)."""
        known = self._by_id.setdefault(ident, [])
        if all(v != version for v, _ in known):
            known.append((version, cache(build)))

    def exact(self, ref: str) -> Framework | None:
        """The framework ``id@version`` names, or None."""
        wanted, _, version = ref.partition("@")
        for known_version, build in self._by_id.get(wanted, ()):
            if known_version == version:
                return build()
        if not version:
            return None
        return _shipped(ref)

    def newest_in(self, wanted: str, versions: str) -> Framework | None:
        """The newest framework ``wanted`` in the version range, or None."""
        try:
            allowed = VersionRange.parse(versions)
        except ValueError:
            return None
        fits = [(v, b) for v, b in self._by_id.get(wanted, ()) if _version(v) in allowed]
        if fits:
            return max(fits, key=lambda known: _version(known[0]))[1]()
        return _shipped(wanted, allowed)

    def broken_file(self, named: str) -> str | None:
        """The invalid framework file that ``named`` (``id@version``, or ``id RANGE``) means."""
        if "@" in named:
            return self.broken.get(named)
        wanted, _, versions = named.partition(" ")
        try:
            allowed = VersionRange.parse(versions)
        except ValueError:
            return None
        for ref, file in self.broken.items():
            ident, _, version = ref.partition("@")
            if ident == wanted and _version(version) in allowed:
                return file
        return None

    def resolve(self, data: Any) -> tuple[Framework | None, str | None]:
        """The framework a document names, and the name as written (None when it names none
        this reader understands; the schema reports that)."""
        if not isinstance(data, dict) or data.get("kind") not in _REFERRING:
            return None, None
        named = data.get("framework")
        if isinstance(named, str) and "@" in named:
            return self.exact(named) or self.same_id(named.partition("@")[0]), named
        if isinstance(named, dict):
            ident, versions = named.get("id"), named.get("versions")
            if isinstance(ident, str) and isinstance(versions, str):
                found = self.newest_in(ident, versions) or self.same_id(ident)
                return found, f"{ident} {versions}"
        return None, None

    def same_id(self, wanted: str) -> Framework | None:
        """A framework of the id at another version (given or of the run, else the newest
        built-in), so that the rules can say which version the document does not fit."""
        known = self._by_id.get(wanted)
        if known:
            return known[0][1]()
        return _shipped(wanted)


def _shipped(wanted: str, allowed: VersionRange | None = None) -> Framework | None:
    """The built-in framework ``wanted`` (``id`` or ``id@version``) or, with ``allowed``, the
    newest built-in version of id ``wanted`` in that range; None when none is shipped. The
    built-ins are imported only when a document names a framework no file given defines."""
    from leadcomp.builtin import find, list_frameworks, load_builtin

    if allowed is None:
        try:
            return load_builtin(find(wanted).ref)
        except InvalidDocument:
            return None
    shipped = [
        info for info in list_frameworks()
        if info.id == wanted and info.version and _version(info.version) in allowed
    ]
    if not shipped:
        return None
    return load_builtin(max(shipped, key=lambda i: _version(i.version or "")).ref)


def _version(text: str) -> Version:
    try:
        return Version.parse(text)
    except ValueError:
        return Version.parse("0.0.0")


def validate_files(
    paths: Iterable[str | os.PathLike[str]],
    *,
    frameworks: Sequence[Framework] = (),
    frameworks_in: Iterable[str | os.PathLike[str]] = (),
    strict: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> list[FileCheck]:
    """Check every file (folders searched, see ``find_files``), each role, assessment and survey
    mapping against the framework it names; results in the order of the files. Never raises
    for bad input.

    ``frameworks_in`` are folders searched for more framework files (``*.framework.json``,
    ``.yaml`` or ``.yml``), which are used but not reported: a pre-commit hook is given only
    the files that changed, and the frameworks they name may not be among them.
    """
    names = find_files(paths)
    known = Frameworks(frameworks)
    results: dict[str, FileCheck] = {}
    later: list[tuple[str, Any]] = []
    for name in names:
        if os.path.isdir(name):
            results[name] = FileCheck(
                name,
                None,
                (problem("no-documents", "no .json, .jsonl, .yaml or .yml files in this folder")
                 .located(name),),
            )
        elif name.lower().endswith(".jsonl"):
            later.append((name, None))
        elif foreign_csv(name) is not None:
            results[name] = _foreign_csv(name, known, limits)
        elif is_moodle(name):
            results[name] = _moodle(name, known, limits)
        else:
            try:
                parsed = parse_source(name, limits=limits)
            except InvalidDocument as invalid:
                results[name] = FileCheck(name, None, tuple(sort_problems(invalid.problems)))
                continue
            if _is_framework(parsed.data):
                results[name] = _framework(name, parsed, known, limits)
            else:
                later.append((name, parsed))
    for name in _framework_files(frameworks_in, exclude=set(names)):
        try:
            parsed = parse_source(name, limits=limits)
        except InvalidDocument:
            continue
        if _is_framework(parsed.data):
            _framework(name, parsed, known, limits)
    for name, parsed in later:
        if parsed is None:
            results[name] = _lines(name, known, strict, limits)
        else:
            kind, found = _referring(parsed, known, strict, limits)
            results[name] = FileCheck(name, kind, tuple(found))
    return [results[name] for name in names]


def _framework_files(folders: Iterable[str | os.PathLike[str]], exclude: set[str]) -> list[str]:
    found = []
    for folder in folders:
        root = Path(folder)
        for path in sorted(root.rglob("*.framework.*")):
            if (
                path.suffix.lower() in (".json", ".yaml", ".yml")
                and path.is_file()
                and not any(part.startswith(".") for part in path.relative_to(root).parts)
                and str(path) not in exclude
                and os.path.normpath(path) not in {os.path.normpath(e) for e in exclude}
            ):
                found.append(str(path))
    return found


def _is_framework(data: Any) -> bool:
    """A leadcomp framework, a CASE package or CTDL-ASN JSON-LD."""
    return (
        isinstance(data, dict)
        and (data.get("kind") == "framework" or ("kind" not in data and "CFDocument" in data))
    ) or is_ctdl_data(data)


def _framework(name: str, parsed: Any, known: Frameworks, limits: Limits) -> FileCheck:
    if not isinstance(parsed.data, dict) or "kind" not in parsed.data:
        # a CASE package or CTDL-ASN: its model is what reading it gives
        kind, model, found = read_any(parsed, limits, None, None, build=True)
        if kind == "framework" and model is not None and not any(p.is_error for p in found):
            known.add(model)
        return FileCheck(name, kind, tuple(finish(parsed, found)))
    kind, _none, found = read_any(parsed, limits, None, None, build=False)
    ident, version = parsed.data.get("id"), parsed.data.get("version")
    if isinstance(ident, str) and isinstance(version, str):
        if any(p.is_error for p in found):
            known.broken.setdefault(f"{ident}@{version}", name)
        else:
            known.add_lazily(ident, version, partial(_build, parsed, limits))
    return FileCheck(name, kind, tuple(finish(parsed, found)))


def _build(parsed: Any, limits: Limits) -> Framework | None:
    kind, model, _found = read_any(parsed, limits, None, None, build=True)
    return model if kind == "framework" else None


def _foreign_csv(name: str, known: Frameworks, limits: Limits) -> FileCheck:
    """An ESCO or O*NET CSV file: its problems, and its framework known to the files after it."""
    kind, found = inspect(name, limits=limits)
    if kind == "framework" and not any(p.is_error for p in found):
        known.add(load(name, kind="framework", limits=limits))
    return FileCheck(name, kind, tuple(found))


def _moodle(name: str, known: Frameworks, limits: Limits) -> FileCheck:
    kind, framework, found = _inspect_moodle(name, None, limits)
    if framework is not None:
        known.add(framework)
    return FileCheck(name, kind, tuple(found))


def _referring(
    parsed: Any, known: Frameworks, strict: bool, limits: Limits
) -> tuple[str | None, list[Problem]]:
    """A document that may name a framework: checked against it where it can be found."""
    framework, named = known.resolve(parsed.data)
    kind, _model, found = read_any(parsed, limits, None, framework, build=False)
    if named is not None and framework is None:
        found = [*found, _unresolved(named, known, strict)]
    return kind, finish(parsed, found)


def _unresolved(named: str, known: Frameworks, strict: bool) -> Problem:
    broken = known.broken_file(named)
    if broken is not None:
        why = f"its file {broken} has errors"
        fix = "fix them to check this document against it"
    else:
        why = "it is not built in, not among the files checked, and not given with --framework"
        fix = "give its file too, or --framework FILE"
    return problem(
        "unresolved-framework",
        f"the framework {named!r} could not be found ({why}): this document was checked on its "
        f"own only; {fix}",
        ("framework",),
        severity="error" if strict else "warning",
    )


def _lines(name: str, known: Frameworks, strict: bool, limits: Limits) -> FileCheck:
    """A JSON Lines file: every non-blank line a document, its problems placed on its line."""
    found: list[Problem] = []
    kinds: set[str | None] = set()
    try:
        for line in read_lines(name, limits=limits):
            kind, problems = _line(line.data, known, strict, limits)
            kinds.add(kind)
            end = len(line.data.rstrip(b"\r\n")) + 1
            found.extend(_on_line(p, name, line.number, end) for p in problems)
    except OSError as error:
        found.append(
            problem("unreadable", f"cannot read the file: {error.strerror or error}").located(name)
        )
    if not kinds and not found:
        found.append(
            problem("empty", "the file has no documents (no non-blank lines)").located(name)
        )
    kind = next(iter(kinds)) if len(kinds) == 1 else None
    return FileCheck(name, kind, tuple(found))


def _line(
    data: bytes, known: Frameworks, strict: bool, limits: Limits
) -> tuple[str | None, list[Problem]]:
    try:
        parsed = parse(data, syntax="json", limits=limits)
    except InvalidDocument as invalid:
        return None, list(invalid.problems)
    return _referring(parsed, known, strict, limits)


def _on_line(p: Problem, file: str, number: int, end: int) -> Problem:
    """A line's problem placed in the file: a document is one line, so a place after the
    line's end (an unfinished document) is its end."""
    column = p.column if p.line in (None, 1) else end
    return evolve(p, file=file, line=number, column=column)

