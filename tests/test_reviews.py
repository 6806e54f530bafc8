"""Staff review: answers, evidence and site-visit observations side by side; decisions with
optimistic locking; access to files only for the project's staff and the uploading link."""

import io
import re

import pytest
from sqlalchemy import select

from assess.audit.models import AuditEvent
from assess.extensions import db
from assess.models import Evidence, Invitation
from tests import factories, samples
from tests.helpers import PASSWORD, csrf_token, post


@pytest.fixture
def submitted(app):
    """Two vendors; the first submitted GOV-01 = 200日 with a photo and a certificate."""
    with app.app_context():
        project = factories.project()
        first, second = factories.invite(project), factories.invite(project)
        db.session.commit()
    client = app.test_client()
    link = f"/q/{first.token}"
    client.post(link, data={
        "csrf_token": csrf_token(client), "a-GOV-01": "200", "a-GOV-02": "yes", "a-NET-01": "lgwan",
        "action": "submit", "fk-GOV-01": "photo", "f-GOV-01": (io.BytesIO(samples.jpeg_with_exif()), "サーバ室.jpg")},
        content_type="multipart/form-data")
    with app.app_context():
        assert db.session.get(Invitation, first.invitation_id).state == "submitted"
    return first, second


def staff_client(app, make_user, department="shiminzei"):
    client = app.test_client()
    post(client, "/login", {"email": make_user("staff", department=department), "password": PASSWORD})
    return client


def test_review_page_shows_answer_evidence_and_judgement(app, submitted, make_user):
    staff = staff_client(app, make_user)
    html = staff.get(f"/invitations/{submitted[0].invitation_id}/review").get_data(as_text=True)
    section = re.search(r'<section class="control" id="item-GOV-01".*?</section>', html, re.S).group(0)
    assert "<dd class=\"vendor-text\">200日</dd>" in section
    assert "不適合：回答 200日（基準 365日以上）" in section
    assert "サーバ室.jpg" in section and "撮影 令和8年10月1日 10:30（TestCam Model 1）" in section
    assert "未レビュー 3件 / 全3件" in html


def test_filters_narrow_the_list(app, submitted, make_user):
    staff = staff_client(app, make_user)
    url = f"/invitations/{submitted[0].invitation_id}/review"
    gaps = staff.get(url + "?filter=gaps").get_data(as_text=True)
    assert 'id="item-GOV-01"' in gaps and 'id="item-GOV-02"' not in gaps
    must = staff.get(url + "?filter=must").get_data(as_text=True)
    assert 'id="item-GOV-02"' not in must and 'id="item-NET-01"' in must


def test_a_decision_overrides_the_automatic_judgement_and_is_audited(app, submitted, make_user):
    staff = staff_client(app, make_user)
    url = f"/invitations/{submitted[0].invitation_id}/review"
    post(staff, f"{url}/GOV-01", {"decision": "accept", "comment": "運用で365日保管を確認した", "revision": "0"})
    html = staff.get(url).get_data(as_text=True)
    section = re.search(r'<section class="control" id="item-GOV-01".*?</section>', html, re.S).group(0)
    assert "職員判断により適合" in section and "未レビュー 2件" in html
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "review.decide"))


def test_a_reject_needs_a_comment(app, submitted, make_user):
    staff = staff_client(app, make_user)
    url = f"/invitations/{submitted[0].invitation_id}/review"
    html = post(staff, f"{url}/GOV-02", {"decision": "reject", "comment": "", "revision": "0"},
                follow_redirects=True).get_data(as_text=True)
    assert "「不適合」にするときは、理由をコメントに入力してください。" in html


