"""CTDL-ASN (Credential Engine's Achievement Standards Network terms) JSON-LD in.

``read_ctdl`` reads a ``ceasn:CompetencyFramework`` and its ``ceasn:Competency`` objects from one
or more JSON(-LD) files: a single object, an ``@graph`` document (as the Credential Registry
serves them), or a list of objects; the framework and its competencies may be in separate files
(read them together). The tree comes from the framework's ``ceasn:hasTopChild`` and each
competency's ``ceasn:hasChild`` (in their order), else from ``ceasn:isChildOf``; membership from
``ceasn:isPartOf`` or from being reachable from the framework. Language maps
(``{"en-US": "..."}``) give the text in the framework's language (``ceasn:inLanguage``), else
English, else their first. Each source object is kept whole in ``extensions["ctdl"]``.
docs/foreign.md says what maps to what.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import leadcomp.formats._case_spec as spec
import leadcomp.formats._foreign as f
from leadcomp.documents._pipeline import bulk, parse_source
from leadcomp.model import Framework, Provenance
from leadcomp.model._types import JSONValue
from leadcomp.problems import InvalidDocument, PathParts, Problem, json_path, sort_problems
from leadcomp.read._limits import DEFAULT_LIMITS, Limits

Source = str | os.PathLike[str] | bytes | Mapping[str, Any]

FRAMEWORK_TYPES = frozenset({"ceasn:CompetencyFramework", "CompetencyFramework"})
COMPETENCY_TYPES = frozenset({"ceasn:Competency", "Competency"})
#: Properties leadcomp reads; every other one stays only in extensions["ctdl"] (warned once).
_READ = frozenset(
    {
        "@id", "@type", "@context", "ceterms:ctid", "ceasn:competencyLabel",
        "ceasn:competencyText", "ceasn:codedNotation", "ceasn:hasChild", "ceasn:isChildOf",
        "ceasn:isPartOf", "ceasn:inLanguage", "ceasn:comment", "ceasn:conceptKeyword",
        "ceasn:competencyCategory", "ceasn:isTopChildOf", "ceasn:listID", "ceasn:description",
    }
)
_FRAMEWORK_READ = frozenset(
    {
        "@id", "@type", "@context", "ceterms:ctid", "ceasn:name", "ceasn:description",
        "ceasn:hasTopChild", "ceasn:hasChild", "ceasn:inLanguage", "ceasn:creator",
        "ceasn:publisher", "ceasn:publisherName", "ceasn:license", "ceasn:rights",
        "ceasn:source", "ceasn:versionCode", "ceasn:conceptKeyword",
    }
)


def read_ctdl(
    source: Source,
    *more: Source,
    framework: str | None = None,
    id: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[Framework, list[Problem]]:
    """A framework from CTDL-ASN JSON-LD (paths, bytes or parsed data) and its warnings.

    ``framework`` picks one ``ceasn:CompetencyFramework`` (by ``@id`` or ``ceterms:ctid``)
    when the files hold several; the first is read otherwise (and the others named in a
    warning). InvalidDocument, with every Problem located, when the input is not JSON, holds no
    ``ceasn:CompetencyFramework``, or its hierarchy loops.
    """
    objects: list[tuple[dict[str, Any], Problem]] = []
    parsed_by_file: dict[str | None, Any] = {}
    report = f.Report()
    with bulk():
        for one in (source, *more):
            parsed = parse_source(one, limits=limits)
            parsed_by_file[parsed.file] = parsed
            _objects(parsed.data, parsed.file, objects, report)
        result = _Import(objects, report, framework, id).run()
    found = _locate(report.finish(), parsed_by_file)
    if result is None or any(p.is_error for p in found):
        raise InvalidDocument(found)
    return result, found


def load_ctdl(source: Source, *more: Source, limits: Limits = DEFAULT_LIMITS) -> Framework:
    """A framework from CTDL-ASN JSON-LD; like ``read_ctdl`` without the warnings."""
    return read_ctdl(source, *more, limits=limits)[0]


def _template(file: str | None, parts: PathParts) -> Problem:
    return Problem(code="", message="", path=json_path(parts), parts=parts, file=file)


def _objects(
    data: Any, file: str | None, out: list[tuple[dict[str, Any], Problem]], report: f.Report
) -> None:
    """The JSON-LD objects of one file, each with its place."""
    base: PathParts = ()
    if isinstance(data, dict) and "@graph" in data:
        base = ("@graph",)
        data = data["@graph"]
        if not isinstance(data, list):
            report.add(f.at(_template(file, base), "ctdl-invalid",
                            "@graph must be a list of JSON-LD objects; found "
                            f"{type(data).__name__}", "error"))
            return
    if isinstance(data, dict):
        out.append((data, _template(file, base)))
        return
    if not isinstance(data, list):
        report.add(f.at(_template(file, base), "ctdl-invalid",
                        "CTDL-ASN JSON-LD is an object (a framework or competency), an @graph "
                        f"document or a list of objects; found {type(data).__name__}", "error"))
        return
    for index, entry in enumerate(data):
        place = _template(file, (*base, index))
        if isinstance(entry, dict):
            out.append((entry, place))
        else:
            report.add(f.at(place, "ctdl-invalid",
                            f"each entry must be a JSON-LD object; this one is "
                            f"{type(entry).__name__}: it is left out"), group="ctdl-entry")


def _locate(problems: list[Problem], parsed: dict[str | None, Any]) -> list[Problem]:
    by_file: dict[str | None, list[Problem]] = {}
    for p in problems:
        by_file.setdefault(p.file, []).append(p)
    located: list[Problem] = []
    for file, group in by_file.items():
        if file in parsed and parsed[file].text:
            located.extend(parsed[file].locate(group))
        else:
            located.extend(group)
    return sort_problems(located)


def _ref(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, dict) and isinstance(value.get("@id"), str) and value["@id"].strip():
        return str(value["@id"]).strip()
    return None


def _refs(value: Any) -> list[str]:
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [r for r in map(_ref, values) if r is not None]


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    return {t for t in (kind if isinstance(kind, list) else [kind]) if isinstance(t, str)}


def _keys(obj: dict[str, Any]) -> list[str]:
    """The names an object may be referred to by: its @id, its ctid, its @id's last segment."""
    names = []
    ident = _ref(obj.get("@id"))
    if ident:
        names.append(ident)
        tail = ident.rstrip("/").rsplit("/", 1)[-1]
        if tail != ident:
            names.append(tail)
    ctid = obj.get("ceterms:ctid")
    if isinstance(ctid, str) and ctid.strip():
        names.append(ctid.strip())
    return names


