"""`assess vendor list`, `assess invite`, `assess invitation list`."""

import json

import click
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from assess.audit.services import Actor
from assess.extensions import db
from assess.projects.models import Project
from assess.questionnaires import notify, services
from assess.questionnaires.answers import progress
from assess.questionnaires.page import state_label
from assess.vendors.models import Vendor


@click.group(cls=AppGroup, help="委託事業者")
def vendor():
    pass


@vendor.command("list", help="事業者の一覧")
@click.option("--json", "as_json", is_flag=True)
def vendor_list(as_json):
    rows = [{"id": v.id, "name": v.name, "corporate_number": v.corporate_number,
             "contact_name": v.contact_name, "contact_email": v.contact_email}
            for v in db.session.scalars(select(Vendor).order_by(Vendor.id))]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        click.echo(f"{r['id']}\t{r['corporate_number']}\t{r['name']}\t{r['contact_email']}")


@click.command("invite", help="事業者を案件に招待し、回答用リンクを表示します（--send で案内メールも送信）。")
@click.argument("project_id", type=int)
@click.option("--vendor", "vendor_id", type=int, required=True)
@click.option("--send", is_flag=True)
@with_appcontext
def invite(project_id, vendor_id, send):
    project, found = db.session.get(Project, project_id), db.session.get(Vendor, vendor_id)
    if project is None or found is None:
        raise click.ClickException("案件または事業者が見つかりません。")
    try:
        issued = services.invite(db.session, Actor.cli(), project, found)
    except services.QuestionnaireError as e:
        db.session.rollback()
        raise click.ClickException(str(e)) from None
    db.session.commit()
    click.echo(notify.link(issued.token))
    if send:
        click.echo(f"案内メール: {notify.invitation_mail(issued.invitation, issued.token)}", err=True)


@click.group(cls=AppGroup, help="招待")
def invitation():
    pass


@invitation.command("list", help="案件の招待と回答状況")
@click.argument("project_id", type=int)
@click.option("--json", "as_json", is_flag=True)
def invitation_list(project_id, as_json):
    rows = []
    for inv in services.invitations_of(db.session, project_id):
        done = progress(services.version_for(db.session, inv).content, services.entries_of(inv))[0]
        rows.append({"id": inv.id, "vendor": inv.vendor.name, "state": inv.state,
                     "state_label": "取消済" if inv.revoked_at else state_label(inv),
                     "answered": done.answered, "total": done.total,
                     "last_activity_at": inv.last_activity_at.isoformat() if inv.last_activity_at else None})
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        click.echo(f"{r['id']}\t{r['state_label']}\t{r['answered']}/{r['total']}\t{r['vendor']}")
