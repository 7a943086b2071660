"""Assessments: who rated whom on what, against one exact framework version."""

from __future__ import annotations

import datetime

from attrs import field, frozen

from leadcomp.model._types import Extensions, RaterGroup, extensions_key


@frozen(kw_only=True)
class Rater:
    """One person who answered: a pseudonymous id and their rater group."""

    id: str
    group: RaterGroup


@frozen(kw_only=True)
class Rating:
    """One answer: a rater's value for an indicator or competency.

    ``value`` is None when the rater answered "not observed".
    """

    rater: str
    item: str
    value: int | None
    comment: str | None = None

    @property
    def observed(self) -> bool:
        """False for a "not observed" answer."""
        return self.value is not None


@frozen(kw_only=True)
class OpenComment:
    """A rater's answer to an open question not tied to an item (format 1.1), such as
    "What does this person do well?" (question ``strengths``)."""

    rater: str
    #: The open question's id, such as ``strengths`` or ``development``.
    question: str
    text: str


@frozen(kw_only=True)
class Assessment:
    """The answers of one or more raters about one subject, made against ``framework``."""

    id: str | None = None
    subject: str
    #: The exact framework version the answers were given against: ``id@version``.
    framework: str
    date: datetime.date | None = None
    raters: tuple[Rater, ...]
    ratings: tuple[Rating, ...]
    #: The raters' answers to open questions (format 1.1; none in a 1.0 document).
    comments: tuple[OpenComment, ...] = ()
    extensions: Extensions = field(factory=dict, hash=False, eq=extensions_key)
