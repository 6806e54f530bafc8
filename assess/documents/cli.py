"""`assess docs spec|terms|tender|report PROJECT_ID -o FILE` (checklist and minutes: see schedule)."""

from pathlib import Path

import click
from flask.cli import AppGroup

from assess.documents import sources
from assess.documents.render import DocumentError
from assess.extensions import db
from assess.projects.models import Project


@click.group(cls=AppGroup, help="Word文書を作成します。")
def docs():
    pass


def write(output: Path, data: bytes) -> None:
    """Written whole or not at all (a temporary file renamed into place)."""
    tmp = output.with_name(output.name + ".tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(output)
    except OSError as e:
        tmp.unlink(missing_ok=True) if tmp.parent.exists() else None
        raise click.ClickException(f"{output} に書き込めません（{e.strerror}）。") from None


def _project_command(kind: str, help_text: str):
    @docs.command(kind, help=help_text)
    @click.argument("project_id", type=int)
    @click.option("-o", "output", required=True, type=click.Path(dir_okay=False, path_type=Path))
    def command(project_id, output):
        project = db.session.get(Project, project_id)
        if project is None:
            raise click.ClickException(f"案件 {project_id} はありません。")
        try:
            data = sources.project_document(db.session, project, kind, sources.reviewers_of(db.session, project))
        except DocumentError as e:
            raise click.ClickException(str(e)) from None
        write(output, data)
        click.echo(f"作成しました: {output}")

    return command


_project_command("spec", "仕様書（情報セキュリティ要件）")
_project_command("report", "評価結果報告書")
_project_command("terms", "個人情報取扱特記事項")
_project_command("tender", "公募要領 別紙（参加資格及び評価項目）")
