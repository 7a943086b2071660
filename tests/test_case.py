"""CASE import and export: every CASE file of the shared corpus, the official CASE 1.1 schema,
lossless round trips (Hypothesis), ordering, rubrics, indicators, and bad input as Problems.

Corpus files are read from ../shared/corpus; those tests skip when it is absent.
"""

from __future__ import annotations

import copy
import json
import re
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import leadcomp
import strategies as S
from leadcomp.formats import _case_spec as spec
from leadcomp.formats._case_read import DEVIATIONS
from leadcomp.formats.case import (
    DEFAULT_SCALE,
    NAMESPACE,
    dump_case,
    dumps_case,
    is_case,
    load_case,
    read_case,
    write_case,
)
from leadcomp.model import Competency, Framework, Indicator, Level, Relation, Scale
from leadcomp.problems import InvalidDocument, Problem
from profiles import scaled

SOME = settings(scaled(0.6), deadline=None, suppress_health_check=list(HealthCheck))
FEW = settings(scaled(0.25), deadline=None, suppress_health_check=list(HealthCheck))

OFFICIAL_SCHEMA = Path("1edtech-opencase/schema-official/case-v1p1-cfpackage-jsonschema.json")
CASE_JSON = Path("opensalt/case-json")
LEGACY = Path("opensalt/legacy-samples")
RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", re.IGNORECASE
)


# -- fixtures --------------------------------------------------------------------------------


@pytest.fixture
def corpus(shared_dir: Path) -> Path:
    """The corpus of real files from other projects."""
    path = shared_dir / "corpus"
    if not path.is_dir():
        pytest.skip("../shared/corpus is absent: the CASE corpus tests need it")
    return path


_VALIDATOR: list[Any] = []


def _official_validator() -> Any:
    """The official CASE 1.1 package schema (draft 2019-09), with nothing ever fetched."""
    if not _VALIDATOR:
        from jsonschema import Draft201909Validator
        from referencing import Registry

        root = Path(__file__).resolve().parents[2] / "shared" / "corpus"
        if not (root / OFFICIAL_SCHEMA).is_file():
            pytest.skip("../shared/corpus is absent: the official CASE 1.1 schema lives there")
        schema = json.loads((root / OFFICIAL_SCHEMA).read_text(encoding="utf-8"))
        Draft201909Validator.check_schema(schema)
        _VALIDATOR.append(
            Draft201909Validator(
                schema,
                format_checker=Draft201909Validator.FORMAT_CHECKER,
                registry=Registry(),  # no retrieval: a remote $ref would fail, not fetch
            )
        )
    return _VALIDATOR[0]


def assert_official(package: dict[str, Any]) -> None:
    """The package validates against the official CASE 1.1 schema, with formats checked (UUIDs
    by jsonschema, date-times here since that check needs an optional package)."""
    errors = sorted(_official_validator().iter_errors(package), key=lambda e: e.json_path)
    assert not errors, [f"{e.json_path}: {e.message}" for e in errors[:5]]
    for stamp in _values_of(package, "lastChangeDateTime"):
        assert RFC3339.fullmatch(stamp), stamp
    for identifier in _identifiers(package):
        assert str(uuid.UUID(identifier)) == identifier.lower()


def _values_of(value: Any, key: str) -> list[Any]:
    found: list[Any] = []
    if isinstance(value, dict):
        for k, v in value.items():
            if k == key:
                found.append(v)
            elif k != "extensions":
                found.extend(_values_of(v, key))
    elif isinstance(value, list):
        for v in value:
            found.extend(_values_of(v, key))
    return found


def _identifiers(package: dict[str, Any]) -> list[str]:
    objects = [package["CFDocument"], *package.get("CFItems", ())]
    objects += package.get("CFAssociations", ())
    return [o["identifier"] for o in objects]


# -- hand-made packages -----------------------------------------------------------------------

STAMP = "2024-01-31T09:00:00+00:00"


def U(n: int) -> str:
    """The n-th made-up UUID."""
    return f"{n:08x}-0000-4000-8000-000000000000"


def item(n: int, code: str | None, statement: str, **more: Any) -> dict[str, Any]:
    made: dict[str, Any] = {
        "identifier": U(n),
        "uri": f"https://case.example.org/uri/{U(n)}",
        "fullStatement": statement,
        "lastChangeDateTime": STAMP,
    }
    if code is not None:
        made["humanCodingScheme"] = code
    made.update(more)
    return made


def link(n: int, title: str = "x") -> dict[str, Any]:
    return {"title": title, "identifier": U(n), "uri": f"https://case.example.org/uri/{U(n)}"}


def association(
    n: int, kind: str, origin: int, destination: int, **more: Any
) -> dict[str, Any]:
    return {
        "identifier": U(n),
        "associationType": kind,
        "uri": f"https://case.example.org/uri/{U(n)}",
        "originNodeURI": link(origin),
        "destinationNodeURI": link(destination),
        "lastChangeDateTime": STAMP,
        **more,
    }


def package(
    items: list[dict[str, Any]], associations: list[dict[str, Any]], **more: Any
) -> dict[str, Any]:
    return {
        "CFDocument": {
            "identifier": U(0),
            "uri": f"https://case.example.org/uri/{U(0)}",
            "creator": "Tests",
            "title": "Hand-made framework",
            "lastChangeDateTime": STAMP,
            "version": "2.1",
        },
        "CFItems": items,
        "CFAssociations": associations,
        **more,
    }


def small() -> dict[str, Any]:
    """A domain (A) with a skill (A.1, carrying an indicator) and a second top item (B)."""
    return package(
        [
            item(1, "A", "Leading people", CFItemType="Domain"),
            item(2, "A.1", "Sets a clear direction for the team", CFItemType="Standard"),
            item(3, "A.1.i", "Explains the team's aims", CFItemType="Indicator"),
            item(4, "B", "Caring for people"),
        ],
        [
            association(11, "isChildOf", 1, 0, sequenceNumber=1),
            association(12, "isChildOf", 2, 1, sequenceNumber=1),
            association(13, "isChildOf", 3, 2, sequenceNumber=1),
            association(14, "isChildOf", 4, 0, sequenceNumber=2),
            association(15, "isPeerOf", 2, 4),
            association(16, "exactMatchOf", 2, 99),
        ],
    )


