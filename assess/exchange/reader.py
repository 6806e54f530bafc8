"""Reading a returned workbook (pure): check the signature and the question set, then every
answer cell, and report problems by sheet and cell (`通信環境!D14: 数値を入力してください`).
Nothing is returned to store unless the whole workbook is valid.

The workbook is the vendor's file, so reading it is bounded: every ZIP member is checked first
(`zipcheck`: encryption, compression method, CRC, DOCTYPE, well-formed XML), then openpyxl reads
in read-only mode, only the columns we wrote and only as many rows as there are questions (a value
in row 1,048,576 once made the reader create a million cells per sheet)."""

import io
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

from assess.evidence import zipcheck
from assess.evidence.sniff import Refused, sniff
from assess.exchange import layout as L
from assess.questionnaires import answers
from assess.questionnaires.answers import Entry, parse_number

MAX_UNPACKED = 64 * 1024 * 1024  # 150 questions with 10,000-character answers unpack to ~15 MB
MAX_SHEETS = 100
ROW_SLACK = 100  # rows read beyond the questions (the sheet's title and notes are above them)
_INDEX = {key: column_index_from_string(letter) - 1 for key, letter in L.COLUMNS.items()}
_WIDTH = max(_INDEX.values()) + 1


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class Expected:
    invitation_id: int
    version_number: int
    items: list[dict]
    secret: str


def _text(value) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip() if value is not None else ""


def _meta(book) -> dict:
    if L.META_SHEET not in book.sheetnames:
        raise ValueError
    rows = book[L.META_SHEET].iter_rows(min_row=1, max_row=9, max_col=2, values_only=True)
    return {_text(row[0]): row[1] for row in rows if len(row) == 2}


def _cells(sheet, rows: int) -> list[tuple]:
    """The first `rows` rows of the columns we wrote, as values; short rows padded."""
    out = []
    for row in sheet.iter_rows(min_row=1, max_row=rows, max_col=_WIDTH, values_only=True):
        out.append(tuple(row) + (None,) * (_WIDTH - len(row)))
    return out


def _get(values: list[tuple], row: int, key: str):
    return values[row - 1][_INDEX[key]] if row <= len(values) else None


def _check_meta(meta: dict, expected: Expected) -> list[Problem]:
    try:
        invitation, version = int(meta.get("invitation")), int(meta.get("version"))
    except (TypeError, ValueError):
        return [Problem(L.META_SHEET, "署名の情報が壊れています。受け取ったブックをそのまま使ってください。")]
    signed = L.signature(expected.secret, invitation, version, expected.items)
    if invitation != expected.invitation_id:
        return [Problem(L.META_SHEET, f"別の事業者または別の案件あてのブックです（招待番号 {invitation}）。"
                                      "この事業者あてに発行したブックで回答してください。")]
    if version != expected.version_number:
        return [Problem(L.META_SHEET, f"古い版（第{version}版）の質問票です。最新（第{expected.version_number}版）の"
                                      "ブックを発行し直して回答してください。")]
    if _text(meta.get("signature")) != signed:
        return [Problem(L.META_SHEET, "署名が一致しません。このシステムが発行したブックではないか、質問の内容が変更されています。")]
    return []


def _rows(book, expected: Expected) -> tuple[dict[str, tuple[str, int]], dict[str, list[tuple]], list[Problem]]:
    """Where each requirement's row is, the values of each sheet, and problems with the question
    set itself. Rows below the last question (plus some slack) are never read."""
    found: dict[str, tuple[str, int]] = {}
    problems: list[Problem] = []
    by_id = {i["id"]: i for i in expected.items}
    sheets: dict[str, list[tuple]] = {}
    for name in book.sheetnames:
        if name in (L.COVER_SHEET, L.META_SHEET):
            continue
        values = sheets[name] = _cells(book[name], L.FIRST_ROW + len(expected.items) + ROW_SLACK)
        for row in range(L.FIRST_ROW, len(values) + 1):
            cid = _text(_get(values, row, "id"))
            if not cid:
                continue
            if cid not in by_id:
                problems.append(Problem(f"{name}!{L.COLUMNS['id']}{row}", f"質問票にない要件ID「{cid}」です。行を追加しないでください。"))
                continue
            if cid in found:
                problems.append(Problem(f"{name}!{L.COLUMNS['id']}{row}", f"要件ID「{cid}」の行が重複しています。"))
                continue
            found[cid] = (name, row)
            question = _get(values, row, "question") or ""
            if str(question).strip() != by_id[cid]["question"].strip():
                problems.append(Problem(f"{name}!{L.COLUMNS['question']}{row}",
                                        f"{cid} の質問文が変更されています。質問文は変更しないでください。"))
    for cid in by_id:
        if cid not in found:
            problems.append(Problem(L.COVER_SHEET, f"{cid} の行がありません（行を削除しないでください）。"))
    return found, sheets, problems


