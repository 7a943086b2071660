"""The built-in frameworks and roles: structure as domain.md states it, valid, canonical, loadable
by id, and listed by the CLI."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import leadcomp
import strategies as S
from leadcomp import builtin
from leadcomp.builtin import (
    BuiltinInfo,
    find,
    list_frameworks,
    list_roles,
    load_builtin,
    load_builtin_framework,
    load_builtin_role,
    resolve,
)
from leadcomp.cli import main
from leadcomp.model import Framework, RoleProfile
from leadcomp.model._policy import MergeRule
from profiles import scaled
from scoring_strategies import policies

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(builtin.__file__).parent
FRAMEWORKS = list_frameworks()
ROLES = list_roles()

EXPECTED_FRAMEWORKS = {
    "adkar@1.0.0",
    "clcf@1.0.0",
    "hlm@1.0.0",
    "ihi-mfi@1.0.0",
    "kotter@1.0.0",
    "kotter@2.0.0",
    "mentoring@1.0.0",
    "nhs-board-lcf@1.0.0",
    "nhs-lf@1.0.0",
    "oric@1.0.0",
}
EXPECTED_ROLES = {
    "pcn-clinical-director": "hlm",
    "pcn-clinical-director-clcf": "clcf",
    "clinical-fellow": "hlm",
    "practice-manager": "hlm",
}

CLCF = {
    "Demonstrating Personal Qualities": [
        "Developing Self Awareness",
        "Managing Yourself",
        "Continuing Personal Development",
        "Acting with Integrity",
    ],
    "Working with Others": [
        "Developing Networks",
        "Building & Maintaining Relationships",
        "Encouraging Contribution",
        "Working within Teams",
    ],
    "Managing Services": [
        "Planning",
        "Managing Resources",
        "Managing People",
        "Managing Performance",
    ],
    "Improving Services": [
        "Ensuring Patient Safety",
        "Critically Evaluating",
        "Encouraging Improvement and Innovation",
        "Facilitating Transformation",
    ],
    "Setting Direction": [
        "Identifying the Contexts for Change",
        "Applying Knowledge and Evidence",
        "Making Decisions",
        "Evaluating Impact",
    ],
}
NHS_LF_EXTRA = {
    "Creating the Vision": [
        "Developing the Vision for the Organisation",
        "Influencing the Vision of the Wider Healthcare System",
        "Communicating the Vision",
        "Embodying the Vision",
    ],
    "Delivering the Strategy": [
        "Framing the Strategy",
        "Developing the Strategy",
        "Implementing the Strategy",
        "Embedding the Strategy",
    ],
}


def path_of(info: BuiltinInfo) -> Path:
    return PACKAGE / info.resource


def tree(framework: Framework) -> dict[str, list[str]]:
    """Top-level titles mapped to their children's titles, in document order."""
    return {
        root.title: [child.title for child in framework.children(root.id)]
        for root in framework.roots()
    }


# ---------------------------------------------------------------------------------- listings


def test_every_expected_builtin_is_listed() -> None:
    assert {i.ref for i in FRAMEWORKS} == EXPECTED_FRAMEWORKS
    assert {i.id: i.framework for i in ROLES} == EXPECTED_ROLES
    assert all(i.kind == "framework" for i in FRAMEWORKS)
    assert all(i.kind == "role" and i.version is None and i.ref == i.id for i in ROLES)


def test_listing_is_ordered_by_id_then_version() -> None:
    keys = [(i.id, tuple(int(p) for p in str(i.version).split("."))) for i in FRAMEWORKS]
    assert keys == sorted(keys)
    assert [i.id for i in ROLES] == sorted(i.id for i in ROLES)


def test_exported_names_are_the_registry() -> None:
    assert leadcomp.builtin_frameworks() == FRAMEWORKS
    assert leadcomp.builtin_roles() == ROLES
    assert leadcomp.load_builtin("hlm") is load_builtin_framework("hlm")
    assert {"builtin_frameworks", "builtin_roles", "load_builtin"} <= set(leadcomp.__all__)


@pytest.mark.parametrize("info", FRAMEWORKS + ROLES, ids=lambda i: i.ref)
def test_listing_describes_the_file(info: BuiltinInfo) -> None:
    data = json.loads(path_of(info).read_text(encoding="utf-8"))
    assert data["kind"] == info.kind
    assert data["id"] == info.id
    assert data["title"] == info.title
    assert data["provenance"]["source"] == info.source
    if info.kind == "framework":
        assert info.resource == f"frameworks/{info.id}-{info.version}.json"
        assert data["version"] == info.version
        assert len(data["competencies"]) == info.count
    else:
        assert info.resource == f"roles/{info.id}.json"
        assert data["framework"] == {"id": info.framework, "versions": info.versions}
        assert len(data["requirements"]) == info.count
    assert info.read_text() == path_of(info).read_text(encoding="utf-8")


def test_no_stray_files_ship() -> None:
    shipped = {
        str(p.relative_to(PACKAGE))
        for folder in ("frameworks", "roles")
        for p in (PACKAGE / folder).glob("*")
        if p.is_file()
    }
    assert shipped == {i.resource for i in FRAMEWORKS + ROLES}