def rubric(criteria: list[dict[str, Any]], **more: Any) -> dict[str, Any]:
    return {
        "identifier": U(50),
        "uri": f"https://case.example.org/uri/{U(50)}",
        "title": "Proficiency",
        "lastChangeDateTime": STAMP,
        "CFRubricCriteria": criteria,
        **more,
    }


def criterion(n: int, target: int | None, levels: list[dict[str, Any]]) -> dict[str, Any]:
    made: dict[str, Any] = {
        "identifier": U(n),
        "uri": f"https://case.example.org/uri/{U(n)}",
        "lastChangeDateTime": STAMP,
        "CFRubricCriterionLevels": [
            {
                "identifier": U(n * 10 + number),
                "uri": f"https://case.example.org/uri/{U(n * 10 + number)}",
                "lastChangeDateTime": STAMP,
                "position": number,
                **level,
            }
            for number, level in enumerate(levels)
        ],
    }
    if target is not None:
        made["CFItemURI"] = link(target)
    return made


def read(data: Any, **options: Any) -> tuple[Framework, list[Problem]]:
    return read_case(json.dumps(data).encode("utf-8"), **options)


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


# -- the corpus -------------------------------------------------------------------------------

#: file -> (competencies, top-level, deepest level, warnings, kinds, relation types)
CORPUS: dict[str, tuple[int, int, int, int, dict[str, int], dict[str, int]]] = {
    "opensalt/case-json/AdoptedTestFramework.json": (1, 1, 0, 0, {"skill": 1}, {}),
    "opensalt/case-json/EmptyExternalFramework.json": (0, 0, -1, 0, {}, {}),
    "opensalt/case-json/ItemTypeTestFramework.json": (1, 1, 0, 0, {"skill": 1}, {}),
    "opensalt/case-json/MarkdownFramework.json": (2, 2, 0, 0, {"skill": 2}, {}),
    "opensalt/case-json/Ordering.json": (28, 1, 4, 3, {"skill": 28}, {}),
    "opensalt/case-json/SequenceNumberFramework.json": (2, 2, 0, 0, {"skill": 2}, {}),
    "opensalt/case-json/SmartLevelFramework.json": (14, 2, 1, 0, {"skill": 14}, {}),
    "opensalt/case-json/Utf8TestFramework.json": (1, 1, 0, 0, {"skill": 1}, {}),
    "opensalt/case-json/opensalt-framework-20c5134f-423d-4097-a971-3dd5152bf507.json": (
        16,
        2,
        2,
        9,
        {"domain": 2, "skill": 14},
        {"exact_match": 16, "precedes": 3, "related": 2},
    ),
    "opensalt/legacy-samples/math_cfs_sample.json": (
        703,
        17,
        4,
        14,
        {"domain": 180, "skill": 523},
        {},
    ),
    "opensalt/legacy-samples/test_framework_case.json": (65, 4, 5, 3, {"skill": 65}, {}),
}


def _all_competencies(framework: Framework) -> list[Competency]:
    return list(framework.competencies)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_file_imports_with_pinned_counts(corpus: Path, name: str) -> None:
    count, roots, deepest, warnings, kinds, relations = CORPUS[name]
    framework, problems = read_case(corpus / name)
    assert len(framework.competencies) == count
    assert len(framework.roots()) == roots
    assert max((depth for depth, _ in framework.walk()), default=-1) == deepest
    assert len(problems) == warnings, [str(p) for p in problems]
    assert all(not p.is_error and p.code.startswith("case-") for p in problems)
    assert all(p.file == str(corpus / name) and p.line is not None for p in problems)
    assert Counter(c.kind for c in framework.competencies) == kinds
    assert Counter(r.type for c in framework.competencies for r in c.relations) == relations
    assert leadcomp.check(framework) == []
    # the whole tree is reachable: nothing lost to a cycle or a dangling parent
    assert len(list(framework.walk())) == count


def test_every_corpus_case_file_is_covered(corpus: Path) -> None:
    found = {
        str(path.relative_to(corpus))
        for folder in (CASE_JSON, LEGACY)
        for path in (corpus / folder).glob("*.json")
    }
    assert found == set(CORPUS)


def test_the_best_real_sample_keeps_everything_it_cannot_map(corpus: Path) -> None:
    framework, _ = read_case(
        corpus / "opensalt/case-json/opensalt-framework-20c5134f-423d-4097-a971-3dd5152bf507.json"
    )
    case = framework.extensions["case"]
    assert [a["associationType"] for a in case["CFAssociations"]] == ["exemplar", "exemplar"]
    assert len(case["CFDefinitions"]["CFItemTypes"]) == 3
    assert case["CFDocument"]["CFPackageURI"].startswith("http://opensalt-staging")
    cluster = framework.competency("CCSS.Math.Content.6.RP.A")
    assert cluster.kind == "domain"
    assert cluster.extensions["case"]["CFItem"]["CFItemType"] == "Cluster"
    assert cluster.extensions["case"]["CFItem"]["educationalLevel"] == "06"
    outside = [r for c in framework.competencies for r in c.relations if r.framework]
    assert len(outside) == 19
    assert all(spec.is_uuid(r.target) for r in outside)
    assert all(r.framework.startswith("http://opensalt-staging") for r in outside)
    inside = [r for c in framework.competencies for r in c.relations if r.framework is None]
    assert {(r.type, r.target) for r in inside} == {
        ("precedes", "CCSS.Math.Content.6.RP.A.2"),
        ("precedes", "CCSS.Math.Content.7.RP.A.3"),
    }
    assert framework.provenance is not None
    assert framework.provenance.source == "Brandon Dorman"
    assert framework.provenance.unofficial is False


def test_astral_characters_survive(corpus: Path) -> None:
    framework, _ = read_case(corpus / CASE_JSON / "Utf8TestFramework.json")
    assert framework.title == "UTF8 \U0001d451 Test"
    assert framework.id == "utf8-d-test"  # NFKD folds the mathematical d to a plain d
    assert framework.competencies[0].title == "Item \U0001d451 1"
    back, _ = read_case(dumps_case(framework).encode("utf-8"))
    assert back == framework
    assert "\U0001d451" in dumps_case(framework)  # written as the character, not escaped


