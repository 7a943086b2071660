"""Domain rules of survey mappings: on their own, and against the framework they name."""

from __future__ import annotations

import codecs
import re
import unicodedata

from leadcomp.problems import Problem, problem
from leadcomp.validation._suggest import Suggestions

TYPE_CHECKING = False
if TYPE_CHECKING:
    from leadcomp.model import Framework
    from leadcomp.model._survey import SurveyItem, SurveyMapping

_GROUP_NAMES = ("self", "manager", "peer", "direct_report", "other")
_LONG_ONLY = ("item", "value", "comment")
#: An id, as the common schema says (open questions' ids become assessment ids).
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$(?!\n)")


#: Unicode punctuation that survey tools and word processors put where people type ASCII:
#: curly and prime quotes, hyphens and dashes, as their ASCII forms.
_PUNCTUATION = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\uff07", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\uff02", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    }
)


def fold(text: str, match: str = "loose") -> str:
    """A label, token or header as compared: loosely, case, runs of spaces (non-breaking ones
    too) and Unicode punctuation (curly quotes, dashes) do not count."""
    if match == "exact":
        return text
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_PUNCTUATION)
    return " ".join(text.split()).casefold()


def listed_items(mapping: SurveyMapping) -> tuple[SurveyItem, ...]:
    """The items a mapping lists one by one (none for ``items: auto``)."""
    return () if isinstance(mapping.items, str) else mapping.items


def survey_mapping_problems(mapping: SurveyMapping) -> list[Problem]:
    """Problems of a survey mapping on its own: what the layout needs or forbids, columns and
    labels used twice, labels that mean two things, an unknown encoding."""
    found: list[Problem] = []
    wide = mapping.layout == "wide"
    columns = mapping.columns
    if wide:
        for key in _LONG_ONLY:
            if getattr(columns, key) is not None:
                hint = (
                    "give each item's comment column in its 'comment'" if key == "comment"
                    else "a wide survey has one column per item, listed in 'items'"
                )
                found.append(
                    problem(
                        "wrong-layout",
                        f"'columns.{key}' is for long surveys (one row per answer); {hint}",
                        ("columns", key),
                    )
                )
        if mapping.items != "auto" and not mapping.items:
            found.append(
                problem(
                    "missing-field",
                    "a wide survey needs 'items': which column holds the answers to which item",
                    ("items",),
                )
            )
    else:
        if mapping.items == "auto":
            found.append(
                problem(
                    "wrong-layout",
                    "'items: auto' is for wide surveys (a column per item); a long survey "
                    "lists each item's 'label'",
                    ("items",),
                )
            )
        for key in ("rater", "item", "value"):
            if getattr(columns, key) is None:
                found.append(
                    problem(
                        "missing-field",
                        f"a long survey (one row per answer) needs 'columns.{key}'",
                        ("columns",),
                    )
                )
    for index, entry in enumerate(listed_items(mapping)):
        at = ("items", index)
        if wide:
            if entry.column is None:
                found.append(
                    problem("missing-field", "in a wide survey each item needs its 'column'", at)
                )
            if entry.label is not None:
                found.append(
                    problem(
                        "wrong-layout",
                        "'label' is for long surveys; a wide survey names the item's 'column'",
                        (*at, "label"),
                    )
                )
        else:
            if entry.label is None:
                found.append(
                    problem(
                        "missing-field",
                        "in a long survey each item needs the 'label' its item column shows",
                        at,
                    )
                )
            for key in ("column", "comment"):
                if getattr(entry, key) is not None:
                    found.append(
                        problem(
                            "wrong-layout",
                            f"'{key}' is for wide surveys; a long survey has one item column "
                            "(columns.item) and one comment column (columns.comment)",
                            (*at, key),
                        )
                    )
    found.extend(_columns_used_twice(mapping))
    items: dict[str, int] = {}
    labels: dict[str, int] = {}
    for index, entry in enumerate(listed_items(mapping)):
        if entry.item in items:
            found.append(
                problem(
                    "duplicate-id",
                    f"{entry.item!r} is already answered in $.items[{items[entry.item]}]; an "
                    "item is answered in one place",
                    ("items", index, "item"),
                )
            )
        items.setdefault(entry.item, index)
        if entry.label is not None:
            key = fold(entry.label, mapping.match)
            if key in labels:
                found.append(
                    problem(
                        "ambiguous-label",
                        f"the label {entry.label!r} is already used by $.items[{labels[key]}]",
                        ("items", index, "label"),
                    )
                )
            labels.setdefault(key, index)
    tokens = {fold(token, mapping.match): index for index, token in enumerate(mapping.not_observed)}
    seen_values: dict[str, tuple[int, int]] = {}
    for index, pair in enumerate(mapping.values):
        key = fold(pair.label, mapping.match)
        if key in tokens:
            found.append(
                problem(
                    "ambiguous-label",
                    f"{pair.label!r} is also listed as meaning 'not observed' "
                    f"($.not_observed[{tokens[key]}])",
                    ("values", index, "label"),
                )
            )
        earlier = seen_values.get(key)
        if earlier is not None:
            same = earlier[1] == pair.value
            found.append(
                problem(
                    "duplicate-label" if same else "ambiguous-label",
                    f"{pair.label!r} is already listed at $.values[{earlier[0]}]"
                    + ("" if same else f" as {earlier[1]}; a label means one value"),
                    ("values", index, "label"),
                    severity="warning" if same else "error",
                )
            )
        else:
            seen_values[key] = (index, pair.value)
    seen_groups: dict[str, tuple[int, str]] = {
        fold(name, mapping.match): (-1, name) for name in _GROUP_NAMES
    }
    for index, group_label in enumerate(mapping.groups):
        key = fold(group_label.label, mapping.match)
        earlier_group = seen_groups.get(key)
        if earlier_group is not None and earlier_group[1] != group_label.group:
            where = (
                "is the name of a rater group" if earlier_group[0] < 0
                else f"is already listed at $.groups[{earlier_group[0]}] as {earlier_group[1]!r}"
            )
            found.append(
                problem(
                    "ambiguous-label",
                    f"{group_label.label!r} {where}; a label means one group",
                    ("groups", index, "label"),
                )
            )
        elif earlier_group is None or earlier_group[0] < 0:
            seen_groups[key] = (index, group_label.group)
    if mapping.encoding is not None:
        try:
            codecs.lookup(mapping.encoding)
        except LookupError:
            found.append(
                problem(
                    "unknown-encoding",
                    f"{mapping.encoding!r} is not a text encoding leadcomp knows; use a name "
                    "such as 'utf-8', 'latin-1', 'cp1252' or 'utf-16'",
                    ("encoding",),
                )
            )
    if mapping.delimiter in ('"', "\r", "\n"):
        found.append(
            problem(
                "invalid-value",
                f"{mapping.delimiter!r} cannot separate cells; use ',', ';' or a tab",
                ("delimiter",),
            )
        )
    return found


