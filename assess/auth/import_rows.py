"""Checking a staff list (職員一覧) read from CSV or Excel (pure): every row before anything is
stored, problems named by row and column."""

import re
import unicodedata
from dataclasses import dataclass

from assess.auth.access import ROLE_LABELS, ROLES
from assess.util.tabular import Problem, Table, read_table

COLUMNS = {
    "email": ("メールアドレス", "電子メール", "E-mail", "Email", "メール"),
    "name": ("氏名", "職員名", "名前"),
    "role": ("役割", "権限", "ロール"),
    "department_code": ("所属課コード", "所属コード", "課コード"),
    "department_name": ("所属課", "所属課名", "所属", "所属名", "課名"),
}
REQUIRED = ("email", "name", "role")
_ROLE_WORDS = {**{r: r for r in ROLES}, **{label: r for r, label in ROLE_LABELS.items()},
               "一般": "staff", "監査": "auditor"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class StaffRow:
    row: int
    email: str
    name: str
    role: str
    department_code: str | None
    department_name: str | None


def _check_row(table: Table, number: int, cells, first_seen: dict[str, int]):
    problems: list[Problem] = []
    values = {key: table.value(cells, key).strip() if key in table.columns else "" for key in COLUMNS}

    def refuse(key: str, message: str) -> None:
        problems.append(Problem(table.cell(number, key).where, message, number))

    email = unicodedata.normalize("NFKC", values["email"]).lower()
    if not email:
        refuse("email", "メールアドレスが空です。")
    elif not _EMAIL.match(email) or len(email) > 254:
        refuse("email", f"メールアドレスの形式が正しくありません（「{values['email']}」）。")
    elif email in first_seen:
        refuse("email", f"メールアドレス {email} が {first_seen[email]}行目と重複しています。")
    else:
        first_seen[email] = number
    if not values["name"]:
        refuse("name", "氏名が空です。")
    elif len(values["name"]) > 200:
        refuse("name", "氏名は200文字以内にしてください。")
    role = _ROLE_WORDS.get(unicodedata.normalize("NFKC", values["role"]).strip().lower())
    if role is None:
        words = "・".join(ROLE_LABELS[r] for r in ROLES)
        refuse("role", f"役割は {words}（または {', '.join(ROLES)}）のいずれかです（入力: 「{values['role']}」）。")
    code, name = values["department_code"] or None, values["department_name"] or None
    if code and len(code) > 40:
        refuse("department_code", "所属課コードは40文字以内にしてください。")
    if role == "staff" and not (code or name):
        key = "department_name" if "department_name" in table.columns else "role"
        refuse(key, "役割が職員の人には所属課が必要です。")
    if problems:
        return None, problems
    return StaffRow(number, email, values["name"], role, code, name), []


def check(data: bytes, filename: str) -> tuple[list[StaffRow], list[Problem]]:
    """The rows when every one is right; otherwise the problems. Raises tabular.TableError when
    the file itself cannot be read."""
    table = read_table(data, filename, COLUMNS, REQUIRED)
    rows, problems, first_seen = [], [], {}
    for number, cells in table.rows:
        row, found = _check_row(table, number, cells, first_seen)
        problems.extend(found)
        if row is not None:
            rows.append(row)
    if not rows and not problems:
        problems.append(Problem(f"{table.header_row}行目", "見出しの下に職員の行がありません。"))
    return rows, problems