def test_an_empty_package_is_a_framework_with_the_default_scale(corpus: Path) -> None:
    framework, problems = read_case(corpus / CASE_JSON / "EmptyExternalFramework.json")
    assert problems == []
    assert framework.competencies == ()
    assert framework.scales == (DEFAULT_SCALE,)
    assert framework.default_scale == "case-default"
    assert framework.extensions["case"]["default_scale"].startswith("the CASE package has no")
    package = write_case(framework)
    assert "CFRubrics" not in package  # the added scale is not written back as a rubric
    assert read_case(json.dumps(package).encode())[0] == framework


def test_item_types_map_to_kinds_and_unmapped_types_are_kept(corpus: Path) -> None:
    framework, _ = read_case(corpus / LEGACY / "math_cfs_sample.json")
    kept = Counter(
        c.extensions["case"]["CFItem"].get("CFItemType", "(the kind's own label)")
        for c in framework.competencies
    )
    # "Domain" is the label of the kind domain, so nothing needs keeping; None: no type at all
    assert kept == {
        "Standard": 393, "Cluster": 147, "Component": 124, "(the kind's own label)": 33, None: 6,
    }
    assert sum(1 for c in framework.competencies if c.kind == "domain") == 33 + 147


# -- ordering ---------------------------------------------------------------------------------


def test_sequence_numbers_order_siblings(corpus: Path) -> None:
    framework, _ = read_case(corpus / CASE_JSON / "SequenceNumberFramework.json")
    assert [c.id for c in framework.competencies] == ["SNT.2", "SNT.1"]  # file order reversed


def test_siblings_without_sequence_numbers_follow_their_codes_naturally(corpus: Path) -> None:
    framework, _ = read_case(corpus / CASE_JSON / "Ordering.json")
    level = framework.children("H.A.MATH.GM.PF.2DFP.L1")
    assert [c.id.rsplit(".", 1)[1] for c in level] == [str(n) for n in range(1, 25)]
    walked = [c.id for _, c in framework.walk()]
    assert [c.id for c in framework.competencies] == walked  # stored in tree order
    assert walked[:4] == [
        "H.A.MATH.GM", "H.A.MATH.GM.PF", "H.A.MATH.GM.PF.2DFP", "H.A.MATH.GM.PF.2DFP.L1",
    ]


def test_integer_sequence_numbers_win_over_codes(corpus: Path) -> None:
    data = json.loads((corpus / LEGACY / "test_framework_case.json").read_text("utf-8"))
    framework, _ = read(data)
    sequence = {
        a["originNodeURI"]["identifier"]: a["sequenceNumber"] for a in data["CFAssociations"]
    }
    by_id = {i["humanCodingScheme"]: i["identifier"] for i in data["CFItems"]}
    for parent in [None, *(c.id for c in framework.competencies)]:
        numbers = [sequence[by_id[c.id]] for c in framework.children(parent)]
        assert numbers == sorted(numbers)


def test_fallback_order_is_stable_codes_first_then_file_order() -> None:
    items = [item(n, code, f"Item {n}") for n, code in enumerate(["b10", None, "b2", "a"], 1)]
    data = package(items, [association(20 + n, "isChildOf", n, 0) for n in range(1, 5)])
    framework, _ = read(data)
    assert [c.id for c in framework.competencies] == ["a", "b2", "b10", U(2)]
    shuffled = copy.deepcopy(data)
    shuffled["CFAssociations"].reverse()
    assert [c.id for c in read(shuffled)[0].competencies] == ["a", "b2", "b10", U(2)]


def test_a_string_sequence_number_is_read_with_a_warning() -> None:
    data = small()
    data["CFAssociations"][0]["sequenceNumber"] = "2"
    data["CFAssociations"][3]["sequenceNumber"] = "1"
    framework, problems = read(data)
    assert [c.id for c in framework.roots()] == ["B", "A"]
    assert codes(problems) == ["case-deviation"]
    assert problems[0].path == "$.CFAssociations[0].sequenceNumber"
    assert "(1 more like it)" in problems[0].message


# -- strict mode ----------------------------------------------------------------------------


def test_strict_mode_turns_deviations_into_errors(corpus: Path) -> None:
    with pytest.raises(InvalidDocument) as caught:
        read_case(corpus / CASE_JSON / "Ordering.json", strict=True)
    errors = caught.value.errors
    assert {p.code for p in errors} == {"case-deviation"}
    assert {p.path for p in errors} == {
        "$.CFDocument.CFPackageURI",
        "$.CFItems[0].CFDocumentURI",
        "$.CFAssociations[0].CFDocumentURI",
    }
    assert all("strict mode" in p.message and "kept in" not in p.message for p in errors)
    framework, problems = read_case(
        corpus / CASE_JSON / "SequenceNumberFramework.json", strict=True
    )
    assert problems == []
    assert len(framework.competencies) == 2


def test_strict_mode_keeps_leadcomp_limitations_as_warnings() -> None:
    data = small()
    data["CFDocument"]["version"] = "Spring 2024"
    data["CFAssociations"].append(association(17, "isChildOf", 4, 1))  # a second parent
    framework, problems = read(data, strict=True)
    assert sorted(codes(problems)) == ["case-polyhierarchy", "case-version"]
    assert framework.version == "1.0.0"
    assert framework.extensions["case"]["CFDocument"]["version"] == "Spring 2024"


# -- export -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_exports_are_official_case_and_stable(corpus: Path, name: str) -> None:
    framework, _ = read_case(corpus / name)
    text = dumps_case(framework)
    assert_official(json.loads(text))
    back, problems = read_case(text.encode("utf-8"))
    assert problems == []
    assert back == framework
    assert dumps_case(back) == text


VALID_11 = [
    "AdoptedTestFramework.json", "EmptyExternalFramework.json", "ItemTypeTestFramework.json",
    "MarkdownFramework.json", "SequenceNumberFramework.json", "SmartLevelFramework.json",
    "Utf8TestFramework.json",
]


