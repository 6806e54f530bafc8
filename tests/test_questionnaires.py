"""Vendor questionnaires through the web: the secret link, drafts, submit, returns, expiry,
change notices, Q&A and 非開示希望. The fixture catalog has three items: GOV-01 (number ≥ 365日),
GOV-02 (はい/いいえ) and NET-01 (choice: LGWAN接続系 expected)."""

import re
from datetime import datetime
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from assess.audit.models import AuditEvent
from assess.extensions import db
from assess.models import Answer, Invitation, Submission
from assess.util import clock
from tests import factories
from tests.helpers import post


@pytest.fixture
def invited(app):
    with app.app_context():
        proj = factories.project()
        first, second = factories.invite(proj), factories.invite(proj)
        db.session.commit()
    return first, second


def answer_form(**values):
    data = {"a-GOV-01": "400", "a-GOV-02": "yes", "a-NET-01": "lgwan", "action": "save",
            "evidence_ack": "GOV-01"}  # a submit goes ahead without GOV-01's required document
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}


def test_the_link_opens_the_vendors_questionnaire(client, invited):
    html = client.get(f"/q/{invited[0].token}").get_data(as_text=True)
    assert "テスト業務委託 情報セキュリティ質問票" in html
    assert "令和9年1月29日" in html
    assert "アクセスログを何日間保管できますか。" in html
    assert "求める水準: 365日以上" in html
    assert '<progress id="progress-all" max="3" value="0">' in html


def test_only_the_hash_of_the_token_is_stored(app, invited):
    with app.app_context():
        stored = db.session.execute(text("SELECT token_hash FROM invitation")).scalars().all()
    assert invited[0].token not in stored and len(stored[0]) == 64
    assert len(invited[0].token) >= 32  # 192 bits, URL-safe


def test_a_draft_is_saved_as_typed_and_shown_again(app, client, invited):
    link = f"/q/{invited[0].token}"
    response = post(client, link, answer_form(**{"a-GOV-01": "１，０００", "a-NET-01": None,
                                                 "c-GOV-02": "<b>規程</b> & 手順"}))
    assert response.status_code == 302
    html = client.get(link).get_data(as_text=True)
    assert 'value="１，０００"' in html
    assert "&lt;b&gt;規程&lt;/b&gt; &amp; 手順" in html and "<b>規程</b>" not in html
    assert '<progress id="progress-all" max="3" value="2">' in html
    with app.app_context():
        actors = db.session.scalars(select(AuditEvent.actor).where(AuditEvent.action == "answer.save")).all()
        assert actors == [f"vendor:{invited[0].invitation_id}"]


def test_a_draft_with_a_malformed_number_keeps_it_and_says_so(client, invited):
    link = f"/q/{invited[0].token}"
    post(client, link, answer_form(**{"a-GOV-01": "一年"}))
    html = client.get(link).get_data(as_text=True)
    assert "提出前に直す必要がある回答が1件あります" in html
    assert "0以上の数値を半角または全角の数字で入力してください（入力: 一年）。" in html and 'value="一年"' in html


def test_submit_lists_what_is_missing_and_submits_nothing(app, client, invited):
    link = f"/q/{invited[0].token}"
    response = post(client, link, answer_form(**{"a-NET-01": None, "action": "submit"}))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert '<a href="#item-NET-01">NET-01 ネットワーク分離モデル</a>: 未回答です。' in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Submission)) == 0
        assert db.session.get(Invitation, invited[0].invitation_id).state == "open"


def test_after_submit_the_questionnaire_is_read_only(app, client, invited):
    link = f"/q/{invited[0].token}"
    assert post(client, link, answer_form(action="submit")).status_code == 302
    html = client.get(link).get_data(as_text=True)
    assert "提出済みのため、回答は変更できません" in html
    assert 'name="a-GOV-01"' not in html and "<dd>400日</dd>" in html
    late = post(client, link, answer_form(**{"a-GOV-01": "10"}))
    assert late.status_code == 410
    with app.app_context():
        assert db.session.scalar(select(Answer.value).where(Answer.control_id == "GOV-01")) == "400"


def _staff(client, make_user, login):
    login(make_user("staff", department="shiminzei"))


