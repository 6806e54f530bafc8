"""Importing 委託事業者 from CSV (UTF-8 or Shift_JIS/CP932) and Excel, by the CLI and on the vendors
page: the whole file is checked before anything is stored, problems are named by row and column,
a preview says what would change, each created or changed vendor is audited, and importing the
same file again changes nothing."""

import io
import re

from openpyxl import Workbook
from sqlalchemy import func, select

from assess.audit.models import AuditEvent
from assess.extensions import db
from assess.vendors.corporate_number import check_digit
from assess.vendors.models import Vendor, VendorImport
from tests.helpers import csrf_token, post

HEADER = "商号又は名称,法人番号,担当者名,メールアドレス,所在地"


def number(base: str) -> str:
    return f"{check_digit(base)}{base}"


def wide(digits: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) for c in digits)


GOOD = [
    ("株式会社みどり情報サービス", number("100000000001"), "山田 太郎", "yamada@midori-is.example.jp", "みどり市本町1-1"),
    ("ひかりデータ株式会社", number("100000000002"), "佐藤 花子", "sato@hikari.example.jp", "みどり市栄町2-3"),
    ("有限会社ｶﾅﾃﾞｰﾀ", number("100000000003"), "鈴木 一郎", "suzuki@kana.example.jp", ""),
    # full-width digits with hyphens, as typed by hand into a 庁内 system
    ("株式会社さくらBPO", "-".join(wide(number("100000000004"))[i:i + 4] for i in (0, 4, 8, 12)),
     "高橋 次郎", "takahashi@sakura.example.jp", ""),
]


