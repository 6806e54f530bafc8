"""The offline package: a signed workbook filled in with openpyxl as a vendor would, imported
with cell-level errors and nothing stored until everything is valid; ZIPs with evidence
folders; LibreOffice opens the workbook."""

import io
import shutil
import subprocess
import zipfile

import openpyxl
import pytest
from sqlalchemy import func, select

from assess.extensions import db
from assess.models import Answer, Evidence, Invitation
from tests import factories, samples
from tests.helpers import csrf_token

SHEET_GOV, SHEET_NET = "情報管理体制", "通信環境"


@pytest.fixture
def two(app):
    with app.app_context():
        project = factories.project()
        first, second = factories.invite(project), factories.invite(project)
        db.session.commit()
    return first, second


def export(runner, invitation_id, tmp_path) -> openpyxl.Workbook:
    out = tmp_path / f"package-{invitation_id}.xlsx"
    assert runner.invoke(["export-package", str(invitation_id), "-o", str(out)]).exit_code == 0
    return openpyxl.load_workbook(out)


def fill_good(book):
    book[SHEET_GOV]["D5"] = 400  # GOV-01 日
    book[SHEET_GOV]["D6"] = "はい"  # GOV-02
    book[SHEET_GOV]["G6"] = "規程は別添のとおり <&>"
    book[SHEET_NET]["D5"] = "LGWAN接続系"  # NET-01


def save(book, tmp_path, name="answer.xlsx"):
    path = tmp_path / name
    book.save(path)
    return path


def run_import(runner, invitation_id, path, *extra):
    return runner.invoke(["import-package", str(invitation_id), str(path), *extra])


def stored(app, invitation_id):
    with app.app_context():
        return {a.control_id: (a.value, a.comment) for a in db.session.scalars(
            select(Answer).where(Answer.invitation_id == invitation_id))}


def test_the_workbook_is_locked_but_for_answers_and_carries_dropdowns(runner, two, tmp_path):
    book = export(runner, two[0].invitation_id, tmp_path)
    assert book.sheetnames[:3] == ["表紙", SHEET_GOV, SHEET_NET] and book["_署名"].sheet_state == "hidden"
    sheet = book[SHEET_GOV]
    assert sheet.protection.sheet and sheet["B5"].protection.locked and not sheet["D5"].protection.locked
    assert sheet["A5"].value == "GOV-01" and sheet["B5"].value == "アクセスログを何日間保管できますか。"
    lists = {str(dv.sqref): dv.formula1 for dv in sheet.data_validations.dataValidation}
    net = {str(dv.sqref): dv.formula1 for dv in book[SHEET_NET].data_validations.dataValidation}
    assert lists["D6"] == '"はい,いいえ"' and net["D5"] == '"LGWAN接続系,インターネット接続系"'
    assert sheet.conditional_formatting  # 必須 rows left blank are marked
    assert "未回答" in sheet["L5"].value  # and said in words


def test_a_good_package_stores_what_the_web_form_would(app, runner, two, tmp_path):
    first, second = two
    book = export(runner, first.invitation_id, tmp_path)
    fill_good(book)
    result = run_import(runner, first.invitation_id, save(book, tmp_path))
    assert result.exit_code == 0, result.output
    assert "取り込みました: 回答 3件、証跡 0件（提出済み）" in result.output
    web = app.test_client()
    web.post(f"/q/{second.token}", data={"a-GOV-01": "400", "a-GOV-02": "yes", "a-NET-01": "lgwan",
                                         "c-GOV-02": "規程は別添のとおり <&>", "action": "submit",
                                         "csrf_token": csrf_token(web)})
    assert stored(app, first.invitation_id) == stored(app, second.invitation_id)
    with app.app_context():
        assert db.session.get(Invitation, first.invitation_id).state == "submitted"


