"""The comparison page, 配点, the radar chart, the gap list and `assess score`."""

import io
import json
import re

import openpyxl
import pytest

from assess.extensions import db
from tests import factories, samples
from tests.helpers import PASSWORD, csrf_token, post


@pytest.fixture
def candidates(app):
    """Three vendors: good (all met), poor (GOV-01 180日 and いいえ), unsubmitted (blank)."""
    with app.app_context():
        project = factories.project()
        names = ("良い株式会社", "足りない株式会社", "未回答株式会社")
        invited = [factories.invite(project, factories.vendor(n)) for n in names]
        db.session.commit()
    good = {"a-GOV-01": "400", "a-GOV-02": "yes", "a-NET-01": "lgwan", "fk-GOV-01": "document",
            "f-GOV-01": (io.BytesIO(samples.pdf()), "ログ管理規程.pdf")}
    poor = {"a-GOV-01": "180", "a-GOV-02": "no", "a-NET-01": "lgwan"}
    for inv, answers in zip(invited[:2], (good, poor), strict=True):
        client = app.test_client()
        client.post(f"/q/{inv.token}", data={**answers, "action": "submit", "csrf_token": csrf_token(client)},
                    content_type="multipart/form-data")
    return invited[0].project_id, invited


@pytest.fixture
def staff(app, make_user):
    client = app.test_client()
    post(client, "/login", {"email": make_user("staff", department="shiminzei"), "password": PASSWORD})
    return client


def rows(html):
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r)).strip() for r in body.split("<tr>")[1:]]


def test_candidates_are_ranked_with_must_gaps(app, candidates, staff):
    project_id, _ = candidates
    html = staff.get(f"/projects/{project_id}/comparison").get_data(as_text=True)
    table = rows(html)
    assert table[0].startswith("1位 良い株式会社 提出済 ✓ 通過")
    assert table[1].startswith("順位なし（失格） 足りない株式会社 提出済 ✗ 失格（必須要件の不適合） （必須 1件）")
    assert table[2].startswith("順位なし（未提出） 未回答株式会社 未着手 ✗ 失格（必須要件の不適合）")
    assert "GOV-01</a>: 回答 180日（基準 365日以上）" in html


def test_points_are_validated_and_shown(app, candidates, staff):
    project_id, _ = candidates
    bad = post(staff, f"/projects/{project_id}/points", {"points-GOV": "四十", "points-NET": "-5"},
               follow_redirects=True).get_data(as_text=True)
    assert "情報管理体制の配点は数値で入力してください（入力: 四十）。" in bad
    assert "通信環境の配点は0以上1000以下で入力してください（入力: -5）。" in bad
    post(staff, f"/projects/{project_id}/points", {"points-GOV": "40", "points-NET": "20"})
    html = staff.get(f"/projects/{project_id}/comparison").get_data(as_text=True)
    assert rows(html)[0].startswith("1位 良い株式会社 提出済 ✓ 通過 100.0 60.0")


def test_radar_chart_is_our_own_svg_without_script(app, candidates, staff):
    project_id, _ = candidates
    response = staff.get(f"/projects/{project_id}/comparison/chart.svg")
    svg = response.get_data(as_text=True)
    assert response.mimetype == "image/svg+xml"
    assert "<script" not in svg and "良い株式会社" in svg and "情報管理体制" in svg
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")


def test_gap_list_is_ordered_by_priority_and_links_to_review(app, candidates, staff):
    _, invited = candidates
    html = staff.get(f"/invitations/{invited[1].invitation_id}/gaps").get_data(as_text=True)
    assert "総合点 40.9・順位なし（失格）・✗ 失格（必須要件の不適合）" in re.sub(r"<[^>]+>", "", html)
    table = rows(html)
    assert table[0].startswith("GOV-01 アクセスログの取得と保管 必須 不適合")
    assert table[1].startswith("GOV-02 情報セキュリティ基本方針 重要 不適合 回答「いいえ」")
    assert f'/invitations/{invited[1].invitation_id}/review#item-GOV-01' in html


def test_score_command_reports_every_requirement(app, candidates, runner):
    project_id, invited = candidates
    data = json.loads(runner.invoke(["score", str(project_id), "--json"]).output)
    assert [r["vendor"] for r in data] == ["良い株式会社", "足りない株式会社", "未回答株式会社"]
    poor = data[1]
    assert poor["disqualified"] and poor["must_gaps"] == ["GOV-01"]
    gov1 = next(r for r in poor["requirements"] if r["id"] == "GOV-01")
    assert gov1["status_label"] == "不適合" and gov1["reason"] == "回答 180日（基準 365日以上）"
    assert [(r["rank"], r["rank_label"], r["verdict_label"]) for r in data] == [
        (1, "1位", "通過"), (None, "順位なし（失格）", "失格（必須要件の不適合）"),
        (None, "順位なし（未提出）", "失格（必須要件の不適合）")]
    text = runner.invoke(["score", str(project_id)]).output
    assert text.splitlines() == ["1位\t100.0点\t通過\t良い株式会社",
                                 "順位なし（失格）\t 40.9点\t失格（必須要件の不適合）\t足りない株式会社",
                                 "順位なし（未提出）\t  0.0点\t失格（必須要件の不適合）\t未回答株式会社"]
    missing = runner.invoke(["score", str(project_id), "--vendor", "99999"])
    assert missing.exit_code == 1 and "招待されていません" in missing.output


def test_a_must_item_sent_back_is_pending_on_the_page_the_cli_and_the_workbook(app, candidates, staff, runner):
    """Staff return GOV-01 of the best candidate with a question: until it is answered and decided,
    the candidate reads 判定保留 and has no rank, in every place that shows it."""
    project_id, invited = candidates
    post(staff, f"/invitations/{invited[0].invitation_id}/review/GOV-01",
         {"decision": "query", "comment": "規程の該当箇所を示してください", "revision": "0"})
    first = rows(staff.get(f"/projects/{project_id}/comparison").get_data(as_text=True))[0]
    assert first.startswith("順位なし（差戻し中） 良い株式会社 差戻し中 △ 判定保留（必須項目の審査待ち） （必須 1件）")
    assert "順位なし（差戻し中）\t 59.1点\t判定保留（必須項目の審査待ち）\t良い株式会社" in \
        runner.invoke(["score", str(project_id)]).output.splitlines()
    with staff.get(f"/projects/{project_id}/comparison.xlsx") as response:
        sheet = openpyxl.load_workbook(io.BytesIO(response.data))["比較"]
    shown = [(r[0].value, r[1].value, r[5].value) for r in sheet.iter_rows(min_row=3)]
    assert shown == [("順位なし（差戻し中）", "良い株式会社", "判定保留（必須項目の審査待ち）"),
                     ("順位なし（失格）", "足りない株式会社", "失格（必須要件の不適合）"),
                     ("順位なし（未提出）", "未回答株式会社", "失格（必須要件の不適合）")]
