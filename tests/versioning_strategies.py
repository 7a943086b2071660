"""Hypothesis strategies for framework versions: valid next versions made by known edits.

``edited(framework)`` draws one edit of a known kind and returns (edit, next version, the change
kind the diff must report, its level). ``grown(framework)`` adds competencies and indicators
only (a minor change). ``renamed(framework)`` gives every id a new name and the mapping both
ways. Every version these build is valid (``leadcomp.check`` is clean).

Shared data lives here too, so that no test module imports another: the team framework ``OLD``
with an ``ASSESSMENT`` and a ``ROLE`` against it, and next versions of it (``MERGED``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
from hypothesis import strategies as st

from leadcomp.model import (
    Assessment,
    Competency,
    Framework,
    FrameworkRef,
    IdMapping,
    Indicator,
    Level,
    Mapping,
    Rater,
    Rating,
    Relation,
    Requirement,
    RoleProfile,
    Scale,
)
from leadcomp.model._semver import Version


def bumped(framework: Framework, part: str) -> str:
    """The framework's version bumped by a part."""
    return str(Version.parse(framework.version).bump(part))


def fresh_ids(framework: Framework, count: int, stem: str = "new") -> list[str]:
    """Ids that no competency, indicator or ``replaces`` entry of the framework uses."""
    taken = {c.id for c in framework.competencies} | set(framework.indicator_index())
    taken |= {r for c in framework.competencies for r in c.replaces}
    found: list[str] = []
    number = 0
    while len(found) < count:
        candidate = f"{stem}-{number}"
        if candidate not in taken:
            found.append(candidate)
        number += 1
    return found


def _targets(framework: Framework) -> set[str]:
    """Ids that in-framework relations point at."""
    return {
        r.target for c in framework.competencies for r in c.relations if r.framework is None
    }


def _replace(framework: Framework, competency: Competency, **changes: Any) -> Framework:
    return attrs.evolve(
        framework,
        competencies=tuple(
            attrs.evolve(c, **changes) if c is competency else c for c in framework.competencies
        ),
    )


Edit = Callable[[st.DrawFn, Framework], "tuple[Framework, str, str] | None"]


def _rename(draw: st.DrawFn, f: Framework) -> tuple[Framework, str, str] | None:
    if not f.competencies:
        return None
    c = draw(st.sampled_from(f.competencies))
    return _replace(f, c, title=c.title + " (renamed)"), "competency-renamed", "patch"


def _describe(draw: st.DrawFn, f: Framework) -> tuple[Framework, str, str] | None:
    if not f.competencies:
        return None
    c = draw(st.sampled_from(f.competencies))
    text = (c.description or "") + " Described anew."
    return _replace(f, c, description=text), "competency-description-changed", "patch"


def _reweight(draw: st.DrawFn, f: Framework) -> tuple[Framework, str, str] | None:
    if not f.competencies:
        return None
    c = draw(st.sampled_from(f.competencies))
    weight = c.weight * 2 if c.weight < 1e300 else c.weight / 2  # never equal, never infinite
    return _replace(f, c, weight=weight), "competency-weight-changed", "minor"


def _add(draw: st.DrawFn, f: Framework) -> tuple[Framework, str, str] | None:
    (key,) = fresh_ids(f, 1)
    parent = draw(st.none() | st.sampled_from([c.id for c in f.competencies] or [None]))
    added = Competency(id=key, title="Added", kind="skill", parent=parent)
    return attrs.evolve(f, competencies=(*f.competencies, added)), "competency-added", "minor"


def _remove(draw: st.DrawFn, f: Framework) -> tuple[Framework, str, str] | None:
    parents = {c.parent for c in f.competencies}
    replaced = {r for c in f.competencies for r in c.replaces}
    targets = _targets(f)
    leaves = [
        c for c in f.competencies
        if c.id not in parents and c.id not in replaced and c.id not in targets
        and not any(i.id in targets for i in c.indicators)
    ]
    if not leaves:
        return None
    c = draw(st.sampled_from(leaves))
    rest = tuple(x for x in f.competencies if x is not c)
    return attrs.evolve(f, competencies=rest), "competency-removed", "major"


def _add_indicator(draw: st.DrawFn, f: Framework) -> tuple[Framework, str, str] | None:
    if not f.competencies:
        return None
    c = draw(st.sampled_from(f.competencies))
    (key,) = fresh_ids(f, 1, "item")
    items = (*c.indicators, Indicator(id=key, text="A new item"))
    return _replace(f, c, indicators=items), "indicator-added", "minor"


