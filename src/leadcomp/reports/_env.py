"""The Jinja2 environments: HTML with autoescaping, Markdown with every value escaped.

Jinja2 is imported only here, when a report is first rendered, so that leadcomp imports
without it; without it, rendering is an InvalidDocument with a ``missing-dependency`` Problem.
"""

from __future__ import annotations

import functools
import importlib
import re
from typing import TYPE_CHECKING, Any, Literal

from leadcomp.problems import InvalidDocument, problem

if TYPE_CHECKING:
    import jinja2

#: A report's formats: HTML or Markdown.
Format = Literal["html", "md"]
#: The order of a cohort heatmap's people: as given, or by fit (lowest first).
HeatmapOrder = Literal["input", "fit"]
HEATMAP_ORDERS: tuple[HeatmapOrder, ...] = ("input", "fit")

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")
_MD_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
#: A leading list marker, or the first '-' of a rule (``---``).
_MD_LIST = re.compile(r"^([-+*]|\d+[.)])(\s|$)|^(?=(?:-[ \t]*){3,}$)(-)()")
#: What starts an autolink in GitHub-flavoured renderers: the ':' of a scheme (http://,
#: mailto:...) and the '.' after "www", backslash-escaped (each renders as itself but no longer
#: links); and every '@' of an e-mail address, which renderers find after escapes are undone,
#: so a word joiner (U+2060: no width, no break) is put before it instead.
_MD_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9]):(?=//)|(?<=\bmailto):|(?<=\bxmpp):|(?<=\bwww)\.")
_MD_EMAIL = re.compile(r"(?<=[\w.+-])@")


def escape_markdown(value: object) -> str:
    """Text that Markdown (and the HTML a Markdown renderer makes) shows as itself.

    Markup characters are backslash-escaped, ``<`` and ``>`` become entities (so no HTML tag
    or autolink can form), an ``&`` that would start an entity becomes ``&amp;``, a leading
    list or heading marker is escaped, a bare URL, ``www.`` address or e-mail address is kept
    from becoming a link (see ``_MD_AUTOLINK``), and line breaks become spaces (a value stays
    in its table cell or line).
    """
    if value is None:
        return ""
    text = " ".join(str(value).splitlines())
    text = _MD_ENTITY.sub("&amp;", text)
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_AUTOLINK.sub(lambda m: "\\" + m.group(), text)
    text = _MD_EMAIL.sub("\u2060@", text)
    return _MD_LIST.sub(
        lambda m: _escape_marker(m.group(1) or m.group(3)) + (m.group(2) or ""), text.lstrip()
    )


def _escape_marker(marker: str) -> str:
    """A list marker escaped: ``\\-``, or ``1\\.`` (a backslash before a digit is shown)."""
    return marker[:-1] + "\\" + marker[-1] if marker[0].isdigit() else "\\" + marker


def _jinja() -> Any:
    try:
        return importlib.import_module("jinja2")
    except ImportError:
        raise InvalidDocument(
            [
                problem(
                    "missing-dependency",
                    "HTML and Markdown reports need Jinja2: pip install 'leadcomp[report]' "
                    "(or use the text and JSON reports of 'leadcomp gap' and 'leadcomp cohort')",
                )
            ]
        ) from None


@functools.lru_cache(maxsize=2)
def environment(kind: Format) -> jinja2.Environment:
    """The environment of one format, built once."""
    jinja = _jinja()
    options: dict[str, Any] = {
        "loader": jinja.PackageLoader("leadcomp.reports", "templates"),
        "undefined": jinja.StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }
    if kind == "html":
        env = jinja.Environment(autoescape=True, **options)
    else:
        env = jinja.Environment(autoescape=False, finalize=escape_markdown, **options)
    env.filters["f1"] = lambda value: f"{value:.1f}"
    result: jinja2.Environment = env
    return result


def render(kind: Format, template: str, **context: Any) -> str:
    """A template of one format rendered with the context."""
    return str(environment(kind).get_template(template).render(**context))
