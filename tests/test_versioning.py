"""The semantic diff of framework versions: every change kind, its level, and the bump rules."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import leadcomp
import strategies as S
import versioning_strategies as V
from leadcomp.model import (
    Competency,
    Descriptor,
    Framework,
    Indicator,
    Level,
    Provenance,
    Relation,
    Scale,
)
from leadcomp.model._semver import Version
from leadcomp.validation._acceptor import acceptor
from leadcomp.validation._schemas import validator
from leadcomp.versioning import CHANGE_KINDS, CHANGE_LEVELS, Change, FrameworkDiff, diff
from leadcomp.versioning._levels import highest, required_version, satisfies
from profiles import scaled

FAST = settings(scaled(0.6), deadline=None, suppress_health_check=[HealthCheck.too_slow])

LIKERT = Scale(
    id="likert",
    levels=(
        Level(value=1, label="Never"),
        Level(value=2, label="Sometimes"),
        Level(value=3, label="Often"),
        Level(value=4, label="Always"),
    ),
    proficient=3,
    not_observed=True,
)
STARS = Scale(
    id="stars",
    levels=(
        Level(value=1, label="One"), Level(value=2, label="Two"), Level(value=3, label="Three")
    ),
)
BASE = Framework(
    id="team",
    version="1.2.0",
    title="Team leadership",
    default_scale="likert",
    scales=(LIKERT, STARS),
    competencies=(
        Competency(id="lead", title="Leading", kind="domain"),
        Competency(
            id="vision", title="Vision", kind="behaviour", parent="lead",
            indicators=(
                Indicator(id="vision.1", text="Explains the aim."),
                Indicator(id="vision.2", text="Leaves people unsure of the aim.", reverse=True),
            ),
            descriptors=(Descriptor(level=1, text="Rarely"), Descriptor(level=4, text="Always")),
            relations=(Relation(type="related", target="care"),),
        ),
        Competency(
            id="focus", title="Focus", kind="behaviour", parent="lead",
            indicators=(Indicator(id="focus.1", text="Sets priorities."),),
        ),
        Competency(id="people", title="People", kind="domain"),
        Competency(
            id="care", title="Care", kind="behaviour", parent="people",
            indicators=(Indicator(id="care.1", text="Asks how people are."),),
        ),
        Competency(id="coach", title="Coaching", kind="skill", parent="people", scale="stars"),
    ),
)


def test_the_base_framework_is_valid() -> None:
    assert leadcomp.check(BASE) == []


# --- building next versions -----------------------------------------------------------------


def with_competency(f: Framework, key: str, **changes: Any) -> Framework:
    return attrs.evolve(
        f,
        competencies=tuple(
            attrs.evolve(c, **changes) if c.id == key else c for c in f.competencies
        ),
    )


def with_indicator(f: Framework, key: str, **changes: Any) -> Framework:
    owner, _ = f.indicator_index()[key]
    items = tuple(attrs.evolve(i, **changes) if i.id == key else i for i in owner.indicators)
    return with_competency(f, owner.id, indicators=items)


def with_scale(f: Framework, key: str, **changes: Any) -> Framework:
    return attrs.evolve(
        f, scales=tuple(attrs.evolve(s, **changes) if s.id == key else s for s in f.scales)
    )


def with_levels(f: Framework, key: str, *levels: tuple[int, str]) -> Framework:
    return with_scale(f, key, levels=tuple(Level(value=v, label=lb) for v, lb in levels))


def without(f: Framework, *keys: str) -> Framework:
    return attrs.evolve(f, competencies=tuple(c for c in f.competencies if c.id not in keys))


def adding(f: Framework, *competencies: Competency, after: str | None = None) -> Framework:
    listed = list(f.competencies)
    at = len(listed) if after is None else [c.id for c in listed].index(after) + 1
    listed[at:at] = competencies
    return attrs.evolve(f, competencies=tuple(listed))


def ordered(f: Framework, *keys: str) -> Framework:
    index = f.competency
    return attrs.evolve(f, competencies=tuple(index(k) for k in keys))


def comp(key: str, parent: str | None = "lead", **more: Any) -> Competency:
    return Competency(id=key, title=key.title(), kind="behaviour", parent=parent, **more)


Row = tuple[str, str, str, Any, Any]
EXAMPLES: dict[str, tuple[Callable[[Framework], Framework], list[Row]]] = {
    # the framework's own fields
    "id": (
        lambda f: attrs.evolve(f, id="team2"),
        [("framework-id-changed", "major", "id", "team", "team2")],
    ),
    "title": (
        lambda f: attrs.evolve(f, title="Leading teams"),
        [("framework-title-changed", "patch", "title", "Team leadership", "Leading teams")],
    ),
    "description": (
        lambda f: attrs.evolve(f, description="For team leaders."),
        [("framework-description-changed", "patch", "description", None, "For team leaders.")],
    ),
    "provenance": (
        lambda f: attrs.evolve(f, provenance=Provenance(source="Us", unofficial=True)),
        [("framework-provenance-changed", "patch", "provenance", None,
          {"source": "Us", "unofficial": True})],
    ),
    "tags": (
        lambda f: attrs.evolve(f, tags=("nhs",)),
        [("framework-tags-changed", "patch", "tags", [], ["nhs"])],
    ),
    "extensions": (
        lambda f: attrs.evolve(f, extensions={"x": 1}),
        [("framework-extensions-changed", "patch", "extensions", {}, {"x": 1})],
    ),
    "sequential": (
        lambda f: attrs.evolve(f, sequential=True),
        [("framework-sequential-changed", "minor", "sequential", False, True)],
    ),
    "default scale": (
        lambda f: with_competency(
            attrs.evolve(f, default_scale="stars"), "vision", descriptors=()
        ),
        [
            ("framework-default-scale-changed", "patch", "default_scale", "likert", "stars"),
            ("competency-rescaled", "major", "competencies/lead", "likert", "stars"),
            ("competency-rescaled", "major", "competencies/vision", "likert", "stars"),
            ("descriptor-removed", "patch", "competencies/vision/descriptors/1", "Rarely", None),
            ("descriptor-removed", "patch", "competencies/vision/descriptors/4", "Always", None),
            ("competency-rescaled", "major", "competencies/focus", "likert", "stars"),
            ("competency-rescaled", "major", "competencies/people", "likert", "stars"),
            ("competency-rescaled", "major", "competencies/care", "likert", "stars"),
        ],
    ),
    # scales and levels
    "scale added": (
        lambda f: attrs.evolve(f, scales=(*f.scales, attrs.evolve(STARS, id="five"))),
        [("scale-added", "minor", "scales/five", None, "five")],
    ),
    "scale removed": (
        lambda f: with_competency(attrs.evolve(f, scales=(LIKERT,)), "coach", scale=None),
        [
            ("scale-removed", "major", "scales/stars", "stars", None),
            ("competency-rescaled", "major", "competencies/coach", "stars", "likert"),
        ],
    ),
    "scale title": (
        lambda f: with_scale(f, "stars", title="Stars"),
        [("scale-title-changed", "patch", "scales/stars", None, "Stars")],
    ),
    "level added": (
        lambda f: with_levels(f, "stars", (1, "One"), (2, "Two"), (3, "Three"), (4, "Four")),
        [("level-added", "minor", "scales/stars/levels/4", None, {"value": 4, "label": "Four"})],
    ),
    "level removed": (
        lambda f: with_levels(f, "stars", (1, "One"), (3, "Three")),
        [("level-removed", "major", "scales/stars/levels/2", {"value": 2, "label": "Two"}, None)],
    ),
    "levels re-valued": (
        lambda f: with_levels(f, "stars", (0, "One"), (1, "Two"), (2, "Three")),
        [
            ("level-revalued", "major", "scales/stars/levels/1",
             {"value": 1, "label": "One"}, {"value": 0, "label": "One"}),
            ("level-revalued", "major", "scales/stars/levels/2",
             {"value": 2, "label": "Two"}, {"value": 1, "label": "Two"}),
            ("level-revalued", "major", "scales/stars/levels/3",
             {"value": 3, "label": "Three"}, {"value": 2, "label": "Three"}),
        ],
    ),
    "level relabelled": (
        lambda f: with_levels(f, "stars", (1, "One"), (2, "Deux"), (3, "Three")),
        [("level-relabelled", "patch", "scales/stars/levels/2", "Two", "Deux")],
    ),
    "level description": (
        lambda f: with_scale(
            f, "stars",
            levels=(Level(value=1, label="One", description="Just one"), *STARS.levels[1:]),
        ),
        [("level-description-changed", "patch", "scales/stars/levels/1", None, "Just one")],
    ),
    "proficient": (
        lambda f: with_scale(f, "likert", proficient=4),
        [("proficient-changed", "minor", "scales/likert", 3, 4)],
    ),
    "not observed allowed": (
        lambda f: with_scale(f, "stars", not_observed=True),
        [("not-observed-allowed", "minor", "scales/stars", False, True)],
    ),
    "not observed disallowed": (
        lambda f: with_scale(f, "likert", not_observed=False),
        [("not-observed-disallowed", "major", "scales/likert", True, False)],
    ),
    "not observed label": (
        lambda f: with_scale(f, "likert", not_observed_label="Not seen"),
        [("not-observed-label-changed", "patch", "scales/likert", None, "Not seen")],
    ),
    # competencies
    "competency added": (
        lambda f: adding(f, comp("listen"), after="focus"),
        [("competency-added", "minor", "competencies/listen", None, "listen")],
    ),
    "competency removed": (
        lambda f: without(f, "focus"),
        [("competency-removed", "major", "competencies/focus", "focus", None)],
    ),
    "competency replaced": (
        lambda f: adding(without(f, "focus"), comp("priorities", replaces=("focus",))),
        [("competency-replaced", "major", "competencies/focus", ["focus"], ["priorities"])],
    ),
    "competency split": (
        lambda f: adding(
            without(f, "focus"), comp("focus.a", replaces=("focus",)),
            comp("focus.b", replaces=("focus",)), after="vision",
        ),
        [("competency-split", "major", "competencies/focus", ["focus"], ["focus.a", "focus.b"])],
    ),
    "competencies merged": (
        lambda f: adding(
            without(f, "vision", "focus"), comp("direction", replaces=("vision", "focus")),
            after="lead",
        ),
        [("competency-merged", "major", "competencies/vision,focus", ["vision", "focus"],
          ["direction"])],
    ),
    "competency moved": (
        lambda f: with_competency(f, "care", parent="lead"),
        [("competency-moved", "minor", "competencies/care", "people", "lead")],
    ),
    "competencies reordered": (
        lambda f: ordered(f, "lead", "focus", "vision", "people", "care", "coach"),
        [("competency-reordered", "patch", "competencies/lead", ["vision", "focus"],
          ["focus", "vision"])],
    ),
    "sequence reordered": (
        lambda f: ordered(
            attrs.evolve(f, sequential=True), "people", "care", "coach", "lead", "vision", "focus"
        ),
        [
            ("framework-sequential-changed", "minor", "sequential", False, True),
            ("competency-reordered", "minor", "competencies", ["lead", "people"],
             ["people", "lead"]),
        ],
    ),
    "competency renamed": (
        lambda f: with_competency(f, "care", title="Caring"),
        [("competency-renamed", "patch", "competencies/care", "Care", "Caring")],
    ),
    "competency kind": (
        lambda f: with_competency(f, "coach", kind="behaviour"),
        [("competency-kind-changed", "minor", "competencies/coach", "skill", "behaviour")],
    ),
    "competency description": (
        lambda f: with_competency(f, "coach", description="Helps others grow."),
        [("competency-description-changed", "patch", "competencies/coach", None,
          "Helps others grow.")],
    ),
    "competency rescaled": (
        lambda f: with_competency(f, "care", scale="stars"),
        [("competency-rescaled", "major", "competencies/care", "likert", "stars")],
    ),
    "competency weight": (
        lambda f: with_competency(f, "care", weight=2.0),
        [("competency-weight-changed", "minor", "competencies/care", 1.0, 2.0)],
    ),
    "competency tags": (
        lambda f: with_competency(f, "care", tags=("core",)),
        [("competency-tags-changed", "patch", "competencies/care", [], ["core"])],
    ),
    "competency replaces": (
        lambda f: with_competency(f, "care", replaces=("kindness",)),
        [("competency-replaces-changed", "patch", "competencies/care", [], ["kindness"])],
    ),
    "competency extensions": (
        lambda f: with_competency(f, "care", extensions={"code": "C1"}),
        [("competency-extensions-changed", "patch", "competencies/care", {}, {"code": "C1"})],
    ),
    "descriptors": (
        lambda f: with_competency(
            f, "vision",
            descriptors=(Descriptor(level=4, text="Every time"), Descriptor(level=2, text="Some")),
        ),
        [
            ("descriptor-removed", "patch", "competencies/vision/descriptors/1", "Rarely", None),
            ("descriptor-added", "patch", "competencies/vision/descriptors/2", None, "Some"),
            ("descriptor-changed", "patch", "competencies/vision/descriptors/4", "Always",
             "Every time"),
        ],
    ),
    # indicators
    "indicator added": (
        lambda f: with_competency(
            f, "care", indicators=(*f.competency("care").indicators,
                                   Indicator(id="care.2", text="Notices strain.")),
        ),
        [("indicator-added", "minor", "competencies/care/indicators/care.2", None, "care.2")],
    ),
    "indicator removed": (
        lambda f: with_competency(f, "focus", indicators=()),
        [("indicator-removed", "major", "competencies/focus/indicators/focus.1", "focus.1",
          None)],
    ),
    "indicator re-keyed": (
        lambda f: with_indicator(f, "vision.2", reverse=False),
        [("indicator-rekeyed", "major", "competencies/vision/indicators/vision.2", True, False)],
    ),
    "indicator rescaled": (
        lambda f: with_indicator(f, "vision.1", scale="stars"),
        [("indicator-rescaled", "major", "competencies/vision/indicators/vision.1", "likert",
          "stars")],
    ),
    "indicator moved": (
        lambda f: with_competency(
            with_competency(f, "focus", indicators=()), "care",
            indicators=(*f.competency("care").indicators, *f.competency("focus").indicators),
        ),
        [("indicator-moved", "minor", "competencies/care/indicators/focus.1", "focus", "care")],
    ),
    "indicator reworded": (
        lambda f: with_indicator(f, "care.1", text="Asks how people really are."),
        [("indicator-reworded", "patch", "competencies/care/indicators/care.1",
          "Asks how people are.", "Asks how people really are.")],
    ),
    "indicators reordered": (
        lambda f: with_competency(
            f, "vision", indicators=tuple(reversed(f.competency("vision").indicators))
        ),
        [("indicator-reordered", "patch", "competencies/vision", ["vision.1", "vision.2"],
          ["vision.2", "vision.1"])],
    ),
    "indicator extensions": (
        lambda f: with_indicator(f, "care.1", extensions={"source": "survey"}),
        [("indicator-extensions-changed", "patch", "competencies/care/indicators/care.1", {},
          {"source": "survey"})],
    ),
    # relations
    "relation added": (
        lambda f: with_competency(
            f, "care", relations=(Relation(type="exact_match", target="C1", framework="nhs"),)
        ),
        [("relation-added", "minor", "competencies/care", None,
          {"type": "exact_match", "target": "C1", "framework": "nhs"})],
    ),
    "relation removed": (
        lambda f: with_competency(f, "vision", relations=()),
        [("relation-removed", "minor", "competencies/vision", {"type": "related",
          "target": "care"}, None)],
    ),
}


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_each_change_kind_is_found_with_its_level(name: str) -> None:
    edit, expected = EXAMPLES[name]
    after = edit(BASE)
    assert leadcomp.check(after) == [], "the example's next version must be valid"
    result = diff(BASE, after)
    assert [(c.kind, c.level, c.subject, c.old, c.new) for c in result.changes] == expected
    assert all(c.message and c.message[0].islower() for c in result.changes)


def test_the_examples_cover_every_change_kind() -> None:
    seen = {row[0] for _, rows in EXAMPLES.values() for row in rows}
    assert seen == set(CHANGE_KINDS)


def test_every_kind_has_the_level_of_the_table_except_a_sequence_reordering() -> None:
    for _, rows in EXAMPLES.values():
        for kind, level, subject, _, _ in rows:
            if kind == "competency-reordered" and subject == "competencies":
                assert level == "minor"
            else:
                assert level == CHANGE_LEVELS[kind]


def test_messages_name_what_changed() -> None:
    messages = {
        name: [c.message for c in diff(BASE, edit(BASE)).changes]
        for name, (edit, _) in EXAMPLES.items()
    }
    assert messages["competency removed"] == ["removing competency 'focus' (nothing replaces it)"]
    assert messages["competencies merged"] == [
        "merging competencies 'vision', 'focus' into 'direction'"
    ]
    assert messages["levels re-valued"][0] == (
        "moving level 'One' of scale 'stars' from value 1 to 0"
    )
    assert messages["indicator re-keyed"] == ["no longer reverse-keying indicator 'vision.2'"]
    assert messages["sequential"] == ["making the framework sequential"]
    assert messages["relation removed"] == ["removing the relation 'vision' related 'care'"]


# --- identity, replacement details -------------------------------------------------------------


def test_a_framework_is_its_own_version_with_no_changes() -> None:
    result = diff(BASE, BASE)
    assert result.changes == ()
    assert not result
    assert result.level is None
    assert result.required_version is None
    assert result.bump_ok


def test_objects_need_not_be_shared_to_be_equal() -> None:
    copy = leadcomp.load(leadcomp.dumps(BASE).encode())
    assert copy is not BASE
    assert diff(BASE, copy).changes == ()


def test_a_competency_that_replaces_ids_still_present_replaces_nothing() -> None:
    after = adding(BASE, comp("extra", replaces=("focus",)))
    kinds = [c.kind for c in diff(BASE, after).changes]
    assert kinds == ["competency-added"]


def test_an_existing_competency_can_take_over_a_removed_one() -> None:
    after = with_competency(without(BASE, "focus"), "vision", replaces=("focus",))
    result = diff(BASE, after)
    assert [(c.kind, c.old, c.new) for c in result.changes] == [
        ("competency-replaced", ["focus"], ["vision"])
    ]


def test_many_to_many_replacements_are_one_change() -> None:
    after = adding(
        without(BASE, "vision", "focus"),
        comp("a", replaces=("vision", "focus")),
        comp("b", replaces=("focus",)),
        after="lead",
    )
    (change,) = diff(BASE, after).changes
    assert (change.kind, change.old, change.new) == (
        "competency-replaced", ["vision", "focus"], ["a", "b"]
    )


def test_insertions_and_removals_do_not_read_as_reorderings() -> None:
    after = adding(without(BASE, "vision"), comp("first"), comp("second"), after="lead")
    kinds = sorted(c.kind for c in diff(BASE, after).changes)
    assert kinds == ["competency-added", "competency-added", "competency-removed"]


def test_swapping_whole_families_reorders_only_their_parents() -> None:
    after = ordered(BASE, "people", "care", "coach", "lead", "vision", "focus")
    (change,) = diff(BASE, after).changes
    assert (change.kind, change.level, change.subject) == (
        "competency-reordered", "patch", "competencies"
    )


def test_a_competency_moved_and_relocated_is_only_moved() -> None:
    after = ordered(
        with_competency(BASE, "focus", parent="people"),
        "lead", "vision", "people", "care", "focus", "coach",
    )
    kinds = [c.kind for c in diff(BASE, after).changes]
    assert kinds == ["competency-moved"]


def test_an_indicator_moving_to_a_new_competency_is_moved() -> None:
    after = adding(
        with_competency(BASE, "focus", indicators=()),
        comp("plan", indicators=BASE.competency("focus").indicators),
    )
    kinds = [(c.kind, c.subject) for c in diff(BASE, after).changes]
    assert kinds == [
        ("competency-added", "competencies/plan"),
        ("indicator-moved", "competencies/plan/indicators/focus.1"),
    ]


# --- levels and bumps --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "level", "required"),
    [
        ("1.2.3", "major", "2.0.0"),
        ("1.2.3", "minor", "1.3.0"),
        ("1.2.3", "patch", "1.2.4"),
        ("0.4.1", "major", "0.5.0"),
        ("0.4.1", "minor", "0.4.2"),
        ("0.4.1", "patch", "0.4.2"),
        ("0.0.3", "major", "0.0.4"),
        ("2.0.0-rc.1", "major", "2.0.0"),
        ("2.0.0-rc.1", "patch", "2.0.0"),
        ("1.0.0+build.5", "minor", "1.1.0"),
    ],
)
def test_required_versions(old: str, level: Any, required: str) -> None:
    assert str(required_version(Version.parse(old), level)) == required


@pytest.mark.parametrize(
    ("old", "new", "required", "ok"),
    [
        ("1.2.3", "2.0.0", "2.0.0", True),
        ("1.2.3", "3.0.0", "2.0.0", True),
        ("1.2.3", "1.9.0", "2.0.0", False),
        ("1.2.3", "2.0.0-rc.1", "2.0.0", True),  # a pre-release of the right version
        ("1.2.3", "1.2.3", "1.2.4", False),
        ("1.2.3", "1.2.2", "1.2.4", False),
        ("2.0.0-rc.1", "2.0.0-rc.2", "2.0.0", True),
        ("2.0.0-rc.1", "2.0.0", "2.0.0", True),
        ("2.0.0-rc.2", "2.0.0-rc.1", "2.0.0", False),
    ],
)
def test_bump_checks(old: str, new: str, required: str, ok: bool) -> None:
    assert satisfies(Version.parse(new), Version.parse(old), Version.parse(required)) is ok


def test_the_diff_says_which_version_the_changes_need() -> None:
    removed = attrs.evolve(without(BASE, "focus"), version="1.3.0")
    result = diff(BASE, removed)
    assert result.level == "major"
    assert str(result.required_version) == "2.0.0"
    assert not result.bump_ok
    assert diff(BASE, attrs.evolve(removed, version="2.0.0")).bump_ok
    reworded = with_indicator(BASE, "care.1", text="Asks after people.")
    assert diff(BASE, reworded).bump_ok is False  # same version, a patch change
    assert diff(BASE, attrs.evolve(reworded, version="1.2.4")).bump_ok


def test_highest_level() -> None:
    assert highest([]) is None
    assert highest(["patch", "minor", "patch"]) == "minor"
    assert highest(["patch", "major", "minor"]) == "major"


# --- the JSON document -------------------------------------------------------------------------


def _valid_diff_document(data: dict[str, Any]) -> None:
    errors = list(validator("framework-diff").iter_errors(data))
    assert errors == []
    assert acceptor("framework-diff", 64)(data)


def test_the_json_document_follows_its_schema() -> None:
    data = diff(BASE, attrs.evolve(without(BASE, "focus"), version="2.0.0")).to_dict()
    _valid_diff_document(data)
    assert data["kind"] == "framework-diff"
    assert (data["old"], data["new"], data["level"], data["required_version"]) == (
        "team@1.2.0", "team@2.0.0", "major", "2.0.0"
    )
    assert data["summary"] == {"major": 1, "minor": 0, "patch": 0}
    assert data["changes"][0]["message"] == "removing competency 'focus' (nothing replaces it)"
    json.dumps(data, allow_nan=False)


def test_without_changes_there_is_no_level_in_the_document() -> None:
    data = diff(BASE, BASE).to_dict()
    _valid_diff_document(data)
    assert "level" not in data
    assert "required_version" not in data
    assert data["bump_ok"] is True


def test_the_acceptor_refuses_a_broken_diff_document() -> None:
    data = diff(BASE, without(BASE, "focus")).to_dict()
    data["changes"][0]["level"] = "huge"
    assert not acceptor("framework-diff", 64)(data)
    assert list(validator("framework-diff").iter_errors(data))


# --- properties --------------------------------------------------------------------------------


@FAST
@given(S.frameworks())
def test_diff_of_a_framework_with_itself_is_empty(framework: Framework) -> None:
    assert diff(framework, framework).changes == ()
    rebuilt = leadcomp.load(leadcomp.dumps(framework).encode())
    assert diff(framework, rebuilt).changes == ()


@FAST
@given(st.data())
def test_each_known_edit_is_found_at_its_level(data: st.DataObject) -> None:
    before = data.draw(S.frameworks())
    name, after, kind, level = data.draw(V.edited(before))
    assert leadcomp.check(after) == [], name
    result = diff(before, after)
    found = [(c.kind, c.level) for c in result.changes]
    assert (kind, level) in found, (name, found)
    assert result.level == highest([c.level for c in result.changes])


@FAST
@given(st.data())
def test_the_level_is_the_largest_of_the_changes_and_the_bump_follows(
    data: st.DataObject,
) -> None:
    before = data.draw(S.frameworks())
    after = data.draw(S.frameworks())
    result = diff(before, after)
    levels = [c.level for c in result.changes]
    assert result.level == highest(levels)
    rank = {"patch": 0, "minor": 1, "major": 2}
    assert all(rank[c.level] <= rank[result.level] for c in result.changes)  # type: ignore[index]
    if result.changes:
        required = result.required_version
        assert required is not None
        assert required > result.old_version
        assert result.bump_ok == satisfies(result.new_version, result.old_version, required)
    _valid_diff_document(result.to_dict())


@FAST
@given(st.data())
def test_diff_is_deterministic(data: st.DataObject) -> None:
    before = data.draw(S.frameworks())
    _, after, _, _ = data.draw(V.edited(before))
    first = diff(before, after)
    again = diff(
        leadcomp.load(leadcomp.dumps(before).encode()),
        leadcomp.load(leadcomp.dumps(after).encode()),
    )
    assert first == again
    assert json.dumps(first.to_dict()) == json.dumps(again.to_dict())


@FAST
@given(st.data())
def test_growing_a_framework_is_at_most_minor(data: st.DataObject) -> None:
    before = data.draw(S.frameworks())
    after = data.draw(V.grown(before))
    result = diff(before, after)
    assert result.level in (None, "minor")
    assert {c.kind for c in result.changes} <= {"competency-added", "indicator-added"}
    assert result.bump_ok


def test_a_change_is_frozen_and_serialisable() -> None:
    change = Change(kind="competency-added", level="minor", subject="competencies/x", new="x")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        change.level = "major"  # type: ignore[misc]
    assert change.to_dict()["message"] == "adding competency 'x'"
    assert FrameworkDiff(old="a@1.0.0", new="a@1.1.0", changes=(change,)).bump_ok


@FAST
@given(S.frameworks(max_competencies=8), st.randoms(use_true_random=False))
def test_reorderings_are_exactly_the_families_whose_order_changed(
    framework: Framework, rnd: Any
) -> None:
    shuffled = list(framework.competencies)
    rnd.shuffle(shuffled)
    after = attrs.evolve(framework, version="99.0.0", competencies=tuple(shuffled))
    result = diff(framework, after)
    found = {c.subject: (c.old, c.new) for c in result.changes}
    expected = {}
    for parent in {c.parent for c in framework.competencies}:
        old = [c.id for c in framework.competencies if c.parent == parent]
        new = [c.id for c in after.competencies if c.parent == parent]
        if old != new:
            expected["competencies" if parent is None else f"competencies/{parent}"] = (old, new)
    assert found == expected
    assert {c.kind for c in result.changes} <= {"competency-reordered"}
