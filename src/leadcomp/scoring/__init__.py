"""Score assessments against a framework under a scoring policy.

``score`` checks one assessment and returns its ScoreSheet; ``score_many`` and
``try_score_many`` score a stream of them, in input order, inline or on any
``concurrent.futures.Executor``; ``write_scores`` scores a file of them into a stream of
bytes (JSON, JSON Lines or text).
"""

from __future__ import annotations

from leadcomp._lazy import face as _face

TYPE_CHECKING = False
if TYPE_CHECKING:  # the public names, each imported on first use
    from leadcomp.builtin._policies import DEFAULT_POLICY as DEFAULT_POLICY
    from leadcomp.scoring._batch import (
        ScoreResult as ScoreResult,
        score_many as score_many,
        try_score_many as try_score_many,
    )
    from leadcomp.scoring._output import write_scores as write_scores
    from leadcomp.scoring._score import (
        SCALE_LIMIT as SCALE_LIMIT,
        line_reader as line_reader,
        prepared as prepared,
        score as score,
        scoring_problems as scoring_problems,
        sheet_model as sheet_model,
    )
    from leadcomp.scoring._stream import Chunk as Chunk


__getattr__, __dir__ = _face(__name__, globals())
