"""Differential tests that keep the fast acceptance path honest.

``acceptor(kind, max_depth)(doc)`` must be True exactly when jsonschema's validator accepts the
document AND the depth check finds nothing. We check that on valid documents from the strategies
and on randomly MUTATED copies of them (keys deleted or added, values of another JSON type, empty
strings, ints written as floats, zero or negative weights, bad ids and versions, nesting around
the depth limit...), and on small hand-written schemas that exercise each supported keyword.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from jsonschema import Draft202012Validator

import leadcomp
import strategies as S
from leadcomp.read._limits import Limits
from leadcomp.read._reader import check_depth
from leadcomp.validation import _acceptor
from leadcomp.validation._acceptor import CompileError, _Compiler, acceptor, fits
from leadcomp.validation._schemas import DOCUMENT_KINDS, SCHEMA_FILES, validator
from profiles import scaled

Path = tuple[Any, ...]

#: the kinds tests/strategies.py builds
KINDS = ("framework", "role", "assessment")
#: depth limits for the differential (small ones cut into the fixed structure of the schemas)
DEPTHS = (2, 3, 4, 5, 6, 10, 64)

DIFFERENTIAL = settings(
    scaled(1),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def expected(kind: str, max_depth: int, doc: Any) -> bool:
    """The reference verdict: jsonschema, then the depth check."""
    return bool(validator(kind).is_valid(doc)) and not check_depth(doc, Limits(max_depth=max_depth))


# --- mutations ----------------------------------------------------------------------------------

ANY_JSON: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(-3, 3).map(float),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", " ", "x", "1.0.0", "skill", "self", "framework", "1.0", "a" * 201]),
    S.texts(max_size=5),
    st.lists(st.integers(-2, 2) | st.text(max_size=2), max_size=2),
    st.dictionaries(st.sampled_from(["id", "x", "value", ""]), st.integers(0, 3), max_size=2),
)
BAD_IDS = (
    "",
    " ",
    "-a",
    ".a",
    "_a",
    ":a",
    "a b",
    "a/b",
    "a@b",
    "é",
    "ａ",
    "a" * 201,
    "a" * 200,
    "a\n",
    "\na",
    "a\t",
    "a\x00",
    "a😀",
)
BAD_SEMVERS = (
    "",
    "1",
    "1.0",
    "01.0.0",
    "1.0.0-",
    "1.0.0-01",
    "1.0.0+",
    "v1.0.0",
    "1.0.0\n",
    " 1.0.0",
    "1.0.0-rc.1+build.5",
    "x@1.0.0",
    "x@1.0",
    "x@1.0.0-",
    "x@01.0.0",
    "x@1.0.0\n",
)
NEAR_ENUMS = (
    "Skill",
    "skill ",
    "self",
    "Self",
    "manager",
    "related",
    "broader",
    "change-readiness",
    "direct_report",
    "framework",
    "role",
    "assessment",
    "2020-01-01",
    "2020-13-45",
    "20200101",
    "2020-01-01T00:00:00",
    "2020-01-01\n",
    "1.0",
    "1.1",
    "2.0",
    "1.00",
    "1.0\n",
)
OPERATIONS = (
    "delete",
    "add-key",
    "retype",
    "empty",
    "int-float",
    "number",
    "bad-id",
    "bad-semver",
    "near-enum",
    "deep",
    "deep-extensions",
    "deep-extensions",
    "deep-extensions",
    "array",
)
NUMBERS = (0, -1, 0.0, -0.0, -0.5, 5e-324, 1e-300, -1e300, 2**70, 1.5, 2.0, 3.0, True, False)


def _walk(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    yield path, value
    if type(value) is dict:
        for key, child in value.items():
            yield from _walk(child, (*path, key))
    elif type(value) is list:
        for index, child in enumerate(value):
            yield from _walk(child, (*path, index))


def _parent(doc: Any, path: Path) -> Any:
    node = doc
    for part in path[:-1]:
        node = node[part]
    return node


def _nest(depth: int, leaf: Any) -> Any:
    """A value ``depth`` containers deep (alternating objects and arrays)."""
    value = leaf
    for level in range(depth):
        value = {"k": value} if level % 2 else [value]
    return value


@st.composite
def mutations(draw: st.DrawFn, doc: dict[str, Any], max_depth: int) -> dict[str, Any]:
    """A copy of ``doc`` with one to three random changes."""
    doc = copy.deepcopy(doc)
    for _ in range(draw(st.integers(1, 3))):
        operation = draw(st.sampled_from(OPERATIONS))
        paths = list(_walk(doc))
        if operation in ("add-key", "deep-extensions"):
            paths = [(p, v) for p, v in paths if type(v) is dict]
        elif operation == "array":
            paths = [(p, v) for p, v in paths if type(v) is list]
        if not paths:
            continue
        path, value = draw(st.sampled_from(paths))
        replacement: Any
        if operation == "delete":
            if not path:
                continue
            del _parent(doc, path)[path[-1]]
            continue
        if operation == "add-key":
            key = draw(st.sampled_from(["unknown", "Title", "ids", "", "extension"]) | S.texts(5))
            value[key] = draw(ANY_JSON)
            continue
        if operation == "deep-extensions":
            # nest so the deepest container lands just under, at, or just over the limit
            total = draw(st.integers(max_depth - 1, max_depth + 1))
            levels = max(total - len(path) - 1, 1)
            value["extensions"] = {"x": _nest(levels - 1, draw(ANY_JSON))} if levels > 1 else {}
            continue
        if operation == "array":
            action = draw(st.sampled_from(["append-copy", "pop", "clear", "append-any"]))
            if action == "append-copy" and value:
                value.append(copy.deepcopy(draw(st.sampled_from(value))))
            elif action == "pop" and value:
                value.pop(draw(st.integers(0, len(value) - 1)))
            elif action == "clear":
                value.clear()
            else:
                value.append(draw(ANY_JSON))
            continue
        if operation == "retype":
            replacement = draw(ANY_JSON)
        elif operation == "empty":
            replacement = "" if type(value) is str else draw(st.sampled_from(["", [], {}]))
        elif operation == "int-float":
            if type(value) is int:
                replacement = float(value) if abs(value) < 2**53 else value
            elif type(value) is float:
                replacement = int(value) if value.is_integer() else value + 0.5
            else:
                replacement = draw(st.sampled_from([2.0, 2.5, 1.0, 0.0]))
        elif operation == "number":
            replacement = draw(st.sampled_from(NUMBERS))
        elif operation == "bad-id":
            replacement = draw(st.sampled_from(BAD_IDS))
        elif operation == "bad-semver":
            replacement = draw(st.sampled_from(BAD_SEMVERS))
        elif operation == "near-enum":
            replacement = draw(st.sampled_from(NEAR_ENUMS))
        else:  # deep: a nested value whose deepest container is around the limit
            total = draw(st.integers(max_depth - 1, max_depth + 1))
            replacement = _nest(max(total - len(path), 1), draw(ANY_JSON))
        if not path:
            doc = replacement if type(replacement) is dict else doc
            continue
        _parent(doc, path)[path[-1]] = replacement
    return doc


def _plain(document: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(leadcomp.dumps(document))
    return data


# --- the differential ---------------------------------------------------------------------------


@DIFFERENTIAL
@given(S.documents(max_competencies=3), st.sampled_from(DEPTHS))
def test_valid_documents_are_accepted_within_the_depth_limit(document: Any, depth: int) -> None:
    doc = _plain(document)
    kind = doc["kind"]
    assert validator(kind).is_valid(doc)
    assert acceptor(kind, depth)(doc) is expected(kind, depth, doc)
    assert acceptor(kind, 64)(doc) is True


@DIFFERENTIAL
@given(S.documents(max_competencies=2), st.sampled_from(DEPTHS), st.data())
def test_mutated_documents_get_the_reference_verdict(
    document: Any, depth: int, data: st.DataObject
) -> None:
    original = _plain(document)
    kind = original["kind"]
    for _ in range(4):  # several mutants per generated document: generation is the slow part
        doc = data.draw(mutations(original, depth))
        verdict = acceptor(kind, depth)(doc)
        assert verdict is expected(kind, depth, doc), json.dumps(doc)[:2000]


@DIFFERENTIAL
@given(S.documents(max_competencies=2), st.sampled_from(DEPTHS), st.data())
def test_documents_checked_against_another_kind_are_refused(
    document: Any, depth: int, data: st.DataObject
) -> None:
    doc = _plain(document)
    other = data.draw(st.sampled_from([k for k in KINDS if k != doc["kind"]]))
    assert acceptor(other, depth)(doc) is False
    assert expected(other, depth, doc) is False


@pytest.mark.parametrize("kind", DOCUMENT_KINDS)
@pytest.mark.parametrize(
    "doc",
    [None, True, 0, 1.5, "x", [], [{}], {}, {"kind": "framework"}],
    ids=lambda value: type(value).__name__,
)
def test_non_documents_are_refused(kind: str, doc: Any) -> None:
    assert acceptor(kind, 64)(doc) is False
    assert expected(kind, 64, doc) is False
    assert acceptor(kind, 2)(doc) is False


@pytest.mark.parametrize("depth", DEPTHS)
def test_extensions_at_exactly_the_limit(depth: int) -> None:
    base = {
        "kind": "assessment",
        "format": "1.0",
        "subject": "s",
        "framework": "f@1.0.0",
        "raters": [],
        "ratings": [],
    }
    # the document is depth 1 and its extensions object depth 2: k more levels reach 2 + k
    at_limit = {**base, "extensions": {"x": _nest(depth - 2, 1)}}
    over = {**base, "extensions": {"x": _nest(depth - 1, 1)}}
    assert acceptor("assessment", depth)(at_limit) is True
    assert expected("assessment", depth, at_limit) is True
    assert acceptor("assessment", depth)(over) is False
    assert expected("assessment", depth, over) is False


# --- compiling ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [*DOCUMENT_KINDS, "common"])
@pytest.mark.parametrize("depth", [*DEPTHS, 1000])
def test_document_schemas_compile(kind: str, depth: int) -> None:
    accept = acceptor(kind, depth)
    assert callable(accept)
    assert acceptor(kind, depth) is accept  # built once
    if kind != "common":
        assert accept({}) is False


@pytest.mark.parametrize("kind", sorted(SCHEMA_FILES))
def test_every_shipped_schema_compiles(kind: str) -> None:
    assert callable(acceptor(kind, 64))


def _full_documents() -> dict[str, Any]:
    """One small document of each kind that uses every level of its schema's structure."""
    provenance = leadcomp.Provenance(source="x")
    framework = leadcomp.Framework(
        id="f",
        version="1.0.0",
        title="T",
        default_scale="s",
        provenance=provenance,
        scales=(
            leadcomp.Scale(
                id="s",
                levels=(leadcomp.Level(value=1, label="a"), leadcomp.Level(value=2, label="b")),
            ),
        ),
        competencies=(
            leadcomp.Competency(
                id="c",
                title="C",
                kind="skill",
                indicators=(leadcomp.Indicator(id="i", text="t"),),
                descriptors=(leadcomp.Descriptor(level=1, text="d"),),
                relations=(leadcomp.Relation(type="related", target="i"),),
            ),
        ),
    )
    role = leadcomp.RoleProfile(
        id="r",
        title="R",
        provenance=provenance,
        framework=leadcomp.FrameworkRef(id="f", versions="^1.0.0"),
        requirements=(leadcomp.Requirement(competency="c", level=1),),
    )
    assessment = leadcomp.Assessment(
        subject="s",
        framework="f@1.0.0",
        raters=(leadcomp.Rater(id="r", group="self"),),
        ratings=(leadcomp.Rating(rater="r", item="i", value=1),),
    )
    return {"framework": framework, "role": role, "assessment": assessment}


