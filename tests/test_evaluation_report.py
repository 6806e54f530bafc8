"""The 評価結果報告書 for the selection committee, read back from real Word files: the demo's report
and its 公開版 (no unsuccessful bidder's name and no withheld answer anywhere in the package, the
chosen one named), columns only when they carry something, the committee's page round trip, the
city's 決裁欄, and vendor names that look like mathtext."""

import io
import re
import zipfile

import docx
import pytest
from sqlalchemy import select

from assess.audit.models import AuditEvent
from assess.demo import DEMO_PASSWORD, MY_NUMBER_PROJECT
from assess.documents import report_sources
from assess.extensions import db
from assess.models import Answer, Evaluation, Invitation, Project, Vendor
from assess.reviews import chart
from tests import factories
from tests.helpers import PASSWORD, csrf_token, post

WINNER = "株式会社みどりデータサービス"


def texts(document: docx.Document) -> str:
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        out += [" | ".join(c.text for c in row.cells) for row in table.rows]
    return "\n".join(out)


def header_rows(document: docx.Document) -> list[list[str]]:
    return [[c.text for c in t.rows[0].cells] for t in document.tables]


def package_text(data: bytes) -> dict[str, str]:
    """Every part of the .docx as text: the XML as stored (attributes such as image descriptions
    included) and, for each XML part, its text with the tags taken out (so a name split across
    runs is found too)."""
    out = {}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            raw = package.read(name).decode("utf-8", errors="ignore")
            out[name] = raw
            if name.endswith((".xml", ".rels")):
                out[name + " (text)"] = re.sub(r"<[^>]+>", "", raw)
    return out


@pytest.fixture
def demo(app, demo_output):
    """The demo's My Number project: three candidates (one good, one with gaps, one unsubmitted),
    answers marked 非開示希望, a site visit with photos and the committee's record."""
    client = app.test_client()
    post(client, "/login", {"email": "zeimu@city.midori.example.jp", "password": DEMO_PASSWORD})
    with app.app_context():
        project = db.session.scalar(select(Project).where(Project.name == MY_NUMBER_PROJECT))
        vendors = {v.name: v for v in db.session.scalars(select(Vendor))}
        return {"client": client, "project": project.id,
                "losers": [(v.name, v.contact_name) for name, v in vendors.items()
                           if name != WINNER and name in ("東日本事務センター株式会社", "株式会社さくらBPOソリューションズ")]}


def _withheld_texts(app, project_id: int) -> list[str]:
    """What the full report prints from each withheld answer: the answer itself (when long enough to
    be told apart) and every line about that item of that vendor (reasons quote the answer)."""
    with app.app_context():
        project = db.session.get(Project, project_id)
        withheld = db.session.execute(
            select(Invitation.vendor_id, Answer.control_id, Answer.value)
            .join(Answer, Answer.invitation_id == Invitation.id)
            .where(Invitation.project_id == project_id, Answer.nondisclosure)).all()
        assert withheld, "the demo marks answers 非開示希望"
        full = report_sources.report_context(db.session, project, [])
        names = {v.id: v.name for v in db.session.scalars(select(Vendor))}
    found = []
    for vendor_id, control_id, value in withheld:
        if value and len(value) >= 6:
            found.append(value)
        vendor = next(v for v in full["vendors"] if v["vendor"] == names[vendor_id])
        rows = vendor["must_gaps"] + vendor["other_gaps"] + vendor["comments"]
        found += [r.get("reason") or r.get("comment") for r in rows if r["id"] == control_id]
        found += [o["note"] for s in vendor["visits"] for o in s["observations"] if o["id"] == control_id and o["note"]]
    return found


