"""Hypothesis strategies for every leadcomp model type, building VALID documents.

Valid means: accepted by the JSON Schemas in ``schemas/`` and by the domain rules in
``leadcomp.validation._rules`` (ids unique across competencies and indicators, parents that resolve
without cycles, strictly increasing level values, descriptors on the competency's scale, relation
targets inside the framework when ``framework`` is None, scales that resolve, a default scale,
unique level labels so not even a warning is raised...).

The building blocks (``ids``, ``texts``, ``levels``, ``scales``...) are valid on their own; the
composites ``frameworks()``, ``roles(framework)`` and ``assessments(framework)`` tie them together.
Sizes are kept small by default so property tests stay fast.
"""

from __future__ import annotations

import datetime
import string
from collections.abc import Sequence
from functools import cache
from typing import Any

from hypothesis import strategies as st

from leadcomp.model import (
    COMPETENCY_KINDS,
    RATER_GROUPS,
    RELATION_TYPES,
    Assessment,
    Competency,
    Descriptor,
    Framework,
    FrameworkRef,
    Indicator,
    Level,
    Provenance,
    Rater,
    Rating,
    Relation,
    Requirement,
    RoleProfile,
    Scale,
)
from leadcomp.model._semver import Version

# ---------------------------------------------------------------------------------------------
# scalars

ID_FIRST = string.ascii_letters + string.digits
ID_REST = ID_FIRST + "._:-"
#: Ids that are valid but that YAML 1.1 would read as something else were they left unquoted.
TRICKY_IDS = (
    "1.0",
    "1e3",
    "0x1F",
    "0o17",
    "1:20",
    "1_000",
    "yes",
    "No",
    "on",
    "OFF",
    "null",
    "NULL",
    "true",
    "False",
    "2020-01-01",
    "0",
    "007",
    "a" * 200,
)
#: Texts that have broken serialisers before: quotes, markup, astral characters, YAML syntax.
TRICKY_TEXTS = (
    '"',
    "'",
    "\\",
    "<script>alert('x')</script>",
    "😀 𝄞 𝕏",
    "naïve café — 中文 العربية",
    "line\nbreak",
    "\r\n",
    "\t",
    " leading and trailing ",
    "\u2028\u2029\x85",
    "\ufeffbom",
    "\x00",
    "null",
    "~",
    "yes",
    "1.0",
    "- item",
    "key: value",
    "# comment",
    "&anchor",
    "*alias",
    "!tag",
    "<<",
    "%YAML",
    "@at",
    "`tick`",
    "{}",
    "[]",
    "x" * 150 + " " + "y" * 30,
)

POSITIVE_FLOATS = st.floats(min_value=0.0, exclude_min=True, allow_nan=False, allow_infinity=False)


@cache
def ids(max_size: int = 12) -> st.SearchStrategy[str]:
    """Ids matching ``^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$`` (short ones mostly)."""
    plain = st.builds(
        str.__add__,
        st.sampled_from(ID_FIRST),
        st.text(alphabet=ID_REST, max_size=min(max_size, 199)),
    )
    return st.one_of(plain, st.sampled_from(TRICKY_IDS))


@cache
def texts(max_size: int = 30) -> st.SearchStrategy[str]:
    """Non-empty texts: any unicode (astral characters included) plus known troublemakers."""
    return st.one_of(st.text(min_size=1, max_size=max_size), st.sampled_from(TRICKY_TEXTS))


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """None or a value of the strategy."""
    return st.none() | strategy


#: Built once: building strategies inside composites on every draw is slow.
OPTIONAL_TEXTS = optional(texts())
OPTIONAL_IDS = optional(ids())
TEXT_LISTS = st.lists(texts(), max_size=2)


