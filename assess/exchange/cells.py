"""Writing one cell of a workbook people open (pure): the one way every workbook we build puts a
value in a cell.

Text is cleaned of the characters an .xlsx cannot hold (openpyxl refuses them, and one Q&A with a
pasted Word line break, U+000B, would otherwise break every vendor's package) and is always
written as text: openpyxl turns a string starting with "=" into a live formula, so a vendor named
「=HYPERLINK(…)」 would become a link in the committee's comparison. A leading = + - @ also gets
Excel's quote prefix, so it stays text when someone edits the cell."""

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

MAX_CELL_TEXT = 32_767  # Excel's limit for one cell
_FORMULA_STARTS = ("=", "+", "-", "@")


def clean(text: str) -> str:
    """Vertical tab and form feed (line and page breaks pasted from Word) become line breaks;
    every other control character an .xlsx cannot hold is dropped."""
    text = text.replace("\x0b", "\n").replace("\x0c", "\n")
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:MAX_CELL_TEXT]


def set_value(cell, value) -> None:
    if not isinstance(value, str):
        cell.value = value
        return
    text = clean(value)
    cell.value = text
    cell.data_type = "s"  # whatever openpyxl guessed (a formula for "=…"), this is text
    if text.startswith(_FORMULA_STARTS):
        cell.quotePrefix = True


def put(sheet, row: int, column: int, value):
    """sheet.cell(row, column) holding `value` (text written as text); the cell."""
    cell = sheet.cell(row, column)
    set_value(cell, value)
    return cell
