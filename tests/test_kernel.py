"""The scoring kernel's memos change no figure: parts memoised by answers, small groups'
descriptions memoised by values, and packed reliability give what a cold kernel gives."""

from __future__ import annotations

import json
import pickle

import attrs
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import leadcomp
import leadcomp.scoring._kernel.moments as _moments
import leadcomp.scoring._kernel.sheet as _sheet
from leadcomp.model import Assessment, Framework, ScoringPolicy
from leadcomp.scoring import prepared
from leadcomp.scoring._kernel.responses import from_assessment
from leadcomp.scoring._kernel.rollup import ABSENT, Figures
from leadcomp.scoring._kernel.sheet import Prepared, sheet_data
from profiles import scaled
from scoring_strategies import policies, scoring_assessments, scoring_frameworks


@st.composite
def cases(draw: st.DrawFn) -> tuple[Framework, list[Assessment], ScoringPolicy]:
    framework = draw(scoring_frameworks())
    assessments = draw(st.lists(scoring_assessments(framework), min_size=1, max_size=4))
    return framework, assessments, draw(policies())


def _cold(framework: Framework, policy: ScoringPolicy) -> Prepared:
    """A prepared framework and policy with nothing memoised, as a new process has it."""
    ready: Prepared = pickle.loads(pickle.dumps(prepared(framework, policy)))
    assert not any(ready.parts)
    assert not any(ready.described)
    return ready


@settings(scaled(1.5), suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(case=cases())
def test_memoised_parts_and_descriptions_change_no_figure(
    case: tuple[Framework, list[Assessment], ScoringPolicy],
) -> None:
    framework, assessments, policy = case
    warm = _cold(framework, policy)
    items = warm.plan.items
    for assessment in assessments:  # each sheet after the first meets memoised answers
        responses = from_assessment(assessment, items)
        expected = json.dumps(sheet_data(responses, _cold(framework, policy)))
        assert json.dumps(sheet_data(responses, warm)) == expected
        assert json.dumps(sheet_data(responses, warm)) == expected  # every part memoised


@settings(scaled(1), suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(case=cases())
def test_figures_without_memos_are_the_figures_with_them(
    case: tuple[Framework, list[Assessment], ScoringPolicy],
) -> None:
    framework, assessments, policy = case
    ready = _cold(framework, policy)
    plan = ready.plan
    pack = _moments.pack if ready.packed else None
    for assessment in assessments:
        answers = list(from_assessment(assessment, plan.items).answers.values())
        memoised = Figures(plan, answers, policy.min_coverage, ready.parts, 10**6, pack)
        again = Figures(plan, answers, policy.min_coverage, ready.parts, 10**6, pack)
        unkept = Figures(
            plan, answers, policy.min_coverage, [{} for _ in ready.parts], 0, pack
        )
        assert memoised.scores == again.scores == unkept.scores
        assert memoised.parts == again.parts == unkept.parts


def test_the_memos_keep_no_more_than_their_budgets(monkeypatch: pytest.MonkeyPatch) -> None:
    from scoring_strategies import PIN_FRAMEWORK, cohort

    policy = attrs.evolve(leadcomp.DEFAULT_POLICY, id="budget")
    ready = _cold(PIN_FRAMEWORK, policy)
    with_budget = {"_KEEP_PARTS": 3, "_KEEP_DESCRIBED": 2}
    for name, value in with_budget.items():
        monkeypatch.setattr(_sheet, name, value)
    items = ready.plan.items
    for assessment in cohort(12):
        sheet = sheet_data(from_assessment(assessment, items), ready)
        assert json.dumps(sheet) == json.dumps(
            sheet_data(from_assessment(assessment, items), _cold(PIN_FRAMEWORK, policy))
        )
    assert all(len(memo) <= 3 for memo in ready.parts)
    assert all(len(memo) <= 2 for memo in ready.described)
    assert any(ready.parts)


def test_the_absent_marker_is_one_object_after_pickling() -> None:
    assert pickle.loads(pickle.dumps(ABSENT)) is ABSENT
    assert pickle.loads(pickle.dumps((1, ABSENT, None)))[1] is ABSENT