# ------------------------------------------------------------------- every framework, generic


@pytest.mark.parametrize("info", FRAMEWORKS, ids=lambda i: i.ref)
def test_framework_is_valid_canonical_and_unofficial(info: BuiltinInfo) -> None:
    path = path_of(info)
    text = path.read_text(encoding="utf-8")
    assert leadcomp.validate(path) == []  # no errors and no warnings
    framework = leadcomp.load(path, kind="framework")
    assert leadcomp.dumps(framework) == text  # canonical: byte-identical round trip
    assert framework.version == "1.0.0" or framework.ref == "kotter@2.0.0"
    provenance = framework.provenance
    assert provenance is not None
    assert provenance.unofficial is True
    assert provenance.licence
    assert provenance.note is not None
    assert provenance.note.startswith("Unofficial rendering: structure follows ")
    assert provenance.note.endswith(
        "summaries, indicators and descriptors are leadcomp's own wording."
    )
    assert framework.default_scale is not None
    assert framework.scale(framework.default_scale) is not None


@pytest.mark.parametrize("info", FRAMEWORKS, ids=lambda i: i.ref)
def test_framework_ids_are_readable_and_every_rated_competency_is_usable(
    info: BuiltinInfo,
) -> None:
    framework = load_builtin_framework(info.ref)
    texts: set[str] = set()
    for competency in framework.competencies:
        assert competency.id.startswith(f"{framework.id}.")
        assert competency.id == competency.id.lower()
        assert competency.description  # a one-line summary in our words
        if competency.kind == "domain" and not competency.indicators:
            assert framework.children(competency.id), "a domain without items groups others"
            continue
        scale = framework.scale_of(competency)
        assert scale is not None
        # items raters can answer, and a full rubric: "what good looks like" at every level
        assert len(competency.indicators) >= 2
        assert [d.level for d in competency.descriptors] == list(scale.values)
        numbers = []
        for indicator in competency.indicators:
            owner, _, number = indicator.id.rpartition(".")
            assert owner == competency.id
            assert number.isdigit()
            numbers.append(int(number))
            assert indicator.text not in texts, f"indicator text repeated: {indicator.text}"
            texts.add(indicator.text)
        # numbered in order; a later version skips the numbers of the indicators it retired
        # (an id keeps its meaning, so a changed meaning takes the next unused number)
        assert numbers == sorted(set(numbers))
        if framework.version == "1.0.0":
            assert numbers == list(range(1, len(numbers) + 1))


# -------------------------------------------------------------------------- exact structures


def test_hlm_has_nine_dimensions_in_order_on_four_levels() -> None:
    hlm = load_builtin_framework("hlm")
    assert [c.title for c in hlm.roots()] == [
        "Inspiring shared purpose",
        "Leading with care",
        "Evaluating information",
        "Connecting our service",
        "Sharing the vision",
        "Engaging the team",
        "Holding to account",
        "Developing capability",
        "Influencing for results",
    ]
    assert len(hlm.competencies) == 9
    assert hlm.roots()[0].id == "hlm.inspiring-shared-purpose"
    assert hlm.roots()[0].indicators[0].id == "hlm.inspiring-shared-purpose.1"
    assert all(c.kind == "behaviour" for c in hlm.competencies)
    assert all(4 <= len(c.indicators) <= 5 for c in hlm.competencies)
    assert any(i.reverse for c in hlm.competencies for i in c.indicators)
    (scale,) = hlm.scales
    assert [(lv.value, lv.label) for lv in scale.levels] == [
        (1, "Essential"),
        (2, "Proficient"),
        (3, "Strong"),
        (4, "Exemplary"),
    ]
    assert scale.not_observed


# The shape of hlm@1.0.0 that assessments, roles and the examples rely on: ids, titles, kinds,
# scales, level values and labels, indicator ids with their reverse flags, descriptor levels.
# Rewording (issue 22 item 5) changed none of it; a change here is not a patch.
HLM_SHAPE_SHA256 = "53a3d4ce730161f1b27739bd5b74c5f559c40cd930138ee8c766071b8f42ef28"
HLM_INDICATORS = {
    "hlm.inspiring-shared-purpose": 5,
    "hlm.leading-with-care": 5,
    "hlm.evaluating-information": 4,
    "hlm.connecting-our-service": 5,
    "hlm.sharing-the-vision": 4,
    "hlm.engaging-the-team": 5,
    "hlm.holding-to-account": 4,
    "hlm.developing-capability": 4,
    "hlm.influencing-for-results": 5,
}
HLM_REVERSED = [
    "hlm.inspiring-shared-purpose.5",
    "hlm.leading-with-care.4",
    "hlm.connecting-our-service.4",
    "hlm.engaging-the-team.4",
]
# Phrasings of the earlier summaries and indicators that followed the published one-line
# definitions and questions clause by clause; none may come back.
HLM_RETIRED_PHRASES = [
    "balanced feedback",
    "quality goals",
    "own their results",
    "public-service ethos",
    "why their work matters",
    "paints a clear",
    "worth reaching",
    "gathers information from many sources",
    "weighs it critically",
    "fit together and works across boundaries",
    "noticing what each person needs",
    "contributions and ideas matter",
    "capability for future challenges",
    "chooses how best to influence",
    "take account of their concerns",
    "gains support for change",
    "asks for ideas and views before decisions",
    "shows the dimension",
]


