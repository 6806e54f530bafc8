"""`assess catalog lint|list|show|export|load`."""

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from assess.audit.services import Actor
from assess.catalog import browse, loader, oscal, versions
from assess.catalog.schema import PRIORITY_LABELS
from assess.extensions import db


@click.group(cls=AppGroup, help="要件カタログ（controls/ のYAML）")
def catalog():
    pass


def _folder() -> Path:
    return Path(current_app.config["CATALOG_DIR"])


def _load_or_exit(paths) -> "loader.Catalog":
    found, problems = loader.lint(paths)
    if found is None:
        for p in problems:
            click.echo(str(p), err=True)
        click.echo(f"{len(problems)}件の問題があります。", err=True)
        sys.exit(1)
    return found


@catalog.command("lint", help="カタログを検証します。問題は「ファイル:行: 統制ID: 内容」で標準エラーへ。")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def lint(paths):
    found = _load_or_exit(paths or [_folder()])
    click.echo(f"問題はありません（{len(found.meta.domains)}分野・{len(found.controls)}統制）。")


@catalog.command("list", help="統制の一覧を表示します。")
@click.option("--json", "as_json", is_flag=True)
def list_(as_json):
    found = loader.load_cached(_folder()) if not as_json else _load_or_exit([_folder()])
    rows = [{"id": c.id, "domain": c.domain_id, "priority": c.priority, "title": c.title.ja}
            for c in found.controls]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        click.echo(f"{r['id']}\t{PRIORITY_LABELS[r['priority']]}\t{r['title']}")


@catalog.command("show", help="1つの統制を表示します（パラメータは既定値で描画）。")
@click.argument("control_id")
@click.option("--json", "as_json", is_flag=True)
def show(control_id, as_json):
    found = _load_or_exit([_folder()])
    control = found.control(control_id.upper())
    if control is None:
        raise click.ClickException(f"統制 {control_id} はカタログにありません。")
    if as_json:
        click.echo(json.dumps(control.model_dump(mode="json", exclude_none=True),
                              ensure_ascii=False, indent=2))
        return
    v = browse.view_of(control)
    for label, value in (("統制", f"{control.id} {control.title.ja}"), ("優先度", v.priority_label),
                         ("適用条件", v.applies), *v.lines):
        click.echo(f"{label}: {value}")
    for name, p in control.parameters.items():
        click.echo(f"パラメータ {name}: {p.title.ja} = {p.default}{p.unit or ''}")


@catalog.command("export", help="カタログを書き出します（OSCAL カタログ JSON）。")
@click.option("--format", "fmt", type=click.Choice(["oscal"]), default="oscal")
@click.option("-o", "output", required=True, type=click.Path(dir_okay=False, path_type=Path))
def export(fmt, output):
    found = _load_or_exit([_folder()])
    document = oscal.export(found)
    tmp = output.with_name(output.name + ".tmp")
    tmp.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(output)
    click.echo(f"書き出しました: {output}（{len(found.controls)}統制）")


@catalog.command("load", help="カタログを検証し、版としてデータベースに保存します。")
@click.argument("path", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
def load(path):
    click.echo(load_into_db(path or _folder()))


def load_into_db(folder: Path) -> str:
    found = _load_or_exit([folder])
    version, created = versions.store(db.session, found, Actor.cli())
    db.session.commit()
    state = "新しい版として保存しました" if created else "同じ内容の版が保存済みです"
    return (f"カタログ {found.meta.id} 版 {found.meta.version}: {state}"
            f"（{version.control_count}統制、ハッシュ {version.content_hash[:12]}）")
