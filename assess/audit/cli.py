"""`assess audit verify`: check the hash chain of the audit log."""

import click
from flask.cli import AppGroup

from assess.audit.services import verify_chain
from assess.extensions import db


@click.group(cls=AppGroup, help="監査ログ")
def audit():
    pass


@audit.command("verify", help="監査ログのハッシュ連鎖を検証します（改ざん・削除があれば終了コード1）。")
def verify():
    broken = verify_chain(db.session)
    if broken is None:
        click.echo("監査ログは改ざんされていません。")
        return
    click.echo(f"監査ログの検証に失敗しました: 記録ID {broken.event_id}（連番 {broken.seq}）: "
               f"{broken.reason}", err=True)
    raise SystemExit(1)
