"""The upload pipeline through the vendor page: hostile files are refused with the detected type
and leave nothing on disk or in the database; good ones are stored once, by content."""

import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from assess.extensions import db
from assess.models import Evidence, StoredFile
from tests import factories, samples
from tests.helpers import csrf_token


@pytest.fixture
def vendor_link(app):
    with app.app_context():
        invited = factories.invite(factories.project())
        db.session.commit()
    return f"/q/{invited.token}"


def send(client, link, name, data, **extra):
    form = {"a-GOV-01": "400", "action": "save", "csrf_token": csrf_token(client),
            "fk-GOV-01": "document", "f-GOV-01": (io.BytesIO(data), name), **extra}
    return client.post(link, data=form, content_type="multipart/form-data", follow_redirects=True)


def files_on_disk(app) -> list[Path]:
    root = Path(app.config["EVIDENCE_DIR"])
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def counts(app):
    with app.app_context():
        return (db.session.scalar(select(func.count()).select_from(Evidence)),
                db.session.scalar(select(func.count()).select_from(StoredFile)))


HOSTILE = {
    "executable renamed .pdf": ("請求書.pdf", samples.executable, "検出された形式: application/x-executable（.elf）"),
    "HTML renamed .png": ("図.png", lambda: b"<!DOCTYPE html><html><body>x</body></html>", "検出された形式: HTML"),
    "SVG with script": ("構成図.svg", lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "検出された形式: SVG画像"),
    "zip bomb named .docx": ("規程.docx", samples.zip_bomb_docx, "ZIP爆弾の疑い"),
    "decompression-bomb PNG": ("写真.png", samples.png_bomb, "展開爆弾の疑い"),
    "truncated JPEG": ("写真.jpg", lambda: samples.jpeg_with_exif((400, 300))[:300], "画像が壊れているか、途中までしかありません"),
    "0-byte file": ("空.pdf", lambda: b"", "空のファイル（0バイト）です。"),
    "polyglot PDF/HTML": ("証明書.pdf", samples.polyglot_pdf_html, "PDFの中にHTMLやスクリプトが含まれています"),
    "plain ZIP": ("資料.zip", lambda: _zip(), "Word・Excel以外のZIPは提出できません"),
}


def _zip() -> bytes:
    import zipfile
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("a.txt", "x")
    return out.getvalue()


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_hostile_files_are_refused_and_leave_nothing(app, client, vendor_link, case):
    name, make, message = HOSTILE[case]
    html = send(client, vendor_link, name, make()).get_data(as_text=True)
    assert "次のファイルは受け付けられませんでした" in html
    assert f"{name}: " in html and message in html
    assert counts(app) == (0, 0)
    assert files_on_disk(app) == []
    assert 'value="400"' in html  # the answer sent with it was kept


def test_a_file_over_the_limit_is_refused_by_size(app, client, vendor_link, monkeypatch):
    monkeypatch.setitem(app.config, "EVIDENCE_MAX_BYTES", 2000)
    data = samples.pdf() + b"%" * (5120 - len(samples.pdf()))
    html = send(client, vendor_link, "大きい.pdf", data).get_data(as_text=True)
    assert "大きい.pdf: ファイルが大きすぎます（上限 2KB、このファイル 5KB）。" in html
    assert counts(app) == (0, 0) and files_on_disk(app) == []


def test_a_request_over_the_total_limit_gets_a_japanese_413(app, client, vendor_link, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 10_000)
    response = send(client, vendor_link, "巨大.pdf", b"%PDF-1.4" + b"0" * 20_000)
    assert response.status_code == 413
    assert "ファイルが大きすぎます" in response.get_data(as_text=True)
    assert counts(app) == (0, 0)


def test_names_are_for_display_only(app, client, vendor_link):
    send(client, vendor_link, "../../etc/passwd.pdf", samples.pdf())
    send(client, vendor_link, "報告書\x00\x1b[31m\u202e.pdf", samples.pdf(pages=2))
    with app.app_context():
        names = db.session.scalars(select(Evidence.display_name).order_by(Evidence.id)).all()
    assert names == ["passwd.pdf", "報告書[31m.pdf"]
    root = Path(app.config["EVIDENCE_DIR"]).resolve()
    assert all(root in p.resolve().parents for p in files_on_disk(app))
    assert not any(".upload-" in p.name for p in files_on_disk(app))


def test_the_same_file_twice_is_stored_once(app, client, vendor_link):
    data = samples.pdf()
    send(client, vendor_link, "a.pdf", data)
    send(client, vendor_link, "b.pdf", data)
    assert counts(app) == (2, 1)
    originals = [p for p in files_on_disk(app) if "thumbs" not in p.parts]
    assert len(originals) == 1 and originals[0].read_bytes() == data


def test_photos_get_our_own_thumbnail_without_metadata(app, client, vendor_link):
    html = send(client, vendor_link, "入口.jpg", samples.jpeg_with_exif()).get_data(as_text=True)
    assert "JPEG画像 48×64" in html  # EXIF orientation applied
    assert "撮影 令和8年10月1日 10:30（TestCam Model 1）" in html
    with app.app_context():
        evidence_id = db.session.scalar(select(Evidence.id))
    with client.get(f"{vendor_link}/evidence/{evidence_id}/thumb") as thumb:
        assert thumb.mimetype == "image/jpeg"
        image = Image.open(io.BytesIO(thumb.data))
    assert image.size == (48, 64) and not image.getexif()


def test_heic_photos_from_phones_are_accepted(app, client, vendor_link):
    html = send(client, vendor_link, "IMG_0001.HEIC", samples.heic()).get_data(as_text=True)
    assert "HEIC/HEIF画像 64×48" in html
    with app.app_context():
        assert db.session.scalar(select(StoredFile.has_thumb)) is True


def test_office_text_and_pdf_files_are_accepted(app, client, vendor_link):
    for name, data in (("規程.docx", samples.docx_file()), ("台帳.xlsx", samples.xlsx_file()),
                       ("ログ.csv", "日時,利用者\n2026-10-01,山田\n".encode("cp932")),
                       ("証明書.pdf", samples.pdf(pages=3))):
        send(client, vendor_link, name, data)
    with app.app_context():
        kinds = db.session.scalars(select(StoredFile.kind).order_by(StoredFile.created_at)).all()
        pages = db.session.scalar(select(StoredFile.pages).where(StoredFile.kind == "pdf"))
    assert sorted(kinds) == ["docx", "pdf", "text", "xlsx"] and pages == 3


def test_downloads_are_attachments_with_the_japanese_name(app, client, vendor_link):
    data = samples.pdf()
    send(client, vendor_link, "情報セキュリティ規程.pdf", data)
    with app.app_context():
        evidence_id = db.session.scalar(select(Evidence.id))
    with client.get(f"{vendor_link}/evidence/{evidence_id}/file") as response:
        assert response.data == data
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''%E6%83%85%E5%A0%B1" in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "application/pdf"


def test_a_certificate_needs_its_valid_until_date_and_number(app, client, vendor_link):
    html = send(client, vendor_link, "ISMS.pdf", samples.pdf(), **{"fk-GOV-01": "certificate"}).get_data(as_text=True)
    assert "ISMS.pdf: 証明書は有効期限と登録番号を入力してください。" in html
    html = send(client, vendor_link, "ISMS.pdf", samples.pdf(), **{
        "fk-GOV-01": "certificate", "fv-GOV-01": "2028-03-31", "fr-GOV-01": "IS 123456"}).get_data(as_text=True)
    assert "有効期限 令和10年3月31日・登録番号 IS 123456" in html
