"""The frameworks and roles shipped with leadcomp, and the registry that finds them by id.

Every built-in is an unofficial rendering: names and structure follow the original body's
framework, and every summary, indicator and descriptor is leadcomp's own wording (each file's
``provenance`` says whose structure it follows). Files are package data read with
``importlib.resources``; loaded built-ins are cached, which is safe since models are frozen.
"""

from __future__ import annotations

import json
import os
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal, cast, overload

from attrs import frozen

from leadcomp.builtin._plain import framework as plain_framework
from leadcomp.model._converter import MODEL_OF_KIND, structure
from leadcomp.model._semver import Version
from leadcomp.problems import InvalidDocument, problem
from leadcomp.read._limits import DEFAULT_LIMITS

if TYPE_CHECKING:
    from leadcomp.model import Framework, RoleProfile
    from leadcomp.read._limits import Limits

#: The kinds of document that are shipped as built-ins.
BuiltinKind = Literal["framework", "role"]

_FOLDERS: dict[str, str] = {"framework": "frameworks", "role": "roles"}
_PATH_SUFFIXES = (".json", ".yaml", ".yml")


@frozen(kw_only=True)
class BuiltinInfo:
    """One shipped framework or role, described without loading it."""

    kind: BuiltinKind
    id: str
    #: The framework's version; None for a role (roles are not versioned).
    version: str | None
    title: str
    #: The file inside the ``leadcomp.builtin`` package, such as ``frameworks/hlm-1.0.0.json``.
    resource: str
    #: How many competencies (a framework) or requirements (a role) it has.
    count: int
    #: The provenance source: whose framework or role description it follows.
    source: str | None = None
    #: For a role: the framework id it is written against, and the versions that fit.
    framework: str | None = None
    versions: str | None = None

    @property
    def ref(self) -> str:
        """The name that loads exactly this built-in: ``id@version`` (a role: its id)."""
        return self.id if self.version is None else f"{self.id}@{self.version}"

    def read_text(self) -> str:
        """The shipped file's text (canonical JSON)."""
        return (resources.files(__name__) / self.resource).read_text(encoding="utf-8")


@cache
def _scan(kind: BuiltinKind) -> tuple[BuiltinInfo, ...]:
    folder = resources.files(__name__) / _FOLDERS[kind]
    found: list[BuiltinInfo] = []
    for entry in folder.iterdir():
        if not entry.name.endswith(".json"):
            continue
        data: dict[str, Any] = json.loads(entry.read_text(encoding="utf-8"))
        provenance = data.get("provenance") or {}
        reference = data.get("framework") or {}
        found.append(
            BuiltinInfo(
                kind=kind,
                id=data["id"],
                version=data.get("version"),
                title=data["title"],
                resource=f"{_FOLDERS[kind]}/{entry.name}",
                count=len(data["competencies" if kind == "framework" else "requirements"]),
                source=provenance.get("source"),
                framework=reference.get("id"),
                versions=reference.get("versions"),
            )
        )
    found.sort(key=lambda i: (i.id, Version.parse(i.version or "0.0.0")))
    return tuple(found)


def list_frameworks() -> list[BuiltinInfo]:
    """Every built-in framework version, by id and then oldest version first."""
    return list(_scan("framework"))


def list_roles() -> list[BuiltinInfo]:
    """Every built-in role, by id."""
    return list(_scan("role"))


#: The names ``leadcomp`` exports for listing built-ins.
builtin_frameworks = list_frameworks
builtin_roles = list_roles


def _unknown(message: str) -> InvalidDocument:
    return InvalidDocument([problem("unknown-builtin", message)])


