"""Cells of a CSV file that people open in a spreadsheet.

Text a person typed (a name, a telephone number, an e-mail address) can begin with a
character a spreadsheet reads as the start of a formula: =, +, -, @, a tab or a carriage
return ("CSV injection"; OWASP's CSV Injection page). Opened in Excel, LibreOffice or Google
Sheets, such a cell could compute, or reach out to a web address. `text_cell` writes it with
a leading apostrophe, as OWASP advises, so the spreadsheet keeps it as text; every other
value is written as it is.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(value) -> str:
    """`value` as a CSV cell of text no spreadsheet evaluates ("" for None)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