@pytest.mark.parametrize("name", VALID_11)
def test_valid_case_comes_back_out_as_it_went_in(corpus: Path, name: str) -> None:
    """CASE -> leadcomp -> CASE keeps every object of a valid package: only sequence numbers
    are renumbered 1..n, and the document gains caseVersion 1.1 and a version."""
    original = json.loads((corpus / CASE_JSON / name).read_text("utf-8"))
    exported = write_case(read_case(corpus / CASE_JSON / name)[0])

    def plain(obj: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in obj.items() if k not in ("extensions", "sequenceNumber")}

    def by_identifier(objects: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        return {o["identifier"]: plain(o) for o in objects}

    assert by_identifier(exported["CFItems"]) == by_identifier(original["CFItems"])
    assert by_identifier(exported["CFAssociations"]) == by_identifier(original["CFAssociations"])
    document = plain(exported["CFDocument"])
    assert document.pop("caseVersion") == "1.1"
    assert document.pop("version") == "1.0.0"
    assert document == original["CFDocument"]
    assert exported["CFDefinitions"] == original["CFDefinitions"]


def test_identifiers_are_uuid5_of_the_framework_and_competency_ids() -> None:
    framework = _framework()
    package = write_case(framework)
    assert package["CFDocument"]["identifier"] == str(uuid.uuid5(NAMESPACE, "tl@1.2.0"))
    codes_to_ids = {i["humanCodingScheme"]: i["identifier"] for i in package["CFItems"]}
    assert codes_to_ids["vision"] == str(uuid.uuid5(NAMESPACE, "tl@1.2.0/vision"))
    assert codes_to_ids["vision.1"] == str(uuid.uuid5(NAMESPACE, "tl@1.2.0/vision.1"))
    assert set(_values_of(package, "lastChangeDateTime")) == {spec.EPOCH}
    assert_official(package)


def test_export_carries_natively_what_case_can_say() -> None:
    package = write_case(_framework())
    items = {i["humanCodingScheme"]: i for i in package["CFItems"]}
    assert items["vision"]["CFItemType"] == "Domain"
    assert items["vision.share"]["fullStatement"] == "Shares a vision people can act on"
    assert items["vision.share"]["abbreviatedStatement"] == "Sharing the vision"
    assert items["vision.1"]["CFItemType"] == "Indicator"
    assert items["vision.2"]["extensions"]["leadcomp"] == {"reverse": True}
    kinds = Counter(a["associationType"] for a in package["CFAssociations"])
    assert kinds == {"isChildOf": 5, "isRelatedTo": 1, "exactMatchOf": 1}
    (scale_rubric,) = package["CFRubrics"]
    assert [level["quality"] for level in scale_rubric["CFRubricCriteria"][0][
        "CFRubricCriterionLevels"]] == ["Rarely", "Sometimes", "Often", "Always"]
    feedback = scale_rubric["CFRubricCriteria"][1]
    assert feedback["CFItemURI"]["identifier"] == items["vision.share"]["identifier"]
    assert [lv["feedback"] for lv in feedback["CFRubricCriterionLevels"]] == ["Repeats the aims"]


def _framework() -> Framework:
    scale = Scale(
        id="freq",
        title="How often",
        levels=tuple(
            Level(value=v, label=label)
            for v, label in enumerate(["Rarely", "Sometimes", "Often", "Always"], 1)
        ),
        proficient=3,
    )
    from leadcomp.model import Descriptor

    return Framework(
        id="tl",
        version="1.2.0",
        title="Team leadership",
        default_scale="freq",
        scales=(scale,),
        competencies=(
            Competency(id="vision", title="Vision", kind="domain"),
            Competency(
                id="vision.share",
                title="Sharing the vision",
                kind="behaviour",
                parent="vision",
                description="Shares a vision people can act on",
                weight=2.0,
                indicators=(
                    Indicator(id="vision.1", text="Explains the team's aims"),
                    Indicator(id="vision.2", text="Leaves people unsure of aims", reverse=True),
                ),
                descriptors=(Descriptor(level=1, text="Repeats the aims"),),
                relations=(
                    Relation(type="related", target="care"),
                    Relation(type="exact_match", target="LEAD.1", framework="nhs-llm@1.0.0"),
                ),
            ),
            Competency(id="care", title="Care", kind="behaviour"),
        ),
    )


def test_indicators_and_leadcomp_only_fields_round_trip() -> None:
    framework = _framework()
    text = dumps_case(framework)
    back, problems = read_case(text.encode("utf-8"))
    assert problems == []
    assert back == framework
    assert back.competency("vision.share").indicators[1].reverse is True
    assert back.competency("vision.share").weight == 2.0


def test_a_framework_that_breaks_its_rules_is_not_written(tmp_path: Path) -> None:
    broken = attrs.evolve(
        _framework(),
        competencies=(Competency(id="a", title="A", kind="skill", parent="missing"),),
    )
    with pytest.raises(InvalidDocument) as caught:
        write_case(broken)
    assert caught.value.errors[0].code == "unknown-reference"
    with pytest.raises(InvalidDocument):
        dump_case(broken, tmp_path / "x.case.json")
    assert not (tmp_path / "x.case.json").exists()


# -- round trips (Hypothesis) ------------------------------------------------------------------


@SOME
@given(S.frameworks(max_competencies=6))
def test_round_trip_is_lossless_valid_and_byte_stable(framework: Framework) -> None:
    text = dumps_case(framework)
    package = json.loads(text)
    assert_official(package)
    back, problems = read_case(text.encode("utf-8"))
    assert problems == []
    assert back == framework
    assert dumps_case(back) == text
    assert write_case(framework) == package


_VALUES = st.one_of(
    S.json_values(2),
    st.uuids().map(str),
    st.just(STAMP),
    st.just(None),
    st.sampled_from(["Standard", "Indicator", "isPeerOf", "1.1", ""]),
    st.builds(lambda n: link(n), st.integers(0, 5)),
    st.just({"leadcomp": {"title": 5}}),
)
_KEYS = st.sampled_from(
    [
        "identifier", "uri", "lastChangeDateTime", "humanCodingScheme", "fullStatement",
        "abbreviatedStatement", "CFItemType", "notes", "language", "extensions",
        "CFItemTypeURI", "educationLevel", "sequenceNumber", "originNodeURI",
        "associationType", "title", "version", "creator", "caseVersion", "licenseURI", "bogus",
    ]
)
_PARTS = st.dictionaries(_KEYS, _VALUES, max_size=4)


@st.composite
def frameworks_with_case_leftovers(draw: st.DrawFn) -> Framework:
    """Frameworks whose extensions["case"] hold what an import might have left, and worse."""
    framework = draw(S.frameworks(max_competencies=4))
    part = st.fixed_dictionaries(
        {},
        optional={
            "CFItem": _PARTS,
            "isChildOf": _PARTS,
            "CFAssociations": st.lists(_PARTS, max_size=2),
            "other": S.json_values(1),
        },
    )
    whole = st.fixed_dictionaries(
        {},
        optional={
            "CFDocument": _PARTS,
            "CFDefinitions": st.one_of(S.json_values(1), st.just({"CFItemTypes": []})),
            "CFAssociations": st.lists(st.one_of(_PARTS, S.json_values(1)), max_size=2),
            "CFRubrics": st.lists(S.json_values(1), max_size=2),
            "CFPackage": st.one_of(S.json_values(1), st.just({"extensions": {"a": 1}})),
            "default_scale": st.sampled_from([spec.DEFAULT_SCALE_NOTE, "x"]),
        },
    )
    competencies = []
    for competency in framework.competencies:
        extensions = dict(competency.extensions)
        if draw(st.booleans()):
            extensions["case"] = draw(st.one_of(part, S.json_values(1)))
        indicators = tuple(
            attrs.evolve(i, extensions={**i.extensions, "case": draw(part)})
            if draw(st.booleans())
            else i
            for i in competency.indicators
        )
        competencies.append(
            attrs.evolve(competency, extensions=extensions, indicators=indicators)
        )
    extensions = dict(framework.extensions)
    if draw(st.booleans()):
        extensions["case"] = draw(st.one_of(whole, S.json_values(1)))
    return attrs.evolve(framework, competencies=tuple(competencies), extensions=extensions)


@FEW
@given(frameworks_with_case_leftovers())
def test_round_trip_holds_whatever_extensions_case_holds(framework: Framework) -> None:
    text = dumps_case(framework)
    assert_official(json.loads(text))
    back, _ = read_case(text.encode("utf-8"))
    assert back == framework
    assert dumps_case(back) == text


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_case_to_leadcomp_json_to_case_is_stable(corpus: Path, name: str) -> None:
    framework, _ = read_case(corpus / name)
    native = leadcomp.dumps(framework)
    again = leadcomp.load(native.encode("utf-8"))
    assert again == framework
    assert dumps_case(again) == dumps_case(framework)


# -- rubrics, indicators, relations ------------------------------------------------------------


def _with_rubric() -> dict[str, Any]:
    data = small()
    data["CFRubrics"] = [
        rubric(
            [
                criterion(
                    6,
                    2,
                    [
                        {"quality": "Beginning", "score": 1, "feedback": "Needs help"},
                        {"quality": "Secure", "score": 2.0, "feedback": "Works alone"},
                        {"quality": "Expert", "score": 3, "description": "Teaches others"},
                    ],
                )
            ]
        )
    ]
    return data


def test_rubrics_become_a_scale_and_descriptors() -> None:
    framework, problems = read(_with_rubric())
    assert problems == []
    (scale,) = framework.scales
    assert (scale.id, scale.title) == ("proficiency", "Proficiency")
    assert [(lv.value, lv.label) for lv in scale.levels] == [
        (1, "Beginning"), (2, "Secure"), (3, "Expert"),
    ]
    skill = framework.competency("A.1")
    assert [(d.level, d.text) for d in skill.descriptors] == [
        (1, "Needs help"), (2, "Works alone"), (3, "Teaches others"),
    ]
    assert skill.scale is None
    assert framework.default_scale == "proficiency"
    assert "default_scale" not in framework.extensions["case"]
    assert leadcomp.check(framework) == []


def test_an_unchanged_rubric_is_written_back_verbatim() -> None:
    data = _with_rubric()
    framework, _ = read(data)
    exported = write_case(framework)
    assert_official(exported)
    assert exported["CFRubrics"] == data["CFRubrics"]
    assert read_case(json.dumps(exported).encode())[0] == framework


def test_a_changed_rubric_is_written_afresh() -> None:
    framework, _ = read(_with_rubric())
    skill = framework.competency("A.1")
    changed = attrs.evolve(
        framework,
        competencies=tuple(
            attrs.evolve(c, descriptors=c.descriptors[:1]) if c.id == "A.1" else c
            for c in framework.competencies
        ),
    )
    assert skill.descriptors != changed.competency("A.1").descriptors
    exported = write_case(changed)
    assert_official(exported)
    written = exported["CFRubrics"][0]
    assert written["identifier"] != U(50)
    levels = written["CFRubricCriteria"][1]["CFRubricCriterionLevels"]
    assert [lv["feedback"] for lv in levels] == ["Needs help"]
    assert read_case(json.dumps(exported).encode())[0] == changed


def test_rubric_levels_without_whole_scores_use_positions_or_stay_aside() -> None:
    data = _with_rubric()
    levels = data["CFRubrics"][0]["CFRubricCriteria"][0]["CFRubricCriterionLevels"]
    levels[1]["score"] = 1.5
    framework, problems = read(data)
    assert [lv.value for lv in framework.scales[0].levels] == [0, 1, 2]  # positions
    assert problems == []
    for level in levels:
        del level["position"]
    framework, problems = read(data)
    assert framework.scales == (DEFAULT_SCALE,)
    assert codes(problems) == ["case-rubric"]
    assert framework.extensions["case"]["CFRubrics"] == data["CFRubrics"]


def test_indicator_items_under_a_competency_become_its_indicators() -> None:
    framework, _ = read(small())
    skill = framework.competency("A.1")
    assert [i.id for i in skill.indicators] == ["A.1.i"]
    assert skill.indicators[0].text == "Explains the team's aims"
    assert "A.1.i" not in framework  # not a competency


def test_relations_keep_peer_links_and_outside_targets() -> None:
    framework, _ = read(small())
    skill = framework.competency("A.1")
    assert skill.relations == (
        Relation(type="related", target="B"),
        Relation(
            type="exact_match", target=U(99), framework=f"https://case.example.org/uri/{U(99)}"
        ),
    )
    kept = skill.extensions["case"]["CFAssociations"]
    assert kept[0]["associationType"] == "isPeerOf"
    exported = write_case(framework)
    types = {a["identifier"]: a["associationType"] for a in exported["CFAssociations"]}
    assert (types[U(15)], types[U(16)]) == ("isPeerOf", "exactMatchOf")


def test_version_text_becomes_semver_and_is_kept() -> None:
    framework, problems = read(small())
    assert framework.version == "2.1.0"
    assert problems == []
    assert framework.extensions["case"]["CFDocument"]["version"] == "2.1"
    assert write_case(framework)["CFDocument"]["version"] == "2.1"
    bumped = attrs.evolve(framework, version="2.2.0")
    assert write_case(bumped)["CFDocument"]["version"] == "2.2.0"
    assert read_case(dumps_case(bumped).encode())[0] == bumped


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.0.0", ("1.0.0", True)), ("2", ("2.0.0", False)), ("v1.2", ("1.2.0", False)),
     ("1.0.0-rc.1", ("1.0.0-rc.1", True)), ("Spring 2024", ("1.0.0", None)), ("", ("1.0.0", None))],
)
def test_version_of(text: str, expected: tuple[str, bool | None]) -> None:
    assert spec.version_of(text) == expected


