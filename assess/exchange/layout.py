"""Where things are in the workbook: one place for the builder and the reader to agree on."""

import hashlib
import hmac
import json

META_SHEET = "_署名"
COVER_SHEET = "表紙"
FIRST_ROW = 5  # rows 1–3: sheet title and notes; row 4: column headings
COLUMNS = {"id": "A", "question": "B", "priority": "C", "answer": "D", "unit": "E", "na": "F",
           "comment": "G", "nondisclosure": "H", "reason": "I", "evidence": "J", "threshold": "K", "status": "L"}
HEADINGS = {"id": "要件ID", "question": "質問", "priority": "優先度", "answer": "回答", "unit": "単位",
            "na": "該当なし", "comment": "補足・説明", "nondisclosure": "非開示希望", "reason": "非開示の理由",
            "evidence": "提出する証跡（フォルダ名＝要件ID）", "threshold": "求める水準", "status": "入力状況"}
WIDTHS = {"id": 10, "question": 60, "priority": 8, "answer": 18, "unit": 6, "na": 9, "comment": 40,
          "nondisclosure": 10, "reason": 28, "evidence": 40, "threshold": 18, "status": 10}
INPUT_COLUMNS = ("answer", "na", "comment", "nondisclosure", "reason")
YES, NO, NA_MARK = "はい", "いいえ", "該当なし"
INVALID_SHEET_CHARS = '[]:*?/\\'


def sheet_name(title: str, used: set[str]) -> str:
    """An Excel sheet name (≤ 31 characters, none of []:*?/\\), unique in the book."""
    name = "".join("・" if ch in INVALID_SHEET_CHARS else ch for ch in title)[:31] or "分野"
    base, n = name, 2
    while name in used:
        name = f"{base[:28]}({n})"
        n += 1
    used.add(name)
    return name


def signature(secret: str, invitation_id: int, version_number: int, items: list[dict]) -> str:
    """HMAC over what the vendor is asked: ids, question texts, answer types and options."""
    asked = [[i["id"], i["question"], i["answer"]["type"], [o["value"] for o in i["answer"]["options"]]]
             for i in items]
    body = json.dumps([invitation_id, version_number, asked], ensure_ascii=False, separators=(",", ":"))
    return hmac.new(secret.encode(), body.encode(), hashlib.sha256).hexdigest()
