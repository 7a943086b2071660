"""The vocabulary of leadcomp as frozen attrs classes: no I/O happens here.

The names are imported from their modules on first use, so that a command builds only the
classes it needs (``leadcomp validate`` of a role never builds a score sheet's).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from leadcomp.model._assessment import (
        Assessment as Assessment,
    )
    from leadcomp.model._assessment import (
        OpenComment as OpenComment,
    )
    from leadcomp.model._assessment import (
        Rater as Rater,
    )
    from leadcomp.model._assessment import (
        Rating as Rating,
    )
    from leadcomp.model._cohort import (
        ChangeSummary as ChangeSummary,
    )
    from leadcomp.model._cohort import (
        CohortCompetency as CohortCompetency,
    )
    from leadcomp.model._cohort import (
        CohortReport as CohortReport,
    )
    from leadcomp.model._cohort import (
        CompetencyChange as CompetencyChange,
    )
    from leadcomp.model._cohort import (
        CompetencyProgress as CompetencyProgress,
    )
    from leadcomp.model._cohort import (
        Distribution as Distribution,
    )
    from leadcomp.model._cohort import (
        HistogramBin as HistogramBin,
    )
    from leadcomp.model._cohort import (
        PersonProgress as PersonProgress,
    )
    from leadcomp.model._cohort import (
        ProgressReport as ProgressReport,
    )
    from leadcomp.model._framework import (
        Competency as Competency,
    )
    from leadcomp.model._framework import (
        Descriptor as Descriptor,
    )
    from leadcomp.model._framework import (
        Framework as Framework,
    )
    from leadcomp.model._framework import (
        Indicator as Indicator,
    )
    from leadcomp.model._framework import (
        Level as Level,
    )
    from leadcomp.model._framework import (
        Provenance as Provenance,
    )
    from leadcomp.model._framework import (
        Relation as Relation,
    )
    from leadcomp.model._framework import (
        Scale as Scale,
    )
    from leadcomp.model._framework_mapping import (
        MAPPED_SHAPES as MAPPED_SHAPES,
    )
    from leadcomp.model._framework_mapping import (
        FrameworkMapping as FrameworkMapping,
    )
    from leadcomp.model._framework_mapping import (
        KindValue as KindValue,
    )
    from leadcomp.model._framework_mapping import (
        LevelColumn as LevelColumn,
    )
    from leadcomp.model._framework_mapping import (
        MappedFields as MappedFields,
    )
    from leadcomp.model._framework_mapping import (
        MappedFramework as MappedFramework,
    )
    from leadcomp.model._framework_mapping import (
        MappedShape as MappedShape,
    )
    from leadcomp.model._gaps import (
        Barrier as Barrier,
    )
    from leadcomp.model._gaps import (
        Crosshairs as Crosshairs,
    )
    from leadcomp.model._gaps import (
        FlaggedCompetency as FlaggedCompetency,
    )
    from leadcomp.model._gaps import (
        GapReport as GapReport,
    )
    from leadcomp.model._gaps import (
        GapSummary as GapSummary,
    )
    from leadcomp.model._gaps import (
        PlanIndicator as PlanIndicator,
    )
    from leadcomp.model._gaps import (
        PlanItem as PlanItem,
    )
    from leadcomp.model._gaps import (
        RequirementGap as RequirementGap,
    )
    from leadcomp.model._mapping import (
        COMBINE_RULES as COMBINE_RULES,
    )
    from leadcomp.model._mapping import (
        Combine as Combine,
    )
    from leadcomp.model._mapping import (
        IdMapping as IdMapping,
    )
    from leadcomp.model._mapping import (
        Mapping as Mapping,
    )
    from leadcomp.model._mapping import (
        ScaleMapping as ScaleMapping,
    )
    from leadcomp.model._mapping import (
        ValueMapping as ValueMapping,
    )
    from leadcomp.model._policy import (
        OTHER_GROUPS as OTHER_GROUPS,
    )
    from leadcomp.model._policy import (
        BlindSpotRule as BlindSpotRule,
    )
    from leadcomp.model._policy import (
        BlindSpotUnit as BlindSpotUnit,
    )
    from leadcomp.model._policy import (
        GroupThresholds as GroupThresholds,
    )
    from leadcomp.model._policy import (
        GroupWeights as GroupWeights,
    )
    from leadcomp.model._policy import (
        MergeRule as MergeRule,
    )
    from leadcomp.model._policy import (
        Pooling as Pooling,
    )
    from leadcomp.model._policy import (
        ScoringPolicy as ScoringPolicy,
    )
    from leadcomp.model._policy import (
        SmallGroups as SmallGroups,
    )
    from leadcomp.model._results import (
        Comment as Comment,
    )
    from leadcomp.model._results import (
        CompetencyScore as CompetencyScore,
    )
    from leadcomp.model._results import (
        Flag as Flag,
    )
    from leadcomp.model._results import (
        GroupScore as GroupScore,
    )
    from leadcomp.model._results import (
        MissingReason as MissingReason,
    )
    from leadcomp.model._results import (
        MissingScore as MissingScore,
    )
    from leadcomp.model._results import (
        Note as Note,
    )
    from leadcomp.model._results import (
        OpenComments as OpenComments,
    )
    from leadcomp.model._results import (
        OverallScore as OverallScore,
    )
    from leadcomp.model._results import (
        Score as Score,
    )
    from leadcomp.model._results import (
        ScoreSheet as ScoreSheet,
    )
    from leadcomp.model._results import (
        Statistic as Statistic,
    )
    from leadcomp.model._role import (
        FrameworkRef as FrameworkRef,
    )
    from leadcomp.model._role import (
        Requirement as Requirement,
    )
    from leadcomp.model._role import (
        RoleProfile as RoleProfile,
    )
    from leadcomp.model._survey import (
        LABEL_MATCHES as LABEL_MATCHES,
    )
    from leadcomp.model._survey import (
        SURVEY_LAYOUTS as SURVEY_LAYOUTS,
    )
    from leadcomp.model._survey import (
        SURVEY_TOOLS as SURVEY_TOOLS,
    )
    from leadcomp.model._survey import (
        GroupLabel as GroupLabel,
    )
    from leadcomp.model._survey import (
        LabelMatch as LabelMatch,
    )
    from leadcomp.model._survey import (
        Pseudonymise as Pseudonymise,
    )
    from leadcomp.model._survey import (
        SurveyColumns as SurveyColumns,
    )
    from leadcomp.model._survey import (
        SurveyItem as SurveyItem,
    )
    from leadcomp.model._survey import (
        SurveyLayout as SurveyLayout,
    )
    from leadcomp.model._survey import (
        SurveyMapping as SurveyMapping,
    )
    from leadcomp.model._survey import (
        SurveyTool as SurveyTool,
    )
    from leadcomp.model._survey import (
        ValueLabel as ValueLabel,
    )
    from leadcomp.model._types import (
        COMPETENCY_KINDS as COMPETENCY_KINDS,
    )
    from leadcomp.model._types import (
        RATER_GROUPS as RATER_GROUPS,
    )
    from leadcomp.model._types import (
        RELATION_TYPES as RELATION_TYPES,
    )
    from leadcomp.model._types import (
        CompetencyKind as CompetencyKind,
    )
    from leadcomp.model._types import (
        Extensions as Extensions,
    )
    from leadcomp.model._types import (
        JSONValue as JSONValue,
    )
    from leadcomp.model._types import (
        RaterGroup as RaterGroup,
    )
    from leadcomp.model._types import (
        RelationType as RelationType,
    )

    #: Every document model, the type ``load`` can return.
    Document = (
        Framework | RoleProfile | Assessment | ScoringPolicy | ScoreSheet | Mapping | SurveyMapping
        | FrameworkMapping
    )


def __getattr__(name: str) -> Any:
    from leadcomp._lazy import attribute

    if name == "Document":
        value: Any = (
            __getattr__("Framework") | __getattr__("RoleProfile") | __getattr__("Assessment")
            | __getattr__("ScoringPolicy") | __getattr__("ScoreSheet") | __getattr__("Mapping")
            | __getattr__("SurveyMapping") | __getattr__("FrameworkMapping")
        )
        globals()[name] = value
        return value
    return attribute(__name__, globals(), name)


def __dir__() -> list[str]:
    return list(__getattr__("__all__"))


# The namespace holds the public names (and subpackages) only, not what writing this module
# needed.
del annotations, TYPE_CHECKING
