"""Attributes of a package imported from their modules on first use (PEP 562), so that importing
the package stays cheap."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any


def attribute(package: str, table: Mapping[str, str], namespace: dict[str, Any], name: str) -> Any:
    """The attribute ``name`` of ``package``, from the module ``table`` names for it (relative
    to the package); kept in the package's ``namespace`` so that it is looked up once."""
    module = table.get(name)
    if module is None:
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, package), name)
    namespace[name] = value
    return value
