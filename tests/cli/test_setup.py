"""`assess init` and `assess demo` are idempotent: running them twice changes nothing."""

from sqlalchemy import func, select

from assess.extensions import db
from assess.models import AuditEvent, CatalogVersion, Project, Tailoring, User


def _counts(app):
    with app.app_context():
        return {m.__name__: db.session.scalar(select(func.count()).select_from(m))
                for m in (AuditEvent, CatalogVersion, Project, Tailoring, User)}


def test_demo_twice_changes_nothing(app, runner):
    first = runner.invoke(["demo"])
    assert first.exit_code == 0, first.output
    assert "admin@city.midori.example.jp  パスワード midori-demo-2026" in first.output
    counts = _counts(app)
    assert counts["Project"] == 2 and counts["User"] == 4 and counts["Tailoring"] >= 2
    second = runner.invoke(["demo"])
    assert second.exit_code == 0 and "同じ内容の版が保存済みです" in second.output
    assert _counts(app) == counts
    assert runner.invoke(["audit", "verify"]).exit_code == 0


def test_project_show_lists_tailored_values(app, runner):
    runner.invoke(["demo"])
    import json

    shown = json.loads(runner.invoke(["project", "show", "1", "--json"]).output)
    assert shown["name"] == "住民税課税資料のデータ入力業務委託"
    logs = [r for r in shown["requirements"] if "log_retention_years" in r["params"]]
    assert logs and logs[0]["params"]["log_retention_years"] == 2
    assert logs[0]["threshold"] == "2年以上"
