"""leadcomp: leadership competency frameworks as typed models, validated, scored and compared.

The names below are imported on first use, so ``import leadcomp`` stays cheap.
"""

from __future__ import annotations

from leadcomp._lazy import face as _face

__version__ = "0.1.0"

TYPE_CHECKING = False
if TYPE_CHECKING:
    from leadcomp.builtin import (
        builtin_frameworks as builtin_frameworks,
        builtin_roles as builtin_roles,
        load_builtin as load_builtin,
    )
    from leadcomp.builtin._policies import (
        BUILTIN_POLICIES as BUILTIN_POLICIES,
        DEFAULT_POLICY as DEFAULT_POLICY,
        builtin_policy as builtin_policy,
        load_policy as load_policy,
    )
    from leadcomp.cohort import (
        borich_mwds as borich_mwds,
        cohort_gaps as cohort_gaps,
        progress as progress,
    )
    from leadcomp.documents._pipeline import Source as Source, check as check, dumps as dumps
    from leadcomp.documents._reports import (
        dump_report as dump_report,
        dumps_report as dumps_report,
        load_report as load_report,
    )
    from leadcomp.formats._dispatch import (
        dump as dump,
        load as load,
        validate as validate,
    )
    from leadcomp.formats._repository import (
        FileCheck as FileCheck,
        validate_files as validate_files,
    )
    from leadcomp.formats.case import (
        dump_case as dump_case,
        dumps_case as dumps_case,
        load_case as load_case,
        read_case as read_case,
        write_case as write_case,
    )
    from leadcomp.formats.ctdl import (
        load_ctdl as load_ctdl,
        read_ctdl as read_ctdl,
    )
    from leadcomp.formats.esco import (
        load_esco as load_esco,
        read_esco as read_esco,
    )
    from leadcomp.formats.framework_mapping import (
        load_mapped as load_mapped,
        read_mapped as read_mapped,
    )
    from leadcomp.formats.moodle import (
        dump_moodle as dump_moodle,
        load_moodle as load_moodle,
        read_moodle as read_moodle,
        write_moodle as write_moodle,
    )
    from leadcomp.formats.onet import (
        load_onet as load_onet,
        read_onet as read_onet,
    )
    from leadcomp.formats.survey import (
        load_survey as load_survey,
        read_survey as read_survey,
        read_surveys as read_surveys,
    )
    from leadcomp.gaps import (
        gap as gap,
    )
    from leadcomp.model import (
        Assessment as Assessment,
        BlindSpotRule as BlindSpotRule,
        CohortReport as CohortReport,
        Comment as Comment,
        Competency as Competency,
        CompetencyScore as CompetencyScore,
        Descriptor as Descriptor,
        Document as Document,
        Framework as Framework,
        FrameworkRef as FrameworkRef,
        GapReport as GapReport,
        GroupScore as GroupScore,
        GroupThresholds as GroupThresholds,
        GroupWeights as GroupWeights,
        IdMapping as IdMapping,
        Indicator as Indicator,
        Level as Level,
        Mapping as Mapping,
        MergeRule as MergeRule,
        MissingScore as MissingScore,
        Note as Note,
        OpenComment as OpenComment,
        OpenComments as OpenComments,
        OverallScore as OverallScore,
        ProgressReport as ProgressReport,
        Provenance as Provenance,
        Rater as Rater,
        Rating as Rating,
        Relation as Relation,
        Requirement as Requirement,
        RoleProfile as RoleProfile,
        Scale as Scale,
        ScaleMapping as ScaleMapping,
        Score as Score,
        ScoreSheet as ScoreSheet,
        ScoringPolicy as ScoringPolicy,
        Statistic as Statistic,
        SurveyColumns as SurveyColumns,
        SurveyItem as SurveyItem,
        SurveyMapping as SurveyMapping,
        ValueLabel as ValueLabel,
        ValueMapping as ValueMapping,
    )
    from leadcomp.problems import (
        InvalidDocument as InvalidDocument,
        Problem as Problem,
    )
    from leadcomp.read._limits import (
        Limits as Limits,
    )
    from leadcomp.reports import (
        render_html as render_html,
        render_markdown as render_markdown,
    )
    from leadcomp.scoring import (
        ScoreResult as ScoreResult,
        score as score,
        score_many as score_many,
        scoring_problems as scoring_problems,
        try_score_many as try_score_many,
    )
    from leadcomp.versioning import (
        Change as Change,
        FrameworkDiff as FrameworkDiff,
        MigrationResult as MigrationResult,
        Outcome as Outcome,
        Scorability as Scorability,
        builtin_mapping as builtin_mapping,
        diff as diff,
        migrate as migrate,
    )


__getattr__, __dir__ = _face(__name__, globals())
