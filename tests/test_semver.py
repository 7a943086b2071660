"""Semantic versions and version ranges (leadcomp.model._semver): semver.org 2.0.0 precedence,
bumps, and the range syntax roles use (>=, <=, >, <, ==, !=, ^, ~, bare versions, comma lists)."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings, strategies as st

import strategies as S
from leadcomp.model._semver import Version, VersionRange
from profiles import scaled

PROPERTY = settings(scaled(1.5), deadline=None)

# --- Version.parse ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.0.0", Version(0, 0, 0)),
        ("1.2.3", Version(1, 2, 3)),
        ("10.20.30", Version(10, 20, 30)),
        ("1.0.0-alpha", Version(1, 0, 0, ("alpha",))),
        ("1.0.0-alpha.1", Version(1, 0, 0, ("alpha", 1))),
        ("1.0.0-0.3.7", Version(1, 0, 0, (0, 3, 7))),
        ("1.0.0-x.7.z.92", Version(1, 0, 0, ("x", 7, "z", 92))),
        ("1.0.0-x-y-z.--", Version(1, 0, 0, ("x-y-z", "--"))),
        ("1.0.0-0a", Version(1, 0, 0, ("0a",))),
        ("1.0.0+20130313144700", Version(1, 0, 0, (), "20130313144700")),
        ("1.0.0-beta+exp.sha.5114f85", Version(1, 0, 0, ("beta",), "exp.sha.5114f85")),
        ("1.0.0+21AF26D3---117B344092BD", Version(1, 0, 0, (), "21AF26D3---117B344092BD")),
        ("99999999999999999999.0.0", Version(99999999999999999999, 0, 0)),
    ],
)
def test_parse_valid(text: str, expected: Version) -> None:
    version = Version.parse(text)
    assert (version.major, version.minor, version.patch) == (
        expected.major,
        expected.minor,
        expected.patch,
    )
    assert version.prerelease == expected.prerelease
    assert version.build == expected.build
    assert str(version) == text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1",
        "1.2",
        "1.2.3.4",
        "01.2.3",
        "1.02.3",
        "1.2.03",
        "v1.2.3",
        "1.2.3-",
        "1.2.3+",
        "1.2.3-01",
        "1.2.3-alpha..1",
        "1.2.3-alpha_1",
        "1.2.3+build..1",
        " 1.2.3",
        "1.2.3 ",
        "-1.2.3",
        "1.2.-3",
        "a.b.c",
        "1.2.3-é",
    ],
)
def test_parse_malformed_raises_with_message(text: str) -> None:
    with pytest.raises(ValueError, match="is not a semantic version") as info:
        Version.parse(text)
    assert repr(text) in str(info.value)


def test_parse_refuses_a_trailing_newline() -> None:
    with pytest.raises(ValueError, match="is not a semantic version"):
        Version.parse("1.0.0\n")


def test_parse_refuses_non_ascii_digits() -> None:
    with pytest.raises(ValueError, match="is not a semantic version"):
        Version.parse("1\u0663.0.0")


@PROPERTY
@given(S.semvers())
def test_parse_str_round_trip(text: str) -> None:
    version = Version.parse(text)
    assert str(version) == text
    assert Version.parse(str(version)) == version


# --- precedence -------------------------------------------------------------------------------

# semver.org §11: 1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-alpha.beta < 1.0.0-beta < 1.0.0-beta.2
# < 1.0.0-beta.11 < 1.0.0-rc.1 < 1.0.0, and 1.0.0 < 2.0.0 < 2.1.0 < 2.1.1
SPEC_ORDER = [
    "1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-alpha.beta",
    "1.0.0-beta",
    "1.0.0-beta.2",
    "1.0.0-beta.11",
    "1.0.0-rc.1",
    "1.0.0",
    "2.0.0",
    "2.1.0",
    "2.1.1",
]


def test_spec_examples_are_in_order() -> None:
    parsed = [Version.parse(text) for text in SPEC_ORDER]
    for (i, a), (j, b) in itertools.product(enumerate(parsed), repeat=2):
        assert (a < b) == (i < j), (SPEC_ORDER[i], SPEC_ORDER[j])
        assert (a == b) == (i == j)
        assert (a >= b) == (i >= j)
    shuffled = list(reversed(parsed))
    assert sorted(shuffled) == parsed


@pytest.mark.parametrize(
    ("smaller", "larger"),
    [
        ("1.0.0-1", "1.0.0-alpha"),  # numeric identifiers sort before alphanumeric ones
        ("1.0.0-2", "1.0.0-10"),  # numerically, not lexically
        ("1.0.0-a10", "1.0.0-a2"),  # alphanumerics compare in ASCII order
        ("1.0.0-Z", "1.0.0-a"),
        ("1.0.0-alpha", "1.0.0-alpha.0"),  # a longer set of fields wins when the rest are equal
        ("1.0.0-rc.1", "1.0.0"),  # a release sorts after its prereleases
        ("1.9.0", "1.10.0"),
        ("0.0.9", "0.1.0"),
        ("1.0.0", "1.0.1-alpha"),
    ],
)
def test_precedence_pairs(smaller: str, larger: str) -> None:
    a, b = Version.parse(smaller), Version.parse(larger)
    assert a < b
    assert b > a
    assert a != b
    assert max(a, b) is b


def test_build_metadata_is_ignored_when_comparing() -> None:
    a, b = Version.parse("1.0.0+a"), Version.parse("1.0.0+b")
    assert a == b
    assert hash(a) == hash(b)
    assert not a < b
    assert not b < a
    assert a <= b
    assert str(a) != str(b)
    assert len({a, b, Version.parse("1.0.0")}) == 1


def test_comparing_with_other_types() -> None:
    version = Version.parse("1.2.3")
    assert version != "1.2.3"
    with pytest.raises(TypeError):
        _ = version < "1.2.4"  # type: ignore[operator]


def _reference_compare(a: str, b: str) -> int:
    """semver.org §11, written out independently of the implementation."""

    def split(text: str) -> tuple[list[int], list[str]]:
        core, _, pre = text.split("+", 1)[0].partition("-")
        return [int(n) for n in core.split(".")], (pre.split(".") if pre else [])

    (core_a, pre_a), (core_b, pre_b) = split(a), split(b)
    if core_a != core_b:
        return -1 if core_a < core_b else 1
    if not pre_a or not pre_b:
        return (not pre_a) - (not pre_b)
    for x, y in zip(pre_a, pre_b, strict=False):
        if x == y:
            continue
        if x.isdigit() and y.isdigit():
            return -1 if int(x) < int(y) else 1
        if x.isdigit() != y.isdigit():
            return -1 if x.isdigit() else 1
        return -1 if x < y else 1
    return (len(pre_a) > len(pre_b)) - (len(pre_a) < len(pre_b))


@PROPERTY
@given(S.semvers(), S.semvers())
def test_ordering_matches_the_spec(a: str, b: str) -> None:
    va, vb = Version.parse(a), Version.parse(b)
    expected = _reference_compare(a, b)
    assert (va > vb) - (va < vb) == expected
    assert (va == vb) == (expected == 0)
    if va == vb:
        assert hash(va) == hash(vb)


@PROPERTY
@given(st.lists(S.semvers(), min_size=3, max_size=3))
def test_ordering_is_a_total_order(texts: list[str]) -> None:
    a, b, c = (Version.parse(t) for t in texts)
    assert (a <= b) or (b <= a)
    if a <= b and b <= c:
        assert a <= c
    assert sorted([a, b, c]) == sorted([c, b, a])


# --- bump -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "part", "expected"),
    [
        ("1.2.3", "major", "2.0.0"),
        ("1.2.3", "minor", "1.3.0"),
        ("1.2.3", "patch", "1.2.4"),
        ("0.0.0", "patch", "0.0.1"),
        ("0.9.9", "minor", "0.10.0"),
        ("1.2.3-rc.1+build.5", "major", "2.0.0"),
    ],
)
def test_bump(text: str, part: str, expected: str) -> None:
    assert str(Version.parse(text).bump(part)) == expected


def test_bump_unknown_part() -> None:
    with pytest.raises(ValueError, match="unknown part 'micro'"):
        Version(1, 0, 0).bump("micro")


@PROPERTY
@given(S.versions(), st.sampled_from(["major", "minor", "patch"]))
def test_bump_gives_a_larger_release(version: Version, part: str) -> None:
    bumped = version.bump(part)
    assert bumped > version
    assert bumped.prerelease == ()
    assert bumped.build is None
    assert version.bump("major") >= version.bump("minor") >= version.bump("patch")


# --- VersionRange -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        (">=1.0.0", ["1.0.0", "1.0.1", "99.0.0"], ["0.9.9", "1.0.0-rc.1"]),
        ("<=1.0.0", ["1.0.0", "0.1.0", "1.0.0-rc.1"], ["1.0.1"]),
        (">1.0.0", ["1.0.1", "1.1.0-alpha"], ["1.0.0", "1.0.0+build", "0.1.0"]),
        ("<1.0.0", ["0.9.9", "1.0.0-rc.1"], ["1.0.0", "2.0.0"]),
        ("==1.2.3", ["1.2.3", "1.2.3+build"], ["1.2.4", "1.2.3-rc.1"]),
        ("=1.2.3", ["1.2.3"], ["1.2.4"]),
        ("1.2.3", ["1.2.3", "1.2.3+meta"], ["1.2.2", "1.2.3-0"]),
        ("!=1.2.3", ["1.2.2", "1.2.4", "1.2.3-rc.1"], ["1.2.3", "1.2.3+meta"]),
        ("^1.2.3", ["1.2.3", "1.9.0", "1.99.99"], ["1.2.2", "2.0.0", "0.9.0"]),
        ("^0.2.3", ["0.2.3", "0.2.99"], ["0.2.2", "0.3.0", "1.0.0"]),
        ("^0.0.3", ["0.0.3"], ["0.0.2", "0.0.4", "0.1.0"]),
        ("^0.0.0", ["0.0.0"], ["0.0.1"]),
        ("~1.2.3", ["1.2.3", "1.2.99"], ["1.2.2", "1.3.0", "2.0.0"]),
        ("~0.2.3", ["0.2.3", "0.2.9"], ["0.3.0"]),
        (">=1.0.0, <2.0.0", ["1.0.0", "1.5.0", "1.99.0"], ["0.9.0", "2.0.0"]),
        (">=1.0.0,<2.0.0", ["1.0.0"], ["2.0.0"]),
        ("  >=  1.0.0 ,  <2.0.0  ", ["1.0.0"], ["2.0.0"]),
        (">=1.0.0, !=1.3.0, <2.0.0", ["1.2.0", "1.4.0"], ["1.3.0", "2.0.0"]),
        ("^1.0.0, ~1.4.0", ["1.4.0", "1.4.5"], ["1.3.0", "1.5.0"]),
        (">2.0.0, <1.0.0", [], ["0.5.0", "1.5.0", "2.5.0"]),  # empty but well formed
    ],
)
def test_range_membership(text: str, inside: list[str], outside: list[str]) -> None:
    versions = VersionRange.parse(text)
    assert str(versions) == text
    for version in inside:
        assert version in versions, version
        assert Version.parse(version) in versions, version
    for version in outside:
        assert version not in versions, version
        assert Version.parse(version) not in versions, version


def test_range_bounds_of_shorthands() -> None:
    def bounds(text: str) -> list[tuple[str, str]]:
        return [(op, str(v)) for op, v in VersionRange.parse(text).bounds]

    assert bounds("^1.2.3") == [(">=", "1.2.3"), ("<", "2.0.0")]
    assert bounds("^0.2.3") == [(">=", "0.2.3"), ("<", "0.3.0")]
    assert bounds("^0.0.3") == [(">=", "0.0.3"), ("<", "0.0.4")]
    assert bounds("~1.2.3") == [(">=", "1.2.3"), ("<", "1.3.0")]
    assert bounds("1.2.3") == [("==", "1.2.3")]
    assert bounds("=1.2.3") == [("==", "1.2.3")]
    assert bounds(">=1.0.0, <2.0.0") == [(">=", "1.0.0"), ("<", "2.0.0")]


def test_range_contains_only_versions() -> None:
    versions = VersionRange.parse(">=1.0.0")
    assert 1 not in versions
    assert None not in versions


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is not a version range"),
        ("   ", "is not a version range"),
        (",", "is not a version range"),
        (">=1.0.0,", "is not a version range"),
        (",>=1.0.0", "is not a version range"),
        (">=1.0.0,,<2.0.0", "is not a version range"),
        ("1.0.0 2.0.0", "is not a version comparator"),
        (">=1.0.0 <2.0.0", "is not a version comparator"),
        ("<1.0.0 || >2.0.0", "is not a version comparator"),
        ("1.0", "is not a semantic version"),
        ("^1.0", "is not a semantic version"),
        ("~>1.0.0", "is not a semantic version"),
        (">>1.0.0", "is not a semantic version"),
        ("=>1.0.0", "is not a semantic version"),
        ("*", "is not a semantic version"),
        ("1.x", "is not a semantic version"),
        ("latest", "is not a semantic version"),
        ("^", "is not a semantic version"),
        (">=v1.0.0", "is not a semantic version"),
    ],
)
def test_malformed_ranges_raise_value_error(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)) as info:
        VersionRange.parse(text)
    assert len(str(info.value)) > len(message)  # the message names what was wrong


def _caret_upper(version: Version) -> Version:
    if version.major:
        return Version(version.major + 1, 0, 0)
    if version.minor:
        return Version(0, version.minor + 1, 0)
    return Version(0, 0, version.patch + 1)


@PROPERTY
@given(S.versions(), S.versions(), S.versions())
def test_range_semantics(v: Version, low: Version, high: Version) -> None:
    assert (v in VersionRange.parse(f">={low}, <{high}")) == (low <= v < high)
    assert (v in VersionRange.parse(f">{low},<={high}")) == (low < v <= high)
    assert (v in VersionRange.parse(f"!={low}")) == (v != low)
    assert (v in VersionRange.parse(f"{low}")) == (v == low)
    assert (v in VersionRange.parse(f"^{low}")) == (low <= v < _caret_upper(low))
    tilde_upper = Version(low.major, low.minor + 1, 0)
    assert (v in VersionRange.parse(f"~{low}")) == (low <= v < tilde_upper)


@PROPERTY
@given(st.data())
def test_generated_ranges_contain_their_version(data: st.DataObject) -> None:
    version = data.draw(S.versions())
    text = data.draw(S.version_ranges(version))
    assert version in VersionRange.parse(text)
    assert str(version) in VersionRange.parse(text)
