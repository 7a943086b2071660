"""Assessments in the compact form the scoring kernel reads.

``Responses`` holds what scoring needs and nothing else: the raters in their groups, each
rater's answers in the scoring plan's order of items, and the comments. It is made from an
Assessment model, or straight from an assessment's plain data once the schema and the domain
rules have accepted it, so that scoring a JSON Lines file never builds a model object per
rating.
"""

from __future__ import annotations

import datetime
import itertools
import operator
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from attrs import frozen

import leadcomp.read._codec as _json_lines
from leadcomp.model import Assessment
from leadcomp.read._limits import DEFAULT_LIMITS
from leadcomp.scoring._kernel.rollup import ABSENT, Answer
from leadcomp.validation._schema_check import FORMAT
from leadcomp.validation._schemas import schema


@frozen(kw_only=True)
class Responses:
    """One checked assessment, compact."""

    subject: str
    #: The assessment's id, where it has one.
    assessment: str | None
    #: The date as YYYY-MM-DD, where there is one.
    date: str | None
    #: (rater id, group), in the order the assessment lists them.
    raters: tuple[tuple[str, str], ...]
    #: Each rater's answer (every listed rater has an entry) to every item of the scoring
    #: plan, in the plan's order: the value, None for "not observed", or ABSENT.
    answers: Mapping[str, tuple[Answer, ...]]
    #: Each comment by (rater, item).
    comments: Mapping[tuple[str, str], str]
    #: The answers to open questions (format 1.1): (rater, question, text), as listed.
    open_comments: tuple[tuple[str, str, str], ...] = ()


def in_order(answers: Mapping[str, Answer], items: Sequence[str]) -> tuple[Answer, ...]:
    """A rater's answers by item, as their answer to each of ``items`` in turn."""
    return tuple(map(answers.get, items, itertools.repeat(ABSENT)))


def from_assessment(assessment: Assessment, items: Sequence[str]) -> Responses:
    """The responses of an assessment model (checked against its framework), with answers in
    the order of the plan's ``items``."""
    ratings = assessment.ratings
    answers: dict[str, dict[str, int | None]] = {rater.id: {} for rater in assessment.raters}
    for rating in ratings:
        answers[rating.rater][rating.item] = rating.value
    return Responses(
        subject=assessment.subject,
        assessment=assessment.id,
        date=None if assessment.date is None else assessment.date.isoformat(),
        raters=tuple((rater.id, rater.group) for rater in assessment.raters),
        answers={rater: in_order(found, items) for rater, found in answers.items()},
        comments={(r.rater, r.item): r.comment for r in ratings if r.comment is not None},
        open_comments=tuple((c.rater, c.question, c.text) for c in assessment.comments),
    )


def from_plain(body: Mapping[str, Any], items: Sequence[str]) -> Responses:
    """The responses of an assessment's plain data, accepted by its schema and domain rules,
    with answers in the order of the plan's ``items``."""
    ratings = body["ratings"]
    raters = tuple((rater["id"], rater["group"]) for rater in body["raters"])
    answers: dict[str, dict[str, int | None]] = {rater: {} for rater, _ in raters}
    for rating in ratings:
        answers[rating["rater"]][rating["item"]] = rating["value"]
    return Responses(
        subject=body["subject"],
        assessment=body.get("id"),
        date=body.get("date"),
        raters=raters,
        answers={rater: in_order(found, items) for rater, found in answers.items()},
        comments={(r["rater"], r["item"]): r["comment"] for r in ratings if "comment" in r},
        open_comments=tuple(
            (c["rater"], c["question"], c["text"]) for c in body.get("comments", ())
        ),
    )


