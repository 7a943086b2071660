"""Example tests for the model helpers: the tree of a framework, scales, rubrics, requirements,
ratings, and the frozen/hashable/evolve promises of the attrs classes."""

from __future__ import annotations

import copy
import datetime
import pickle

import attrs
import pytest

from leadcomp.model import (
    Assessment,
    Competency,
    Descriptor,
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

FIVE = Scale(
    id="five",
    title="Five-point",
    levels=tuple(Level(value=v, label=f"L{v}") for v in range(1, 6)),
    proficient=3,
)
AGREE = Scale(
    id="agree",
    levels=(
        Level(value=-2, label="Disagree", description="strongly"),
        Level(value=0, label="Neither"),
        Level(value=2, label="Agree"),
    ),
    not_observed=True,
    not_observed_label="No chance to observe",
)


def _framework() -> Framework:
    """Two roots, a grandchild, a competency on its own scale; listed out of tree order."""
    return Framework(
        id="fw",
        version="1.2.0",
        title="Framework",
        default_scale="five",
        scales=(FIVE, AGREE),
        competencies=(
            Competency(id="b", title="B", kind="domain"),
            Competency(
                id="a1",
                title="A1",
                kind="skill",
                parent="a",
                indicators=(
                    Indicator(id="a1.i1", text="does it"),
                    Indicator(id="a1.i2", text="avoids it", reverse=True, scale="agree"),
                ),
                descriptors=(
                    Descriptor(level=5, text="top"),
                    Descriptor(level=1, text="bottom"),
                ),
            ),
            Competency(id="a", title="A", kind="domain"),
            Competency(id="a1x", title="A1x", kind="behaviour", parent="a1", scale="agree"),
            Competency(
                id="b1",
                title="B1",
                kind="change_readiness",
                parent="b",
                indicators=(Indicator(id="b1.i1", text="ready"),),
                relations=(Relation(type="related", target="a1"),),
            ),
            Competency(id="a2", title="A2", kind="knowledge", parent="a"),
        ),
    )


@pytest.fixture
def framework() -> Framework:
    return _framework()


# --- Framework --------------------------------------------------------------------------------


def test_ref(framework: Framework) -> None:
    assert framework.ref == "fw@1.2.0"


def test_roots_in_document_order(framework: Framework) -> None:
    assert [c.id for c in framework.roots()] == ["b", "a"]
    assert framework.children(None) == framework.roots()


def test_children_in_document_order(framework: Framework) -> None:
    assert [c.id for c in framework.children("a")] == ["a1", "a2"]
    assert [c.id for c in framework.children("a1")] == ["a1x"]
    assert [c.id for c in framework.children("b")] == ["b1"]
    assert framework.children("a2") == ()
    assert framework.children("nope") == ()


def test_walk_is_depth_first_with_depths(framework: Framework) -> None:
    assert [(depth, c.id) for depth, c in framework.walk()] == [
        (0, "b"),
        (1, "b1"),
        (0, "a"),
        (1, "a1"),
        (2, "a1x"),
        (1, "a2"),
    ]


def test_walk_skips_competencies_unreachable_from_the_top() -> None:
    orphaned = Framework(
        id="f",
        version="1.0.0",
        title="F",
        scales=(FIVE,),
        default_scale="five",
        competencies=(
            Competency(id="root", title="R", kind="domain"),
            Competency(id="x", title="X", kind="skill", parent="y"),
            Competency(id="y", title="Y", kind="skill", parent="x"),
        ),
    )
    assert [c.id for _, c in orphaned.walk()] == ["root"]


def test_get_competency_and_contains(framework: Framework) -> None:
    a1 = framework.competency("a1")
    assert a1.title == "A1"
    assert framework.get("a1") is a1
    assert framework.get("missing") is None
    with pytest.raises(KeyError):
        framework.competency("missing")
    assert "a1" in framework
    assert "missing" not in framework
    assert "a1.i1" not in framework  # indicators are not competencies
    assert framework.get("a1.i1") is None
    assert 3 not in framework


def test_first_of_duplicate_ids_wins() -> None:
    twice = Framework(
        id="f",
        version="1.0.0",
        title="F",
        scales=(FIVE,),
        competencies=(
            Competency(id="x", title="first", kind="skill"),
            Competency(id="x", title="second", kind="skill"),
        ),
    )
    assert twice.competency("x").title == "first"


def test_scale_and_scale_of(framework: Framework) -> None:
    assert framework.scale("agree") is AGREE
    assert framework.scale("five") is FIVE
    assert framework.scale("missing") is None
    assert framework.scale_of(framework.competency("a1")) is FIVE  # the default
    assert framework.scale_of(framework.competency("a1x")) is AGREE  # its own
    no_default = attrs.evolve(framework, default_scale=None)
    assert no_default.scale_of(no_default.competency("a1")) is None
    assert no_default.scale_of(no_default.competency("a1x")) is AGREE
    dangling = attrs.evolve(framework, default_scale="gone")
    assert dangling.scale_of(dangling.competency("a1")) is None


def test_indicator_index(framework: Framework) -> None:
    index = framework.indicator_index()
    assert list(index) == ["a1.i1", "a1.i2", "b1.i1"]
    competency, indicator = index["a1.i2"]
    assert competency.id == "a1"
    assert indicator.reverse is True
    assert indicator.scale == "agree"
    assert index["b1.i1"][0] is framework.competency("b1")


def test_empty_framework() -> None:
    empty = Framework(id="e", version="0.1.0", title="E", scales=(FIVE,), competencies=())
    assert empty.roots() == ()
    assert list(empty.walk()) == []
    assert empty.indicator_index() == {}
    assert "x" not in empty


# --- Scale, Competency, RoleProfile, Rating ---------------------------------------------------


def test_scale_values_minimum_maximum() -> None:
    assert FIVE.values == (1, 2, 3, 4, 5)
    assert (FIVE.minimum, FIVE.maximum) == (1, 5)
    assert AGREE.values == (-2, 0, 2)
    assert (AGREE.minimum, AGREE.maximum) == (-2, 2)


def test_scale_level() -> None:
    level = AGREE.level(-2)
    assert level is not None
    assert (level.label, level.description) == ("Disagree", "strongly")
    assert AGREE.level(1) is None
    assert AGREE.level(3) is None
    assert FIVE.level(3) == Level(value=3, label="L3")


def test_scale_defaults() -> None:
    scale = Scale(id="s", levels=(Level(value=0, label="no"), Level(value=1, label="yes")))
    assert scale.proficient is None
    assert scale.not_observed is False
    assert scale.not_observed_label is None
    assert scale.title is None


def test_competency_descriptor(framework: Framework) -> None:
    a1 = framework.competency("a1")
    assert a1.descriptor(5) == "top"
    assert a1.descriptor(1) == "bottom"
    assert a1.descriptor(3) is None
    assert framework.competency("a").descriptor(1) is None


def test_competency_defaults() -> None:
    competency = Competency(id="c", title="C", kind="skill")
    assert competency.weight == 1.0
    assert competency.parent is None
    assert competency.tags == competency.replaces == ()
    assert competency.relations == competency.indicators == competency.descriptors == ()
    assert competency.extensions == {}


def test_role_requirement() -> None:
    role = RoleProfile(
        id="r",
        title="Role",
        framework=FrameworkRef(id="fw", versions="^1.0.0"),
        requirements=(
            Requirement(competency="a1", level=4, importance=2.5, essential=True),
            Requirement(competency="b1", level=2),
        ),
    )
    required = role.requirement("a1")
    assert required is not None
    assert (required.level, required.importance, required.essential) == (4, 2.5, True)
    other = role.requirement("b1")
    assert other is not None
    assert (other.importance, other.essential, other.note) == (1.0, False, None)
    assert role.requirement("zzz") is None


def test_rating_observed() -> None:
    assert Rating(rater="r", item="i", value=3).observed is True
    assert Rating(rater="r", item="i", value=0).observed is True  # zero is an answer
    assert Rating(rater="r", item="i", value=None).observed is False


# --- attrs behaviour ----------------------------------------------------------------------------


def _assessment() -> Assessment:
    return Assessment(
        subject="s1",
        framework="fw@1.2.0",
        date=datetime.date(2024, 5, 1),
        raters=(Rater(id="me", group="self"), Rater(id="boss", group="manager")),
        ratings=(Rating(rater="me", item="a1.i1", value=4, comment="ok"),),
        extensions={"source": {"survey": [1, 2]}},
    )


def _role() -> RoleProfile:
    return RoleProfile(
        id="r",
        title="R",
        provenance=Provenance(source="us", unofficial=True),
        framework=FrameworkRef(id="fw", versions=">=1.0.0"),
        requirements=(Requirement(competency="a", level=3),),
    )


MODELS = [
    _framework(),
    _assessment(),
    _role(),
    FIVE,
    Level(value=1, label="x"),
    Descriptor(level=1, text="t"),
    Indicator(id="i", text="t"),
    Relation(type="exact_match", target="t", framework="other@1.0.0"),
    Competency(id="c", title="C", kind="skill"),
    Provenance(source="s"),
    FrameworkRef(id="f", versions="1.0.0"),
    Requirement(competency="c", level=1),
    Rater(id="r", group="peer"),
    Rating(rater="r", item="i", value=None),
]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: type(m).__name__)
def test_models_are_frozen(model: object) -> None:
    name = attrs.fields(type(model))[0].name
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(model, name, getattr(model, name))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        delattr(model, name)
    assert not hasattr(model, "__dict__")  # slotted


