"""leadcomp: leadership competency frameworks as typed models, validated, scored and compared.

The names below are imported on first use, so ``import leadcomp`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from ._api import Source, check, dump, dumps, load, validate
    from .builtin import builtin_frameworks, builtin_roles, load_builtin
    from .formats._limits import Limits
    from .model import (
        Assessment,
        Competency,
        Descriptor,
        Document,
        Framework,
        FrameworkRef,
        Indicator,
        Level,
        Provenance,
        Rater,
        Rating,
        Relation,
        Requirement,
        RoleProfile,
        Scale,
    )
    from .validation._problem import InvalidDocument, Problem

_LAZY = {
    "Source": "._api",
    "check": "._api",
    "dump": "._api",
    "dumps": "._api",
    "load": "._api",
    "validate": "._api",
    "Limits": ".formats._limits",
    "InvalidDocument": ".validation._problem",
    "Problem": ".validation._problem",
    **dict.fromkeys(("builtin_frameworks", "builtin_roles", "load_builtin"), ".builtin"),
    **dict.fromkeys(
        (
            "Assessment",
            "Competency",
            "Descriptor",
            "Document",
            "Framework",
            "FrameworkRef",
            "Indicator",
            "Level",
            "Provenance",
            "Rater",
            "Rating",
            "Relation",
            "Requirement",
            "RoleProfile",
            "Scale",
        ),
        ".model",
    ),
}

__all__ = [
    "Assessment",
    "Competency",
    "Descriptor",
    "Document",
    "Framework",
    "FrameworkRef",
    "Indicator",
    "InvalidDocument",
    "Level",
    "Limits",
    "Problem",
    "Provenance",
    "Rater",
    "Rating",
    "Relation",
    "Requirement",
    "RoleProfile",
    "Scale",
    "Source",
    "__version__",
    "builtin_frameworks",
    "builtin_roles",
    "check",
    "dump",
    "dumps",
    "load",
    "load_builtin",
    "validate",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'leadcomp' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
