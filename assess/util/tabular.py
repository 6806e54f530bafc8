"""Reading a table out of a CSV or Excel file as 庁内 systems export them (pure).

CSV in UTF-8 (with or without a BOM) or Shift_JIS (CP932, the Windows variant Excel writes):
strict UTF-8 is tried first, since CP932 bytes are almost never valid UTF-8. Excel (.xlsx) is read
with openpyxl in read-only mode, the first sheet, never more rows than MAX_ROWS. Every cell comes
back as text; row numbers are the ones the user sees in Excel.

The header row need not be the first (exports often start with a title line): it is the first of
the top rows that names every required column, under any of the names the caller accepts.
"""

import csv
import io
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
HEADER_SEARCH_ROWS = 10


class TableError(ValueError):
    """The file as a whole cannot be read; the message says why, in Japanese."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one place (`5行目 B列（法人番号）`), said in Japanese."""

    where: str
    message: str
    row: int | None = None

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def problem_rows(problems: list[Problem]) -> list[int]:
    """The row numbers that have a problem, in order (for a one-line summary)."""
    return list(dict.fromkeys(p.row for p in problems if p.row is not None))


def summary(problems: list[Problem]) -> str:
    numbers = "、".join(str(n) for n in problem_rows(problems))
    rows = f"（{numbers}行目）" if numbers else ""
    return f"{len(problems)}件の誤りがあります{rows}。何も保存していません。"


@dataclass(frozen=True)
class Cell:
    row: int  # as numbered in Excel (1 = the first line of the file)
    column: int  # 0-based
    header: str  # the column's name as written in the file

    @property
    def where(self) -> str:
        return f"{self.row}行目 {column_letter(self.column)}列（{self.header}）"


@dataclass(frozen=True)
class Table:
    header_row: int
    columns: Mapping[str, tuple[int, str]]  # key → (index, header as written)
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (row number, cells), blank rows left out

    def value(self, cells: tuple[str, ...], key: str) -> str:
        found = self.columns.get(key)
        if found is None or found[0] >= len(cells):
            return ""
        return cells[found[0]]

    def cell(self, row: int, key: str) -> Cell:
        index, header = self.columns[key]
        return Cell(row, index, header)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def header_key(text: str) -> str:
    """Headers compared without width, case or spaces: 「メール アドレス」 = 「メールアドレス」."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a 13-digit 法人番号 Excel stored as a number
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError("文字コードを判別できません。UTF-8 または Shift_JIS（CP932）で保存した CSV を"
                     "使ってください。")


def _csv_rows(data: bytes) -> list[tuple[str, ...]]:
    text = decode(data)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    rows = []
    try:
        for cells in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append(tuple(c.strip() for c in cells))
            if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
                break
    except csv.Error as e:
        raise TableError(f"CSV の {len(rows) + 1}行目を読めません（{e}）。引用符（\"）の"
                         "対応を確認してください。") from None
    return rows


def _xlsx_rows(data: bytes) -> list[tuple[str, ...]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as e:
        raise TableError(f"Excel ファイルとして開けません（{type(e).__name__}）。"
                         ".xlsx 形式で保存し直してください。") from None
    try:
        sheet = book.worksheets[0]
        return [tuple(_text(v) for v in values) for values in
                sheet.iter_rows(max_row=MAX_ROWS + HEADER_SEARCH_ROWS + 1, values_only=True)]
    finally:
        book.close()


def rows_of(data: bytes, filename: str) -> list[tuple[str, ...]]:
    """Every row of the file as text cells (the first MAX_ROWS + a few)."""
    if len(data) > MAX_BYTES:
        raise TableError(f"ファイルが大きすぎます（{len(data) / 1024 / 1024:.1f}MB）。"
                         f"{MAX_BYTES // 1024 // 1024}MB以内にしてください。")
    if not data.strip():
        raise TableError("ファイルが空です。")
    name = filename.lower()
    if data[:4] == b"PK\x03\x04" or name.endswith((".xlsx", ".xlsm")):
        return _xlsx_rows(data)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or name.endswith(".xls"):
        raise TableError("Excel 97-2003 形式（.xls）は読めません。Excel で「.xlsx」か"
                         "「CSV」形式で保存し直してください。")
    return _csv_rows(data)


def read_table(data: bytes, filename: str, columns: Mapping[str, tuple[str, ...]],
               required: tuple[str, ...]) -> Table:
    """The table under the header row. `columns` maps our key to the header names accepted."""
    rows = rows_of(data, filename)
    accepted = {header_key(name): key for key, names in columns.items() for name in names}
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found: dict[str, tuple[int, str]] = {}
        for position, text in enumerate(cells):
            key = accepted.get(header_key(text))
            if key and key not in found:
                found[key] = (position, text)
        if all(k in found for k in required):
            body = tuple((number, cells) for number, cells in enumerate(rows[index + 1:], start=index + 2)
                         if any(cells))
            if len(body) > MAX_ROWS:
                raise TableError(f"行が多すぎます。一度に取り込めるのは{MAX_ROWS:,}行までです。"
                                 "ファイルを分けてください。")
            return Table(index + 1, found, body)
    wanted = "、".join(f"「{columns[k][0]}」" for k in required)
    raise TableError(f"見出しの行が見つかりません。先頭{HEADER_SEARCH_ROWS}行のどこかに {wanted} の列見出しを"
                     "入れてください。")
