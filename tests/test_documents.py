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
    assert "第2　情報管理体制" in body  # 第1 is 総則
    assert "1　受託者は、アクセスログを730日以上保管すること。" in body
    assert not any("NET-01" in t or "LGWAN接続系の端末" in t for t in body)  # excluded by staff
    assert "1 | アクセス権限一覧 | 業務開始前 | GOV-03 アクセス権限一覧" in body  # 提出書類一覧
    header = document.sections[0].header.paragraphs[0].text
    assert "みどり市" in header and "テスト業務委託" in header
    assert "filename*=UTF-8''%E4%BB%95%E6%A7%98%E6%9B%B8" in disposition  # 仕様書_…


ARTICLE_ORDER = ["基本的事項", "秘密の保持", "収集の制限", "適正管理", "利用及び提供の制限", "複写又は複製の禁止", "再委託",
                 "作業場所及び持出しの禁止", "資料等の返還等", "従事者への周知及び監督", "指示、報告及び検査",
                 "事故発生時における報告", "契約の解除及び損害賠償"]


def _real_project(app, name, **profile):
    with app.app_context():
        projects.save_city(db.session, factories.ACTOR, "みどり市", "alpha", "wareki")
        project = factories.project(name=name, folder=ROOT / "controls", profile=dict(factories.PERSONAL, **profile))
        db.session.commit()
        return project.id


def _articles(document) -> list[tuple[str, str]]:
    """(heading, the article's text up to the next heading) as a reader sees them."""
    out, lines = [], [p.text for p in document.paragraphs]
    for n, line in enumerate(lines):
        if re.fullmatch(r"（.+）", line):
            following = []
            for rest in lines[n + 1:]:
                if re.fullmatch(r"（.+）", rest):
                    break
                following.append(rest)
            out.append((line[1:-1], "\n".join(following)))
    return out


def test_terms_for_my_number_without_subcontracting_forbid_it_in_the_legal_order(app, staff):
    project_id = _real_project(app, "特定個人情報の入力", data=["my_number", "personal"], subcontract=False)
    document, _ = download(staff, f"/projects/{project_id}/documents/terms")
    articles = _articles(document)
    assert [h for h, _t in articles] == ARTICLE_ORDER + ["特定個人情報の取扱い"]
    numbers = [re.match(r"第(\d+)条", text).group(1) for _h, text in articles]
    assert numbers == [str(n) for n in range(1, len(articles) + 1)]  # 算用数字, in order
    subcontracting = dict(articles)["再委託"]
    assert "第三者に委託（以下「再委託」という。）してはならない。" in subcontracting
    assert "承認を得た場合" not in subcontracting
    assert "番号法" in dict(articles)["特定個人情報の取扱い"]
    body = "\n".join(p.text for p in document.paragraphs)
    assert body.startswith("別記\n個人情報取扱特記事項")
    assert "委託者" in body and "発注者" not in body  # the city's party names (default 委託者・受託者)
    assert "【" not in body and "令和" not in body  # no priority tags, no generation date


def test_terms_with_subcontracting_planned_give_the_approval_conditions(app, staff):
    project_id = _real_project(app, "再委託ありの業務", data=["personal"], subcontract=True)
    document, _ = download(staff, f"/projects/{project_id}/documents/terms")
    articles = dict(_articles(document))
    assert "特定個人情報の取扱い" not in articles
    assert "書面による承認を得た場合は、この限りでない" in articles["再委託"]
    assert "\n2　" in articles["再委託"]  # the controls' further paragraphs are numbered 2, 3…