def test_slugs_and_natural_keys() -> None:
    assert spec.slug("Team Leadership — NHS (2024)") == "team-leadership-nhs-2024"
    assert spec.slug("𝕏") == "x"
    assert spec.slug("中文") == ""
    assert spec.id_slug("http://purl.org/ASN/resources/S1") == "purl.org-ASN-resources-S1"
    assert sorted(["L1.10", "L1.2", "l1.1"], key=spec.natural_key) == ["l1.1", "L1.2", "L1.10"]
    assert spec.shorten("a  b\nc") == "a b c"
    assert spec.shorten("word " * 40).endswith("…")
    assert len(spec.shorten("word " * 40)) <= 100


def test_ids_come_from_codes_else_identifiers() -> None:
    items = [
        item(1, "dup", "One"),
        item(2, "dup", "Two"),
        item(3, "has space", "Three"),
        {**item(4, None, "Four"), "identifier": "http://example.org/s/4"},
    ]
    framework, problems = read(package(items, []))
    assert [c.id for c in framework.competencies] == [U(1), U(2), U(3), "example.org-s-4"]
    assert codes(problems) == ["case-deviation"]  # the web address as an identifier


# -- the API ----------------------------------------------------------------------------------


def test_load_and_validate_read_case_packages(tmp_path: Path) -> None:
    path = tmp_path / "small.json"
    path.write_text(json.dumps(small()), encoding="utf-8")
    framework = leadcomp.load(path)
    assert isinstance(framework, Framework)
    assert len(framework.competencies) == 3
    assert leadcomp.load(path, kind="framework") == framework
    assert leadcomp.load_case(path) == framework == load_case(path)
    assert leadcomp.validate(path) == []
    with pytest.raises(InvalidDocument) as caught:
        leadcomp.load(path, kind="role")
    assert caught.value.errors[0].code == "wrong-kind"
    from leadcomp.formats._dispatch import inspect

    assert inspect(path)[0] == "framework"