def test_every_bad_cell_is_reported_and_nothing_is_stored(app, runner, two, tmp_path):
    book = export(runner, two[0].invitation_id, tmp_path)
    fill_good(book)
    book[SHEET_GOV]["D5"] = "一年"  # a number cell with text
    book[SHEET_GOV]["D6"] = "Yes"  # a dropdown bypassed by pasting
    book[SHEET_NET]["D5"] = "閉域網"  # not one of the options
    book[SHEET_GOV]["H6"] = "はい"  # 非開示希望 without a reason
    result = run_import(runner, two[0].invitation_id, save(book, tmp_path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "情報管理体制!D5: 数値を入力してください（入力: 「一年」）。",
        "情報管理体制!D6: 「はい」か「いいえ」を選んでください（入力: 「Yes」）。",
        "情報管理体制!I6: 非開示を希望する理由を入力してください。",
        "通信環境!D5: 一覧から選んでください（選べるのは LGWAN接続系・インターネット接続系、入力: 「閉域網」）。",
        "4件の問題があるため、何も取り込んでいません。",
    ]
    assert stored(app, two[0].invitation_id) == {}


def test_a_missing_answer_is_named_by_cell(app, runner, two, tmp_path):
    book = export(runner, two[0].invitation_id, tmp_path)
    fill_good(book)
    book[SHEET_NET]["D5"] = None
    result = run_import(runner, two[0].invitation_id, save(book, tmp_path))
    assert "通信環境!D5: NET-01: 未回答です。" in result.stderr and stored(app, two[0].invitation_id) == {}


@pytest.mark.parametrize(("edit", "message"), [
    (lambda b: b[SHEET_GOV].delete_rows(6), "GOV-02 の行がありません（行を削除しないでください）。"),
    (lambda b: b[SHEET_GOV].__setitem__("B5", "アクセスログを保管していますか。"),
     "情報管理体制!B5: GOV-01 の質問文が変更されています。質問文は変更しないでください。"),
    (lambda b: b["_署名"].__setitem__("B3", "0" * 64), "署名が一致しません"),
])
def test_an_edited_question_set_is_refused(app, runner, two, tmp_path, edit, message):
    book = export(runner, two[0].invitation_id, tmp_path)
    fill_good(book)
    edit(book)
    result = run_import(runner, two[0].invitation_id, save(book, tmp_path))
    assert result.exit_code == 1 and message in result.stderr
    assert stored(app, two[0].invitation_id) == {}


def test_a_package_for_another_invitation_is_refused(app, runner, two, tmp_path):
    book = export(runner, two[1].invitation_id, tmp_path)
    fill_good(book)
    result = run_import(runner, two[0].invitation_id, save(book, tmp_path))
    assert "別の事業者または別の案件あてのブックです" in result.stderr


def test_an_older_version_is_refused(app, runner, two, tmp_path, make_user):
    book = export(runner, two[0].invitation_id, tmp_path)
    fill_good(book)
    with app.app_context():
        from assess.audit.services import Actor
        from assess.projects import services as projects
        from assess.questionnaires import services as questionnaires
        project = db.session.get(Invitation, two[0].invitation_id).project
        projects.set_priority_and_params(db.session, Actor.cli("t"), project, "GOV-01", "must",
                                         {"log_retention_days": "730"})
        questionnaires.publish_change(db.session, Actor.cli("t"), project, "保管日数を730日に変更")
        db.session.commit()
    result = run_import(runner, two[0].invitation_id, save(book, tmp_path))
    assert "古い版（第1版）の質問票です" in result.stderr


def _zip(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return out.getvalue()


# Windows' 「送る → 圧縮フォルダー」 and many tools store without compression: the workbook's
# own member names then show through the outer ZIP's bytes, and it is still a package.
@pytest.mark.parametrize("compression", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED], ids=["deflated", "stored"])
def test_a_zip_with_the_workbook_and_evidence_folders(app, runner, two, tmp_path, compression):
    book = export(runner, two[0].invitation_id, tmp_path)
    fill_good(book)
    path = save(book, tmp_path)
    package = tmp_path / "package.zip"
    package.write_bytes(_zip({"answer.xlsx": path.read_bytes(), "GOV-01/ログ管理規程.pdf": samples.pdf()}, compression))
    result = run_import(runner, two[0].invitation_id, package)
    assert result.exit_code == 0 and "証跡 1件" in result.output
    with app.app_context():
        assert db.session.scalar(select(Evidence.display_name)) == "ログ管理規程.pdf"


@pytest.mark.parametrize(("entries", "message"), [
    ({"../../etc/passwd": b"x"}, "フォルダの外を指す名前のファイルは受け付けません"),
    ({"GOV-01/bomb.txt": b"\x00" * (300 * 1024 * 1024)}, "ZIP爆弾の疑い"),
    ({"GOV-01/run.pdf": samples.executable()}, "ZIP: GOV-01/run.pdf: このファイル形式は受け付けていません"),
    ({"unknown/a.pdf": b"%PDF"}, "要件IDと同じ名前のフォルダ"),
])
def test_hostile_evidence_zips_are_refused_whole(app, runner, two, tmp_path, entries, message):
    book = export(runner, two[0].invitation_id, tmp_path)
    fill_good(book)
    evidence = tmp_path / "evidence.zip"
    evidence.write_bytes(_zip(entries))
    result = run_import(runner, two[0].invitation_id, save(book, tmp_path), "--evidence", str(evidence))
    assert result.exit_code == 1 and message in result.stderr
    assert stored(app, two[0].invitation_id) == {}
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Evidence)) == 0


def test_round_trip_updates_only_what_changed(app, runner, two, tmp_path):
    book = export(runner, two[0].invitation_id, tmp_path)
    fill_good(book)
    run_import(runner, two[0].invitation_id, save(book, tmp_path))
    with app.app_context():
        inv = db.session.get(Invitation, two[0].invitation_id)
        inv.state = "returned"  # staff returned GOV-01 (the web return, in short)
        from assess.questionnaires.models import ItemReturn
        from assess.util.clock import utcnow
        inv.returns.append(ItemReturn(control_id="GOV-01", comment="再確認", returned_at=utcnow(), returned_by="t"))
        db.session.commit()
    again = export(runner, two[0].invitation_id, tmp_path)
    assert again[SHEET_GOV]["D5"].value == 400  # the workbook carries the current answers
    again[SHEET_GOV]["D5"] = 730
    result = run_import(runner, two[0].invitation_id, save(again, tmp_path, "again.xlsx"))
    assert result.exit_code == 0 and "回答 1件" in result.output
    again[SHEET_GOV]["D6"] = "いいえ"  # not returned: may not change
    refused = run_import(runner, two[0].invitation_id, save(again, tmp_path, "again2.xlsx"))
    assert "GOV-02 は現在変更できません" in refused.stderr


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is installed by make test")
def test_libreoffice_opens_the_workbook(runner, two, tmp_path):
    out = tmp_path / "package.xlsx"
    runner.invoke(["export-package", str(two[0].invitation_id), "-o", str(out)])
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(out)], check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", str(tmp_path / "package.pdf"), "-"], capture_output=True, text=True).stdout
    assert "情報セキュリティ質問票" in text


def test_comparison_exports_as_a_workbook(app, two, make_user):
    from tests.helpers import PASSWORD, post
    staff = app.test_client()
    post(staff, "/login", {"email": make_user("staff", department="shiminzei"), "password": PASSWORD})
    with staff.get(f"/projects/{two[0].project_id}/comparison.xlsx") as response:
        book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["比較", "必須要件の不適合", "指摘一覧"]
    assert book["比較"]["A2"].value == "順位" and book["比較"]["B3"].value.startswith("テスト事業者")