def test_contract_spec_takes_only_contract_clauses_and_lists_records_with_timing(app, staff):
    project_id = _real_project(app, "契約用の仕様書", data=["my_number", "personal"], subcontract=False)
    spec, _ = download(staff, f"/projects/{project_id}/documents/spec")
    terms, _ = download(staff, f"/projects/{project_id}/documents/terms")
    spec_text = texts(spec)
    body = "\n".join(spec_text)
    assert not re.search("【(必須|重要|望ましい)】", body)
    assert "実績を有すること" not in body  # 参加資格 belongs to the tender sheet
    assert "別記「個人情報取扱特記事項」を遵守しなければならない" in body
    terms_sentences = {s for p in terms.paragraphs for s in re.split(r"(?<=。)", p.text.split("　", 1)[-1]) if len(s) > 15}
    spec_sentences = {s for t in spec_text for s in re.split(r"(?<=。)", t.split("　", 1)[-1]) if len(s) > 15}
    assert not terms_sentences & spec_sentences  # no obligation printed twice
    records = [t for t in spec_text if re.match(r"\d+ \| ", t)]
    assert len(records) >= 10 and any("| 業務開始前 |" in r for r in records) and any("| 契約終了時 |" in r for r in records)
    with app.app_context():
        project = db.session.get(projects.Project, project_id)
        selection_only = [r for r in projects.requirements_of(db.session, project)
                          if r.included and r.control.contract is None]
        assert selection_only  # e.g. past incidents, track record
        for r in selection_only:
            for e in r.control.evidence("selection"):
                assert e.ja not in body


def test_the_city_may_name_the_parties_kou_and_otsu(app, staff, make_user):
    project_id = _real_project(app, "甲乙の文書", data=["personal"])
    admin = app.test_client()
    post(admin, "/login", {"email": make_user("admin"), "password": PASSWORD})
    page = admin.get("/settings/city").get_data(as_text=True)
    assert "契約文書での当事者の呼び方" in page and 'value="kouotsu"' in page
    response = post(admin, "/settings/city", {"name": "みどり市", "network_model": "alpha", "date_style": "wareki",
                                              "parties": "kouotsu"})
    assert response.status_code == 302
    for kind in ("spec", "terms"):
        document, _ = download(staff, f"/projects/{project_id}/documents/{kind}")
        body = "\n".join(texts(document))
        assert "乙は、" in body and "受託者" not in body and "発注者" not in body and "委託者" not in body


def test_tender_sheet_has_eligibility_evaluation_items_and_method(app, staff, runner, tmp_path):
    project_id = _real_project(app, "公募の別紙", data=["personal"])
    out = tmp_path / "tender.docx"
    result = runner.invoke(["docs", "tender", str(project_id), "-o", str(out)])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    body = texts(document)
    joined = "\n".join(body)
    assert "1　本業務の前提" in body and "市のネットワーク分離モデル（三層の対策） | αモデル" in body
    assert "作業を行うネットワーク | LGWAN接続系" in body or "ネットワーク | LGWAN接続系" in body
    assert "2　参加資格" in body and "実績を有すること" in joined
    assert "3　評価項目" in body and "必須（足切り）" in joined and "5　評価の方法" in body
    rows = [t for t in body if " | 必須（足切り） | " in t]
    assert rows and all(re.match(r"\d+ \| [A-Z]+-\d+ ", r) for r in rows)
    with app.app_context():
        project = db.session.get(projects.Project, project_id)
        asked = [r for r in projects.requirements_of(db.session, project) if r.included and r.asked_in("selection")]
    assert sum(1 for t in body if re.match(r"\d+ \| [A-Z]+-\d+ .* \| (必須（足切り）|重要|望ましい) \| ", t)) == len(asked)


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
    # 順位 / 事業者 / 判定 / 評価点 (no 得点 column: no 配点 set), then one vendor × domain matrix
    assert "順位 | 事業者 | 判定 | 評価点" in body and "得点" not in body
    assert "| 良い株式会社 | 通過 |" in body and f"| {clean} | 失格（必須要件の不適合） |" in body
    assert f"分野 | 良い株式会社 | {clean}" in body
    assert "回答 180日（基準 730日以上）" in body
    assert f"GOV-02 情報セキュリティ基本方針 | 不適合 | 承認記録がない {clean}" in body  # staff's decision
    assert "NET-01 ネットワーク分離モデル | 庁内LANで作業するため" in body  # 評価の対象から除外した要件
    assert "（記載なし）" not in body
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
    meeting = build.Meeting("定例レビュー会議", date(2026, 12, 1), "市役所 会議室A", ("市: 広報 次郎", HOSTILE),
                            ("前回の指摘事項",), ("FAQを月次で更新する",), "応答時間は目標内。",
                            (build.Action("FAQ更新", "山田", date(2026, 12, 15), "対応中"),),
                            (build.Kpi("応答時間", "30秒以内", "25秒", "達成"), build.Kpi("一次解決率", "80%以上")),
                            number=3, starts_at="14:30", author="広報 次郎", next_meeting="令和9年3月2日（火）10時",
                            distribution=("広報広聴課長", HOSTILE))
    clause = build.Clause("OPS-01", "OPS", "運用品質", "SLAの合意", "must", "SLAを定めること。",
                          "SLAの数値が合意どおり報告されているか。", frequency="every")
    paths = {}
    for kind, ctx in (("checklist", build.checklist(header, HOSTILE, "定例会", meeting, [clause],
                                                     {"OPS-01": "適合"}, [("OPS-02", "報告", "未提出")])),
                      ("minutes", build.minutes(header, "株式会社みどりデータサービス", meeting))):
        paths[kind] = tmp_path / f"{kind}.docx"
        paths[kind].write_bytes(render(ROOT / "templates" / f"{kind}.docx", ctx))
    return paths