class _Import:
    def __init__(
        self,
        objects: list[tuple[dict[str, Any], Problem]],
        report: f.Report,
        chosen: str | None,
        framework_id: str | None,
    ) -> None:
        self.objects = objects
        self.report = report
        self.chosen = chosen
        self.framework_id = framework_id

    def run(self) -> Framework | None:
        frameworks = [(o, w) for o, w in self.objects if _types(o) & FRAMEWORK_TYPES]
        competencies = [(o, w) for o, w in self.objects if _types(o) & COMPETENCY_TYPES]
        for obj, where in self.objects:
            if not _types(obj) & (FRAMEWORK_TYPES | COMPETENCY_TYPES):
                shown = obj.get("@type")
                self.report.add(
                    f.at(where, "ctdl-unknown-type",
                         f"an object of @type {shown!r}, neither ceasn:CompetencyFramework nor "
                         "ceasn:Competency; it is left out"),
                    group="ctdl-unknown-type",
                )
        if not frameworks:
            first = self.objects[0][1] if self.objects else None
            self.report.add(
                f.at(first or Problem(code="", message=""), "ctdl-no-framework",
                     "no ceasn:CompetencyFramework here (an object with \"@type\": "
                     "\"ceasn:CompetencyFramework\"); give the framework's file too, with its "
                     "competencies", "error")
            )
            return None
        fw, fw_where = self._pick(frameworks)
        return self._build(fw, fw_where, competencies)

    def _pick(
        self, frameworks: list[tuple[dict[str, Any], Problem]]
    ) -> tuple[dict[str, Any], Problem]:
        if self.chosen is not None:
            for obj, where in frameworks:
                if self.chosen in _keys(obj):
                    return obj, where
            names = ", ".join(repr(_keys(o)[0]) for o, _ in frameworks if _keys(o))
            self.report.add(
                f.at(frameworks[0][1], "ctdl-unknown-framework",
                     f"no ceasn:CompetencyFramework has the @id or ctid {self.chosen!r}; "
                     f"there are {names}", "error")
            )
            raise InvalidDocument(self.report.finish())
        if len(frameworks) > 1:
            others = ", ".join(repr(_keys(o)[0]) for o, _ in frameworks[1:] if _keys(o))
            self.report.add(
                f.at(frameworks[1][1], "ctdl-more-frameworks",
                     f"{len(frameworks)} frameworks here; the first is read and the others "
                     f"({others}) are left out: read_ctdl(..., framework=ID) picks one by its "
                     "@id or ctid"),
            )
        return frameworks[0]

    def _build(
        self,
        fw: dict[str, Any],
        fw_where: Problem,
        competencies: list[tuple[dict[str, Any], Problem]],
    ) -> Framework | None:
        languages = [x for x in _list(fw.get("ceasn:inLanguage")) if isinstance(x, str)]
        fw_names = set(_keys(fw))
        index: dict[str, int] = {}
        usable: list[tuple[dict[str, Any], Problem]] = []
        for obj, where in competencies:
            names = _keys(obj)
            if not names:
                self.report.add(
                    f.at(where, "ctdl-missing-id",
                         "this ceasn:Competency has no @id (nor ceterms:ctid), so nothing can "
                         "refer to it; it is left out"),
                    group="ctdl-missing-id",
                )
                continue
            if names[0] in index:
                self.report.add(
                    f.at(where, "duplicate-id",
                         f"a second ceasn:Competency with the @id {names[0]!r}; the first is "
                         "used and this one is left out"),
                    group="ctdl-duplicate",
                )
                continue
            for name in names:
                index.setdefault(name, len(usable))
            usable.append((obj, where))
        # membership: reachable from the framework, or isPartOf it
        children: dict[int, list[int]] = {}
        parent_of: dict[int, int] = {}
        rank: dict[int, tuple[int, int]] = {}
        top = [index[r] for r in _refs(fw.get("ceasn:hasTopChild")) if r in index]
        missing = [r for r in _refs(fw.get("ceasn:hasTopChild")) if r not in index]
        for at, obj in enumerate(o for o, _ in usable):
            kids = _refs(obj.get("ceasn:hasChild"))
            missing.extend(r for r in kids if r not in index)
            children[at] = [index[r] for r in kids if r in index]
            for position, kid in enumerate(children[at]):
                if kid not in parent_of and kid != at:
                    parent_of[kid] = at
                    rank[kid] = (0, position)
        for position, at in enumerate(top):
            parent_of.pop(at, None)
            rank[at] = (0, position)
        reachable: set[int] = set()
        stack = list(top) + [index[r] for r in _refs(fw.get("ceasn:hasChild")) if r in index]
        while stack:
            at = stack.pop()
            if at in reachable:
                continue
            reachable.add(at)
            stack.extend(children.get(at, []))
        members: list[int] = []
        for at, (obj, where) in enumerate(usable):
            part_of = set(_refs(obj.get("ceasn:isPartOf")))
            if at in reachable or part_of & fw_names:
                members.append(at)
            else:
                self.report.add(
                    f.at(where, "ctdl-other-framework",
                         "this competency is not part of the framework read (neither reachable "
                         "from its hasTopChild nor isPartOf it); it is left out"),
                    group="ctdl-other-framework",
                )
        if missing:
            self.report.add(
                f.at(fw_where, "ctdl-missing-competency",
                     f"{len(set(missing))} competencies named by hasTopChild/hasChild are not "
                     f"in the files read (the first: {missing[0]!r}); give the file that holds "
                     "them too. The references are kept in extensions['ctdl']"),
            )
        ids = self._ids(usable, members)
        nodes: list[f.Node] = []
        member_set = set(members)
        unread: dict[str, Problem] = {}
        multilingual: Problem | None = None
        for at in members:
            obj, where = usable[at]
            parents: list[str] = []
            if at in parent_of and parent_of[at] in member_set:
                parents.append(str(parent_of[at]))
            elif at not in top:
                for ref in _refs(obj.get("ceasn:isChildOf")):
                    if ref in index and index[ref] in member_set and index[ref] != at:
                        parents.append(str(index[ref]))
                    elif ref not in fw_names and ref not in index:
                        parents.append(ref)
            label, many_label = f.pick_text(obj.get("ceasn:competencyLabel"), languages)
            text, many_text = f.pick_text(obj.get("ceasn:competencyText"), languages)
            about, many_about = f.pick_text(obj.get("ceasn:description"), languages)
            many_text = many_text or many_about
            if (many_label or many_text) and multilingual is None:
                multilingual = where
            if label:
                title, description = label, text or about
            elif text:
                title = spec.shorten(text)
                description = text if title != " ".join(text.split()) else about
            else:
                code = obj.get("ceasn:codedNotation")
                title = code if isinstance(code, str) and code.strip() else ids[at]
                description = None
                self.report.add(
                    f.at(where, "ctdl-no-text",
                         "this competency has neither ceasn:competencyLabel nor "
                         "ceasn:competencyText; its title is its code or id"),
                    group="ctdl-no-text",
                )
            if label and text and about:
                self.report.add(
                    f.at(where, "ctdl-unmapped",
                         "this competency has a label, a text and a description; the label is "
                         "the title, the text the description, and ceasn:description is kept "
                         "in extensions['ctdl']"),
                    group="ctdl-description",
                )
            for key in obj:
                if key not in _READ and key not in unread:
                    unread[key] = where
            keywords = [t for t in (f.pick_text(k, languages)[0] for k in
                                    _list(obj.get("ceasn:conceptKeyword"))) if t]
            node = f.Node(
                str(at), ids[at], title, where, parents=parents, description=description,
                extensions={"ctdl": _plain(obj)},
            )
            node.tags = tuple(dict.fromkeys(k.strip() for k in keywords if k.strip()))
            nodes.append(node)
        # siblings in the order of the lists that name them, then in file order
        nodes.sort(key=lambda n: (*rank.get(int(n.key), (1, 0)), int(n.key)))
        for key, where in unread.items():
            self.report.add(
                f.at(where, "ctdl-unmapped",
                     f"{key} has no place in a leadcomp competency"
                     + (" (alignments point at other frameworks by URI, not at leadcomp ids)"
                        if "Alignment" in key else "")
                     + "; it is kept in extensions['ctdl']"),
            )
        if multilingual is not None:
            self.report.add(
                f.at(multilingual, "ctdl-languages",
                     "texts in several languages: leadcomp keeps one (the framework's "
                     "language, else English, else the first) as title and description; the "
                     "others are kept in extensions['ctdl']"),
            )
        for key in fw:
            if key not in _FRAMEWORK_READ:
                self.report.add(
                    f.at(fw_where, "ctdl-unmapped",
                         f"the framework's {key} has no place in a leadcomp framework; it is kept "
                         "in extensions['ctdl']"),
                    group="ctdl-unmapped-framework",
                )
        fw_name, _ = f.pick_text(fw.get("ceasn:name"), languages)
        fw_about, _ = f.pick_text(fw.get("ceasn:description"), languages)
        if not fw_name:
            self.report.add(f.at(fw_where, "ctdl-no-text",
                                 "the framework has no ceasn:name; its title is its ctid or @id"))
        fw_keys = _keys(fw)
        title = fw_name or (fw_keys[0] if fw_keys else "CTDL-ASN framework")
        version = "1.0.0"
        code = fw.get("ceasn:versionCode")
        if isinstance(code, str):
            version, _exact = spec.version_of(code)
        self.report.add(
            f.at(fw_where, "no-levels",
                 "CTDL-ASN frameworks have no proficiency levels; the framework gets the 4-level "
                 "scale 'ctdl-default' (1 not yet, 2 developing, 3 proficient, 4 advanced)"),
        )
        return f.build(
            nodes, self.report, id=self.framework_id or spec.slug(title) or "ctdl-framework",
            title=title, version=version, description=fw_about, provenance=_provenance(fw),
            default=f.default_scale("ctdl", "CTDL-ASN"),
            extensions={"ctdl": _plain(fw)}, source="the files read",
        )

    def _ids(
        self, usable: list[tuple[dict[str, Any], Problem]], members: list[int]
    ) -> dict[int, str]:
        """codedNotation when every member has a distinct one that is a valid id; else the
        ctid; else an id made of the @id."""
        codes = [usable[at][0].get("ceasn:codedNotation") for at in members]
        if (codes and all(isinstance(c, str) and spec.is_id(c) for c in codes)
                and len(set(codes)) == len(codes)):
            return {at: str(code) for at, code in zip(members, codes, strict=True)}
        ids: dict[int, str] = {}
        for at in members:
            obj = usable[at][0]
            ctid = obj.get("ceterms:ctid")
            if isinstance(ctid, str) and spec.is_id(ctid.strip()):
                ids[at] = ctid.strip()
            else:
                ids[at] = f.derive_id(_keys(obj)[0]) or f"competency-{at + 1}"
        return ids


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _plain(obj: dict[str, Any]) -> dict[str, JSONValue]:
    return {k: v for k, v in obj.items() if k != "@context"}


def _provenance(fw: dict[str, Any]) -> Provenance:
    names = [n for n in (_ref(c) for c in _list(fw.get("ceasn:publisherName"))
                         + _list(fw.get("ceasn:creator")) + _list(fw.get("ceasn:publisher")))
             if n]
    publisher = fw.get("ceasn:publisherName")
    if isinstance(publisher, (dict, str)):
        text, _ = f.pick_text(publisher, [])
        if text:
            names.insert(0, text)
    licence = _ref(fw.get("ceasn:license")) or f.pick_text(fw.get("ceasn:rights"), [])[0]
    url = _ref(fw.get("ceasn:source")) or _ref(fw.get("@id"))
    return Provenance(
        source=", ".join(dict.fromkeys(names)) or "a CTDL-ASN framework",
        licence=licence or None,
        url=url if url and "://" in url else None,
        unofficial=True,
        note="converted to leadcomp from CTDL-ASN JSON-LD; the source objects are kept in "
        "extensions.ctdl",
    )