@cache
def semvers() -> st.SearchStrategy[str]:
    """Semantic version strings (semver.org 2.0.0), with prereleases and build metadata."""
    numbers = st.integers(0, 30) | st.integers(0, 10**12)
    alnum = st.text(alphabet=string.ascii_letters + string.digits + "-", min_size=1, max_size=6)
    identifier = st.one_of(
        numbers.map(str),
        alnum.filter(lambda s: not s.isdigit()),
    )
    prerelease = st.lists(identifier, min_size=1, max_size=3).map(".".join)
    build = st.lists(alnum, min_size=1, max_size=3).map(".".join)
    return st.builds(
        lambda major, minor, patch, pre, meta: (
            f"{major}.{minor}.{patch}" + (f"-{pre}" if pre else "") + (f"+{meta}" if meta else "")
        ),
        numbers,
        numbers,
        numbers,
        optional(prerelease),
        optional(build),
    )


def versions() -> st.SearchStrategy[Version]:
    """Parsed semantic versions."""
    return semvers().map(Version.parse)


# ---------------------------------------------------------------------------------------------
# free-form JSON (extensions)

JSON_SCALARS: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    texts(max_size=10),
)


@cache
def json_values(max_depth: int = 3) -> st.SearchStrategy[Any]:
    """JSON values nesting arrays/objects at most ``max_depth`` deep."""
    if max_depth <= 0:
        return JSON_SCALARS
    inner = json_values(max_depth - 1)
    return st.one_of(
        JSON_SCALARS,
        st.lists(inner, max_size=3),
        st.dictionaries(st.text(max_size=8), inner, max_size=3),
    )


@cache
def extensions(max_depth: int = 3) -> st.SearchStrategy[dict[str, Any]]:
    """An ``extensions`` object: arbitrary keys, nested JSON values, bounded depth."""
    return st.one_of(
        st.just({}),
        st.dictionaries(st.text(max_size=8), json_values(max_depth - 1), max_size=3),
    )


# ---------------------------------------------------------------------------------------------
# frameworks and their parts


@st.composite
def levels(draw: st.DrawFn, *, min_size: int = 2, max_size: int = 5) -> tuple[Level, ...]:
    """Levels with strictly increasing values and distinct labels, as a scale needs them."""
    values = draw(
        st.lists(
            st.integers(-5, 10) | st.integers(), min_size=min_size, max_size=max_size, unique=True
        )
    )
    labels = draw(st.lists(texts(), min_size=len(values), max_size=len(values), unique=True))
    descriptions = draw(st.lists(OPTIONAL_TEXTS, min_size=len(values), max_size=len(values)))
    return tuple(
        Level(value=value, label=label, description=description)
        for value, label, description in zip(sorted(values), labels, descriptions, strict=True)
    )


@st.composite
def scales(draw: st.DrawFn, scale_id: str | None = None) -> Scale:
    """A valid scale (its own id, or ``scale_id``)."""
    scale_levels = draw(levels())
    return Scale(
        id=scale_id if scale_id is not None else draw(ids()),
        title=draw(OPTIONAL_TEXTS),
        levels=scale_levels,
        proficient=draw(optional(st.sampled_from([lv.value for lv in scale_levels]))),
        not_observed=draw(st.booleans()),
        not_observed_label=draw(OPTIONAL_TEXTS),
    )


@st.composite
def descriptors(draw: st.DrawFn, scale: Scale) -> tuple[Descriptor, ...]:
    """A rubric on the levels of a scale: at most one descriptor per level, in any order."""
    chosen = draw(st.lists(st.sampled_from(scale.values), unique=True, max_size=len(scale.values)))
    return tuple(Descriptor(level=level, text=draw(texts())) for level in chosen)


@st.composite
def indicators(
    draw: st.DrawFn, indicator_id: str | None = None, scale_ids: Sequence[str] = ()
) -> Indicator:
    """An indicator, on one of ``scale_ids`` (or its competency's scale)."""
    return Indicator(
        id=indicator_id if indicator_id is not None else draw(ids()),
        text=draw(texts()),
        reverse=draw(st.booleans()),
        scale=draw(optional(st.sampled_from(scale_ids))) if scale_ids else None,
        extensions=draw(extensions(2)),
    )


@st.composite
def relations(draw: st.DrawFn, targets: Sequence[str] = ()) -> Relation:
    """A relation to one of ``targets`` in this framework, or to another framework."""
    if targets and draw(st.booleans()):
        return Relation(
            type=draw(st.sampled_from(RELATION_TYPES)), target=draw(st.sampled_from(targets))
        )
    other = draw(st.one_of(ids(), st.builds(lambda i, v: f"{i}@{v}", ids(), semvers()), texts()))
    return Relation(
        type=draw(st.sampled_from(RELATION_TYPES)), target=draw(texts()), framework=other
    )


