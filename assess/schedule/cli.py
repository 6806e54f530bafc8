"""`assess reminders send [--dry-run]`, `assess schedule due [--json]`, and the Word documents of a
contract: `assess docs checklist CONTRACT_ID`, `assess docs minutes MEETING_ID`."""

import json
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from assess.auth.models import User
from assess.documents import sources
from assess.documents.cli import docs, write
from assess.documents.render import DocumentError
from assess.extensions import db
from assess.schedule import page, reminders
from assess.schedule.dashboard import board, order
from assess.schedule.models import Contract, Meeting


@click.group(cls=AppGroup, help="リマインダー")
def reminder_group():
    pass


@reminder_group.command("send", help="期限前・期限超過のお知らせを送ります（cronで毎時実行しても同じ通知は1日1回まで）。")
@click.option("--dry-run", is_flag=True, help="送らずに、送る予定の通知を表示する")
def send(dry_run):
    today = page.today()
    if dry_run:
        planned = reminders.plan(db.session, today)
        for p in planned:
            click.echo(f"{p.key}\t{p.mail.to}\t{p.mail.subject}")
        click.echo(f"送信予定 {len(planned)}件（送信していません）")
        return
    sent = reminders.send_all(db.session, today)
    for p in sent:
        click.echo(f"{p.key}\t{p.mail.to}\t{p.mail.subject}")
    click.echo(f"送信 {len(sent)}件")


@click.group(cls=AppGroup, help="期限と予定")
def schedule():
    pass


@schedule.command("due", help="期限が近いもの・過ぎたもの（再レビュー、証明書、アクションアイテム）")
@click.option("--json", "as_json", is_flag=True)
def due(as_json):
    admin = User(role="admin", name="cli")  # every department, as an administrator sees it
    today = page.today()
    # One timeline across departments (the home page groups by department; a list read in a
    # terminal or by a script reads by date, then project).
    boards = board(db.session, admin, today)
    found = sorted(((b.department, e) for b in boards for e in b.entries), key=lambda pair: order(pair[1]))
    rows = [{"department": department, "kind": e.kind, "label": e.label, "due": e.due.isoformat(),
             "state": e.state, "detail": e.detail, "project": e.project_id} for department, e in found]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        click.echo(f"{r['due']}\t{page.STATE_LABELS[r['state']]}\t{r['department']}\t{r['label']}")


@docs.command("checklist", help="定例レビュー会議チェックリスト（契約ID）")
@click.argument("contract_id", type=int)
@click.option("-o", "output", required=True, type=click.Path(dir_okay=False, path_type=Path))
def checklist(contract_id, output):
    contract = db.session.get(Contract, contract_id)
    if contract is None:
        raise click.ClickException(f"契約 {contract_id} はありません。")
    latest = db.session.scalar(select(Meeting).where(Meeting.contract_id == contract.id)
                               .order_by(Meeting.held_on.desc()).limit(1))
    _write("checklist", page.checklist_context(db.session, contract, latest), output)


@docs.command("minutes", help="議事録（会議ID）")
@click.argument("meeting_id", type=int)
@click.option("-o", "output", required=True, type=click.Path(dir_okay=False, path_type=Path))
def minutes(meeting_id, output):
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        raise click.ClickException(f"会議 {meeting_id} はありません。")
    _write("minutes", page.minutes_context(db.session, meeting), output)


def _write(kind: str, context: dict, output: Path) -> None:
    try:
        write(output, sources.render_kind(kind, context))
    except DocumentError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"作成しました: {output}")
