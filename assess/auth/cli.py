"""`assess user create|password|import|deactivate|reactivate|reset-password|set-department|
revoke-sessions|list`: staff accounts from the shell."""

import sys
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from assess.audit.services import Actor
from assess.auth import accounts, import_rows, importer, services
from assess.auth.access import ROLE_LABELS
from assess.auth.models import User
from assess.extensions import db
from assess.util.clock import to_jst
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


def _account_change(email: str, change) -> None:
    """Runs change(user) for the account, committed; AccountError becomes the command's error."""
    try:
        change(accounts.by_email(db.session, email))
    except services.AccountError as e:
        db.session.rollback()
        raise click.ClickException(str(e)) from None
    db.session.commit()


@user.command("deactivate", help="アカウントを利用停止にし、すべてのセッションを終了します（記録は残ります）。")
@click.option("--email", required=True)
def deactivate(email):
    def change(found):
        ended = accounts.deactivate(db.session, Actor.cli(), found)
        click.echo(f"利用停止にしました: {found.email}（終了したセッション {ended}件）")
    _account_change(email, change)


@user.command("reactivate", help="利用停止にしたアカウントを利用できるように戻します。")
@click.option("--email", required=True)
def reactivate(email):
    def change(found):
        accounts.reactivate(db.session, Actor.cli(), found)
        click.echo(f"利用できるようにしました: {found.email}")
    _account_change(email, change)


@user.command("reset-password", help="ローカルアカウントに新しいパスワードを発行します（一度だけ表示、セッションは終了）。")
@click.option("--email", required=True)
def reset_password(email):
    def change(found):
        new = accounts.reset_password(db.session, Actor.cli(), found)
        click.echo(f"新しいパスワードを発行しました: {found.email}")
        click.echo(new)
        click.echo("このパスワードは再表示できません。本人に安全な方法で伝えてください。")
    _account_change(email, change)


@user.command("set-department", help="ローカルアカウントの所属課を変えます（--department なしで所属課を外します）。")
@click.option("--email", required=True)
@click.option("--department", default=None, help="所属課のコードまたは名称")
def set_department(email, department):
    dept = None
    if department:
        dept = services.find_department(db.session, department)
        if dept is None:
            raise click.ClickException(f"所属課が見つかりません: {department}")

    def change(found):
        accounts.set_department(db.session, Actor.cli(), found, dept)
        click.echo(f"所属課を変更しました: {found.email} → {dept.name if dept else 'なし'}")
    _account_change(email, change)


@user.command("revoke-sessions", help="アカウントのすべてのセッションを終了します（次の操作でログイン画面に戻ります）。")
@click.option("--email", required=True)
def revoke_sessions(email):
    def change(found):
        ended = accounts.revoke_sessions(db.session, Actor.cli(), found)
        click.echo(f"セッションを終了しました: {found.email}（{ended}件）")
    _account_change(email, change)


@user.command("list", help="職員アカウントの一覧（役割・所属課・状態・最終ログイン）。")
def list_users():
    for row in accounts.listing(db.session):
        u = row.user
        click.echo("\t".join([u.email, u.name, ROLE_LABELS[u.role], u.department.name if u.department else "-",
                              "利用中" if u.active else "利用停止", "ディレクトリ" if u.auth_source == "directory" else "ローカル",
                              f"セッション {row.sessions}件",
                              to_jst(row.last_login).strftime("%Y-%m-%d %H:%M") if row.last_login else "ログインなし"]))
