"""The comparison and gap lists as an Excel workbook for the 審査委員会 (pure)."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from assess.exchange import cells

_HEAD = PatternFill("solid", fgColor="DDE7F3")


def _sheet(book: Workbook, title: str, headings: list[str], rows: list[list], widths: list[int], first=False):
    sheet = book.active if first else book.create_sheet()
    sheet.title = title
    for column, heading in enumerate(headings, start=1):
        cell = cells.put(sheet, 1, column, heading)
        cell.font, cell.fill = Font(bold=True), _HEAD
    for r, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            cells.put(sheet, r, column, value)  # vendor names, reasons: text, never a formula
    for n, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(1, n).column_letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"


def build(project: str, domains: list[dict], candidates: list[dict]) -> bytes:
    """candidates: [{rank, vendor, state, overall, points, verdict, domains: {id: score},
    findings: [{id, title, priority, status, reason, must_gap}]}] in rank order; rank and verdict
    already in words (「1位」「順位なし（失格）」, 「通過」), as the comparison page shows them."""
    book = Workbook()
    titles = [d["title"] for d in domains]
    _sheet(book, "比較", ["順位", "事業者", "状態", "総合点", "評価点", "判定", *titles],
           [[c["rank"], c["vendor"], c["state"], c["overall"], c["points"], c["verdict"],
             *[c["domains"].get(d["id"]) for d in domains]] for c in candidates],
           [16, 30, 10, 10, 10, 28, *[14] * len(titles)], first=True)
    _sheet(book, "必須要件の不適合", ["事業者", "要件", "判定", "理由"],
           [[c["vendor"], f"{f['id']} {f['title']}", f["status"], f["reason"]] for c in candidates
            for f in c["findings"] if f["priority"] == "必須" and f["must_gap"]], [30, 40, 12, 60])
    _sheet(book, "指摘一覧", ["事業者", "要件", "優先度", "判定", "理由"],
           [[c["vendor"], f"{f['id']} {f['title']}", f["priority"], f["status"], f["reason"]] for c in candidates
            for f in c["findings"]], [30, 40, 10, 12, 60])
    book["比較"].insert_rows(1)
    cells.put(book["比較"], 1, 1, f"{project} 候補の比較")
    book["比較"]["A1"].font = Font(size=13, bold=True)
    book["比較"].freeze_panes = "A3"  # the title and the headings stay in view
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
