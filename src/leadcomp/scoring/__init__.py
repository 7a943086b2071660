"""Score assessments against a framework under a scoring policy.

``score`` checks one assessment and returns its ScoreSheet; ``score_many`` and
``try_score_many`` score a stream of them, in input order, inline or on any
``concurrent.futures.Executor``.
"""

from __future__ import annotations

from leadcomp.builtin._policies import DEFAULT_POLICY
from leadcomp.scoring._batch import ScoreResult, score_many, try_score_many
from leadcomp.scoring._score import (
    SCALE_LIMIT,
    line_reader,
    prepared,
    score,
    scoring_problems,
    sheet_model,
)

__all__ = [
    "DEFAULT_POLICY",
    "SCALE_LIMIT",
    "ScoreResult",
    "line_reader",
    "prepared",
    "score",
    "score_many",
    "scoring_problems",
    "sheet_model",
    "try_score_many",
]
