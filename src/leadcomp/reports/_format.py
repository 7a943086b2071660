"""How figures and names are written in reports: the same rounding as the terminal reports.

Figures are rounded here, at presentation only; the result objects keep full precision.
"""

from __future__ import annotations

import datetime

from leadcomp.model import Framework
from leadcomp.reports._gap_text import number
from leadcomp.scoring._anonymity import label

#: How a status reads, with a symbol so that it never rests on colour alone.
STATUS_TEXT = {
    "exceeds": ("▲", "exceeds"),
    "meets": ("●", "meets"),
    "below": ("▼", "below"),
    "no_evidence": ("○", "no evidence"),
}
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
FLAG_TEXT = {"blind_spot": "Blind spot", "hidden_strength": "Hidden strength"}

#: Who wrote a comment, as a sentence opening (never a rater, only a group).
_SAID = {
    "self": "Own comment",
    "manager": "The manager said",
    "peer": "A peer said",
    "direct_report": "A direct report said",
    "other": "Another rater said",
}


#: The headings of the open questions a report names (others are headed by their id).
OPEN_QUESTION_TITLES = {
    "strengths": "What they do well",
    "development": "What to develop",
}


def question_title(question: str) -> str:
    """The heading of an open question's answers."""
    return OPEN_QUESTION_TITLES.get(question, question)


def share(value: float | None) -> str:
    """A share as a whole percentage, "-" when missing."""
    return "-" if value is None else f"{value:.0%}"


def signed(value: float | None) -> str:
    """A change with its sign, two decimals, "-" when missing."""
    return "-" if value is None else f"{value:+.2f}"


def interval(ci: tuple[float, float] | None, *, sign: bool = False) -> str:
    """A confidence interval as "low to high" (signed for changes), "-" when missing."""
    if ci is None:
        return "-"
    if sign:
        return f"{ci[0]:+.2f} to {ci[1]:+.2f}"
    return f"{ci[0]:.2f} to {ci[1]:.2f}"


def group_name(group: str) -> str:
    """A rater group's name with a capital, as a column heading."""
    text = label(group)
    return text[:1].upper() + text[1:]


def who(group: str) -> str:
    """Who said a comment: its group only."""
    return _SAID.get(group, f"A rater ({label(group)}) said")


def level_text(framework: Framework | None, scale_id: str, value: int) -> str:
    """A level as "3 Strong" (value and label) when the framework names it, else the value."""
    if framework is not None:
        scale = framework.scale(scale_id)
        level = scale.level(value) if scale is not None else None
        if level is not None:
            return f"{value} {level.label}"
    return str(value)


def day(value: datetime.date | None) -> str:
    """A date as people in the UK read it (14 March 2025); "-" when missing."""
    if value is None:
        return "-"
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


__all__ = [
    "FLAG_TEXT",
    "STATUS_TEXT",
    "day",
    "group_name",
    "interval",
    "label",
    "level_text",
    "number",
    "share",
    "signed",
    "who",
]
