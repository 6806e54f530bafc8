"""`assess audit verify`: check the hash chain of the audit log."""

import click
from flask.cli import AppGroup

from assess.audit.services import head_of, verify_chain
from assess.extensions import db


@click.group(cls=AppGroup, help="監査ログ")
def audit():
    pass


def _anchor(_ctx, _param, values) -> dict[int, str]:
    anchors = {}
    for value in values:
        seq, _, digest = value.partition(":")
        if not seq.isascii() or not seq.isdigit() or len(digest) != 64 or not all(c in "0123456789abcdef" for c in digest):
            raise click.BadParameter(f"連番:ハッシュ の形で指定してください（assess backup の出力のとおり、入力: {value[:80]}）")
        anchors[int(seq)] = digest
    return anchors


@audit.command("verify", help="監査ログのハッシュ連鎖を検証します（改ざん・削除があれば終了コード1）。")
@click.option("--anchor", "anchors", multiple=True, callback=_anchor, metavar="SEQ:HASH",
              help="assess backup が表示した先頭（データベースの外に記録したもの）。その記録が今も連鎖にあるか照合します。")
def verify(anchors):
    broken = verify_chain(db.session, anchors=anchors)
    if broken is None:
        seq, digest = head_of(db.session)
        click.echo(f"監査ログは改ざんされていません（連番 {seq}、先頭ハッシュ {digest}）。")
        if anchors:
            click.echo(f"外部に記録した先頭 {len(anchors)}件とも一致しました。")
        return
    click.echo(f"監査ログの検証に失敗しました: 記録ID {broken.event_id}（連番 {broken.seq}）: "
               f"{broken.reason}", err=True)
    raise SystemExit(1)