def find(name: str, kind: BuiltinKind = "framework", *, as_path: bool = False) -> BuiltinInfo:
    """The built-in a name means: ``id`` (a framework's newest version) or ``id@version``.

    InvalidDocument (code ``unknown-builtin``) when there is none; its message lists the ids
    there are and suggests the closest. ``as_path`` words the message for a name that might
    also have been a file.
    """
    infos = _scan(kind)
    wanted, at, version = name.partition("@")
    matches = [i for i in infos if i.id == wanted]
    ids = sorted({i.id for i in infos})
    if not matches:
        import difflib

        close = difflib.get_close_matches(wanted.lower(), ids, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        listing = f"built-in {kind}s: {', '.join(ids)}"
        if as_path:
            raise _unknown(
                f"{name!r} is neither an existing file nor a built-in {kind}{hint} ({listing})"
            )
        raise _unknown(f"{name!r} is not a built-in {kind}{hint} ({listing})")
    if not at:
        return matches[-1]
    if kind == "role":
        raise _unknown(f"roles have no versions: name the built-in role {wanted!r} without '@'")
    for info in matches:
        if info.version == version:
            return info
    versions = ", ".join(str(i.version) for i in matches)
    raise _unknown(
        f"the built-in framework {wanted!r} has no version {version!r} (versions: {versions}; "
        f"'{wanted}' alone means the newest)"
    )


@cache
def _load(resource: str, kind: BuiltinKind) -> Any:
    """A shipped document's model. The shipped files are checked by the test suite (schema,
    rules, canonical form), so here they are only structured, which keeps loading fast."""
    data = json.loads((resources.files(__name__) / resource).read_bytes())
    if kind == "framework":
        return plain_framework(data)
    body = {key: value for key, value in data.items() if key not in ("kind", "format")}
    return structure(body, MODEL_OF_KIND[kind])


def load_builtin_framework(name: str) -> Framework:
    """A built-in framework by ``id`` (its newest version) or ``id@version``; cached."""
    info = find(name, "framework")
    framework: Framework = _load(info.resource, "framework")
    return framework


def load_builtin_role(name: str) -> RoleProfile:
    """A built-in role by id; cached."""
    info = find(name, "role")
    role: RoleProfile = _load(info.resource, "role")
    return role


@overload
def load_builtin(name: str, kind: Literal["framework"] = ...) -> Framework: ...
@overload
def load_builtin(name: str, kind: Literal["role"]) -> RoleProfile: ...
def load_builtin(name: str, kind: BuiltinKind = "framework") -> Framework | RoleProfile:
    """A built-in framework (``id`` or ``id@version``) or, with ``kind="role"``, a role."""
    if kind == "role":
        return load_builtin_role(name)
    if kind == "framework":
        return load_builtin_framework(name)
    raise ValueError(f"built-ins are frameworks or roles, not {kind!r}")


def _looks_like_path(name: str) -> bool:
    separators = {"/", os.sep} | ({os.altsep} if os.altsep else set())
    return any(s in name for s in separators) or name.lower().endswith(_PATH_SUFFIXES)


@overload
def resolve(
    name_or_path: str | os.PathLike[str],
    kind: Literal["framework"],
    *,
    limits: Limits | None = ...,
) -> Framework: ...
@overload
def resolve(
    name_or_path: str | os.PathLike[str], kind: Literal["role"], *, limits: Limits | None = ...
) -> RoleProfile: ...
def resolve(
    name_or_path: str | os.PathLike[str],
    kind: BuiltinKind,
    *,
    limits: Limits | None = None,
) -> Framework | RoleProfile:
    """A framework or role from a file when the path exists, else from the built-ins.

    A name that looks like a path (a folder separator, or a .json/.yaml/.yml suffix) is always
    read as a file, so a missing file is reported as such. Anything else that is neither a file
    nor a built-in raises InvalidDocument with the code ``unknown-builtin``.
    """
    if isinstance(name_or_path, os.PathLike) or os.path.exists(name_or_path) or (
        _looks_like_path(name_or_path)
    ):
        # the document pipeline: only for a file (listing and built-ins stay light)
        from leadcomp.documents._pipeline import load_document as load

        model = load(name_or_path, kind=kind, limits=limits or DEFAULT_LIMITS)
        return cast("Framework | RoleProfile", model)
    info = find(name_or_path, kind, as_path=True)
    loaded: Framework | RoleProfile = _load(info.resource, kind)
    return loaded


__all__ = [
    "BuiltinInfo",
    "BuiltinKind",
    "builtin_frameworks",
    "builtin_roles",
    "find",
    "list_frameworks",
    "list_roles",
    "load_builtin",
    "load_builtin_framework",
    "load_builtin_role",
    "resolve",
]