def test_a_return_opens_only_the_returned_items_until_resubmitted(app, client, invited, make_user, login):
    link = f"/q/{invited[0].token}"
    post(client, link, answer_form(action="submit"))
    _staff(client, make_user, login)
    post(client, f"/invitations/{invited[0].invitation_id}/return",
         {"item": "GOV-01", "comment-GOV-01": "ログ管理規程の該当ページを示してください。"})
    vendor = app.test_client()
    html = vendor.get(link).get_data(as_text=True)
    assert "差戻し:</strong> ログ管理規程の該当ページを示してください。" in html
    assert 'name="a-GOV-01"' in html and 'name="a-GOV-02"' not in html
    refused = post(vendor, link, {"a-GOV-02": "no", "action": "save"})
    assert refused.status_code == 400 and "変更できない項目" in refused.get_data(as_text=True)
    assert post(vendor, link, {"a-GOV-01": "730", "action": "submit", "evidence_ack": "GOV-01"}).status_code == 302
    with app.app_context():
        numbers = db.session.scalars(select(Submission.number).where(
            Submission.invitation_id == invited[0].invitation_id)).all()
        assert numbers == [1, 2]
        assert db.session.scalar(select(Answer.value).where(Answer.control_id == "GOV-02")) == "yes"


@pytest.mark.parametrize(("setup", "status", "message"), [
    ("unknown", 404, "このリンクは無効です"),
    ("revoked", 403, "取り消されました"),
    ("expired", 410, "有効期限が切れています"),
])
def test_links_that_do_not_open_say_why_and_save_nothing(app, client, invited, setup, status, message):
    token = invited[0].token
    with app.app_context():
        inv = db.session.get(Invitation, invited[0].invitation_id)
        if setup == "revoked":
            inv.revoked_at = datetime(2026, 11, 1)
        if setup == "expired":
            inv.expires_at = datetime(2026, 1, 1)
        db.session.commit()
    if setup == "unknown":
        token = token[:-4] + "AAAA"
    assert client.get(f"/q/{token}").status_code == status
    response = post(client, f"/q/{token}", answer_form())
    assert response.status_code == status and message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Answer)) == 0


def test_after_the_deadline_the_page_is_read_only_with_the_reason(client, invited):
    clock.set_fixed(datetime(2027, 1, 29, 15, 0))  # 00:00 on 30 January in Japan
    html = client.get(f"/q/{invited[0].token}").get_data(as_text=True)
    assert "回答期限（令和9年1月29日）を過ぎたため、回答は変更できません。" in html
    assert post(client, f"/q/{invited[0].token}", answer_form()).status_code == 410


def test_one_vendors_link_never_shows_another_vendors_answers(app, client, invited):
    first, second = invited
    post(client, f"/q/{first.token}", answer_form(**{"c-GOV-01": "A社だけの秘密の説明"}))
    other = app.test_client()
    assert "A社だけの秘密の説明" not in other.get(f"/q/{second.token}").get_data(as_text=True)
    # Field names carry control ids only: posting through B's link writes B's answers, never A's.
    post(other, f"/q/{second.token}", answer_form(**{"c-GOV-01": "B社の説明"}))
    with app.app_context():
        rows = db.session.execute(select(Answer.invitation_id, Answer.comment)
                                  .where(Answer.control_id == "GOV-01")).all()
    assert sorted(rows) == sorted([(first.invitation_id, "A社だけの秘密の説明"),
                                   (second.invitation_id, "B社の説明")])
    assert other.get(f"/invitations/{first.invitation_id}").status_code == 302  # staff login


def test_nondisclosure_needs_a_reason_and_shows_to_staff(app, client, invited, make_user, login):
    link = f"/q/{invited[0].token}"
    post(client, link, answer_form(**{"nd-GOV-01": "y"}))
    assert "非開示を希望する理由を入力してください。" in client.get(link).get_data(as_text=True)
    post(client, link, answer_form(**{"nd-GOV-01": "y", "ndr-GOV-01": "社内のセキュリティ設計のため"}))
    staff = app.test_client()
    login_page = staff
    from tests.helpers import PASSWORD
    email = make_user("staff", department="shiminzei")
    post(login_page, "/login", {"email": email, "password": PASSWORD})
    html = staff.get(f"/invitations/{invited[0].invitation_id}").get_data(as_text=True)
    assert '<span class="badge">非開示希望</span>' in html and "社内のセキュリティ設計のため" in html


