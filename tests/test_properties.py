"""Properties of reading and writing documents: the promises of design.md, "Formats and versions".

Every generated document is valid (see strategies.py), so: it checks clean, it round-trips through
JSON and YAML, what is written is schema-valid and canonical (byte-stable), and loading from parsed
data is the same as loading from bytes.
"""

from __future__ import annotations

import datetime
import itertools
import json
import pathlib

import attrs
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import leadcomp
import strategies as S
from leadcomp.model import Assessment, Framework, RoleProfile, Scale
from leadcomp.model._converter import KIND_OF_MODEL
from leadcomp.validation._rules import check_model
from leadcomp.validation._schemas import validator
from profiles import scaled

FAST = settings(scaled(0.4), deadline=None, suppress_health_check=[HealthCheck.too_slow])

DOCUMENTS = S.documents_with_framework(max_competencies=4)


def _kind(model: object) -> str:
    return KIND_OF_MODEL[type(model)]


# --- the strategies themselves: they promise valid models, so hold them to it ---------------


@FAST
@given(S.scales())
def test_scales_have_strictly_increasing_values_and_distinct_labels(scale: Scale) -> None:
    values = scale.values
    assert len(values) >= 2
    assert all(a < b for a, b in itertools.pairwise(values))
    assert len({level.label for level in scale.levels}) == len(scale.levels)
    assert scale.proficient is None or scale.proficient in values


@FAST
@given(S.frameworks(max_competencies=3))
def test_frameworks_respect_max_competencies_and_rules(framework: Framework) -> None:
    assert len(framework.competencies) <= 3
    assert check_model(framework) == []
    assert framework.default_scale is not None
    # the tree is whole: every competency is reachable from the top exactly once
    walked = [c.id for _, c in framework.walk()]
    assert sorted(walked) == sorted(c.id for c in framework.competencies)


@FAST
@given(st.data())
def test_roles_and_assessments_fit_their_framework(data: st.DataObject) -> None:
    framework = data.draw(S.frameworks())
    role = data.draw(S.roles(framework))
    assessment = data.draw(S.assessments(framework))
    assert check_model(role, framework) == []
    assert check_model(assessment, framework) == []
    assert role.framework.id == framework.id
    assert assessment.framework == framework.ref
    assert sum(r.group == "self" for r in assessment.raters) <= 1
    pairs = [(r.rater, r.item) for r in assessment.ratings]
    assert len(pairs) == len(set(pairs))


# --- check ------------------------------------------------------------------------------------


@FAST
@given(DOCUMENTS)
def test_generated_models_check_clean(pair: tuple[object, Framework]) -> None:
    document, framework = pair
    assert leadcomp.check(document) == []
    if not isinstance(document, Framework):
        assert leadcomp.check(document, framework) == []


# --- round trips ------------------------------------------------------------------------------


@FAST
@given(DOCUMENTS)
def test_json_round_trip(pair: tuple[object, Framework]) -> None:
    document, _ = pair
    loaded = leadcomp.load(leadcomp.dumps(document).encode())
    assert type(loaded) is type(document)
    assert loaded == document
    assert hash(loaded) == hash(document)


@FAST
@given(DOCUMENTS)
def test_yaml_round_trip(pair: tuple[object, Framework]) -> None:
    document, _ = pair
    text = leadcomp.dumps(document, syntax="yaml")
    assert leadcomp.load(text.encode()) == document
    # and the YAML says the same as the JSON
    assert leadcomp.dumps(leadcomp.load(text.encode())) == leadcomp.dumps(document)


@FAST
@given(DOCUMENTS)
def test_loading_parsed_data_equals_loading_bytes(pair: tuple[object, Framework]) -> None:
    document, _ = pair
    text = leadcomp.dumps(document)
    from_bytes = leadcomp.load(text.encode())
    from_dict = leadcomp.load(json.loads(text))
    assert from_dict == from_bytes == document
    assert leadcomp.load(json.loads(text), kind=_kind(document)) == document
    # the model shares nothing with the caller's data: wrecking it afterwards changes nothing
    data = json.loads(text)
    loaded = leadcomp.load(data)
    _wreck(data)
    assert loaded == document


def _wreck(value: object) -> None:
    """Empty every list and object inside value, deepest first."""
    if isinstance(value, dict):
        for child in value.values():
            _wreck(child)
        value.clear()
    elif isinstance(value, list):
        for child in value:
            _wreck(child)
        value.clear()


@FAST
@given(DOCUMENTS)
def test_round_trip_against_the_framework(pair: tuple[object, Framework]) -> None:
    document, framework = pair
    text = leadcomp.dumps(document).encode()
    assert leadcomp.load(text, framework=framework) == document


# --- what is written --------------------------------------------------------------------------


@FAST
@given(DOCUMENTS)
def test_dumped_documents_validate_clean(pair: tuple[object, Framework]) -> None:
    document, framework = pair
    json_text = leadcomp.dumps(document).encode()
    yaml_text = leadcomp.dumps(document, syntax="yaml").encode()
    assert leadcomp.validate(json_text) == []
    assert leadcomp.validate(yaml_text) == []
    assert leadcomp.validate(json_text, kind=_kind(document)) == []
    if not isinstance(document, Framework):
        assert leadcomp.validate(json_text, framework=framework) == []
        assert leadcomp.validate(yaml_text, framework=framework) == []


@FAST
@given(DOCUMENTS)
def test_dumped_documents_are_schema_valid(pair: tuple[object, Framework]) -> None:
    document, _ = pair
    data = json.loads(leadcomp.dumps(document))
    kind = _kind(document)
    assert data["kind"] == kind
    errors = [error.message for error in validator(kind).iter_errors(data)]
    assert errors == []


