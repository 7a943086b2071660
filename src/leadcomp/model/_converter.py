"""The one cattrs converter, built once: plain data <-> model objects.

cattrs is imported here alone, when the converter is first built, so that reading a document
that is only checked (``leadcomp validate``) never loads it.

Structuring runs only on data the schema has accepted, so primitive hooks pass values through
untouched (the schema already checked their types); containers become tuples, dates are parsed.
Unstructuring leaves out every field that holds its default, which makes written files minimal
and canonical.
"""

from __future__ import annotations

import collections.abc
import copy
import types
import typing
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

import attrs

import leadcomp.model as models
from leadcomp.model._types import Extensions
from leadcomp.problems import Problem, problem

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from typing import TypeGuard

    import cattrs

    from leadcomp.model._framework import Framework

#: The model class of each document kind, by name: imported when first asked for, so that
#: structuring a framework never builds the score sheet's classes.
_MODEL_NAMES = {
    "framework": "Framework",
    "role": "RoleProfile",
    "assessment": "Assessment",
    "policy": "ScoringPolicy",
    "scoresheet": "ScoreSheet",
    "mapping": "Mapping",
    "survey-mapping": "SurveyMapping",
    "framework-mapping": "FrameworkMapping",
}

_KIND_NAMES = {name: kind for kind, name in _MODEL_NAMES.items()}


class _ModelOfKind(collections.abc.Mapping[str, type[Any]]):
    """Document kind -> model class."""

    def __getitem__(self, kind: str) -> type[Any]:
        cls: type[Any] = getattr(models, _MODEL_NAMES[kind])  # its module imported on first use
        return cls

    def __iter__(self) -> Iterator[str]:
        return iter(_MODEL_NAMES)

    def __len__(self) -> int:
        return len(_MODEL_NAMES)


class _KindOfModel(collections.abc.Mapping[type[Any], str]):
    """Model class -> document kind."""

    def __getitem__(self, cls: type[Any]) -> str:
        kind = _KIND_NAMES.get(getattr(cls, "__name__", ""))
        if kind is None or MODEL_OF_KIND[kind] is not cls:
            raise KeyError(cls)
        return kind

    def __iter__(self) -> Iterator[type[Any]]:
        return (MODEL_OF_KIND[kind] for kind in _MODEL_NAMES)

    def __len__(self) -> int:
        return len(_MODEL_NAMES)


MODEL_OF_KIND: collections.abc.Mapping[str, type[Any]] = _ModelOfKind()
KIND_OF_MODEL: collections.abc.Mapping[type[Any], str] = _KindOfModel()


def kind_of(model: object) -> str | None:
    """The document kind of a model object (of a model class or a subclass of one), or None."""
    for cls in type(model).__mro__:
        if cls.__name__ in _KIND_NAMES:
            kind = KIND_OF_MODEL.get(cls)
            if kind is not None:
                return kind
    return None


def is_framework(model: object) -> TypeGuard[Framework]:
    """True for a Framework model (the class is not imported to tell)."""
    return kind_of(model) == "framework"


def _passthrough(value: Any, _type: Any) -> Any:
    return value


def _integer(value: Any, _type: Any) -> int:
    return value if type(value) is int else int(value)


def _floating(value: Any, _type: Any) -> float:
    return value if type(value) is float else float(value)


def _write_integer(value: Any) -> Any:
    """An integer field as an int (2.0 -> 2); anything else is left for the schema to refuse."""
    if type(value) is float and value.is_integer():
        return int(value)
    return value


def _write_float(value: Any) -> Any:
    """A float field as a float (2 -> 2.0), so files are written the same whatever was given."""
    return float(value) if type(value) is int else value


def _extensions(value: Any, _type: Any) -> Extensions:
    return copy.deepcopy(value) if value else {}


def canonical_copy(value: Any) -> Any:
    """A copy of plain JSON data with the keys of every object in order (by code point), so
    that equal data (dicts are equal whatever their order) is written as the same bytes,
    wherever it came from."""
    kind = type(value)
    if kind is dict:
        return {key: canonical_copy(value[key]) for key in sorted(value)}
    if kind is list:
        return [canonical_copy(item) for item in value]
    return copy.deepcopy(value) if kind not in _ATOMS else value


_ATOMS = frozenset((str, int, float, bool, type(None)))


def _date(value: Any, date: type[datetime.date]) -> datetime.date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a real calendar date (YYYY-MM-DD)") from None


def _is_extensions(cls: Any) -> bool:
    return bool(cls == Extensions)


def _is_tuple(cls: Any) -> bool:
    return typing.get_origin(cls) is tuple