def _indicator_edit(
    change: Callable[[Indicator], Indicator], kind: str, level: str, *, spare_targets: bool = False
) -> Edit:
    def edit(draw: st.DrawFn, f: Framework) -> tuple[Framework, str, str] | None:
        targets = _targets(f) if spare_targets else set()
        owners = [c for c in f.competencies if any(i.id not in targets for i in c.indicators)]
        if not owners:
            return None
        c = draw(st.sampled_from(owners))
        item = draw(st.sampled_from([i for i in c.indicators if i.id not in targets]))
        changed = change(item)
        items = tuple(
            x for x in (changed if i is item else i for i in c.indicators) if x is not None
        )
        return _replace(f, c, indicators=items), kind, level

    return edit


def _gone(item: Indicator) -> Any:
    return None


def _add_level(draw: st.DrawFn, f: Framework) -> tuple[Framework, str, str] | None:
    scale = draw(st.sampled_from(f.scales))
    labels = {level.label for level in scale.levels}
    label = next(f"extra {n}" for n in range(len(labels) + 1) if f"extra {n}" not in labels)
    levels = (*scale.levels, Level(value=scale.maximum + 1, label=label))
    return _with_scale(f, attrs.evolve(scale, levels=levels)), "level-added", "minor"


def _relabel(draw: st.DrawFn, f: Framework) -> tuple[Framework, str, str] | None:
    scale = draw(st.sampled_from(f.scales))
    labels = {level.label for level in scale.levels}
    label = next(f"renamed {n}" for n in range(len(labels) + 1) if f"renamed {n}" not in labels)
    index = draw(st.integers(0, len(scale.levels) - 1))
    levels = tuple(
        attrs.evolve(level, label=label) if n == index else level
        for n, level in enumerate(scale.levels)
    )
    return _with_scale(f, attrs.evolve(scale, levels=levels)), "level-relabelled", "patch"


def _remove_level(draw: st.DrawFn, f: Framework) -> tuple[Framework, str, str] | None:
    candidates = [s for s in f.scales if len(s.levels) > 2]
    if not candidates:
        return None
    scale = draw(st.sampled_from(candidates))
    gone = draw(st.sampled_from([lv for lv in scale.levels if lv.value != scale.proficient]))
    changed = attrs.evolve(scale, levels=tuple(lv for lv in scale.levels if lv is not gone))
    f = _with_scale(f, changed)
    # descriptors of that level, on competencies rated on that scale, go too (a patch change)
    competencies = tuple(
        attrs.evolve(
            c, descriptors=tuple(d for d in c.descriptors if d.level != gone.value)
        ) if f.scale_of(c) is changed else c
        for c in f.competencies
    )
    return attrs.evolve(f, competencies=competencies), "level-removed", "major"


def _with_scale(f: Framework, scale: Scale) -> Framework:
    return attrs.evolve(
        f, scales=tuple(scale if s.id == scale.id else s for s in f.scales)
    )


def _retitle(draw: st.DrawFn, f: Framework) -> tuple[Framework, str, str] | None:
    return attrs.evolve(f, title=f.title + " (2)"), "framework-title-changed", "patch"


EDITS: dict[str, Edit] = {
    "rename": _rename,
    "describe": _describe,
    "reweight": _reweight,
    "add": _add,
    "remove": _remove,
    "add-indicator": _add_indicator,
    "reword": _indicator_edit(
        lambda i: attrs.evolve(i, text=i.text + " (reworded)"), "indicator-reworded", "patch"
    ),
    "rekey": _indicator_edit(
        lambda i: attrs.evolve(i, reverse=not i.reverse), "indicator-rekeyed", "major"
    ),
    "remove-indicator": _indicator_edit(
        _gone, "indicator-removed", "major", spare_targets=True
    ),
    "add-level": _add_level,
    "relabel": _relabel,
    "remove-level": _remove_level,
    "retitle": _retitle,
}


@st.composite
def edited(draw: st.DrawFn, framework: Framework) -> tuple[str, Framework, str, str]:
    """One known edit of the framework: (edit name, next version, change kind, level)."""
    names = sorted(EDITS)
    name = draw(st.sampled_from(names))
    made = EDITS[name](draw, framework)
    if made is None:  # this framework has nothing to apply the edit to: retitle it instead
        name = "retitle"
        made = _retitle(draw, framework)
        assert made is not None
    after, kind, level = made
    return name, attrs.evolve(after, version=bumped(framework, "major")), kind, level


@st.composite
def grown(draw: st.DrawFn, framework: Framework) -> Framework:
    """The framework with competencies and indicators added, nothing else: a minor change."""
    count = draw(st.integers(0, 3))
    item_count = draw(st.integers(0, 3)) if framework.competencies else 0
    keys = fresh_ids(framework, count + item_count, "grown")
    competencies = list(framework.competencies)
    for key in keys[count:]:
        index = draw(st.integers(0, len(competencies) - 1))
        c = competencies[index]
        competencies[index] = attrs.evolve(
            c, indicators=(*c.indicators, Indicator(id=key, text="Grown item"))
        )
    for key in keys[:count]:
        parents = [c.id for c in competencies]
        parent = draw(st.none() | st.sampled_from(parents)) if parents else None
        position = draw(st.integers(0, len(competencies)))
        competencies.insert(position, Competency(id=key, title="Grown", kind="skill",
                                                 parent=parent))
    return attrs.evolve(
        framework, version=bumped(framework, "minor"), competencies=tuple(competencies)
    )