def test_reading_a_mapping_leaves_it_untouched() -> None:
    data = small()
    before = copy.deepcopy(data)
    framework, _ = read_case(data)
    assert data == before
    framework.competencies[0].extensions["case"]["CFItem"]["identifier"] = "changed"
    assert data == before


def test_dump_case_writes_atomically_and_never_overwrites_by_default(tmp_path: Path) -> None:
    framework = _framework()
    target = tmp_path / "tl.case.json"
    text = dump_case(framework, target)
    assert target.read_text(encoding="utf-8") == text == leadcomp.dumps_case(framework)
    with pytest.raises(InvalidDocument) as caught:
        dump_case(framework, target)
    assert caught.value.errors[0].code == "file-exists"
    dump_case(framework, target, overwrite=True)
    assert [p.name for p in tmp_path.iterdir()] == ["tl.case.json"]  # no temporary left


def test_is_case() -> None:
    assert is_case(small())
    assert is_case({"CFItems": []})
    assert not is_case({"kind": "framework", "CFDocument": {}})
    assert not is_case([small()])


# -- bad input --------------------------------------------------------------------------------


def _nested(depth: int) -> Any:
    value: Any = 0
    for _ in range(depth):
        value = [value]
    return value


def _case(change: Any) -> dict[str, Any]:
    data = small()
    change(data)
    return data


BROKEN: list[tuple[str, Any, str, str]] = [
    ("not an object", [1, 2], "case-not-a-package", "$"),
    ("no document", {"CFItems": []}, "case-no-document", "$"),
    ("document not an object", {"CFDocument": "x"}, "case-no-document", "$.CFDocument"),
    ("items not a list", _case(lambda d: d.update(CFItems={"a": 1})), "case-invalid",
     "$.CFItems"),
    ("associations not a list", _case(lambda d: d.update(CFAssociations="x")), "case-invalid",
     "$.CFAssociations"),
    ("isChildOf cycle", _case(lambda d: d["CFAssociations"][0].update(
        destinationNodeURI=link(2))), "case-cycle", "$.CFAssociations[0]"),
    ("own parent", _case(lambda d: d["CFAssociations"][3].update(destinationNodeURI=link(4))),
     "case-cycle", "$.CFAssociations[3]"),
    ("deep extension", _case(lambda d: d["CFItems"][0].update(extensions={"x": _nested(70)})),
     "too-deep", "$.CFItems[0].extensions"),
    ("deep document", _case(lambda d: d["CFDocument"].update(notes=_nested(70))), "too-deep",
     "$.CFDocument"),
    ("deep association", _case(lambda d: d["CFAssociations"][0].update(notes=_nested(70))),
     "too-deep", "$.CFAssociations[0].notes"),
]