def _tuple_hook(cls: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    args = typing.get_args(cls)
    if Ellipsis not in args:  # a fixed-length tuple such as an interval's (low, high)
        hooks = [(converter.get_structure_hook(arg), arg) for arg in args]
        return lambda value, _: tuple([h(v, t) for (h, t), v in zip(hooks, value, strict=True)])
    (inner, _ellipsis) = args
    hook = converter.get_structure_hook(inner)
    if hook is _passthrough:
        return lambda value, _: tuple(value)
    return lambda value, _: tuple([hook(item, inner) for item in value])


def _is_tuple_or_literal(cls: Any) -> bool:
    """A union of a tuple and a literal string, such as a survey mapping's items (a list, or
    "auto")."""
    if typing.get_origin(cls) not in (typing.Union, types.UnionType):
        return False
    args = typing.get_args(cls)
    return len(args) == 2 and _is_tuple(args[0]) and typing.get_origin(args[1]) is typing.Literal


def _tuple_or_literal_hook(cls: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    hook = _tuple_hook(typing.get_args(cls)[0], converter)
    return lambda value, _: value if isinstance(value, str) else hook(value, None)


def _tuple_or_literal_unstructure(cls: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    hook = _tuple_unstructure(typing.get_args(cls)[0], converter)
    return lambda value: value if isinstance(value, str) else hook(value)


def _make() -> cattrs.Converter:
    # only when a model is first built or written (listing the built-ins never is)
    import datetime

    import cattrs.gen

    converter = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True)
    ordered = cattrs.gen.make_dict_unstructure_fn
    for primitive in (str, bool):
        converter.register_structure_hook(primitive, _passthrough)
    converter.register_structure_hook(int, _integer)
    converter.register_structure_hook(float, _floating)
    converter.register_structure_hook_func(_is_extensions, _extensions)
    converter.register_structure_hook(datetime.date, _date)
    converter.register_unstructure_hook(datetime.date, lambda d: d.isoformat())
    converter.register_unstructure_hook(int, _write_integer)
    converter.register_unstructure_hook(float, _write_float)
    converter.register_unstructure_hook_func(_is_extensions, canonical_copy)
    converter.register_structure_hook_factory(_is_tuple, _tuple_hook)
    converter.register_structure_hook_factory(_is_tuple_or_literal, _tuple_or_literal_hook)
    converter.register_unstructure_hook_factory(
        _is_tuple_or_literal, lambda cls: _tuple_or_literal_unstructure(cls, converter)
    )
    converter.register_unstructure_hook_factory(
        _is_tuple, lambda cls: _tuple_unstructure(cls, converter)
    )
    converter.register_unstructure_hook_factory(
        attrs.has, lambda cls: _ordered_unstructure(cls, converter, ordered)
    )
    return converter


def _ordered_unstructure(
    cls: Any, converter: cattrs.Converter, make: Callable[..., Callable[[Any], Any]]
) -> Callable[[Any], Any]:
    """Unstructure with defaults left out and keys in the class's field order (``make`` is
    cattrs' ``make_dict_unstructure_fn``)."""
    base = make(cls, converter, _cattrs_omit_if_default=True)
    order = tuple(field.name for field in attrs.fields(cls) if field.init)

    def hook(obj: Any) -> dict[str, Any]:
        data = base(obj)
        return {key: data[key] for key in order if key in data}

    return hook


def _tuple_unstructure(cls: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    args = typing.get_args(cls)
    if Ellipsis not in args:  # a fixed-length tuple such as an interval's (low, high)
        hooks = [converter.get_unstructure_hook(arg) for arg in args]
        return lambda value: [h(v) for h, v in zip(hooks, value, strict=True)]
    (inner, _ellipsis) = args
    if inner in (str, int, float, bool):
        return list
    hook = converter.get_unstructure_hook(inner)
    return lambda value: [hook(item) for item in value]


@cache
def converter() -> cattrs.Converter:
    """The converter, built on first use."""
    return _make()


def structure(data: Any, model: type[Any]) -> Any:
    """Model object from schema-valid plain data (raises cattrs' errors on anything else)."""
    return converter().structure(data, model)


def build_model(data: Any, model: type[Any]) -> tuple[Any | None, list[Problem]]:
    """The ``model`` object of schema-valid plain data, or None and the problems found building
    it (an unknown field, a value its type refuses), each at its path in ``data``."""
    try:
        return converter().structure(data, model), []
    except Exception as error:  # cattrs raises exception groups of any leaf type
        return None, _structuring_problems(error)


def _structuring_problems(error: BaseException) -> list[Problem]:
    from cattrs import (  # loaded with the converter that raised ``error``
        ClassValidationError,
        ForbiddenExtraKeysError,
        IterableValidationError,
        IterableValidationNote,
    )

    found: list[Problem] = []

    def walk(exc: BaseException, parts: tuple[str | int, ...]) -> None:
        if isinstance(exc, (ClassValidationError, IterableValidationError)):
            with_notes, without = exc.group_exceptions()
            for inner, note in with_notes:
                step: str | int = (
                    note.index if isinstance(note, IterableValidationNote) else note.name
                )
                walk(inner, (*parts, step))
            for inner in without:
                walk(inner, parts)
        elif isinstance(exc, ForbiddenExtraKeysError):
            for key in sorted(exc.extra_fields):
                found.append(problem("unknown-field", f"unknown field {key!r}", (*parts, key)))
        else:
            found.append(problem("invalid-value", str(exc) or type(exc).__name__, parts))

    walk(error, ())
    return found


def unstructure(obj: Any) -> dict[str, Any]:
    """Plain data of a model object, defaults left out, in the model's field order."""
    data: dict[str, Any] = converter().unstructure(obj)
    return data


__all__ = [
    "KIND_OF_MODEL",
    "MODEL_OF_KIND",
    "build_model",
    "is_framework",
    "kind_of",
    "structure",
    "unstructure",
]
