"""Building the offline questionnaire workbook with openpyxl (pure: plain data in, .xlsx bytes
out). Only the answer cells are unlocked; dropdowns match the answer types; 必須 rows left
blank are marked by conditional formatting and by the 入力状況 column (never colour alone)."""

import io
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from assess.exchange import cells
from assess.exchange import layout as L

PRIORITY = {"must": "必須", "important": "重要", "nice": "望ましい"}
_HEAD = PatternFill("solid", fgColor="DDE7F3")
_INPUT = PatternFill("solid", fgColor="FFFBE6")
_MISSING = PatternFill("solid", fgColor="F8D7DA")
_WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class Package:
    city: str
    project: str
    department: str
    vendor: str
    deadline: str  # already formatted (和暦)
    invitation_id: int
    version_number: int
    domains: list[dict]  # [{id, title}]
    items: list[dict]  # the frozen question set's items
    answers: dict  # control id → {value, na, comment, nondisclosure, nondisclosure_reason}
    questions: list[tuple[str, str]]  # published Q&A
    signature: str


def _answer_shown(item: dict, value: str | None):
    kind = item["answer"]["type"]
    if value in (None, ""):
        return None
    if kind == "yes_no":
        return {"yes": L.YES, "no": L.NO}.get(value, value)
    if kind == "choice":
        return next((o["ja"] for o in item["answer"]["options"] if o["value"] == value), value)
    if kind == "number":
        try:
            number = float(value)
            return int(number) if number.is_integer() else number
        except ValueError:
            return value
    if kind == "date":
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _cover(book: Workbook, p: Package) -> None:
    sheet = book.active
    sheet.title = L.COVER_SHEET
    rows = [("情報セキュリティ質問票（オフライン回答用）", None), ("自治体", p.city), ("案件", p.project),
            ("担当課", p.department), ("回答者", p.vendor), ("回答期限", p.deadline), ("", None),
            ("回答のしかた", None),
            ("1", "分野ごとのシートの黄色いセル（回答・該当なし・補足・非開示希望・理由）に入力してください。ほかのセルは変更できません。"),
            ("2", "回答は一覧から選ぶか、数値・日付を入力してください。必須の項目が未入力の行は赤色と「未回答」で示されます。"),
            ("3", "証跡は、要件IDと同じ名前のフォルダ（例: GOV-01）に入れ、このブックと一緒にZIPにまとめて返送してください。"),
            ("4", "行の追加・削除・並べ替え、質問文の変更はしないでください（取り込めなくなります）。"),
            ("", None), ("質疑応答（公開分）", None)]
    rows += [(f"質問{n}", f"{q}\n回答: {a}") for n, (q, a) in enumerate(p.questions, start=1)] or [("", "なし")]
    for r, (label, value) in enumerate(rows, start=1):
        cells.put(sheet, r, 1, label)
        if value is not None:
            cells.put(sheet, r, 2, value).alignment = _WRAP
    sheet["A1"].font = Font(size=14, bold=True)
    for cell in ("A8", f"A{14}"):
        sheet[cell].font = Font(bold=True)
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 18, 100
    sheet.protection.sheet = True


def _validation(sheet, item: dict, cell: str) -> None:
    kind = item["answer"]["type"]  # 該当なし has its own column, so it is no dropdown choice here
    if kind in ("yes_no", "choice"):
        labels = [L.YES, L.NO] if kind == "yes_no" else [o["ja"] for o in item["answer"]["options"]]
        rule = DataValidation(type="list", formula1='"' + ",".join(x.replace(",", "、") for x in labels) + '"',
                              allow_blank=True, showErrorMessage=True, errorTitle="回答",
                              error="一覧から選んでください。")
    elif kind == "number" and item["answer"].get("whole"):  # a count: 1.5件 is refused as typed
        rule = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                              showErrorMessage=True, errorTitle="回答", error="0以上の整数を入力してください。")
    elif kind == "number":
        rule = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                              showErrorMessage=True, errorTitle="回答", error="0以上の数値を入力してください。")
    elif kind == "date":
        rule = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True,
                              showErrorMessage=True, errorTitle="回答", error="日付を入力してください（例: 2027/3/31）。")
    else:
        return
    sheet.add_data_validation(rule)
    rule.add(cell)


