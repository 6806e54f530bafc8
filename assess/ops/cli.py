"""`assess backup DIR`, `assess restore DIR`, `assess check`."""

from pathlib import Path

import click
from alembic.migration import MigrationContext
from flask import current_app
from flask.cli import with_appcontext

from assess import MIGRATIONS_DIR
from assess.audit.services import head_of
from assess.extensions import db
from assess.ops import backup as backups
from assess.ops import check as checks


def _evidence() -> Path:
    return Path(current_app.config["EVIDENCE_DIR"])


@click.command("backup", help="データベースと証跡ファイルの一貫したバックアップを作ります（稼働中でも可）。")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def backup(folder):
    with db.engine.connect() as conn:
        revision = MigrationContext.configure(conn).get_current_revision()
    seq, digest = head_of(db.session)  # before the dump: the snapshot contains this event
    db.session.remove()
    try:
        content = backups.backup(db.engine, _evidence(), folder, revision, (seq, digest))
    except backups.BackupError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"バックアップしました: {folder}（ファイル {len(content['files'])}件、マニフェスト付き）")
    # The anchor: kept outside the database (a paper log, a mail to the auditor), it shows later
    # that the chain up to here was not rewritten, whoever had access to the database.
    click.echo(f"監査ログの先頭: 連番 {seq} ハッシュ {digest}")
    click.echo(f"この行をデータベースの外に記録してください（照合: assess audit verify --anchor {seq}:{digest}）。")


@click.command("restore", help="バックアップを検証してから復元します（一致しなければ何も変更しません）。")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@with_appcontext
def restore(folder):
    db.session.remove()
    try:
        _content, kept = backups.restore(db.engine, _evidence(), folder)
    except backups.BackupError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"復元しました: {folder}")
    if kept:
        click.echo(f"復元前の証跡フォルダは {kept} に残しています（確認後に削除してください）。")


@click.command("check", help="データベース・証跡ファイル・監査ログ・プロキシ設定を点検します（終了コード: 1 DB、2 構成、4 ファイル、8 監査ログ、16 設定の合計）。")
@with_appcontext
def check():
    report = checks.run(db.session, _evidence(), MIGRATIONS_DIR)
    for line in report.lines:
        click.echo(line, err=True)
    if report.orphans:
        click.echo(f"どの記録からも参照されていないファイルが {len(report.orphans)}件あります（削除していません）:")
        for name in report.orphans[:50]:
            click.echo(f"  {name}")
    if report.code == 0:
        click.echo("点検の結果、問題はありません。")
    raise SystemExit(report.code)