@pytest.mark.parametrize("model", MODELS, ids=lambda m: type(m).__name__)
def test_models_are_hashable_and_compare_by_value(model: object) -> None:
    copy = attrs.evolve(model)  # type: ignore[misc]
    assert copy == model
    assert copy is not model
    assert hash(copy) == hash(model)
    assert len({model, copy}) == 1


def test_evolve_changes_one_field_and_leaves_the_original() -> None:
    framework = _framework()
    changed = attrs.evolve(framework, version="2.0.0")
    assert changed.version == "2.0.0"
    assert changed.ref == "fw@2.0.0"
    assert framework.version == "1.2.0"
    assert changed != framework
    assert changed.competencies is framework.competencies


def test_evolve_refreshes_cached_indexes() -> None:
    framework = _framework()
    assert "a1" in framework  # fills the cached index
    trimmed = attrs.evolve(
        framework, competencies=tuple(c for c in framework.competencies if c.id != "a1")
    )
    assert "a1" not in trimmed
    assert "a1.i1" not in trimmed.indicator_index()
    assert trimmed.children("a1") == (framework.competency("a1x"),)
    assert "a1" in framework


def test_extensions_count_for_equality_but_not_for_the_hash() -> None:
    assessment = _assessment()
    other = attrs.evolve(assessment, extensions={"different": True})
    assert other != assessment
    assert hash(other) == hash(assessment)  # dicts are unhashable; extensions sit outside


