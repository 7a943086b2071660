"""Scoring one assessment: the framework and policy checked and prepared once per pair of
objects, the assessment checked, its ScoreSheet built by the kernel."""

from __future__ import annotations

from typing import Any

from leadcomp.builtin._policies import DEFAULT_POLICY
from leadcomp.documents._pipeline import check
from leadcomp.model import Assessment, Framework
from leadcomp.model._converter import structure
from leadcomp.model._policy import ScoringPolicy
from leadcomp.model._results import ScoreSheet
from leadcomp.problems import InvalidDocument, Problem, problem
from leadcomp.scoring._kernel.responses import LineReader, from_assessment
from leadcomp.scoring._kernel.rollup import Plan, make_plan
from leadcomp.scoring._kernel.sheet import Prepared, prepare, sheet_data
from leadcomp.scoring._memo import IdentityMemo
from leadcomp.validation._rules import assessment_problems

#: The largest level value (in size) a scale may have to be scored.
SCALE_LIMIT = 10**12

#: Recently prepared and checked objects, by identity.
_memo = IdentityMemo()


def _plan(framework: Framework) -> Plan:
    """The scoring plan of a framework, refusing an invalid framework (once per object)."""

    def make() -> Plan:
        errors = [p for p in check(framework) if p.is_error]
        for index, scale in enumerate(framework.scales):
            if max(abs(scale.minimum), abs(scale.maximum)) > SCALE_LIMIT:
                errors.append(
                    problem(
                        "unscorable-scale",
                        f"scale {scale.id!r} has values beyond +-{SCALE_LIMIT:.0e}, too large "
                        "to score with floating-point figures; use smaller level values",
                        ("scales", index, "levels"),
                    )
                )
        if errors:
            raise InvalidDocument(errors)
        return make_plan(framework)

    return _memo.get("framework", (framework,), make)


def _check_policy(policy: ScoringPolicy) -> None:
    def make() -> bool:
        errors = [p for p in check(policy) if p.is_error]
        if errors:
            raise InvalidDocument(errors)
        return True

    _memo.get("policy", (policy,), make)


def prepared(framework: Framework, policy: ScoringPolicy) -> Prepared:
    """The framework and policy prepared for scoring, after checking both (once per pair of
    objects); InvalidDocument if either is invalid."""
    plan = _plan(framework)
    _check_policy(policy)
    return _memo.get("prepared", (framework, policy), lambda: prepare(framework, plan, policy))


def line_reader(framework: Framework, policy: ScoringPolicy) -> LineReader:
    """The fast acceptance path of assessments' JSON for this framework and policy, after
    checking both (once per pair of objects); InvalidDocument if either is invalid."""
    plan = prepared(framework, policy).plan
    return _memo.get(
        "reader",
        (framework, policy),
        lambda: LineReader(framework.ref, plan.items, plan.allowed, policy.require_self),
    )


def sheet_model(data: dict[str, Any]) -> ScoreSheet:
    """The ScoreSheet model of a sheet's plain data."""
    body = {key: value for key, value in data.items() if key not in ("kind", "format")}
    sheet: ScoreSheet = structure(body, ScoreSheet)
    return sheet


def scoring_problems(
    assessment: Assessment, framework: Framework, policy: ScoringPolicy = DEFAULT_POLICY
) -> list[Problem]:
    """Every problem of the assessment that stops it being scored with this framework and
    policy: the framework it names, items, values, raters, duplicates, a missing self rater."""
    return assessment_problems(assessment, framework, require_self=policy.require_self)


def score(
    assessment: Assessment, framework: Framework, policy: ScoringPolicy = DEFAULT_POLICY
) -> ScoreSheet:
    """The ScoreSheet of one assessment; InvalidDocument carrying the Problems if it cannot be
    scored (or if the framework or policy is itself invalid)."""
    ready = prepared(framework, policy)
    errors = [p for p in scoring_problems(assessment, framework, policy) if p.is_error]
    if errors:
        raise InvalidDocument(errors)
    return sheet_model(sheet_data(from_assessment(assessment, ready.plan.items), ready))
