"""`assess vendor list`, `assess invite`, `assess invitation list`."""

import json
from email import policy
from email.parser import BytesParser
from pathlib import Path

from assess.extensions import db
from tests import factories


def test_invite_prints_a_working_link_and_can_send_mail(app, runner):
    with app.app_context():
        project = factories.project()
        vendor = factories.vendor("株式会社テスト")
        db.session.commit()
        project_id, vendor_id = project.id, vendor.id
    result = runner.invoke(["invite", str(project_id), "--vendor", str(vendor_id), "--send"])
    assert result.exit_code == 0, result.output
    link = result.stdout.strip()
    assert link.startswith("http://127.0.0.1:5000/q/")
    assert app.test_client().get(link.removeprefix("http://127.0.0.1:5000")).status_code == 200
    mail = BytesParser(policy=policy.default).parsebytes(
        next(Path(app.config["OUTBOX_DIR"]).glob("*.eml")).read_bytes())
    assert mail["Subject"] == "【質問票のご案内】テスト業務委託"
    assert link in mail.get_content()

    again = runner.invoke(["invite", str(project_id), "--vendor", str(vendor_id)])
    assert again.exit_code == 1 and "既に招待済みです" in again.output

    listed = json.loads(runner.invoke(["invitation", "list", str(project_id), "--json"]).output)
    assert listed[0]["vendor"] == "株式会社テスト" and listed[0]["state_label"] == "未着手"
    assert (listed[0]["answered"], listed[0]["total"]) == (0, 3)
    vendors = json.loads(runner.invoke(["vendor", "list", "--json"]).output)
    assert vendors[0]["name"] == "株式会社テスト" and len(vendors[0]["corporate_number"]) == 13


def test_invite_without_a_deadline_says_so(app, runner):
    with app.app_context():
        project = factories.project(deadline=None)
        vendor = factories.vendor()
        db.session.commit()
        ids = [str(project.id), "--vendor", str(vendor.id)]
    result = runner.invoke(["invite", *ids])
    assert result.exit_code == 1 and "回答期限が設定されていません" in result.output