def renamed(framework: Framework) -> tuple[Framework, Mapping, Mapping]:
    """The framework with every competency and indicator renamed (n0, n1...), no ``replaces``,
    the next major version; and the complete mappings there and back."""
    names: dict[str, str] = {}
    for c in framework.competencies:
        names[c.id] = f"n{len(names)}"
        for i in c.indicators:
            names[i.id] = f"n{len(names)}"

    def relation(r: Relation) -> Relation:
        return r if r.framework is not None else attrs.evolve(r, target=names[r.target])

    competencies = tuple(
        attrs.evolve(
            c,
            id=names[c.id],
            parent=None if c.parent is None else names[c.parent],
            replaces=(),
            relations=tuple(relation(r) for r in c.relations),
            indicators=tuple(attrs.evolve(i, id=names[i.id]) for i in c.indicators),
        )
        for c in framework.competencies
    )
    after = attrs.evolve(
        framework, version=bumped(framework, "major"), competencies=competencies
    )
    there = Mapping(
        old=framework.ref, new=after.ref,
        ids=tuple(IdMapping(old=old, new=(new,)) for old, new in names.items()),
    )
    back = Mapping(
        old=after.ref, new=framework.ref,
        ids=tuple(IdMapping(old=new, new=(old,)) for old, new in names.items()),
    )
    return after, there, back


# --- a team framework, an assessment and a role against it: shared by migrate and diff tests ---


LIKERT = Scale(
    id="likert",
    levels=(
        Level(value=1, label="Never"),
        Level(value=2, label="Sometimes"),
        Level(value=3, label="Often"),
        Level(value=4, label="Always"),
    ),
    not_observed=True,
)


STARS = Scale(
    id="stars",
    levels=(
        Level(value=1, label="One"), Level(value=2, label="Two"), Level(value=3, label="Three")
    ),
)


OLD = Framework(
    id="team",
    version="1.0.0",
    title="Team",
    default_scale="likert",
    scales=(LIKERT, STARS),
    competencies=(
        Competency(id="lead", title="Leading", kind="domain"),
        Competency(
            id="vision", title="Vision", kind="behaviour", parent="lead",
            indicators=(
                Indicator(id="vision.1", text="Explains the aim."),
                Indicator(id="vision.2", text="Leaves people unsure.", reverse=True),
            ),
        ),
        Competency(
            id="focus", title="Focus", kind="behaviour", parent="lead",
            indicators=(Indicator(id="focus.1", text="Sets priorities."),),
        ),
        Competency(
            id="care", title="Care", kind="behaviour",
            indicators=(Indicator(id="care.1", text="Asks how people are."),),
        ),
        Competency(id="coach", title="Coaching", kind="skill", scale="stars"),
    ),
)


ASSESSMENT = Assessment(
    id="a1",
    subject="s1",
    framework="team@1.0.0",
    raters=(Rater(id="me", group="self"), Rater(id="p1", group="peer")),
    ratings=(
        Rating(rater="me", item="vision.1", value=3, comment="clear"),
        Rating(rater="me", item="vision.2", value=2),
        Rating(rater="me", item="focus.1", value=4, comment="sharp"),
        Rating(rater="me", item="care.1", value=None),
        Rating(rater="me", item="coach", value=2),
        Rating(rater="p1", item="vision.1", value=1),
        Rating(rater="p1", item="focus.1", value=2),
    ),
)


ROLE = RoleProfile(
    id="lead-role",
    title="Team lead",
    framework=FrameworkRef(id="team", versions="^1.0.0"),
    requirements=(
        Requirement(competency="vision", level=3, importance=2.0, essential=True),
        Requirement(competency="focus", level=2, note="in a crisis"),
        Requirement(competency="coach", level=3),
    ),
)


def next_version(version: str = "2.0.0", **changes: Any) -> Framework:
    return attrs.evolve(OLD, version=version, **changes)


def replacing(*keys: str, with_: list[Competency]) -> Framework:
    kept = [c for c in OLD.competencies if c.id not in keys]
    return next_version(competencies=(*kept, *with_))


def comp(key: str, **more: Any) -> Competency:
    return Competency(id=key, title=key.title(), kind="behaviour", **more)


MERGED = replacing(
    "vision", "focus",
    with_=[comp("direction", parent="lead", replaces=("vision", "focus"),
                indicators=(Indicator(id="direction.1", text="Sets a direction."),))],
)
