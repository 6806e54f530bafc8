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


def test_demo_speaks_first_and_its_links_follow_the_port(app, runner, monkeypatch):
    """The first lines of `make run` are ours, not Alembic's INFO log; a `make run PORT=8123`
    prints links a vendor can open on that port (PORT comes through the environment)."""
    from assess.config import from_environment

    assert from_environment({"PORT": "8123"}) == {"PORT": 8123}
    monkeypatch.setitem(app.config, "PORT", 8123)
    result = runner.invoke(["demo"])
    assert result.exit_code == 0, result.output
    assert "INFO" not in result.stderr and "alembic" not in result.stderr
    assert result.output.startswith("データベースを最新の構成にしました。")
    links = [line for line in result.output.splitlines() if "/q/" in line]
    assert links and all("http://127.0.0.1:8123/q/" in line for line in links)


def test_make_run_serves_on_the_port_asked_for():
    import shutil
    import subprocess
    from pathlib import Path

    import pytest

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    root = Path(__file__).resolve().parents[2]
    planned = subprocess.run(["make", "-n", "run", "PORT=8123"], cwd=root, capture_output=True, text=True,
                             check=True).stdout
    assert "--port 8123" in planned and "--port 5000" not in planned
    assert "PORT=8123" in planned  # the demo's links are made for the same port
