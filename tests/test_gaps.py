"""Gap analysis: pinned hand-computed reports, the fit index, the barrier of a sequence, role
compatibility, the report's JSON, and properties (monotonicity, bounds, order invariance)."""

from __future__ import annotations

import json
import math
from typing import Any

import attrs
import pytest
from hypothesis import given, settings, strategies as st

import leadcomp
from gap_data import ROLE, TOY, make_assessment, sheet_of
from leadcomp import InvalidDocument
from leadcomp.documents._reports import dumps_report, load_report, report_data
from leadcomp.gaps import (
    attainment,
    certainty_of,
    fit_index,
    gap,
    role_framework,
    status_of,
)
from leadcomp.model import (
    Competency,
    Descriptor,
    Framework,
    FrameworkRef,
    Indicator,
    Level,
    Requirement,
    RoleProfile,
    Scale,
)
from leadcomp.model._gaps import status_text
from leadcomp.validation._schemas import validator
from profiles import scaled

ACHIEVED = {"a": 2.2, "b": 3.25, "c": 3.0, "d": 2.0, "e": None, "f": 1.0}
WITHHELD = "all-others composite withheld: fewer than 4 raters shown"


def _toy_report(**kwargs: Any) -> leadcomp.GapReport:
    sheet = sheet_of(
        TOY,
        ACHIEVED,
        self_scores={"b": 4.0},
        flags={"b": "blind_spot"},
        missing={"e": WITHHELD},
    )
    return gap(sheet, ROLE, TOY, **kwargs)


# --- pinned examples -----------------------------------------------------------------------


def test_hand_computed_gap_report() -> None:
    report = _toy_report()
    rows = {r.competency: r for r in report.requirements}
    assert [r.competency for r in report.requirements] == ["a", "b", "c", "d", "e", "f"]
    expected = {  # competency: (gap, weighted gap, status, quadrant, essential unmet)
        "a": (0.8, 3.2, "below", "concentrate_here", True),
        "b": (-1.25, -2.5, "exceeds", "possible_overkill", False),
        "c": (0.0, 0.0, "meets", "keep_up_the_good_work", False),
        "d": (2.0, 2.0, "below", "low_priority", False),
        "e": (None, None, "no_evidence", None, True),
        "f": (2.0, 2.0, "below", "low_priority", False),
    }
    for competency, (difference, weighted, status, quadrant, unmet) in expected.items():
        row = rows[competency]
        assert row.gap == pytest.approx(difference), competency
        assert row.weighted_gap == pytest.approx(weighted), competency
        assert (row.status, row.quadrant, row.essential_unmet) == (status, quadrant, unmet)
    assert rows["e"].missing is not None
    assert WITHHELD in rows["e"].missing
    summary = report.summary
    assert (summary.requirements, summary.met, summary.exceeds, summary.below) == (6, 2, 1, 3)
    assert summary.no_evidence == 1
    assert summary.share_met == pytest.approx(2 / 6)
    # attainments: a (2.2-1)/(3-1) = 0.6, b 1, c 1, d (2-1)/(4-1) = 1/3, e 0, f 0
    assert summary.fit == pytest.approx((4 * 0.6 + 2 + 3 + 1 / 3) / 16)
    assert summary.essential_unmet == ("a", "e")
    # essential first; d and f tie on weighted gap and gap, so the id decides
    assert [(i.rank, i.competency) for i in report.plan] == [(1, "a"), (2, "d"), (3, "f")]
    a, d, f = report.plan
    assert (a.next_level, a.next_label, a.next_descriptor) == (3, "Three", "a at level 3.")
    assert (d.next_level, f.next_level) == (3, 2)  # nearest level 2 -> 3; nearest 1 -> 2
    assert [(i.id, i.reverse) for i in a.indicators] == [("a.1", False), ("a.2", True)]
    assert report.crosshairs == leadcomp.model.Crosshairs(mode="attainment", importance=3.0)
    (flagged,) = report.flags
    assert (flagged.competency, flagged.flag, flagged.difference) == ("b", "blind_spot", 0.75)
    assert [n.code for n in report.notes] == ["no-evidence"]
    assert not report.sequential
    assert report.barrier is None


