"""Questionnaires for survey tools, made from a framework (and a role), with the survey mapping
that reads the tool's export of them back into assessments.

``survey_template(framework, "qualtrics", role=role)`` returns a SurveyTemplate: the files to
give the tool (Qualtrics' Advanced Format TXT; for the other tools a plain question list to
paste), a readable HTML and Markdown copy with instructions, and the survey mapping (format 1.0,
an explicit ``items:`` entry per indicator naming the exact header the tool's export carries).
``write_survey_template(template, directory)`` writes them atomically, never over an existing
file unless ``force``.
"""

from __future__ import annotations

from leadcomp.reports._survey_template import (
    GROUP_LABELS,
    TOOLS,
    Question,
    QuestionGroup,
    SurveyTemplate,
    Tool,
    survey_template,
    write_survey_template,
)

__all__ = [
    "GROUP_LABELS",
    "TOOLS",
    "Question",
    "QuestionGroup",
    "SurveyTemplate",
    "Tool",
    "survey_template",
    "write_survey_template",
]