@FAST
@given(DOCUMENTS)
def test_dumping_is_deterministic_and_canonical(pair: tuple[object, Framework]) -> None:
    document, _ = pair
    text = leadcomp.dumps(document)
    assert leadcomp.dumps(document) == text
    assert text.endswith("\n")
    again = leadcomp.dumps(leadcomp.load(text.encode()))
    assert again == text  # canonical files are byte-stable
    yaml_text = leadcomp.dumps(document, syntax="yaml")
    assert leadcomp.dumps(leadcomp.load(yaml_text.encode()), syntax="yaml") == yaml_text
    # an equal model built separately writes the same bytes
    assert leadcomp.dumps(attrs.evolve(document)) == text  # type: ignore[misc]


@FAST
@given(DOCUMENTS)
def test_dump_keeps_key_order_and_leaves_out_defaults(pair: tuple[object, Framework]) -> None:
    document, _ = pair
    data = json.loads(leadcomp.dumps(document))
    assert list(data)[:2] == ["kind", "format"]
    fields = [f.name for f in attrs.fields(type(document))]
    body = [key for key in data if key not in ("kind", "format")]
    assert body == [name for name in fields if name in body]
    for field in attrs.fields(type(document)):
        if field.default is not attrs.NOTHING and field.name in data:
            default = (
                field.default.factory()
                if isinstance(field.default, attrs.Factory)  # type: ignore[arg-type]
                else field.default
            )
            assert getattr(document, field.name) != default


@pytest.mark.parametrize(
    ("strategy", "model"),
    [
        (S.frameworks(max_competencies=2), Framework),
        (S.roles(), RoleProfile),
        (S.assessments(), Assessment),
    ],
    ids=["framework", "role", "assessment"],
)
def test_each_kind_round_trips(strategy: st.SearchStrategy[object], model: type) -> None:
    @settings(scaled(0.15), deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(strategy)
    def run(document: object) -> None:
        assert isinstance(document, model)
        text = leadcomp.dumps(document)
        assert leadcomp.load(text.encode(), kind=_kind(document)) == document  # type: ignore[call-overload]
        assert leadcomp.validate(text.encode()) == []

    run()


# --- edges the strategies stay away from (known bugs, see the reasons) --------------------------


def _minimal_framework(**changes: object) -> Framework:
    framework = Framework(
        id="f",
        version="1.0.0",
        title="T",
        default_scale="s",
        scales=(
            Scale(
                id="s",
                levels=(
                    leadcomp.Level(value=1, label="low"),
                    leadcomp.Level(value=2, label="high"),
                ),
            ),
        ),
        competencies=(leadcomp.Competency(id="c", title="C", kind="skill"),),
    )
    return attrs.evolve(framework, **changes)


@pytest.mark.parametrize(("field", "value"), [("id", "f\n"), ("version", "1.0.0\n")])
def test_a_trailing_newline_is_not_part_of_an_id_or_version(field: str, value: str) -> None:
    data = json.loads(leadcomp.dumps(_minimal_framework()))
    data[field] = value
    found = leadcomp.validate(json.dumps(data).encode())
    # the rules wait for a valid id and version (said once, as a warning)
    assert [p.code for p in found] == ["invalid-value", "checks-waiting"]


def test_text_that_cannot_be_written_as_utf8_is_a_problem(tmp_path: pathlib.Path) -> None:
    text = leadcomp.dumps(_minimal_framework()).replace('"title": "T"', '"title": "\\ud800"')
    with pytest.raises(leadcomp.InvalidDocument) as raised:
        leadcomp.load(text.encode())
    [found] = raised.value.problems
    assert (found.code, found.path) == ("invalid-unicode", "$.title")
    assert found.line is not None
    model = _minimal_framework(title="\ud800")
    assert [p.code for p in leadcomp.check(model)] == ["invalid-unicode"]
    with pytest.raises(leadcomp.InvalidDocument):
        leadcomp.dump(model, tmp_path / "out.json")
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize(
    "value", [{1, 2}, datetime.date(2024, 1, 1), b"bytes"], ids=["set", "date", "bytes"]
)
def test_non_json_extensions_are_problems(value: object) -> None:
    model = _minimal_framework(extensions={"x": value})
    assert leadcomp.check(model) != []
    with pytest.raises(leadcomp.InvalidDocument):
        leadcomp.dumps(model)


@pytest.mark.parametrize("extensions", [{1: "a"}, {"a": (1, 2)}], ids=["int-key", "tuple"])
def test_extensions_that_would_not_round_trip_are_problems(extensions: dict[str, object]) -> None:
    model = _minimal_framework(extensions=extensions)
    problems = leadcomp.check(model)
    if not problems:
        assert leadcomp.load(leadcomp.dumps(model).encode()) == model
    assert problems != []


@pytest.mark.parametrize("which", ["int-weight", "float-level", "int-importance"])
def test_numbers_are_written_in_their_declared_type(which: str) -> None:
    document: object
    if which == "int-weight":
        document = _minimal_framework(
            competencies=(leadcomp.Competency(id="c", title="C", kind="skill", weight=2),)
        )
    elif which == "float-level":
        document = _minimal_framework(
            scales=(
                Scale(
                    id="s",
                    levels=(
                        leadcomp.Level(value=1, label="low"),
                        leadcomp.Level(value=2.0, label="high"),  # type: ignore[arg-type]
                    ),
                ),
            )
        )
    else:
        document = RoleProfile(
            id="r",
            title="R",
            framework=leadcomp.FrameworkRef(id="f", versions="1.0.0"),
            requirements=(leadcomp.Requirement(competency="c", level=1, importance=3),),
        )
    text = leadcomp.dumps(document)  # type: ignore[arg-type]
    assert leadcomp.dumps(leadcomp.load(text.encode())) == text