def _hlm_shape(data: dict[str, Any]) -> str:
    import hashlib

    shape = {
        "id": data["id"],
        "version": data["version"],
        "default_scale": data["default_scale"],
        "scales": [
            [
                s["id"], s.get("proficient"), s.get("not_observed", False),
                s.get("not_observed_label"), [[lv["value"], lv["label"]] for lv in s["levels"]],
            ]
            for s in data["scales"]
        ],
        "competencies": [
            [
                c["id"], c["title"], c["kind"], c.get("parent"), c.get("scale"), c.get("weight"),
                [
                    [i["id"], i.get("reverse", False), i.get("scale")]
                    for i in c.get("indicators", [])
                ],
                [d["level"] for d in c.get("descriptors", [])],
            ]
            for c in data["competencies"]
        ],
    }
    text = json.dumps(shape, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_hlm_rewording_kept_ids_structure_and_reverse_flags() -> None:
    data = json.loads(path_of(find("hlm@1.0.0", "framework")).read_text(encoding="utf-8"))
    assert _hlm_shape(data) == HLM_SHAPE_SHA256
    hlm = load_builtin_framework("hlm@1.0.0")
    assert {c.id: len(c.indicators) for c in hlm.competencies} == HLM_INDICATORS
    assert [i.id for c in hlm.competencies for i in c.indicators if i.reverse] == HLM_REVERSED


def test_hlm_text_is_written_afresh() -> None:
    hlm = load_builtin_framework("hlm@1.0.0")
    texts = [str(level.description) for scale in hlm.scales for level in scale.levels]
    for competency in hlm.competencies:
        texts.append(competency.description or "")
        texts.extend(indicator.text for indicator in competency.indicators)
        texts.extend(descriptor.text for descriptor in competency.descriptors)
    assert len(texts) == 4 + 9 + sum(HLM_INDICATORS.values()) + 9 * 4
    for text in texts:
        assert text.strip()
        for phrase in HLM_RETIRED_PHRASES:
            assert phrase not in text.lower(), (phrase, text)


# Earlier wordings of other built-ins that paraphrased their sources' sentences (ORIC's items one
# for one, the CLCF's element definitions, Kotter's lists of what each step involves).
# Also some of the indicators and descriptors written before they too were rewritten afresh.
RETIRED_PHRASES = {
    "oric@1.0.0": [
        "genuinely want",
        "keen to get started",
        "extra effort",
        "monitor how the change is progressing",
        "organisational politics",
        "invest in the change",
        "keep up the pace",
    ],
    "clcf@1.0.0": [
        "behaves openly, honestly and ethically",
        "listens, communicates and builds trust",
        "creates the conditions for others to contribute",
        "contributes to plans that meet",
        "builds performance frameworks that drive",
        "creates an organisational climate",
    ],
    "nhs-lf@1.0.0": [
        "personifies the vision",
        "frames strategy that anticipates",
    ],
    "kotter@1.0.0": [
        "uses every channel",
        "changes systems that undermine",
        "credibility of early wins",
        "enough authority, expertise and trust",
        "a powerful, trusted coalition",
        "a strong, shared sense of urgency",
    ],
    "kotter@2.0.0": [
        "a large, diverse volunteer network",
        "urgency around the opportunity energises",
    ],
    "adkar@1.0.0": [
        "the case for change to others with conviction",
        "i would rather things stayed as they are",
    ],
    "ihi-mfi@1.0.0": [
        "uses measurement for learning, not for judgement",
        "builds on ideas that others have already tested",
    ],
    "mentoring@1.0.0": [
        "curiosity drives their learning",
        "trusted confidant",
        "seeks out challenge to their views",
    ],
}


@pytest.mark.parametrize("ref", sorted(RETIRED_PHRASES))
def test_retired_paraphrases_stay_gone(ref: str) -> None:
    framework = load_builtin_framework(ref)
    texts = [c.description or "" for c in framework.competencies]
    for competency in framework.competencies:
        texts.extend(indicator.text for indicator in competency.indicators)
        texts.extend(descriptor.text for descriptor in competency.descriptors)
    for text in texts:
        for phrase in RETIRED_PHRASES[ref]:
            assert phrase not in text.lower(), (phrase, text)


def test_clcf_is_five_domains_of_four_elements_with_exact_names() -> None:
    clcf = load_builtin_framework("clcf")
    assert tree(clcf) == CLCF
    assert len(clcf.competencies) == 25
    elements = [c for c in clcf.competencies if c.parent is not None]
    assert all(c.kind == "skill" and 2 <= len(c.indicators) <= 3 for c in elements)
    assert all(c.kind == "domain" for c in clcf.roots())
    assert clcf.get("clcf.building-and-maintaining-relationships") is not None
    (scale,) = clcf.scales
    assert len(scale.levels) == 4


def test_nhs_leadership_framework_is_seven_by_four() -> None:
    lf = load_builtin_framework("nhs-lf")
    assert tree(lf) == {**CLCF, **NHS_LF_EXTRA}
    assert len(lf.competencies) == 35
    clcf = load_builtin_framework("clcf")
    matched = [
        (c, r) for c in lf.competencies for r in c.relations if r.type == "exact_match"
    ]
    assert len(matched) == 20  # the five shared domains' elements
    for competency, relation in matched:
        assert relation.framework == "clcf"
        assert clcf.competency(relation.target).title == competency.title


def test_board_framework_has_six_domains_and_the_frequency_scale() -> None:
    board = load_builtin_framework("nhs-board-lcf")
    assert [c.title for c in board.roots()] == [
        "Driving high quality and sustainable outcomes",
        "Setting strategy and delivering long-term transformation",
        "Promoting equality and inclusion, and reducing health and workforce inequalities",
        "Providing robust governance and assurance",
        "Creating a compassionate, just and positive culture",
        "Building a trusted relationship with partners and communities",
    ]
    assert len(board.competencies) == 6
    assert all(len(c.indicators) >= 3 for c in board.competencies)
    (scale,) = board.scales
    assert [(lv.value, lv.label) for lv in scale.levels] == [
        (1, "Rarely or never"),
        (2, "Occasionally"),
        (3, "Frequently"),
        (4, "Almost always"),
    ]
    assert scale.not_observed
    assert scale.not_observed_label == "No chance to demonstrate"


def test_oric_has_commitment_and_efficacy_subscales() -> None:
    oric = load_builtin_framework("oric")
    assert [(c.title, len(c.indicators)) for c in oric.competencies] == [
        ("Change commitment", 5),
        ("Change efficacy", 7),
    ]
    assert all(c.kind == "change_readiness" for c in oric.competencies)
    (scale,) = oric.scales
    assert [lv.label for lv in scale.levels] == [
        "Disagree",
        "Somewhat disagree",
        "Neither agree nor disagree",
        "Somewhat agree",
        "Agree",
    ]
    assert scale.values == (1, 2, 3, 4, 5)


KOTTER_1996 = [
    "Establish a sense of urgency",
    "Create the guiding coalition",
    "Develop a vision and strategy",
    "Communicate the change vision",
    "Empower broad-based action",
    "Generate short-term wins",
    "Consolidate gains and produce more change",
    "Anchor new approaches in the culture",
]


def test_kotter_1996_is_eight_sequential_steps_in_order() -> None:
    kotter = load_builtin_framework("kotter@1.0.0")
    assert [c.title for c in kotter.roots()] == KOTTER_1996
    assert kotter.sequential
    assert all(c.kind == "step" for c in kotter.competencies)


def test_kotter_2014_is_concurrent_and_declares_what_it_replaces() -> None:
    old = load_builtin_framework("kotter@1.0.0")
    new = load_builtin_framework("kotter@2.0.0")
    assert load_builtin_framework("kotter") is new  # the newest when no version is given
    assert not new.sequential
    assert len(new.competencies) == 8
    assert all(c.kind == "step" for c in new.competencies)
    carried = {c.id for c in new.competencies} & {c.id for c in old.competencies}
    replaced = {r for c in new.competencies for r in c.replaces}
    for competency in new.competencies:
        for old_id in competency.replaces:
            assert old_id in old, "replaces names a competency of 1.0.0"
            assert old_id not in new, "only ids that changed are replaced"
    # every 1996 step is carried under its id or replaced: nothing is lost silently
    assert carried | replaced == {c.id for c in old.competencies}
    assert not carried & replaced
    assert [c.scale for c in new.competencies] == [c.scale for c in old.competencies]
    assert new.scales == old.scales


def test_adkar_is_five_sequential_elements_with_a_barrier_threshold() -> None:
    adkar = load_builtin_framework("adkar")
    assert [c.title for c in adkar.roots()] == [
        "Awareness",
        "Desire",
        "Knowledge",
        "Ability",
        "Reinforcement",
    ]
    assert adkar.sequential
    (scale,) = adkar.scales
    assert scale.values == (1, 2, 3, 4, 5)
    assert scale.proficient == 4  # 3 or below is under the threshold: the barrier point
    assert adkar.provenance is not None
    assert "trademark of Prosci" in str(adkar.provenance.note)


def test_ihi_model_for_improvement_has_three_questions_and_pdsa() -> None:
    mfi = load_builtin_framework("ihi-mfi")
    assert [c.id for c in mfi.competencies] == [
        "ihi-mfi.aim",
        "ihi-mfi.measures",
        "ihi-mfi.changes",
        "ihi-mfi.pdsa",
    ]
    assert "Plan-Do-Study-Act" in mfi.competency("ihi-mfi.pdsa").title


def test_mentoring_has_five_attributes_and_fourteen_functions() -> None:
    mentoring = load_builtin_framework("mentoring")
    assert tree(mentoring) == {
        "Mentee attributes": [
            "Inquisitive",
            "Humble",
            "Showing initiative",
            "Adaptable",
            "Grateful",
        ],
        "Mentoring functions": [
            "Teaching",
            "Socialising",
            "Providing opportunity",
            "Sponsoring",
            "Coaching",
            "Guiding",
            "Protecting",
            "Advising and counselling",
            "Encouraging",
            "Inspiring",
            "Challenging",
            "Role modelling",
            "Supporting",
            "Befriending",
        ],
    }
    kinds = {c.kind for c in mentoring.children("mentoring.mentee-attributes")}
    assert kinds == {"attribute"}
    assert {c.kind for c in mentoring.children("mentoring.mentoring-functions")} == {"function"}


# ------------------------------------------------------------------------------------- roles


@pytest.mark.parametrize("info", ROLES, ids=lambda i: i.id)
def test_role_is_valid_against_its_framework(info: BuiltinInfo) -> None:
    path = path_of(info)
    role = leadcomp.load(path, kind="role")
    framework = load_builtin_framework(role.framework.id)
    assert leadcomp.validate(path) == []
    assert leadcomp.validate(path, framework=framework) == []
    assert leadcomp.dumps(role) == path.read_text(encoding="utf-8")
    assert role.requirements
    for requirement in role.requirements:
        competency = framework.competency(requirement.competency)
        scale = framework.scale_of(competency)
        assert scale is not None
        assert requirement.level in scale.values
        assert competency.indicators, "required competencies can be measured"
        assert 1 <= requirement.importance <= 5
        assert requirement.note
    assert any(r.essential for r in role.requirements)
    assert role.provenance is not None
    assert role.provenance.unofficial is True
    assert "this profile is leadcomp's own judgement" in str(role.provenance.note)


def test_pcn_clinical_director_roles_state_their_basis() -> None:
    note = (
        "No official competency framework exists for this role; this profile is leadcomp's own "
        "judgement based on the published role responsibilities (Network Contract DES)."
    )
    for name in ("pcn-clinical-director", "pcn-clinical-director-clcf"):
        role = load_builtin_role(name)
        assert role.provenance is not None
        assert role.provenance.note == note
        assert role.framework.versions == "^1.0.0"
    hlm_role = load_builtin_role("pcn-clinical-director")
    assert len(hlm_role.requirements) == 9  # every HLM dimension
    accountable = hlm_role.requirement("hlm.holding-to-account")
    assert accountable is not None
    assert accountable.essential
    assert "DES" in str(accountable.note)
    assert len(load_builtin_role("pcn-clinical-director-clcf").requirements) == 20


# ---------------------------------------------------------------------------------- registry


def test_load_by_id_and_by_exact_version_are_cached() -> None:
    hlm = load_builtin("hlm")
    assert isinstance(hlm, Framework)
    assert hlm.ref == "hlm@1.0.0"
    assert load_builtin("hlm@1.0.0") is hlm
    assert load_builtin("kotter@1.0.0").version == "1.0.0"
    role = load_builtin("practice-manager", "role")
    assert isinstance(role, RoleProfile)
    assert load_builtin_role("practice-manager") is role


def test_resolve_prefers_an_existing_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, example_framework_path: Path
) -> None:
    assert resolve("hlm", "framework") is load_builtin_framework("hlm")
    assert resolve("kotter@1.0.0", "framework").sequential
    assert resolve("clinical-fellow", "role").framework.id == "hlm"
    from_file = resolve(example_framework_path, "framework")
    assert from_file.id == "team-leadership"
    assert resolve(str(example_framework_path), "framework") == from_file
    # a file in the working folder named like a built-in wins over the built-in
    monkeypatch.chdir(tmp_path)
    (tmp_path / "hlm").write_bytes(example_framework_path.read_bytes())
    assert resolve("hlm", "framework").id == "team-leadership"


