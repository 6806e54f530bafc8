"""Checking a vendor list (委託事業者一覧) read from CSV or Excel (pure).

Every row is checked before anything is stored; problems name the row and column as the user
sees them in Excel (`5行目 B列（法人番号）: …`). Columns are found by their header, under the
names 庁内 systems commonly use (e.g. 入札参加資格者名簿 exports say 「商号又は名称」).
"""

import re
import unicodedata
from dataclasses import asdict, dataclass

from assess.util.tabular import Problem, Table, read_table
from assess.vendors.corporate_number import CorporateNumberError, normalise

COLUMNS = {
    "name": ("事業者名", "商号又は名称", "商号または名称", "商号・名称", "名称", "法人名", "会社名", "業者名"),
    "corporate_number": ("法人番号",),
    "contact_name": ("担当者名", "担当者", "担当者氏名", "連絡先担当者"),
    "contact_email": ("担当者のメールアドレス", "担当者メールアドレス", "メールアドレス", "電子メール",
                      "Eメール", "E-mail", "Email", "メール"),
}
REQUIRED = tuple(COLUMNS)
LIMITS = {"name": 200, "contact_name": 100, "contact_email": 254}
LABELS = {"name": "事業者名", "corporate_number": "法人番号", "contact_name": "担当者名",
          "contact_email": "メールアドレス"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class VendorRow:
    row: int
    name: str
    corporate_number: str
    contact_name: str
    contact_email: str

    def fields(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k != "row"}


def _check_row(table: Table, number: int, cells: tuple[str, ...],
               first_seen: dict[str, int]) -> tuple[VendorRow | None, list[Problem]]:
    problems: list[Problem] = []
    values = {key: table.value(cells, key).strip() for key in COLUMNS}

    def refuse(key: str, message: str) -> None:
        problems.append(Problem(table.cell(number, key).where, message, number))

    for key, limit in LIMITS.items():
        if not values[key]:
            refuse(key, f"{LABELS[key]}が空です。")
        elif len(values[key]) > limit:
            refuse(key, f"{LABELS[key]}は{limit}文字以内にしてください（{len(values[key])}文字）。")
    email = unicodedata.normalize("NFKC", values["contact_email"])
    if email and not _EMAIL.match(email):
        refuse("contact_email", f"メールアドレスの形式が正しくありません（「{values['contact_email']}」）。")
    number_text = ""
    if not values["corporate_number"]:
        refuse("corporate_number", "法人番号が空です。")
    else:
        try:
            number_text = normalise(values["corporate_number"])
        except CorporateNumberError as e:
            refuse("corporate_number", str(e))
    if number_text:
        if number_text in first_seen:
            refuse("corporate_number", f"法人番号 {number_text} が {first_seen[number_text]}行目と重複しています。")
        else:
            first_seen[number_text] = number
    if problems:
        return None, problems
    return VendorRow(number, values["name"], number_text, values["contact_name"], email), []


def check(data: bytes, filename: str) -> tuple[list[VendorRow], list[Problem]]:
    """The rows when every one is right; otherwise the problems (and rows are not to be used).
    Raises tabular.TableError when the file itself cannot be read."""
    table = read_table(data, filename, COLUMNS, REQUIRED)
    rows: list[VendorRow] = []
    problems: list[Problem] = []
    first_seen: dict[str, int] = {}
    for number, cells in table.rows:
        row, found = _check_row(table, number, cells, first_seen)
        problems.extend(found)
        if row is not None:
            rows.append(row)
    if not rows and not problems:
        problems.append(Problem(f"{table.header_row}行目", "見出しの下に事業者の行がありません。"))
    return rows, problems