def test_the_public_report_names_only_the_chosen_bidder_and_withholds_what_was_asked(app, demo, runner, tmp_path):
    client, project_id = demo["client"], demo["project"]
    with app.app_context():  # staff comment on a withheld item (quoting it) and on an open one
        invitation_id, withheld_item, value = db.session.execute(
            select(Invitation.id, Answer.control_id, Answer.value).join(Answer).join(Vendor)
            .where(Vendor.name == "東日本事務センター株式会社", Answer.nondisclosure)).one()
        open_item = db.session.scalar(select(Answer.control_id).where(
            Answer.invitation_id == invitation_id, ~Answer.nondisclosure).order_by(Answer.control_id))
    for item, comment in ((withheld_item, f"回答の{value}ではサーバ室の監視が足りない"),
                          (open_item, "東日本事務センターの規程は改定中である")):
        response = post(client, f"/invitations/{invitation_id}/review/{item}",
                        {"decision": "reject", "comment": comment, "revision": "0"})
        assert response.status_code == 302
    full = client.get(f"/projects/{project_id}/documents/report")
    public = client.get(f"/projects/{project_id}/documents/report?public=1")
    assert full.status_code == public.status_code == 200
    assert "%E5%85%AC%E9%96%8B%E7%89%88" in public.headers["Content-Disposition"]  # 「公開版」 in the file name
    full_text = texts(docx.Document(io.BytesIO(full.data)))
    withheld = _withheld_texts(app, project_id)
    assert any(t in full_text for t in withheld)  # the full report does print them
    for loser, _contact in demo["losers"]:
        assert loser in full_text

    parts = package_text(public.data)
    assert any(name.startswith("word/media/") for name in parts)  # the chart and the site-visit photos
    for name, text in parts.items():
        for loser, contact in demo["losers"]:
            assert loser not in text, (loser, name)
            assert loser.replace("株式会社", "") not in text, (loser, name)
            assert contact not in text, (contact, name)
        for secret in withheld:
            assert secret not in text, (secret, name)
        assert "（記載なし）" not in text, name
    document = docx.Document(io.BytesIO(public.data))
    body = texts(document)
    assert "評価結果報告書（公開版）" in body
    assert WINNER in body and "A社" in body and "B社" in body
    assert "■■■（非開示: セキュリティ上の支障）" in body
    assert f"{WINNER}を契約候補者として選定することが適当である。" in body
    assert "職員の判定とコメント" not in body  # staff comments only when asked for
    descriptions = re.findall(r'descr="([^"]*)"', parts["word/document.xml"])
    assert any("A社" in d for d in descriptions)  # the chart's alternative text uses the same names

    # The same from the command line; staff's comments only with --staff-comments.
    out = tmp_path / "公開版.docx"
    result = runner.invoke(["docs", "report", str(project_id), "--public", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert texts(docx.Document(str(out))) == body
    result = runner.invoke(["docs", "report", str(project_id), "--public", "--staff-comments", "-o", str(out)])
    assert result.exit_code == 0, result.output
    with_comments = texts(docx.Document(str(out)))
    assert "職員の判定とコメント" in with_comments and "A社の規程は改定中である" in with_comments
    assert "サーバ室の監視" not in with_comments
    assert not any(loser in with_comments for loser, _c in demo["losers"])


def test_the_full_report_carries_the_committee_the_site_visit_the_decision_boxes_and_points_when_set(demo):
    response = demo["client"].get(f"/projects/{demo['project']}/documents/report")
    document = docx.Document(io.BytesIO(response.data))
    body = texts(document)
    for heading in ("1　評価の概要", "2　評価方法", "3　評価結果", "4　分野別評価点", "5　事業者ごとの所見",
                    "6　審査委員会", "7　結論", "8　決裁欄"):
        assert heading in body
    assert "評価期間 | 令和9年2月1日から令和9年2月15日まで" in body and "評価日 | 令和9年2月15日" in body
    assert re.search(r"要件カタログ \| .+版（[0-9a-f]{12}）", body)
    assert "区分が「必須（足切り）」の項目のうち一つでも不適合" in body  # the tender sheet's own wording
    assert "1 | 緑川 誠 | 委員長（市民税課長）" in body
    assert "現地視察（令和8年11月10日）" in body and "視察者 | 市: 市民税課 税務 花子\n受託者: 山田 一郎" in body
    assert "写真1　" in body
    assert ["起案者", "係長", "課長"] in header_rows(document)
    assert len(document.inline_shapes) >= 3  # the chart and two photos
    assert "（記載なし）" not in body
    matrix = next(t for t in document.tables if t.rows[0].cells[0].text == "分野")
    assert [c.text for c in matrix.rows[0].cells][1:] == [WINNER, "東日本事務センター株式会社",
                                                         "株式会社さくらBPOソリューションズ"]

    # 得点 (and 配点) only once 配点 are set.
    client, project_id = demo["client"], demo["project"]
    assert ["順位", "事業者", "判定", "評価点"] in header_rows(document) and "得点" not in body
    page = client.get(f"/projects/{project_id}/comparison").get_data(as_text=True)
    fields = re.findall(r'name="(points-[A-Z]+)"', page)
    assert post(client, f"/projects/{project_id}/points", {f: "10" for f in fields}).status_code == 302
    document = docx.Document(io.BytesIO(client.get(f"/projects/{project_id}/documents/report").data))
    body = texts(document)
    assert ["順位", "事業者", "判定", "評価点", "得点"] in header_rows(document)
    assert "分野ごとの配点" in body and "（配点 10点）" in body and re.search(r"\d+\.\d（\d+\.\d点）", body)


# --- the committee's page ---------------------------------------------------------------------------

@pytest.fixture
def bidders(app, make_user):
    """A project with two submitted candidates, one meeting every requirement, one failing a 必須 one."""
    client = app.test_client()
    post(client, "/login", {"email": make_user("staff", department="shiminzei"), "password": PASSWORD})
    with app.app_context():
        project = factories.project()
        good = factories.invite(project, factories.vendor("良い株式会社"))
        poor = factories.invite(project, factories.vendor("足りない株式会社"))
        db.session.commit()
        project_id = project.id
    _submit(app, good, {"a-GOV-01": "800", "a-GOV-02": "yes", "a-NET-01": "lgwan"}, with_file=True)
    _submit(app, poor, {"a-GOV-01": "100", "a-GOV-02": "no", "a-NET-01": "lgwan"})
    return {"client": client, "project": project_id, "good": good.invitation_id, "poor": poor.invitation_id}


def _submit(app, invited, answers, with_file=False):
    from tests import samples

    files = {"fk-GOV-01": "document", "f-GOV-01": (io.BytesIO(samples.pdf()), "規程.pdf")} if with_file else {}
    vendor = app.test_client()
    response = vendor.post(f"/q/{invited.token}", data={**answers, **files, "action": "submit",
                                                       "csrf_token": csrf_token(vendor)},
                           content_type="multipart/form-data")
    assert response.status_code in (200, 302)


def _form(ids, **changes):
    form = {"period_from": "2027-02-01", "period_to": "2027-02-15", "evaluated_on": "2027-02-15",
            "member-name-0": "緑川 誠", "member-role-0": "委員長", "member-name-1": "青木 由美", "member-role-1": "委員",
            f"comment-{ids['good']}": "良好である。", f"comment-{ids['poor']}": "必須要件を満たさない。",
            "overall": "総評です。", "chosen": str(ids["good"]), "conclusion": "", "revision": "0"}
    form.update(changes)
    return form


def test_the_committee_page_round_trip_and_its_record_in_the_report(app, bidders):
    client, project_id = bidders["client"], bidders["project"]
    page = client.get(f"/projects/{project_id}/comparison").get_data(as_text=True)
    assert f"/projects/{project_id}/evaluation" in page  # linked from the comparison
    page = client.get(f"/projects/{project_id}/evaluation").get_data(as_text=True)
    assert '<label for="member-name-0" class="visually-hidden">1人目の委員の氏名</label>' in page
    response = post(client, f"/projects/{project_id}/evaluation", _form(bidders))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "審査委員会の記録を保存しました。" in page
    assert 'value="緑川 誠"' in page and "必須要件を満たさない。" in page
    assert "良い株式会社を契約候補者として選定することが適当である。" in page  # the generated sentence
    with app.app_context():
        record = db.session.scalar(select(Evaluation).where(Evaluation.project_id == project_id))
        assert [m.name for m in record.members] == ["緑川 誠", "青木 由美"] and record.revision == 1
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "evaluation.save")) is not None
    body = texts(docx.Document(io.BytesIO(client.get(f"/projects/{project_id}/documents/report").data)))
    assert "2 | 青木 由美 | 委員" in body and "足りない株式会社 | 必須要件を満たさない。" in body
    assert "良い株式会社を契約候補者として選定することが適当である。" in body and "総評です。" in body

    # A staff-written sentence is kept; one removed member is gone from the record.
    form = _form(bidders, **{"member-name-1": "", "member-role-1": "", "revision": "1",
                             "conclusion": "良い株式会社を契約候補者とする。"})
    assert post(client, f"/projects/{project_id}/evaluation", form).status_code == 302
    with app.app_context():
        record = db.session.scalar(select(Evaluation).where(Evaluation.project_id == project_id))
        assert [m.name for m in record.members] == ["緑川 誠"] and record.conclusion == "良い株式会社を契約候補者とする。"


