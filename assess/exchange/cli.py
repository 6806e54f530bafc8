"""`assess export-package INVITATION_ID -o FILE`, `assess import-package INVITATION_ID FILE`."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from assess.audit.services import Actor
from assess.documents.cli import write
from assess.exchange import services
from assess.extensions import db
from assess.questionnaires.models import Invitation


def _invitation(invitation_id: int) -> Invitation:
    found = db.session.get(Invitation, invitation_id)
    if found is None:
        raise click.ClickException(f"招待 {invitation_id} はありません。")
    return found


@click.command("export-package", help="オフライン回答用のExcelブックを書き出します。")
@click.argument("invitation_id", type=int)
@click.option("-o", "output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def export_package(invitation_id, output):
    write(output, services.export_workbook(db.session, _invitation(invitation_id), current_app.config["SECRET_KEY"]))
    click.echo(f"書き出しました: {output}")


@click.command("import-package", help="返送されたブック（またはブックと証跡フォルダのZIP）を取り込みます。")
@click.argument("invitation_id", type=int)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--evidence", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="別に届いた証跡のZIP")
@with_appcontext
def import_package(invitation_id, file, evidence):
    config = current_app.config
    result = services.import_package(db.session, Actor.cli(), _invitation(invitation_id), file.read_bytes(),
                                     evidence.read_bytes() if evidence else None, config["SECRET_KEY"],
                                     Path(config["EVIDENCE_DIR"]), config["EVIDENCE_MAX_BYTES"])
    if result.problems:
        db.session.rollback()
        for p in result.problems:
            click.echo(str(p), err=True)
        click.echo(f"{len(result.problems)}件の問題があるため、何も取り込んでいません。", err=True)
        raise SystemExit(1)
    db.session.commit()
    click.echo(f"取り込みました: 回答 {result.changed}件、証跡 {result.files}件" + ("（提出済み）" if result.submitted else ""))
