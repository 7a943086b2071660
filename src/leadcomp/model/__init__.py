"""The vocabulary of leadcomp as frozen attrs classes: no I/O happens here.

The names are imported from their modules on first use, so that a command builds only the
classes it needs (``leadcomp validate`` of a role never builds a score sheet's).
"""

from __future__ import annotations

from typing import Any

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._assessment import Assessment, OpenComment, Rater, Rating
    from ._cohort import (
        ChangeSummary,
        CohortCompetency,
        CohortReport,
        CompetencyChange,
        CompetencyProgress,
        Distribution,
        HistogramBin,
        PersonProgress,
        ProgressReport,
    )
    from ._framework import (
        Competency,
        Descriptor,
        Framework,
        Indicator,
        Level,
        Provenance,
        Relation,
        Scale,
    )
    from ._framework_mapping import (
        MAPPED_SHAPES,
        FrameworkMapping,
        KindValue,
        LevelColumn,
        MappedFields,
        MappedFramework,
        MappedShape,
    )
    from ._gaps import (
        Barrier,
        Crosshairs,
        FlaggedCompetency,
        GapReport,
        GapSummary,
        PlanIndicator,
        PlanItem,
        RequirementGap,
    )
    from ._mapping import COMBINE_RULES, Combine, IdMapping, Mapping, ScaleMapping, ValueMapping
    from ._policy import (
        OTHER_GROUPS,
        BlindSpotRule,
        BlindSpotUnit,
        GroupThresholds,
        GroupWeights,
        MergeRule,
        Pooling,
        ScoringPolicy,
        SmallGroups,
    )
    from ._results import (
        Comment,
        CompetencyScore,
        Flag,
        GroupScore,
        MissingReason,
        MissingScore,
        Note,
        OpenComments,
        OverallScore,
        Score,
        ScoreSheet,
        Statistic,
    )
    from ._role import FrameworkRef, Requirement, RoleProfile
    from ._survey import (
        LABEL_MATCHES,
        SURVEY_LAYOUTS,
        SURVEY_TOOLS,
        GroupLabel,
        LabelMatch,
        Pseudonymise,
        SurveyColumns,
        SurveyItem,
        SurveyLayout,
        SurveyMapping,
        SurveyTool,
        ValueLabel,
    )
    from ._types import (
        COMPETENCY_KINDS,
        RATER_GROUPS,
        RELATION_TYPES,
        CompetencyKind,
        Extensions,
        JSONValue,
        RaterGroup,
        RelationType,
    )

    #: Every document model, the type ``load`` can return.
    Document = (
        Framework | RoleProfile | Assessment | ScoringPolicy | ScoreSheet | Mapping | SurveyMapping
        | FrameworkMapping
    )

_LAZY: dict[str, str] = {
    **dict.fromkeys(("Assessment", "OpenComment", "Rater", "Rating"), "._assessment"),
    **dict.fromkeys(
        (
            "ChangeSummary", "CohortCompetency", "CohortReport", "CompetencyChange",
            "CompetencyProgress", "Distribution", "HistogramBin", "PersonProgress",
            "ProgressReport"
        ),
        "._cohort",
    ),
    **dict.fromkeys(
        (
            "Competency", "Descriptor", "Framework", "Indicator", "Level", "Provenance",
            "Relation", "Scale"
        ),
        "._framework",
    ),
    **dict.fromkeys(
        (
            "MAPPED_SHAPES", "FrameworkMapping", "KindValue", "LevelColumn", "MappedFields",
            "MappedFramework", "MappedShape",
        ),
        "._framework_mapping",
    ),
    **dict.fromkeys(
        (
            "Barrier", "Crosshairs", "FlaggedCompetency", "GapReport", "GapSummary",
            "PlanIndicator", "PlanItem", "RequirementGap"
        ),
        "._gaps",
    ),
    **dict.fromkeys(
        (
            "COMBINE_RULES", "Combine", "IdMapping", "Mapping", "ScaleMapping",
            "ValueMapping"
        ),
        "._mapping",
    ),
    **dict.fromkeys(
        (
            "OTHER_GROUPS", "BlindSpotRule", "BlindSpotUnit", "GroupThresholds",
            "GroupWeights", "MergeRule", "Pooling", "ScoringPolicy", "SmallGroups"
        ),
        "._policy",
    ),
    **dict.fromkeys(
        (
            "Comment", "CompetencyScore", "Flag", "GroupScore", "MissingReason",
            "MissingScore", "Note", "OpenComments", "OverallScore", "Score", "ScoreSheet",
            "Statistic",
        ),
        "._results",
    ),
    **dict.fromkeys(("FrameworkRef", "Requirement", "RoleProfile"), "._role"),
    **dict.fromkeys(
        (
            "LABEL_MATCHES", "SURVEY_LAYOUTS", "SURVEY_TOOLS", "GroupLabel", "LabelMatch",
            "Pseudonymise", "SurveyColumns", "SurveyItem", "SurveyLayout", "SurveyMapping",
            "SurveyTool", "ValueLabel"
        ),
        "._survey",
    ),
    **dict.fromkeys(
        (
            "COMPETENCY_KINDS", "RATER_GROUPS", "RELATION_TYPES", "CompetencyKind",
            "Extensions", "JSONValue", "RaterGroup", "RelationType"
        ),
        "._types",
    ),
}


