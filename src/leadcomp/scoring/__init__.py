"""Score assessments against a framework under a scoring policy.

``score`` checks one assessment and returns its ScoreSheet; ``score_many`` and
``try_score_many`` score a stream of them, in input order, inline or on any
``concurrent.futures.Executor``; ``write_scores`` scores a file of them into a stream of
bytes (JSON, JSON Lines or text).
"""

from __future__ import annotations

from typing import Any

from leadcomp._lazy import attribute as _attribute
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

TYPE_CHECKING = False
if TYPE_CHECKING:  # the stream of files: imported on first use
    from leadcomp.scoring._output import write_scores as write_scores
    from leadcomp.scoring._stream import Chunk as Chunk


def __getattr__(name: str) -> Any:
    """``write_scores`` and ``Chunk``, imported on first use."""
    return _attribute(__name__, globals(), name)


__all__ = [
    "DEFAULT_POLICY",
    "SCALE_LIMIT",
    "Chunk",
    "ScoreResult",
    "line_reader",
    "prepared",
    "score",
    "score_many",
    "scoring_problems",
    "sheet_model",
    "try_score_many",
    "write_scores",
]
