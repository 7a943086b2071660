"""Score assessments against a framework under a scoring policy.

``score`` checks one assessment and returns its ScoreSheet; ``score_many`` and
``try_score_many`` score a stream of them, in input order, inline or on any
``concurrent.futures.Executor``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from leadcomp.builtin._policies import DEFAULT_POLICY
from leadcomp.model import Assessment, Framework
from leadcomp.model._policy import ScoringPolicy
from leadcomp.model._results import ScoreSheet
from leadcomp.problems import InvalidDocument, Problem, problem
from leadcomp.scoring._batch import ScoreResult, score_many, try_score_many
from leadcomp.scoring._kernel.rollup import Plan, make_plan
from leadcomp.scoring._kernel.sheet import Prepared, prepare, sheet_data
from leadcomp.scoring._responses import LineReader, from_assessment

if TYPE_CHECKING:  # imported on first use
    from leadcomp.scoring._output import (
        write_scores as write_scores,
    )
    from leadcomp.scoring._stream import (
        Chunk as Chunk,
    )

#: The largest level value (in size) a scale may have to be scored.
SCALE_LIMIT = 10**12

_T = TypeVar("_T")
_lock = threading.Lock()
#: Recently prepared objects by identity (the object is kept, so its id is not reused).
_prepared: dict[tuple[str, int, int], tuple[object, object, object]] = {}
_KEEP = 16


def _memo(kind: str, obj: object, make: Callable[[], _T], other: object = None) -> _T:
    key = (kind, id(obj), id(other))
    with _lock:
        hit = _prepared.get(key)
    if hit is not None and hit[0] is obj and hit[1] is other:
        return hit[2]  # type: ignore[return-value]
    value = make()
    with _lock:
        if len(_prepared) >= _KEEP:
            _prepared.clear()
        _prepared[key] = (obj, other, value)
    return value


def _plan(framework: Framework) -> Plan:
    """The scoring plan of a framework, refusing an invalid framework (once per object)."""

    def make() -> Plan:
        from leadcomp.documents._pipeline import check

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

    return _memo("framework", framework, make)


def _check_policy(policy: ScoringPolicy) -> None:
    def make() -> bool:
        from leadcomp.documents._pipeline import check

        errors = [p for p in check(policy) if p.is_error]
        if errors:
            raise InvalidDocument(errors)
        return True

    _memo("policy", policy, make)


def prepared(framework: Framework, policy: ScoringPolicy) -> Prepared:
    """The framework and policy prepared for scoring, after checking both (once per pair of
    objects); InvalidDocument if either is invalid."""
    plan = _plan(framework)
    _check_policy(policy)
    return _memo("prepared", framework, lambda: prepare(framework, plan, policy), policy)


def line_reader(framework: Framework, policy: ScoringPolicy) -> LineReader:
    """The fast acceptance path of assessments' JSON for this framework and policy, after
    checking both (once per pair of objects); InvalidDocument if either is invalid."""
    plan = prepared(framework, policy).plan
    return _memo(
        "reader",
        framework,
        lambda: LineReader(framework.ref, plan.items, plan.allowed, policy.require_self),
        policy,
    )


def sheet_model(data: dict[str, Any]) -> ScoreSheet:
    """The ScoreSheet model of a sheet's plain data."""
    from leadcomp.model._converter import structure

    body = {key: value for key, value in data.items() if key not in ("kind", "format")}
    sheet: ScoreSheet = structure(body, ScoreSheet)
    return sheet


def scoring_problems(
    assessment: Assessment, framework: Framework, policy: ScoringPolicy = DEFAULT_POLICY
) -> list[Problem]:
    """Every problem of the assessment that stops it being scored with this framework and
    policy: the framework it names, items, values, raters, duplicates, a missing self rater."""
    from leadcomp.validation._rules import assessment_problems

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


def __getattr__(name: str) -> Any:
    """``write_scores`` and ``Chunk``, imported on first use."""
    from leadcomp._lazy import attribute

    return attribute(__name__, globals(), name)


__all__ = [
    "DEFAULT_POLICY",
    "Chunk",
    "ScoreResult",
    "prepared",
    "score",
    "score_many",
    "scoring_problems",
    "try_score_many",
    "write_scores",
]
