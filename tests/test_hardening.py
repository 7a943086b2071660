"""Hostile and extreme input, by class: each test states a promise for a whole class of inputs
(every value within a limit, every workbook up to the size limit, every special file...), not
only for the one example that first showed it broken."""

from __future__ import annotations

import json
import pickle

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import leadcomp
from leadcomp._responses import from_assessment
from leadcomp._sheet import Prepared, sheet_data
from leadcomp.model import Assessment, Framework, Level, ScoringPolicy
from leadcomp.scoring import SCALE_LIMIT, prepared
from scoring_strategies import policies, scoring_assessments, scoring_frameworks

# --- scales with values up to the scale limit -----------------------------------------------


@st.composite
def large_scale_cases(draw: st.DrawFn) -> tuple[Framework, list[Assessment], ScoringPolicy]:
    """A scoring framework whose scales' values are spread anywhere within +-SCALE_LIMIT."""
    framework = draw(scoring_frameworks())
    big = st.integers(-SCALE_LIMIT, SCALE_LIMIT) | st.sampled_from(
        [SCALE_LIMIT, -SCALE_LIMIT, 2**31, 2**32 + 1, 2**26, -(2**33)]
    )
    scales = []
    for scale in framework.scales:
        values = sorted(
            draw(st.lists(big, min_size=len(scale.levels), max_size=len(scale.levels),
                          unique=True))
        )
        scales.append(attrs.evolve(scale, levels=tuple(
            Level(value=v, label=f"level {v}") for v in values
        )))
    framework = attrs.evolve(framework, scales=tuple(scales))
    assessments = draw(st.lists(scoring_assessments(framework), min_size=1, max_size=3))
    return framework, assessments, draw(policies())


def _plain(framework: Framework, policy: ScoringPolicy) -> Prepared:
    """The framework and policy prepared to score without packed sums (the plain path)."""
    ready: Prepared = pickle.loads(pickle.dumps(prepared(framework, policy)))
    ready.packed = False
    return ready


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=large_scale_cases())
def test_every_value_within_the_scale_limit_scores_alike_on_both_paths(
    case: tuple[Framework, list[Assessment], ScoringPolicy],
) -> None:
    framework, assessments, policy = case
    plain = _plain(framework, policy)
    for assessment in assessments:
        sheet = leadcomp.score(assessment, framework, policy)
        assert sheet.assessment == assessment.id
        responses = from_assessment(assessment, plain.plan.items)
        fast = pickle.loads(pickle.dumps(prepared(framework, policy)))
        assert json.dumps(sheet_data(responses, fast)) == json.dumps(
            sheet_data(responses, plain)
        )
