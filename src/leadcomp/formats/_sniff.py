"""What a file is, told by its name, its first bytes or its parsed data: the one place that
recognises CASE packages, Moodle, ESCO and O*NET CSV files, CTDL-ASN JSON-LD and Excel
workbooks.

Every test here is cheap and imports nothing heavy, so telling formats apart never pays for
reading them; a file that starts like a Moodle CSV is told by Moodle's columns, from the module
that knows them.
"""

from __future__ import annotations

import os
import re
from typing import Any, Literal

#: Top-level keys of a CASE package (read as a framework when there is no leadcomp "kind").
CASE_KEYS = ("CFDocument", "CFItems")
#: Suffixes of files read as Excel workbooks.
XLSX_SUFFIXES = (".xlsx", ".xlsm")
#: The first column of ESCO's skills hierarchy.
ESCO_HIERARCHY = "Level 0 URI"
#: The columns that tell O*NET's Content Model Reference and its scale anchors.
ONET_MODEL = ("Element ID", "Element Name")
ONET_ANCHORS = ("Element ID", "Scale ID", "Anchor Value", "Anchor Description")

#: The @types of CTDL-ASN frameworks and competencies.
CTDL_TYPES = frozenset(
    {"ceasn:CompetencyFramework", "CompetencyFramework", "ceasn:Competency", "Competency"}
)
#: How many bytes of a file ``read_head`` reads to tell its format.
HEAD_BYTES = 64 * 1024

_KIND_FIRST = re.compile(rb'\{\s*"kind"\s*:')


def _json_text(head: bytes) -> bytes:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")


def is_case(data: Any) -> bool:
    """True for parsed data that is a CASE package: an object with CFDocument or CFItems and
    no leadcomp ``kind``."""
    return isinstance(data, dict) and "kind" not in data and any(k in data for k in CASE_KEYS)


def looks_like_case(name: str, head: bytes | None) -> bool:
    """True for a file named ``*.case.json``, or whose first bytes are a JSON object with
    CFDocument or CFItems that does not start with a leadcomp ``kind``."""
    if name.lower().endswith(".case.json"):
        return True
    if head is None:
        return False
    text = _json_text(head)
    if not text.startswith(b"{") or _KIND_FIRST.match(text):
        return False
    return b'"CFDocument"' in text or b'"CFItems"' in text


def header_names(head: bytes) -> set[str]:
    """The names in the first line of a CSV file's first bytes (a BOM and quotes left out)."""
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace")
    return {name.strip().strip('"') for name in first.split(",")}


def looks_like_esco(head: bytes) -> bool:
    """True when the first bytes of a CSV file are an ESCO skills file's header."""
    names = header_names(head)
    return ESCO_HIERARCHY in names or ({"conceptUri", "preferredLabel"} <= names and (
        "broaderConceptUri" in names or "code" in names))


def looks_like_onet(head: bytes) -> bool:
    """True when the first bytes of a CSV file are an O*NET Content Model (or anchors) header."""
    names = header_names(head)
    return set(ONET_MODEL) <= names or set(ONET_ANCHORS) <= names


def is_ctdl(head: bytes) -> bool:
    """True when the first bytes of a JSON file show CTDL-ASN types (and no leadcomp kind)."""
    text = _json_text(head)
    if not text.startswith((b"{", b"[")) or _KIND_FIRST.match(text):
        return False
    return b'"ceasn:CompetencyFramework"' in text or b'"ceasn:Competency"' in text


def is_xlsx(name: str) -> bool:
    """True for a file name read as an Excel workbook."""
    return name.lower().endswith(XLSX_SUFFIXES)


def is_ctdl_data(data: Any) -> bool:
    """True for parsed JSON-LD holding CTDL-ASN frameworks or competencies (an object with a
    CTDL ``@type``, an ``@graph`` of them, or a list of them) and no leadcomp ``kind``."""
    if isinstance(data, dict):
        if "kind" in data:
            return False
        graph = data.get("@graph")
        items = graph if isinstance(graph, list) else [data]
    elif isinstance(data, list):
        items = data
    else:
        return False
    for item in items:
        if isinstance(item, dict):
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and k in CTDL_TYPES for k in kinds):
                return True
    return False


_OUTCOMES_HEADS = (b"outcome_name", b'"outcome_name"')
_MOODLE_HEADS = (b'"parent id number"', b"parent id number", b"parentidnumber", b'"parentidnumber"')


def moodle_head(head: bytes) -> Literal["moodle", "outcomes"] | None:
    """``"moodle"`` when the first bytes of a file start with the header of a Moodle competency
    CSV, ``"outcomes"`` for a Moodle (gradebook) outcomes CSV (read as Moodle, to be refused as
    what it is), None for anything else."""
    from leadcomp.formats._moodle_spec import looks_like_moodle, looks_like_outcomes

    if looks_like_moodle(head):
        return "moodle"
    return "outcomes" if looks_like_outcomes(head) else None


def is_moodle(source: Any) -> bool:
    """True for a source read as a Moodle CSV: a .csv path, or bytes starting with the header of
    a Moodle competency or outcomes CSV."""
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source).lower().endswith(".csv")
    if isinstance(source, (bytes, bytearray, memoryview)):
        head = bytes(source[:64]).lstrip(b"\xef\xbb\xbf").lower()
        if head.startswith(_OUTCOMES_HEADS):
            return moodle_head(bytes(source[:HEAD_BYTES])) == "outcomes"
        if head.startswith(_MOODLE_HEADS):
            return moodle_head(bytes(source[:HEAD_BYTES])) == "moodle"
    return False


def read_head(name: str) -> bytes | None:
    """The first bytes of a file (``HEAD_BYTES``), enough to tell its format; None when it
    cannot be read."""
    try:
        with open(name, "rb") as handle:
            return handle.read(HEAD_BYTES)
    except OSError:
        return None


def foreign_csv(source: Any) -> str | None:
    """``"esco"`` or ``"onet"`` for a CSV file (a ``.csv`` or ``.tsv`` path, or bytes) whose
    header is an ESCO skills file's or the O*NET Content Model's; None otherwise."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        head: bytes | None = bytes(source[:HEAD_BYTES])
    elif isinstance(source, (str, os.PathLike)) and os.fspath(source).lower().endswith(
        (".csv", ".tsv")
    ):
        head = read_head(os.fspath(source))
    else:
        return None
    if head is None:
        return None
    if looks_like_esco(head):
        return "esco"
    if looks_like_onet(head):
        return "onet"
    return None
