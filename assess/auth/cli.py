"""`assess user create`: staff accounts from the shell."""

import sys

import click
from flask.cli import AppGroup

from assess.audit.services import Actor
from assess.auth import services
from assess.extensions import db


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
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("パスワード", hide_input=True, confirmation_prompt="確認のためもう一度")
    try:
        created = services.create_user(db.session, email=email, name=name or email, role=role,
                                       password=password, department=dept, actor=Actor.cli())
    except services.AccountError as e:
        db.session.rollback()
        raise click.ClickException(str(e)) from None
    db.session.commit()
    click.echo(f"作成しました: {created.email}（{created.role}）")
