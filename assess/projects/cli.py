"""`assess project list|show`."""

import json

import click
from flask.cli import AppGroup
from sqlalchemy import select

from assess.extensions import db
from assess.projects import services
from assess.projects.models import Project
from assess.projects.profile import STATUS_LABELS


@click.group(cls=AppGroup, help="委託案件")
def project():
    pass


def _row(p: Project) -> dict:
    return {"id": p.id, "name": p.name, "department": p.department.name, "status": p.status,
            "deadline": p.deadline.isoformat() if p.deadline else None,
            "contract_start": p.contract_start.isoformat() if p.contract_start else None,
            "contract_end": p.contract_end.isoformat() if p.contract_end else None,
            "catalog_version": p.catalog_version.label, "profile": p.profile}


@project.command("list", help="案件の一覧")
@click.option("--json", "as_json", is_flag=True)
def list_(as_json):
    rows = [_row(p) for p in db.session.scalars(select(Project).order_by(Project.id))]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        click.echo(f"{r['id']}\t{STATUS_LABELS[r['status']]}\t{r['department']}\t{r['name']}")


@project.command("show", help="案件と要件（優先度・パラメータは調整後の値）")
@click.argument("project_id", type=int)
@click.option("--json", "as_json", is_flag=True)
def show(project_id, as_json):
    p = db.session.get(Project, project_id)
    if p is None:
        raise click.ClickException(f"案件 {project_id} はありません。")
    reqs = [r for r in services.requirements_of(db.session, p) if r.included]
    data = {**_row(p), "requirements": [
        {"id": r.id, "title": r.control.title.ja, "priority": r.priority, "params": r.params,
         "why": r.why, "stages": list(r.control.stages),
         "questions": {s: r.question(s) for s in r.control.asked_in}, "threshold": r.threshold} for r in reqs]}
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return
    click.echo(f"{p.id} {p.name}（{STATUS_LABELS[p.status]}・{p.department.name}）要件 {len(reqs)}件")
    for r in reqs:
        values = "、".join(f"{k}={v}" for k, v in r.params.items())
        click.echo(f"  {r.id}\t{r.priority_label}\t{r.control.title.ja}" + (f"\t{values}" if values else ""))