def test_questions_are_published_to_all_without_the_askers_name(app, client, invited, make_user, login):
    first, second = invited
    post(client, f"/q/{first.token}/questions", {"body": "弊社さくらの鈴木です。ログの保管は外部委託先でもよいですか。"})
    other = app.test_client()
    assert "ログの保管は外部委託先" not in other.get(f"/q/{second.token}").get_data(as_text=True)
    _staff(client, make_user, login)
    qid = re.search(r'id="q-(\d+)"', client.get(f"/projects/{first.project_id}/questions")
                    .get_data(as_text=True)).group(1)
    post(client, f"/questions/{qid}/answer", {"answer": "本市の承認を得た場合に限り可とします。", "publish": "y",
                                              "published_body": "ログの保管は外部委託先でもよいですか。"})
    html = other.get(f"/q/{second.token}").get_data(as_text=True)
    assert "ログの保管は外部委託先でもよいですか。" in html and "本市の承認を得た場合に限り可とします。" in html
    assert "鈴木" not in html  # staff published the question with the asker's name taken out
    with app.app_context():
        first_vendor = db.session.get(Invitation, first.invitation_id).vendor.name
    section = html[html.index('id="qa"'):]
    assert first_vendor not in section


def test_a_change_after_freezing_needs_a_notice_that_every_vendor_sees(app, client, invited, make_user, login):
    first, second = invited
    post(app.test_client(), f"/q/{first.token}", answer_form(action="submit"))
    _staff(client, make_user, login)
    tailored = post(client, f"/projects/{first.project_id}/requirements/GOV-01/tailor",
                    {"priority": "must", "param-log_retention_days": "730"}, follow_redirects=True)
    assert "この変更はまだ公開されていません" in tailored.get_data(as_text=True)  # said where it is made
    page = client.get(f"/projects/{first.project_id}/invitations").get_data(as_text=True)
    assert "要件の変更が質問票に未反映です" in page and "変更: GOV-01" in page
    vendor_before = app.test_client().get(f"/q/{second.token}").get_data(as_text=True)
    assert "求める水準: 365日以上" in vendor_before  # frozen until the notice
    assert "365日以上保管" in _spec_text(client, first.project_id)  # the documents too
    post(client, f"/projects/{first.project_id}/questionnaire/change",
         {"note": "ログ保管期間の要件を730日以上に変更しました。"})
    assert "730日以上保管" in _spec_text(client, first.project_id)
    for token in (first.token, second.token):
        html = app.test_client().get(f"/q/{token}").get_data(as_text=True)
        assert "ログ保管期間の要件を730日以上に変更しました。" in html and "求める水準: 730日以上" in html
    first_page = app.test_client().get(f"/q/{first.token}").get_data(as_text=True)
    assert "差戻し:</strong> 質問票の変更通知により回答が必要です。" in first_page
    outbox = sorted(Path(app.config["OUTBOX_DIR"]).glob("*.eml"))
    subjects = [BytesParser(policy=policy.default).parsebytes(p.read_bytes())["Subject"] for p in outbox]
    assert subjects.count("【質問票の変更通知】テスト業務委託") == 2


def _spec_text(client, project_id) -> str:
    import io

    import docx

    document = docx.Document(io.BytesIO(client.get(f"/projects/{project_id}/documents/spec").data))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_a_change_only_to_the_contract_documents_is_published_too(app, client, invited, make_user, login):
    first, _second = invited
    post(app.test_client(), f"/q/{first.token}", answer_form(action="submit"))
    _staff(client, make_user, login)
    post(client, f"/projects/{first.project_id}/requirements/GOV-03/exclude", {"reason": "紙の業務のため"})
    page = client.get(f"/projects/{first.project_id}/invitations").get_data(as_text=True)
    assert "仕様書・特記事項・公募要領の別紙も変わります" in page and "変更: なし" in page
    assert "アクセス権限一覧" in _spec_text(client, first.project_id)  # not yet
    response = post(client, f"/projects/{first.project_id}/questionnaire/change",
                    {"note": "アクセス権限一覧の提出を仕様書から除きました。"})
    assert response.status_code == 302
    assert "アクセス権限一覧" not in _spec_text(client, first.project_id)
    first_page = app.test_client().get(f"/q/{first.token}").get_data(as_text=True)
    assert "アクセス権限一覧の提出を仕様書から除きました。" in first_page and "差戻し:" not in first_page
