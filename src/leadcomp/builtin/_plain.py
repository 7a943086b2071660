"""Built-in frameworks from their shipped JSON without the converter: the fast twin of
``_converter.structure(data, Framework)`` for data the test suite has already checked, so that a
command checking one role against a built-in does not import cattrs. A differential test holds
the two equal on every built-in and on generated frameworks."""

from __future__ import annotations

import copy
from typing import Any

from leadcomp.model._framework import (
    Competency,
    Descriptor,
    Framework,
    Indicator,
    Level,
    Provenance,
    Relation,
    Scale,
)

Data = dict[str, Any]


def _texts(data: Data, key: str) -> tuple[str, ...]:
    return tuple(data.get(key, ()))


def _extensions(data: Data) -> dict[str, Any]:
    found = data.get("extensions")
    return copy.deepcopy(found) if found else {}


def _level(data: Data) -> Level:
    return Level(value=int(data["value"]), label=data["label"], description=data.get("description"))


def _scale(data: Data) -> Scale:
    proficient = data.get("proficient")
    return Scale(
        id=data["id"],
        title=data.get("title"),
        levels=tuple(_level(level) for level in data["levels"]),
        proficient=None if proficient is None else int(proficient),
        not_observed=data.get("not_observed", False),
        not_observed_label=data.get("not_observed_label"),
    )


def _indicator(data: Data) -> Indicator:
    return Indicator(
        id=data["id"],
        text=data["text"],
        reverse=data.get("reverse", False),
        scale=data.get("scale"),
        extensions=_extensions(data),
    )


def _competency(data: Data) -> Competency:
    return Competency(
        id=data["id"],
        title=data["title"],
        kind=data["kind"],
        parent=data.get("parent"),
        description=data.get("description"),
        scale=data.get("scale"),
        weight=float(data.get("weight", 1.0)),
        tags=_texts(data, "tags"),
        replaces=_texts(data, "replaces"),
        relations=tuple(
            Relation(type=r["type"], target=r["target"], framework=r.get("framework"))
            for r in data.get("relations", ())
        ),
        indicators=tuple(_indicator(i) for i in data.get("indicators", ())),
        descriptors=tuple(
            Descriptor(level=int(d["level"]), text=d["text"]) for d in data.get("descriptors", ())
        ),
        extensions=_extensions(data),
    )


def framework(data: Data) -> Framework:
    """The Framework of a framework document's checked plain data (``kind`` and ``format`` may
    be present; they are not fields of the model)."""
    provenance = data.get("provenance")
    return Framework(
        id=data["id"],
        version=data["version"],
        title=data["title"],
        description=data.get("description"),
        provenance=None if provenance is None else Provenance(
            source=provenance["source"],
            licence=provenance.get("licence"),
            url=provenance.get("url"),
            unofficial=provenance.get("unofficial", False),
            note=provenance.get("note"),
        ),
        default_scale=data.get("default_scale"),
        sequential=data.get("sequential", False),
        tags=_texts(data, "tags"),
        scales=tuple(_scale(scale) for scale in data["scales"]),
        competencies=tuple(_competency(c) for c in data["competencies"]),
        extensions=_extensions(data),
    )
