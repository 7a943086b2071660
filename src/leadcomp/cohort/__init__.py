"""Cohort figures over many gap reports, and progress between two rounds.

``cohort_gaps(reports)`` summarises one role over a cohort in a single pass: per requirement the
share meeting it, the mean, spread and histogram of the gaps, and Borich's mean weighted
discrepancy score (MWDS) with its ranking. ``progress(baseline, followup)`` pairs two rounds by
subject and gives each person's change and the cohort's mean change with Cohen's d_z and a
t-based confidence interval; people found in only one round are listed, never dropped silently.
``borich_mwds(importance, ability)`` is the Borich formula on its own.
"""

from __future__ import annotations

from leadcomp._lazy import face as _face

TYPE_CHECKING = False
if TYPE_CHECKING:  # the public names, each imported on first use
    from leadcomp.cohort._analysis import (
        CohortAnalysis as CohortAnalysis,
        PersonReports as PersonReports,
        RoundCount as RoundCount,
        analyse_cohort as analyse_cohort,
        assessment_pairs as assessment_pairs,
        baseline_alphas as baseline_alphas,
        person_reports as person_reports,
        scored_lines as scored_lines,
    )
    from leadcomp.cohort._items import (
        GroupComparison as GroupComparison,
        GroupReliability as GroupReliability,
        ItemReport as ItemReport,
        ReliabilityTally as ReliabilityTally,
        group_comparison as group_comparison,
        item_report as item_report,
    )
    from leadcomp.cohort._norms import (
        build_norms as build_norms,
    )
    from leadcomp.cohort._summary import (
        MAX_BINS as MAX_BINS,
        borich_mwds as borich_mwds,
        change_summary as change_summary,
        cohort_gaps as cohort_gaps,
        distribution as distribution,
        histogram as histogram,
        progress as progress,
        quantile as quantile,
    )
    from leadcomp.model._norms import (
        PERCENTILES as PERCENTILES,
        percentile_rank as percentile_rank,
    )


__getattr__, __dir__ = _face(__name__, globals())
