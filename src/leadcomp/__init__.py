"""leadcomp: leadership competency frameworks as typed models, validated, scored and compared.

The names below are imported on first use, so ``import leadcomp`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from ._api import Source, check, dump, dumps, load, validate
    from ._policies import BUILTIN_POLICIES, DEFAULT_POLICY, builtin_policy, load_policy
    from .builtin import builtin_frameworks, builtin_roles, load_builtin
    from .formats._limits import Limits
    from .model import (
        Assessment,
        BlindSpotRule,
        Comment,
        Competency,
        CompetencyScore,
        Descriptor,
        Document,
        Framework,
        FrameworkRef,
        GroupScore,
        GroupThresholds,
        GroupWeights,
        Indicator,
        Level,
        MergeRule,
        MissingScore,
        Note,
        OverallScore,
        Provenance,
        Rater,
        Rating,
        Relation,
        Requirement,
        RoleProfile,
        Scale,
        Score,
        ScoreSheet,
        ScoringPolicy,
        Statistic,
    )
    from .scoring import ScoreResult, score, score_many, scoring_problems, try_score_many
    from .validation._problem import InvalidDocument, Problem

_LAZY = {
    "Source": "._api",
    "check": "._api",
    "dump": "._api",
    "dumps": "._api",
    "load": "._api",
    "validate": "._api",
    "Limits": ".formats._limits",
    "InvalidDocument": ".validation._problem",
    "Problem": ".validation._problem",
    **dict.fromkeys(("builtin_frameworks", "builtin_roles", "load_builtin"), ".builtin"),
    **dict.fromkeys(
        ("BUILTIN_POLICIES", "DEFAULT_POLICY", "builtin_policy", "load_policy"), "._policies"
    ),
    **dict.fromkeys(
        ("ScoreResult", "score", "score_many", "scoring_problems", "try_score_many"), ".scoring"
    ),
    **dict.fromkeys(
        (
            "Assessment",
            "Competency",
            "Descriptor",
            "Document",
            "Framework",
            "FrameworkRef",
            "Indicator",
            "Level",
            "Provenance",
            "Rater",
            "Rating",
            "Relation",
            "Requirement",
            "RoleProfile",
            "Scale",
            "BlindSpotRule",
            "Comment",
            "CompetencyScore",
            "GroupScore",
            "GroupThresholds",
            "GroupWeights",
            "MergeRule",
            "MissingScore",
            "Note",
            "OverallScore",
            "Score",
            "ScoreSheet",
            "ScoringPolicy",
            "Statistic",
        ),
        ".model",
    ),
}

__all__ = [
    "BUILTIN_POLICIES",
    "DEFAULT_POLICY",
    "Assessment",
    "BlindSpotRule",
    "Comment",
    "Competency",
    "CompetencyScore",
    "Descriptor",
    "Document",
    "Framework",
    "FrameworkRef",
    "GroupScore",
    "GroupThresholds",
    "GroupWeights",
    "Indicator",
    "InvalidDocument",
    "Level",
    "Limits",
    "MergeRule",
    "MissingScore",
    "Note",
    "OverallScore",
    "Problem",
    "Provenance",
    "Rater",
    "Rating",
    "Relation",
    "Requirement",
    "RoleProfile",
    "Scale",
    "Score",
    "ScoreResult",
    "ScoreSheet",
    "ScoringPolicy",
    "Source",
    "Statistic",
    "__version__",
    "builtin_frameworks",
    "builtin_policy",
    "builtin_roles",
    "check",
    "dump",
    "dumps",
    "load",
    "load_builtin",
    "load_policy",
    "score",
    "score_many",
    "scoring_problems",
    "try_score_many",
    "validate",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'leadcomp' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