def test_bad_input_is_refused_in_japanese_and_what_was_typed_stays(app, bidders):
    client, project_id = bidders["client"], bidders["project"]
    url = f"/projects/{project_id}/evaluation"
    response = post(client, url, _form(bidders, period_to="2027-01-01", **{"member-name-1": "", "overall": "残す総評"}))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "評価期間の終了日は開始日以降の日付にしてください。" in html
    assert "2人目の委員の氏名を入力してください（役職: 委員）。" in html
    assert "残す総評" in html and 'value="2027-01-01"' in html
    response = post(client, url, _form(bidders, chosen=str(bidders["poor"])))
    assert response.status_code == 400
    assert "足りない株式会社は「失格（必須要件の不適合）」のため、契約候補者に選べません。" in response.get_data(as_text=True)
    response = post(client, url, _form(bidders, evaluated_on="2月15日"))
    assert "評価日は日付で入力してください（例: 2027-02-15、入力: 2月15日）。" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Evaluation)) is None  # nothing half-saved

    assert post(client, url, _form(bidders)).status_code == 302
    stale = post(client, url, _form(bidders, overall="古い画面から"))  # still revision 0
    assert stale.status_code == 409
    assert "他の職員が先にこの記録を保存しました。" in stale.get_data(as_text=True)
    assert "古い画面から" in stale.get_data(as_text=True)