def test_checklist_and_minutes_render_from_plain_data(tmp_path):
    paths = _plain_data_documents(tmp_path)
    checklist = "\n".join(texts(docx.Document(str(paths["checklist"]))))
    assert "1 | OPS-01 SLAの合意：SLAの数値が合意どおり報告されているか。 | 毎回 | 適合 | 適・否・該当なし | " in checklist
    assert "第3回　定例会" in checklist and "回次 | 第3回" in checklist and "一次解決率 | 80%以上 | 未報告 | " in checklist
    minutes = "\n".join(texts(docx.Document(str(paths["minutes"]))))
    assert "FAQ更新 | 山田 | 令和8年12月15日 | 対応中" in minutes and "FAQを月次で更新する" in minutes
    assert "回次 | 第3回" in minutes and "日時 | 令和8年12月1日（火）14時30分" in minutes
    assert "作成日　令和8年12月1日" in minutes and "作成者 | 広報 次郎" in minutes
    assert "令和9年3月2日（火）10時" in minutes and '広報広聴課長\n<script>&"株式会社"😀' in minutes
    assert "確認日 | 令和　年　月　日" in minutes and "会社名 | 株式会社みどりデータサービス" in minutes


def test_a_template_that_is_not_a_docx_is_refused_clearly(tmp_path):
    fake = tmp_path / "spec.docx"
    fake.write_text("not a word file")
    with pytest.raises(DocumentError, match="テンプレート spec.docx を開けません"):
        render(fake, {})


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is installed by make test")
def test_libreoffice_converts_every_document_and_the_pdf_has_the_japanese_text(app, runner, project_id, tmp_path):
    _candidates(app, project_id)
    files = _plain_data_documents(tmp_path)
    for kind in ("spec", "terms", "tender", "report"):
        files[kind] = tmp_path / f"{kind}.docx"
        assert runner.invoke(["docs", kind, str(project_id), "-o", str(files[kind])]).exit_code == 0
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path / "pdf"), *map(str, files.values())],
                   check=True, capture_output=True, timeout=240)
    expected = {"spec": "アクセスログを730日以上保管すること", "terms": "個人情報取扱特記事項",
                "tender": "区分「必須（足切り）」の項目を満たさない者は失格とする",
                "report": "回答 180日（基準 730日以上）", "checklist": "SLAの数値が合意どおり報告されているか",
                "minutes": "FAQを月次で更新する"}
    for kind, phrase in expected.items():
        pdf = tmp_path / "pdf" / f"{kind}.pdf"
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                              text=True).stdout
        assert re.sub(r"\s+", "", phrase) in re.sub(r"\s+", "", text), kind