class LineReader:
    """A fast acceptance path for one JSON Lines assessment: the responses of a line that is
    certainly a valid assessment for this framework and policy, else None.

    None means only "not sure": the caller then takes the reference path (strict parse, header,
    schema, domain rules), which decides and explains. This path answers from bulk checks on
    the plain parse: the line has no escape sequence (so no lone surrogate and no hidden
    colon), no float anywhere, exactly the keys each object may have, and as many colons as
    keys plus the colons inside strings, which no duplicate key can satisfy. The rules are the
    assessment schema's and the domain rules' (raters unique, at most one self and one where
    the policy needs it, known raters, items and values, one answer per rater and item).
    """

    def __init__(
        self,
        framework: str,
        items: Sequence[str],
        allowed: Mapping[str, frozenset[int | None]],
        require_self: bool,
    ) -> None:
        common = schema("common")["$defs"]
        document = schema("assessment")
        self.id_match = re.compile(common["id"]["pattern"]).search
        self.date_match = re.compile(document["properties"]["date"]["pattern"]).search
        self.groups = frozenset(document["$defs"]["rater"]["properties"]["group"]["enum"])
        self.format = FORMAT
        self.max_bytes = DEFAULT_LIMITS.max_bytes
        self.framework = framework
        self.pairs = frozenset(
            (item, value) for item, values in allowed.items() for value in values
        )
        self.items = frozenset(allowed)
        #: The answers every item allows, when all items allow the same.
        kinds = set(allowed.values())
        self.uniform = next(iter(kinds)) if len(kinds) == 1 else None
        self.item_colons = {item: item.count(":") for item in allowed if ":" in item}
        self.require_self = require_self
        #: Rater ids met that match their pattern (up to _RATER_IDS of them: they recur).
        self.rater_ids: set[str] = set()
        #: The plan's items, in order.
        self.order = tuple(items)
        #: The answers of a rater who gave none.
        self.none_given: tuple[Answer, ...] = (ABSENT,) * len(self.order)
        #: For runs of one rater's items met before (each item once, every one known), what
        #: puts the run's values, with ABSENT after them, into the plan's order.
        self.layouts: dict[tuple[str, ...], Place] = {}
        #: The run met last and its layout (one pair, read and replaced at once).
        self.last: tuple[tuple[str, ...], Place] = (self.order, _place(self.order, self.order))

    def __call__(self, data: bytes) -> Responses | None:
        """The responses of a line, or None when the reference path must decide."""
        # (a one-byte search first: it is much faster, and most lines have no backslash)
        if len(data) > self.max_bytes or (b"\\" in data and b"\\u" in data):
            return None
        try:
            doc = _json_lines.read(data)
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
            return None
        if type(doc) is not dict or not _TOP_REQUIRED <= doc.keys() <= _TOP_ALLOWED:
            return None
        subject, date, identifier = doc["subject"], doc.get("date"), doc.get("id")
        strings = [doc["kind"], doc["format"], doc["framework"], subject]
        if (
            strings[0] != "assessment"
            or strings[1] != self.format
            or strings[2] != self.framework
            or type(subject) is not str
            or self.id_match(subject) is None
        ):
            return None
        if identifier is not None or "id" in doc:
            if type(identifier) is not str or self.id_match(identifier) is None:
                return None
            strings.append(identifier)
        if date is not None or "date" in doc:
            if type(date) is not str or self.date_match(date) is None or not _real_date(date):
                return None
            strings.append(date)
        raters = _raters(doc["raters"], self)
        ratings = doc["ratings"]
        if raters is None or type(ratings) is not list:
            return None
        try:
            by = tuple(map(_RATER, ratings))
            items = tuple(map(_ITEM, ratings))
            values = tuple(map(_VALUE, ratings))
        except (TypeError, KeyError):
            return None
        ids = {rater for rater, _ in raters}
        if not set(map(type, values)) <= _VALUE_TYPES:
            return None
        try:  # a rater or item that is not a string may not even be hashable
            answers = self._answers(ids, by, items, values)
            if answers is None:
                return None
            if self.uniform is not None:
                if not set(values) <= self.uniform:
                    return None
            elif not set(zip(items, values, strict=True)) <= self.pairs:
                return None
        except TypeError:
            return None
        # every ":" outside a string separates a key from its value: count both. The data
        # holds at least the colons counted here, so equality means these keys, each once.
        colons = sum(text.count(":") for text in strings)
        if any(":" in rater for rater in ids):
            colons += sum(rater.count(":") for rater in by) + sum(r.count(":") for r in ids)
        if self.item_colons:
            colons += sum(self.item_colons.get(item, 0) for item in items)
        found = data.count(b":")
        expected = len(doc) + 2 * len(raters) + colons
        comments: dict[tuple[str, str], str] = {}
        if found != expected + 3 * len(ratings):
            # some rating has more than its three keys: a comment, or else it is not sure
            lengths = list(map(len, ratings))
            longer = itertools.compress(ratings, map(operator.ne, lengths, itertools.repeat(3)))
            if not _comments(longer, comments):
                return None
            expected += sum(lengths) + sum(text.count(":") for text in comments.values())
            if found != expected:
                return None
        return Responses(
            subject=subject,
            assessment=identifier,
            date=date,
            raters=raters,
            answers=answers,
            comments=comments,
        )


    def rater_id(self, text: str) -> bool:
        """Whether a rater id matches its pattern (remembered, up to _RATER_IDS)."""
        if self.id_match(text) is None:
            return False
        if len(self.rater_ids) < _RATER_IDS:
            self.rater_ids.add(text)
        return True

    def _answers(
        self, ids: set[str], by: tuple[str, ...], items: tuple[str, ...],
        values: tuple[int | None, ...],
    ) -> dict[str, tuple[Answer, ...]] | None:
        """Each rater's answers in the plan's order; None if a rater is not listed, an item
        is unknown or a rater answered one twice (TypeError if one is not hashable)."""
        none_given = self.none_given
        answers: dict[str, tuple[Answer, ...]] = dict.fromkeys(ids, none_given)
        total = len(by)
        # ratings usually come rater by rater, each run of one rater's items in the order of
        # the last run: take each such run at once, by the layout of that order
        known, place = self.last
        size = len(known)
        start = 0
        while start < total:
            rater, end = by[start], start + size
            if (
                answers.get(rater) is not none_given  # not listed, or a second run
                or items[start:end] != known
                or by[start:end].count(rater) != size
                or (end < total and by[end] == rater)
            ):
                break
            answers[rater] = place((*values[start:end], ABSENT))
            start = end
        else:
            return answers
        return self._any_answers(ids, by, items, values)

    def _any_answers(
        self, ids: set[str], by: tuple[str, ...], items: tuple[str, ...],
        values: tuple[int | None, ...],
    ) -> dict[str, tuple[Answer, ...]] | None:
        """``_answers`` for ratings in any order."""
        if not ids.issuperset(by):
            return None
        answers: dict[str, tuple[Answer, ...]] = dict.fromkeys(ids, self.none_given)
        # runs of one rater's items, each in an order met before or checked now
        starts = [0, *itertools.compress(range(1, len(by)), map(operator.ne, by[1:], by[:-1]))]
        if len({by[start] for start in starts}) == len(starts):
            for start, end in zip(starts, [*starts[1:], len(by)], strict=True):
                run = items[start:end]
                known, place = self.last
                if run != known:
                    found = self.layouts.get(run)
                    if found is None:
                        if len(set(run)) != len(run) or not self.items.issuperset(run):
                            return None
                        found = _place(run, self.order)
                        if len(self.layouts) < _LAYOUTS:
                            self.layouts[run] = found
                    place = found
                    self.last = (run, place)
                answers[by[start]] = place((*values[start:end], ABSENT))
            return answers
        given: dict[str, dict[str, int | None]] = {rater: {} for rater in ids}
        for rater, item, value in zip(by, items, values, strict=True):
            given[rater][item] = value
        if sum(map(len, given.values())) != len(by) or not self.items.issuperset(items):
            return None
        for rater, found_answers in given.items():
            if found_answers:
                answers[rater] = in_order(found_answers, self.order)
        return answers