def test_resolve_reports_a_missing_file_as_a_file_problem(tmp_path: Path) -> None:
    with pytest.raises(leadcomp.InvalidDocument) as caught:
        resolve(str(tmp_path / "missing.json"), "framework")
    assert [p.code for p in caught.value.problems] == ["unreadable"]
    with pytest.raises(leadcomp.InvalidDocument) as caught:
        resolve("frameworks/hlm", "framework")
    assert [p.code for p in caught.value.problems] == ["unreadable"]


def test_resolve_checks_the_kind(tmp_path: Path) -> None:
    with pytest.raises(leadcomp.InvalidDocument) as caught:
        resolve(path_of(find("clinical-fellow", "role")), "framework")
    assert [p.code for p in caught.value.problems] == ["wrong-kind"]


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [("hlmm", "hlm"), ("HLM", "hlm"), ("kotter2", "kotter"), ("nhs-board", "nhs-board-lcf")],
)
def test_unknown_id_suggests_the_closest(name: str, suggestion: str) -> None:
    with pytest.raises(leadcomp.InvalidDocument) as caught:
        resolve(name, "framework")
    (found,) = caught.value.problems
    assert found.code == "unknown-builtin"
    assert found.is_error
    assert f"did you mean {suggestion!r}?" in found.message
    assert "neither an existing file nor a built-in framework" in found.message
    assert "adkar, clcf, hlm," in found.message  # lists what there is


