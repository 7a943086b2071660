"""A fast acceptance path: our JSON Schemas compiled to plain Python predicates.

jsonschema stays the reference and the source of every error message; this only answers "valid
or not" quickly, so that valid documents skip the slow path. It understands the subset of
Draft 2020-12 our schemas use and refuses to compile anything else, and a differential test
holds it to jsonschema's verdicts. Where the two could differ it errs towards "not accepted",
which costs time (the reference then decides) and never correctness.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from leadcomp.validation._schemas import schema, schemas_by_id

_IGNORED = frozenset(
    {"$schema", "$id", "$defs", "$comment", "title", "description", "examples", "default"}
)
_TYPE_TEST = {
    "object": "type({v}) is dict",
    "array": "type({v}) is list",
    "string": "type({v}) is str",
    "boolean": "type({v}) is bool",
    "null": "{v} is None",
    "integer": "(type({v}) is int or (type({v}) is float and {v}.is_integer()))",
    # NaN and the infinities are floats but not JSON numbers: data holding one cannot be
    # written as JSON, so it is not accepted here (the callers' fuller checks then say why)
    "number": "(type({v}) is float and -_INF < {v} < _INF or type({v}) is int)",
}
_BY_TYPE = {
    "string": {"minLength", "maxLength", "pattern"},
    "integer": {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"},
    "number": {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"},
    "object": {"properties", "required", "additionalProperties"},
    "array": {"items", "minItems", "maxItems"},
}
# failure conditions, written as jsonschema's own keyword functions test them
_FAILS = {
    "minLength": "len({v}) < {c}",
    "maxLength": "len({v}) > {c}",
    "minimum": "{v} < {c}",
    "maximum": "{v} > {c}",
    "exclusiveMinimum": "{v} <= {c}",
    "exclusiveMaximum": "{v} >= {c}",
    "minItems": "len({v}) < {c}",
    "maxItems": "len({v}) > {c}",
}


_MAX_SCHEMA_DEPTH = 256


class CompileError(ValueError):
    """A schema uses something the acceptor does not implement."""


_INF = float("inf")
_SCALARS = frozenset({str, int, bool})


def fits(value: Any, levels: int) -> bool:
    """True when value nests no more than ``levels`` arrays/objects deep (itself included)
    and holds only JSON's types: string keys, and no NaN or infinity."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if type(item) is dict:
            if not all(type(key) is str for key in item):
                return False
            children: Any = item.values()
        elif type(item) is list:
            children = item
        elif type(item) is float:
            if not -_INF < item < _INF:
                return False
            continue
        elif type(item) in _SCALARS or item is None:
            continue
        else:
            return False
        if depth > levels:
            return False
        stack.extend((child, depth + 1) for child in children)
    return True


#: The most strings each pattern remembers as matched.
_SEEN = 4096


def _matcher(search: Callable[[str], Any], seen: set[str]) -> Callable[[str], bool]:
    """Whether a text matches, remembering (up to ``_SEEN``) the texts that did: ids and
    codes recur from one document to the next, and a set lookup is cheaper than a search."""

    def matches(text: str) -> bool:
        if search(text) is None:
            return False
        if len(seen) < _SEEN:
            seen.add(text)
        return True

    return matches