def test_two_reviewers_at_once_the_second_is_told_and_keeps_their_text(app, submitted, make_user):
    alice, bob = staff_client(app, make_user), staff_client(app, make_user)
    url = f"/invitations/{submitted[0].invitation_id}/review"
    post(alice, f"{url}/GOV-02", {"decision": "accept", "comment": "規程を確認", "revision": "0"})
    html = post(bob, f"{url}/GOV-02", {"decision": "reject", "comment": "承認記録がない", "revision": "0"},
                follow_redirects=True).get_data(as_text=True)
    assert "先にこの項目を「承認」として保存しました" in html
    assert "あなたの入力: 「不適合」 承認記録がない" in html
    with app.app_context():
        from assess.models import Review
        review = db.session.scalar(select(Review))
        assert (review.decision, review.comment) == ("accept", "規程を確認")


def test_query_returns_the_item_to_the_vendor(app, submitted, make_user):
    staff = staff_client(app, make_user)
    post(staff, f"/invitations/{submitted[0].invitation_id}/review/GOV-01",
         {"decision": "query", "comment": "ログ管理規程の該当箇所を添付してください", "revision": "0"})
    html = app.test_client().get(f"/q/{submitted[0].token}").get_data(as_text=True)
    assert "差戻し:</strong> ログ管理規程の該当箇所を添付してください" in html


def test_site_visit_observations_and_photos_show_on_the_review(app, submitted, make_user):
    staff = staff_client(app, make_user)
    inv = submitted[0].invitation_id
    response = post(staff, f"/invitations/{inv}/site-visits",
                    {"visited_on": "2026-11-20", "place": "受託者 第二センター", "attendees": "市: 税務\n受託者: 山田"})
    visit_url = response.headers["Location"]
    staff.post(visit_url, data={"csrf_token": csrf_token(staff), "r-GOV-01": "unconfirmed",
                                "n-GOV-01": "ログ保管の設定画面は確認できず", "r-GOV-02": "confirmed",
                                "p-GOV-02": (io.BytesIO(samples.heic()), "規程棚.HEIC")},
               content_type="multipart/form-data")
    post(staff, f"/invitations/{inv}/review/GOV-01", {"decision": "accept", "comment": "", "revision": "0"})
    html = staff.get(f"/invitations/{inv}/review").get_data(as_text=True)
    gov1 = re.search(r'<section class="control" id="item-GOV-01".*?</section>', html, re.S).group(0)
    gov2 = re.search(r'<section class="control" id="item-GOV-02".*?</section>', html, re.S).group(0)
    assert "令和8年11月20日 未確認：ログ保管の設定画面は確認できず" in gov1
    assert "令和8年11月20日 確認済" in gov2 and "規程棚.HEIC" in gov2


def test_register_check_is_recorded_as_evidence(app, submitted, make_user):
    staff = staff_client(app, make_user)
    with app.app_context():
        evidence_id = db.session.scalar(select(Evidence.id))
    post(staff, f"/evidence/{evidence_id}/register-check",
         {"register": "ISMS-AC 認証組織検索", "result": "登録番号 IS 123456 有効（2028-03-31まで）",
          "checked_on": "2026-11-21"})
    html = staff.get(f"/invitations/{submitted[0].invitation_id}/review").get_data(as_text=True)
    assert "台帳確認: 令和8年11月21日 ISMS-AC 認証組織検索: 登録番号 IS 123456 有効" in html


def test_files_only_for_the_project_staff_and_the_uploading_link(app, submitted, make_user):
    with app.app_context():
        evidence_id = db.session.scalar(select(Evidence.id))
    other_vendor = app.test_client().get(f"/q/{submitted[1].token}/evidence/{evidence_id}/file")
    assert other_vendor.status_code == 404
    other_dept = staff_client(app, make_user, department="kouhou")
    assert other_dept.get(f"/evidence/{evidence_id}/file").status_code == 404
    assert app.test_client().get(f"/evidence/{evidence_id}/file").status_code == 302  # login
    staff = staff_client(app, make_user)
    with staff.get(f"/evidence/{evidence_id}/file") as response:
        assert response.status_code == 200
        assert response.headers["Content-Disposition"].startswith("attachment;")
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "evidence.upload" in actions and "evidence.download" in actions
