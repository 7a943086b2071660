"""Renderers of score sheets, by output name: top-level functions, so workers can run them."""

from __future__ import annotations

from leadcomp.documents._pipeline import dumps
from leadcomp.model import Framework
from leadcomp.model._results import ScoreSheet
from leadcomp.scoring._batch import Render
from leadcomp.scoring._sheet_text import render_text


def as_json(sheet: ScoreSheet, framework: Framework) -> str:
    """The canonical JSON of a sheet, indented (validated against its schema first)."""
    return dumps(sheet)


def as_json_line(sheet: ScoreSheet, framework: Framework) -> str:
    """The canonical JSON of a sheet on one line, with its newline (a JSON Lines record)."""
    return dumps(sheet, compact=True) + "\n"


#: Renderers by the name of the output format.
RENDERERS: dict[str, Render] = {"text": render_text, "json": as_json, "jsonl": as_json_line}
