"""Word documents read back with python-docx: clause texts with the project's figures, gap
reasons, tables; hostile vendor text; city overrides and broken templates; LibreOffice → PDF."""

import io
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import docx
import pytest

from assess.documents import context as build
from assess.documents import sources
from assess.documents.render import DocumentError, render
from assess.extensions import db
from assess.projects import services as projects
from tests import factories, samples
from tests.helpers import PASSWORD, csrf_token, post

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = '<script>&"株式会社"😀\x01\x1b'


@pytest.fixture
def project_id(app):
    with app.app_context():
        projects.save_city(db.session, factories.ACTOR, "みどり市", "alpha", "wareki")
        project = factories.project()
        projects.set_priority_and_params(db.session, factories.ACTOR, project, "GOV-01", "must",
                                         {"log_retention_days": "730"})
        projects.exclude_control(db.session, factories.ACTOR, project, "NET-01", "庁内LANで作業するため")
        db.session.commit()
        return project.id


@pytest.fixture
def staff(app, make_user):
    client = app.test_client()
    post(client, "/login", {"email": make_user("staff", department="shiminzei"), "password": PASSWORD})
    return client


def texts(document: docx.Document) -> list[str]:
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        out += [" | ".join(c.text for c in row.cells) for row in table.rows]
    return out


def download(client, url) -> tuple[docx.Document, str]:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return docx.Document(io.BytesIO(response.data)), response.headers["Content-Disposition"]


def test_spec_has_numbered_clauses_with_the_projects_figures(app, staff, project_id):
    document, disposition = download(staff, f"/projects/{project_id}/documents/spec")
    body = texts(document)
    assert "第一　情報管理体制" in body
    assert "(1)　受託者は、アクセスログを730日以上保管すること。【必須】" in body
    assert not any("NET-01" in t or "LGWAN接続系の端末" in t for t in body)  # excluded by staff
    assert "1 | GOV-01 アクセスログの取得と保管 | ログ管理規程（必須） | 必須" in body
    header = document.sections[0].header.paragraphs[0].text
    assert "みどり市" in header and "テスト業務委託" in header
    assert "filename*=UTF-8''%E4%BB%95%E6%A7%98%E6%9B%B8" in disposition  # 仕様書_…


def test_terms_carry_the_special_terms_controls(app, staff):
    with app.app_context():
        profile = dict(factories.PERSONAL, data=["my_number", "personal"], subcontract=True)
        project = factories.project(name="特記事項の確認", folder=ROOT / "controls", profile=profile)
        db.session.commit()
        expected = [c for c in sources.clauses(db.session, project) if c.special_terms]
        project_id = project.id
    document, _ = download(staff, f"/projects/{project_id}/documents/terms")
    body = texts(document)
    assert len(expected) >= 5
    assert f"第一条（{expected[0].title}）" in body and expected[0].clause in body


def _candidates(app, project_id):
    with app.app_context():
        project = db.session.get(projects.Project, project_id)
        good, poor = factories.invite(project, factories.vendor("良い株式会社")), factories.invite(
            project, factories.vendor(HOSTILE))
        db.session.commit()
    for inv, answers in ((good, {"a-GOV-01": "800", "a-GOV-02": "yes", "fk-GOV-01": "document",
                                  "f-GOV-01": (io.BytesIO(samples.pdf()), "規程.pdf")}),
                         (poor, {"a-GOV-01": "180", "a-GOV-02": "no", "c-GOV-01": HOSTILE})):
        client = app.test_client()
        client.post(f"/q/{inv.token}", data={**answers, "action": "submit", "csrf_token": csrf_token(client)},
                    content_type="multipart/form-data")
    return good, poor


def test_report_compares_candidates_with_reasons_and_chart(app, staff, project_id):
    _good, poor = _candidates(app, project_id)
    post(staff, f"/invitations/{poor.invitation_id}/review/GOV-02",
         {"decision": "reject", "comment": f"承認記録がない {HOSTILE}", "revision": "0"})
    document, _ = download(staff, f"/projects/{project_id}/documents/report")
    body = "\n".join(texts(document))
    clean = '<script>&"株式会社"😀'
    assert "1位 | 良い株式会社" in body and f"2位 | {clean}" in body
    assert "ログ保管日数 180日 が要件 730日 に満たない" in body
    assert f"承認記録がない {clean}" in body
    assert "NET-01 ネットワーク分離モデル | 庁内LANで作業するため" in body
    assert len(document.inline_shapes) == 1  # the radar chart