def _domain_sheet(book: Workbook, name: str, items: list[dict], p: Package) -> None:
    sheet = book.create_sheet(name)
    cells.put(sheet, 1, 1, name)
    sheet["A1"].font = Font(size=13, bold=True)
    sheet["A2"] = "黄色いセルに入力してください。必須の未回答は赤色と「未回答」で示されます。"
    c = L.COLUMNS
    for key, heading in L.HEADINGS.items():
        cell = sheet[f"{c[key]}4"]
        cell.value, cell.fill, cell.font, cell.alignment = heading, _HEAD, Font(bold=True), _WRAP
        sheet.column_dimensions[c[key]].width = L.WIDTHS[key]
    yes_only = DataValidation(type="list", formula1=f'"{L.YES}"', allow_blank=True, showErrorMessage=True,
                              error="「はい」を選ぶか空欄にしてください。")
    sheet.add_data_validation(yes_only)
    for row, item in enumerate(items, start=L.FIRST_ROW):
        stored = p.answers.get(item["id"], {})
        values = {"id": item["id"], "question": item["question"], "priority": PRIORITY[item["priority"]],
                  "answer": None if stored.get("na") else _answer_shown(item, stored.get("value")),
                  "unit": item["answer"]["unit"], "na": L.YES if stored.get("na") else None,
                  "comment": stored.get("comment") or None,
                  "nondisclosure": L.YES if stored.get("nondisclosure") else None,
                  "reason": stored.get("nondisclosure_reason") or None,
                  "evidence": "\n".join(f"{e['ja']}（{'必須' if e['required'] else '任意'}）" for e in item["evidence"]),
                  "threshold": item["threshold"],
                  "status": f'=IF(AND({c["answer"]}{row}="",{c["na"]}{row}<>"{L.YES}"),"未回答","入力済")'}
        for key, value in values.items():
            cell = sheet[f"{c[key]}{row}"]
            if key == "status":
                cell.value = value  # our own formula
            else:
                cells.set_value(cell, value)  # 「=HYPERLINK(…)」 typed by a vendor stays text
            cell.alignment = _WRAP
            if key in L.INPUT_COLUMNS:
                cell.protection, cell.fill = Protection(locked=False), _INPUT
        if item["answer"]["type"] == "date":
            sheet[f"{c['answer']}{row}"].number_format = "yyyy/mm/dd"
        _validation(sheet, item, f"{c['answer']}{row}")
        for key in ("nondisclosure",) + (("na",) if item["answer"]["allow_na"] else ()):
            yes_only.add(f"{c[key]}{row}")
        if not item["answer"]["allow_na"]:
            cell = sheet[f"{c['na']}{row}"]
            cell.protection, cell.fill, cell.value = Protection(locked=True), PatternFill(), "—"
    last = L.FIRST_ROW + len(items) - 1
    if items:
        sheet.conditional_formatting.add(
            f"A{L.FIRST_ROW}:{c['status']}{last}",
            FormulaRule(formula=[f'AND(${c["priority"]}{L.FIRST_ROW}="必須",${c["answer"]}{L.FIRST_ROW}="",'
                                 f'${c["na"]}{L.FIRST_ROW}<>"{L.YES}")'], fill=_MISSING))
    sheet.freeze_panes = f"C{L.FIRST_ROW}"
    sheet.protection.sheet = True  # locked cells stay as sent; only the yellow ones take input
    sheet.protection.formatColumns = False  # widths may still be adjusted


def build(p: Package) -> bytes:
    book = Workbook()
    _cover(book, p)
    used = {L.COVER_SHEET, L.META_SHEET}
    for d in p.domains:
        items = [i for i in p.items if i["domain"] == d["id"]]
        if items:
            _domain_sheet(book, L.sheet_name(d["title"], used), items, p)
    meta = book.create_sheet(L.META_SHEET)
    for row, (key, value) in enumerate((("invitation", p.invitation_id), ("version", p.version_number),
                                        ("signature", p.signature), ("format", "assess-offline-1")), start=1):
        cells.put(meta, row, 1, key)
        cells.put(meta, row, 2, value)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