@pytest.mark.parametrize(
    ("data", "code", "path"), [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN]
)
def test_broken_packages_are_refused_with_a_clear_problem(data: Any, code: str, path: str) -> None:
    with pytest.raises(InvalidDocument) as caught:
        read(data)
    assert (caught.value.errors[0].code, caught.value.errors[0].path) == (code, path)
    assert caught.value.errors[0].line is not None or path == "$"
    if is_case(data):  # leadcomp.validate reads it as CASE too (a list is no CASE package)
        assert leadcomp.validate(json.dumps(data).encode())[0].code == code


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"", "empty"),
        (b"{not json", "invalid-json"),
        (b'{"CFDocument": {}, "CFDocument": {}}', "duplicate-key"),
        (b'{"CFDocument": {"title": NaN}}', "non-finite-number"),
        (b"[" * 100_000 + b"]" * 100_000, "too-deep"),
        (b"\xff\xfe{}", "invalid-utf8"),
    ],
)
def test_unreadable_bytes_are_problems(raw: bytes, code: str) -> None:
    with pytest.raises(InvalidDocument) as caught:
        read_case(raw)
    assert caught.value.errors[0].code == code


def test_a_size_limit_holds() -> None:
    with pytest.raises(InvalidDocument) as caught:
        read_case(json.dumps(small()).encode(), limits=leadcomp.Limits(max_bytes=100))
    assert caught.value.errors[0].code == "too-large"


WARNED: list[tuple[str, Any, str, str]] = [
    ("dangling origin", _case(lambda d: d["CFAssociations"].append(
        association(30, "isRelatedTo", 77, 1))), "case-dangling-association",
     "$.CFAssociations[6].originNodeURI"),
    ("dangling parent", _case(lambda d: d["CFAssociations"][3].update(
        destinationNodeURI=link(77))), "case-dangling-association",
     "$.CFAssociations[3].destinationNodeURI"),
    ("duplicate identifier", _case(lambda d: d["CFItems"].append(item(4, "B2", "Again"))),
     "case-duplicate-identifier", "$.CFItems[4].identifier"),
    ("an item not an object", _case(lambda d: d["CFItems"].append("x")),
     "case-unreadable-item", "$.CFItems[4]"),
    ("item without identifier", _case(lambda d: d["CFItems"].append(
        {k: v for k, v in item(9, "Z9", "Lost").items() if k != "identifier"})),
     "case-missing-identifier", "$.CFItems[4]"),
    ("item with an empty identifier", _case(lambda d: d["CFItems"].append(
        {**item(9, "Z9", "Lost"), "identifier": ""})),
     "case-missing-identifier", "$.CFItems[4]"),
    ("unknown association type", _case(lambda d: d["CFAssociations"].append(
        association(31, "isFriendOf", 1, 2))), "case-deviation",
     "$.CFAssociations[6].associationType"),
    ("association without ends", _case(lambda d: d["CFAssociations"][4].pop("originNodeURI")),
     "case-deviation", "$.CFAssociations[4]"),
    ("legacy key", _case(lambda d: d["CFItems"][0].update(educationalLevel="06")),
     "case-deviation", "$.CFItems[0].educationalLevel"),
    ("identifier as web address", _case(lambda d: d["CFDocument"].update(
        identifier="http://example.org/doc")), "case-deviation", "$.CFDocument.identifier"),
    ("no lastChangeDateTime", _case(lambda d: d["CFItems"][0].pop("lastChangeDateTime")),
     "case-deviation", "$.CFItems[0]"),
    ("local time", _case(lambda d: d["CFItems"][0].update(lastChangeDateTime="2017-05-25T18:05")),
     "case-deviation", "$.CFItems[0].lastChangeDateTime"),
    ("unknown package key", _case(lambda d: d.update(CFPackageURI="x")), "case-deviation",
     "$.CFPackageURI"),
    ("second parent", _case(lambda d: d["CFAssociations"].append(
        association(32, "isChildOf", 4, 1))), "case-polyhierarchy", "$.CFAssociations[6]"),
    ("version text", _case(lambda d: d["CFDocument"].update(version="draft")), "case-version",
     "$.CFDocument.version"),
]


@pytest.mark.parametrize(
    ("data", "code", "path"), [case[1:] for case in WARNED], ids=[case[0] for case in WARNED]
)
def test_deviations_are_warnings_and_nothing_is_lost(data: Any, code: str, path: str) -> None:
    framework, problems = read(data)
    assert [(p.code, p.path) for p in problems] == [(code, path)]
    assert leadcomp.check(framework) == []
    back, again = read_case(dumps_case(framework).encode("utf-8"))
    assert back == framework
    # associations kept as they were (a dangling end, a second parent) are written back as
    # they were, so reading the export warns about them again; everything else is clean
    kept_verbatim = code in ("case-dangling-association", "case-polyhierarchy")
    assert [p.code for p in again] == ([code] if kept_verbatim else [])
    if code in DEVIATIONS:
        with pytest.raises(InvalidDocument) as caught:
            read(data, strict=True)
        assert [(p.code, p.path) for p in caught.value.errors] == [(code, path)]


def test_a_dangling_parent_leaves_the_item_at_the_top() -> None:
    data = _case(lambda d: d["CFAssociations"][3].update(destinationNodeURI=link(77)))
    framework, _ = read(data)
    assert framework.competency("B").parent is None
    assert framework.extensions["case"]["CFAssociations"] == [data["CFAssociations"][3]]


def test_duplicate_items_are_kept_aside() -> None:
    data = _case(lambda d: d["CFItems"].append(item(4, "B2", "Again")))
    framework, _ = read(data)
    assert framework.competency("B").title == "Caring for people"
    assert framework.extensions["case"]["CFItems"] == [data["CFItems"][4]]


def test_bad_leadcomp_extension_data_is_refused_or_ignored() -> None:
    data = small()
    data["CFDocument"]["extensions"] = {"leadcomp": {"id": "x", "scales": "no"}}
    framework, problems = read(data)
    assert codes(problems) == ["case-leadcomp-extension"]
    assert framework.id == "x"
    data["CFItems"][1]["extensions"] = {"leadcomp": {"scale": "nowhere"}}
    with pytest.raises(InvalidDocument) as caught:
        read(data)
    assert caught.value.errors[0].code == "case-leadcomp-extension"