class _Compiler:
    def __init__(
        self, max_depth: int, remember: bool = False, rules: dict[int, str] | None = None
    ) -> None:
        self.max_depth = max_depth
        self.remember = remember
        #: Extra conditions (expressions in ``x``) by the id of the schema node they follow.
        self.rules = rules or {}
        self.ruled: set[int] = set()
        self.names: dict[tuple[int, int], str] = {}
        self.source: list[str] = []
        self.consts: dict[str, Any] = {"_NUMBER": (int, float), "_INF": _INF, "_fits": fits}

    def const(self, value: Any) -> str:
        name = f"_c{len(self.consts)}"
        self.consts[name] = value
        return name

    def resolve(self, base: str, ref: str) -> tuple[str, dict[str, Any]]:
        uri, _, fragment = ref.partition("#")
        uri = uri or base
        if uri not in schemas_by_id():
            raise CompileError(f"$ref to {ref!r} is outside the shipped schemas")
        node: Any = schemas_by_id()[uri]
        for part in filter(None, fragment.split("/")):
            node = node[part]
        return uri, node

    def function(self, base: str, node: dict[str, Any], depth: int) -> str:
        if depth > _MAX_SCHEMA_DEPTH:
            raise CompileError("recursive schemas are not supported")
        if set(node) - _IGNORED == {"$ref"}:  # a bare reference: use its target's function
            target_base, target = self.resolve(base, node["$ref"])
            return self.function(target_base, target, depth)
        key = (id(node), depth)
        if key not in self.names:
            name = f"_v{len(self.names)}"
            self.names[key] = name
            body = self.checks(base, node, "x", depth, "        ")
            if id(node) in self.rules:  # (only once the schema's own checks have passed)
                body.append(f"        if not ({self.rules[id(node)]}): return False")
                self.ruled.add(id(node))
            # (a required property is read without a test that it is there)
            self.source.extend(
                [f"def {name}(x):", "    try:", *(body or ["        pass"]), "    except KeyError:",
                 "        return False",
                 "    return True", ""]
            )
        return self.names[key]

    def checks(self, base: str, node: dict[str, Any], v: str, depth: int, ind: str) -> list[str]:
        unknown = set(node) - _IGNORED - {"$ref", "type", "const", "enum"} - set().union(
            *_BY_TYPE.values()
        )
        if unknown:
            raise CompileError(f"keywords not supported: {sorted(unknown)}")
        out: list[str] = []
        if depth > self.max_depth:
            # past the depth limit: no container may stand here, so nothing below is compiled
            out.append(f"{ind}if type({v}) is dict or type({v}) is list: return False")
        if "$ref" in node:
            target_base, target = self.resolve(base, node["$ref"])
            target_fn = self.function(target_base, target, depth)
            out.append(f"{ind}if not {target_fn}({v}): return False")
        types = node.get("type")
        if types is not None:
            names = [types] if isinstance(types, str) else list(types)
            test = " or ".join(_TYPE_TEST[t].format(v=v) for t in names)
            out.append(f"{ind}if not ({test}): return False")
        if "const" in node:
            value = node["const"]
            if not isinstance(value, str):
                raise CompileError("only string constants are supported")
            out.append(f"{ind}if not (type({v}) is str and {v} == {value!r}): return False")
        if "enum" in node:
            if not all(isinstance(x, str) for x in node["enum"]):
                raise CompileError("only string enums are supported")
            members = self.const(frozenset(node["enum"]))
            out.append(f"{ind}if not (type({v}) is str and {v} in {members}): return False")
        used = {k for k in node if any(k in group for group in _BY_TYPE.values())}
        if used and not isinstance(types, (str, list)):
            raise CompileError(f"{sorted(used)} need a 'type'")
        keywords = sorted(used & set(_FAILS))
        if node.get("minItems", -1) == node.get("maxItems"):  # an exact length: one test
            keywords.remove("maxItems")
            keywords.remove("minItems")
            guard = self.guard("minItems", types, v)
            out.append(f"{ind}if {guard}len({v}) != {node['minItems']!r}: return False")
        for keyword in keywords:
            test = _FAILS[keyword].format(v=v, c=repr(node[keyword]))
            out.append(f"{ind}if {self.guard(keyword, types, v)}{test}: return False")
        if "pattern" in node:
            search = re.compile(node["pattern"]).search
            guard = self.guard("pattern", types, v)
            if self.remember:
                seen: set[str] = set()
                matches = self.const(_matcher(search, seen))
                test = f"{v} not in {self.const(seen)} and not {matches}({v})"
            else:
                test = f"{self.const(search)}({v}) is None"
            out.append(f"{ind}if {guard}{test}: return False")
        if depth > self.max_depth:
            return out
        if types == "object":
            out.extend(self.object_checks(base, node, v, depth, ind))
        elif isinstance(types, list) and "object" in types and used & _BY_TYPE["object"]:
            raise CompileError("object keywords need a single 'type'")
        if "items" in node:
            item_base, item_node = self.unwrap(base, node["items"])
            if isinstance(types, list):  # such as ["array", "string"]: items of arrays only
                out.append(f"{ind}if type({v}) is list:")
                ind += "    "
            out.append(f"{ind}for _i{depth} in {v}:")
            if self.is_leaf(item_node):  # checked in place: saves a call per item
                out.extend(
                    self.checks(item_base, item_node, f"_i{depth}", depth + 1, ind + "    ")
                    or [f"{ind}    pass"]
                )
            else:
                item = self.function(item_base, item_node, depth + 1)
                out.append(f"{ind}    if not {item}(_i{depth}): return False")
        return out

    @staticmethod
    def guard(keyword: str, types: Any, v: str) -> str:
        """The type test a keyword needs first (jsonschema applies it to one type only)."""
        applies = {t for t, group in _BY_TYPE.items() if keyword in group}
        if isinstance(types, str):
            if types not in applies:
                raise CompileError(f"{keyword!r} does not apply to type {types!r}")
            return ""
        if "number" in applies:
            return f"type({v}) in _NUMBER and "
        (kind,) = applies
        return _TYPE_TEST[kind].format(v=v) + " and "

    def object_checks(
        self, base: str, node: dict[str, Any], v: str, depth: int, ind: str
    ) -> list[str]:
        out: list[str] = []
        properties: dict[str, Any] = node.get("properties", {})
        additional = node.get("additionalProperties", True)
        if isinstance(additional, dict):
            # a map of any keys to values of one schema (no named properties beside them)
            if properties or node.get("required"):
                raise CompileError("additionalProperties as a schema needs no properties")
            sub_base, sub = self.unwrap(base, additional)
            fn = self.function(sub_base, sub, depth + 1)
            out.append(f"{ind}for _m{depth} in {v}.values():")
            out.append(f"{ind}    if not {fn}(_m{depth}): return False")
            return out
        if additional is not False and additional is not True:
            raise CompileError("additionalProperties is a boolean or a schema")
        if not properties and additional is True:
            levels = self.max_depth - depth + 1
            out.append(f"{ind}if not _fits({v}, {levels}): return False")
            return out
        required_keys = set(node.get("required", ()))
        if not required_keys <= set(properties):
            raise CompileError("a required property must be among the properties")
        # A required property is read at once (a KeyError, caught by the function, if it is
        # not there). Where no others are allowed, the keys are then as many as the required
        # ones and the optional ones found: an unknown key would be one more.
        counter = f"_k{depth}"
        if additional is False:
            out.append(f"{ind}{counter} = {len(required_keys)}")
        for number, (key, sub) in enumerate(properties.items()):
            sub_base, sub = self.unwrap(base, sub)
            inner = ind
            if key not in required_keys:
                out.append(f"{ind}if {key!r} in {v}:")
                inner = ind + "    "
                if additional is False:
                    out.append(f"{inner}{counter} += 1")
            if self.is_leaf(sub):  # checked in place: saves a call per value
                local = f"_p{depth}_{number}"
                out.append(f"{inner}{local} = {v}[{key!r}]")
                out.extend(self.checks(sub_base, sub, local, depth + 1, inner))
            else:
                fn = self.function(sub_base, sub, depth + 1)
                out.append(f"{inner}if not {fn}({v}[{key!r}]): return False")
        if additional is False:
            out.append(f"{ind}if len({v}) != {counter}: return False")
        return out

    def unwrap(self, base: str, node: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """Follow bare ``$ref`` nodes to the schema they stand for."""
        while set(node) - _IGNORED == {"$ref"}:
            base, node = self.resolve(base, node["$ref"])
        return base, node

    @staticmethod
    def is_leaf(node: dict[str, Any]) -> bool:
        """True for schemas of scalars with no references: cheap enough to check inline."""
        types = node.get("type")
        names = {types} if isinstance(types, str) else set(types or ())
        return "$ref" not in node and not names & {"object", "array"} and "items" not in node


@cache
def acceptor(
    kind: str, max_depth: int, remember: bool = False, rules: tuple[tuple[str, str], ...] = ()
) -> Callable[[Any], bool]:
    """A predicate that is True for documents valid against the kind's schema and depth limit.

    ``remember``: each pattern remembers the texts it matched, which pays where documents
    repeat their ids and codes (score sheets of one framework) and costs where ids are unique
    (a framework's). ``rules``: (reference, expression) pairs; wherever the schema node a
    reference within the kind's schema names (``"#/$defs/score"``) applies, the expression,
    in ``x``, must also hold once the node's own checks have passed. Domain rules can so be
    checked on the way, with no second pass over the document.
    """
    root = schema(kind)
    found: dict[int, str] = {}
    for reference, expression in rules:
        if not reference.startswith("#/"):
            raise CompileError(f"a rule's reference must be within the schema, not {reference!r}")
        node: Any = root
        for part in reference[2:].split("/"):
            node = node[part]
        found[id(node)] = expression
    compiler = _Compiler(max_depth, remember, found)
    name = compiler.function(root["$id"], root, 1)
    if compiler.ruled != set(found):
        raise CompileError("a rule's schema node is not an object or array checked on its own")
    namespace = dict(compiler.consts)
    exec(compile("\n".join(compiler.source), f"<leadcomp acceptor {kind}>", "exec"), namespace)
    accept: Callable[[Any], bool] = namespace[name]
    return accept
