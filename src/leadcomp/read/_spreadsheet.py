"""Cells for spreadsheets: text that a spreadsheet would run as a formula is neutralised.

CSV and XLSX files that leadcomp writes (score tables, gap reports, cohort exports) carry text
that came from other people: titles, comments, subject ids. Spreadsheet programs run a cell that
starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and such a formula can read other cells,
fetch URLs or, in older programs, start other programs ("CSV injection"). Following the OWASP
advice on CSV injection, every text cell goes through ``neutralise`` before it is written: a cell
that starts with one of those characters, with a tab or a line break (which some programs skip
before they look for a formula), or with their full-width forms (which some programs fold to the
ASCII ones) gets a single quote in front. Spreadsheets show such a cell as the text it was; the
quote is visible in plain-text tools, which is the price of safety.

Numbers that a writer formats itself are not text from outside: writers pass them as numbers (to
the XLSX writer) or write them without this helper, so that ``-2.5`` stays a number.
"""

from __future__ import annotations

#: First characters that make a spreadsheet treat a cell as a formula (or skip ahead to one).
FORMULA_STARTS: tuple[str, ...] = (
    "=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20",
)


def neutralise(cell: str) -> str:
    """The cell's text, safe to put in a spreadsheet: prefixed with ``'`` when a spreadsheet
    would run it as a formula, otherwise unchanged. Applying it twice changes nothing more."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


__all__ = ["FORMULA_STARTS", "neutralise"]