@st.composite
def damaged(draw: st.DrawFn) -> Any:
    """A valid package with a few values replaced by arbitrary JSON, removed, or repeated."""
    data = _with_rubric()
    data["CFAssociations"].append(association(17, "isChildOf", 4, 2))
    for _ in range(draw(st.integers(1, 5))):
        target: Any = data
        path: list[Any] = []
        while isinstance(target, (dict, list)) and target and draw(st.booleans()):
            key = draw(
                st.sampled_from(
                    list(target) if isinstance(target, dict) else list(range(len(target)))
                )
            )
            path.append(key)
            target = target[key]
        if not path:
            continue
        holder = data
        for key in path[:-1]:
            holder = holder[key]
        action = draw(st.sampled_from(["replace", "remove", "repeat"]))
        if action == "remove":
            del holder[path[-1]]
        elif action == "repeat" and isinstance(holder, list):
            holder.append(copy.deepcopy(holder[path[-1]]))
        else:
            holder[path[-1]] = draw(S.json_values(2))
    return data


@FEW
@given(damaged())
def test_any_damage_gives_a_framework_or_problems_never_a_crash(data: Any) -> None:
    try:
        framework, _ = read(data)
    except InvalidDocument as invalid:
        errors = invalid.errors
        assert errors, "InvalidDocument always carries an error"
        return
    assert leadcomp.check(framework) == [] or all(
        not p.is_error for p in leadcomp.check(framework)
    )
    text = dumps_case(framework)
    assert_official(json.loads(text))
    assert read_case(text.encode("utf-8"))[0] == framework


# -- lenient items and sibling order ------------------------------------------------------------


def test_unreadable_items_are_skipped_and_the_rest_imports() -> None:
    lost = {k: v for k, v in item(9, "Z9", "No identifier").items() if k != "identifier"}
    data = _case(lambda d: d["CFItems"].extend([lost, "x", item(4, "B2", "Again")]))
    framework, problems = read(data)
    assert [(p.code, p.path, p.severity) for p in problems] == [
        ("case-missing-identifier", "$.CFItems[4]", "warning"),
        ("case-unreadable-item", "$.CFItems[5]", "warning"),
        ("case-duplicate-identifier", "$.CFItems[6].identifier", "warning"),
    ]
    assert all(p.line is not None for p in problems)
    assert "skipped" in problems[0].message
    assert [c.id for c in framework.competencies] == [c.id for c in read(small())[0].competencies]
    assert framework.extensions["case"]["CFItems"] == [lost, "x", item(4, "B2", "Again")]
    assert leadcomp.check(framework) == []
    with pytest.raises(InvalidDocument) as caught:
        read(data, strict=True)
    assert [p.code for p in caught.value.errors] == [
        "case-missing-identifier", "case-unreadable-item", "case-duplicate-identifier"
    ]
    assert "skipped" not in caught.value.errors[0].message


def _siblings(**fields: dict[int, Any]) -> list[str]:
    """The order read_case gives four top-level siblings carrying the given fields
    (``sequenceNumber`` on their isChildOf, ``listEnumeration`` and codes on the items)."""
    items = []
    associations = []
    for n in range(1, 5):
        extra = {k: v[n] for k, v in fields.items() if k != "sequenceNumber" and n in v}
        code = extra.pop("humanCodingScheme", None)
        items.append(item(n, code, f"Item {n}", **extra))
        seq = fields.get("sequenceNumber", {})
        more = {"sequenceNumber": seq[n]} if n in seq else {}
        associations.append(association(10 + n, "isChildOf", n, 0, **more))
    framework, _ = read(package(items, associations))
    return [c.title for c in framework.competencies]


def test_sibling_order_sequence_then_list_enumeration_then_code_then_file() -> None:
    # file order when nothing else is given
    assert _siblings() == ["Item 1", "Item 2", "Item 3", "Item 4"]
    # codes in natural order ("2" before "10")
    assert _siblings(humanCodingScheme={1: "A.10", 2: "A.2", 3: "A.1", 4: "A.3"}) == [
        "Item 3", "Item 2", "Item 4", "Item 1"
    ]
    # listEnumeration before codes
    assert _siblings(
        humanCodingScheme={1: "A.1", 2: "A.2", 3: "A.3", 4: "A.4"},
        listEnumeration={1: "4", 2: "3", 3: "10", 4: "1"},
    ) == ["Item 4", "Item 2", "Item 1", "Item 3"]
    # sequenceNumber before both; siblings without one after, by listEnumeration then code
    assert _siblings(
        sequenceNumber={3: 2, 4: 1},
        listEnumeration={1: "2", 2: "1"},
        humanCodingScheme={1: "A.1", 2: "A.2", 3: "A.3", 4: "A.4"},
    ) == ["Item 4", "Item 3", "Item 2", "Item 1"]
    # a listEnumeration only on some: those with it first, then the codes
    assert _siblings(
        listEnumeration={4: "1"}, humanCodingScheme={1: "B", 2: "A", 3: "C", 4: "D"}
    ) == ["Item 4", "Item 2", "Item 1", "Item 3"]


def test_corpus_sequence_numbers_order_siblings(corpus: Path) -> None:
    framework, problems = read_case(corpus / "opensalt/case-json/SequenceNumberFramework.json")
    assert problems == []
    # sequenceNumber 2, 1: the reverse of file order
    assert [c.id for c in framework.competencies] == ["SNT.2", "SNT.1"]


def test_corpus_codes_order_siblings_without_sequence_numbers(corpus: Path) -> None:
    framework, _ = read_case(corpus / "opensalt/case-json/Ordering.json")
    leaves = [c.id for c in framework.competencies if c.parent == "H.A.MATH.GM.PF.2DFP.L1"]
    assert leaves == [f"H.A.MATH.GM.PF.2DFP.L1.{n}" for n in range(1, 25)]
    assert leadcomp.check(framework) == []