def test_certainty_of_a_status_from_its_interval() -> None:
    # the case: 3.19 [2.97, 3.40] against 3 straddles: "probably meets"
    assert certainty_of(3, 3.19, (2.97, 3.40), 8) == "uncertain"
    assert status_text("meets", "uncertain") == "probably meets"
    assert status_text("below", "uncertain") == "probably below"
    assert certainty_of(3, 2.7, (2.5, 2.9), 8) == "clear"  # wholly below
    assert certainty_of(3, 3.2, (3.0, 3.4), 8) == "clear"  # wholly at or above
    assert status_text("meets", "clear") == "meets"
    assert certainty_of(3, 3.2, None, 1) == "insufficient"  # one rater: no interval
    assert certainty_of(3, 3.2, (3.2, 3.2), 1) == "insufficient"
    assert certainty_of(3, None, None, None) == "insufficient"
    assert status_text("meets", "insufficient") == "meets (no interval)"
    assert status_text("no_evidence", "insufficient") == "no evidence"


def test_gap_rows_carry_certainty() -> None:
    sheet = sheet_of(TOY, ACHIEVED)
    intervals = {"a": (1.9, 3.1), "c": (2.9, 3.1), "d": (1.5, 2.5)}
    sheet = attrs.evolve(
        sheet,
        competencies=tuple(
            attrs.evolve(e, all_others=attrs.evolve(e.all_others, ci=intervals[e.competency]))
            if e.competency in intervals and e.all_others is not None
            else e
            for e in sheet.competencies
        ),
    )
    report = gap(sheet, ROLE, TOY)
    certainty = {r.competency: r.certainty for r in report.requirements}
    assert certainty == {
        "a": "uncertain", "b": "insufficient", "c": "uncertain", "d": "clear",
        "e": "insufficient", "f": "insufficient",
    }
    assert report.summary.uncertain == 2
    assert not list(validator("gap-report").iter_errors(report_data(report)))


def test_attainment_quadrants_agree_with_the_table_and_midpoint_stays_an_option() -> None:
    # b requires 2 and achieves 2.2 on a 1-4 scale: met, though below the scale's midpoint
    role = attrs.evolve(
        ROLE,
        requirements=(
            Requirement(competency="a", level=3, importance=4.0),
            Requirement(competency="b", level=2, importance=4.0),
            Requirement(competency="c", level=3, importance=1.0),
        ),
    )
    sheet = sheet_of(TOY, {"a": 2.5, "b": 2.2, "c": 3.5})
    report = gap(sheet, role, TOY)
    rows = {r.competency: r for r in report.requirements}
    assert report.crosshairs.mode == "attainment"
    assert report.crosshairs.performance is None
    assert (rows["b"].status, rows["b"].quadrant) == ("meets", "keep_up_the_good_work")
    assert (rows["a"].status, rows["a"].quadrant) == ("below", "concentrate_here")
    for row in report.requirements:
        met = row.status in ("meets", "exceeds")
        assert (row.quadrant in ("keep_up_the_good_work", "possible_overkill")) == met
    midpoint = {r.competency: r.quadrant for r in gap(sheet, role, TOY, crosshairs="midpoint")
                .requirements}
    assert midpoint["b"] == "concentrate_here"  # position (2.2 - 1) / 3 = 0.4 < 0.5


def test_means_crosshairs() -> None:
    report = _toy_report(crosshairs="means")
    assert report.crosshairs.importance == pytest.approx((4 + 2 + 3 + 1 + 1) / 5)
    positions = [(2.2 - 1) / 3, (3.25 - 1) / 3, 2 / 3, 1 / 3, 0.0]
    assert report.crosshairs.performance == pytest.approx(sum(positions) / 5)
    quadrants = {r.competency: r.quadrant for r in report.requirements}
    # a: importance 4 >= 2.2 and position 0.4 < 0.43 -> concentrate here
    assert quadrants["a"] == "concentrate_here"
    assert quadrants["b"] == "possible_overkill"  # 2 < 2.2, 0.75 >= 0.43


def test_compare_self_and_groups() -> None:
    sheet = sheet_of(TOY, dict.fromkeys("abcdef", 4.0), compare="manager")
    report = gap(sheet, ROLE, TOY, compare="manager")
    assert report.compare == "manager"
    assert report.summary.met == 6
    assert gap(sheet, ROLE, TOY).summary.no_evidence == 6  # no all-others scores
    own = gap(sheet_of(TOY, dict.fromkeys("abcdef", 4.0), compare="self"), ROLE, TOY,
              compare="self")
    assert own.summary.fit == 1.0
    assert "self-only" in [n.code for n in own.notes]


def test_unknown_compare_is_a_problem() -> None:
    with pytest.raises(InvalidDocument) as caught:
        gap(sheet_of(TOY, ACHIEVED), ROLE, TOY, compare="peers")
    assert caught.value.problems[0].code == "unknown-group"
    assert "direct_report" in caught.value.problems[0].message