def test_unknown_ids_without_a_close_match_list_what_exists() -> None:
    with pytest.raises(leadcomp.InvalidDocument) as caught:
        load_builtin_framework("zzzzzz")
    (found,) = caught.value.problems
    assert found.code == "unknown-builtin"
    assert "did you mean" not in found.message
    assert found.message.startswith("'zzzzzz' is not a built-in framework")
    with pytest.raises(leadcomp.InvalidDocument, match="pcn-clinical-director"):
        load_builtin_role("pcn-director")


def test_unknown_version_lists_the_versions() -> None:
    with pytest.raises(leadcomp.InvalidDocument) as caught:
        load_builtin_framework("kotter@3.0.0")
    (found,) = caught.value.problems
    assert found.code == "unknown-builtin"
    assert "versions: 1.0.0, 2.0.0" in found.message


def test_roles_have_no_versions() -> None:
    with pytest.raises(leadcomp.InvalidDocument) as caught:
        load_builtin_role("practice-manager@1.0.0")
    assert caught.value.problems[0].code == "unknown-builtin"
    assert "without '@'" in caught.value.problems[0].message


def test_load_builtin_refuses_other_kinds() -> None:
    with pytest.raises(ValueError, match="frameworks or roles"):
        load_builtin("hlm", "assessment")  # type: ignore[call-overload]


