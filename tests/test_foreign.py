"""Frameworks from other sources: ESCO skills CSVs, the O*NET Content Model, CTDL-ASN JSON-LD,
and any shape through a framework mapping (CSV, YAML trees, Markdown front matter).

Small fixtures written here in the exact shapes of the real files run everywhere; the real files
of the shared corpus are read where it is present (each such test skips with the reason when
../shared is absent).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import leadcomp
import strategies as S
from leadcomp.cli import main
from leadcomp.problems import InvalidDocument, Problem
from profiles import scaled

# -- fixtures in the real files' shapes ------------------------------------------------------------

ESCO_HIERARCHY = (
    "Level 0 URI,Level 0 preferred term,Level 1 URI,Level 1 preferred term,Level 2 URI,"
    "Level 2 preferred term,Level 3 URI,Level 3 preferred term,Description,Scope note,"
    "Level 0 code,Level 1 code,Level 2 code,Level 3 code\n"
    "http://data.europa.eu/esco/skill/aaa,skills,,,,,,,,,S\n"
    "http://data.europa.eu/esco/skill/aaa,skills,http://data.europa.eu/esco/skill/bbb,"
    "communication,,,,,\"Talking, listening and writing.\",,S,S1\n"
    "http://data.europa.eu/esco/skill/aaa,skills,http://data.europa.eu/esco/skill/bbb,"
    "communication,http://data.europa.eu/esco/skill/ccc,leading others,,,Guiding people.,"
    "Not management alone.,S,S1,S1.1\n"
    "http://data.europa.eu/esco/skill/aaa,skills,http://data.europa.eu/esco/skill/bbb,"
    "communication,http://data.europa.eu/esco/skill/ccc,leading others,"
    "http://data.europa.eu/esco/skill/ddd,motivating others,Inspiring effort.,,S,S1,S1.1,"
    "S1.1.1\n"
    "http://data.europa.eu/esco/skill/kkk,knowledge,,,,,,,,,K\n"
)

ESCO_GROUPS = (
    "conceptType,conceptUri,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,"
    "scopeNote,inScheme,description,code\n"
    "SkillGroup,http://data.europa.eu/esco/skill/aaa,skills,,,released,,,"
    "\"http://data.europa.eu/esco/concept-scheme/skills\n"
    "http://data.europa.eu/esco/concept-scheme/skills-hierarchy\",,S\n"
    "SkillGroup,http://data.europa.eu/esco/skill/bbb,communication,\"talking\nconversing\",,"
    "released,,,,Talking and listening.,S1\n"
    "SkillGroup,http://data.europa.eu/esco/skill/ccc,leading others,,,released,,,,"
    "Guiding people.,S1.1\n"
)

ESCO_COLLECTION = (
    "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,status,altLabels,description,"
    "broaderConceptUri,broaderConceptPT\n"
    "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/t1,skill/competence,transversal,"
    "show initiative,released,take the initiative | give impetus,\"Be proactive.\n\","
    "http://data.europa.eu/esco/skill/ccc | http://data.europa.eu/esco/skill/bbb,"
    "leading others | communication\n"
    "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/t2,knowledge,transversal,"
    "know the team,released,,Knowing people.,http://data.europa.eu/esco/skill/zzz,elsewhere\n"
)

ONET_MODEL = (
    "Element ID,Element Name,Description\n"
    "2,Worker Requirements,Worker Requirements\n"
    "2.B,Cross-Functional Skills,Developed capacities that facilitate performance\n"
    "2.B.1,Social Skills,Developed capacities used to work with people\n"
    "2.B.1.a,Social Perceptiveness,Being aware of others' reactions\n"
    "2.B.1.b,Coordination,Adjusting actions in relation to others' actions\n"
    "2.C,Knowledge,Organized sets of principles and facts\n"
    "2.C.1,Business and Management,Knowledge of business\n"
    "2.C.1.a,Administration and Management,Knowledge of business and management principles\n"
)
ONET_ANCHORS = (
    "Element ID,Element Name,Scale ID,Scale Name,Anchor Value,Anchor Description\n"
    "2.B.1.a,Social Perceptiveness,LV,Level,2,Notice that customers are angry\n"
    "2.B.1.a,Social Perceptiveness,LV,Level,4,Be aware of how a promotion affects a team\n"
    "2.B.1.a,Social Perceptiveness,LV,Level,6,Counsel people during a crisis\n"
    "2.B.1.b,Coordination,LV,Level,2,Schedule appointments\n"
)
ONET_SCALES = (
    "Scale ID,Scale Name,Minimum,Maximum\n"
    "IM,Importance,1,5\n"
    "LV,Level,0,7\n"
)


def ctdl_graph() -> dict[str, Any]:
    """A framework and its competencies as the Credential Registry serves them (@graph)."""
    base = "https://credentialengineregistry.org/resources/"
    return {
        "@context": "https://credreg.net/ctdlasn/schema/context/json",
        "@id": base + "ce-f0000000-0000-4000-8000-000000000000",
        "@graph": [
            {
                "@id": base + "ce-f0000000-0000-4000-8000-000000000000",
                "@type": "ceasn:CompetencyFramework",
                "ceterms:ctid": "ce-f0000000-0000-4000-8000-000000000000",
                "ceasn:name": {"en-US": "Team leadership", "fr": "Direction d'équipe"},
                "ceasn:description": {"en-US": "Leading a team well."},
                "ceasn:inLanguage": ["en-US"],
                "ceasn:publisherName": {"en-US": "Example Board"},
                "ceasn:hasTopChild": [
                    base + "ce-c2000000-0000-4000-8000-000000000000",
                    base + "ce-c1000000-0000-4000-8000-000000000000",
                ],
                "ceasn:dateCreated": "2020-01-01",
            },
            {
                "@id": base + "ce-c1000000-0000-4000-8000-000000000000",
                "@type": "ceasn:Competency",
                "ceterms:ctid": "ce-c1000000-0000-4000-8000-000000000000",
                "ceasn:competencyLabel": {"en-US": "Direction"},
                "ceasn:competencyText": {"en-US": "Sets a clear direction for the team."},
                "ceasn:codedNotation": "TL.1",
                "ceasn:isPartOf": base + "ce-f0000000-0000-4000-8000-000000000000",
                "ceasn:hasChild": [base + "ce-c3000000-0000-4000-8000-000000000000"],
                "ceasn:exactAlignment": ["http://example.org/other/1"],
            },
            {
                "@id": base + "ce-c2000000-0000-4000-8000-000000000000",
                "@type": "ceasn:Competency",
                "ceterms:ctid": "ce-c2000000-0000-4000-8000-000000000000",
                "ceasn:competencyText": {"en-US": "Cares for people.", "de": "Kümmert sich."},
                "ceasn:codedNotation": "TL.2",
                "ceasn:isPartOf": base + "ce-f0000000-0000-4000-8000-000000000000",
            },
            {
                "@id": base + "ce-c3000000-0000-4000-8000-000000000000",
                "@type": "ceasn:Competency",
                "ceterms:ctid": "ce-c3000000-0000-4000-8000-000000000000",
                "ceasn:competencyText": "Explains the team's aims.",
                "ceasn:codedNotation": "TL.1.1",
                "ceasn:isChildOf": base + "ce-c1000000-0000-4000-8000-000000000000",
                "ceasn:isPartOf": base + "ce-f0000000-0000-4000-8000-000000000000",
            },
        ],
    }


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def clean(framework: leadcomp.Framework) -> None:
    """The framework is valid: no errors from check, and it round-trips through JSON."""
    assert [p for p in leadcomp.check(framework) if p.is_error] == []
    written = leadcomp.dumps(framework).encode()
    assert [p for p in leadcomp.validate(written) if p.is_error] == []
    assert leadcomp.load(written) == framework


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


# -- ESCO ----------------------------------------------------------------------------------------


def test_esco_hierarchy(tmp_path: Path) -> None:
    framework, warnings = leadcomp.read_esco(write(tmp_path, "skillsHierarchy_en.csv",
                                                   ESCO_HIERARCHY))
    clean(framework)
    assert [(c.id, c.parent, c.kind) for c in framework.competencies] == [
        ("S", None, "domain"), ("S1", "S", "domain"), ("S1.1", "S1", "domain"),
        ("S1.1.1", "S1.1", "skill"), ("K", None, "knowledge"),
    ]
    leading = framework.competency("S1.1")
    assert leading.title == "leading others"
    assert leading.description == "Guiding people."
    assert leading.extensions["esco"] == {
        "uri": "http://data.europa.eu/esco/skill/ccc", "level": 2, "code": "S1.1",
        "scopeNote": "Not management alone.",
    }
    assert codes(warnings) == ["no-levels"]
    assert framework.scales[0].id == "esco-default"
    assert framework.provenance is not None
    assert framework.provenance.unofficial


def test_esco_groups_take_parents_from_codes(tmp_path: Path) -> None:
    framework, _ = leadcomp.read_esco(write(tmp_path, "skillGroups_en.csv", ESCO_GROUPS))
    clean(framework)
    assert [(c.id, c.parent) for c in framework.competencies] == [
        ("S", None), ("S1", "S"), ("S1.1", "S1"),
    ]
    esco = framework.competency("S1").extensions["esco"]
    assert esco["altLabels"] == ["talking", "conversing"]
    assert framework.competency("S").extensions["esco"]["inScheme"] == [
        "http://data.europa.eu/esco/concept-scheme/skills",
        "http://data.europa.eu/esco/concept-scheme/skills-hierarchy",
    ]


def test_esco_collection_alone_and_with_the_hierarchy(tmp_path: Path) -> None:
    collection = write(tmp_path, "transversalSkillsCollection_en.csv", ESCO_COLLECTION)
    alone, warnings = leadcomp.read_esco(collection)
    clean(alone)
    # ids made of the URIs; broader concepts not in the file: top level, kept
    assert [(c.id, c.parent, c.kind) for c in alone.competencies] == [
        ("skill-t1", None, "skill"), ("skill-t2", None, "knowledge"),
    ]
    assert alone.competency("skill-t1").extensions["unknown_parents"] == [
        "http://data.europa.eu/esco/skill/ccc", "http://data.europa.eu/esco/skill/bbb",
    ]
    assert alone.competency("skill-t1").extensions["esco"]["altLabels"] == [
        "take the initiative | give impetus"
    ]
    assert codes(warnings) == ["unknown-parent", "no-levels"]
    assert warnings[0].line == 2
    assert warnings[0].path == "$[row 2].conceptUri"
    assert "(2 more like it)" in warnings[0].message
    hierarchy = write(tmp_path, "skillsHierarchy_en.csv", ESCO_HIERARCHY)
    both, warnings = leadcomp.read_esco(collection, hierarchy)
    clean(both)
    initiative = both.competency("skill-t1")
    assert initiative.parent == "S1.1"
    assert [(r.type, r.target) for r in initiative.relations] == [("broader", "S1")]
    assert "second-parent" in codes(warnings)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary\x00", "not-csv"),
        (b"\xff\xfe\x00a", "invalid-encoding"),
        (b"name,title\nx,y\n", "missing-column"),
        (b"Level 0 URI,Level 0 preferred term\nu,t\n", "missing-column"),
        (b"conceptUri,code\nu,S\n", "missing-column"),
    ],
    ids=["empty", "binary", "utf16", "not-esco", "short-hierarchy", "groups-no-label"],
)
def test_esco_bad_inputs_are_problems(content: bytes, code: str) -> None:
    with pytest.raises(InvalidDocument) as caught:
        leadcomp.read_esco(content)
    assert caught.value.problems[0].code == code


def test_esco_cycle_is_an_error(tmp_path: Path) -> None:
    looped = (
        "conceptUri,preferredLabel,broaderConceptUri\n"
        "http://e/a,a,http://e/b\nhttp://e/b,b,http://e/a\nhttp://e/c,c,\n"
    )
    with pytest.raises(InvalidDocument) as caught:
        leadcomp.read_esco(write(tmp_path, "c.csv", looped))
    [error] = caught.value.errors
    assert error.code == "parent-cycle"
    assert error.line == 2
    assert "http://e/a -> http://e/b -> http://e/a" in error.message


def test_esco_rows_without_uri_and_duplicates_are_warned(tmp_path: Path) -> None:
    text = ("conceptUri,preferredLabel,broaderConceptUri\n"
            "http://e/a,a,\n,nameless,\nhttp://e/a,again,\n")
    framework, warnings = leadcomp.read_esco(write(tmp_path, "d.csv", text))
    assert [c.title for c in framework.competencies] == ["a"]
    assert [(p.code, p.line) for p in warnings if p.code != "no-levels"] == [
        ("missing-uri", 3), ("duplicate-id", 4),
    ]


# -- O*NET -----------------------------------------------------------------------------------------


def test_onet_content_model_with_anchors_and_scales(tmp_path: Path) -> None:
    framework, warnings = leadcomp.read_onet(
        write(tmp_path, "Level_Scale_Anchors.csv", ONET_ANCHORS),
        write(tmp_path, "Content_Model_Reference.csv", ONET_MODEL),
        write(tmp_path, "Scales_Reference.csv", ONET_SCALES),
    )
    clean(framework)
    assert warnings == []
    assert [(c.id, c.parent, c.kind) for c in framework.competencies] == [
        ("2", None, "domain"), ("2.B", "2", "domain"), ("2.B.1", "2.B", "domain"),
        ("2.B.1.a", "2.B.1", "skill"), ("2.B.1.b", "2.B.1", "skill"), ("2.C", "2", "domain"),
        ("2.C.1", "2.C", "domain"), ("2.C.1.a", "2.C.1", "knowledge"),
    ]
    [scale] = framework.scales
    assert (scale.id, scale.values) == ("onet-lv", (0, 1, 2, 3, 4, 5, 6, 7))
    perceptive = framework.competency("2.B.1.a")
    assert perceptive.scale == "onet-lv"
    assert [(d.level, d.text) for d in perceptive.descriptors] == [
        (2, "Notice that customers are angry"),
        (4, "Be aware of how a promotion affects a team"),
        (6, "Counsel people during a crisis"),
    ]
    assert perceptive.extensions["onet"] == {"element_id": "2.B.1.a"}


def test_onet_missing_parent_and_no_anchors_are_warned(tmp_path: Path) -> None:
    model = ONET_MODEL.replace("2.C.1,Business and Management,Knowledge of business\n", "")
    framework, warnings = leadcomp.read_onet(write(tmp_path, "m.csv", model))
    clean(framework)
    assert codes(warnings) == ["unknown-parent", "no-levels"]
    assert warnings[0].path == "$[row 8]['Element ID']"
    assert framework.competency("2.C.1.a").parent is None
    assert framework.competency("2.C.1.a").extensions["unknown_parents"] == ["2.C.1"]


def test_onet_root_and_anchors_without_scales(tmp_path: Path) -> None:
    framework, warnings = leadcomp.read_onet(
        write(tmp_path, "m.csv", ONET_MODEL), write(tmp_path, "a.csv", ONET_ANCHORS), root="2.B"
    )
    clean(framework)
    assert [c.id for c in framework.competencies] == ["2.B", "2.B.1", "2.B.1.a", "2.B.1.b"]
    assert codes(warnings) == ["onet-scale"]
    assert framework.scales[0].values == (2, 3, 4, 5, 6)


@pytest.mark.parametrize(
    ("files", "code"),
    [
        ([b""], "empty"),
        ([b"\x00\x00\x00"], "not-csv"),
        ([b"Element,Name\n1,x\n"], "missing-column"),
        ([ONET_ANCHORS.encode()], "onet-files"),
        ([ONET_MODEL.encode(), ONET_MODEL.encode()], "onet-files"),
    ],
    ids=["empty", "binary", "not-onet", "anchors-only", "two-models"],
)
def test_onet_bad_inputs_are_problems(files: list[bytes], code: str) -> None:
    with pytest.raises(InvalidDocument) as caught:
        leadcomp.read_onet(*files)
    assert caught.value.problems[0].code == code


def test_onet_bad_anchors_are_warned_and_kept(tmp_path: Path) -> None:
    anchors = ONET_ANCHORS + (
        "2.B.1.b,Coordination,LV,Level,9,Beyond the scale\n"
        "2.B.1.b,Coordination,LV,Level,x,Not a number\n"
        "9.Z,Nothing,LV,Level,2,No such element\n"
    )
    framework, warnings = leadcomp.read_onet(
        ONET_MODEL.encode(), anchors.encode(), ONET_SCALES.encode()
    )
    clean(framework)
    assert sorted(codes(warnings)) == ["onet-anchor", "onet-anchor", "unknown-element"]
    kept = framework.competency("2.B.1.b").extensions["onet"]["unused_anchors"]
    assert {a["Anchor Value"] for a in kept} == {"9", "x"}


# -- CTDL-ASN ------------------------------------------------------------------------------------


def test_ctdl_graph(tmp_path: Path) -> None:
    framework, warnings = leadcomp.read_ctdl(
        write(tmp_path, "f.json", json.dumps(ctdl_graph(), indent=1))
    )
    clean(framework)
    assert framework.title == "Team leadership"
    assert framework.description == "Leading a team well."
    assert framework.provenance is not None
    assert framework.provenance.source == "Example Board"
    # siblings in hasTopChild order; ids are the codes; language maps read in en-US
    assert [(c.id, c.parent, c.title) for c in framework.competencies] == [
        ("TL.2", None, "Cares for people."),
        ("TL.1", None, "Direction"),
        ("TL.1.1", "TL.1", "Explains the team's aims."),
    ]
    assert framework.competency("TL.1").description == "Sets a clear direction for the team."
    assert framework.competency("TL.2").extensions["ctdl"]["ceasn:competencyText"]["de"] == (
        "Kümmert sich."
    )
    assert framework.extensions["ctdl"]["ceasn:dateCreated"] == "2020-01-01"
    assert sorted(codes(warnings)) == [
        "ctdl-languages", "ctdl-unmapped", "ctdl-unmapped", "no-levels",
    ]
    assert all(p.line is not None for p in warnings)


def test_ctdl_split_files_and_lists(tmp_path: Path) -> None:
    graph = ctdl_graph()["@graph"]
    framework_file = write(tmp_path, "framework.json", json.dumps([graph[0]]))
    competencies = write(tmp_path, "competencies.json", json.dumps(graph[1:]))
    framework, _ = leadcomp.read_ctdl(framework_file, competencies)
    clean(framework)
    assert [c.id for c in framework.competencies] == ["TL.2", "TL.1", "TL.1.1"]
    alone, warnings = leadcomp.read_ctdl(framework_file)
    assert alone.competencies == ()
    assert "ctdl-missing-competency" in codes(warnings)


def test_ctdl_ids_fall_back_to_ctids_and_hierarchy_to_is_child_of() -> None:
    data = ctdl_graph()
    graph = data["@graph"]
    graph[1]["ceasn:codedNotation"] = "TL 1"  # not an id: every competency gets its ctid
    del graph[1]["ceasn:hasChild"]
    framework, _ = leadcomp.read_ctdl(json.dumps(data).encode())
    clean(framework)
    ids = [c.id for c in framework.competencies]
    assert ids == ["ce-c2000000-0000-4000-8000-000000000000",
                   "ce-c1000000-0000-4000-8000-000000000000",
                   "ce-c3000000-0000-4000-8000-000000000000"]
    assert framework.competencies[2].parent == ids[1]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"{not json", "invalid-json"),
        (b'"a string"', "ctdl-invalid"),
        (b'{"@graph": {"a": 1}}', "ctdl-invalid"),
        (b'{"@type": "ceterms:CompetencyFramework"}', "ctdl-no-framework"),
        (b'[{"@type": "ceasn:Competency", "@id": "x"}]', "ctdl-no-framework"),
        (b"[]", "ctdl-no-framework"),
    ],
    ids=["empty", "not-json", "string", "graph-not-list", "wrong-type", "only-competencies",
         "empty-list"],
)
def test_ctdl_bad_shapes_are_problems(data: bytes, code: str) -> None:
    with pytest.raises(InvalidDocument) as caught:
        leadcomp.read_ctdl(data)
    assert code in codes(caught.value.errors)
    assert all(p.line is not None for p in caught.value.errors) or not data


def test_ctdl_cycle_and_lenient_entries() -> None:
    data = ctdl_graph()
    graph = data["@graph"]
    graph.append(7)
    graph.append({"@type": "ceasn:Competency", "ceasn:competencyText": "No id"})
    framework, warnings = leadcomp.read_ctdl(json.dumps(data).encode())
    assert len(framework.competencies) == 3
    assert {"ctdl-invalid", "ctdl-missing-id"} <= set(codes(warnings))
    del graph[-2:]
    graph[3]["ceasn:hasChild"] = [graph[1]["@id"]]  # TL.1.1 contains TL.1, which contains it
    graph[0]["ceasn:hasTopChild"] = [graph[2]["@id"]]
    with pytest.raises(InvalidDocument) as caught:
        leadcomp.read_ctdl(json.dumps(data).encode())
    assert caught.value.errors[0].code == "parent-cycle"


def test_ctdl_picks_a_framework() -> None:
    first = ctdl_graph()["@graph"]
    second = json.loads(json.dumps(first[0]).replace("ce-f0", "ce-f9"))
    second["ceasn:name"] = "Second"
    second["ceasn:hasTopChild"] = []
    data = [first[0], second, *first[1:]]
    framework, warnings = leadcomp.read_ctdl(json.dumps(data).encode())
    assert framework.title == "Team leadership"
    assert "ctdl-more-frameworks" in codes(warnings)
    picked, _ = leadcomp.read_ctdl(
        json.dumps(data).encode(), framework="ce-f9000000-0000-4000-8000-000000000000"
    )
    assert picked.title == "Second"
    assert picked.competencies == ()
    with pytest.raises(InvalidDocument) as caught:
        leadcomp.read_ctdl(json.dumps(data).encode(), framework="nope")
    assert caught.value.errors[0].code == "ctdl-unknown-framework"


# -- framework mappings ----------------------------------------------------------------------------

OSMT_LIKE = (
    "Collection,Skill Name,Skill Category,Contextualized Skill Statement,Keywords,"
    "BLS Major Group,Alignment Title,Alignment\n"
    ",Giving feedback,People,Give timely and specific feedback.,feedback; coaching,11-0000,"
    "Feedback,https://example.org/skills/1\n"
    ",Running meetings,Operations,Run meetings that end in decisions.,meetings,11-0000,,\n"
)
OSMT_MAPPING: dict[str, Any] = {
    "kind": "framework-mapping", "format": "1.0", "id": "rsd-csv", "shape": "csv",
    "framework": {"id": "rsd-skills", "title": "Rich skill descriptors"},
    "fields": {"id": "Skill Name", "title": "Skill Name",
               "description": "Contextualized Skill Statement", "tags": "Keywords"},
}

ITEMS_LIKE = (
    "CFItemType,fullStatement,humanCodingScheme,parent\n"
    "Cluster,Leading people,L,\n"
    "Standard,Sets direction,L.1,L\n"
    "Standard,Gives feedback,L.2,L\n"
    "Thing,Unknown type,L.3,L\n"
)
ITEMS_MAPPING: dict[str, Any] = {
    "kind": "framework-mapping", "format": "1.0", "shape": "csv",
    "framework": {"id": "items", "title": "Items", "version": "2.0.0"},
    "fields": {"id": "humanCodingScheme", "title": "fullStatement", "parent": "parent",
               "kind": "CFItemType"},
    "kinds": [{"value": "Cluster", "kind": "domain"}, {"value": "standard", "kind": "skill"}],
}

YAML_TREE = """\
framework:
  name: Team leadership
  competencies:
    - code: direction
      name: Setting direction
      summary: Knows where the team is going.
      type: behaviour
      criteria:
        - Explains the team's aims
        - text: Links work to the aims
      levels:
        "1": Rarely
        "3": Consistently
      children:
        - code: vision
          name: Shares a vision
          levels:
            - {level: 2, text: Sometimes}
    - code: care
      name: Caring for people
      owner: HR