@st.composite
def competencies(
    draw: st.DrawFn,
    *,
    competency_id: str | None = None,
    indicator_ids: Sequence[str] = (),
    scales: Sequence[Scale] = (),
    default_scale: str | None = None,
    parents: Sequence[str] = (),
    targets: Sequence[str] = (),
) -> Competency:
    """A competency valid in a framework with these ``scales`` and ``default_scale``: its own
    scale (if any) among them, its descriptors on the scale it is rated on, its parent among
    ``parents`` and its in-framework relations pointing at ``targets``."""
    scale_ids = [scale.id for scale in scales]
    own_scale = None
    if scale_ids:
        choice = st.sampled_from(scale_ids)
        own_scale = draw(optional(choice) if default_scale is not None else choice)
    rated_on = own_scale or default_scale
    scale = next((s for s in scales if s.id == rated_on), None)
    return Competency(
        id=competency_id if competency_id is not None else draw(ids()),
        title=draw(texts()),
        kind=draw(st.sampled_from(COMPETENCY_KINDS)),
        parent=draw(optional(st.sampled_from(parents))) if parents else None,
        description=draw(OPTIONAL_TEXTS),
        scale=own_scale,
        weight=draw(st.just(1.0) | POSITIVE_FLOATS),
        tags=tuple(draw(TEXT_LISTS)),
        replaces=tuple(draw(st.lists(ids(), max_size=2))),
        relations=tuple(draw(st.lists(relations(targets), max_size=2))),
        indicators=tuple(draw(indicators(i, scale_ids)) for i in indicator_ids),
        descriptors=draw(descriptors(scale)) if scale is not None else (),
        extensions=draw(extensions()),
    )


@cache
def provenances() -> st.SearchStrategy[Provenance]:
    """Where a framework or role comes from."""
    return st.builds(
        Provenance,
        source=texts(),
        licence=OPTIONAL_TEXTS,
        url=optional(st.just("https://example.org/framework?id=1&x=<y>") | texts()),
        unofficial=st.booleans(),
        note=OPTIONAL_TEXTS,
    )


@st.composite
def frameworks(
    draw: st.DrawFn, *, max_competencies: int = 4, max_indicators: int = 3, max_scales: int = 3
) -> Framework:
    """A valid framework: a few scales, a tree of competencies (parents drawn among earlier ones,
    then the order shuffled), ids unique across competencies and indicators."""
    scale_ids = draw(st.lists(ids(), min_size=1, max_size=max_scales, unique=True))
    scale_list = [draw(scales(scale_id)) for scale_id in scale_ids]
    default_scale = draw(st.sampled_from(scale_ids))

    count = draw(st.integers(0, max_competencies))
    item_counts = [draw(st.integers(0, max_indicators)) for _ in range(count)]
    total = count + sum(item_counts)
    all_ids = draw(st.lists(ids(), min_size=total, max_size=total, unique=True))
    competency_ids = all_ids[:count]
    rest = all_ids[count:]
    built: list[Competency] = []
    for index, competency_id in enumerate(competency_ids):
        indicator_ids, rest = rest[: item_counts[index]], rest[item_counts[index] :]
        built.append(
            draw(
                competencies(
                    competency_id=competency_id,
                    indicator_ids=indicator_ids,
                    scales=scale_list,
                    default_scale=default_scale,
                    parents=competency_ids[:index],
                    targets=all_ids,
                )
            )
        )
    order = draw(st.permutations(built)) if built else []
    return Framework(
        id=draw(ids()),
        version=draw(semvers()),
        title=draw(texts()),
        description=draw(OPTIONAL_TEXTS),
        provenance=draw(optional(provenances())),
        default_scale=default_scale,
        sequential=draw(st.booleans()),
        tags=tuple(draw(TEXT_LISTS)),
        scales=tuple(scale_list),
        competencies=tuple(order),
        extensions=draw(extensions()),
    )


