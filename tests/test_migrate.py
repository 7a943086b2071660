"""Migration of role profiles and assessments between framework versions, and mapping documents."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import leadcomp
import strategies as S
import versioning_strategies as V
from leadcomp.model import (
    Assessment,
    Framework,
    FrameworkRef,
    IdMapping,
    Level,
    Mapping,
    Rater,
    Rating,
    Requirement,
    RoleProfile,
    ScaleMapping,
    ValueMapping,
)
from leadcomp.problems import InvalidDocument
from leadcomp.versioning import MigrationResult, builtin_mapping, diff, migrate
from leadcomp.versioning._migrate import source_framework
from profiles import scaled
from versioning_strategies import (
    ASSESSMENT,
    LIKERT,
    MERGED,
    OLD,
    ROLE,
    STARS,
    comp,
    next_version,
    replacing,
)

FAST = settings(scaled(0.6), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_the_fixtures_are_valid() -> None:
    assert leadcomp.check(OLD) == []
    assert leadcomp.check(ASSESSMENT, OLD) == []
    assert leadcomp.check(ROLE, OLD) == []


def ratings_of(result: MigrationResult[Assessment]) -> list[tuple[str, str, int | None]]:
    return [(r.rater, r.item, r.value) for r in result.document.ratings]


def actions(result: MigrationResult[Any]) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return [(o.action, o.old, o.new) for o in result.outcomes]


def valid_against(document: Assessment | RoleProfile, framework: Framework) -> bool:
    return leadcomp.validate(leadcomp.dumps(document).encode(), framework=framework) == []


# --- ids ---------------------------------------------------------------------------------------


def test_an_unchanged_framework_carries_everything_as_it_is() -> None:
    new = next_version("1.1.0")
    result = migrate(ASSESSMENT, new, old=OLD)
    assert result.complete
    assert result.document == attrs.evolve(ASSESSMENT, framework="team@1.1.0")
    assert {o.action for o in result.outcomes} == {"carried"}
    assert all(o.reason == "same id" for o in result.outcomes)
    assert result.old == "team@1.0.0"
    assert result.new == "team@1.1.0"
    assert valid_against(result.document, new)


def test_a_declared_replacement_carries_roles_and_direct_ratings() -> None:
    new = replacing(
        "coach", with_=[comp("mentor", scale="stars", replaces=("coach",))]
    )
    role = migrate(ROLE, new, old=OLD)
    assert [(r.competency, r.level) for r in role.document.requirements] == [
        ("vision", 3), ("focus", 2), ("mentor", 3)
    ]
    assert role.document.framework == FrameworkRef(id="team", versions="^2.0.0")
    assert ("carried", ("coach",), ("mentor",)) in actions(role)
    assert role.carried[-1].reason == "'mentor' replaces 'coach' in team@2.0.0"
    assessment = migrate(ASSESSMENT, new, old=OLD)
    assert ("me", "mentor", 2) in ratings_of(assessment)
    assert valid_against(role.document, new)
    assert valid_against(assessment.document, new)


def test_a_split_copies_values_to_every_part() -> None:
    new = replacing(
        "focus",
        with_=[
            comp("plan", parent="lead", replaces=("focus",), indicators=OLD.competency(
                "focus").indicators),
            comp("prioritise", parent="lead", replaces=("focus",)),
        ],
    )
    result = migrate(ROLE, new, old=OLD)
    assert [(r.competency, r.level, r.note) for r in result.document.requirements] == [
        ("vision", 3, None), ("plan", 2, "in a crisis"), ("prioritise", 2, "in a crisis"),
        ("coach", 3, None),
    ]
    assert ("split", ("focus",), ("plan", "prioritise")) in actions(result)
    assert result.complete


@pytest.mark.parametrize(
    ("rule", "level"), [("mean", 2), ("max", 3), ("min", 2), ("first", 3)]
)
def test_merged_requirements_combine_by_the_rule(rule: Any, level: int) -> None:
    mapping = Mapping(old=OLD.ref, new=MERGED.ref, combine=rule)
    result = migrate(ROLE, MERGED, mapping, old=OLD)
    (direction,) = [r for r in result.document.requirements if r.competency == "direction"]
    # levels 3 and 2: the mean 2.5 is a tie, which goes to the lower level
    assert direction.level == level
    assert direction.importance == 2.0  # the highest
    assert direction.essential is True  # essential if any was
    assert direction.note == "in a crisis"
    assert ("merged", ("vision", "focus"), ("direction",)) in actions(result)
    assert result.merged[0].reason == f"combined by {rule} (importance: the highest; essential " \
        "if any was)"


@pytest.mark.parametrize(
    ("rule", "values"), [("mean", [3, 1]), ("max", [4, 2]), ("min", [3, 1]), ("first", [3, 1])]
)
def test_merged_ratings_combine_per_rater(rule: Any, values: list[int]) -> None:
    mapping = Mapping(
        old=OLD.ref, new=MERGED.ref,
        ids=(
            IdMapping(old="vision.1", new=("direction.1",), combine=rule),
            IdMapping(old="focus.1", new=("direction.1",)),
            IdMapping(old="vision.2", new=(), note="no counterpart"),
        ),
    )
    result = migrate(ASSESSMENT, MERGED, mapping, old=OLD)
    merged = [(r.rater, r.value, r.comment) for r in result.document.ratings
              if r.item == "direction.1"]
    # me: 3 and 4 (mean 3.5, a tie: down to 3); p1: 1 and 2 (mean 1.5: down to 1)
    assert merged == [("me", values[0], "clear\n\nsharp"), ("p1", values[1], None)]
    assert ("dropped", ("vision.2",), ()) in actions(result)
    assert result.dropped[0].reason == "the mapping drops 'vision.2' (no counterpart)"
    assert valid_against(result.document, MERGED)


def test_indicators_of_a_replaced_competency_need_a_decision() -> None:
    result = migrate(ASSESSMENT, MERGED, old=OLD)
    undecided = result.needs_decision
    assert [o.old for o in undecided] == [("vision.1",), ("vision.2",), ("focus.1",)]
    assert undecided[0].count == 2
    assert undecided[0].path == "$.ratings[0]"
    assert "its competency 'vision' goes to 'direction'" in undecided[0].reason
    assert not result.complete
    assert [r.item for r in result.document.ratings] == ["care.1", "coach"]
    assert valid_against(result.document, MERGED)


def test_a_removed_competency_is_dropped_never_silently() -> None:
    new = replacing("coach", with_=[])
    result = migrate(ROLE, new, old=OLD)
    assert [r.competency for r in result.document.requirements] == ["vision", "focus"]
    (dropped,) = result.dropped
    assert (dropped.old, dropped.reason, dropped.path) == (
        ("coach",), "'coach' was removed in team@2.0.0 and nothing replaces it",
        "$.requirements[2]",
    )
    with pytest.raises(InvalidDocument) as raised:
        migrate(ROLE, new, old=OLD, strict=True)
    assert [(p.code, p.path) for p in raised.value.problems] == [
        ("dropped", "$.requirements[2]")
    ]


def test_a_role_cannot_require_an_indicator() -> None:
    mapping = Mapping(old=OLD.ref, new="team@2.0.0", ids=(IdMapping(old="care", new=("care.1",)),))
    result = migrate(ROLE.__class__(
        id="r", title="R", framework=ROLE.framework,
        requirements=(Requirement(competency="care", level=2),),
    ), next_version(), mapping, old=OLD)
    (undecided,) = result.needs_decision
    assert "roles require competencies" in undecided.reason
    assert result.document.requirements == ()


# --- values ------------------------------------------------------------------------------------


RESCALED = next_version(
    competencies=tuple(
        attrs.evolve(c, scale=None) if c.id == "coach" else c for c in OLD.competencies
    )
)


def test_values_cross_a_scale_change_only_with_a_value_mapping() -> None:
    result = migrate(ASSESSMENT, RESCALED, old=OLD)
    (undecided,) = result.needs_decision
    assert undecided.old == ("coach",)
    assert undecided.reason == (
        "2 ('Two') on scale 'stars' has no unchanged level on scale 'likert' of 'coach': add a "
        "value mapping for scale 'stars' to 'likert'"
    )
    assert "coach" not in [r.item for r in result.document.ratings]
    mapping = Mapping(
        old=OLD.ref, new=RESCALED.ref,
        scales=(ScaleMapping(old="stars", new="likert", values=(
            ValueMapping(old=1, new=1), ValueMapping(old=2, new=2), ValueMapping(old=3, new=4),
        )),),
    )
    mapped = migrate(ASSESSMENT, RESCALED, mapping, old=OLD)
    assert ("me", "coach", 2) in ratings_of(mapped)
    assert mapped.complete
    role = migrate(ROLE, RESCALED, mapping, old=OLD)
    assert role.document.requirements[-1] == Requirement(competency="coach", level=4)


def test_a_value_mapping_that_leaves_a_value_out_needs_a_decision() -> None:
    mapping = Mapping(
        old=OLD.ref, new=RESCALED.ref,
        scales=(ScaleMapping(old="stars", new="likert", values=(ValueMapping(old=1, new=1),)),),
    )
    (undecided,) = migrate(ASSESSMENT, RESCALED, mapping, old=OLD).needs_decision
    assert undecided.reason == (
        "the mapping from scale 'stars' to 'likert' does not say what 2 becomes"
    )


def likert(*levels: tuple[int, str], **more: Any) -> Framework:
    scale = attrs.evolve(
        LIKERT, levels=tuple(Level(value=v, label=lb) for v, lb in levels), **more
    )
    return next_version(scales=(scale, STARS))


def test_a_removed_level_stops_only_its_own_values() -> None:
    new = likert((1, "Never"), (2, "Sometimes"), (3, "Often"))
    result = migrate(ASSESSMENT, new, old=OLD)
    (undecided,) = result.needs_decision
    assert (undecided.old, undecided.path) == (("focus.1",), "$.ratings[2]")
    assert ("me", "vision.1", 3) in ratings_of(result)
    assert ("p1", "focus.1", 2) in ratings_of(result)


def test_a_relabelled_level_carries_its_values() -> None:
    new = likert((1, "Never"), (2, "At times"), (3, "Often"), (4, "Always"))
    result = migrate(ASSESSMENT, new, old=OLD)
    assert result.complete
    assert ("me", "vision.2", 2) in ratings_of(result)


def test_re_valued_levels_need_a_mapping() -> None:
    new = likert((0, "Never"), (1, "Sometimes"), (2, "Often"), (3, "Always"))
    result = migrate(ASSESSMENT, new, old=OLD)
    assert {o.old for o in result.needs_decision} == {("vision.1",), ("vision.2",), ("focus.1",)}
    assert ("me", "care.1", None) in ratings_of(result)  # "not observed" still allowed


def test_not_observed_needs_a_decision_when_the_new_scale_forbids_it() -> None:
    new = likert(*((lv.value, lv.label) for lv in LIKERT.levels), not_observed=False)
    (undecided,) = migrate(ASSESSMENT, new, old=OLD).needs_decision
    assert undecided.old == ("care.1",)
    assert "does not allow 'not observed'" in undecided.reason


REKEYED = next_version(
    competencies=tuple(
        attrs.evolve(c, indicators=(c.indicators[0], attrs.evolve(c.indicators[1], reverse=False)))
        if c.id == "vision" else c
        for c in OLD.competencies
    )
)


def test_a_re_keyed_indicator_needs_a_decision() -> None:
    (undecided,) = migrate(ASSESSMENT, REKEYED, old=OLD).needs_decision
    assert undecided.old == ("vision.2",)
    assert "keyed the other way round" in undecided.reason


@pytest.mark.parametrize(("reflect", "value"), [(True, 3), (False, 2)])
def test_a_mapping_decides_whether_re_keyed_answers_are_reflected(
    reflect: bool, value: int
) -> None:
    mapping = Mapping(
        old=OLD.ref, new=REKEYED.ref,
        ids=(IdMapping(old="vision.2", new=("vision.2",), reflect=reflect),),
    )
    result = migrate(ASSESSMENT, REKEYED, mapping, old=OLD)
    assert result.complete
    assert ("me", "vision.2", value) in ratings_of(result)  # 1 + 4 - 2 = 3 when reflected


# --- refusals ----------------------------------------------------------------------------------


def codes(error: pytest.ExceptionInfo[InvalidDocument]) -> list[str]:
    return [p.code for p in error.value.problems]


def test_a_document_must_fit_its_old_framework() -> None:
    with pytest.raises(InvalidDocument) as raised:
        migrate(attrs.evolve(ASSESSMENT, framework="team@0.9.0"), next_version(), old=OLD)
    assert codes(raised) == ["framework-mismatch"]


def test_a_mapping_must_fit_both_versions() -> None:
    new = next_version()
    wrong_versions = Mapping(old="team@0.9.0", new="team@2.0.0")
    with pytest.raises(InvalidDocument) as raised:
        migrate(ASSESSMENT, new, wrong_versions, old=OLD)
    assert codes(raised) == ["framework-mismatch"]
    assert raised.value.problems[0].message.startswith("in the mapping: the mapping's 'old'")
    unknown = Mapping(
        old=OLD.ref, new=new.ref,
        ids=(IdMapping(old="nope", new=("vision",)), IdMapping(old="care", new=("gone",))),
        scales=(ScaleMapping(old="stars", new="likert", values=(ValueMapping(old=9, new=1),)),),
    )
    with pytest.raises(InvalidDocument) as raised:
        migrate(ASSESSMENT, new, unknown, old=OLD)
    assert codes(raised) == ["unknown-reference", "unknown-reference", "level-off-scale"]


def test_only_roles_and_assessments_migrate() -> None:
    with pytest.raises(TypeError, match="only assessments and role profiles"):
        migrate(OLD, OLD)  # type: ignore[call-overload]


def test_strict_mode_reports_every_drop_and_decision_as_a_problem() -> None:
    with pytest.raises(InvalidDocument) as raised:
        migrate(ASSESSMENT, MERGED, old=OLD, strict=True)
    assert codes(raised) == ["needs-decision"] * 3
    assert raised.value.problems[0].message.endswith("(2 ratings)")


# --- finding the old framework -----------------------------------------------------------------


def test_the_old_framework_is_found_among_the_built_ins() -> None:
    kotter1 = leadcomp.load_builtin("kotter@1.0.0")
    kotter2 = leadcomp.load_builtin("kotter@2.0.0")
    assessment = Assessment(
        subject="s", framework="kotter@1.0.0", raters=(Rater(id="r", group="self"),),
        ratings=(Rating(rater="r", item="kotter.vision", value=2),),
    )
    assert source_framework(assessment, kotter2, None) is kotter1
    role = RoleProfile(
        id="r", title="R", framework=FrameworkRef(id="kotter", versions="^1.0.0"),
        requirements=(Requirement(competency="kotter.vision", level=3),),
    )
    assert source_framework(role, kotter2, None) is kotter1
    migrated = migrate(role, kotter2)
    assert migrated.document.requirements == (
        Requirement(competency="kotter.strategic-vision", level=3),
    )
    with pytest.raises(InvalidDocument) as raised:
        migrate(ASSESSMENT, next_version())
    assert codes(raised) == ["unknown-framework"]
    assert "--from FILE" in raised.value.problems[0].message


# --- the built-in mapping ------------------------------------------------------------------------


def test_the_kotter_mapping_carries_every_1996_answer_or_says_why_not() -> None:
    kotter1 = leadcomp.load_builtin("kotter@1.0.0")
    kotter2 = leadcomp.load_builtin("kotter@2.0.0")
    mapping = builtin_mapping(kotter1.ref, kotter2.ref)
    assert mapping is not None
    assert mapping.id == "kotter-1.0.0-to-2.0.0"
    items = list(kotter1.indicator_index())
    assessment = Assessment(
        subject="s", framework=kotter1.ref,
        raters=(Rater(id="me", group="self"),),
        ratings=tuple(
            Rating(rater="me", item=item, value=1 + n % 4) for n, item in enumerate(items)
        ),
    )
    result = migrate(assessment, kotter2, mapping)
    assert result.needs_decision == ()
    assert [o.old for o in result.dropped] == [
        ("kotter.urgency.1",),
        ("kotter.urgency.2",),
        ("kotter.urgency.3",),
        ("kotter.guiding-coalition.1",),
        ("kotter.guiding-coalition.2",),
        ("kotter.guiding-coalition.3",),
        ("kotter.communicate-vision.1",),
        ("kotter.communicate-vision.2",),
        ("kotter.short-term-wins.2",),
        ("kotter.short-term-wins.3",),
        ("kotter.consolidate-gains.2",),
    ]
    assert [(o.old, o.new) for o in result.merged] == [
        (("kotter.vision.1", "kotter.vision.2"), ("kotter.strategic-vision.1",)),
        (("kotter.empower-action.2", "kotter.empower-action.3"), ("kotter.remove-barriers.3",)),
        (("kotter.anchor-in-culture.1", "kotter.anchor-in-culture.3"),
         ("kotter.institutionalise.2",)),
    ]
    values = {r.item: r.value for r in result.document.ratings}
    # empower-action.2 answered 2 is reflected to 3, empower-action.3 answered 3: mean 3
    assert values["kotter.remove-barriers.3"] == 3
    # vision.1 answered 3 and vision.2 answered 4: the mean 3.5 is a tie, down to 3
    assert values["kotter.strategic-vision.1"] == 3
    assert valid_against(result.document, kotter2)
    every_new_item = set(kotter2.indicator_index())
    assert set(values) <= every_new_item


#: Indicators of the steps that kept their id in kotter@2.0.0 whose meaning changed: old id ->
#: the id of the 2014 question that took its place (urgency around an opportunity, a broad
#: volunteer coalition, wins that feed the network are other questions than the 1996 ones).
KOTTER_MEANING_CHANGED = {
    "kotter.urgency.1": "kotter.urgency.4",
    "kotter.urgency.2": "kotter.urgency.5",
    "kotter.urgency.3": "kotter.urgency.6",
    "kotter.guiding-coalition.1": "kotter.guiding-coalition.4",
    "kotter.guiding-coalition.2": "kotter.guiding-coalition.5",
    "kotter.guiding-coalition.3": "kotter.guiding-coalition.6",
    "kotter.short-term-wins.2": "kotter.short-term-wins.4",
    "kotter.short-term-wins.3": "kotter.short-term-wins.5",
}


def test_kotter_indicators_whose_meaning_changed_have_new_ids() -> None:
    kotter1 = leadcomp.load_builtin("kotter@1.0.0")
    kotter2 = leadcomp.load_builtin("kotter@2.0.0")
    old_items, new_items = kotter1.indicator_index(), kotter2.indicator_index()
    for old_id, new_id in KOTTER_MEANING_CHANGED.items():
        assert old_id in old_items
        assert old_id not in new_items
        assert new_id in new_items
        assert new_id not in old_items
        assert old_items[old_id][0].id == new_items[new_id][0].id  # the same step
    # the diff can tell: the old question is removed and the new one added, not reworded
    changes = diff(kotter1, kotter2)
    found = {(c.kind, c.subject.rpartition("/")[2]) for c in changes.changes}
    for old_id, new_id in KOTTER_MEANING_CHANGED.items():
        assert ("indicator-removed", old_id) in found
        assert ("indicator-added", new_id) in found
    # the one shared indicator that is only reworded keeps its id and meaning
    assert [c.subject for c in changes.changes if c.kind == "indicator-reworded"] == [
        "competencies/kotter.short-term-wins/indicators/kotter.short-term-wins.1"
    ]
    assert changes.level == "major"
    assert changes.bump_ok
    # migrating: answers to the old questions are not carried onto the new ones
    answered = [*KOTTER_MEANING_CHANGED, "kotter.short-term-wins.1"]
    assessment = Assessment(
        subject="s",
        framework=kotter1.ref,
        raters=(Rater(id="me", group="self"),),
        ratings=tuple(Rating(rater="me", item=item, value=3) for item in answered),
    )
    with_mapping = migrate(assessment, kotter2, builtin_mapping(kotter1.ref, kotter2.ref))
    assert [o.old for o in with_mapping.dropped] == [(key,) for key in KOTTER_MEANING_CHANGED]
    assert all(o.new == () for o in with_mapping.dropped)
    assert all("meaning changed" in o.reason for o in with_mapping.dropped)
    assert [(o.old, o.new) for o in with_mapping.carried] == [
        (("kotter.short-term-wins.1",), ("kotter.short-term-wins.1",))
    ]
    assert [(r.item, r.value) for r in with_mapping.document.ratings] == [
        ("kotter.short-term-wins.1", 3)
    ]
    # without the mapping nothing guesses either: the old ids wait for a decision
    bare = migrate(assessment, kotter2)
    assert [o.old for o in bare.needs_decision] == [(key,) for key in KOTTER_MEANING_CHANGED]
    assert [r.item for r in bare.document.ratings] == ["kotter.short-term-wins.1"]
    with pytest.raises(InvalidDocument):
        migrate(assessment, kotter2, builtin_mapping(kotter1.ref, kotter2.ref), strict=True)


def test_the_kotter_mapping_file_is_canonical() -> None:
    mapping = builtin_mapping("kotter@1.0.0", "kotter@2.0.0")
    assert mapping is not None
    from importlib import resources

    text = (resources.files("leadcomp.builtin") / "mappings" / "kotter-1.0.0-to-2.0.0.json")
    assert leadcomp.dumps(mapping) == text.read_text(encoding="utf-8")
    assert builtin_mapping("kotter@2.0.0", "kotter@1.0.0") is None


# --- mapping documents -------------------------------------------------------------------------


FULL_MAPPING = Mapping(
    id="team-1-to-2",
    title="Team 1 to 2",
    old="team@1.0.0",
    new="team@2.0.0",
    combine="max",
    ids=(
        IdMapping(old="vision", new=("direction",), note="merged"),
        IdMapping(old="focus", new=("direction",), combine="max"),
        IdMapping(old="care.1", new=(), note="no counterpart"),
        IdMapping(old="vision.2", new=("direction.1",), reflect=True),
    ),
    scales=(ScaleMapping(old="stars", new="likert", values=(ValueMapping(old=3, new=4),)),),
    extensions={"by": "us"},
)


def test_mapping_documents_round_trip_and_follow_their_schema() -> None:
    text = leadcomp.dumps(FULL_MAPPING)
    assert leadcomp.validate(text.encode()) == []
    again = leadcomp.load(text.encode(), kind="mapping")  # type: ignore[call-overload]
    assert again == FULL_MAPPING
    assert leadcomp.dumps(again) == text
    assert '"kind": "mapping"' in text


def test_mapping_documents_are_checked() -> None:
    bad = attrs.evolve(
        FULL_MAPPING,
        new="team@1.0.0",
        ids=(
            *FULL_MAPPING.ids,
            IdMapping(old="vision", new=("x", "x")),
            IdMapping(old="coach", new=("direction",), combine="min"),
        ),
        scales=(
            ScaleMapping(old="stars", new="likert", values=(
                ValueMapping(old=1, new=1), ValueMapping(old=1, new=2),
            )),
            ScaleMapping(old="stars", new="likert", values=(ValueMapping(old=2, new=2),)),
        ),
    )
    found = [(p.code, p.path) for p in leadcomp.check(bad)]
    assert found == sorted(
        [
            ("same-framework", "$.new"),
            ("duplicate-id", "$.ids[4].old"),
            ("conflicting-combine", "$.ids[5].combine"),
            ("duplicate-value", "$.scales[0].values[1].old"),
            ("duplicate-id", "$.scales[1]"),
        ],
        key=lambda p: (p[1], p[0]),
    )


def test_a_mapping_needs_exact_versions() -> None:
    data = leadcomp.dumps(attrs.evolve(FULL_MAPPING)).replace("team@2.0.0", "team@^2")
    problems = leadcomp.validate(data.encode())
    assert [(p.code, p.path) for p in problems] == [("invalid-value", "$.new")]


# --- properties --------------------------------------------------------------------------------


@FAST
@given(st.data())
def test_a_minor_change_never_breaks_migration(data: st.DataObject) -> None:
    before = data.draw(S.frameworks())
    after = data.draw(V.grown(before))
    assert diff(before, after).level in (None, "minor")
    assessment = data.draw(S.assessments(before))
    result = migrate(assessment, after, old=before)
    assert result.complete
    assert result.document == attrs.evolve(assessment, framework=after.ref)
    assert valid_against(result.document, after)
    role = data.draw(S.roles(before))
    moved = migrate(role, after, old=before)
    assert moved.complete
    assert moved.document.requirements == role.requirements
    assert moved.document.framework == FrameworkRef(id=after.id, versions=f"^{after.version}")
    assert valid_against(moved.document, after)


@FAST
@given(st.data())
def test_a_complete_renaming_there_and_back_loses_nothing(data: st.DataObject) -> None:
    before = data.draw(S.frameworks())
    after, there, back = V.renamed(before)
    assert leadcomp.check(after) == []
    assessment = data.draw(S.assessments(before))
    forth = migrate(assessment, after, there, old=before, strict=True)
    assert valid_against(forth.document, after)
    home = migrate(forth.document, before, back, old=after, strict=True)
    assert home.document == assessment
    role = data.draw(S.roles(before))
    role_forth = migrate(role, after, there, old=before, strict=True)
    role_home = migrate(role_forth.document, before, back, old=after, strict=True)
    assert role_home.document == attrs.evolve(
        role, framework=FrameworkRef(id=before.id, versions=f"^{before.version}")
    )


@FAST
@given(st.data())
def test_any_migration_gives_a_valid_document_and_accounts_for_every_rating(
    data: st.DataObject,
) -> None:
    before = data.draw(S.frameworks())
    _, after, _, _ = data.draw(V.edited(before))
    assessment = data.draw(S.assessments(before))
    result = migrate(assessment, after, old=before)
    assert valid_against(result.document, after)
    accounted = sum(
        o.count for o in result.outcomes if o.action in ("carried", "dropped", "needs-decision")
    )
    split_or_merged = [o for o in result.outcomes if o.action in ("split", "merged")]
    if not split_or_merged:  # each rating is carried, dropped or left for a decision
        assert accounted == len(assessment.ratings)


def test_a_role_with_a_broken_range_says_so() -> None:
    role = attrs.evolve(ROLE, framework=FrameworkRef(id="team", versions="soon"))
    with pytest.raises(InvalidDocument) as raised:
        migrate(role, next_version())
    assert codes(raised) == ["invalid-version-range"]