def _answer(item: dict, value) -> tuple[str | None, str | None]:
    """(stored value, problem) for one answer cell."""
    kind = item["answer"]["type"]
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if kind == "yes_no":
        text = _text(value)
        mapped = {L.YES: "yes", L.NO: "no"}.get(text)
        return (mapped, None) if mapped else (None, f"「{L.YES}」か「{L.NO}」を選んでください（入力: 「{text}」）。")
    if kind == "choice":
        text = _text(value)
        mapped = next((o["value"] for o in item["answer"]["options"] if _text(o["ja"]) == text), None)
        labels = "・".join(o["ja"] for o in item["answer"]["options"])
        return (mapped, None) if mapped else (None, f"一覧から選んでください（選べるのは {labels}、入力: 「{text}」）。")
    if kind == "number":
        if isinstance(value, bool):
            return None, "数値を入力してください。"
        if isinstance(value, int | float):
            if value < 0:
                return None, f"0以上の数値を入力してください（入力: {value}）。"
            return (str(int(value)) if float(value).is_integer() else str(value)), None
        text = _text(value)
        return (text, None) if parse_number(text) is not None else (None, f"数値を入力してください（入力: 「{text}」）。")
    if kind == "date":
        if isinstance(value, datetime):
            return value.date().isoformat(), None
        if isinstance(value, date):
            return value.isoformat(), None
        text = _text(value).replace("/", "-")
        try:
            return date.fromisoformat(text).isoformat(), None
        except ValueError:
            return None, f"日付を入力してください（例: 2027/3/31、入力: 「{_text(value)}」）。"
    return str(value), None


def _flag(value, where: str, label: str) -> tuple[bool, Problem | None]:
    text = _text(value)
    if text in ("", "—"):
        return False, None
    if text == L.YES:
        return True, None
    return False, Problem(where, f"{label}は「{L.YES}」を選ぶか空欄にしてください（入力: 「{text}」）。")


def _entry(values: list[tuple], name: str, row: int, item: dict) -> tuple[Entry, list[Problem]]:
    c, problems = L.COLUMNS, []
    value, problem = _answer(item, _get(values, row, "answer"))
    if problem:
        problems.append(Problem(f"{name}!{c['answer']}{row}", problem))
    na, p1 = _flag(_get(values, row, "na"), f"{name}!{c['na']}{row}", "該当なし")
    secret, p2 = _flag(_get(values, row, "nondisclosure"), f"{name}!{c['nondisclosure']}{row}", "非開示希望")
    problems += [p for p in (p1, p2) if p]
    if na and not item["answer"]["allow_na"]:
        problems.append(Problem(f"{name}!{c['na']}{row}", "この項目は「該当なし」を選べません。"))
    reason = _text(_get(values, row, "reason"))
    if secret and not reason:
        problems.append(Problem(f"{name}!{c['reason']}{row}", "非開示を希望する理由を入力してください。"))
    comment = _get(values, row, "comment")
    return Entry(value=value, na=na, comment="" if comment is None else str(comment), nondisclosure=secret,
                 nondisclosure_reason=reason), problems


def _broken(e: zipcheck.Broken) -> Problem:
    return Problem("ブック", f"ブックが壊れています（{e.part}: {e.reason}）。Excelで開いて保存し直したブックを"
                          "取り込んでください。直らない場合は、ブックを発行し直して回答を入力し直してください。")


def read(data: bytes, expected: Expected) -> tuple[dict[str, Entry], list[Problem], dict[str, str]]:
    """(entries, problems, where): `where` gives each requirement's answer cell, e.g. 通信環境!D14."""
    unreadable = [Problem("ブック", "このシステムが発行した回答用のExcelブック（.xlsx）として読めません。")]
    try:
        zipcheck.check_all(data, MAX_UNPACKED)  # every member readable, no DOCTYPE, before openpyxl
        if sniff(data).kind != "xlsx":  # also refuses ZIP bombs and macros
            raise ValueError
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except zipcheck.Broken as e:
        return {}, [_broken(e)], {}
    except Refused as e:
        return {}, [Problem("ブック", str(e))], {}
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError):
        return {}, unreadable, {}
    try:
        return _read_book(book, expected)
    except (KeyError, OSError, ValueError, TypeError, SyntaxError):  # parts that parse but make no workbook
        return {}, unreadable, {}
    finally:
        book.close()


def _read_book(book, expected: Expected) -> tuple[dict[str, Entry], list[Problem], dict[str, str]]:
    if len(book.sheetnames) > MAX_SHEETS:
        return {}, [Problem("ブック", f"シートが多すぎます（{len(book.sheetnames)}枚）。受け取ったブックをそのまま使ってください。")], {}
    problems = _check_meta(_meta(book), expected)
    if problems:
        return {}, problems, {}
    rows, sheets, problems = _rows(book, expected)
    entries = {}
    by_id = {i["id"]: i for i in expected.items}
    for cid, (name, row) in rows.items():
        entries[cid], found = _entry(sheets[name], name, row, by_id[cid])
        problems += found
    total = sum(answers.text_size(e.value, e.comment, e.nondisclosure_reason) for e in entries.values())
    if total > answers.MAX_INVITATION_TEXT:
        problems.append(Problem("ブック", f"回答全体の文字数が上限（{answers.MAX_INVITATION_TEXT:,}文字）を超えています"
                                        f"（{total:,}文字）。長い説明は短くするか、資料として証跡に添付してください。"))
    where = {cid: f"{name}!{L.COLUMNS['answer']}{row}" for cid, (name, row) in rows.items()}
    return ({} if problems else entries), problems, where