# ---------------------------------------------------------------------------------------------
# roles


@st.composite
def version_ranges(draw: st.DrawFn, version: str | Version) -> str:
    """A version range that contains ``version``: 1 to 3 comparators, spaced in any way."""
    v = version if isinstance(version, Version) else Version.parse(version)
    text = str(v)
    containing = [
        text,
        f"=={text}",
        f"={text}",
        f">={text}",
        f"<={text}",
        f"^{text}",
        f"~{text}",
        f"<{v.bump('major')}",
        f"<{v.bump('minor')}",
        f"<{v.bump('patch')}",
        f"!={v.bump('major')}",
    ]
    if v.major:
        containing.append(f">{v.major - 1}.0.0")
        containing.append(f"^{v.major}.0.0-0")
    if v.prerelease and v.prerelease != (0,):
        containing.append(f">{v.major}.{v.minor}.{v.patch}-0")
    chosen = draw(st.lists(st.sampled_from(containing), min_size=1, max_size=3))
    separator = draw(st.sampled_from([",", ", ", " , "]))
    space = draw(st.sampled_from(["", " "]))
    return separator.join(
        part[:2] + space + part[2:] if part[:2] in (">=", "<=", "==", "!=") else part
        for part in chosen
    )


@st.composite
def framework_refs(draw: st.DrawFn, framework: Framework | None = None) -> FrameworkRef:
    """The framework a role is written against, its version range containing the version."""
    if framework is None:
        return FrameworkRef(id=draw(ids()), versions=draw(version_ranges(draw(semvers()))))
    return FrameworkRef(id=framework.id, versions=draw(version_ranges(framework.version)))


@st.composite
def requirements(
    draw: st.DrawFn, competency: str | None = None, scale: Scale | None = None
) -> Requirement:
    """A requirement on a competency at a level of its scale."""
    level = draw(st.sampled_from(scale.values)) if scale is not None else draw(st.integers())
    return Requirement(
        competency=competency if competency is not None else draw(ids()),
        level=level,
        importance=draw(st.just(1.0) | POSITIVE_FLOATS),
        essential=draw(st.booleans()),
        note=draw(OPTIONAL_TEXTS),
    )


@st.composite
def roles(draw: st.DrawFn, framework: Framework | None = None) -> RoleProfile:
    """A valid role against ``framework`` (drawn when not given): requirements on its
    competencies, at levels of their scales, and a version range containing its version."""
    if framework is None:
        framework = draw(frameworks())
    chosen: list[str] = []
    if framework.competencies:
        chosen = draw(
            st.lists(
                st.sampled_from([c.id for c in framework.competencies]),
                unique=True,
                max_size=len(framework.competencies),
            )
        )
    return RoleProfile(
        id=draw(ids()),
        title=draw(texts()),
        description=draw(OPTIONAL_TEXTS),
        provenance=draw(optional(provenances())),
        framework=draw(framework_refs(framework)),
        tags=tuple(draw(TEXT_LISTS)),
        requirements=tuple(
            draw(requirements(cid, framework.scale_of(framework.competency(cid)))) for cid in chosen
        ),
        extensions=draw(extensions()),
    )


# ---------------------------------------------------------------------------------------------
# assessments


def raters(rater_id: str | None = None, groups: Sequence[str] = RATER_GROUPS) -> Any:
    """One rater."""
    return st.builds(
        Rater,
        id=st.just(rater_id) if rater_id is not None else ids(),
        group=st.sampled_from(list(groups)),
    )


def item_scale(framework: Framework, item: str) -> Scale | None:
    """The scale an item (indicator or competency) is answered on, as the rules resolve it."""
    indicators_by_id = framework.indicator_index()
    if item in indicators_by_id:
        competency, indicator = indicators_by_id[item]
        scale_id = indicator.scale or competency.scale or framework.default_scale
        return framework.scale(scale_id) if scale_id else None
    return framework.scale_of(framework.competency(item))


