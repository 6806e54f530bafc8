"""`assess user create|password|import`: staff accounts from the shell."""

import sys
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from assess.audit.services import Actor
from assess.auth import import_rows, importer, services
from assess.auth.access import ROLE_LABELS
from assess.auth.models import User
from assess.extensions import db
from assess.util.tabular import TableError, summary


@click.group(cls=AppGroup, help="職員アカウントの管理")
def user():
    pass


@user.command("create", help="職員アカウントを作成します。")
@click.option("--email", required=True, help="ログインに使うメールアドレス")
@click.option("--name", default=None, help="氏名（省略時はメールアドレス）")
@click.option("--role", required=True, type=click.Choice(["admin", "staff", "auditor"]))
@click.option("--department", default=None, help="所属課のコードまたは名称")
@click.option("--password-stdin", is_flag=True, help="パスワードを標準入力の1行目から読む")
def create(email, name, role, department, password_stdin):
    dept = None
    if department:
        dept = services.find_department(db.session, department)
        if dept is None:
            raise click.ClickException(f"所属課が見つかりません: {department}")
    try:
        created = services.create_user(db.session, email=email, name=name or email, role=role,
                                       password=_read_password(password_stdin), department=dept,
                                       actor=Actor.cli())
    except services.AccountError as e:
        db.session.rollback()
        raise click.ClickException(str(e)) from None
    db.session.commit()
    click.echo(f"作成しました: {created.email}（{created.role}）")


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("パスワード", hide_input=True, confirmation_prompt="確認のためもう一度")


@user.command("password", help="ローカルアカウントのパスワードを設定します（取り込んだアカウントの初回設定にも）。")
@click.option("--email", required=True)
@click.option("--password-stdin", is_flag=True, help="パスワードを標準入力の1行目から読む")
def password(email, password_stdin):
    found = db.session.scalar(select(User).where(User.email == services.normalise_email(email)))
    if found is None:
        raise click.ClickException(f"職員アカウントが見つかりません: {email}")
    try:
        services.set_password(db.session, found, _read_password(password_stdin), Actor.cli())
    except services.AccountError as e:
        db.session.rollback()
        raise click.ClickException(str(e)) from None
    db.session.commit()
    click.echo(f"パスワードを設定しました: {found.email}")


@user.command("import", help="職員一覧（CSV・Excel）を取り込みます。全行を確認してから保存します。")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="確認と変更内容の表示だけを行い、保存しない")
def import_staff(path: Path, dry_run: bool):
    try:
        rows, problems = import_rows.check(path.read_bytes(), path.name)
    except TableError as e:
        raise click.ClickException(str(e)) from None
    if problems:
        for p in problems:
            click.echo(str(p), err=True)
        raise click.ClickException(summary(problems))
    done = importer.apply(db.session, Actor.cli(), rows, path.name)
    for row in done.created:
        click.echo(f"追加\t{row.row}行目\t{row.email}\t{row.name}（{ROLE_LABELS[row.role]}）")
    for row, before, after in done.changed:
        lines = "、".join(f"{k}: {before[k]} → {after[k]}" for k in after)
        click.echo(f"変更\t{row.row}行目\t{row.email}\t{lines}")
    for row in done.directory:
        click.echo(f"対象外\t{row.row}行目\t{row.email}\tディレクトリのアカウント（役割と所属課はグループで決まります）")
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    click.echo(f"追加 {len(done.created)}件、変更 {len(done.changed)}件、変更なし {done.unchanged}件、"
               f"対象外 {len(done.directory)}件" + ("（--dry-run のため保存していません）" if dry_run else ""))
    if done.created and not dry_run:
        click.echo("追加したアカウントは、`assess user password --email …` でパスワードを設定するまで"
                   "ログインできません（ディレクトリを使う場合は不要です）。")
