"""leadcomp: leadership competency frameworks as typed models, validated, scored and compared.

The names below are imported on first use, so ``import leadcomp`` stays cheap.
"""

from __future__ import annotations

__version__ = "0.1.0"

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from leadcomp.builtin import (
        builtin_frameworks as builtin_frameworks,
    )
    from leadcomp.builtin import (
        builtin_roles as builtin_roles,
    )
    from leadcomp.builtin import (
        load_builtin as load_builtin,
    )
    from leadcomp.builtin._policies import (
        BUILTIN_POLICIES as BUILTIN_POLICIES,
    )
    from leadcomp.builtin._policies import (
        DEFAULT_POLICY as DEFAULT_POLICY,
    )
    from leadcomp.builtin._policies import (
        builtin_policy as builtin_policy,
    )
    from leadcomp.builtin._policies import (
        load_policy as load_policy,
    )
    from leadcomp.cohort import (
        borich_mwds as borich_mwds,
    )
    from leadcomp.cohort import (
        cohort_gaps as cohort_gaps,
    )
    from leadcomp.cohort import (
        progress as progress,
    )
    from leadcomp.documents._pipeline import (
        Source as Source,
    )
    from leadcomp.documents._pipeline import (
        check as check,
    )
    from leadcomp.documents._pipeline import (
        dump as dump,
    )
    from leadcomp.documents._pipeline import (
        dumps as dumps,
    )
    from leadcomp.documents._pipeline import (
        load as load,
    )
    from leadcomp.documents._pipeline import (
        validate as validate,
    )
    from leadcomp.documents._reports import (
        dump_report as dump_report,
    )
    from leadcomp.documents._reports import (
        dumps_report as dumps_report,
    )
    from leadcomp.documents._reports import (
        load_report as load_report,
    )
    from leadcomp.documents._repository import (
        FileCheck as FileCheck,
    )
    from leadcomp.documents._repository import (
        validate_files as validate_files,
    )
    from leadcomp.formats.case import (
        dump_case as dump_case,
    )
    from leadcomp.formats.case import (
        dumps_case as dumps_case,
    )
    from leadcomp.formats.case import (
        load_case as load_case,
    )
    from leadcomp.formats.case import (
        read_case as read_case,
    )
    from leadcomp.formats.case import (
        write_case as write_case,
    )
    from leadcomp.formats.ctdl import (
        load_ctdl as load_ctdl,
    )
    from leadcomp.formats.ctdl import (
        read_ctdl as read_ctdl,
    )
    from leadcomp.formats.esco import (
        load_esco as load_esco,
    )
    from leadcomp.formats.esco import (
        read_esco as read_esco,
    )
    from leadcomp.formats.framework_mapping import (
        load_mapped as load_mapped,
    )
    from leadcomp.formats.framework_mapping import (
        read_mapped as read_mapped,
    )
    from leadcomp.formats.moodle import (
        dump_moodle as dump_moodle,
    )
    from leadcomp.formats.moodle import (
        load_moodle as load_moodle,
    )
    from leadcomp.formats.moodle import (
        read_moodle as read_moodle,
    )
    from leadcomp.formats.moodle import (
        write_moodle as write_moodle,
    )
    from leadcomp.formats.onet import (
        load_onet as load_onet,
    )
    from leadcomp.formats.onet import (
        read_onet as read_onet,
    )
    from leadcomp.formats.survey import (
        load_survey as load_survey,
    )
    from leadcomp.formats.survey import (
        read_survey as read_survey,
    )
    from leadcomp.formats.survey import (
        read_surveys as read_surveys,
    )
    from leadcomp.gaps import (
        gap as gap,
    )
    from leadcomp.model import (
        Assessment as Assessment,
    )
    from leadcomp.model import (
        BlindSpotRule as BlindSpotRule,
    )
    from leadcomp.model import (
        CohortReport as CohortReport,
    )
    from leadcomp.model import (
        Comment as Comment,
    )
    from leadcomp.model import (
        Competency as Competency,
    )
    from leadcomp.model import (
        CompetencyScore as CompetencyScore,
    )
    from leadcomp.model import (
        Descriptor as Descriptor,
    )
    from leadcomp.model import (
        Document as Document,
    )
    from leadcomp.model import (
        Framework as Framework,
    )
    from leadcomp.model import (
        FrameworkRef as FrameworkRef,
    )
    from leadcomp.model import (
        GapReport as GapReport,
    )
    from leadcomp.model import (
        GroupScore as GroupScore,
    )
    from leadcomp.model import (
        GroupThresholds as GroupThresholds,
    )
    from leadcomp.model import (
        GroupWeights as GroupWeights,
    )
    from leadcomp.model import (
        IdMapping as IdMapping,
    )
    from leadcomp.model import (
        Indicator as Indicator,
    )
    from leadcomp.model import (
        Level as Level,
    )
    from leadcomp.model import (
        Mapping as Mapping,
    )
    from leadcomp.model import (
        MergeRule as MergeRule,
    )
    from leadcomp.model import (
        MissingScore as MissingScore,
    )
    from leadcomp.model import (
        Note as Note,
    )
    from leadcomp.model import (
        OpenComment as OpenComment,
    )
    from leadcomp.model import (
        OpenComments as OpenComments,
    )
    from leadcomp.model import (
        OverallScore as OverallScore,
    )
    from leadcomp.model import (
        ProgressReport as ProgressReport,
    )
    from leadcomp.model import (
        Provenance as Provenance,
    )
    from leadcomp.model import (
        Rater as Rater,
    )
    from leadcomp.model import (
        Rating as Rating,
    )
    from leadcomp.model import (
        Relation as Relation,
    )
    from leadcomp.model import (
        Requirement as Requirement,
    )
    from leadcomp.model import (
        RoleProfile as RoleProfile,
    )
    from leadcomp.model import (
        Scale as Scale,
    )
    from leadcomp.model import (
        ScaleMapping as ScaleMapping,
    )
    from leadcomp.model import (
        Score as Score,
    )
    from leadcomp.model import (
        ScoreSheet as ScoreSheet,
    )
    from leadcomp.model import (
        ScoringPolicy as ScoringPolicy,
    )
    from leadcomp.model import (
        Statistic as Statistic,
    )
    from leadcomp.model import (
        SurveyColumns as SurveyColumns,
    )
    from leadcomp.model import (
        SurveyItem as SurveyItem,
    )
    from leadcomp.model import (
        SurveyMapping as SurveyMapping,
    )
    from leadcomp.model import (
        ValueLabel as ValueLabel,
    )
    from leadcomp.model import (
        ValueMapping as ValueMapping,
    )
    from leadcomp.problems import (
        InvalidDocument as InvalidDocument,
    )
    from leadcomp.problems import (
        Problem as Problem,
    )
    from leadcomp.read._limits import (
        Limits as Limits,
    )
    from leadcomp.reports import (
        render_html as render_html,
    )
    from leadcomp.reports import (
        render_markdown as render_markdown,
    )
    from leadcomp.scoring import (
        ScoreResult as ScoreResult,
    )
    from leadcomp.scoring import (
        score as score,
    )
    from leadcomp.scoring import (
        score_many as score_many,
    )
    from leadcomp.scoring import (
        scoring_problems as scoring_problems,
    )
    from leadcomp.scoring import (
        try_score_many as try_score_many,
    )
    from leadcomp.versioning import (
        Change as Change,
    )
    from leadcomp.versioning import (
        FrameworkDiff as FrameworkDiff,
    )
    from leadcomp.versioning import (
        MigrationResult as MigrationResult,
    )
    from leadcomp.versioning import (
        Outcome as Outcome,
    )
    from leadcomp.versioning import (
        Scorability as Scorability,
    )
    from leadcomp.versioning import (
        builtin_mapping as builtin_mapping,
    )
    from leadcomp.versioning import (
        diff as diff,
    )
    from leadcomp.versioning import (
        migrate as migrate,
    )


def __getattr__(name: str) -> Any:
    from leadcomp._lazy import attribute

    return attribute(__name__, globals(), name)


def __dir__() -> list[str]:
    return list(__getattr__("__all__"))


# The namespace holds the public names (and subpackages) only, not what writing this module
# needed.
del annotations, TYPE_CHECKING
