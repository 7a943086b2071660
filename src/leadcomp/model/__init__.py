"""The vocabulary of leadcomp as frozen attrs classes: no I/O happens here.

The names are imported from their modules on first use, so that a command builds only the
classes it needs (``leadcomp validate`` of a role never builds a score sheet's).
"""

from __future__ import annotations

from leadcomp._lazy import face as _face

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from leadcomp.model._assessment import (
        Assessment as Assessment,
        OpenComment as OpenComment,
        Rater as Rater,
        Rating as Rating,
    )
    from leadcomp.model._cohort import (
        ChangeSummary as ChangeSummary,
        CohortCompetency as CohortCompetency,
        CohortReport as CohortReport,
        CompetencyChange as CompetencyChange,
        CompetencyItems as CompetencyItems,
        CompetencyProgress as CompetencyProgress,
        Distribution as Distribution,
        GroupComparison as GroupComparison,
        GroupReliability as GroupReliability,
        HistogramBin as HistogramBin,
        IndicatorFigures as IndicatorFigures,
        ItemReport as ItemReport,
        PersonProgress as PersonProgress,
        ProgressReport as ProgressReport,
    )
    from leadcomp.model._framework import (
        Competency as Competency,
        Descriptor as Descriptor,
        Framework as Framework,
        Indicator as Indicator,
        Level as Level,
        Provenance as Provenance,
        Relation as Relation,
        Scale as Scale,
    )
    from leadcomp.model._framework_mapping import (
        MAPPED_SHAPES as MAPPED_SHAPES,
        FrameworkMapping as FrameworkMapping,
        KindValue as KindValue,
        LevelColumn as LevelColumn,
        MappedFields as MappedFields,
        MappedFramework as MappedFramework,
        MappedShape as MappedShape,
    )
    from leadcomp.model._gaps import (
        Barrier as Barrier,
        Crosshairs as Crosshairs,
        FlaggedCompetency as FlaggedCompetency,
        GapNorms as GapNorms,
        GapReport as GapReport,
        GapSummary as GapSummary,
        NormPlacement as NormPlacement,
        PlanIndicator as PlanIndicator,
        PlanItem as PlanItem,
        RequirementGap as RequirementGap,
    )
    from leadcomp.model._mapping import (
        COMBINE_RULES as COMBINE_RULES,
        Combine as Combine,
        IdMapping as IdMapping,
        Mapping as Mapping,
        ScaleMapping as ScaleMapping,
        ValueMapping as ValueMapping,
    )
    from leadcomp.model._norms import (
        NormCell as NormCell,
        Norms as Norms,
    )
    from leadcomp.model._policy import (
        BlindSpotRule as BlindSpotRule,
        BlindSpotUnit as BlindSpotUnit,
        GroupThresholds as GroupThresholds,
        GroupWeights as GroupWeights,
        MergeRule as MergeRule,
        Pooling as Pooling,
        ScoringPolicy as ScoringPolicy,
        SmallGroups as SmallGroups,
    )
    from leadcomp.model._results import (
        Comment as Comment,
        CompetencyScore as CompetencyScore,
        Flag as Flag,
        GroupScore as GroupScore,
        MissingReason as MissingReason,
        MissingScore as MissingScore,
        Note as Note,
        OpenComments as OpenComments,
        OverallScore as OverallScore,
        Score as Score,
        ScoreSheet as ScoreSheet,
        Statistic as Statistic,
    )
    from leadcomp.model._role import (
        FrameworkRef as FrameworkRef,
        Requirement as Requirement,
        RoleProfile as RoleProfile,
    )
    from leadcomp.model._survey import (
        LABEL_MATCHES as LABEL_MATCHES,
        SURVEY_LAYOUTS as SURVEY_LAYOUTS,
        SURVEY_TOOLS as SURVEY_TOOLS,
        GroupLabel as GroupLabel,
        LabelMatch as LabelMatch,
        Pseudonymise as Pseudonymise,
        SurveyColumns as SurveyColumns,
        SurveyItem as SurveyItem,
        SurveyLayout as SurveyLayout,
        SurveyMapping as SurveyMapping,
        SurveyTool as SurveyTool,
        ValueLabel as ValueLabel,
    )
    from leadcomp.model._types import (
        COMPETENCY_KINDS as COMPETENCY_KINDS,
        OTHER_GROUPS as OTHER_GROUPS,
        RATER_GROUPS as RATER_GROUPS,
        RELATION_TYPES as RELATION_TYPES,
        CompetencyKind as CompetencyKind,
        Extensions as Extensions,
        JSONValue as JSONValue,
        RaterGroup as RaterGroup,
        RelationType as RelationType,
    )

    #: Every document model, the type ``load`` can return.
    Document = (
        Framework | RoleProfile | Assessment | ScoringPolicy | ScoreSheet | Mapping | SurveyMapping
        | FrameworkMapping
    )


_public, __dir__ = _face(__name__, globals())


def __getattr__(name: str) -> Any:
    if name == "Document":
        value: Any = (
            _public("Framework") | _public("RoleProfile") | _public("Assessment")
            | _public("ScoringPolicy") | _public("ScoreSheet") | _public("Mapping")
            | _public("SurveyMapping") | _public("FrameworkMapping")
        )
        globals()[name] = value
        return value
    return _public(name)