def test_importing_and_listing_stay_light() -> None:
    code = (
        "import sys, leadcomp.builtin as b; b.list_frameworks(); b.list_roles(); "
        "print(sorted(m for m in ('jsonschema', 'cattrs', 'yaml', 'leadcomp.documents._pipeline') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


# ------------------------------------------------------------------------------------ sources
# The shipped JSON files are the sources, edited by hand; these tests keep every promise the
# generator that once wrote them made.

#: The provenance note every built-in framework carries, around whose structure it follows.
NOTE = re.compile(
    r"Unofficial rendering: structure follows (?P<structure>\S.*\S); summaries, indicators "
    r"and descriptors are leadcomp's own wording\."
)
SOURCES = sorted(
    str(p.relative_to(PACKAGE))
    for folder in ("frameworks", "roles", "policies", "mappings")
    for p in (PACKAGE / folder).glob("*.json")
)


@pytest.mark.parametrize("resource", SOURCES)
def test_every_source_is_canonical_json(resource: str) -> None:
    """Each file is exactly what leadcomp's canonical writer gives for its data: UTF-8, stable
    key order and number form, two-space indent, one final newline."""
    raw = (PACKAGE / resource).read_bytes()
    data = json.loads(raw)
    model = leadcomp.load(data, kind=data["kind"])
    assert leadcomp.check(model) == []  # no errors and no warnings
    assert leadcomp.dumps(model).encode("utf-8") == raw
    assert leadcomp.validate(PACKAGE / resource) == []


@pytest.mark.parametrize("info", FRAMEWORKS, ids=lambda i: i.ref)
def test_framework_source_keeps_the_generated_shape(info: BuiltinInfo) -> None:
    data = json.loads(path_of(info).read_text(encoding="utf-8"))
    assert data["format"] == "1.0"
    provenance = data["provenance"]
    assert provenance["unofficial"] is True
    assert provenance["source"]
    assert provenance["licence"]
    assert NOTE.fullmatch(provenance["note"]), provenance["note"]
    assert data["default_scale"] == data["scales"][0]["id"]
    for scale in data["scales"]:
        assert [lv["value"] for lv in scale["levels"]] == sorted(
            lv["value"] for lv in scale["levels"]
        )
        assert ("not_observed_label" in scale) == scale.get("not_observed", False)
    competency_ids = [c["id"] for c in data["competencies"]]
    assert len(competency_ids) == len(set(competency_ids))
    indicator_ids: list[str] = []
    for competency in data["competencies"]:
        cid = competency["id"]
        assert cid.startswith(f"{data['id']}.")
        assert competency.get("parent") in (None, *competency_ids)
        for item in competency.get("indicators", ()):
            owner, _, number = item["id"].rpartition(".")
            assert owner == cid
            assert number.isdigit()
            assert number == str(int(number))  # no leading zeros
            assert int(number) >= 1
            assert item.get("reverse", True) is True  # written only when reverse-keyed
            indicator_ids.append(item["id"])
        levels = [d["level"] for d in competency.get("descriptors", ())]
        if levels:  # one descriptor per level, upwards from the first
            assert levels == list(range(levels[0], levels[0] + len(levels)))
    assert len(indicator_ids) == len(set(indicator_ids))


def _indicator_numbers(info: BuiltinInfo) -> dict[str, dict[str, str]]:
    """Per competency id: indicator number -> text."""
    data = json.loads(path_of(info).read_text(encoding="utf-8"))
    return {
        c["id"]: {i["id"].rpartition(".")[2]: i["text"] for i in c.get("indicators", ())}
        for c in data["competencies"]
    }


def test_a_later_version_never_reuses_an_indicator_number() -> None:
    """An indicator id keeps its meaning across versions: an indicator whose meaning changed
    takes a number its competency never used before."""
    by_id: dict[str, list[BuiltinInfo]] = {}
    for info in FRAMEWORKS:
        by_id.setdefault(info.id, []).append(info)
    compared = 0
    for versions in by_id.values():
        for earlier, later in itertools.pairwise(versions):
            before, after = _indicator_numbers(earlier), _indicator_numbers(later)
            for cid, numbers in after.items():
                used = {int(n) for n in before.get(cid, {})}
                for number in numbers:
                    if number not in before.get(cid, {}):
                        assert int(number) > max(used, default=0), f"{cid}.{number}"
            compared += 1
    assert compared >= 1  # kotter 1.0.0 -> 2.0.0


@pytest.mark.parametrize("info", ROLES, ids=lambda i: i.id)
def test_role_source_keeps_the_generated_shape(info: BuiltinInfo) -> None:
    data = json.loads(path_of(info).read_text(encoding="utf-8"))
    assert data["format"] == "1.0"
    assert data["framework"]["versions"] == "^1.0.0"
    assert data["tags"]
    keys = [r["competency"] for r in data["requirements"]]
    assert len(keys) == len(set(keys))
    for requirement in data["requirements"]:
        assert requirement["competency"].startswith(f"{data['framework']['id']}.")
        assert requirement["note"]
    role = leadcomp.load(data, kind="role")
    target = leadcomp.load(path_of(find(f"{role.framework.id}@1.0.0", "framework")))
    assert leadcomp.check(role, target) == []


# ---------------------------------------------------------------------------------- policies

#: The built-in policies as they were written in Python before they became data files.
POLICIES_AS_THEY_WERE = {
    "default": leadcomp.ScoringPolicy(
        id="default",
        title="CCL anonymity minimums, small groups withheld, all others pooled per rater",
    ),
    "merge": leadcomp.ScoringPolicy(
        id="merge",
        title="CCL anonymity minimums, small groups merged into colleagues",
        small_groups="merge",
        merge=MergeRule(into="colleagues", groups=("peer", "direct_report", "other"), threshold=3),
    ),
    "group-pooling": leadcomp.ScoringPolicy(
        id="group-pooling",
        title="CCL anonymity minimums, small groups withheld, all others pooled per group",
        pooling="group",
    ),
}


def test_builtin_policies_are_the_shipped_files_and_the_same_objects_as_ever() -> None:
    shipped = sorted(p.stem for p in (PACKAGE / "policies").iterdir())
    assert shipped == sorted(POLICIES_AS_THEY_WERE)
    assert list(leadcomp.BUILTIN_POLICIES) == ["default", "merge", "group-pooling"]
    assert len(leadcomp.BUILTIN_POLICIES) == 3
    for name, expected in POLICIES_AS_THEY_WERE.items():
        path = PACKAGE / "policies" / f"{name}.json"
        checked = leadcomp.load(path, kind="policy")
        assert checked == expected
        assert leadcomp.BUILTIN_POLICIES[name] == expected
        assert leadcomp.builtin_policy(name) is leadcomp.BUILTIN_POLICIES[name]
        assert leadcomp.load_policy(name) is leadcomp.BUILTIN_POLICIES[name]
        assert leadcomp.load_policy(path) == expected
        assert leadcomp.dumps(expected) == path.read_text(encoding="utf-8")
    assert leadcomp.DEFAULT_POLICY is leadcomp.BUILTIN_POLICIES["default"]
    import leadcomp.builtin._policies as _policies

    assert _policies.MERGE_POLICY is leadcomp.BUILTIN_POLICIES["merge"]
    assert _policies.GROUP_POOLING_POLICY is leadcomp.BUILTIN_POLICIES["group-pooling"]
    assert "lenient" not in leadcomp.BUILTIN_POLICIES
    with pytest.raises(KeyError):
        leadcomp.BUILTIN_POLICIES["lenient"]
    with pytest.raises(TypeError):
        leadcomp.BUILTIN_POLICIES["lenient"] = expected  # type: ignore[index]
    with pytest.raises(AttributeError, match="NO_POLICY"):
        _policies.NO_POLICY  # noqa: B018


def test_reading_the_builtin_policies_stays_light() -> None:
    """Scoring imports the policies: reading them needs neither the converter, nor the
    validator, nor the document pipeline."""
    code = (
        "import sys, leadcomp.builtin._policies; print(sorted(m for m in ('jsonschema', 'cattrs', "
        "'yaml', 'leadcomp.documents._pipeline') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


@settings(scaled(1), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policy=policies())
def test_the_plain_policy_builder_is_the_converter(policy: leadcomp.ScoringPolicy) -> None:
    """_policies.plain_policy, the fast twin used for built-in policies, gives the model the
    converter gives, on any policy, written canonically or with every field spelled out."""
    import attrs

    from leadcomp.builtin._policies import plain_policy
    from leadcomp.model._converter import structure

    for data in (json.loads(leadcomp.dumps(policy)), attrs.asdict(policy)):
        body = {key: value for key, value in data.items() if key not in ("kind", "format")}
        built = plain_policy(data)
        assert built == structure(body, leadcomp.ScoringPolicy) == policy
        assert leadcomp.dumps(built) == leadcomp.dumps(policy)


def test_the_plain_policy_builder_names_every_field() -> None:
    import inspect

    import attrs

    import leadcomp.builtin._policies as _policies
    from leadcomp.model import _policy

    source = inspect.getsource(_policies)
    for cls in (_policy.MergeRule, _policy.BlindSpotRule, _policy.ScoringPolicy):
        for field in attrs.fields(cls):
            assert f"{field.name}=" in source, (cls.__name__, field.name)


# ---------------------------------------------------------------------------------------- CLI


def test_cli_lists_frameworks_as_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frameworks"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "VERSION", "TITLE", "COMPETENCIES"]
    assert len(lines) == 1 + len(FRAMEWORKS)
    hlm = next(line for line in lines if line.startswith("hlm "))
    assert hlm.split()[1] == "1.0.0"
    assert "Healthcare Leadership Model" in hlm
    assert hlm.split()[-1] == "9"
    assert sum(line.startswith("kotter ") for line in lines) == 2
    assert "Unofficial" in err


def test_cli_lists_frameworks_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frameworks", "-o", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [entry["ref"] for entry in listed] == [i.ref for i in FRAMEWORKS]
    by_ref = {entry["ref"]: entry for entry in listed}
    assert by_ref["clcf@1.0.0"]["competencies"] == 25
    assert by_ref["mentoring@1.0.0"]["competencies"] == 21
    assert set(by_ref["oric@1.0.0"]) == {
        "id", "version", "ref", "title", "competencies", "source",
    }


def test_cli_lists_roles(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["roles"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "FRAMEWORK", "VERSIONS", "TITLE", "REQUIREMENTS"]
    row = next(line for line in lines if line.startswith("pcn-clinical-director "))
    assert row.split()[1:3] == ["hlm", "^1.0.0"]
    assert row.split()[-1] == "9"
    assert main(["roles", "-o", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {entry["id"]: entry["framework"] for entry in listed} == EXPECTED_ROLES
    assert {entry["id"]: entry["requirements"] for entry in listed}[
        "pcn-clinical-director-clcf"
    ] == 20


def test_cli_validate_accepts_a_builtin_framework_id(
    capsys: pytest.CaptureFixture[str],
) -> None:
    role = str(path_of(find("pcn-clinical-director", "role")))
    clcf_role = str(path_of(find("pcn-clinical-director-clcf", "role")))
    assert main(["validate", "--framework", "hlm", role]) == 0
    assert main(["validate", "--framework", "clcf@1.0.0", clcf_role]) == 0
    capsys.readouterr()
    # a framework given is one more to choose from: the role is checked against the one it
    # names (hlm), not against clcf
    assert main(["validate", "--framework", "clcf", role]) == 0
    assert capsys.readouterr().out == ""


def test_cli_validate_refuses_an_unknown_framework_id(
    capsys: pytest.CaptureFixture[str],
) -> None:
    role = str(path_of(find("pcn-clinical-director", "role")))
    assert main(["validate", "--framework", "hlmm", role]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("hlmm: unknown-builtin: ")
    assert "did you mean 'hlm'?" in err


@pytest.mark.parametrize("info", FRAMEWORKS + ROLES, ids=lambda i: i.ref)
def test_loading_a_builtin_skips_no_meaning(info: BuiltinInfo) -> None:
    """Built-ins are only structured when loaded (the checks above run here instead): the model
    is the one the full, checked load gives."""
    from leadcomp.builtin import _load

    checked = leadcomp.load(path_of(info), kind=info.kind)
    assert _load(info.resource, info.kind) == checked


@settings(scaled(1), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(framework=S.frameworks())
def test_the_plain_framework_builder_is_the_converter(framework: leadcomp.Framework) -> None:
    """builtin._plain.framework, the fast twin used for built-ins, gives the model the one
    converter gives, on any framework."""
    from leadcomp.builtin._plain import framework as plain_framework
    from leadcomp.model._converter import structure

    data = json.loads(leadcomp.dumps(framework))
    body = {key: value for key, value in data.items() if key not in ("kind", "format")}
    assert plain_framework(data) == structure(body, leadcomp.Framework) == framework


def test_the_plain_framework_builder_names_every_field() -> None:
    import inspect

    import attrs

    from leadcomp.builtin import _plain
    from leadcomp.model import _framework

    source = inspect.getsource(_plain)
    for cls in (_framework.Level, _framework.Scale, _framework.Descriptor, _framework.Indicator,
                _framework.Relation, _framework.Competency, _framework.Provenance,
                _framework.Framework):
        for field in attrs.fields(cls):
            assert f"{field.name}=" in source, (cls.__name__, field.name)
