"""leadcomp: leadership competency frameworks as typed models, validated, scored and compared.

The names below are imported on first use, so ``import leadcomp`` stays cheap.
"""

from __future__ import annotations

from ._version import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ._api import Source, check, dump, dumps, load, validate
    from ._policies import BUILTIN_POLICIES, DEFAULT_POLICY, builtin_policy, load_policy
    from ._report_json import dump_report, dumps_report, load_report
    from ._validate_files import FileCheck, validate_files
    from .builtin import builtin_frameworks, builtin_roles, load_builtin
    from .cohort import borich_mwds, cohort_gaps, progress
    from .formats._limits import Limits
    from .formats.case import dump_case, dumps_case, load_case, read_case, write_case
    from .formats.ctdl import load_ctdl, read_ctdl
    from .formats.esco import load_esco, read_esco
    from .formats.framework_mapping import load_mapped, read_mapped
    from .formats.moodle import dump_moodle, load_moodle, read_moodle, write_moodle
    from .formats.onet import load_onet, read_onet
    from .formats.survey import load_survey, read_survey, read_surveys
    from .gaps import gap
    from .model import (
        Assessment,
        BlindSpotRule,
        CohortReport,
        Comment,
        Competency,
        CompetencyScore,
        Descriptor,
        Document,
        Framework,
        FrameworkRef,
        GapReport,
        GroupScore,
        GroupThresholds,
        GroupWeights,
        IdMapping,
        Indicator,
        Level,
        Mapping,
        MergeRule,
        MissingScore,
        Note,
        OpenComment,
        OpenComments,
        OverallScore,
        ProgressReport,
        Provenance,
        Rater,
        Rating,
        Relation,
        Requirement,
        RoleProfile,
        Scale,
        ScaleMapping,
        Score,
        ScoreSheet,
        ScoringPolicy,
        Statistic,
        SurveyColumns,
        SurveyItem,
        SurveyMapping,
        ValueLabel,
        ValueMapping,
    )
    from .reports import render_html, render_markdown
    from .scoring import ScoreResult, score, score_many, scoring_problems, try_score_many
    from .validation._problem import InvalidDocument, Problem
    from .versioning import (
        Change,
        FrameworkDiff,
        MigrationResult,
        Outcome,
        Scorability,
        builtin_mapping,
        diff,
        migrate,
    )

_LAZY = {
    "Source": "._api",
    "check": "._api",
    "dump": "._api",
    "dumps": "._api",
    "load": "._api",
    "validate": "._api",
    **dict.fromkeys(("FileCheck", "validate_files"), "._validate_files"),
    "Limits": ".formats._limits",
    "InvalidDocument": ".validation._problem",
    "Problem": ".validation._problem",
    **dict.fromkeys(
        ("dump_case", "dumps_case", "load_case", "read_case", "write_case"), ".formats.case"
    ),
    **dict.fromkeys(
        ("dump_moodle", "load_moodle", "read_moodle", "write_moodle"), ".formats.moodle"
    ),
    **dict.fromkeys(("load_survey", "read_survey", "read_surveys"), ".formats.survey"),
    **dict.fromkeys(("load_esco", "read_esco"), ".formats.esco"),
    **dict.fromkeys(("load_onet", "read_onet"), ".formats.onet"),
    **dict.fromkeys(("load_ctdl", "read_ctdl"), ".formats.ctdl"),
    **dict.fromkeys(("load_mapped", "read_mapped"), ".formats.framework_mapping"),
    **dict.fromkeys(("builtin_frameworks", "builtin_roles", "load_builtin"), ".builtin"),
    "gap": ".gaps",
    **dict.fromkeys(("render_html", "render_markdown"), ".reports"),
    **dict.fromkeys(("borich_mwds", "cohort_gaps", "progress"), ".cohort"),
    **dict.fromkeys(("dump_report", "dumps_report", "load_report"), "._report_json"),
    **dict.fromkeys(
        ("BUILTIN_POLICIES", "DEFAULT_POLICY", "builtin_policy", "load_policy"), "._policies"
    ),
    **dict.fromkeys(
        ("ScoreResult", "score", "score_many", "scoring_problems", "try_score_many"), ".scoring"
    ),
    **dict.fromkeys(
        (
            "Change", "FrameworkDiff", "MigrationResult", "Outcome", "Scorability",
            "builtin_mapping", "diff", "migrate",
        ),
        ".versioning",
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
            "OpenComment",
            "OpenComments",
            "Rater",
            "Rating",
            "Relation",
            "Requirement",
            "RoleProfile",
            "Scale",
            "BlindSpotRule",
            "CohortReport",
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
            "IdMapping",
            "Mapping",
            "ScaleMapping",
            "ValueMapping",
            "GapReport",
            "ProgressReport",
            "SurveyColumns",
            "SurveyItem",
            "SurveyMapping",
            "ValueLabel",
        ),
        ".model",
    ),
}

__all__ = [
    "BUILTIN_POLICIES",
    "DEFAULT_POLICY",
    "Assessment",
    "BlindSpotRule",
    "Change",
    "CohortReport",
    "Comment",
    "Competency",
    "CompetencyScore",
    "Descriptor",
    "Document",
    "FileCheck",
    "Framework",
    "FrameworkDiff",
    "FrameworkRef",
    "GapReport",
    "GroupScore",
    "GroupThresholds",
    "GroupWeights",
    "IdMapping",
    "Indicator",
    "InvalidDocument",
    "Level",
    "Limits",
    "Mapping",
    "MergeRule",
    "MigrationResult",
    "MissingScore",
    "Note",
    "OpenComment",
    "OpenComments",
    "Outcome",
    "OverallScore",
    "Problem",
    "ProgressReport",
    "Provenance",
    "Rater",
    "Rating",
    "Relation",
    "Requirement",
    "RoleProfile",
    "Scale",
    "ScaleMapping",
    "Scorability",
    "Score",
    "ScoreResult",
    "ScoreSheet",
    "ScoringPolicy",
    "Source",
    "Statistic",
    "SurveyColumns",
    "SurveyItem",
    "SurveyMapping",
    "ValueLabel",
    "ValueMapping",
    "__version__",
    "borich_mwds",
    "builtin_frameworks",
    "builtin_mapping",
    "builtin_policy",
    "builtin_roles",
    "check",
    "cohort_gaps",
    "diff",
    "dump",
    "dump_case",
    "dump_moodle",
    "dump_report",
    "dumps",
    "dumps_case",
    "dumps_report",
    "gap",
    "load",
    "load_builtin",
    "load_case",
    "load_ctdl",
    "load_esco",
    "load_mapped",
    "load_moodle",
    "load_onet",
    "load_policy",
    "load_report",
    "load_survey",
    "migrate",
    "progress",
    "read_case",
    "read_ctdl",
    "read_esco",
    "read_mapped",
    "read_moodle",
    "read_onet",
    "read_survey",
    "read_surveys",
    "render_html",
    "render_markdown",
    "score",
    "score_many",
    "scoring_problems",
    "try_score_many",
    "validate",
    "validate_files",
    "write_case",
    "write_moodle",
]


def __getattr__(name: str) -> Any:
    from ._lazy import attribute

    return attribute(__name__, _LAZY, globals(), name)


def __dir__() -> list[str]:
    return __all__
