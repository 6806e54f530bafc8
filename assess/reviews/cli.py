"""`assess score PROJECT_ID [--vendor V] [--json]`: the scorer's verdict from the shell."""

import json

import click
from flask.cli import with_appcontext

from assess.extensions import db
from assess.projects.models import Project
from assess.reviews.comparison import candidates
from assess.scoring.model import STATUS_LABELS


def _as_dict(c) -> dict:
    r = c.result
    return {
        "invitation": c.invitation.id, "vendor_id": c.invitation.vendor_id,
        "vendor": c.invitation.vendor.name, "state": c.state, "rank": c.rank, "rank_label": c.rank_label,
        "verdict": c.verdict, "verdict_label": c.verdict_label,
        "overall": r.overall, "points": r.points, "disqualified": r.disqualified,
        "domains": [{"domain": d.domain_id, "score": d.score, "points": d.points} for d in r.domains],
        "must_gaps": [g.control_id for g in r.must_gaps],
        "must_pending": [g.control_id for g in r.must_pending],
        "requirements": [{"id": x.control_id, "priority": x.priority, "status": x.status,
                          "status_label": STATUS_LABELS[x.status], "reason": x.reason,
                          "overridden": x.overridden, "automatic_status": x.automatic_status}
                         for x in r.results],
    }


@click.command("score", help="案件の候補を採点します（分野別の点数、失格、要件ごとの判定と理由）。")
@click.argument("project_id", type=int)
@click.option("--vendor", "vendor_id", type=int, help="この事業者（ID）だけを表示")
@click.option("--json", "as_json", is_flag=True)
@with_appcontext
def score(project_id, vendor_id, as_json):
    project = db.session.get(Project, project_id)
    if project is None:
        raise click.ClickException(f"案件 {project_id} はありません。")
    _domains, ranked = candidates(db.session, project)
    rows = [_as_dict(c) for c in ranked if vendor_id is None or c.invitation.vendor_id == vendor_id]
    if vendor_id is not None and not rows:
        raise click.ClickException(f"事業者 {vendor_id} はこの案件に招待されていません。")
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        click.echo(f"{r['rank_label']}\t{r['overall']:5.1f}点\t{r['verdict_label']}\t{r['vendor']}")
