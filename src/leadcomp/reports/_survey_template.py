"""A framework's (or a role's) questionnaire for one survey tool, and the mapping of its export."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Literal

from attrs import frozen

import leadcomp.documents._pipeline as _api
from leadcomp import __version__
from leadcomp.documents._atomic import write_atomic
from leadcomp.gaps import check_compatible
from leadcomp.model import Framework, RoleProfile, Scale
from leadcomp.model._survey import GroupLabel, SurveyColumns, SurveyItem, SurveyMapping, ValueLabel
from leadcomp.problems import InvalidDocument, problem
from leadcomp.reports._env import render

#: The survey tools a questionnaire can be made for.
Tool = Literal["qualtrics", "surveymonkey", "google-forms", "ms-forms", "generic"]
TOOLS: tuple[Tool, ...] = ("qualtrics", "surveymonkey", "google-forms", "ms-forms", "generic")

#: The relationship question's answers and the rater group each means.
GROUP_LABELS: tuple[tuple[str, str], ...] = (
    ("Self", "self"),
    ("Manager", "manager"),
    ("Peer", "peer"),
    ("Direct report", "direct_report"),
    ("Other", "other"),
)

SUBJECT_QUESTION = "Participant code"
SUBJECT_HELP = (
    "The code of the person this feedback is about, exactly as the programme gave it "
    "(never a name)."
)
RELATIONSHIP_QUESTION = "Your relationship to the participant"
STRENGTHS_QUESTION = "Strengths: what does the participant do well as a leader?"
DEVELOPMENT_QUESTION = "Development: what could the participant develop or do differently?"


@frozen(kw_only=True)
class _ToolInfo:
    name: str
    #: The row of the export that holds the headers the mapping reads.
    header_row: int
    #: The header of an indicator's answers, from the matrix question and its statement.
    item_header: Callable[[str, str], str]
    #: The header of the participant-code and relationship questions' answers.
    subject_header: str
    group_header: str
    #: How the export is made, for the instructions.
    export: str
    #: How each kind of question is made in the tool (for the question list).
    text_kind: str
    choice_kind: str
    matrix_kind: str
    essay_kind: str
    note: str = ""
    #: The headers of the two open questions' answers (default: the question texts).
    strengths_header: str = STRENGTHS_QUESTION
    development_header: str = DEVELOPMENT_QUESTION
    #: The mapping reads the export with the tool's preset (format 1.1: its header rows,
    #: response ids, dates, and responses that are not finished or not real).
    preset: bool = False


_TOOLS: dict[str, _ToolInfo] = {
    "qualtrics": _ToolInfo(
        name="Qualtrics",
        header_row=1,
        item_header=lambda prompt, statement: f"{prompt} - {statement}",
        subject_header=SUBJECT_QUESTION,
        group_header=RELATIONSHIP_QUESTION,
        export="Data & Analysis, Export, CSV, with \"Use choice text\"",
        text_kind="Text entry, single line",
        choice_kind="Multiple choice, single answer",
        matrix_kind="Matrix table, Likert, single answer",
        essay_kind="Text entry, essay",
        note=(
            "Qualtrics exports three header rows (column ids, question texts, import ids); "
            "the mapping reads them with its Qualtrics preset, which also takes each "
            "response's id as the rater's and leaves out unfinished responses, previews and "
            "tests."
        ),
        preset=True,
    ),
    "surveymonkey": _ToolInfo(
        name="SurveyMonkey",
        header_row=2,
        item_header=lambda prompt, statement: statement,
        subject_header="Open-Ended Response",
        group_header="Response",
        export="Analyze, Save as, Export file, All responses data, CSV, Expanded",
        text_kind="Single textbox",
        choice_kind="Multiple choice",
        matrix_kind="Matrix / rating scale",
        essay_kind="Multiple textboxes (one question, two boxes)",
        strengths_header="Strengths",
        development_header="Development",
    ),
    "google-forms": _ToolInfo(
        name="Google Forms",
        header_row=1,
        item_header=lambda prompt, statement: f"{prompt} [{statement}]",
        subject_header=SUBJECT_QUESTION,
        group_header=RELATIONSHIP_QUESTION,
        export="Responses, Download responses (.csv)",
        text_kind="Short answer",
        choice_kind="Multiple choice",
        matrix_kind="Multiple choice grid (rows: the statements; columns: the answers)",
        essay_kind="Paragraph",
    ),
    "ms-forms": _ToolInfo(
        name="Microsoft Forms",
        header_row=1,
        item_header=lambda prompt, statement: statement,
        subject_header=SUBJECT_QUESTION,
        group_header=RELATIONSHIP_QUESTION,
        export="Responses, Open results in Excel (.xlsx)",
        text_kind="Text",
        choice_kind="Choice",
        matrix_kind="Likert (statements: the statements; options: the answers)",
        essay_kind="Text, long answer",
    ),
    "generic": _ToolInfo(
        name="any survey tool",
        header_row=1,
        item_header=lambda prompt, statement: statement,
        subject_header=SUBJECT_QUESTION,
        group_header=RELATIONSHIP_QUESTION,
        export=(
            "a CSV (or .xlsx) file with one row per response and one header row: the "
            "question texts exactly as listed"
        ),
        text_kind="Short text",
        choice_kind="Single choice",
        matrix_kind="Rating grid",
        essay_kind="Long text",
    ),
}


@frozen(kw_only=True)
class Question:
    """A behavioural indicator as a statement raters answer."""

    number: int
    item: str
    statement: str
    header: str
    reverse: bool


@frozen(kw_only=True)
class QuestionGroup:
    """The statements of one competency on one scale: one matrix question."""

    competency: str
    title: str
    description: str | None
    scale: str
    answers: tuple[str, ...]
    not_observed: str | None
    questions: tuple[Question, ...]


@frozen(kw_only=True)
class SurveyTemplate:
    """A questionnaire for one tool: the files to write (name -> text) and the mapping."""

    tool: Tool
    tool_name: str
    framework: str
    framework_title: str
    role: str | None
    role_title: str | None
    groups: tuple[QuestionGroup, ...]
    mapping: SurveyMapping
    files: tuple[tuple[str, str], ...]


def _clean(text: str) -> str:
    return " ".join(text.split())


def _competencies(framework: Framework, role: RoleProfile | None) -> set[str] | None:
    if role is None:
        return None
    required = {r.competency for r in role.requirements}
    chosen: set[str] = set()
    for _, competency in framework.walk():
        if competency.id in required or competency.parent in chosen:
            chosen.add(competency.id)
    return chosen


def _answers(scale: Scale) -> tuple[tuple[str, ...], str | None]:
    labels = tuple(_clean(level.label) for level in scale.levels)
    if not scale.not_observed:
        return labels, None
    return labels, _clean(scale.not_observed_label or "Not observed")


def _groups(framework: Framework, role: RoleProfile | None, info: _ToolInfo) -> list[QuestionGroup]:
    chosen = _competencies(framework, role)
    groups: list[QuestionGroup] = []
    number = 0
    for _, competency in framework.walk():
        if chosen is not None and competency.id not in chosen:
            continue
        runs: list[tuple[Scale, list[Question]]] = []
        for indicator in competency.indicators:
            scale = framework.scale_of_item(indicator.id)
            if scale is None:  # a valid framework gives every indicator a scale
                raise AssertionError(f"indicator {indicator.id!r} has no scale")
            number += 1
            statement = f"{number}. {_clean(indicator.text)}"
            question = Question(
                number=number,
                item=indicator.id,
                statement=statement,
                header=info.item_header(_clean(competency.title), statement),
                reverse=indicator.reverse,
            )
            if runs and runs[-1][0].id == scale.id:
                runs[-1][1].append(question)
            else:
                runs.append((scale, [question]))
        for scale, questions in runs:
            answers, not_observed = _answers(scale)
            groups.append(
                QuestionGroup(
                    competency=competency.id,
                    title=_clean(competency.title),
                    description=competency.description,
                    scale=scale.id,
                    answers=answers,
                    not_observed=not_observed,
                    questions=tuple(questions),
                )
            )
    return groups


def _mapping(
    framework: Framework, role: RoleProfile | None, tool: Tool, info: _ToolInfo,
    groups: list[QuestionGroup],
) -> SurveyMapping:
    values: dict[str, int | None] = {}
    not_observed = ["N/A", "Not observed"]
    for scale_id in dict.fromkeys(g.scale for g in groups):
        scale = framework.scale(scale_id)
        if scale is None:
            continue
        for level in scale.levels:
            label = _clean(level.label).casefold()
            known = values.get(label, level.value)
            values[label] = level.value if known == level.value else None
    labels: dict[str, str] = {}
    for group in groups:
        labels.update({a.casefold(): a for a in group.answers})
        if group.not_observed is not None and group.not_observed not in not_observed:
            not_observed.append(group.not_observed)
    scope = f"{framework.ref}" + (f", role {role.id}" if role is not None else "")
    return SurveyMapping(
        id=f"{role.id if role is not None else framework.id}-{tool}",
        title=f"The {tool} export of the leadcomp questionnaire ({scope})",
        framework=framework.ref,
        layout="wide",
        columns=SurveyColumns(subject=info.subject_header, group=info.group_header),
        items=tuple(
            SurveyItem(item=q.item, column=q.header) for g in groups for q in g.questions
        ),
        values=tuple(
            ValueLabel(label=labels[key], value=value)
            for key, value in values.items()
            if value is not None and key in labels
        ),
        groups=tuple(GroupLabel(label=label, group=group) for label, group in GROUP_LABELS),  # type: ignore[arg-type]
        not_observed=tuple(not_observed),
        header_row=info.header_row,
        tool=tool if info.preset else None,
        comments={"strengths": info.strengths_header, "development": info.development_header},
    )


def survey_template(
    framework: Framework, tool: Tool, *, role: RoleProfile | None = None
) -> SurveyTemplate:
    """The questionnaire on ``framework`` (only the role's competencies with ``role``) for a
    survey tool, with its HTML and Markdown copy and the survey mapping of the tool's export.

    The indicators come in framework order, numbered; each competency is one matrix question
    whose answers are its scale's labels (and "not observed" where the scale allows it).
    InvalidDocument when the tool is unknown, the role is on another framework, or no
    indicator is left to ask about.
    """
    info = _TOOLS.get(tool)
    if info is None:
        raise InvalidDocument(
            [problem("unknown-tool", f"unknown survey tool {tool!r}: choose one of "
                     + ", ".join(TOOLS))]
        )
    if role is not None:
        check_compatible(framework.ref, role, what="the framework given is")
    groups = _groups(framework, role, info)
    if not groups:
        what = f"the competencies role {role.id!r} requires" if role is not None else (
            f"framework {framework.ref}"
        )
        raise InvalidDocument(
            [problem("no-indicators", f"{what} have no behavioural indicators to ask about")]
        )
    mapping = _mapping(framework, role, tool, info, groups)

    base = f"{role.id if role is not None else framework.id}.{tool}"
    view = _View(
        title=(
            f"360 feedback questionnaire: {_clean(framework.title)}"
            + (f", {_clean(role.title)}" if role is not None else "")
        ),
        tool=tool,
        info=info,
        framework=framework.ref,
        framework_title=_clean(framework.title),
        role=role.id if role is not None else None,
        role_title=_clean(role.title) if role is not None else None,
        groups=tuple(groups),
        relationships=tuple(label for label, _ in GROUP_LABELS),
        subject_question=SUBJECT_QUESTION,
        subject_help=SUBJECT_HELP,
        relationship_question=RELATIONSHIP_QUESTION,
        strengths_question=STRENGTHS_QUESTION,
        development_question=DEVELOPMENT_QUESTION,
        count=sum(len(g.questions) for g in groups),
        mapping_file=f"{base}.mapping.yaml",
        tool_file=f"{base}.txt",
        version=__version__,
    )
    files = [
        (f"{base}.txt", _qualtrics(view) if tool == "qualtrics" else _question_list(view)),
        (f"{base}.html", render("html", "survey.html.j2", view=view)),
        (f"{base}.md", render("md", "survey.md.j2", view=view)),
        (f"{base}.mapping.yaml", _mapping_text(mapping, view)),
    ]
    return SurveyTemplate(
        tool=tool,
        tool_name=info.name,
        framework=framework.ref,
        framework_title=_clean(framework.title),
        role=view.role,
        role_title=view.role_title,
        groups=tuple(groups),
        mapping=mapping,
        files=tuple(files),
    )


def _qualtrics(view: _View) -> str:
    """Qualtrics' Advanced Format TXT: Survey, Tools, Import/Export, Import survey."""
    lines = [
        "[[AdvancedFormat]]",
        "",
        "[[Block:About this feedback]]",
        "",
        "[[Question:TE:SingleLine]]",
        "[[ID:participant]]",
        view.subject_question,
        "",
        "[[Question:MC:SingleAnswer:Vertical]]",
        "[[ID:relationship]]",
        view.relationship_question,
        "[[Choices]]",
        *view.relationships,
        "",
        "[[Block:Behaviours]]",
        "",
    ]
    for index, group in enumerate(view.groups, start=1):
        lines += [
            "[[Question:Matrix]]",
            f"[[ID:C{index}]]",
            group.title,
            "[[Choices]]",
            *(q.statement for q in group.questions),
            "[[Answers]]",
            *group.answers,
            *([group.not_observed] if group.not_observed else []),
            "",
            "[[PageBreak]]",
            "",
        ]
    lines += [
        "[[Block:In your own words]]",
        "",
        "[[Question:TE:Essay]]",
        "[[ID:strengths]]",
        view.strengths_question,
        "",
        "[[Question:TE:Essay]]",
        "[[ID:development]]",
        view.development_question,
        "",
    ]
    return "\n".join(lines)


def _question_list(view: _View) -> str:
    """The questions as a plain list to build the questionnaire from in the tool."""
    info = view.info
    lines = [
        view.title,
        f"Framework: {view.framework_title} ({view.framework})"
        + (f"; role: {view.role_title} ({view.role})" if view.role else ""),
        f"For {info.name}. Make each question below, in this order, with exactly the text "
        "shown: the survey mapping",
        f"({view.mapping_file}) finds the answers in the export by these texts.",
        "",
        f"Q1 [{info.text_kind}, required] {view.subject_question}",
        f"    ({view.subject_help})",
        "",
        f"Q2 [{info.choice_kind}, required] {view.relationship_question}",
        *(f"    - {label}" for label in view.relationships),
        "",
    ]
    number = 2
    for group in view.groups:
        number += 1
        lines.append(f"Q{number} [{info.matrix_kind}] {group.title}")
        lines.append("    Statements:")
        lines += [f"    {q.statement}" for q in group.questions]
        answers = [*group.answers, *([group.not_observed] if group.not_observed else [])]
        lines.append("    Answers: " + " | ".join(answers))
        lines.append("")
    if view.tool == "surveymonkey":
        lines += [
            f"Q{number + 1} [{info.essay_kind}] In your own words",
            "    Box 1: Strengths",
            "    Box 2: Development",
            f"    ({view.strengths_question} {view.development_question})",
            "",
        ]
    else:
        lines += [
            f"Q{number + 1} [{info.essay_kind}] {view.strengths_question}",
            "",
            f"Q{number + 2} [{info.essay_kind}] {view.development_question}",
            "",
        ]
    return "\n".join(lines)


def _mapping_text(mapping: SurveyMapping, view: _View) -> str:
    head = (
        f"# The survey mapping of the {view.tool} export of {view.tool_file}, made by "
        f"leadcomp {view.version}.\n"
        f"# leadcomp convert EXPORT.csv cohort.jsonl --mapping {view.mapping_file} "
        "--framework FRAMEWORK\n"
    )
    return head + _api.dumps(mapping, syntax="yaml")


@frozen(kw_only=True)
class _View:
    title: str
    tool: str
    info: _ToolInfo
    framework: str
    framework_title: str
    role: str | None
    role_title: str | None
    groups: tuple[QuestionGroup, ...]
    relationships: tuple[str, ...]
    subject_question: str
    subject_help: str
    relationship_question: str
    strengths_question: str
    development_question: str
    count: int
    mapping_file: str
    tool_file: str
    version: str


def write_survey_template(
    template: SurveyTemplate, directory: str | os.PathLike[str], *, force: bool = False
) -> list[str]:
    """Write the template's files into ``directory`` (made if missing), each atomically; the
    paths written. Without ``force`` nothing is written when any of the files exists
    (FileExistsError naming it)."""
    os.makedirs(directory, exist_ok=True)
    paths = [os.path.join(directory, name) for name, _ in template.files]
    if not force:
        for path in paths:
            if os.path.lexists(path):
                raise FileExistsError(path)
    for path, (_, text) in zip(paths, template.files, strict=True):
        write_atomic(path, text.encode("utf-8"), overwrite=force)
    return paths
