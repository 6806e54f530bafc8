"""`assess catalog lint|list|show|export|load` and catalog versions pinned in the database."""

import json
import shutil
from pathlib import Path

from sqlalchemy import func, select

from assess.catalog import versions
from assess.catalog.models import CatalogVersion
from assess.extensions import db

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "catalog"


def test_lint_passes_a_valid_catalog(runner):
    result = runner.invoke(["catalog", "lint", str(FIXTURE)])
    assert result.exit_code == 0
    assert "問題はありません（2分野・4統制）" in result.output


def test_lint_prints_every_problem_to_stderr_and_exits_1(runner, tmp_path, monkeypatch):
    shutil.copytree(FIXTURE, tmp_path / "c")
    path = tmp_path / "c" / "01-gov.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("priority: important", "priority: x", 1)
                    .replace("source: ppc-mynumber-gov", "source: nowhere"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(["catalog", "lint", "c"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "c/01-gov.yaml:31: GOV-01: 出典 'nowhere' は catalog.yaml の sources にありません",
        "c/01-gov.yaml:35: GOV-02: 'priority' の値 'x' は使えません（使える値: must, important, nice）",
        "2件の問題があります。",
    ]


def _with_catalog_dir(app, folder):
    old = app.config["CATALOG_DIR"]
    app.config["CATALOG_DIR"] = str(folder)
    return old


def test_list_and_show_as_json(app, runner):
    old = _with_catalog_dir(app, FIXTURE)
    try:
        listed = json.loads(runner.invoke(["catalog", "list", "--json"]).output)
        shown = json.loads(runner.invoke(["catalog", "show", "gov-01", "--json"]).output)
        text = runner.invoke(["catalog", "show", "GOV-01"]).output
        missing = runner.invoke(["catalog", "show", "GOV-99"])
    finally:
        app.config["CATALOG_DIR"] = old
    assert [c["id"] for c in listed] == ["GOV-01", "GOV-02", "GOV-03", "NET-01"]
    assert listed[0] == {"id": "GOV-01", "domain": "GOV", "priority": "must",
                         "title": "アクセスログの取得と保管"}
    assert shown["parameters"]["log_retention_days"]["default"] == 365
    assert "仕様書の条項（契約）: 受託者は、アクセスログを365日以上保管すること。" in text
    assert missing.exit_code == 1 and "統制 GOV-99 はカタログにありません" in missing.output


def test_export_writes_an_oscal_catalog_that_trestle_accepts(app, runner, tmp_path):
    from trestle.oscal.catalog import Catalog as OscalCatalog

    old = _with_catalog_dir(app, FIXTURE)
    try:
        result = runner.invoke(["catalog", "export", "--format", "oscal", "-o",
                                str(tmp_path / "c.json")])
    finally:
        app.config["CATALOG_DIR"] = old
    assert result.exit_code == 0, result.output
    document = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    parsed = OscalCatalog.model_validate(document["catalog"])
    control = parsed.groups[0].controls[0]
    assert control.id == "gov-01"
    assert control.params[0].values == ["365"]
    statement = next(p for p in control.parts if p.name == "statement")
    assert statement.prose == "受託者は、アクセスログを{{ insert: param, gov-01_prm_log_retention_days }}日以上保管すること。"


def _count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(CatalogVersion))


def test_load_stores_a_version_once_and_an_edit_makes_a_new_one(app, runner, tmp_path):
    folder = tmp_path / "c"
    shutil.copytree(FIXTURE, folder)
    first = runner.invoke(["catalog", "load", str(folder)])
    assert first.exit_code == 0 and "新しい版として保存しました" in first.output
    # A comment or layout change is not a new version.
    path = folder / "01-gov.yaml"
    path.write_text("# 注記\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    again = runner.invoke(["catalog", "load", str(folder)])
    assert "同じ内容の版が保存済みです" in again.output and _count(app) == 1
    with app.app_context():
        pinned = versions.latest(db.session)
        pinned_id, pinned_hash = pinned.id, pinned.content_hash
    path.write_text(path.read_text(encoding="utf-8").replace("default: 365", "default: 730"),
                    encoding="utf-8")
    edited = runner.invoke(["catalog", "load", str(folder)])
    assert "新しい版として保存しました" in edited.output and _count(app) == 2
    with app.app_context():
        old = versions.as_catalog(db.session.get(CatalogVersion, pinned_id))
        assert db.session.get(CatalogVersion, pinned_id).content_hash == pinned_hash
        assert old.control("GOV-01").parameters["log_retention_days"].default == 365
        new = versions.as_catalog(versions.latest(db.session))
        assert new.control("GOV-01").parameters["log_retention_days"].default == 730


def test_load_refuses_an_invalid_catalog_and_stores_nothing(app, runner, tmp_path):
    folder = tmp_path / "c"
    shutil.copytree(FIXTURE, folder)
    (folder / "02-net.yaml").write_text("domain: NET\ncontrols: [", encoding="utf-8")
    result = runner.invoke(["catalog", "load", str(folder)])
    assert result.exit_code == 1 and "YAMLの構文エラー" in result.stderr
    assert _count(app) == 0