# --- the fit index -------------------------------------------------------------------------


def test_fit_is_exactly_one_when_every_requirement_is_met() -> None:
    report = gap(sheet_of(TOY, dict.fromkeys("abcdef", 4.0)), ROLE, TOY)
    assert report.summary.fit == 1.0
    assert report.summary.share_met == 1.0
    assert report.plan == ()
    assert report.summary.essential_unmet == ()


def test_fit_is_below_one_without_evidence_even_at_the_scale_minimum() -> None:
    role = attrs.evolve(ROLE, requirements=(Requirement(competency="a", level=1),))
    assert gap(sheet_of(TOY, {"a": 1.0}), role, TOY).summary.fit == 1.0
    report = gap(sheet_of(TOY, {}), role, TOY)
    assert report.summary.fit == 0.0
    assert report.requirements[0].status == "no_evidence"


def test_fit_stays_below_one_whatever_the_weights() -> None:
    assert fit_index([(1e17, 1.0), (1.0, 0.5)]) < 1.0
    assert fit_index([(1e17, 1.0), (1.0, 1.0)]) == 1.0
    assert fit_index([]) == 1.0


def test_status_and_attainment_at_the_edges() -> None:
    scale = TOY.scales[0]
    assert status_of(3, 3.0 - 1e-12, scale) == "meets"  # a mean a hair under is a level
    assert status_of(3, 2.99, scale) == "below"
    assert status_of(3, 4.0, scale) == "exceeds"
    assert status_of(4, 4.0, scale) == "meets"  # nothing above the top level
    assert status_of(2, None, scale) == "no_evidence"
    assert attainment(3, 1.0, scale) == 0.0
    assert attainment(3, 2.0, scale) == 0.5
    assert attainment(3, 3.5, scale) == 1.0


# --- sequences -----------------------------------------------------------------------------


ADKAR = leadcomp.load_builtin("adkar")
ADKAR_ROLE = RoleProfile(
    id="adopter",
    title="Ready adopter",
    framework=FrameworkRef(id="adkar", versions="^1.0.0"),
    requirements=tuple(Requirement(competency=c.id, level=4) for c in ADKAR.roots()),
)


def _adkar(**values: float | None) -> dict[str, float | None]:
    return {f"adkar.{name}": value for name, value in values.items()}


def test_adkar_barrier_is_the_first_element_at_three_or_below() -> None:
    sheet = sheet_of(
        ADKAR, _adkar(awareness=4.5, desire=4.0, knowledge=3.0, ability=2.0, reinforcement=5.0)
    )
    report = gap(sheet, ADKAR_ROLE)
    assert report.sequential
    barrier = report.barrier
    assert barrier is not None
    assert (barrier.competency, barrier.position) == ("adkar.knowledge", 3)
    assert (barrier.achieved, barrier.threshold) == (3.0, 4.0)  # the scale's proficient level


def test_adkar_without_barrier_and_with_unknown_elements() -> None:
    every = _adkar(awareness=4, desire=4, knowledge=5, ability=4, reinforcement=4)
    assert gap(sheet_of(ADKAR, every), ADKAR_ROLE).barrier is None
    unknown = _adkar(awareness=None, desire=2.5, knowledge=5, ability=4, reinforcement=4)
    report = gap(sheet_of(ADKAR, unknown), ADKAR_ROLE)
    assert report.barrier is not None
    assert report.barrier.competency == "adkar.desire"
    assert "sequence-unknown" in [n.code for n in report.notes]


def test_kotter_barrier_uses_its_proficient_level() -> None:
    kotter = leadcomp.load_builtin("kotter@1.0.0")
    role = RoleProfile(
        id="change-lead",
        title="Change lead",
        framework=FrameworkRef(id="kotter", versions="^1.0.0"),
        requirements=(Requirement(competency="kotter.urgency", level=4),),
    )
    values = {c.id: 3.0 for c in kotter.roots()}
    values["kotter.vision"] = 2.9
    report = gap(sheet_of(kotter, values), role)
    assert report.barrier is not None
    assert (report.barrier.competency, report.barrier.threshold) == ("kotter.vision", 3.0)


# --- compatibility -------------------------------------------------------------------------


def test_a_role_of_another_framework_is_refused_with_the_roles_that_would_fit() -> None:
    hlm = leadcomp.load_builtin("hlm")
    sheet = sheet_of(hlm, {})
    clcf_role = leadcomp.load_builtin("pcn-clinical-director-clcf", "role")
    with pytest.raises(InvalidDocument) as caught:
        gap(sheet, clcf_role)
    (p,) = caught.value.problems
    assert p.code == "framework-mismatch"
    assert p.path == "$.framework.id"
    assert "pcn-clinical-director (^1.0.0)" in p.message
    assert "clinical-fellow" in p.message