def __getattr__(name: str) -> Any:
    from .._lazy import attribute

    if name == "Document":
        value: Any = (
            __getattr__("Framework") | __getattr__("RoleProfile") | __getattr__("Assessment")
            | __getattr__("ScoringPolicy") | __getattr__("ScoreSheet") | __getattr__("Mapping")
            | __getattr__("SurveyMapping") | __getattr__("FrameworkMapping")
        )
        globals()[name] = value
        return value
    return attribute(__name__, _LAZY, globals(), name)


def __dir__() -> list[str]:
    return __all__


__all__ = [
    "COMBINE_RULES",
    "COMPETENCY_KINDS",
    "LABEL_MATCHES",
    "MAPPED_SHAPES",
    "OTHER_GROUPS",
    "RATER_GROUPS",
    "RELATION_TYPES",
    "SURVEY_LAYOUTS",
    "SURVEY_TOOLS",
    "Assessment",
    "Barrier",
    "BlindSpotRule",
    "BlindSpotUnit",
    "ChangeSummary",
    "CohortCompetency",
    "CohortReport",
    "Combine",
    "Comment",
    "Competency",
    "CompetencyChange",
    "CompetencyKind",
    "CompetencyProgress",
    "CompetencyScore",
    "Crosshairs",
    "Descriptor",
    "Distribution",
    "Document",
    "Extensions",
    "Flag",
    "FlaggedCompetency",
    "Framework",
    "FrameworkMapping",
    "FrameworkRef",
    "GapReport",
    "GapSummary",
    "GroupLabel",
    "GroupScore",
    "GroupThresholds",
    "GroupWeights",
    "HistogramBin",
    "IdMapping",
    "Indicator",
    "JSONValue",
    "KindValue",
    "LabelMatch",
    "Level",
    "LevelColumn",
    "MappedFields",
    "MappedFramework",
    "MappedShape",
    "Mapping",
    "MergeRule",
    "MissingReason",
    "MissingScore",
    "Note",
    "OpenComment",
    "OpenComments",
    "OverallScore",
    "PersonProgress",
    "PlanIndicator",
    "PlanItem",
    "Pooling",
    "ProgressReport",
    "Provenance",
    "Pseudonymise",
    "Rater",
    "RaterGroup",
    "Rating",
    "Relation",
    "RelationType",
    "Requirement",
    "RequirementGap",
    "RoleProfile",
    "Scale",
    "ScaleMapping",
    "Score",
    "ScoreSheet",
    "ScoringPolicy",
    "SmallGroups",
    "Statistic",
    "SurveyColumns",
    "SurveyItem",
    "SurveyLayout",
    "SurveyMapping",
    "SurveyTool",
    "ValueLabel",
    "ValueMapping",
]