def _columns_used_twice(mapping: SurveyMapping) -> list[Problem]:
    found: list[Problem] = []
    used: dict[str, str] = {}

    def use(header: str | None, where: tuple[str | int, ...], name: str) -> None:
        if header is None:
            return
        key = fold(header, mapping.match)
        if key in used:
            found.append(
                problem(
                    "duplicate-column",
                    f"the column {header!r} is already used as {used[key]}; each column holds "
                    "one thing",
                    where,
                )
            )
        else:
            used[key] = name

    for key in ("subject", "rater", "group", "date", "comment", "item", "value"):
        use(getattr(mapping.columns, key), ("columns", key), f"columns.{key}")
    for index, entry in enumerate(listed_items(mapping)):
        use(entry.column, ("items", index, "column"), f"$.items[{index}].column")
        use(entry.comment, ("items", index, "comment"), f"$.items[{index}].comment")
    for question, header in mapping.comments.items():
        use(header, ("comments", question), f"$.comments.{question}")
    found.extend(_open_question_rules(mapping))
    return found


def _open_question_rules(mapping: SurveyMapping) -> list[Problem]:
    """The open questions of ``comments``: in a wide survey, each named by an id."""
    found: list[Problem] = []
    if mapping.comments and mapping.layout != "wide":
        found.append(
            problem(
                "wrong-layout",
                "'comments' (the columns of open questions) is for wide surveys (one row per "
                "rater); in a long survey, give comments on answers in 'columns.comment'",
                ("comments",),
            )
        )
    for question in mapping.comments:
        if not _ID.search(question):
            found.append(
                problem(
                    "invalid-value",
                    f"{question!r} is not valid as an open question's id: 1 to 200 ASCII "
                    "letters, digits, '.', '_', ':' or '-', starting with a letter or digit, "
                    "such as 'strengths' or 'development'",
                    ("comments", question),
                )
            )
    return found


def survey_mapping_against(mapping: SurveyMapping, framework: Framework) -> list[Problem]:
    """Problems of a survey mapping against the framework it is used with."""
    if mapping.framework != framework.ref:
        return [
            problem(
                "framework-mismatch",
                f"the mapping is for {mapping.framework}, but the framework given is "
                f"{framework.ref}",
                ("framework",),
            )
        ]
    found: list[Problem] = []
    near = Suggestions([*(c.id for c in framework.competencies), *framework.indicator_index()])
    for index, entry in enumerate(listed_items(mapping)):
        if not framework.is_item(entry.item):
            hint = near.hint(entry.item)
            found.append(
                problem(
                    "unknown-item",
                    f"{entry.item!r} is neither an indicator nor a competency of "
                    f"{framework.ref}{hint}",
                    ("items", index, "item"),
                )
            )
    return found


__all__ = ["fold", "listed_items", "survey_mapping_against", "survey_mapping_problems"]