def test_a_version_outside_the_range_is_refused_with_the_versions_that_fit() -> None:
    kotter2 = leadcomp.load_builtin("kotter@2.0.0")
    role = RoleProfile(
        id="change-lead",
        title="Change lead",
        framework=FrameworkRef(id="kotter", versions="^1.0.0"),
        requirements=(Requirement(competency="kotter.urgency", level=3),),
    )
    with pytest.raises(InvalidDocument) as caught:
        gap(sheet_of(kotter2, {}), role)
    (p,) = caught.value.problems
    assert p.code == "framework-mismatch"
    assert p.path == "$.framework.versions"
    assert "kotter versions ^1.0.0" in p.message
    assert "kotter@2.0.0" in p.message
    assert "built-in kotter versions in that range: 1.0.0" in p.message
    assert "'^2.0.0'" in p.message


def test_a_framework_other_than_the_sheets_is_refused() -> None:
    with pytest.raises(InvalidDocument) as caught:
        gap(sheet_of(TOY, ACHIEVED), ROLE, attrs.evolve(TOY, version="1.1.0"))
    assert caught.value.problems[0].code == "framework-mismatch"


def test_a_sheet_of_an_unknown_framework_needs_the_framework() -> None:
    with pytest.raises(InvalidDocument) as caught:
        gap(sheet_of(TOY, ACHIEVED), ROLE)
    assert caught.value.problems[0].code == "framework-needed"


def test_a_role_that_does_not_fit_the_framework_is_refused() -> None:
    bad = attrs.evolve(
        ROLE, requirements=(*ROLE.requirements, Requirement(competency="zz", level=9))
    )
    with pytest.raises(InvalidDocument) as caught:
        gap(sheet_of(TOY, ACHIEVED), bad, TOY)
    assert {p.code for p in caught.value.problems} == {"unknown-reference"}


# --- JSON ----------------------------------------------------------------------------------


def test_report_json_is_valid_and_round_trips() -> None:
    report = _toy_report()
    text = dumps_report(report)
    data = json.loads(text)
    assert data["kind"] == "gap-report"
    assert not list(validator("gap-report").iter_errors(data))
    assert load_report(text.encode()) == report
    assert dumps_report(load_report(text.encode())) == text


def test_invalid_reports_are_not_written() -> None:
    report = attrs.evolve(_toy_report(), subject="not an id")
    with pytest.raises(InvalidDocument) as caught:
        dumps_report(report)
    assert caught.value.problems[0].path == "$.subject"


def test_load_report_refuses_other_documents() -> None:
    with pytest.raises(InvalidDocument) as caught:
        load_report(json.dumps({"kind": "framework", "format": "1.0"}).encode())
    assert caught.value.problems[0].code == "wrong-kind"


# --- built-ins end to end ------------------------------------------------------------------


@pytest.mark.parametrize("info", leadcomp.builtin_roles(), ids=lambda i: i.id)
def test_every_builtin_role_runs_end_to_end(info: leadcomp.builtin.BuiltinInfo) -> None:
    role = leadcomp.load_builtin(info.id, "role")
    framework = role_framework(role)
    assert framework.id == role.framework.id
    for level in (0.2, 0.95):
        sheet = leadcomp.score(make_assessment(framework, level=level), framework)
        report = gap(sheet, role)
        assert report.summary.requirements == len(role.requirements)
        assert report.summary.no_evidence == 0
        assert not list(validator("gap-report").iter_errors(report_data(report)))
        every_gap = [r.gap for r in report.requirements]
        assert all(g is not None for g in every_gap)
        if level == 0.2:
            assert report.plan
            assert all(item.next_descriptor for item in report.plan)


@pytest.mark.parametrize("info", leadcomp.builtin_frameworks(), ids=lambda i: i.ref)
def test_every_builtin_framework_gaps_against_a_role_on_its_items(
    info: leadcomp.builtin.BuiltinInfo,
) -> None:
    framework = leadcomp.load_builtin(info.ref)
    rated = [c for c in framework.competencies if c.indicators]
    role = RoleProfile(
        id="everything",
        title="Every rated competency at its top level",
        framework=FrameworkRef(id=framework.id, versions=f"=={framework.version}"),
        requirements=tuple(
            Requirement(competency=c.id, level=framework.scale_of(c).maximum)  # type: ignore[union-attr]
            for c in rated
        ),
    )
    sheet = leadcomp.score(make_assessment(framework, level=0.4), framework)
    report = gap(sheet, role)
    assert report.summary.requirements == len(rated)
    assert 0.0 <= report.summary.fit < 1.0
    assert report.sequential == framework.sequential
    if framework.sequential:
        assert report.barrier is not None
        assert report.barrier.position == 1
    dumps_report(report)