def test_a_citys_own_template_is_used_and_a_broken_tag_is_named(app, staff, project_id, runner, tmp_path):
    own = Path(app.instance_path) / "templates"
    own.mkdir(parents=True, exist_ok=True)
    broken = docx.Document(str(ROOT / "templates" / "spec.docx"))
    broken.add_paragraph("{{ project }")
    broken.save(own / "spec.docx")
    try:
        response = staff.get(f"/projects/{project_id}/documents/spec", follow_redirects=True)
        assert "テンプレート spec.docx のタグに誤りがあります（{{ project }）" in response.get_data(as_text=True)
        result = runner.invoke(["docs", "spec", str(project_id), "-o", str(tmp_path / "x.docx")])
        assert result.exit_code == 1 and "spec.docx のタグに誤りがあります" in result.output
        assert not (tmp_path / "x.docx").exists()
    finally:
        shutil.rmtree(own)


def test_cli_writes_each_project_document(app, runner, project_id, tmp_path):
    for kind, words in (("spec", "アクセスログを730日以上"), ("terms", "個人情報取扱特記事項"), ("report", "評価結果報告書")):
        out = tmp_path / f"{kind}.docx"
        result = runner.invoke(["docs", kind, str(project_id), "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert any(words in t for t in texts(docx.Document(str(out))))


def _plain_data_documents(tmp_path: Path) -> dict[str, Path]:
    """Checklist and minutes from plain data (the schedule fills them in for real)."""
    header = build.Header("みどり市", "コールセンター運営業務委託", "広報広聴課", date(2026, 12, 1))
    meeting = build.Meeting("第3回 定例レビュー会議", date(2026, 12, 1), "市役所 会議室A", ("市: 広報 次郎", HOSTILE),
                            ("前回の指摘事項",), ("FAQを月次で更新する",), "応答時間は目標内。",
                            (build.Action("FAQ更新", "山田", date(2026, 12, 15), "対応中"),),
                            (build.Kpi("応答時間", "30秒以内", "25秒", "達成"),))
    clause = build.Clause("OPS-01", "OPS", "運用品質", "SLAの合意", "must", "SLAを定めること。",
                          "SLAの数値が合意どおり報告されているか。")
    paths = {}
    for kind, ctx in (("checklist", build.checklist(header, HOSTILE, "令和8年度 第2回", meeting, [clause],
                                                     {"OPS-01": "適合"}, [("OPS-02", "報告", "未提出")])),
                      ("minutes", build.minutes(header, "株式会社みどりデータサービス", meeting))):
        paths[kind] = tmp_path / f"{kind}.docx"
        paths[kind].write_bytes(render(ROOT / "templates" / f"{kind}.docx", ctx))
    return paths


def test_checklist_and_minutes_render_from_plain_data(tmp_path):
    paths = _plain_data_documents(tmp_path)
    checklist = "\n".join(texts(docx.Document(str(paths["checklist"]))))
    assert "1 | OPS-01 SLAの合意：SLAの数値が合意どおり報告されているか。 | 適合 | ☐" in checklist
    minutes = "\n".join(texts(docx.Document(str(paths["minutes"]))))
    assert "FAQ更新 | 山田 | 令和8年12月15日 | 対応中" in minutes and "FAQを月次で更新する" in minutes


def test_a_template_that_is_not_a_docx_is_refused_clearly(tmp_path):
    fake = tmp_path / "spec.docx"
    fake.write_text("not a word file")
    with pytest.raises(DocumentError, match="テンプレート spec.docx を開けません"):
        render(fake, {})


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is installed by make test")
def test_libreoffice_converts_every_document_and_the_pdf_has_the_japanese_text(app, runner, project_id, tmp_path):
    _candidates(app, project_id)
    files = _plain_data_documents(tmp_path)
    for kind in ("spec", "terms", "report"):
        files[kind] = tmp_path / f"{kind}.docx"
        assert runner.invoke(["docs", kind, str(project_id), "-o", str(files[kind])]).exit_code == 0
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path / "pdf"), *map(str, files.values())],
                   check=True, capture_output=True, timeout=240)
    expected = {"spec": "アクセスログを730日以上保管すること", "terms": "個人情報取扱特記事項",
                "report": "ログ保管日数 180日 が要件 730日 に満たない", "checklist": "SLAの数値が合意どおり報告されているか",
                "minutes": "FAQを月次で更新する"}
    for kind, phrase in expected.items():
        pdf = tmp_path / "pdf" / f"{kind}.pdf"
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                              text=True).stdout
        assert re.sub(r"\s+", "", phrase) in re.sub(r"\s+", "", text), kind