def csv_bytes(rows, encoding="cp932", header=HEADER) -> bytes:
    lines = [header] + [",".join(r) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def bad_file() -> bytes:
    """The four good rows with three bad ones among them (rows 3, 5 and 7 of the file)."""
    good = list(GOOD)
    rows = [good[0],
            ("誤り株式会社", "1234567890123", "田中", "tanaka@x.example.jp", ""),  # check digit
            good[1],
            ("", number("100000000009"), "木村", "kimura@x.example.jp", ""),  # no name
            good[2],
            ("メール不備株式会社", number("100000000010"), "森", "mori-at-example", ""),  # e-mail
            good[3]]
    return csv_bytes(rows)


def counts(app) -> tuple[int, int]:
    with app.app_context():
        return (db.session.scalar(select(func.count()).select_from(Vendor)),
                db.session.scalar(select(func.count()).select_from(AuditEvent)
                                  .where(AuditEvent.action.like("vendor.%"))))


def test_a_cp932_file_with_three_bad_rows_stores_nothing_and_names_them(app, runner, tmp_path):
    path = tmp_path / "事業者一覧.csv"
    path.write_bytes(bad_file())
    result = runner.invoke(["vendor", "import", str(path)])
    assert result.exit_code == 1
    out = result.output
    assert "3件の誤りがあります（3、5、7行目）。何も保存していません。" in out
    assert "3行目 B列（法人番号）: 法人番号 1234567890123 のチェックデジットが一致しません" in out
    assert "5行目 A列（商号又は名称）: 事業者名が空です。" in out
    assert "7行目 D列（メールアドレス）: メールアドレスの形式が正しくありません（「mori-at-example」）。" in out
    assert counts(app) == (0, 0)


def test_a_good_file_imports_and_the_same_file_again_changes_nothing(app, runner, tmp_path):
    path = tmp_path / "事業者一覧.csv"
    path.write_bytes(csv_bytes(GOOD))
    first = runner.invoke(["vendor", "import", str(path)])
    assert first.exit_code == 0, first.output
    assert "追加 4件、変更 0件、変更なし 0件" in first.output
    assert counts(app) == (4, 4)
    with app.app_context():
        kana = db.session.scalar(select(Vendor).where(Vendor.name.like("有限会社%")))
        assert kana.name == "有限会社ｶﾅﾃﾞｰﾀ"  # names kept as the city's system wrote them
        assert all(len(v.corporate_number) == 13 for v in db.session.scalars(select(Vendor)))
    second = runner.invoke(["vendor", "import", str(path)])
    assert second.exit_code == 0
    assert "追加 0件、変更 0件、変更なし 4件" in second.output
    assert counts(app) == (4, 4)  # no vendor and no audit event more


def test_a_changed_row_updates_that_vendor_with_before_and_after(app, runner, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes(GOOD))
    runner.invoke(["vendor", "import", str(path)])
    changed = [GOOD[0][:2] + ("中村 三郎", "nakamura@midori-is.example.jp", ""), *GOOD[1:]]
    path.write_bytes(csv_bytes(changed))
    dry = runner.invoke(["vendor", "import", str(path), "--dry-run"])
    assert "担当者名: 山田 太郎 → 中村 三郎" in dry.output and "保存していません" in dry.output
    assert counts(app) == (4, 4)
    result = runner.invoke(["vendor", "import", str(path)])
    assert "追加 0件、変更 1件、変更なし 3件" in result.output
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert event.action == "vendor.update"
        assert "山田 太郎" in event.data and "中村 三郎" in event.data and "list.csv" in event.data


def test_utf8_with_bom_and_excel_with_a_title_row_are_read(app, runner, tmp_path):
    bom = tmp_path / "utf8.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + csv_bytes(GOOD[:2], "utf-8"))
    assert "追加 2件" in runner.invoke(["vendor", "import", str(bom)]).output
    book = Workbook()
    sheet = book.active
    sheet.append(["入札参加資格者名簿（令和8年度）"])
    sheet.append([])
    sheet.append(["事業者名", "法人番号", "担当者", "E-mail"])
    sheet.append([GOOD[2][0], int(GOOD[2][1]), GOOD[2][2], GOOD[2][3]])  # the number as a number
    sheet.append([GOOD[3][0], "", GOOD[3][2], GOOD[3][3]])
    buffer = io.BytesIO()
    book.save(buffer)
    xlsx = tmp_path / "meibo.xlsx"
    xlsx.write_bytes(buffer.getvalue())
    result = runner.invoke(["vendor", "import", str(xlsx)])
    assert "5行目 B列（法人番号）: 法人番号が空です。" in result.output
    sheet.cell(5, 2).value = GOOD[3][1]
    buffer = io.BytesIO()
    book.save(buffer)
    xlsx.write_bytes(buffer.getvalue())
    assert "追加 2件" in runner.invoke(["vendor", "import", str(xlsx)]).output
    assert counts(app) == (4, 4)


def test_files_that_cannot_be_read_say_why(runner, tmp_path):
    cases = {
        "old.xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "Excel 97-2003 形式（.xls）は読めません"),
        "noheader.csv": (csv_bytes(GOOD, header="a,b,c,d,e"), "見出しの行が見つかりません"),
        "binary.csv": (bytes(range(128, 256)) * 4, "文字コードを判別できません"),
        "dup.csv": (csv_bytes([GOOD[0], GOOD[1], GOOD[0]]), "4行目 B列（法人番号）: 法人番号 "),
    }
    for name, (data, said) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        result = runner.invoke(["vendor", "import", str(path)])
        assert result.exit_code == 1 and said in result.output, (name, result.output)
    assert "2行目と重複しています" in result.output


def _upload(client, data: bytes, filename: str):
    return client.post("/vendors/import", data={"csrf_token": csrf_token(client),
                                                "file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def test_on_the_vendors_page_bad_rows_are_listed_and_nothing_kept(app, client, make_user, login):
    login(make_user("staff"))
    response = _upload(client, bad_file(), "事業者一覧.csv")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "3件の誤りがあります（3、5、7行目）。何も保存していません。" in html
    assert "3行目 B列（法人番号）" in html and 'role="alert"' in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(VendorImport)) == 0
    assert counts(app) == (0, 0)


def test_on_the_vendors_page_upload_preview_confirm_and_again(app, client, make_user, login):
    login(make_user("staff"))
    response = _upload(client, csv_bytes(GOOD), "事業者一覧.csv")
    assert response.status_code == 302
    preview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "追加 4件、変更 0件、変更なし 0件。まだ保存していません。" in preview
    assert "株式会社みどり情報サービス" in preview
    assert counts(app) == (0, 0)
    done = post(client, response.headers["Location"], {"action": "confirm"}, follow_redirects=True)
    assert "追加 4件、変更 0件、変更なし 0件" in done.get_data(as_text=True)
    assert counts(app) == (4, 4)

    again = _upload(client, csv_bytes(GOOD), "事業者一覧.csv")
    preview = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "追加 0件、変更 0件、変更なし 4件" in preview
    assert "取り込んでも何も変わりません" in preview
    post(client, again.headers["Location"], {"action": "confirm"})
    assert counts(app) == (4, 4)


def test_a_preview_belongs_to_its_uploader_and_auditors_cannot_import(app, make_user):
    from tests.helpers import PASSWORD

    uploader, other, auditor = app.test_client(), app.test_client(), app.test_client()
    for c, role in ((uploader, "staff"), (other, "staff"), (auditor, "auditor")):
        post(c, "/login", {"email": make_user(role), "password": PASSWORD})
    location = _upload(uploader, csv_bytes(GOOD), "a.csv").headers["Location"]
    assert re.fullmatch(r"/vendors/import/\d+", location)
    assert other.get(location).status_code == 404
    assert post(other, location, {"action": "confirm"}).status_code == 404
    assert _upload(auditor, csv_bytes(GOOD), "a.csv").status_code == 403
    assert "一覧から取り込む" not in auditor.get("/vendors/").get_data(as_text=True)
    post(uploader, location, {"action": "cancel"})
    assert counts(app) == (0, 0)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(VendorImport)) == 0