# --- properties ----------------------------------------------------------------------------


@st.composite
def cases(draw: st.DrawFn) -> tuple[Framework, RoleProfile, dict[str, float | None]]:
    """A framework of 1-6 competencies on one scale, a role on some of them, and achieved
    scores on the scale (or missing)."""
    values = sorted(draw(st.lists(st.integers(-3, 9), min_size=2, max_size=5, unique=True)))
    scale = Scale(
        id="s",
        levels=tuple(Level(value=v, label=f"level {v}") for v in values),
        proficient=draw(st.none() | st.sampled_from(values)),
    )
    count = draw(st.integers(1, 6))
    competencies = tuple(
        Competency(
            id=f"c{i}",
            title=f"C{i}",
            kind="skill",
            indicators=(Indicator(id=f"c{i}.1", text="x"),),
            descriptors=tuple(Descriptor(level=v, text=f"at {v}") for v in values),
        )
        for i in range(count)
    )
    framework = Framework(
        id="gen",
        version="1.0.0",
        title="Generated",
        default_scale="s",
        sequential=draw(st.booleans()),
        scales=(scale,),
        competencies=competencies,
    )
    chosen = draw(st.lists(st.sampled_from([c.id for c in competencies]), unique=True))
    role = RoleProfile(
        id="r",
        title="R",
        framework=FrameworkRef(id="gen", versions="^1.0.0"),
        requirements=tuple(
            Requirement(
                competency=c,
                level=draw(st.sampled_from(values)),
                importance=draw(st.floats(0.1, 10)),
                essential=draw(st.booleans()),
            )
            for c in chosen
        ),
    )
    score = st.none() | st.floats(values[0], values[-1])
    achieved = {c.id: draw(score) for c in competencies}
    return framework, role, achieved


@settings(scaled(1.5), deadline=None)
@given(cases(), st.data())
def test_raising_achieved_scores_never_increases_any_gap(
    case: tuple[Framework, RoleProfile, dict[str, float | None]], data: st.DataObject
) -> None:
    framework, role, achieved = case
    top = framework.scales[0].maximum
    raised = {
        c: None if v is None else data.draw(st.floats(v, top), label=c)
        for c, v in achieved.items()
    }
    before = gap(sheet_of(framework, achieved), role, framework)
    after = gap(sheet_of(framework, raised), role, framework)
    for old, new in zip(before.requirements, after.requirements, strict=True):
        if old.gap is not None:
            assert new.gap is not None
            assert new.gap <= old.gap + 1e-12
            assert new.weighted_gap is not None
            assert old.weighted_gap is not None
            assert new.weighted_gap <= old.weighted_gap + 1e-9
    assert after.summary.fit >= before.summary.fit - 1e-12
    assert after.summary.met >= before.summary.met


@settings(scaled(1.5), deadline=None)
@given(cases())
def test_fit_lies_in_unit_interval_and_is_one_exactly_when_all_met(
    case: tuple[Framework, RoleProfile, dict[str, float | None]],
) -> None:
    framework, role, achieved = case
    report = gap(sheet_of(framework, achieved), role, framework)
    assert 0.0 <= report.summary.fit <= 1.0
    all_met = all(r.status in ("meets", "exceeds") for r in report.requirements)
    assert (report.summary.fit == 1.0) == all_met
    assert (report.summary.share_met == 1.0) == all_met
    assert math.isfinite(report.summary.fit)
    assert [i.rank for i in report.plan] == list(range(1, len(report.plan) + 1))
    assert {i.competency for i in report.plan} == {
        r.competency for r in report.requirements if r.status == "below"
    }
    dumps_report(report)  # every generated report fits its schema


@settings(scaled(1), deadline=None)
@given(cases(), st.randoms(use_true_random=False))
def test_reordering_requirements_changes_nothing(
    case: tuple[Framework, RoleProfile, dict[str, float | None]], rng: Any
) -> None:
    framework, role, achieved = case
    shuffled = list(role.requirements)
    rng.shuffle(shuffled)
    other = attrs.evolve(role, requirements=tuple(shuffled))
    sheet = sheet_of(framework, achieved)
    assert gap(sheet, other, framework) == gap(sheet, role, framework)