"""
YAML_MAPPING: dict[str, Any] = {
    "kind": "framework-mapping", "format": "1.0", "shape": "tree",
    "items": "framework.competencies", "children": "children",
    "framework": {"id": "team", "title": "Team leadership"},
    "fields": {"id": "code", "title": "name", "description": "summary", "kind": "type",
               "criteria": "criteria", "levels": "levels"},
    "scale": {"id": "freq", "levels": [{"value": 1, "label": "Rarely"},
                                       {"value": 2, "label": "Sometimes"},
                                       {"value": 3, "label": "Consistently"}]},
}

MARKDOWN_MAPPING: dict[str, Any] = {
    "kind": "framework-mapping", "format": "1.0", "shape": "markdown",
    "framework": {"id": "handbook", "title": "Handbook competencies"},
    "fields": {"id": "id", "title": "title", "parent": "parent", "description": "body",
               "tags": "tags"},
}


def test_mapping_reads_an_osmt_like_csv(tmp_path: Path) -> None:
    framework, warnings = leadcomp.read_mapped(write(tmp_path, "s.csv", OSMT_LIKE), OSMT_MAPPING)
    clean(framework)
    assert [(c.id, c.title, c.tags) for c in framework.competencies] == [
        ("Giving-feedback", "Giving feedback", ("feedback", "coaching")),
        ("Running-meetings", "Running meetings", ("meetings",)),
    ]
    assert framework.competencies[0].extensions["source"] == {
        "Skill Category": "People", "BLS Major Group": "11-0000", "Alignment Title": "Feedback",
        "Alignment": "https://example.org/skills/1",
    }
    assert codes(warnings) == ["unmapped-fields", "no-levels"]
    assert framework.extensions == {"framework_mapping": "rsd-csv"}


def test_mapping_reads_a_parent_column_csv_with_kinds(tmp_path: Path) -> None:
    framework, warnings = leadcomp.read_mapped(write(tmp_path, "i.csv", ITEMS_LIKE),
                                               ITEMS_MAPPING)
    clean(framework)
    assert framework.ref == "items@2.0.0"
    assert [(c.id, c.parent, c.kind) for c in framework.competencies] == [
        ("L", None, "domain"), ("L.1", "L", "skill"), ("L.2", "L", "skill"),
        ("L.3", "L", "skill"),
    ]
    assert framework.competency("L.3").extensions["source"] == {"CFItemType": "Thing"}
    assert codes(warnings) == ["unknown-kind", "no-levels"]
    assert warnings[0].line == 5


def test_mapping_reads_a_nested_yaml_tree(tmp_path: Path) -> None:
    framework, warnings = leadcomp.read_mapped(write(tmp_path, "team.yaml", YAML_TREE),
                                               YAML_MAPPING)
    clean(framework)
    assert [(c.id, c.parent, c.kind) for c in framework.competencies] == [
        ("direction", None, "behaviour"), ("vision", "direction", "skill"),
        ("care", None, "skill"),
    ]
    direction = framework.competency("direction")
    assert [i.text for i in direction.indicators] == [
        "Explains the team's aims", "Links work to the aims",
    ]
    assert [(d.level, d.text) for d in direction.descriptors] == [(1, "Rarely"),
                                                                  (3, "Consistently")]
    assert framework.competency("vision").descriptors[0].text == "Sometimes"
    assert framework.scales[0].id == "freq"
    assert framework.competency("care").extensions["source"] == {"owner": "HR"}
    assert codes(warnings) == ["unmapped-fields"]
    assert warnings[0].line is not None


def test_mapping_reads_a_folder_of_markdown_files(tmp_path: Path) -> None:
    folder = tmp_path / "competencies"
    folder.mkdir()
    write(folder, "01-leading.md", "---\nid: leading\ntitle: Leading\n---\n# Leading\n\nGuide.\n")
    write(folder, "02-feedback.md",
          "---\nid: feedback\ntitle: Feedback\nparent: leading\ntags: [people]\n---\nGive it.\n")
    write(folder, "notes.txt", "not read")
    framework, _ = leadcomp.read_mapped(folder, MARKDOWN_MAPPING)
    clean(framework)
    assert [(c.id, c.parent, c.description, c.tags) for c in framework.competencies] == [
        ("leading", None, "# Leading\n\nGuide.", ()), ("feedback", "leading", "Give it.",
                                                      ("people",)),
    ]
    write(folder, "03-broken.md", "---\nid: [unclosed\n---\n")
    with pytest.raises(InvalidDocument) as caught:
        leadcomp.read_mapped(folder, MARKDOWN_MAPPING)
    assert caught.value.errors[0].file == str(folder / "03-broken.md")
    assert caught.value.errors[0].line is not None
    assert caught.value.errors[0].line >= 2


def test_mapping_reads_one_markdown_file_holding_a_list(tmp_path: Path) -> None:
    text = "---\nitems:\n  - {id: a, title: A}\n  - {id: b, title: B, parent: a}\n---\nAbout.\n"
    mapping = {**MARKDOWN_MAPPING, "items": "items"}
    framework, _ = leadcomp.read_mapped(write(tmp_path, "f.md", text), mapping)
    clean(framework)
    assert framework.description == "About."
    assert [(c.id, c.parent) for c in framework.competencies] == [("a", None), ("b", "a")]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda m: m.update(shape="xml"), "invalid-value"),
        (lambda m: m.update(children="kids"), "mapping-shape"),
        (lambda m: m["fields"].pop("id"), "missing-field"),
        (lambda m: m.update(kinds=[{"value": "a", "kind": "skill"},
                                   {"value": "a", "kind": "domain"}]), "duplicate-value"),
    ],
    ids=["shape", "children-in-csv", "no-id-field", "kind-twice"],
)
def test_invalid_mappings_are_refused(change: Any, code: str) -> None:
    mapping = json.loads(json.dumps(OSMT_MAPPING))
    change(mapping)
    assert code in codes(leadcomp.validate(mapping))
    with pytest.raises(InvalidDocument) as caught:
        leadcomp.read_mapped(OSMT_LIKE.encode(), mapping)
    assert code in codes(caught.value.errors)


@pytest.mark.parametrize(
    ("mapping", "source", "code"),
    [
        (OSMT_MAPPING, b"", "empty"),
        (OSMT_MAPPING, b"\x00\x00binary", "not-csv"),
        (OSMT_MAPPING, b"a,b\n1,2\n", "missing-column"),
        (ITEMS_MAPPING, b"CFItemType,fullStatement,humanCodingScheme,parent\n,a,A,B\n,b,B,A\n",
         "parent-cycle"),
        (YAML_MAPPING, b"framework: {competencies: 3}\n", "not-a-list"),
        (YAML_MAPPING, b"other: 1\n", "missing-items"),
        (YAML_MAPPING, b"a: [unclosed\n", "invalid-yaml"),
        (MARKDOWN_MAPPING, b"no front matter\n", "no-front-matter"),
        (MARKDOWN_MAPPING, b"---\nid: a\n", "no-front-matter"),
        (MARKDOWN_MAPPING, b"---\n- a\n---\n", "not-an-object"),
    ],
    ids=["empty", "binary", "missing-column", "cycle", "items-not-list", "no-items",
         "bad-yaml", "no-front-matter", "unclosed-front-matter", "front-matter-list"],
)
def test_mapped_bad_inputs_are_problems(mapping: Any, source: bytes, code: str) -> None:
    with pytest.raises(InvalidDocument) as caught:
        leadcomp.read_mapped(source, mapping)
    assert caught.value.errors[0].code == code


def test_mapped_items_without_id_are_warned_and_left_out(tmp_path: Path) -> None:
    text = ",,People,No name,,,,\n"
    framework, warnings = leadcomp.read_mapped(
        write(tmp_path, "s.csv", OSMT_LIKE + text), OSMT_MAPPING
    )
    assert len(framework.competencies) == 2
    assert ("missing-id", 4) in [(p.code, p.line) for p in warnings]


# -- fuzz: nothing but InvalidDocument, whatever the bytes ----------------------------------------

_READERS = {
    "esco": lambda data: leadcomp.read_esco(data),
    "onet": lambda data: leadcomp.read_onet(data),
    "ctdl": lambda data: leadcomp.read_ctdl(data),
    "csv-mapping": lambda data: leadcomp.read_mapped(data, ITEMS_MAPPING),
    "tree-mapping": lambda data: leadcomp.read_mapped(data, YAML_MAPPING),
    "markdown-mapping": lambda data: leadcomp.read_mapped(data, MARKDOWN_MAPPING),
}

_CSV_CELLS = st.sampled_from(
    ["", "x", "http://e/a", "http://e/b", "S1", "S1.1", "2.B", "2.B.1", "a | b", '"q"', "\n",
     "LV", "3", "-1"]
)


@st.composite
def _csv_bytes(draw: st.DrawFn) -> bytes:
    header = draw(st.sampled_from([
        ESCO_HIERARCHY.split("\n", 1)[0], ESCO_GROUPS.split("\n", 1)[0],
        ESCO_COLLECTION.split("\n", 1)[0], ONET_MODEL.split("\n", 1)[0],
        ONET_ANCHORS.split("\n", 1)[0], ITEMS_LIKE.split("\n", 1)[0],
    ]))
    width = header.count(",") + 1
    rows = draw(st.lists(st.lists(_CSV_CELLS, min_size=0, max_size=width + 1), max_size=6))
    lines = [header] + [",".join(f'"{c}"' if "\n" in c or "," in c else c for c in row)
                        for row in rows]
    return "\n".join(lines).encode()


@st.composite
def _json_bytes(draw: st.DrawFn) -> bytes:
    value = draw(S.json_values(max_depth=3))
    if draw(st.booleans()):
        value = {"@graph": [ctdl_graph()["@graph"][0], value,
                            *draw(st.lists(S.json_values(max_depth=2), max_size=3))]}
    return json.dumps(value).encode()


@settings(scaled(0.5), deadline=None, suppress_health_check=list(HealthCheck))
@given(reader=st.sampled_from(sorted(_READERS)),
       data=st.one_of(st.binary(max_size=200), _csv_bytes(), _json_bytes()))
def test_readers_raise_nothing_but_invalid_document(reader: str, data: bytes) -> None:
    try:
        framework, warnings = _READERS[reader](data)
    except InvalidDocument as invalid:
        problems = invalid.problems
    else:
        problems = []
        assert [p for p in leadcomp.check(framework) if p.is_error] == []
        assert all(not p.is_error for p in warnings)
        return
    assert problems
    assert all(p.code and p.message for p in problems)


# -- the command line ------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_convert_sniffs_and_reads_each_source(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    hierarchy = write(tmp_path, "skillsHierarchy_en.csv", ESCO_HIERARCHY)
    status, _, err = run(capsys, "convert", str(hierarchy), str(tmp_path / "esco.json"))
    assert status == 0, err
    assert "(esco) ->" in err
    assert leadcomp.load(tmp_path / "esco.json").competency("S1.1.1").parent == "S1.1"
    model = write(tmp_path, "Content_Model_Reference.csv", ONET_MODEL)
    anchors = write(tmp_path, "Level_Scale_Anchors.csv", ONET_ANCHORS)
    scales = write(tmp_path, "Scales_Reference.csv", ONET_SCALES)
    status, _, err = run(capsys, "convert", str(model), "--input", str(anchors), "--input",
                         str(scales), str(tmp_path / "onet.yaml"))
    assert status == 0, err
    assert "(onet) ->" in err
    assert ": 0 warnings" in err
    graph = write(tmp_path, "framework.jsonld", json.dumps(ctdl_graph()))
    status, _, err = run(capsys, "convert", str(graph), str(tmp_path / "ctdl.json"))
    assert status == 0, err
    assert "(ctdl-asn) ->" in err
    mapping = write(tmp_path, "items.framework-mapping.json", json.dumps(ITEMS_MAPPING))
    items = write(tmp_path, "items.csv", ITEMS_LIKE)
    status, _, err = run(capsys, "convert", str(items), str(tmp_path / "items.json"),
                         "--framework-mapping", str(mapping))
    assert status == 0, err
    assert "(mapped) ->" in err
    assert leadcomp.load(tmp_path / "items.json").ref == "items@2.0.0"
    status, _, err = run(capsys, "validate", str(mapping))
    assert status == 0, err


def test_convert_from_names_the_format_and_reports_problems(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    odd = write(tmp_path, "odd.txt", ESCO_COLLECTION)
    status, _, err = run(capsys, "convert", str(odd), str(tmp_path / "o.json"), "--from", "esco")
    assert status == 0, err
    bad = write(tmp_path, "bad.json", '{"@type": "ceterms:CompetencyFramework"}')
    status, _, err = run(capsys, "convert", str(bad), str(tmp_path / "b.json"),
                         "--from", "ctdl-asn")
    assert status == 1
    assert f"{bad}:1:1: ctdl-no-framework: $:" in err
    assert "Traceback" not in err
    assert not (tmp_path / "b.json").exists()
    status, _, err = run(capsys, "convert", str(odd), str(tmp_path / "x.json"), "--from", "mapped")
    assert status == 2
    assert "--framework-mapping" in err
    status, _, err = run(capsys, "convert", str(odd), str(tmp_path / "x.json"),
                         "--framework-mapping", str(odd), "--from", "esco")
    assert status == 2


# -- the corpus of real files ----------------------------------------------------------------------

#: file(s) -> (competencies, top level, warning codes)
ESCO_CORPUS: dict[tuple[str, ...], tuple[int, int, list[str]]] = {
    ("skillsHierarchy_en.csv",): (640, 4, ["no-levels"]),
    ("skillGroups_en.csv",): (640, 16, ["no-levels"]),
    ("transversalSkillsCollection_en.csv",): (95, 95, ["unknown-parent", "no-levels"]),
    ("digCompSkillsCollection_en.csv",): (25, 5, ["unknown-parent", "no-levels"]),
    ("researchSkillsCollection_en.csv",): (40, 37, ["unknown-parent", "no-levels"]),
    ("languageSkillsCollection_en.csv",): (359, 73, ["unknown-parent", "no-levels"]),
}


@pytest.fixture
def corpus(shared_dir: Path) -> Path:
    path = shared_dir / "corpus"
    if not path.is_dir():
        pytest.skip("../shared/corpus is absent: the corpus tests need it")
    return path


@pytest.mark.parametrize("names", list(ESCO_CORPUS), ids=lambda n: n[0])
def test_esco_corpus(corpus: Path, names: tuple[str, ...]) -> None:
    framework, warnings = leadcomp.read_esco(*(corpus / "esco-v1.2.0" / n for n in names))
    clean(framework)
    count, top, expected = ESCO_CORPUS[names]
    assert (len(framework.competencies), len(framework.roots())) == (count, top)
    assert codes(warnings) == expected


def test_esco_corpus_collection_with_the_hierarchy(corpus: Path) -> None:
    esco = corpus / "esco-v1.2.0"
    framework, _ = leadcomp.read_esco(esco / "skillsHierarchy_en.csv",
                                      esco / "transversalSkillsCollection_en.csv")
    clean(framework)
    assert len(framework.competencies) == 640 + 95
    placed = [c for c in framework.competencies if c.id.startswith("skill-") and c.parent]
    assert placed  # transversal skills placed under the hierarchy's groups


def test_onet_corpus(corpus: Path) -> None:
    onet = corpus / "onet-29.2-derived"
    framework, warnings = leadcomp.read_onet(
        onet / "Content_Model_Reference.csv", onet / "Level_Scale_Anchors.csv",
        onet / "Scales_Reference.csv",
    )
    clean(framework)
    assert (len(framework.competencies), len(framework.roots())) == (627, 6)
    assert warnings == []
    assert sum(1 for c in framework.competencies if c.descriptors) == 161
    assert framework.scales[0].values == tuple(range(8))
    skills, _ = leadcomp.read_onet(onet / "Content_Model_Reference.csv",
                                   onet / "Level_Scale_Anchors.csv",
                                   onet / "Scales_Reference.csv", root="2.B")
    assert len(skills.competencies) == 31  # 2.B, its 6 groups and their 24 skills


def test_ctdl_corpus(corpus: Path) -> None:
    ctdl = corpus / "credentialengine-ctdl-asn"
    framework, warnings = leadcomp.read_ctdl(ctdl / "seed_competency_framework.json",
                                             ctdl / "seed_competency.json")
    clean(framework)
    assert len(framework.competencies) == 2
    assert sorted(set(codes(warnings))) == [
        "ctdl-more-frameworks", "ctdl-other-framework", "ctdl-unmapped", "no-levels",
    ]
    second, _ = leadcomp.read_ctdl(ctdl / "fixture_competency_framework_2_valid.json",
                                   ctdl / "seed_competency.json")
    clean(second)
    assert [(c.title, c.parent is not None) for c in second.competencies] == [
        ("Life Science", False), ("Earth and Space Science", True), ("Astronomy", False),
    ]
    for invalid in ("fixture_competency_framework_1_invalid.json",
                    "fixture_competency_1_invalid.json", "fixture_competency_1_valid.json"):
        with pytest.raises(InvalidDocument) as caught:
            leadcomp.read_ctdl(ctdl / invalid)
        assert caught.value.errors[0].code == "ctdl-no-framework"


def test_mapping_corpus_osmt_and_opensalt(corpus: Path) -> None:
    osmt = {**OSMT_MAPPING, "fields": {**OSMT_MAPPING["fields"], "parent": "Skill Category"}}
    framework, warnings = leadcomp.read_mapped(corpus / "osmt" / "Skills-Import.csv", osmt)
    clean(framework)
    assert len(framework.competencies) == 2
    assert codes(warnings) == ["unknown-parent", "unmapped-fields", "no-levels"]
    items = {**ITEMS_MAPPING, "kinds": [{"value": "Standard", "kind": "skill"}]}
    framework, warnings = leadcomp.read_mapped(corpus / "opensalt" / "csv" / "test_items.csv",
                                               items)
    clean(framework)
    assert len(framework.competencies) == 99
    assert codes(warnings) == ["no-levels"]


# -- load, validate and validate_files tell ESCO, O*NET and CTDL-ASN files by their content -----


@pytest.mark.parametrize(
    ("name", "content", "competencies"),
    [
        ("skillsHierarchy_en.csv", ESCO_HIERARCHY, None),
        ("Content_Model_Reference.csv", ONET_MODEL, None),
        ("framework.json", None, None),
    ],
)
def test_load_and_validate_read_foreign_frameworks(
    tmp_path: Path, name: str, content: str | None, competencies: int | None
) -> None:
    text = content if content is not None else json.dumps(ctdl_graph())
    path = write(tmp_path, name, text)
    by_reader = {
        "skillsHierarchy_en.csv": leadcomp.read_esco,
        "Content_Model_Reference.csv": leadcomp.read_onet,
        "framework.json": leadcomp.read_ctdl,
    }[name](path)[0]
    assert leadcomp.load(path) == by_reader
    assert leadcomp.load(path, kind="framework") == by_reader
    assert not [p for p in leadcomp.validate(path) if p.is_error]
    if name.endswith(".csv"):
        assert leadcomp.load(path.read_bytes()) == by_reader  # bytes are told by the header
    with pytest.raises(InvalidDocument) as caught:
        leadcomp.load(path, kind="role")
    assert codes(caught.value.problems) == ["wrong-kind"]
    assert codes(leadcomp.validate(path, kind="assessment")) == ["wrong-kind"]
    (check,) = leadcomp.validate_files([path])
    assert (check.kind, check.valid) == ("framework", True)


def test_other_csv_files_are_still_read_as_moodle(tmp_path: Path) -> None:
    path = write(tmp_path, "answers.csv", "Participant,Q1\nana,3\n")
    assert codes(leadcomp.validate(path)) == ["moodle-header"]


def test_a_ctdl_competency_without_its_framework_says_so(tmp_path: Path) -> None:
    graph = ctdl_graph()
    graph["@graph"] = [g for g in graph["@graph"] if "Framework" not in str(g.get("@type"))]
    path = write(tmp_path, "competencies.json", json.dumps(graph))
    assert codes(leadcomp.validate(path)) == ["ctdl-no-framework"]


def test_corpus_frameworks_load_and_validate(corpus: Path) -> None:
    for path in (
        corpus / "esco-v1.2.0" / "skillsHierarchy_en.csv",
        corpus / "onet-29.2-derived" / "Content_Model_Reference.csv",
        corpus / "credentialengine-ctdl-asn" / "seed_competency_framework.json",
    ):
        framework = leadcomp.load(path)
        assert isinstance(framework, leadcomp.Framework)
        assert not [p for p in leadcomp.validate(path) if p.is_error], path