@st.composite
def ratings(
    draw: st.DrawFn, rater: str | None = None, item: str | None = None, scale: Scale | None = None
) -> Rating:
    """One answer on ``scale``: a level value, or None where the scale allows "not observed"."""
    if scale is None:
        value = draw(optional(st.integers()))
    elif scale.not_observed:
        value = draw(optional(st.sampled_from(scale.values)))
    else:
        value = draw(st.sampled_from(scale.values))
    return Rating(
        rater=rater if rater is not None else draw(ids()),
        item=item if item is not None else draw(ids()),
        value=value,
        comment=draw(OPTIONAL_TEXTS),
    )


@st.composite
def assessments(
    draw: st.DrawFn, framework: Framework | None = None, *, max_raters: int = 4
) -> Assessment:
    """A valid assessment against ``framework`` (drawn when not given): raters with at most one
    self, ratings mostly on indicators (sometimes on competencies), no rater+item twice."""
    if framework is None:
        framework = draw(frameworks())
    rater_ids = draw(st.lists(ids(), max_size=max_raters, unique=True))
    has_self = draw(st.booleans())
    rater_list = [
        Rater(
            id=rater_id,
            group="self"
            if has_self and index == 0
            else draw(st.sampled_from([g for g in RATER_GROUPS if g != "self"])),
        )
        for index, rater_id in enumerate(rater_ids)
    ]
    items = list(framework.indicator_index())
    if draw(st.booleans()):
        items += [c.id for c in framework.competencies]
    pairs: list[tuple[str, str]] = []
    if rater_ids and items:
        pairs = draw(
            st.lists(
                st.tuples(st.sampled_from(rater_ids), st.sampled_from(items)),
                unique=True,
                max_size=12,
            )
        )
    return Assessment(
        id=draw(OPTIONAL_IDS),
        subject=draw(ids()),
        framework=framework.ref,
        date=draw(optional(st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31)))),
        raters=tuple(rater_list),
        ratings=tuple(
            draw(ratings(rater, item, item_scale(framework, item))) for rater, item in pairs
        ),
        extensions=draw(extensions()),
    )


# ---------------------------------------------------------------------------------------------
# any document


@st.composite
def documents(draw: st.DrawFn, *, max_competencies: int = 4) -> Any:
    """A framework, a role or an assessment (the latter two against a drawn framework)."""
    framework = draw(frameworks(max_competencies=max_competencies))
    which = draw(st.sampled_from(["framework", "role", "assessment"]))
    if which == "role":
        return draw(roles(framework))
    if which == "assessment":
        return draw(assessments(framework))
    return framework


@st.composite
def documents_with_framework(
    draw: st.DrawFn, *, max_competencies: int = 4
) -> tuple[Any, Framework]:
    """A document and the framework it is written against (itself for a framework)."""
    framework = draw(frameworks(max_competencies=max_competencies))
    which = draw(st.sampled_from(["framework", "role", "assessment"]))
    if which == "role":
        return draw(roles(framework)), framework
    if which == "assessment":
        return draw(assessments(framework)), framework
    return framework, framework


# ---------------------------------------------------------------------------------------------
# survey exports: question text as survey tools and word processors render it

#: What a typed character may become in an export: curly quotes, dashes, non-breaking spaces.
_RENDERINGS = {
    "'": ["'", "\u2019", "\u2018", "\u02bc"],
    '"': ['"', "\u201c", "\u201d"],
    "-": ["-", "\u2010", "\u2011", "\u2013", "\u2014"],
    " ": [" ", "  ", "\u00a0", " \u00a0"],
}


@st.composite
def rendered_texts(draw: st.DrawFn, text: str) -> str:
    """``text`` as a survey tool may show it: any case, quotes, dashes and spaces in their
    Unicode forms, the closing full stop dropped or kept, spaces at either end."""
    out = []
    for char in text:
        options = _RENDERINGS.get(char)
        char = draw(st.sampled_from(options)) if options else char
        out.append(char.upper() if draw(st.booleans()) else char)
    rendered = "".join(out)
    if rendered.endswith(".") and draw(st.booleans()):
        rendered = rendered[:-1]
    return draw(st.sampled_from(["", " ", "\u00a0"])) + rendered + draw(st.sampled_from(["", " "]))