def test_the_conclusion_follows_a_new_choice_unless_staff_rewrote_it(app, bidders):
    client, project_id = bidders["client"], bidders["project"]
    url = f"/projects/{project_id}/evaluation"
    assert post(client, url, _form(bidders)).status_code == 302
    assert post(client, url, _form(bidders, chosen="", revision="1",
                                   conclusion="良い株式会社を契約候補者として選定することが適当である。")).status_code == 302
    with app.app_context():
        record = db.session.scalar(select(Evaluation))
        assert record.chosen_invitation_id is None and record.conclusion == ""


def test_the_decision_boxes_follow_the_citys_labels(app, bidders, make_user):
    admin = app.test_client()
    post(admin, "/login", {"email": make_user("admin"), "password": PASSWORD})
    settings = {"name": "みどり市", "network_model": "alpha", "date_style": "wareki", "parties": "itaku"}
    response = post(admin, "/settings/city", {**settings, "approval_labels": "／".join(f"欄{n}" for n in range(9))})
    assert response.status_code == 400 and "決裁欄の欄は8個までです（入力: 9個）。" in response.get_data(as_text=True)
    response = post(admin, "/settings/city", {**settings, "approval_labels": "起案者/担当係長/課長/部長"})
    assert response.status_code == 302
    document = docx.Document(io.BytesIO(bidders["client"].get(
        f"/projects/{bidders['project']}/documents/report").data))
    assert ["起案者", "担当係長", "課長", "部長"] in header_rows(document)


# --- vendor names that look like mathtext ------------------------------------------------------------

def test_a_vendor_named_like_mathtext_is_drawn_and_printed_as_typed(app, make_user):
    client = app.test_client()
    post(client, "/login", {"email": make_user("staff", department="shiminzei"), "password": PASSWORD})
    names = ("$\\undefinedmacro$", "US$100 株式会社")
    with app.app_context():
        project = factories.project()
        invited = [factories.invite(project, factories.vendor(n)) for n in names]
        db.session.commit()
        project_id = project.id
    for inv in invited:
        _submit(app, inv, {"a-GOV-01": "800", "a-GOV-02": "yes", "a-NET-01": "lgwan"})
    svg = client.get(f"/projects/{project_id}/comparison/chart.svg")
    assert svg.status_code == 200
    assert "$\\undefinedmacro$" in svg.get_data(as_text=True) and "US$100 株式会社" in svg.get_data(as_text=True)
    for query in ("", "?public=1"):
        response = client.get(f"/projects/{project_id}/documents/report{query}")
        assert response.status_code == 200
        document = docx.Document(io.BytesIO(response.data))
        assert len(document.inline_shapes) == 1
    assert "$\\undefinedmacro$" in texts(docx.Document(io.BytesIO(
        client.get(f"/projects/{project_id}/documents/report").data)))


def test_domain_labels_never_overlap_the_score_ticks_or_the_legend():
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    domains = [("GOV", "情報管理体制"), ("PHY", "物理的セキュリティ"), ("NET", "通信環境"), ("INC", "インシデント対応"),
               ("SUB", "再委託・委託先管理"), ("HR", "人的セキュリティ"), ("CON", "契約・監査"), ("OPS", "運用品質")]
    series = [(f"株式会社テスト{n}", {d: 20.0 * n for d, _t in domains}) for n in range(1, 5)]
    with rc_context(chart._settings()):
        figure = chart._figure(domains, series)
        FigureCanvasAgg(figure).draw()
        renderer = figure.canvas.get_renderer()
        axes = figure.axes[0]
        labels = [t.get_window_extent(renderer) for t in axes.get_xticklabels()]
        ticks = [t.get_window_extent(renderer) for t in axes.get_yticklabels() if t.get_text()]
        legend = axes.get_legend().get_window_extent(renderer)
    assert not [(a, b) for a in labels for b in ticks + [legend] if a.overlaps(b)]
    assert not [(a, b) for n, a in enumerate(labels) for b in labels[n + 1:] if a.overlaps(b)]


def test_the_report_template_asks_only_for_what_the_builder_gives():
    from datetime import date
    from pathlib import Path

    from docxtpl import DocxTemplate
    from jinja2.sandbox import SandboxedEnvironment

    from assess.documents import report
    from assess.documents.context import Header
    from assess.documents.contract import PARTIES

    context = report.report(Header("みどり市", "案件", "市民税課", date(2027, 2, 20)), PARTIES["itaku"],
                            report.Method("カタログ", ()), [], [], report.Committee(), [], [], ["起案者"])
    template = DocxTemplate(str(Path(__file__).resolve().parent.parent / "templates" / "report.docx"))
    wanted = template.get_undeclared_template_variables(SandboxedEnvironment())
    assert wanted <= set(context), wanted - set(context)