#: What puts one rater's values of a run of items (then ABSENT) into the plan's order.
Place = Callable[[tuple[Answer, ...]], tuple[Answer, ...]]


def _place(run: tuple[str, ...], order: tuple[str, ...]) -> Place:
    """The layout of a run of distinct items: each item of ``order`` from its place in the
    run, ABSENT (after the run's values) for those not in it."""
    position = {item: number for number, item in enumerate(run)}
    places = [position.get(item, len(run)) for item in order]
    if len(places) == 1:  # (itemgetter of one index gives the item, not a tuple)
        return operator.itemgetter(slice(places[0], places[0] + 1))
    return operator.itemgetter(*places)


#: How many layouts of items a LineReader keeps, and how many rater ids it remembers.
_LAYOUTS = 64
_RATER_IDS = 4096
_TOP_REQUIRED = frozenset({"kind", "format", "subject", "framework", "raters", "ratings"})
_TOP_ALLOWED = _TOP_REQUIRED | {"id", "date"}
_RATER_KEYS = frozenset({"id", "group"})
_RATER = operator.itemgetter("rater")
_ITEM = operator.itemgetter("item")
_VALUE = operator.itemgetter("value")
_VALUE_TYPES = frozenset({int, type(None)})


def _real_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _raters(raters: Any, reader: LineReader) -> tuple[tuple[str, str], ...] | None:
    """(id, group) of each rater, if all are well formed, unique, and self is as it may be."""
    if type(raters) is not list:
        return None
    found: list[tuple[str, str]] = []
    selves = 0
    for rater in raters:
        if type(rater) is not dict or rater.keys() != _RATER_KEYS:
            return None
        rater_id, group = rater["id"], rater["group"]
        if type(rater_id) is not str or (
            rater_id not in reader.rater_ids and not reader.rater_id(rater_id)
        ):
            return None
        if type(group) is not str or group not in reader.groups:
            return None
        selves += group == "self"
        found.append((rater_id, group))
    if selves > 1 or (reader.require_self and not selves):
        return None
    if len({rater_id for rater_id, _ in found}) != len(found):
        return None
    return tuple(found)


def _comments(ratings: Iterable[dict[str, Any]], comments: dict[tuple[str, str], str]) -> bool:
    """Collect the comments of ratings with a fourth key; False if any such key is not a
    proper comment."""
    for rating in ratings:
        comment = rating.get("comment")
        if len(rating) != 4 or type(comment) is not str or not comment:
            return False
        comments[(rating["rater"], rating["item"])] = comment
    return True