def test_load_with_a_small_depth_limit_reports_too_deep() -> None:
    for document in _full_documents().values():
        text = leadcomp.dumps(document).encode()
        with pytest.raises(leadcomp.InvalidDocument) as info:
            leadcomp.load(text, limits=Limits(max_depth=2))
        assert [p.code for p in info.value.problems] == ["too-deep"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("depth", [1, 2, 3, 4, 5])
def test_small_depth_limits_get_the_reference_verdict(kind: str, depth: int) -> None:
    doc = _plain(_full_documents()[kind])
    deeper = {**doc, "extensions": {"x": _nest(depth, 1)}}
    accept = acceptor(kind, depth)
    assert accept(doc) is expected(kind, depth, doc)
    assert accept(deeper) is expected(kind, depth, deeper) is False


# hand-written schemas, registered in place of the shipped ones for one test


@pytest.fixture
def compile_schema(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Compile a schema of our own (not cached), resolving $refs among ``extra`` schemas."""

    def build(
        root: dict[str, Any], max_depth: int = 64, extra: Any = (), remember: bool = False
    ) -> Any:
        root = {"$id": "urn:test:root", **root}
        by_id = {root["$id"]: root, **{s["$id"]: s for s in extra}}
        monkeypatch.setattr(_acceptor, "schema", lambda kind: root)
        monkeypatch.setattr(_acceptor, "schemas_by_id", lambda: by_id)
        return _acceptor.acceptor.__wrapped__("test", max_depth, remember)

    return build


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ({"type": "string", "format": "email"}, "keywords not supported: ['format']"),
        ({"oneOf": [{"type": "string"}]}, "keywords not supported: ['oneOf']"),
        ({"anyOf": [{"type": "string"}]}, "keywords not supported"),
        ({"allOf": [{"type": "string"}]}, "keywords not supported"),
        ({"not": {"type": "string"}}, "keywords not supported"),
        ({"if": {}, "then": {}}, "keywords not supported"),
        ({"type": "object", "patternProperties": {}}, "keywords not supported"),
        ({"type": "array", "uniqueItems": True}, "keywords not supported"),
        ({"type": "array", "prefixItems": []}, "keywords not supported"),
        ({"multipleOf": 2, "type": "number"}, "keywords not supported"),
        ({"const": 1}, "only string constants"),
        ({"enum": ["a", 1]}, "only string enums"),
        (
            {
                "type": "object", "properties": {"a": {"type": "string"}},
                "additionalProperties": {"type": "string"},
            },
            "additionalProperties as a schema needs no properties",
        ),
        ({"type": "object", "additionalProperties": 1}, "a boolean or a schema"),
        ({"minimum": 0}, "need a 'type'"),
        ({"type": ["object", "null"], "required": ["a"]}, "need a single 'type'"),
        ({"type": "string", "minimum": 0}, "does not apply to type 'string'"),
        ({"$ref": "https://example.org/schema.json"}, "outside the shipped schemas"),
        ({"$ref": "file:///etc/passwd"}, "outside the shipped schemas"),
    ],
)
def test_unsupported_schemas_raise_compile_error(
    compile_schema: Any, schema: dict[str, Any], message: str
) -> None:
    with pytest.raises(CompileError, match=message.replace("[", r"\[").replace("]", r"\]")):
        compile_schema(schema)


RECURSIVE = {"type": "object", "properties": {"child": {"$ref": "#"}, "n": {"type": "integer"}}}


def test_recursive_schemas_compile_down_to_the_depth_limit(compile_schema: Any) -> None:
    accept = compile_schema(RECURSIVE, max_depth=3)
    reference = Draft202012Validator({"$id": "urn:test:root", **RECURSIVE})
    for value in [
        {},
        {"child": {}},
        {"child": {"child": {}}},
        {"child": {"child": {"child": {}}}},
        {"child": {"n": "x"}},
        {"child": {"child": {"n": 1.5}}},
        {"child": {"child": {"n": 2}}},
    ]:
        assert accept(value) is (
            reference.is_valid(value) and not check_depth(value, Limits(max_depth=3))
        ), value


def test_unbounded_recursion_is_refused(compile_schema: Any) -> None:
    with pytest.raises(CompileError, match="recursive schemas are not supported"):
        compile_schema(RECURSIVE, max_depth=100_000)


def test_compile_error_is_a_value_error() -> None:
    assert issubclass(CompileError, ValueError)
    compiler = _Compiler(64)
    with pytest.raises(CompileError):
        compiler.checks("urn:test", {"type": "string", "format": "date"}, "x", 1, "")


KEYWORD_SCHEMAS = [
    {"type": "string", "minLength": 2, "maxLength": 3},
    {"type": "string", "pattern": "^[a-c]+$"},
    {"type": "integer", "minimum": -1, "maximum": 2},
    {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 2.5},
    {"type": ["integer", "null"]},
    {"type": ["string", "boolean"]},
    {"type": "boolean"},
    {"type": "null"},
    {"enum": ["a", "b"]},
    {"const": "a"},
    {"type": "array", "minItems": 1, "maxItems": 2, "items": {"type": "integer"}},
    {"type": "object"},
    {
        "type": "object",
        "additionalProperties": False,
        "required": ["a"],
        "properties": {"a": {"type": "integer"}, "b": {"$ref": "#/$defs/b"}},
        "$defs": {"b": {"type": "array", "items": {"type": "string", "minLength": 1}}},
    },
    {"type": "object", "properties": {"a": {"type": "object"}}},
    # a map of any keys to one schema's values (a survey mapping's open questions)
    {"type": "object", "additionalProperties": {"type": "string", "minLength": 1}},
    {"type": "object", "additionalProperties": {"$ref": "#/$defs/b"},
     "$defs": {"b": {"type": "array", "items": {"type": "integer"}}}},
]


@pytest.mark.parametrize("remember", [False, True], ids=["", "remembering"])
@pytest.mark.parametrize("schema", KEYWORD_SCHEMAS, ids=lambda s: json.dumps(s)[:60])
def test_each_keyword_matches_jsonschema(
    compile_schema: Any, schema: dict[str, Any], remember: bool
) -> None:
    accept = compile_schema(schema, max_depth=64, remember=remember)
    reference = Draft202012Validator({"$id": "urn:test:root", **schema})

    @settings(scaled(0.6), deadline=None)
    @given(S.json_values(3) | st.sampled_from(["", "a", "ab", "abc", "abcd", "ad", "é", "😀😀"]))
    def run(value: Any) -> None:
        assert accept(value) is bool(reference.is_valid(value))

    run()


def test_a_property_schema_reached_through_a_reference_is_checked(compile_schema: Any) -> None:
    common = {
        "$id": "urn:test:common",
        "$defs": {"id": {"type": "string", "pattern": "^[a-z]+$"}},
    }
    accept = compile_schema(
        {
            "type": "object",
            "properties": {"id": {"$ref": "urn:test:common#/$defs/id"}},
        },
        extra=[common],
    )
    assert accept({"id": "abc"}) is True
    assert accept({"id": "ABC"}) is False
    assert accept({"id": 1}) is False
    assert accept({}) is True


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_nan_and_the_infinities_are_not_accepted_as_numbers(
    compile_schema: Any, value: float
) -> None:
    """jsonschema takes them for numbers, but no JSON text holds them."""
    for schema in ({"type": "number"}, {"type": "integer"}, {"type": ["number", "string"]}):
        accept = compile_schema(schema, max_depth=64)
        assert accept(value) is False
        assert accept(1.5 if schema["type"] != "integer" else 1) is True


def test_patterns_remember_what_matched_and_nothing_else(compile_schema: Any) -> None:
    from leadcomp.validation import _acceptor

    accept = compile_schema({"type": "string", "pattern": "^a[0-9]*$"}, remember=True)
    texts = [f"a{n}" for n in range(_acceptor._SEEN + 100)]
    assert all(accept(text) for text in texts)  # more than it remembers
    assert all(accept(text) for text in texts)  # remembered or searched again: the same
    for _ in range(2):
        assert accept("b1") is False
        assert accept("a1b") is False
        assert accept(1) is False


# --- fits ---------------------------------------------------------------------------------------


def _depth(value: Any) -> int:
    if type(value) is dict:
        return 1 + max(map(_depth, value.values()), default=0)
    if type(value) is list:
        return 1 + max(map(_depth, value), default=0)
    return 0


@pytest.mark.parametrize(
    ("value", "levels", "result"),
    [
        (1, 0, True),
        ("x", 0, True),
        (None, 0, True),
        ({}, 0, False),
        ({}, 1, True),
        ([], 0, False),
        ([], 1, True),
        ([[]], 1, False),
        ([[]], 2, True),
        ({"a": [1, {"b": 2}]}, 2, False),
        ({"a": [1, {"b": 2}]}, 3, True),
        ({"a": 1, "b": [2]}, 1, False),
        ([1, 2, 3], 1, True),
        # only JSON's types: no NaN nor infinity, no other type, no key but a string
        ([1.5, True, None, "x"], 1, True),
        ([float("nan")], 1, False),
        ({"a": [float("-inf")]}, 2, False),
        ([{1, 2}], 1, False),
        ({1: "x"}, 1, False),
        ([b"x"], 1, False),
    ],
)
def test_fits_examples(value: Any, levels: int, result: bool) -> None:
    assert fits(value, levels) is result


def test_fits_is_iterative() -> None:
    deep = _nest(100_000, 1)
    assert fits(deep, 10) is False
    assert fits(deep, 99_999) is False
    assert fits(deep, 100_000) is True


@settings(scaled(2), deadline=None)
@given(S.json_values(5), st.integers(0, 7))
def test_fits_agrees_with_depth_and_check_depth(value: Any, levels: int) -> None:
    assert fits(value, levels) is (_depth(value) <= levels)
    if levels >= 1:
        assert fits(value, levels) is (check_depth(value, Limits(max_depth=levels)) == [])


def test_mutations_change_documents() -> None:
    """The mutation strategy is not a no-op: most mutants differ from their original."""
    original = _plain(
        leadcomp.Assessment(
            subject="s",
            framework="f@1.0.0",
            raters=(leadcomp.Rater(id="r", group="self"),),
            ratings=(leadcomp.Rating(rater="r", item="i", value=1),),
        )
    )
    changed = []

    @settings(scaled(0.5), deadline=None, database=None)
    @given(mutations(original, 64))
    def run(doc: dict[str, Any]) -> None:
        changed.append(doc != original)

    run()
    assert sum(changed) > len(changed) // 2


# --- validate without building: what validate passes, load builds ------------------------------


@DIFFERENTIAL
@given(S.documents(max_competencies=2), st.data())
def test_validate_and_load_agree_on_mutated_documents(
    document: Any, data: st.DataObject
) -> None:
    """``validate`` checks plain data and never builds the model; ``load`` builds it. A document
    free of errors for one must load with the other, and every error must stop ``load``."""
    original = _plain(document)
    for _ in range(4):
        doc = data.draw(mutations(original, 64))
        errors = [p for p in leadcomp.validate(doc) if p.is_error]
        if errors:
            with pytest.raises(leadcomp.InvalidDocument) as raised:
                leadcomp.load(doc)
            assert [p.code for p in raised.value.errors] == [p.code for p in errors]
        else:
            model = leadcomp.load(doc)
            assert [p for p in leadcomp.check(model) if p.is_error] == []


def test_a_rule_must_name_an_object_or_array_node_of_the_schema() -> None:
    from leadcomp.validation._acceptor import CompileError

    with pytest.raises(CompileError, match="within the schema"):
        acceptor("scoresheet", 64, rules=(("common.schema.json#/$defs/id", "True"),))
    with pytest.raises(CompileError, match="on its own"):
        acceptor("scoresheet", 64, rules=(("#/$defs/score/properties/mean", "x > 0"),))