@pytest.mark.parametrize("model", MODELS, ids=lambda m: type(m).__name__)
def test_models_pickle_and_deepcopy(model: object) -> None:
    if isinstance(model, Framework):
        assert "a1" in model  # fill the cached indexes first
    for clone in (pickle.loads(pickle.dumps(model)), copy.deepcopy(model)):
        assert clone == model
        assert hash(clone) == hash(model)
    if isinstance(model, Framework):
        clone = pickle.loads(pickle.dumps(model))
        assert [c.id for c in clone.children("a")] == ["a1", "a2"]


def test_models_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        Level(1, "x")  # type: ignore[misc]


def test_kind_of_names_the_kind_of_every_document_model() -> None:
    """The converter tells a model's kind by its class (a subclass too) without importing the
    model classes; anything else has no kind."""
    import leadcomp
    from leadcomp.model._converter import MODEL_OF_KIND, is_framework, kind_of

    framework = leadcomp.load_builtin("hlm")
    role = leadcomp.load_builtin("pcn-clinical-director", kind="role")
    assert kind_of(framework) == "framework"
    assert is_framework(framework)
    assert kind_of(role) == "role"
    assert not is_framework(role)
    assert kind_of(leadcomp.DEFAULT_POLICY) == "policy"

    @attrs.frozen(kw_only=True)
    class Ward(Framework):
        """A subclass is still a framework."""

    ward = Ward(**{f.name: getattr(framework, f.name) for f in attrs.fields(Framework) if f.init})
    assert kind_of(ward) == "framework"
    assert is_framework(ward)
    for value in ({"kind": "framework"}, "framework", 3, object(), Framework):
        assert kind_of(value) is None
        assert not is_framework(value)
    assert sorted(MODEL_OF_KIND) == sorted(
        {"framework", "role", "assessment", "policy", "scoresheet", "mapping", "survey-mapping",
         "framework-mapping"}
    )
